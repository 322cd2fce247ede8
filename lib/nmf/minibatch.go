package nmf

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/memlimit"
	"github.com/fastai-go/topicmodel/lib/internal/small"
	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Products that feed a sum are written float64(a*b): no fused multiply-add,
// so that arm64 gives the bits amd64 gives (scripts/check_fma.sh keeps it so).

// MiniBatchNMF holds the parameters of scikit-learn 1.2's
// sklearn.decomposition.MiniBatchNMF, with its meaning and defaults: build
// it with NewMiniBatch, change fields, then call FitTransform (or
// PartialFit, batch by batch).
//
// It minimises the β-divergence D_β(X‖WH) plus the elastic-net penalties of
// NMF (scaled by n_features for W and by the batch's n_samples for H) by
// multiplicative updates on mini-batches of rows (Lefèvre, Bach and Févotte,
// 2011): each step updates the batch's rows of W once (or solves for them
// afresh when FreshRestarts), then H from running sums
//
//	A ← ρ·A + (numerator of H's update)⊙H^(1/γ),  B ← ρ·B + denominator,  H = (A ⊘ B)^γ
//
// with ρ = ForgetFactor^(batch_size/n_samples) and γ the
// majorisation-minimisation exponent of Févotte and Idier (1/(2−β) for
// β < 1, 1/(β−1) for β > 2, else 1).
type MiniBatchNMF struct {
	// Components is k, the number of components (topics). Must be ≥ 1.
	Components int
	// Init is one of InitDefault (NNDSVDa when k ≤ min(m, n), else
	// random), InitRandom, InitNNDSVD, InitNNDSVDA, InitNNDSVDAR
	// (InitCustom is implied by FitTransformCustom and PartialFitCustom).
	Init string
	// BatchSize is the number of rows per mini-batch (default 1024); the
	// batches are consecutive rows, the last one shorter when BatchSize
	// does not divide n_samples. Must be ≥ 1.
	BatchSize int
	// BetaLoss is β of the β-divergence: BetaFrobenius (2, the default),
	// BetaKullbackLeibler (1), BetaItakuraSaito (0) or any finite number.
	// β ≤ 0 needs an X without zeros. β ∉ {1, 2} costs O(batch·n·k) per
	// step instead of O(nnz·k).
	BetaLoss float64
	// Tol stops the fit when ‖H − H_prev‖_F/‖H‖_F ≤ Tol after a step, and
	// each fresh-restart or transform solve when the same holds for W
	// (default 1e-4; 0 disables both tests).
	Tol float64
	// MaxNoImprovement stops the fit after this many consecutive steps
	// without a new minimum of the smoothed batch cost (default 10; 0
	// disables the test, scikit-learn's None).
	MaxNoImprovement int
	// MaxIter is the maximum number of passes over the data (default 200).
	MaxIter int
	// AlphaW and AlphaH weight the regularisation of W and H; AlphaH = Same
	// (default) copies AlphaW.
	AlphaW, AlphaH float64
	// L1Ratio mixes the L1 (1) and squared-L2 (0) penalties; in [0, 1].
	L1Ratio float64
	// ForgetFactor in [0, 1] weighs past batches in A and B (default 0.7).
	ForgetFactor float64
	// FreshRestarts solves for the batch's W from scratch at every step
	// (at most FreshRestartsMaxIter updates, default 30), and for all of W
	// at the end (at most TransformMaxIter updates).
	FreshRestarts        bool
	FreshRestartsMaxIter int
	// TransformMaxIter is the number of updates of W in Transform (and in
	// the final solve of a fit with FreshRestarts); 0 means MaxIter.
	TransformMaxIter int
	// RandomState seeds the initialisation (the randomized SVD of the
	// NNDSVD inits and the random draws), as in NMF. NoSeed uses the clock.
	RandomState int64
}

// NewMiniBatch returns the parameters of scikit-learn's
// MiniBatchNMF(n_components=k) with its defaults: init nndsvda (when
// k ≤ min(m, n)), batch size 1024, Frobenius loss, tol 1e-4,
// max_no_improvement 10, max_iter 200, no regularisation, forget factor
// 0.7, no fresh restarts (30 iterations when enabled), RandomState NoSeed.
func NewMiniBatch(k int) *MiniBatchNMF {
	return &MiniBatchNMF{
		Components:           k,
		BatchSize:            1024,
		BetaLoss:             BetaFrobenius,
		Tol:                  1e-4,
		MaxNoImprovement:     10,
		MaxIter:              200,
		AlphaH:               Same,
		ForgetFactor:         0.7,
		FreshRestartsMaxIter: 30,
		RandomState:          NoSeed,
	}
}

