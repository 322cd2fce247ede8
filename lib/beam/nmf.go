package beam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"gonum.org/v1/gonum/mat"
)

// NMF initialisations, the values of NMFOptions.Init (those of lib/nmf).
const (
	NMFInitDefault = ""        // nndsvda when K ≤ min(m, n), else random, as lib/nmf
	NMFInitRandom  = "random"  // |N(0,1)|·sqrt(mean(X)/K), H drawn before W
	NMFInitNNDSVD  = "nndsvd"  // NNDSVD; zeros stay zero
	NMFInitNNDSVDA = "nndsvda" // NNDSVD with zeros replaced by mean(X)
	NMFInitCustom  = "custom"  // W0Paths and H0
)

// NMFOptions configure NMF: lib/nmf's NMF with solver cd, the Frobenius
// loss, no regularisation and no shuffle. The zero value of each field but
// K and OutDir means lib/nmf's default (nmf.New).
type NMFOptions struct {
	// K is the number of components.
	K int
	// Init is one of the NMFInit constants; "nndsvdar", whose random fill
	// depends on the zeros of every earlier shard, is not supported.
	Init string
	// Tol is the stopping tolerance: the fit stops when the violation
	// (the sum of |projected gradient| over W and H) falls to Tol times its
	// value after the first iteration. 0 means 1e-4; a negative Tol never
	// stops early.
	Tol float64
	// MaxIter bounds the iterations: 0 means 200.
	MaxIter int
	// Seed seeds numpy's RandomState (lib/nprand) for the random init and
	// for the randomized SVD of the NNDSVD inits (lib/nmf's RandomState).
	Seed uint32
	// ItersPerRun is the number of iterations unrolled into one pipeline:
	// 0 means 10. NMF runs pipelines until the stopping rule holds.
	ItersPerRun int
	// W0Paths and H0 are the starting point of Init "custom": one .npz per
	// shard in shard order, holding the shard's rows of W0 under key "w"
	// ("" for a shard without rows), and the K×n H0.
	W0Paths []string
	H0      *mat.Dense
	// OutDir is where the pipelines write W's shards
	// (w-iiiii-of-nnnnn.npz, key "w"), the state between pipelines
	// (nmf-state.json) and, for the NNDSVD inits, the randomized SVD
	// (svd/). It must be visible to every worker.
	OutDir string
}

// NMFResult is what NMF computes.
type NMFResult struct {
	// H is the K×n matrix of components (components_).
	H *mat.Dense
	// WPaths are the files of W's row shards (key "w"), in shard order;
	// shards without rows have none.
	WPaths []string
	// NIter is the number of iterations run (n_iter_).
	NIter int
	// ReconstructionErr is ‖X − W·H‖_F, from ‖X‖² + ⟨(WᵀW)·H, H⟩ −
	// 2⟨X·Hᵀ, W⟩ as lib/nmf computes it for sparse X.
	ReconstructionErr float64
	// Converged is false when the fit stopped at MaxIter with Tol > 0:
	// lib/nmf's ConvergenceWarning.
	Converged bool
	// Init is the initialisation used, the default resolved.
	Init string
	// Runs is the number of pipelines run.
	Runs int
}

// W reads W's row shards and stacks them: the m×K matrix, in memory.
// Cost: O(m·K).
func (r *NMFResult) W() (*mat.Dense, error) {
	var parts []*mat.Dense
	rows, k := 0, 0
	for _, p := range r.WPaths {
		d, err := readDenseMember(p, "w")
		if err != nil {
			return nil, err
		}
		parts = append(parts, d)
		pr, pc := d.Dims()
		rows, k = rows+pr, pc
	}
	if rows == 0 {
		return nil, errors.New("beam: NMFResult.W: no rows")
	}
	w := mat.NewDense(rows, k, nil)
	at := 0
	for _, d := range parts {
		pr, _ := d.Dims()
		w.Slice(at, at+pr, 0, k).(*mat.Dense).Copy(d)
		at += pr
	}
	return w, nil
}

// nmfConfig is NMFOptions checked, with the defaults filled in.
type nmfConfig struct {
	k, maxIter, perRun int
	tol                float64
	init               string
	seed               uint32
	m, n               int
	rowOffsets         []int
	outDir             string
	h0                 Block // Init custom: Hᵀ (n×K)
	w0                 []string
}

