package sgd

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/memlimit"
	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/internal/small"
	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/nmf/internal/validate"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Options are the knobs of the lesson's gradient-descent NMF.
type Options struct {
	// D is the number of components (topics).
	D int
	// Lam weighs the penalty that pushes negative entries back up.
	Lam float64
	// LR is the learning rate (step size).
	LR float64
	// Mu is the threshold below which an entry is penalised.
	Mu float64
	// Decay multiplies LR after steps i with i % DecayEvery == 0 (i counted
	// from 0, as the lesson's loop does); DecayEvery 0 means no decay.
	Decay      float64
	DecayEvery int
	// Steps is the number of steps Run takes; ReportEvery prints a report
	// after steps i with i % ReportEvery == 0 (0: no reports).
	Steps, ReportEvery int
	// Scale is the standard deviation of the initial |N(0, Scale²)| entries.
	Scale float64
	// Seed seeds numpy's RandomState for the initial W (drawn first, C
	// order) and H, as np.abs(np.random.normal(scale=0.01, size=…)).
	Seed uint32
}

// Lesson returns the numpy cells' settings: d = 5, λ = 1e3, lr = 1e-2,
// μ = 1e-6, 50 steps reported every 10, initial scale 0.01.
func Lesson() Options {
	return Options{D: 5, Lam: 1e3, LR: 1e-2, Mu: 1e-6, Steps: 50, ReportEvery: 10, Scale: 0.01}
}

// GPU returns the PyTorch GPU cells' settings: d = 6, λ = 100, lr = 0.05
// multiplied by 0.9 after steps 0, 100, …, 900 of 1000, μ = 1e-5, reports
// every 100 steps, initial scale 0.01.
func GPU() Options {
	return Options{D: 6, Lam: 100, LR: 0.05, Mu: 1e-5, Decay: 0.9, DecayEvery: 100, Steps: 1000, ReportEvery: 100, Scale: 0.01}
}

// Check returns an error naming the first setting out of range: D ≥ 1,
// Scale > 0, and those CheckSteps checks. NewState calls it.
func (o Options) Check() error {
	switch {
	case o.D <= 0:
		return fmt.Errorf("sgd: D (number of components) must be ≥ 1, got %d", o.D)
	case !(o.Scale > 0):
		return fmt.Errorf("sgd: Scale must be > 0, got %v", o.Scale)
	}
	return o.CheckSteps()
}

// CheckSteps checks the settings of the steps alone, for a run from a
// given start (where D and Scale play no part, as on the GPU): LR finite
// and > 0, Lam finite and ≥ 0, Mu finite, Steps, ReportEvery and
// DecayEvery ≥ 0, and Decay finite and > 0 when DecayEvery > 0.
func (o Options) CheckSteps() error {
	switch {
	case !(o.LR > 0) || math.IsInf(o.LR, 0):
		return fmt.Errorf("sgd: LR must be a finite number > 0, got %v", o.LR)
	case !(o.Lam >= 0) || math.IsInf(o.Lam, 0):
		return fmt.Errorf("sgd: Lam must be a finite number ≥ 0, got %v", o.Lam)
	case math.IsNaN(o.Mu) || math.IsInf(o.Mu, 0):
		return fmt.Errorf("sgd: Mu must be finite, got %v", o.Mu)
	case o.Steps < 0 || o.ReportEvery < 0 || o.DecayEvery < 0:
		return fmt.Errorf("sgd: Steps, ReportEvery and DecayEvery must be ≥ 0, got %d, %d and %d", o.Steps, o.ReportEvery, o.DecayEvery)
	case o.DecayEvery > 0 && (!(o.Decay > 0) || math.IsInf(o.Decay, 0)):
		return fmt.Errorf("sgd: Decay must be a finite number > 0 when DecayEvery is set, got %v (DecayEvery 0: no decay)", o.Decay)
	}
	return nil
}

// Init returns the lesson's random start: W (m×d) then H (d×n) filled in C
// order with |N(0, Scale²)| draws from numpy's RandomState(Seed).
func Init(m, n int, o Options) (w, h *mat.Dense) {
	rs := nprand.New(o.Seed)
	w = mat.NewDense(m, o.D, nil)
	h = mat.NewDense(o.D, n, nil)
	for _, a := range []*mat.Dense{w, h} {
		d := a.RawMatrix().Data
		for i := range d {
			d[i] = math.Abs(o.Scale * rs.StandardNormal())
		}
	}
	return w, h
}