// MiniBatchModel is a fitted mini-batch factorisation X ≈ W·H. It keeps the
// running sums of the online updates, so PartialFit can go on learning
// from more data.
type MiniBatchModel struct {
	// Params are the parameters used, with Init resolved.
	Params MiniBatchNMF
	// W is the n_samples×k transformed data of FitTransform; nil after a
	// model made by PartialFit.
	W *mat.Dense
	// Components is H, the k×n_features matrix (components_), a copy
	// refreshed after every fit or partial fit.
	Components *mat.Dense
	// ReconstructionErr is sqrt(2·D_β(X‖WH)) of FitTransform's X and W
	// (‖X − WH‖_F for β = 2), reconstruction_err_. PartialFit leaves it
	// as it was (0 for a model it started), as scikit-learn does.
	ReconstructionErr float64
	// NIter is the number of passes over the data started (n_iter_), set
	// by FitTransform.
	NIter int
	// NSteps is the number of mini-batches processed (n_steps_), counted
	// by FitTransform and by every PartialFit.
	NSteps int
	// Warning is non-nil when FitTransform ran MaxIter passes with Tol > 0:
	// scikit-learn's ConvergenceWarning. The result is usable.
	Warning *ConvergenceWarning
	// Elapsed is the wall time of the last fit or partial fit.
	Elapsed time.Duration

	st *mbState
}

// mbState is the state of the online updates: Hᵀ and the running
// numerator A and denominator B, all n×k (transposed like Hᵀ).
type mbState struct {
	p                  MiniBatchNMF
	beta, gamma, rho   float64
	ht, aSum, bSum     *mat.Dense
	transformMaxIter   int
	ewa, ewaMin        float64
	haveEwa, haveMin   bool
	noImprovement      int
	nSamples, nFeature int
	hChange            float64 // ‖ΔH‖_F/‖H‖_F of the last step

	// Buffers of the H update, n×k.
	numH, denH []float64
	xtw        mat.Dense
}

// FitTransform factorises the m×n non-negative matrix x (a *sparse.CSR or
// any mat.Matrix) as W·H with mini-batch multiplicative updates, exactly as
// scikit-learn's MiniBatchNMF.fit_transform, and returns the model.
//
// One pass over the data costs O(nnz·k + (m + ⌈m/b⌉·n)·k²) for β ∈ {1, 2}
// (batch size b), O(m·n·k) for other β; FreshRestarts multiplies the W
// part by up to FreshRestartsMaxIter. The products run on GOMAXPROCS
// goroutines without changing results. Errors: invalid parameters,
// negative, NaN or infinite entries, zeros in X with β ≤ 0, a k too large
// for the init or for memory, and factors that come out NaN or infinite.
// Reaching MaxIter is not an error: see MiniBatchModel.Warning.
func (p *MiniBatchNMF) FitTransform(x mat.Matrix) (*MiniBatchModel, error) {
	return p.fit(x, nil, nil)
}

// Fit is FitTransform, with its cost and errors (scikit-learn's fit calls
// fit_transform); the model's W is set as well.
func (p *MiniBatchNMF) Fit(x mat.Matrix) (*MiniBatchModel, error) {
	return p.fit(x, nil, nil)
}

// FitTransformCustom is FitTransform with init 'custom': w (m×k) and h (k×n)
// are the starting point (they are copied). They must be non-negative,
// finite and not all zero.
func (p *MiniBatchNMF) FitTransformCustom(x mat.Matrix, w, h mat.Matrix) (*MiniBatchModel, error) {
	if w == nil || h == nil {
		return nil, errors.New("nmf: custom init needs both W and H")
	}
	return p.fit(x, w, h)
}

// PartialFit starts a model from the single mini-batch x, as the first call
// of scikit-learn's MiniBatchNMF.partial_fit: H is initialised from x by
// Init, the batch's W is solved for (at most FreshRestartsMaxIter
// updates), and H takes one online step, with ρ = ForgetFactor^(b/r) for
// x's r rows and b = min(BatchSize, r). Continue with the model's
// PartialFit. Cost: the initialisation plus O(FreshRestartsMaxIter·nnz·k)
// for β ∈ {1, 2}. Errors: those of FitTransform, zeros with β ≤ 0 included
// (scikit-learn's partial_fit does not check for them).
func (p *MiniBatchNMF) PartialFit(x mat.Matrix) (*MiniBatchModel, error) {
	return p.partialFit(x, nil, nil)
}

