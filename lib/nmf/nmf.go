package nmf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/memlimit"
	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Initialisation methods for NMF.Init.
const (
	InitDefault  = ""         // NNDSVDa when k ≤ min(m, n), else Random (scikit-learn ≥ 1.1).
	InitRandom   = "random"   // |N(0,1)|·sqrt(mean(X)/k), H drawn before W.
	InitNNDSVD   = "nndsvd"   // Boutsidis–Gallopoulos NNDSVD; zeros stay zero.
	InitNNDSVDA  = "nndsvda"  // NNDSVD with zeros replaced by mean(X).
	InitNNDSVDAR = "nndsvdar" // NNDSVD with zeros replaced by |N(0,1)|·mean(X)/100.
	InitCustom   = "custom"   // W and H given to FitTransformCustom.
)

// Solvers for NMF.Solver.
const (
	SolverCD = "cd" // coordinate descent (fast HALS), the default.
	SolverMU = "mu" // multiplicative updates (Lee & Seung; Févotte & Idier).
)

// Loss functions for NMF.BetaLoss.
const (
	Frobenius       = "frobenius"        // ½‖X − WH‖²_F (cd and mu).
	KullbackLeibler = "kullback-leibler" // generalised KL divergence (mu only).
)

// Same is the value of NMF.AlphaH that makes it take NMF.AlphaW's value, as
// scikit-learn's alpha_H='same'.
const Same = -1.0

// NoSeed as NMF.RandomState draws a seed from the clock, like
// random_state=None in scikit-learn.
const NoSeed int64 = -1

// NMF holds the parameters of a non-negative matrix factorisation with the
// meaning and defaults of scikit-learn 1.2's sklearn.decomposition.NMF. Build
// it with New, change fields, then call FitTransform.
type NMF struct {
	// Components is k, the number of components (topics). Must be ≥ 1.
	Components int
	// Init is one of InitDefault, InitRandom, InitNNDSVD, InitNNDSVDA,
	// InitNNDSVDAR (InitCustom is implied by FitTransformCustom).
	Init string
	// Solver is SolverCD (default) or SolverMU.
	Solver string
	// BetaLoss is Frobenius (default) or KullbackLeibler (SolverMU only).
	BetaLoss string
	// Tol is the stopping tolerance (default 1e-4). cd stops when the sum
	// of projected-gradient magnitudes falls to Tol times its value after
	// the first iteration; mu checks every 10 iterations whether the error
	// dropped by less than Tol times the initial error.
	Tol float64
	// MaxIter is the iteration limit (default 200).
	MaxIter int
	// RandomState seeds numpy-compatible generators (lib/nprand) for the
	// randomized SVD of the NNDSVD inits, the random inits and Shuffle.
	// Each use starts a fresh generator from this seed, as scikit-learn
	// does with an integer random_state. NoSeed uses the clock.
	RandomState int64
	// AlphaW and AlphaH weight the regularisation of W and H; AlphaH = Same
	// (default) copies AlphaW. Both are scaled as in scikit-learn 1.2:
	// W's terms by n_features, H's by n_samples.
	AlphaW, AlphaH float64
	// L1Ratio mixes the L1 (1) and squared-L2 (0) penalties; in [0, 1].
	L1Ratio float64
	// Shuffle visits the coordinates of cd in a random order each sweep.
	Shuffle bool
	// Progress, if not nil, receives a line for each stage of a fit that
	// takes more than a second (the initialisation, the iterations) and,
	// during the iterations, about one line a second with the iteration
	// count and the stopping criterion. It does not change the results.
	Progress io.Writer
}

// New returns the parameters of scikit-learn's NMF(n_components=k) with its
// defaults: init nndsvda (when k ≤ min(m, n)), solver cd, Frobenius loss,
// tol 1e-4, max_iter 200, no regularisation, no shuffle, RandomState NoSeed.
func New(k int) *NMF {
	return &NMF{
		Components:  k,
		Solver:      SolverCD,
		BetaLoss:    Frobenius,
		Tol:         1e-4,
		MaxIter:     200,
		RandomState: NoSeed,
		AlphaH:      Same,
	}
}

// Model is a fitted factorisation X ≈ W·H.
type Model struct {
	// Params are the parameters used, with Init resolved (never InitDefault).
	Params NMF
	// W is the n_samples×k transformed data (fit_transform's output).
	W *mat.Dense
	// Components is H, the k×n_features matrix (components_).
	Components *mat.Dense
	// NIter is the number of iterations run (n_iter_).
	NIter int
	// ReconstructionErr is ‖X − WH‖_F for the Frobenius loss, or
	// sqrt(2·D_KL(X‖WH)) for the KL loss (reconstruction_err_).
	ReconstructionErr float64
	// Warning is non-nil when the solver stopped at MaxIter without
	// meeting Tol: scikit-learn's ConvergenceWarning. The result is usable.
	Warning *ConvergenceWarning
	// Elapsed is the wall time of the fit.
	Elapsed time.Duration
}