// Penalty sets dst to the element-wise penalty gradient of a:
//
//	pen(a)_ij = min(a_ij − μ, 0)   (0 when a_ij ≥ μ)
//
// This is what the lesson's numpy penalty means. Its code,
// np.where(M>=mu, 0, np.min(M - mu, 0)), takes np.min along axis 0, so
// every penalised entry gets its column's minimum of a − μ instead of its
// own; the PyTorch version of the lesson has the element-wise form used
// here. dst may be a; an empty dst is sized like a.
func Penalty(dst, a *mat.Dense, mu float64) {
	r, c := a.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	}
	for i := 0; i < r; i++ {
		arow, drow := a.RawRowView(i), dst.RawRowView(i)
		for j, v := range arow {
			drow[j] = min(v-mu, 0)
		}
	}
}

// Grads returns the gradients of ½‖M − WH‖²_F plus the penalty, computed
// literally as in the lesson, forming the dense m×n residual R = WH − M:
//
//	dW = R·Hᵀ + λ·pen(W),  dH = Wᵀ·R + λ·pen(H)
//
// It costs O(m·n·d) time and O(m·n) memory whatever M's sparsity: this is
// the slow version, kept to show why. Panics on mismatched shapes.
func Grads(m mat.Matrix, w, h *mat.Dense, lam, mu float64) (dW, dH *mat.Dense) {
	var r mat.Dense
	r.Mul(w, h)
	r.Sub(&r, m)
	dW, dH = &mat.Dense{}, &mat.Dense{}
	dW.Mul(&r, h.T())
	dH.Mul(w.T(), &r)
	var p mat.Dense
	Penalty(&p, w, mu)
	dW.Add(dW, scaled(&p, lam))
	p.Reset()
	Penalty(&p, h, mu)
	dH.Add(dH, scaled(&p, lam))
	return dW, dH
}

func scaled(a *mat.Dense, f float64) *mat.Dense {
	a.Scale(f, a)
	return a
}

// Upd takes one literal gradient step in place: both gradients are computed
// from the current W and H, then W −= lr·dW and H −= lr·dH (the lesson's
// upd).
func Upd(m mat.Matrix, w, h *mat.Dense, lr, lam, mu float64) {
	dW, dH := Grads(m, w, h, lam, mu)
	dW.Scale(lr, dW)
	dH.Scale(lr, dH)
	w.Sub(w, dW)
	h.Sub(h, dH)
}

// Report is what the lesson's report prints: ‖M − WH‖_F, min W, min H and
// the numbers of negative entries of W and H. The CPU (State, and
// lib/nmf/autograd) and the GPU (lib/gpu) give the same type.
type Report struct {
	// Step is the 0-based step after which the report was taken (−1:
	// before any step), where the run records it (lib/gpu does).
	Step int
	Norm float64
	// NormSquared is ‖M − WH‖²_F as accumulated, when the run keeps it
	// (lib/gpu does; Norm is its square root).
	NormSquared float64
	MinW, MinH  float64
	NegW, NegH  int
}

// String formats the report as the lesson's print does: the norm, min W,
// min H, then the two counts.
func (r Report) String() string {
	return fmt.Sprintf("%.10g %.10g %.10g %d %d", r.Norm, r.MinW, r.MinH, r.NegW, r.NegH)
}

// ReportOf computes the report literally, from the dense residual, in
// O(m·n·d).
func ReportOf(m mat.Matrix, w, h *mat.Dense) Report {
	var r mat.Dense
	r.Mul(w, h)
	r.Sub(m, &r)
	rep := Report{Norm: mat.Norm(&r, 2)}
	rep.MinW, rep.NegW = minNeg(w.RawMatrix().Data)
	rep.MinH, rep.NegH = minNeg(h.RawMatrix().Data)
	return rep
}

func minNeg(d []float64) (float64, int) {
	lo, neg := math.Inf(1), 0
	for _, v := range d {
		lo = min(lo, v)
		if v < 0 {
			neg++
		}
	}
	return lo, neg
}

