package beam

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

// nonNegMatrix returns an m×n matrix of small counts, about a third of
// them zero, drawn from seed, with a low-rank structure so that NMF has
// something to find.
func nonNegMatrix(m, n, rank int, seed uint32) *mat.Dense {
	rs := nprand.New(seed)
	w := mat.NewDense(m, rank, nil)
	h := mat.NewDense(rank, n, nil)
	for i := range m {
		for c := range rank {
			w.Set(i, c, math.Max(rs.StandardNormal(), 0))
		}
	}
	for c := range rank {
		for j := range n {
			h.Set(c, j, math.Max(rs.StandardNormal(), 0)*3)
		}
	}
	var a mat.Dense
	a.Mul(w, h)
	a.Apply(func(_, _ int, v float64) float64 { return math.Floor(v) }, &a)
	return &a
}

// writeW0 splits the rows of w at the given sizes and writes each part as
// a W0 shard for Init custom ("" for an empty shard).
func writeW0(t *testing.T, dir string, w *mat.Dense, sizes []int) []string {
	t.Helper()
	_, k := w.Dims()
	paths := make([]string, len(sizes))
	lo := 0
	for i, r := range sizes {
		if r == 0 {
			continue
		}
		paths[i] = filepath.Join(dir, fmt.Sprintf("w0-%02d.npz", i))
		f, err := npz.Create(paths[i], false)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Dense("w", w.Slice(lo, lo+r, 0, k)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		lo += r
	}
	return paths
}

// relDiff returns the largest |got − want| over the entries, relative to
// want's largest magnitude.
func relDiff(got, want mat.Matrix) float64 {
	r, c := want.Dims()
	worst, scale := 0.0, 0.0
	for i := range r {
		for j := range c {
			worst = max(worst, math.Abs(got.At(i, j)-want.At(i, j)))
			scale = max(scale, math.Abs(want.At(i, j)))
		}
	}
	return worst / scale
}

// nmfCase is one comparison of the sharded NMF with lib/nmf.
type nmfCase struct {
	name  string
	init  string // NMFOptions.Init; "custom" starts both from lib/nmf's nndsvda
	tol   float64
	iters bool // the iteration counts must be equal
	// maxIter, if not 0, is MaxIter for both.
	maxIter int
}

// checkNMF runs NMF on x split at sizes and compares H, W, the error and
// the iteration count with lib/nmf's on the whole x, relative to the
// largest entry (factors) or to the value (error).
func checkNMFAgainstLib(t *testing.T, x *sparse.CSR, k int, sizes []int, tc nmfCase, perRun int) {
	t.Helper()
	dir := t.TempDir()
	m, n := x.Dims()
	const seed = 1
	p := nmf.New(k)
	p.RandomState = seed
	o := NMFOptions{K: k, Init: tc.init, Seed: seed, ItersPerRun: perRun, MaxIter: tc.maxIter, OutDir: filepath.Join(dir, "out")}
	if tc.maxIter != 0 {
		p.MaxIter = tc.maxIter
	}
	var want *nmf.Model
	var err error
	start := time.Now()
	switch tc.init {
	case NMFInitCustom:
		w0, h0, err := nmf.Initialize(x, k, nmf.InitNNDSVDA, seed)
		if err != nil {
			t.Fatal(err)
		}
		o.W0Paths, o.H0 = writeW0(t, dir, w0, sizes), h0
		want, err = p.FitTransformCustom(x, w0, h0)
		if err != nil {
			t.Fatal(err)
		}
	default:
		p.Init = tc.init
		if want, err = p.FitTransform(x); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("lib/nmf in memory: %v, %d iterations, error %.17g", time.Since(start), want.NIter, want.ReconstructionErr)

	var xd mat.Dense
	xd.CloneFrom(x)
	shards := writeRowShards(t, dir, &xd, sizes)
	start = time.Now()
	got, err := NMF(context.Background(), shards, n, o, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Prism: %v in %d pipelines, %d iterations, error %.17g", time.Since(start), got.Runs, got.NIter, got.ReconstructionErr)
	if tc.iters && got.NIter != want.NIter {
		t.Errorf("%d iterations, lib/nmf %d", got.NIter, want.NIter)
	}
	if got.Converged != (want.Warning == nil) {
		t.Errorf("Converged = %v, lib/nmf's warning %v", got.Converged, want.Warning)
	}
	w, err := got.W()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := w.Dims(); r != m || c != k {
		t.Fatalf("W is %d×%d, want %d×%d", r, c, m, k)
	}
	dErr := math.Abs(got.ReconstructionErr-want.ReconstructionErr) / want.ReconstructionErr
	dH, dW := relDiff(got.H, want.Components), relDiff(w, want.W)
	t.Logf("relative differences from lib/nmf: error %.2g, H %.2g, W %.2g", dErr, dH, dW)
	if dErr > tc.tol || dH > tc.tol || dW > tc.tol {
		t.Errorf("relative differences from lib/nmf: error %.2g, H %.2g, W %.2g; want at most %g", dErr, dH, dW, tc.tol)
	}
	// The error is that of the factors returned.
	if e := nmf.ReconstructionError(x, w, got.H); math.Abs(e-got.ReconstructionErr) > 1e-12*e {
		t.Errorf("ReconstructionErr %.17g, but ‖X − W·H‖ of the factors returned is %.17g", got.ReconstructionErr, e)
	}
}

func TestNMF(t *testing.T) {
	const m, n, k = 60, 25, 4
	x := sparse.FromDense(nonNegMatrix(m, n, k, 3))
	for _, tc := range []nmfCase{
		{"random", NMFInitRandom, 1e-12, true, 0},
		{"custom (lib/nmf's nndsvda)", NMFInitCustom, 1e-12, true, 0},
		// From this package's randomized SVD rather than lib/svd's: the
		// same algorithm here (m > n: no transpose) but for the normaliser.
		{"nndsvda", NMFInitNNDSVDA, 1e-9, true, 0},
		{"nndsvd", NMFInitNNDSVD, 1e-9, true, 0},
		// Stopped by MaxIter, in the middle of the second pipeline:
		// Converged false, as lib/nmf's ConvergenceWarning.
		{"random, MaxIter 13", NMFInitRandom, 1e-12, true, 13},
	} {
		for _, sizes := range [][]int{{60}, {20, 20, 20}, {2, 0, 5, 13, 10, 10, 10, 10}} {
			t.Run(fmt.Sprintf("%s/%d shards", tc.name, len(sizes)), func(t *testing.T) {
				checkNMFAgainstLib(t, x, k, sizes, tc, 0)
			})
		}
	}
}

// TestNMFNewsgroups runs Vectorize and then NMF on 300 posts of 20
// Newsgroups and compares with lib/nmf on the in-memory count matrix.
func TestNMFNewsgroups(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Prism on 300 posts")
	}
	docs := newsgroupsDocs(t, 300)
	for _, tc := range []nmfCase{
		{"random", NMFInitRandom, 1e-9, true, 0},
		{"custom (lib/nmf's nndsvda)", NMFInitCustom, 1e-9, true, 0},
		{"nndsvda", NMFInitNNDSVDA, 1e-9, true, 0},
	} {
		for _, ns := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("%s/%d shards", tc.name, ns), func(t *testing.T) {
				dir := t.TempDir()
				vres, err := Vectorize(context.Background(), writeShards(t, dir, docs, ns), VectorizeOptions{
					Count:  text.CountVectorizer{StopWords: text.EnglishStopWords()},
					OutDir: filepath.Join(dir, "rows"),
				}, RunOptions{})
				if err != nil {
					t.Fatal(err)
				}
				x, err := ReadRows(vres.Paths())
				if err != nil {
					t.Fatal(err)
				}
				sizes := make([]int, ns)
				for i, sh := range vres.Shards {
					sizes[i] = sh.Rows
				}
				checkNMFAgainstLib(t, x, 5, sizes, tc, 25)
			})
		}
	}
}