// ConvergenceWarning reports that a solver reached its iteration limit.
type ConvergenceWarning struct {
	MaxIter int
}

func (w *ConvergenceWarning) Error() string {
	return fmt.Sprintf("nmf: maximum number of iterations %d reached; increase MaxIter to improve convergence", w.MaxIter)
}

// ErrNegative is returned (wrapped) when the data has a negative entry.
var ErrNegative = errors.New("nmf: negative values in data passed to NMF (input X)")

// FitTransform factorises the m×n non-negative matrix x (a *sparse.CSR or
// any mat.Matrix) as W·H with W m×k and H k×n, and returns the fitted model.
//
// Dense input is converted to CSR first and goes through the same code, so a
// dense matrix and its CSR form give identical W and H (the reported error
// of a dense input is computed from the explicit residual, as scikit-learn
// does, and agrees with the sparse formula to rounding).
//
// The cost per cd or mu iteration is O(nnz·k + (m+n)·k²), split across
// GOMAXPROCS goroutines by rows; results do not depend on the number of
// goroutines. Errors: invalid parameters, negative, NaN or infinite entries,
// a k whose factors would not fit in the machine's memory, and factors
// that come out NaN or infinite. X whose largest entry is outside
// [1e-100, 1e100] is fitted as X·2^e (e even, bringing it near 1) and W, H
// and the error are scaled back, with the penalties scaled to match.
// Non-convergence is not an error: see Model.Warning.
func (p *NMF) FitTransform(x mat.Matrix) (*Model, error) {
	return p.fit(x, nil, nil)
}

// FitTransformCustom is FitTransform with init 'custom': w (m×k) and h (k×n)
// are the starting point (they are copied, not modified). They must be
// non-negative, finite and not all zero.
func (p *NMF) FitTransformCustom(x mat.Matrix, w, h mat.Matrix) (*Model, error) {
	if w == nil || h == nil {
		return nil, errors.New("nmf: custom init needs both W and H")
	}
	return p.fit(x, w, h)
}

func (p *NMF) fit(x mat.Matrix, w0, h0 mat.Matrix) (*Model, error) {
	start := time.Now()
	if err := p.validate(); err != nil {
		return nil, err
	}
	xs, isDense, err := asCSR(x, "NMF (input X)")
	if err != nil {
		return nil, err
	}
	m, n := xs.Dims()
	if m == 0 || n == 0 {
		return nil, fmt.Errorf("nmf: input X is empty (%d×%d); it needs at least one row and one column", m, n)
	}
	k := p.Components
	// W, Hᵀ, their work copies and the solver's products: about
	// 6·(m+n)·k floats, plus k² for the Grams.
	if err := memlimit.Check(fmt.Sprintf("nmf: %d components of a %d×%d matrix", k, m, n), memlimit.Floats([]int{6, m + n, k}, []int{4, k, k}),
		"choose fewer components"); err != nil {
		return nil, err
	}
	params := *p
	prog := newProgress(p.Progress)
	// X with entries outside [1e-100, 1e100] is fitted as 2^shift·X, whose
	// factors are 2^(shift/2)·W and 2^(shift/2)·H: the products and sums of
	// squares of the solvers would otherwise overflow or underflow.
	_, _, xdata := xs.Raw()
	shift := scale.Shift(scale.MaxAbs(xdata))
	if shift != 0 {
		xs = xs.Clone()
		_, _, data := xs.Raw()
		scale.Apply(data, data, shift)
	}
	var w, ht *mat.Dense
	if w0 != nil {
		params.Init = InitCustom
		if w, ht, err = customInit(w0, h0, m, n, k); err != nil {
			return nil, err
		}
		if shift != 0 {
			scaleDense(w, shift/2)
			scaleDense(ht, shift/2)
		}
	} else {
		if params.Init == InitDefault {
			if k <= min(m, n) {
				params.Init = InitNNDSVDA
			} else {
				params.Init = InitRandom
			}
		}
		if params.Init == InitCustom {
			return nil, errors.New("nmf: init 'custom' needs W and H: call FitTransformCustom")
		}
		if params.Init != InitRandom && k > min(m, n) {
			return nil, fmt.Errorf("nmf: init %q can only be used when k ≤ min(n_samples, n_features) = %d, got k = %d; use init 'random' or a smaller k",
				params.Init, min(m, n), k)
		}
		t0 := time.Now()
		if w, ht, err = initialize(xs, k, params.Init, params.seed()); err != nil {
			return nil, err
		}
		prog.stage(t0, "init %s", params.Init)
	}
	s := newSolver(xs, isDense, &params)
	s.prog = prog
	if shift != 0 {
		s.rescale(shift)
	}
	t0 := time.Now()
	nIter := s.run(w, ht, true)
	prog.stage(t0, "%d iterations of %s", nIter, params.Solver)
	recErr := s.errorOf(w, ht)
	if shift != 0 {
		scaleDense(w, -shift/2)
		scaleDense(ht, -shift/2)
		if s.kl {
			recErr = math.Ldexp(recErr, -shift/2)
		} else {
			recErr = math.Ldexp(recErr, -shift)
		}
	}
	if err := checkResult(w, ht, recErr); err != nil {
		return nil, err
	}
	h := mat.DenseCopyOf(ht.T())
	model := &Model{
		Params:            params,
		W:                 w,
		Components:        h,
		NIter:             nIter,
		ReconstructionErr: recErr,
	}
	if nIter == params.MaxIter && params.Tol > 0 {
		model.Warning = &ConvergenceWarning{MaxIter: params.MaxIter}
	}
	model.Elapsed = time.Since(start)
	return model, nil
}