func checkNMF(shards []RowShard, n int, o NMFOptions) (*nmfConfig, error) {
	if len(shards) == 0 {
		return nil, errors.New("beam: NMF: no shards")
	}
	c := &nmfConfig{k: o.K, maxIter: o.MaxIter, perRun: o.ItersPerRun, tol: o.Tol, init: o.Init, seed: o.Seed, n: n, outDir: o.OutDir}
	c.rowOffsets = make([]int, len(shards)+1)
	for i, sh := range shards {
		if sh.Index != i {
			return nil, fmt.Errorf("beam: NMF: shard %d has Index %d; shards must be given in index order from 0", i, sh.Index)
		}
		c.rowOffsets[i+1] = c.rowOffsets[i] + sh.Rows
	}
	c.m = c.rowOffsets[len(shards)]
	switch {
	case o.OutDir == "":
		return nil, errors.New("beam: NMF: no OutDir")
	case c.m == 0 || n <= 0:
		return nil, fmt.Errorf("beam: NMF: the input is empty (%d×%d); it needs at least one row and one column", c.m, n)
	case o.K < 1:
		return nil, fmt.Errorf("beam: NMF: K = %d: the number of components must be at least 1", o.K)
	case o.MaxIter < 0:
		return nil, fmt.Errorf("beam: NMF: MaxIter = %d: want 0 (200) or more", o.MaxIter)
	case o.ItersPerRun < 0:
		return nil, fmt.Errorf("beam: NMF: ItersPerRun = %d: want 0 (10) or more", o.ItersPerRun)
	case math.IsNaN(o.Tol):
		return nil, errors.New("beam: NMF: Tol is NaN")
	}
	if c.maxIter == 0 {
		c.maxIter = 200
	}
	if c.perRun == 0 {
		c.perRun = 10
	}
	switch {
	case c.tol == 0:
		c.tol = 1e-4
	case c.tol < 0:
		c.tol = 0
	}
	if c.init == NMFInitDefault {
		c.init = NMFInitNNDSVDA
		if o.K > min(c.m, n) {
			c.init = NMFInitRandom
		}
	}
	switch c.init {
	case NMFInitRandom:
	case NMFInitNNDSVD, NMFInitNNDSVDA:
		if o.K > min(c.m, n) {
			return nil, fmt.Errorf("beam: NMF: init %q needs K ≤ min(m, n) = %d, got K = %d; use init \"random\" or a smaller K", c.init, min(c.m, n), o.K)
		}
		if _, _, err := rsvdSizes(c.m, n, c.svdOptions()); err != nil {
			return nil, fmt.Errorf("beam: NMF: init %q: %w; use init \"random\"", c.init, err)
		}
	case NMFInitCustom:
		if len(o.W0Paths) != len(shards) || o.H0 == nil {
			return nil, fmt.Errorf("beam: NMF: init custom needs one W0 path per shard (%d, got %d) and H0", len(shards), len(o.W0Paths))
		}
		if r, cc := o.H0.Dims(); r != o.K || cc != n {
			return nil, fmt.Errorf("beam: NMF: H0 is %d×%d, want %d×%d", r, cc, o.K, n)
		}
		c.h0 = blockOf(mat.DenseCopyOf(o.H0.T()))
		for _, v := range c.h0.Data {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("beam: NMF: H0 has the entry %v; it must be finite and non-negative", v)
			}
		}
		c.w0 = o.W0Paths
	case "nndsvdar":
		return nil, errors.New("beam: NMF: init nndsvdar is not supported (its random fill depends on the zeros of every earlier shard); use nndsvda or nndsvd")
	default:
		return nil, fmt.Errorf("beam: NMF: unknown init %q; use random, nndsvd, nndsvda, custom or \"\" for the default", c.init)
	}
	return c, nil
}