// PartialFitCustom is PartialFit with init 'custom': h (k×n) starts the
// model; w (r×k) is checked, as scikit-learn does, but not used.
func (p *MiniBatchNMF) PartialFitCustom(x mat.Matrix, w, h mat.Matrix) (*MiniBatchModel, error) {
	if w == nil || h == nil {
		return nil, errors.New("nmf: custom init needs both W and H")
	}
	return p.partialFit(x, w, h)
}

// PartialFit updates the model with the mini-batch x (r×n, the n features
// of the fit): the batch's W is solved for and H takes one online step with
// the model's ρ, as later calls of scikit-learn's partial_fit. NSteps grows
// by one; W, NIter and ReconstructionErr are left as they were. Errors: a
// different number of features, negative, NaN or infinite entries, zeros
// with β ≤ 0 (scikit-learn 1.2.1 only refuses those in fit), an unfitted
// model.
func (m *MiniBatchModel) PartialFit(x mat.Matrix) error {
	if m == nil || m.st == nil {
		return errors.New("nmf: PartialFit called on a model that was not fitted; start one with MiniBatchNMF.PartialFit or FitTransform")
	}
	start := time.Now()
	xs, isDense, err := m.st.checkX(x)
	if err != nil {
		return err
	}
	if r, _ := xs.Dims(); r == 0 {
		return errors.New("nmf: PartialFit needs a batch with at least one row")
	}
	if err := m.st.checkZeros(xs); err != nil {
		return err
	}
	return m.partialStep(xs, isDense, start)
}

func (m *MiniBatchModel) partialStep(xs *sparse.CSR, isDense bool, start time.Time) error {
	st := m.st
	ht := mat.DenseCopyOf(st.ht)
	aSum, bSum := mat.DenseCopyOf(st.aSum), mat.DenseCopyOf(st.bSum)
	next := *st
	next.ht, next.aSum, next.bSum = ht, aSum, bSum
	next.step(newBatch(xs, isDense), nil, true)
	if err := checkResult(nil, ht, 0); err != nil {
		return err
	}
	*st = next
	m.NSteps++
	m.Components = mat.DenseCopyOf(ht.T())
	m.Elapsed = time.Since(start)
	return nil
}

// Transform finds W ≥ 0 with x ≈ W·Components for rows x (r×n with the n
// features of the fit), as scikit-learn's MiniBatchNMF.transform: W starts
// at sqrt(mean(x)/k) and takes at most TransformMaxIter (0: MaxIter)
// multiplicative updates with H fixed, stopping when ‖ΔW‖_F/‖W‖_F ≤ Tol;
// the penalties are scaled by x's own shape. Cost O(iterations·nnz·k) for
// β ∈ {1, 2}. The result's NIter is the number of updates; Warning stays
// nil (scikit-learn does not warn here).
func (m *MiniBatchModel) Transform(x mat.Matrix) (*Transformed, error) {
	if m == nil || m.st == nil {
		return nil, errors.New("nmf: Transform called on a model that was not fitted")
	}
	xs, isDense, err := m.st.checkX(x)
	if err != nil {
		return nil, err
	}
	r, _ := xs.Dims()
	if r == 0 {
		return &Transformed{W: &mat.Dense{}}, nil
	}
	w, it := m.st.solveW(newBatch(xs, isDense), m.st.transformMaxIter, nil)
	if err := checkResult(w, nil, 0); err != nil {
		return nil, err
	}
	return &Transformed{W: w, NIter: it}, nil
}

// InverseTransform returns W·Components, the data reconstructed from w
// (r×k), in O(r·k·n).
func (m *MiniBatchModel) InverseTransform(w mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Mul(w, m.Components)
	return &out
}

func (st *mbState) checkX(x mat.Matrix) (*sparse.CSR, bool, error) {
	xs, isDense, err := asCSR(x, "MiniBatchNMF (input X)")
	if err != nil {
		return nil, false, err
	}
	if _, c := xs.Dims(); c != st.nFeature {
		return nil, false, fmt.Errorf("nmf: X has %d features, but the model was fitted with %d; vectorise new documents with the fitted vectorizer's Transform", c, st.nFeature)
	}
	return xs, isDense, nil
}