// Transformed is the result of Model.Transform.
type Transformed struct {
	// W is the n_samples×k representation of the new documents.
	W *mat.Dense
	// NIter is the number of solver iterations run.
	NIter int
	// Warning is non-nil when the solver hit MaxIter.
	Warning *ConvergenceWarning
}

// Transform finds W ≥ 0 with x ≈ W·Components for new rows x (n_new×n
// with the n features of the fit), running the model's solver with H held
// fixed, as scikit-learn's NMF.transform does: cd starts from W = 0, mu from
// W = sqrt(mean(x)/k). The regularisation is scaled by x's own shape.
func (m *Model) Transform(x mat.Matrix) (*Transformed, error) {
	if m == nil || m.Components == nil {
		return nil, errors.New("nmf: Transform called on a model that was not fitted")
	}
	xs, isDense, err := asCSR(x, "NMF (input X)")
	if err != nil {
		return nil, err
	}
	r, c := xs.Dims()
	k, n := m.Components.Dims()
	if c != n {
		return nil, fmt.Errorf("nmf: X has %d features, but the model was fitted with %d; vectorise new documents with the fitted vectorizer's Transform", c, n)
	}
	params := m.Params
	w := mat.NewDense(max(r, 1), k, nil)
	if r == 0 {
		return &Transformed{W: &mat.Dense{}}, nil
	}
	if params.Solver == SolverMU {
		avg := math.Sqrt(xs.Sum() / (float64(r) * float64(c)) / float64(k))
		raw := w.RawMatrix().Data
		for i := range raw {
			raw[i] = avg
		}
	}
	ht := mat.DenseCopyOf(m.Components.T())
	s := newSolver(xs, isDense, &params)
	nIter := s.run(w, ht, false)
	if err := checkResult(w, nil, 0); err != nil {
		return nil, err
	}
	t := &Transformed{W: w, NIter: nIter}
	if nIter == params.MaxIter && params.Tol > 0 {
		t.Warning = &ConvergenceWarning{MaxIter: params.MaxIter}
	}
	return t, nil
}

// InverseTransform returns W·Components, the data reconstructed from w.
func (m *Model) InverseTransform(w mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Mul(w, m.Components)
	return &out
}

func (p *NMF) seed() int64 { return p.RandomState }