// AddNMF adds to s a whole NMF fit of the m×n non-negative matrix whose
// row shards are shards, in one pipeline: the initialisation (with, for
// the NNDSVD inits, the randomized SVD of AddRandomizedSVD) and MaxIter
// iterations unrolled into the graph; those after the stopping rule holds
// do nothing. The result is written to o.OutDir (nmf-state.json holds H,
// the iteration count and the error; w-iiiii-of-nnnnn.npz W's shards).
// NMF runs the same steps in pipelines of ItersPerRun iterations, which
// for a fit that stops early builds far fewer stages.
//
// One iteration is
//
//	per shard:  B_s = X_s·Hᵀ; W_s updated by one cd sweep with G = H·Hᵀ
//	            (broadcast); W_s written; emitted: W_sᵀW_s, X_sᵀW_s and
//	            the sweep's violation
//	one worker: WᵀW = Σ_s W_sᵀW_s and XᵀW = Σ_s X_sᵀW_s in shard order;
//	            Hᵀ updated by one cd sweep; the stopping rule
//
// so each iteration reads every shard once and costs 4·nnz·K + 2·m·K² flops
// on the workers, 2·n·K² + S·n·K on one worker for S shards, and S·n·K
// numbers sent to it.
func AddNMF(s beam.Scope, shards []RowShard, n int, o NMFOptions) error {
	c, err := checkNMF(shards, n, o)
	if err != nil {
		return err
	}
	return addNMFRun(s.Scope("NMF"), shards, c, true, c.maxIter)
}

// addNMFRun adds one pipeline's part of the fit: the initialisation when
// first (else the state of the last run, read from OutDir), iters
// iterations, and the step that writes the state and, once the stopping
// rule holds, W's final shards and the error.
func addNMFRun(s beam.Scope, shards []RowShard, c *nmfConfig, first bool, iters int) error {
	in := beam.CreateList(s, shards)
	imp := beam.Impulse(s)
	nsh := len(shards)
	var state beam.PCollection
	if first {
		svdDir := ""
		var after beam.PCollection // the svd_flip signs, or a placeholder
		if c.nndsvd() {
			svdDir = filepath.Join(c.outDir, "svd")
			signs, err := AddRandomizedSVD(s, shards, c.n, c.svdOptions())
			if err != nil {
				return err
			}
			after = signs
		} else {
			after = beam.Create(s, Block{Rows: 1, Cols: c.k, Data: make([]float64, c.k)})
		}
		stats := beam.ParDo(s, &nmfStatsFn{K: c.k, N: c.n, Init: c.init, SVDDir: svdDir, NShards: nsh}, in, beam.SideInput{Input: after})
		state0 := beam.ParDo(s, &nmfInitHFn{K: c.k, N: c.n, M: c.m, Init: c.init, Seed: c.seed, SVDDir: svdDir, H0: c.h0}, imp, beam.SideInput{Input: stats})
		marks := beam.ParDo(s, &nmfInitWFn{K: c.k, N: c.n, Init: c.init, Seed: c.seed, SVDDir: svdDir, RowOffsets: c.rowOffsets, W0: c.w0, OutDir: c.outDir, NShards: nsh},
			in, beam.SideInput{Input: state0})
		state = beam.ParDo(s, &nmfBarrierFn{}, imp, beam.SideInput{Input: state0}, beam.SideInput{Input: marks})
	} else {
		state = beam.ParDo(s, &nmfReadStateFn{Path: nmfStatePath(c.outDir)}, imp)
	}
	for it := range iters {
		is := s.Scope(fmt.Sprintf("iter%d", it))
		parts := beam.ParDo(is, &nmfWStepFn{K: c.k, OutDir: c.outDir, NShards: nsh}, in, beam.SideInput{Input: state})
		state = beam.ParDo(is, &nmfHStepFn{K: c.k, N: c.n, Tol: c.tol, MaxIter: c.maxIter}, imp, beam.SideInput{Input: state}, beam.SideInput{Input: parts})
	}
	cross := beam.ParDo(s, &nmfFinalWFn{K: c.k, OutDir: c.outDir, NShards: nsh}, in, beam.SideInput{Input: state})
	beam.ParDo0(s, &nmfWriteStateFn{Path: nmfStatePath(c.outDir)}, imp, beam.SideInput{Input: state}, beam.SideInput{Input: cross})
	return nil
}

func (c *nmfConfig) nndsvd() bool { return c.init == NMFInitNNDSVD || c.init == NMFInitNNDSVDA }

// svdOptions are those of the randomized SVD of the NNDSVD inits:
// lib/nmf's (K triplets, 10 oversamples, scikit-learn's 'auto' power
// iterations, seeded by Seed).
func (c *nmfConfig) svdOptions() RandomizedSVDOptions {
	return RandomizedSVDOptions{K: c.k, Seed: c.seed, OutDir: filepath.Join(c.outDir, "svd")}
}