// TestAddNMF runs a whole fit in one pipeline (AddNMF, every iteration
// unrolled) and compares it with NMF's pipelines of 4 iterations: the same
// arithmetic, so the same bits.
func TestAddNMF(t *testing.T) {
	dir := t.TempDir()
	x := nonNegMatrix(40, 15, 3, 5)
	shards := writeRowShards(t, dir, x, []int{15, 0, 25})
	o := NMFOptions{K: 3, Init: NMFInitRandom, Seed: 2, MaxIter: 30, OutDir: filepath.Join(dir, "one")}
	p, s := beam.NewPipelineWithRoot()
	if err := AddNMF(s, shards, 15, o); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), p, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := readNMFState(nmfStatePath(o.OutDir))
	if err != nil {
		t.Fatal(err)
	}
	o.OutDir, o.ItersPerRun = filepath.Join(dir, "runs"), 4
	want, err := NMF(context.Background(), shards, 15, o, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Done || st.Iter != want.NIter || st.Err != want.ReconstructionErr {
		t.Errorf("one pipeline: done %v after %d iterations, error %.17g; %d pipelines: %d iterations, error %.17g",
			st.Done, st.Iter, st.Err, want.Runs, want.NIter, want.ReconstructionErr)
	}
	if d := relDiff(mat.DenseCopyOf(st.HT.dense().T()), want.H); d != 0 {
		t.Errorf("H differs by %.2g (relative)", d)
	}
}

func TestNMFErrors(t *testing.T) {
	dir := t.TempDir()
	shards := writeRowShards(t, dir, nonNegMatrix(30, 20, 3, 1), []int{10, 20})
	for _, tc := range []struct {
		name   string
		shards []RowShard
		o      NMFOptions
		want   string
	}{
		{"no shards", nil, NMFOptions{K: 2, OutDir: dir}, "no shards"},
		{"K 0", shards, NMFOptions{OutDir: dir}, "K = 0"},
		{"no OutDir", shards, NMFOptions{K: 2}, "no OutDir"},
		{"out of order", []RowShard{shards[1], shards[0]}, NMFOptions{K: 2, OutDir: dir}, "index order"},
		{"nndsvdar", shards, NMFOptions{K: 2, Init: "nndsvdar", OutDir: dir}, "nndsvdar is not supported"},
		{"unknown init", shards, NMFOptions{K: 2, Init: "svd", OutDir: dir}, "unknown init"},
		{"nndsvda, K too large", shards, NMFOptions{K: 25, Init: NMFInitNNDSVDA, OutDir: dir}, "K ≤ min(m, n)"},
		{"custom without H0", shards, NMFOptions{K: 2, Init: NMFInitCustom, OutDir: dir}, "needs one W0 path per shard"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NMF(context.Background(), tc.shards, 20, tc.o, RunOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one that says %q", err, tc.want)
			}
		})
	}
	// A negative entry fails the job with the shard's name.
	neg := mat.NewDense(3, 20, nil)
	neg.Set(1, 2, -1)
	bad := writeRowShards(t, t.TempDir(), neg, []int{3})
	if _, err := NMF(context.Background(), bad, 20, NMFOptions{K: 2, Init: NMFInitRandom, OutDir: filepath.Join(dir, "neg")}, RunOptions{}); err == nil || !strings.Contains(strings.SplitN(err.Error(), "\n", 2)[0], "X ≥ 0") {
		t.Errorf("error %v, want one that says X ≥ 0", err)
	}
}