// checkZeros refuses zeros in X for β ≤ 0, where the updates may diverge.
func (st *mbState) checkZeros(x *sparse.CSR) error {
	if st.beta > 0 {
		return nil
	}
	r, c := x.Dims()
	_, _, data := x.Raw()
	zero := len(data) < r*c
	for _, v := range data {
		zero = zero || v == 0
	}
	if zero {
		return fmt.Errorf("nmf: beta loss %v ≤ 0 with zeros in X: the solver may diverge; add a small value to X, or use a positive beta loss", st.beta)
	}
	return nil
}

// batch is a block of consecutive rows of X, with its transpose (cached by
// sparse.CSR) for the update of H.
type batch struct {
	x     *sparse.CSR
	dense bool
	rows  int
}

func newBatch(x *sparse.CSR, dense bool) batch {
	r, _ := x.Dims()
	return batch{x: x, dense: dense, rows: r}
}

// rowSlice returns rows [lo, hi) of x as a CSR sharing x's indices and data.
func rowSlice(x *sparse.CSR, lo, hi int) *sparse.CSR {
	indptr, indices, data := x.Raw()
	_, c := x.Dims()
	p0, p1 := indptr[lo], indptr[hi]
	ip := make([]int, hi-lo+1)
	for i := range ip {
		ip[i] = indptr[lo+i] - p0
	}
	s, err := sparse.NewCSR(hi-lo, c, ip, indices[p0:p1:p1], data[p0:p1:p1])
	if err != nil {
		panic("nmf: rowSlice: " + err.Error()) // x was a valid CSR
	}
	return s
}

func (p *MiniBatchNMF) validate() error {
	switch {
	case p.Components <= 0:
		return fmt.Errorf("nmf: the number of components must be ≥ 1, got %d", p.Components)
	case p.BatchSize < 1:
		return fmt.Errorf("nmf: BatchSize must be ≥ 1, got %d (use NewMiniBatch(k) for scikit-learn's defaults)", p.BatchSize)
	case p.MaxIter < 1:
		return fmt.Errorf("nmf: MaxIter must be ≥ 1, got %d (use NewMiniBatch(k) for scikit-learn's defaults)", p.MaxIter)
	case p.Tol < 0 || math.IsNaN(p.Tol):
		return fmt.Errorf("nmf: Tol must be ≥ 0, got %v", p.Tol)
	case p.MaxNoImprovement < 0:
		return fmt.Errorf("nmf: MaxNoImprovement must be ≥ 0 (0 turns the test off), got %d", p.MaxNoImprovement)
	case math.IsNaN(p.BetaLoss) || math.IsInf(p.BetaLoss, 0):
		return fmt.Errorf("nmf: BetaLoss must be a finite number, got %v", p.BetaLoss)
	case p.AlphaW < 0 || math.IsNaN(p.AlphaW) || math.IsInf(p.AlphaW, 0):
		return fmt.Errorf("nmf: AlphaW must be a finite number ≥ 0, got %v", p.AlphaW)
	case p.AlphaH != Same && (p.AlphaH < 0 || math.IsNaN(p.AlphaH) || math.IsInf(p.AlphaH, 0)):
		return fmt.Errorf("nmf: AlphaH must be a finite number ≥ 0 or Same, got %v", p.AlphaH)
	case !(p.L1Ratio >= 0 && p.L1Ratio <= 1):
		return fmt.Errorf("nmf: L1Ratio must be in [0, 1], got %v", p.L1Ratio)
	case !(p.ForgetFactor >= 0 && p.ForgetFactor <= 1):
		return fmt.Errorf("nmf: ForgetFactor must be in [0, 1], got %v (scikit-learn's default is 0.7)", p.ForgetFactor)
	case p.FreshRestartsMaxIter < 1:
		return fmt.Errorf("nmf: FreshRestartsMaxIter must be ≥ 1, got %d (scikit-learn's default is 30)", p.FreshRestartsMaxIter)
	case p.TransformMaxIter < 0:
		return fmt.Errorf("nmf: TransformMaxIter must be ≥ 0 (0 means MaxIter), got %d", p.TransformMaxIter)
	case p.RandomState < NoSeed || p.RandomState > math.MaxUint32:
		return fmt.Errorf("nmf: RandomState must be in [0, 2³²) or NoSeed, got %d", p.RandomState)
	}
	switch p.Init {
	case InitDefault, InitRandom, InitNNDSVD, InitNNDSVDA, InitNNDSVDAR, InitCustom:
	default:
		return fmt.Errorf("nmf: unknown init %q; use one of \"random\", \"nndsvd\", \"nndsvda\", \"nndsvdar\" or \"\" for the default", p.Init)
	}
	return nil
}