func (p *NMF) validate() error {
	switch {
	case p.Components <= 0:
		return fmt.Errorf("nmf: the number of components must be ≥ 1, got %d", p.Components)
	case p.MaxIter < 1:
		return fmt.Errorf("nmf: MaxIter must be ≥ 1, got %d (use New(k) for scikit-learn's defaults)", p.MaxIter)
	case p.Tol < 0 || math.IsNaN(p.Tol):
		return fmt.Errorf("nmf: Tol must be ≥ 0, got %v", p.Tol)
	case p.AlphaW < 0 || math.IsNaN(p.AlphaW) || math.IsInf(p.AlphaW, 0):
		return fmt.Errorf("nmf: AlphaW must be a finite number ≥ 0, got %v", p.AlphaW)
	case p.AlphaH != Same && (p.AlphaH < 0 || math.IsNaN(p.AlphaH) || math.IsInf(p.AlphaH, 0)):
		return fmt.Errorf("nmf: AlphaH must be a finite number ≥ 0 or Same, got %v", p.AlphaH)
	case !(p.L1Ratio >= 0 && p.L1Ratio <= 1):
		return fmt.Errorf("nmf: L1Ratio must be in [0, 1], got %v", p.L1Ratio)
	case p.RandomState < NoSeed || p.RandomState > math.MaxUint32:
		return fmt.Errorf("nmf: RandomState must be in [0, 2³²) or NoSeed, got %d", p.RandomState)
	}
	switch p.Init {
	case InitDefault, InitRandom, InitNNDSVD, InitNNDSVDA, InitNNDSVDAR, InitCustom:
	default:
		return fmt.Errorf("nmf: unknown init %q; use one of \"random\", \"nndsvd\", \"nndsvda\", \"nndsvdar\" or \"\" for the default", p.Init)
	}
	switch p.Solver {
	case SolverCD, SolverMU:
	case "":
		return fmt.Errorf("nmf: Solver is empty; use \"cd\" or \"mu\" (New(k) sets \"cd\")")
	default:
		return fmt.Errorf("nmf: unknown solver %q; use \"cd\" or \"mu\"", p.Solver)
	}
	switch p.BetaLoss {
	case Frobenius, "":
	case KullbackLeibler:
		if p.Solver != SolverMU {
			return fmt.Errorf("nmf: solver %q does not handle beta loss %q; use solver \"mu\"", p.Solver, p.BetaLoss)
		}
	default:
		return fmt.Errorf("nmf: unknown beta loss %q; use \"frobenius\" or \"kullback-leibler\"", p.BetaLoss)
	}
	return nil
}

// regularization returns scikit-learn 1.2's scaled penalties for an m×n X.
func (p *NMF) regularization(m, n int) (l1W, l1H, l2W, l2H float64) {
	alphaW := p.AlphaW
	alphaH := p.AlphaH
	if alphaH == Same {
		alphaH = alphaW
	}
	l1W = float64(n) * alphaW * p.L1Ratio
	l1H = float64(m) * alphaH * p.L1Ratio
	l2W = float64(n) * alphaW * (1 - p.L1Ratio)
	l2H = float64(m) * alphaH * (1 - p.L1Ratio)
	return
}

// scaleDense multiplies every entry of a (compact storage) by 2^e.
func scaleDense(a *mat.Dense, e int) {
	d := a.RawMatrix().Data
	scale.Apply(d, d, e)
}

// checkResult reports NaN or Inf in a fitted W, Hᵀ (may be nil) or error,
// which scaling prevents for every finite X, so that a solver that breaks
// down anyway never hands back a silent NaN.
func checkResult(w, ht *mat.Dense, recErr float64) error {
	bad := recErr * 0
	for _, a := range []*mat.Dense{w, ht} {
		if a == nil {
			continue
		}
		for _, v := range a.RawMatrix().Data {
			bad += float64(v * 0) // NaN iff some v is NaN or ±Inf
		}
	}
	if bad != 0 || math.IsNaN(bad) {
		return errors.New("nmf: the solver produced NaN or infinite factors; X is too badly scaled or the regularisation too large: divide X by its largest entry, or lower AlphaW/AlphaH")
	}
	return nil
}

// asCSR checks x (no negative, NaN or infinite entries) and returns it as a
// CSR matrix, reporting whether it was dense.
func asCSR(x mat.Matrix, whom string) (*sparse.CSR, bool, error) {
	if x == nil {
		return nil, false, fmt.Errorf("nmf: %s is nil", whom)
	}
	xs, ok := x.(*sparse.CSR)
	if !ok {
		xs = sparse.FromDense(x)
	}
	_, _, data := xs.Raw()
	for p, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			i, j := locate(xs, p)
			return nil, false, fmt.Errorf("nmf: %s contains NaN or infinity (%v at row %d, column %d); remove or impute it", whom, v, i, j)
		}
	}
	for p, v := range data {
		if v < 0 {
			i, j := locate(xs, p)
			return nil, false, fmt.Errorf("%w: %v at row %d, column %d; NMF needs X ≥ 0", ErrNegative, v, i, j)
		}
	}
	return xs, !ok, nil
}

// locate returns the row and column of the p-th stored entry.
func locate(x *sparse.CSR, p int) (int, int) {
	indptr := x.Indptr()
	r, _ := x.Dims()
	for i := 0; i < r; i++ {
		if p < indptr[i+1] {
			return i, x.Indices()[p]
		}
	}
	return -1, -1
}