// NMF factorises the m×n non-negative matrix whose row shards are shards
// (in index order) as W·H, as lib/nmf's NMF with solver cd does (nmf.New
// with Components K, RandomState Seed and the given Init, Tol and
// MaxIter), in pipelines of ItersPerRun iterations run with r until the
// stopping rule holds; between them the driver reads only the state file's
// flag. W stays row-sharded in o.OutDir; H and the error come back.
//
// The starting point is lib/nmf's, to rounding (the NNDSVD inits use
// this package's RandomizedSVD, which normalises by QR where lib/svd's
// default uses LU: the same subspace), and the iterations are lib/nmf's,
// with sums over rows added in another order: H, W and the error agree
// with lib/nmf's to rounding, and the iteration count is equal unless the
// stopping test falls within rounding of Tol.
//
// Each pipeline costs a job's start (tens of milliseconds on Prism in
// process) plus the iterations' (see AddNMF).
func NMF(ctx context.Context, shards []RowShard, n int, o NMFOptions, r RunOptions) (*NMFResult, error) {
	c, err := checkNMF(shards, n, o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.outDir, 0o755); err != nil {
		return nil, fmt.Errorf("beam: NMF: %w", err)
	}
	if c.nndsvd() {
		if err := os.MkdirAll(c.svdOptions().OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("beam: NMF: %w", err)
		}
	}
	statePath := nmfStatePath(c.outDir)
	os.Remove(statePath)
	res := &NMFResult{Init: c.init}
	var st nmfStateFile
	for done := 0; ; {
		iters := min(c.perRun, c.maxIter-done)
		p, s := beam.NewPipelineWithRoot()
		if err := addNMFRun(s.Scope("NMF"), shards, c, res.Runs == 0, iters); err != nil {
			return nil, err
		}
		if err := Run(ctx, p, r); err != nil {
			return nil, err
		}
		res.Runs++
		done += iters
		if st, err = readNMFState(statePath); err != nil {
			return nil, err
		}
		if st.Done {
			break
		}
		if done >= c.maxIter {
			return nil, fmt.Errorf("beam: NMF: %d iterations run but the state in %s is not final", done, statePath)
		}
	}
	if st.HT.Rows != n || st.HT.Cols != c.k {
		return nil, fmt.Errorf("beam: NMF: %s holds a %d×%d Hᵀ, want %d×%d", statePath, st.HT.Rows, st.HT.Cols, n, c.k)
	}
	res.H = mat.DenseCopyOf(st.HT.dense().T())
	res.NIter = st.Iter
	res.ReconstructionErr = st.Err
	res.Converged = st.Converged
	for _, sh := range shards {
		if sh.Rows > 0 {
			res.WPaths = append(res.WPaths, WPath(c.outDir, sh.Index, len(shards)))
		}
	}
	return res, nil
}

// WPath returns the name of the file holding shard i of n of NMF's W in
// folder dir: w-iiiii-of-nnnnn.npz (key "w").
func WPath(dir string, i, n int) string {
	return filepath.Join(dir, fmt.Sprintf("w-%05d-of-%05d.npz", i, n))
}

// wIterPath is where the W of shard i after iteration it is kept during
// the fit: two files per shard, by the parity of it, so that a retried
// step reads the W it read the first time.
func wIterPath(dir string, i, n, it int) string {
	return filepath.Join(dir, fmt.Sprintf("w%d-%05d-of-%05d.npz", it%2, i, n))
}

func nmfStatePath(dir string) string { return filepath.Join(dir, "nmf-state.json") }

// nmfStateFile is the JSON form of the state between two pipelines.
type nmfStateFile struct {
	nmfState
	Err float64 // ‖X − W·H‖_F, once Done
}

func readNMFState(path string) (nmfStateFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nmfStateFile{}, fmt.Errorf("beam: NMF: %w", err)
	}
	var st nmfStateFile
	if err := json.Unmarshal(b, &st); err != nil {
		return nmfStateFile{}, fmt.Errorf("beam: NMF: %s: %w", path, err)
	}
	if len(st.HT.Data) != st.HT.Rows*st.HT.Cols {
		return nmfStateFile{}, fmt.Errorf("beam: NMF: %s: Hᵀ holds %d numbers, want %d×%d", path, len(st.HT.Data), st.HT.Rows, st.HT.Cols)
	}
	return st, nil
}