// start checks the parameters and x, initialises W and Hᵀ (from w0, h0
// when given) and returns the state of a fit on x with batch size
// min(BatchSize, rows).
func (p *MiniBatchNMF) start(x mat.Matrix, w0, h0 mat.Matrix) (*mbState, *sparse.CSR, bool, *mat.Dense, error) {
	if err := p.validate(); err != nil {
		return nil, nil, false, nil, err
	}
	xs, isDense, err := asCSR(x, "MiniBatchNMF (input X)")
	if err != nil {
		return nil, nil, false, nil, err
	}
	m, n := xs.Dims()
	if m == 0 || n == 0 {
		return nil, nil, false, nil, fmt.Errorf("nmf: input X is empty (%d×%d); it needs at least one row and one column", m, n)
	}
	k := p.Components
	// W, Hᵀ, A, B, the previous Hᵀ and the update buffers: about
	// (m + 6n + 4b)·k floats, plus a row of n for β ∉ {1, 2}.
	b := min(p.BatchSize, m)
	if err := memlimit.Check(fmt.Sprintf("nmf: %d components of a %d×%d matrix", k, m, n),
		memlimit.Floats([]int{m + 6*n + 4*b, k}, []int{4, k, k}), "choose fewer components"); err != nil {
		return nil, nil, false, nil, err
	}
	st := &mbState{p: *p, beta: p.BetaLoss, nSamples: m, nFeature: n}
	if err := st.checkZeros(xs); err != nil {
		return nil, nil, false, nil, err
	}
	st.rho = math.Pow(p.ForgetFactor, float64(b)/float64(m))
	switch {
	case st.beta < 1:
		st.gamma = 1 / (2 - st.beta)
	case st.beta > 2:
		st.gamma = 1 / (st.beta - 1)
	default:
		st.gamma = 1
	}
	st.transformMaxIter = p.TransformMaxIter
	if st.transformMaxIter == 0 {
		st.transformMaxIter = p.MaxIter
	}
	var w, ht *mat.Dense
	if w0 != nil {
		st.p.Init = InitCustom
		if w, ht, err = customInit(w0, h0, m, n, k); err != nil {
			return nil, nil, false, nil, err
		}
	} else {
		if st.p.Init == InitDefault {
			st.p.Init = InitNNDSVDA
			if k > min(m, n) {
				st.p.Init = InitRandom
			}
		}
		if st.p.Init == InitCustom {
			return nil, nil, false, nil, errors.New("nmf: init 'custom' needs W and H: call FitTransformCustom or PartialFitCustom")
		}
		if st.p.Init != InitRandom && k > min(m, n) {
			return nil, nil, false, nil, fmt.Errorf("nmf: init %q can only be used when k ≤ min(n_samples, n_features) = %d, got k = %d; use init 'random' or a smaller k",
				st.p.Init, min(m, n), k)
		}
		if w, ht, err = initialize(xs, k, st.p.Init, p.RandomState); err != nil {
			return nil, nil, false, nil, err
		}
	}
	st.ht = ht
	st.aSum = mat.DenseCopyOf(ht)
	st.bSum = mat.NewDense(n, k, nil)
	ones := st.bSum.RawMatrix().Data
	for i := range ones {
		ones[i] = 1
	}
	return st, xs, isDense, w, nil
}

func (p *MiniBatchNMF) partialFit(x mat.Matrix, w0, h0 mat.Matrix) (*MiniBatchModel, error) {
	start := time.Now()
	st, xs, isDense, _, err := p.start(x, w0, h0)
	if err != nil {
		return nil, err
	}
	model := &MiniBatchModel{Params: st.p, st: st}
	if err := model.partialStep(xs, isDense, start); err != nil {
		return nil, err
	}
	return model, nil
}

