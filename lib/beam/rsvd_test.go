package beam

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
	"github.com/fastai-go/topicmodel/lib/text"
)

// spectrumMatrix returns the m×n matrix U·diag(s)·Vᵀ with random
// orthonormal U and V (seeded) and s_i = 10·decay^i: a full-rank matrix
// with a well-separated spectrum.
func spectrumMatrix(m, n int, decay float64, seed uint32) (*mat.Dense, []float64) {
	rnd := nprand.New(seed)
	gauss := func(r, c int) *mat.Dense {
		d := make([]float64, r*c)
		rnd.StandardNormalFill(d)
		return mat.NewDense(r, c, d)
	}
	var u, v mat.Dense
	svd.ThinQ(&u, gauss(m, n))
	svd.ThinQ(&v, gauss(n, n))
	s := make([]float64, n)
	for i := range s {
		s[i] = 10 * math.Pow(decay, float64(i))
	}
	u.Apply(func(_, j int, x float64) float64 { return x * s[j] }, &u)
	var a mat.Dense
	a.Mul(&u, v.T())
	return &a, s
}

// writeRowShards splits the rows of a at the given sizes (which must add up
// to its rows) and writes each part as a row shard in dir.
func writeRowShards(t *testing.T, dir string, a *mat.Dense, sizes []int) []RowShard {
	t.Helper()
	_, n := a.Dims()
	shards := make([]RowShard, len(sizes))
	lo := 0
	for i, r := range sizes {
		path := ShardPath(dir, i, len(sizes))
		var part *sparse.CSR
		if r == 0 {
			var err error
			part, err = sparse.NewCSR(0, n, []int{0}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
		} else {
			part = sparse.FromDense(a.Slice(lo, lo+r, 0, n))
		}
		if err := writeCSR(path, part); err != nil {
			t.Fatal(err)
		}
		shards[i] = RowShard{Index: i, Rows: r, NNZ: part.NNZ(), Path: path}
		lo += r
	}
	return shards
}

func TestRandomizedSVD(t *testing.T) {
	const m, n, k = 300, 80, 5
	a, exact := spectrumMatrix(m, n, 0.6, 7)
	csr := sparse.FromDense(a)

	var ref svd.Randomized
	start := time.Now()
	if err := ref.Factorize(csr, k, &svd.RandomizedOptions{Seed: 0}); err != nil {
		t.Fatal(err)
	}
	t.Logf("lib/svd in memory: %v", time.Since(start))
	want := ref.Values(nil)
	var wantVT, wantU mat.Dense
	ref.VTTo(&wantVT)
	ref.UTo(&wantU)

	const tol = 1e-9 // relative, on the singular values
	for _, sizes := range [][]int{
		{300},
		{100, 100, 100},
		{2, 0, 5, 13, 30, 50, 100, 100}, // shards shorter than l = 15, and an empty one
	} {
		t.Run(fmt.Sprintf("%d shards", len(sizes)), func(t *testing.T) {
			dir := t.TempDir()
			shards := writeRowShards(t, dir, a, sizes)
			start := time.Now()
			got, err := RandomizedSVD(context.Background(), shards, n, RandomizedSVDOptions{K: k, OutDir: filepath.Join(dir, "out")}, RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("Prism pipeline: %v", time.Since(start))
			worst := 0.0
			for i := range k {
				worst = max(worst, math.Abs(got.Values[i]-want[i])/want[i])
			}
			t.Logf("largest relative difference from lib/svd: %.2g", worst)
			for i := range k {
				if d := math.Abs(got.Values[i]-want[i]) / want[i]; d > tol {
					t.Errorf("s[%d] = %.17g, lib/svd %.17g (relative difference %.2g > %g)", i, got.Values[i], want[i], d, tol)
				}
				if d := math.Abs(got.Values[i]-exact[i]) / exact[i]; d > tol {
					t.Errorf("s[%d] = %.17g, exact %.17g (relative difference %.2g > %g)", i, got.Values[i], exact[i], d, tol)
				}
			}
			// Singular vectors with svd_flip's signs, as lib/svd gives them.
			const vtol = 1e-8
			for i := range k {
				g, w := got.VT.RawRowView(i), wantVT.RawRowView(i)
				for j := range n {
					if d := math.Abs(g[j] - w[j]); d > vtol {
						t.Fatalf("Vᵀ[%d,%d] = %g, lib/svd %g (difference %.2g > %g)", i, j, g[j], w[j], d, vtol)
					}
				}
			}
			u, err := got.U()
			if err != nil {
				t.Fatal(err)
			}
			if r, c := u.Dims(); r != m || c != k {
				t.Fatalf("U is %d×%d, want %d×%d", r, c, m, k)
			}
			for i := range m {
				for j := range k {
					if d := math.Abs(u.At(i, j) - wantU.At(i, j)); d > vtol {
						t.Fatalf("U[%d,%d] = %g, lib/svd %g (difference %.2g > %g)", i, j, u.At(i, j), wantU.At(i, j), d, vtol)
					}
				}
			}
		})
	}
}

func TestRandomizedSVDErrors(t *testing.T) {
	dir := t.TempDir()
	a, _ := spectrumMatrix(30, 20, 0.5, 1)
	shards := writeRowShards(t, dir, a, []int{10, 20})
	for _, tc := range []struct {
		name   string
		shards []RowShard
		o      RandomizedSVDOptions
	}{
		{"no shards", nil, RandomizedSVDOptions{K: 2, OutDir: dir}},
		{"K 0", shards, RandomizedSVDOptions{OutDir: dir}},
		{"K + oversamples > min(m, n)", shards, RandomizedSVDOptions{K: 11, OutDir: dir}},
		{"no OutDir", shards, RandomizedSVDOptions{K: 2}},
		{"shards out of order", []RowShard{shards[1], shards[0]}, RandomizedSVDOptions{K: 2, OutDir: dir}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := RandomizedSVD(context.Background(), tc.shards, 20, tc.o, RunOptions{}); err == nil {
				t.Errorf("no error")
			}
		})
	}
}

// TestRandomizedSVDNewsgroups runs Vectorize and then RandomizedSVD on 300
// posts of 20 Newsgroups in 3 shards and compares the singular values with
// lib/svd's on the in-memory count matrix: by default (m < n: on Aᵀ, as
// scikit-learn) with lib/svd's default (LU normaliser) and with QR, and on
// A (TransposeNever) with lib/svd's TransposeNever and QR.
func TestRandomizedSVDNewsgroups(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Prism on 300 posts")
	}
	docs := newsgroupsDocs(t, 300)
	dir := t.TempDir()
	shards := writeShards(t, dir, docs, 3)
	vres, err := Vectorize(context.Background(), shards, VectorizeOptions{
		Count:  text.CountVectorizer{StopWords: text.EnglishStopWords()},
		OutDir: filepath.Join(dir, "rows"),
	}, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadRows(vres.Paths())
	if err != nil {
		t.Fatal(err)
	}
	m, n := a.Dims()
	const k = 5
	for _, tc := range []struct {
		name  string
		trans svd.TransposeMode
		opts  svd.RandomizedOptions
		tol   float64
	}{
		{"on Aᵀ; lib/svd's default (LU)", svd.TransposeAuto, svd.RandomizedOptions{}, 1e-12},
		{"on Aᵀ; lib/svd with QR", svd.TransposeAuto, svd.RandomizedOptions{Normalizer: svd.NormQR}, 1e-12},
		{"on A; lib/svd on A with QR", svd.TransposeNever, svd.RandomizedOptions{Transpose: svd.TransposeNever, Normalizer: svd.NormQR}, 1e-9},
	} {
		start := time.Now()
		got, err := RandomizedSVD(context.Background(), vres.Shards, n, RandomizedSVDOptions{K: k, Transpose: tc.trans, OutDir: filepath.Join(dir, fmt.Sprint("svd", tc.trans))}, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		elapsed := time.Since(start)
		var ref svd.Randomized
		start = time.Now()
		if err := ref.Factorize(a, k, &tc.opts); err != nil {
			t.Fatal(err)
		}
		want := ref.Values(nil)
		worst := 0.0
		for i := range k {
			worst = max(worst, math.Abs(got.Values[i]-want[i])/want[i])
		}
		var wantVT mat.Dense
		ref.VTTo(&wantVT)
		dv := relDiffDense(got.VT, &wantVT)
		t.Logf("%s: %d×%d, %d non-zeros: Prism %v, lib/svd %v; largest relative difference: values %.2g, Vᵀ %.2g", tc.name, m, n, a.NNZ(), elapsed, time.Since(start), worst, dv)
		if worst > tc.tol || dv > 1e3*tc.tol {
			t.Errorf("%s: singular values %v, lib/svd %v (relative difference %.2g > %g; Vᵀ %.2g)", tc.name, got.Values, want, worst, tc.tol, dv)
		}
	}
}

// TestRandomizedSVDWide factorises a wide matrix (m < n), which by default
// is factorised as Aᵀ, as scikit-learn and lib/svd do, and compares with
// lib/svd's default (LU normaliser) and with QR.
func TestRandomizedSVDWide(t *testing.T) {
	const m, n, k = 60, 200, 5
	at, exact := spectrumMatrix(n, m, 0.6, 11)
	a := mat.DenseCopyOf(at.T())
	csr := sparse.FromDense(a)
	for _, sizes := range [][]int{{60}, {20, 20, 20}, {2, 0, 5, 13, 10, 10, 10, 10}} {
		dir := t.TempDir()
		shards := writeRowShards(t, dir, a, sizes)
		got, err := RandomizedSVD(context.Background(), shards, n, RandomizedSVDOptions{K: k, Seed: 3, OutDir: filepath.Join(dir, "out")}, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		u, err := got.U()
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range []struct {
			name string
			norm svd.Normalizer
			tol  float64
		}{{"LU (default)", svd.NormAuto, 1e-10}, {"QR", svd.NormQR, 1e-10}} {
			var r svd.Randomized
			if err := r.Factorize(csr, k, &svd.RandomizedOptions{Seed: 3, Normalizer: ref.norm}); err != nil {
				t.Fatal(err)
			}
			var wantVT, wantU mat.Dense
			r.VTTo(&wantVT)
			r.UTo(&wantU)
			want := r.Values(nil)
			worst := 0.0
			for i := range k {
				worst = max(worst, math.Abs(got.Values[i]-want[i])/want[i], math.Abs(got.Values[i]-exact[i])/exact[i])
			}
			dv, du := relDiffDense(got.VT, &wantVT), relDiffDense(u, &wantU)
			t.Logf("%d shards, lib/svd with %s: values %.2g, Vᵀ %.2g, U %.2g", len(sizes), ref.name, worst, dv, du)
			if worst > ref.tol || dv > ref.tol || du > ref.tol {
				t.Errorf("%d shards, lib/svd with %s: relative differences values %.2g, Vᵀ %.2g, U %.2g > %g", len(sizes), ref.name, worst, dv, du, ref.tol)
			}
		}
	}
}

// relDiffDense is the largest entry of |got − want|.
func relDiffDense(got, want *mat.Dense) float64 {
	var d mat.Dense
	d.Sub(got, want)
	return mat.Norm(&d, math.Inf(1)) / max(mat.Norm(want, math.Inf(1)), 1e-300)
}