// State is the fast form of the same gradient descent on a sparse M. It
// never forms WH or the residual; each step uses
//
//	dW = W·(HHᵀ) − M·Hᵀ + λ·pen(W)
//	dH = (WᵀW)·H − Wᵀ·M + λ·pen(H)
//
// (the same gradients as Grads, regrouped), costing O(nnz·d + (m+n)·d²)
// per step split across cores, and the norm in Report uses
//
//	‖M − WH‖² = ‖M‖² − 2⟨M·Hᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩.
//
// H is stored transposed (Ht, n×d) so that both updates read rows.
type State struct {
	M  *sparse.CSR
	W  *mat.Dense // m×d
	Ht *mat.Dense // n×d, the transpose of the lesson's H
	// LR is the current learning rate; Run decays it.
	LR   float64
	Opts Options
	// Steps counts the steps taken.
	Steps int

	normM2        float64
	mht, mtw      mat.Dense // M·Hᵀ (m×d), Mᵀ·W (n×d)
	hht, wtw      []float64 // d×d Grams
	gradW, gradHt []float64
}

// NewState starts gradient descent on m (a *sparse.CSR, or a dense matrix
// converted to CSR) from Init's random W and H. Errors: invalid options, an
// empty or nil m, NaN or infinite entries of m, entries above 1e100 (whose
// squares overflow), and a D whose buffers would not fit in the machine's
// memory. (Negative entries are allowed: the method
// does not need them non-negative, although NMF is meant for M ≥ 0.)
func NewState(m mat.Matrix, o Options) (*State, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("sgd: M is nil; pass the document-term matrix")
	}
	r, c := m.Dims()
	if err := checkSize(r, c, o.D, 2); err != nil {
		return nil, err
	}
	w, h := Init(r, c, o)
	return NewStateFrom(m, w, h, o)
}

// NewStateFrom is NewState with a given start (w m×d, h d×n, copied).
// Errors: those of NewState, and a W or H of the wrong shape.
func NewStateFrom(m mat.Matrix, w, h *mat.Dense, o Options) (*State, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("sgd: M is nil; pass the document-term matrix")
	}
	if r, c := m.Dims(); r == 0 || c == 0 || o.D > 0 {
		if err := checkSize(r, c, o.D, 0); err != nil {
			return nil, err
		}
	}
	ms, err := validate.Start("sgd", m, w, h, o.D)
	if err != nil {
		return nil, err
	}
	_, _, data := ms.Raw()
	if mx := scale.MaxAbs(data); mx > scale.Max {
		return nil, fmt.Errorf("sgd: M has entries up to %g; gradient descent with a fixed learning rate overflows at this scale (‖M‖² is %g): divide M by its largest entry first (the lesson's tf-idf weights are below 1)", mx, mx*mx)
	}
	r, c := ms.Dims()
	d := o.D
	s := &State{M: ms, W: mat.DenseCopyOf(w), Ht: mat.DenseCopyOf(h.T()), LR: o.LR, Opts: o,
		hht: make([]float64, d*d), wtw: make([]float64, d*d),
		gradW: make([]float64, r*d), gradHt: make([]float64, c*d)}
	n := ms.Norm()
	s.normM2 = n * n
	return s, nil
}

// checkSize reports an empty M and a D whose buffers (W, Hᵀ, their
// gradients and the products M·Hᵀ and Mᵀ·W, plus extra copies of W and H)
// could not fit in memory.
func checkSize(r, c, d, extra int) error {
	if r == 0 || c == 0 {
		return fmt.Errorf("sgd: M is empty (%d×%d); it needs at least one row and one column", r, c)
	}
	need := memlimit.Floats([]int{r + c, d, 3 + extra}, []int{2, d, d})
	return memlimit.Check(fmt.Sprintf("sgd: D = %d components on a %d×%d matrix", d, r, c), need,
		"choose a smaller D (the lesson uses 5)")
}

// ErrDiverged is returned (wrapped) by Step and Run when W or H holds NaN or
// infinite entries: the step size is too large for the matrix.
var ErrDiverged = errors.New("sgd: gradient descent diverged")

// H returns the d×n factor H (a copy).
func (s *State) H() *mat.Dense { return mat.DenseCopyOf(s.Ht.T()) }