// fit is scikit-learn's MiniBatchNMF._fit_transform followed by the
// reconstruction error.
func (p *MiniBatchNMF) fit(x mat.Matrix, w0, h0 mat.Matrix) (*MiniBatchModel, error) {
	startTime := time.Now()
	st, xs, isDense, w, err := p.start(x, w0, h0)
	if err != nil {
		return nil, err
	}
	m, _ := xs.Dims()
	k := st.p.Components
	bs := min(st.p.BatchSize, m)
	var batches []batch
	for lo := 0; lo < m; lo += bs {
		hi := min(lo+bs, m)
		b := newBatch(rowSlice(xs, lo, hi), isDense)
		batches = append(batches, b)
	}
	stepsPerIter := len(batches)
	nSteps := st.p.MaxIter * stepsPerIter
	i := 0
	for ; i < nSteps; i++ {
		bi := i % stepsPerIter
		b := batches[bi]
		lo := bi * bs
		wb := w.Slice(lo, lo+b.rows, 0, k).(*mat.Dense)
		cost := st.step(b, wb, true)
		if st.converged(b.rows, cost, i) {
			break
		}
	}
	if i == nSteps {
		i--
	}
	if st.p.FreshRestarts {
		w, _ = st.solveW(newBatch(xs, isDense), st.transformMaxIter, nil)
	}
	steps := i + 1
	nIter := (steps + stepsPerIter - 1) / stepsPerIter
	recErr := math.Sqrt(2 * math.Max(betaDivergence(xs, isDense, w, st.ht, st.beta), 0))
	if err := checkResult(w, st.ht, recErr); err != nil {
		return nil, err
	}
	model := &MiniBatchModel{
		Params:            st.p,
		W:                 w,
		Components:        mat.DenseCopyOf(st.ht.T()),
		ReconstructionErr: recErr,
		NIter:             nIter,
		NSteps:            steps,
		st:                st,
	}
	if nIter == st.p.MaxIter && st.p.Tol > 0 {
		model.Warning = &ConvergenceWarning{MaxIter: st.p.MaxIter}
	}
	model.Elapsed = time.Since(startTime)
	return model, nil
}

// penalties are scikit-learn 1.2's scaled regularisation for a batch of
// rows×cols.
func (st *mbState) penalties(rows, cols int) (l1W, l1H, l2W, l2H float64) {
	q := NMF{AlphaW: st.p.AlphaW, AlphaH: st.p.AlphaH, L1Ratio: st.p.L1Ratio}
	return q.regularization(rows, cols)
}

// step is scikit-learn's _minibatch_step: it updates the batch's W (w nil,
// or FreshRestarts: solved afresh, and not written back), then Hᵀ and the
// running sums when updateH, and returns the batch's mean cost, measured
// between the two updates.
func (st *mbState) step(b batch, w *mat.Dense, updateH bool) float64 {
	l1W, l1H, l2W, l2H := st.penalties(b.rows, st.nFeature)
	var gH []float64 // HHᵀ for β = 2, shared by the W update and the cost
	if st.beta == 2 {
		_, k := st.ht.Dims()
		gH = make([]float64, k*k)
		kern.Gram(gH, st.ht.RawMatrix().Data, st.nFeature, k)
	}
	if st.p.FreshRestarts || w == nil {
		w, _ = st.solveW(b, st.p.FreshRestartsMaxIter, gH)
	} else {
		st.updateW(b.x, w, l1W, l2W, &wCache{g: gH})
	}
	if st.beta < 1 {
		zeroBelow(w.RawMatrix().Data, epsilon64)
	}
	wd, hd := w.RawMatrix().Data, st.ht.RawMatrix().Data
	var cost float64
	if st.beta == 2 && !b.dense {
		cost = frobeniusSquaredGram(b.x, w, st.ht, gH) / 2
	} else {
		cost = betaDivergence(b.x, b.dense, w, st.ht, st.beta)
	}
	// Penalties with a zero weight add nothing (the sums are finite).
	for _, t := range [...]struct {
		coef float64
		f    func([]float64) float64
		a    []float64
	}{{l1W, sum, wd}, {l1H, sum, hd}, {l2W, sumSq, wd}, {l2H, sumSq, hd}} {
		if t.coef != 0 {
			cost += float64(t.coef * t.f(t.a))
		}
	}
	cost /= float64(b.rows)
	if updateH {
		st.hChange = st.updateH(b.x, w, l1H, l2H)
	}
	return cost
}

// wCache keeps XHᵀ and HHᵀ (β = 2) or the column sums of H (β = 1) across
// the updates of W with H fixed; they are the same numbers scikit-learn
// recomputes each time. A g set beforehand is used as HHᵀ.
type wCache struct {
	num  mat.Dense
	g    []float64
	hsum []float64
	ok   bool
}

// updateW is one multiplicative update of w (rows×k) for X ≈ W·H with Hᵀ
// fixed: scikit-learn's _multiplicative_update_w.
func (st *mbState) updateW(x *sparse.CSR, w *mat.Dense, l1, l2 float64, c *wCache) {
	rows, k := w.Dims()
	n := st.nFeature
	wd, hd := w.RawMatrix().Data, st.ht.RawMatrix().Data
	if c == nil {
		c = &wCache{}
	}
	num := make([]float64, rows*k)
	den := make([]float64, rows*k)
	switch st.beta {
	case 2:
		if !c.ok {
			kern.MulDense(&c.num, x, st.ht)
			if c.g == nil {
				c.g = make([]float64, k*k)
				kern.Gram(c.g, hd, n, k)
			}
			c.ok = true
		}
		copy(num, c.num.RawMatrix().Data)
		small.Mul(den, k, wd, k, c.g, k, rows, k, k)
	case 1:
		klNum(num, x, wd, hd, k)
		if !c.ok {
			c.hsum = make([]float64, k)
			for j := 0; j < n; j++ {
				for t := 0; t < k; t++ {
					c.hsum[t] += hd[j*k+t]
				}
			}
			c.ok = true
		}
		for i := 0; i < rows; i++ {
			copy(den[i*k:i*k+k], c.hsum)
		}
	default:
		betaNumerator(num, x, wd, hd, k, st.beta)
		betaDenominator(den, wd, hd, rows, n, k, st.beta)
	}
	muApply(wd, num, den, l1, l2, st.gamma)
}

// updateH is scikit-learn's _multiplicative_update_h with the running sums
// A and B of the online algorithm, on the transposes, followed by the
// zeroing of entries below float64's epsilon for β ≤ 1. It returns
// ‖H_new − H_old‖_F/‖H_new‖_F.
func (st *mbState) updateH(x *sparse.CSR, w *mat.Dense, l1, l2 float64) float64 {
	rows, k := w.Dims()
	n := st.nFeature
	wd, hd := w.RawMatrix().Data, st.ht.RawMatrix().Data
	if st.numH == nil {
		st.numH, st.denH = make([]float64, n*k), make([]float64, n*k)
	}
	num, den := st.numH, st.denH
	xt := x.Transpose()
	var g []float64 // WᵀW (β = 2): the denominator is formed row by row below
	switch st.beta {
	case 2:
		if st.xtw.IsEmpty() {
			st.xtw.ReuseAs(n, k)
		}
		kern.MulDense(&st.xtw, xt, w) // (WᵀX)ᵀ
		num = st.xtw.RawMatrix().Data
		g = make([]float64, k*k)
		kern.Gram(g, wd, rows, k)
	case 1:
		klNum(num, xt, hd, wd, k)
		wsum := make([]float64, k)
		for i := 0; i < rows; i++ {
			for t := 0; t < k; t++ {
				wsum[t] += wd[i*k+t]
			}
		}
		for t := range wsum {
			if wsum[t] == 0 {
				wsum[t] = 1
			}
		}
		for j := 0; j < n; j++ {
			copy(den[j*k:j*k+k], wsum)
		}
	default:
		betaNumerator(num, xt, hd, wd, k, st.beta)
		betaDenominator(den, hd, wd, n, rows, k, st.beta)
	}
	ad, bd := st.aSum.RawMatrix().Data, st.bSum.RawMatrix().Data
	rho, gamma := st.rho, st.gamma
	// Rows of Hᵀ are independent: each takes its denominator (for β = 2
	// (WᵀW·H)ᵀ's row, summed over r in order as small.Mul does, from the
	// row's old values), then its running sums and new values.
	nb := (n + kern.BlockRows - 1) / kern.BlockRows
	part := make([]float64, 2*nb)
	clean := st.beta <= 1
	kern.ForBlocks(n, 2*k*k+8*k, func(lo, hi int) {
		// ‖H_new − H_old‖² and ‖H_new‖² of the block, for the stopping test.
		var dd, nn float64
		var buf [16]float64
		dr := buf[:0]
		if g != nil {
			if k <= len(buf) {
				dr = buf[:k]
			} else {
				dr = make([]float64, k)
			}
		}
		for j := lo; j < hi; j++ {
			hrow := hd[j*k : j*k+k]
			drow := den[j*k : j*k+k]
			if g != nil {
				clear(dr)
				for r, hv := range hrow {
					if hv == 0 {
						continue
					}
					for c, gv := range g[r*k : r*k+k] {
						dr[c] += float64(hv * gv)
					}
				}
				drow = dr
			}
			arow := ad[j*k : j*k+k : j*k+k]
			brow := bd[j*k : j*k+k : j*k+k]
			nrow := num[j*k : j*k+k : j*k+k]
			drow = drow[:len(hrow)]
			for c, h := range hrow {
				var v float64
				if gamma == 1 {
					a := float64(arow[c]*rho) + float64(nrow[c]*h)
					b := float64(brow[c]*rho) + regDen(drow[c], h, l1, l2)
					arow[c], brow[c] = a, b
					v = a / b
				} else {
					d := regDen(drow[c], h, l1, l2)
					a := float64(arow[c]*rho) + float64(nrow[c]*npPow(h, 1/gamma))
					b := float64(brow[c]*rho) + d
					arow[c], brow[c] = a, b
					v = npPow(a/b, gamma)
				}
				if clean && v < epsilon64 {
					v = 0 // stability for β ≤ 1, as scikit-learn
				}
				hrow[c] = v
				dd += float64((v - h) * (v - h))
				nn += float64(v * v)
			}
		}
		part[2*(lo/kern.BlockRows)], part[2*(lo/kern.BlockRows)+1] = dd, nn
	})
	var dd, nn float64
	for b := 0; b < nb; b++ {
		dd += part[2*b]
		nn += part[2*b+1]
	}
	return math.Sqrt(dd) / math.Sqrt(nn)
}