// Grads computes the fast gradients at the current W and H into the
// State's buffers and returns them (dW m×d and dHᵀ n×d, row-major; valid
// until the next call).
//
// Grads, Step and Norm write each product that is added as float64(a*b):
// no fused multiply-add, so that arm64 gives the bits amd64 gives.
func (s *State) Grads() (dW, dHt []float64) {
	d := s.Opts.D
	m, _ := s.W.Dims()
	n, _ := s.Ht.Dims()
	wd, hd := s.W.RawMatrix().Data, s.Ht.RawMatrix().Data
	kern.MulDense(&s.mht, s.M, s.Ht)
	kern.MulDense(&s.mtw, s.M.Transpose(), s.W)
	kern.Gram(s.hht, hd, n, d)
	kern.Gram(s.wtw, wd, m, d)
	small.Mul(s.gradW, d, wd, d, s.hht, d, m, d, d)
	small.Mul(s.gradHt, d, hd, d, s.wtw, d, n, d, d)
	lam, mu := s.Opts.Lam, s.Opts.Mu
	finish := func(g, a, b []float64) {
		kern.ForBlocks(len(g)/d, d, func(lo, hi int) {
			for i := lo * d; i < hi*d; i++ {
				g[i] += float64(lam*min(a[i]-mu, 0)) - b[i]
			}
		})
	}
	finish(s.gradW, wd, s.mht.RawMatrix().Data)
	finish(s.gradHt, hd, s.mtw.RawMatrix().Data)
	return s.gradW, s.gradHt
}

// Step takes one gradient step with the current LR: W −= LR·dW and
// H −= LR·dH, both gradients from the W and H before the step.
//
// It returns an error wrapping ErrDiverged, naming the step and the
// learning rate, once W or H holds NaN or infinite entries (a learning rate
// too large for M makes every step overshoot and the entries grow without
// bound); the factors are then useless and further steps change nothing.
func (s *State) Step() error {
	gw, gh := s.Grads()
	lr := s.LR
	bad := 0.0
	for _, p := range [][2][]float64{{s.W.RawMatrix().Data, gw}, {s.Ht.RawMatrix().Data, gh}} {
		a, g := p[0], p[1]
		for i := range a {
			a[i] -= float64(lr * g[i])
			bad += float64(a[i] * 0) // NaN once any entry is NaN or ±Inf
		}
	}
	s.Steps++
	if bad != 0 || math.IsNaN(bad) {
		return fmt.Errorf("%w at step %d: W or H has NaN or infinite entries; the learning rate LR = %g is too large for this matrix: lower it (the lesson uses 1e-2 on tf-idf weights below 1) or scale M down", ErrDiverged, s.Steps, lr)
	}
	return nil
}

// Norm returns ‖M − WH‖_F from the Gram identity in O(nnz·d + (m+n)·d²).
func (s *State) Norm() float64 {
	d := s.Opts.D
	m, _ := s.W.Dims()
	n, _ := s.Ht.Dims()
	wd, hd := s.W.RawMatrix().Data, s.Ht.RawMatrix().Data
	kern.MulDense(&s.mht, s.M, s.Ht)
	kern.Gram(s.hht, hd, n, d)
	kern.Gram(s.wtw, wd, m, d)
	var cross, gg float64
	for i, v := range s.mht.RawMatrix().Data {
		cross += float64(v * wd[i])
	}
	for i, v := range s.hht {
		gg += float64(v * s.wtw[i])
	}
	return math.Sqrt(math.Max(s.normM2-2*cross+gg, 0))
}

// Report returns the lesson's report for the current W and H.
func (s *State) Report() Report {
	rep := Report{Norm: s.Norm()}
	rep.MinW, rep.NegW = minNeg(s.W.RawMatrix().Data)
	rep.MinH, rep.NegH = minNeg(s.Ht.RawMatrix().Data)
	return rep
}

// Run takes Opts.Steps steps like the lesson's loop: after step i (from 0)
// it writes a report line to out when i % ReportEvery == 0 (out may be
// nil), then multiplies LR by Decay when i % DecayEvery == 0. It returns
// the final report. It stops at the first step that diverges (see Step)
// and returns that step's report and error.
func (s *State) Run(out io.Writer) (Report, error) {
	o := s.Opts
	for i := 0; i < o.Steps; i++ {
		if err := s.Step(); err != nil {
			return s.Report(), err
		}
		if out != nil && o.ReportEvery > 0 && i%o.ReportEvery == 0 {
			fmt.Fprintln(out, s.Report())
		}
		if o.DecayEvery > 0 && i%o.DecayEvery == 0 {
			s.LR *= o.Decay
		}
	}
	return s.Report(), nil
}