// solveW is scikit-learn's _solve_W: W from sqrt(mean(X)/k), at most maxIter
// updates with H fixed, stopping when ‖ΔW‖_F/‖W‖_F ≤ Tol. It returns W and
// the number of updates.
//
// gH, when not nil, is HHᵀ (β = 2).
func (st *mbState) solveW(b batch, maxIter int, gH []float64) (*mat.Dense, int) {
	rows, cols := b.x.Dims()
	k := st.p.Components
	avg := math.Sqrt(b.x.Sum() / (float64(rows) * float64(cols)) / float64(k))
	w := mat.NewDense(rows, k, nil)
	wd := w.RawMatrix().Data
	for i := range wd {
		wd[i] = avg
	}
	prev := append([]float64(nil), wd...)
	l1W, _, l2W, _ := st.penalties(rows, cols)
	c := wCache{g: gH}
	it := 0
	for it < maxIter {
		st.updateW(b.x, w, l1W, l2W, &c)
		it++
		var dd, nn float64
		for i, v := range wd {
			d := v - prev[i]
			dd += float64(d * d)
			nn += float64(v * v)
		}
		if st.p.Tol > 0 && math.Sqrt(dd)/math.Sqrt(nn) <= st.p.Tol {
			break
		}
		copy(prev, wd)
	}
	return w, it
}

// converged is scikit-learn's _minibatch_convergence for step i (from 0):
// it smooths the batch cost with weight rows/(n_samples+1) and stops on a
// small change of H or on MaxNoImprovement steps without a new minimum.
func (st *mbState) converged(rows int, cost float64, i int) bool {
	if i == 0 {
		return false // H was not updated yet
	}
	if !st.haveEwa {
		st.ewa, st.haveEwa = cost, true
	} else {
		alpha := math.Min(float64(rows)/float64(st.nSamples+1), 1)
		st.ewa = float64(st.ewa*(1-alpha)) + float64(cost*alpha)
	}
	if st.p.Tol > 0 && st.hChange <= st.p.Tol {
		return true
	}
	if !st.haveMin || st.ewa < st.ewaMin {
		st.noImprovement = 0
		st.ewaMin, st.haveMin = st.ewa, true
	} else {
		st.noImprovement++
	}
	return st.p.MaxNoImprovement > 0 && st.noImprovement >= st.p.MaxNoImprovement
}

func zeroBelow(a []float64, eps float64) {
	for i, v := range a {
		if v < eps {
			a[i] = 0
		}
	}
}

func sum(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += v
	}
	return s
}

func sumSq(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += float64(v * v)
	}
	return s
}
