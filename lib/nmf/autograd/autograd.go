package autograd

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // the pure-Go backend
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/validate"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Options are the knobs of the autograd + Adam NMF: the Adam run's
// settings (sgd.AdamOptions, the type lib/gpu takes too) and the start.
type Options struct {
	// AdamOptions are Adam's LR, Betas and Eps (PyTorch's meaning), the
	// penalty weight Lam of λ·(mean(min(W,0)²) + mean(min(H,0)²)), and the
	// Steps Run takes, reporting after steps i (from 0) with
	// i % ReportEvery == ReportEvery−1, as the lesson does.
	sgd.AdamOptions
	// D is the number of components.
	D int
	// Scale and Seed give the start: |N(0, Scale²)| entries from numpy's
	// RandomState(Seed), W first (C order), then H.
	Scale float64
	Seed  uint32
	// Dense builds the loss literally from the dense m×n residual M − WH
	// (as the lesson's PyTorch code does) instead of the sparse form. Only
	// sensible for small matrices: O(m·n·d) per step.
	Dense bool
}

// Lesson returns the lesson's settings: d = 5, sgd.LessonAdam() (λ = 1e6,
// Adam lr 1e-3, betas (0.9, 0.9), eps 1e-8, 1000 steps reported every
// 100), scale 0.01.
func Lesson() Options {
	return Options{AdamOptions: sgd.LessonAdam(), D: 5, Scale: 0.01}
}

func (o *Options) check() error {
	switch {
	case o.D <= 0:
		return fmt.Errorf("autograd: D must be ≥ 1, got %d", o.D)
	case !(o.Scale > 0):
		return fmt.Errorf("autograd: Scale must be > 0, got %v", o.Scale)
	}
	if err := o.AdamOptions.Check(); err != nil {
		return fmt.Errorf("autograd: %w", err)
	}
	return nil
}

// Trainer runs Adam on the NMF loss with gradients from GoMLX's reverse-mode
// automatic differentiation.
type Trainer struct {
	Opts Options
	// W (m×d) and H (d×n) are the current factors; read them between steps.
	W, H *mat.Dense
	// Steps counts the steps taken.
	Steps int

	x          *sparse.CSR
	m, n       int
	backend    backends.Backend
	exec       *Exec
	inputs     []any // M's tensors (sparse triplets and ‖M‖², or dense M)
	mW, vW     []float64
	mH, vH     []float64
	mDense     *mat.Dense // for Dense
	lastLoss   float64
	normM2     float64
	rows, cols []int32
	vals       []float64
}

// New prepares a Trainer for the m×n matrix x (a *sparse.CSR or any
// mat.Matrix) from the random start of Options.Seed. The loss graph is
// built and compiled on the first step. Errors: bad options, NaN or
// infinite entries, no GoMLX backend.
func New(x mat.Matrix, o Options) (*Trainer, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	r, c := x.Dims()
	w, h := sgd.Init(r, c, sgd.Options{D: o.D, Scale: o.Scale, Seed: o.Seed})
	return NewFrom(x, w, h, o)
}

// NewFrom is New with a given start (w m×d, h d×n; copied). Errors: those
// of New, and a W or H of the wrong shape.
func NewFrom(x mat.Matrix, w, h *mat.Dense, o Options) (*Trainer, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	xs, err := validate.Start("autograd", x, w, h, o.D)
	if err != nil {
		return nil, err
	}
	m, n := xs.Dims()
	backend, err := backends.New()
	if err != nil {
		return nil, fmt.Errorf("autograd: no GoMLX backend: %w", err)
	}
	t := &Trainer{x: xs, Opts: o, W: mat.DenseCopyOf(w), H: mat.DenseCopyOf(h), m: m, n: n, backend: backend,
		mW: make([]float64, m*o.D), vW: make([]float64, m*o.D),
		mH: make([]float64, o.D*n), vH: make([]float64, o.D*n)}
	nrm := xs.Norm()
	t.normM2 = nrm * nrm
	lam := o.Lam
	if o.Dense {
		t.mDense = xs.ToDense()
		t.inputs = []any{tensors.FromFlatDataAndDimensions(t.mDense.RawMatrix().Data, m, n)}
		t.exec, err = NewExec(backend, func(M, W, H *Node) (*Node, *Node, *Node) {
			loss := Add(Sqrt(ReduceAllSum(Square(Sub(M, MatMul(W, H))))), penaltyNode(W, H, lam))
			g := Gradient(loss, W, H)
			return loss, g[0], g[1]
		})
	} else {
		nnz := xs.NNZ()
		t.rows, t.cols = make([]int32, nnz), make([]int32, nnz)
		_, _, xdata := xs.Raw()
		t.vals = append([]float64(nil), xdata...)
		indptr := xs.Indptr()
		for i := 0; i < m; i++ {
			for p := indptr[i]; p < indptr[i+1]; p++ {
				t.rows[p] = int32(i)
			}
		}
		for p, j := range xs.Indices() {
			t.cols[p] = int32(j)
		}
		t.inputs = []any{
			tensors.FromFlatDataAndDimensions(t.rows, nnz, 1),
			tensors.FromFlatDataAndDimensions(t.cols, nnz, 1),
			tensors.FromFlatDataAndDimensions(t.vals, nnz),
			tensors.FromValue(t.normM2),
		}
		t.exec, err = NewExec(backend, func(rows, cols, vals, normM2, W, H *Node) (*Node, *Node, *Node) {
			loss := Add(sparseResidualNorm(rows, cols, vals, normM2, W, H), penaltyNode(W, H, lam))
			g := Gradient(loss, W, H)
			return loss, g[0], g[1]
		})
	}
	if err != nil {
		return nil, fmt.Errorf("autograd: building the loss graph: %w", err)
	}
	return t, nil
}

// sparseResidualNorm builds ‖M − WH‖_F for M given by its non-zero triplets:
// sqrt(‖M‖² − 2·Σ_nz m_ij·(W_i·H_:j) + ⟨WᵀW, HHᵀ⟩), with the W_i and H_:j
// gathered per non-zero, so the graph never holds an m×n tensor.
func sparseResidualNorm(rows, cols, vals, normM2, W, H *Node) *Node {
	wg := Gather(W, rows, true)            // nnz×d
	hg := Gather(Transpose(H, 0, 1), cols) // nnz×d
	dots := ReduceSum(Mul(wg, hg), 1)      // nnz
	cross := ReduceAllSum(Mul(vals, dots)) // ⟨M, WH⟩
	wtw := MatMul(Transpose(W, 0, 1), W)   // d×d
	hht := MatMul(H, Transpose(H, 0, 1))   // d×d
	gg := ReduceAllSum(Mul(wtw, hht))      // ‖WH‖²
	sq := Add(Sub(normM2, MulScalar(cross, 2)), gg)
	return Sqrt(MaxScalar(sq, 0))
}

// penaltyNode builds λ·(mean(min(W,0)²) + mean(min(H,0)²)).
func penaltyNode(W, H *Node, lam float64) *Node {
	pen := func(a *Node) *Node { return ReduceAllMean(Square(MinScalar(a, 0))) }
	return MulScalar(Add(pen(W), pen(H)), lam)
}

// LossAndGrad evaluates the loss and its gradients (dW m×d, dH d×n) at the
// current W and H through the GoMLX graph.
func (t *Trainer) LossAndGrad() (loss float64, dW, dH []float64, err error) {
	args := append(append([]any{}, t.inputs...),
		tensors.FromFlatDataAndDimensions(t.W.RawMatrix().Data, t.m, t.Opts.D),
		tensors.FromFlatDataAndDimensions(t.H.RawMatrix().Data, t.Opts.D, t.n))
	out, err := t.exec.Exec(args...)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("autograd: running the loss graph: %w", err)
	}
	defer func() {
		for _, o := range out {
			o.FinalizeAll()
		}
	}()
	loss = tensors.ToScalar[float64](out[0])
	if dW, err = tensors.CopyFlatData[float64](out[1]); err != nil {
		return 0, nil, nil, err
	}
	if dH, err = tensors.CopyFlatData[float64](out[2]); err != nil {
		return 0, nil, nil, err
	}
	return loss, dW, dH, nil
}

// Step computes the loss and gradients by automatic differentiation and
// takes one Adam step (PyTorch's formulation: bias-corrected first moment
// over sqrt of the bias-corrected second moment plus eps). It returns the
// loss before the step.
func (t *Trainer) Step() (float64, error) {
	loss, dW, dH, err := t.LossAndGrad()
	if err != nil {
		return 0, err
	}
	t.Steps++
	o := t.Opts
	AdamUpdate(t.W.RawMatrix().Data, dW, t.mW, t.vW, t.Steps, o.AdamOptions)
	AdamUpdate(t.H.RawMatrix().Data, dH, t.mH, t.vH, t.Steps, o.AdamOptions)
	t.lastLoss = loss
	return loss, nil
}

// AdamUpdate applies one Adam step to p with gradient g and moment buffers
// m, v (updated in place), at step number step (from 1), exactly as
// torch.optim.Adam without weight decay or amsgrad:
//
//	m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
//	p ← p − (lr/(1−β1ᵗ)) · m / (sqrt(v)/sqrt(1−β2ᵗ) + eps)
//
// Each product is rounded before it is added (float64(a*b): no fused
// multiply-add, so that arm64 gives the bits amd64 gives).
func AdamUpdate(p, g, m, v []float64, step int, o sgd.AdamOptions) {
	b1, b2, eps := o.Betas[0], o.Betas[1], o.EpsOrDefault()
	bc1 := 1 - math.Pow(b1, float64(step))
	bc2 := math.Sqrt(1 - math.Pow(b2, float64(step)))
	stepSize := o.LR / bc1
	for i, gi := range g {
		m[i] = float64(b1*m[i]) + float64((1-b1)*gi)
		v[i] = float64(b2*v[i]) + float64((1-b2)*gi*gi)
		p[i] -= stepSize * m[i] / (math.Sqrt(v[i])/bc2 + eps)
	}
}

// Run takes Opts.Steps steps, writing the lesson's report line (see
// sgd.Report) to out after steps i with i % ReportEvery == ReportEvery−1
// (out may be nil), and returns the final report.
func (t *Trainer) Run(out io.Writer) (sgd.Report, error) {
	o := t.Opts
	for i := 0; i < o.Steps; i++ {
		if _, err := t.Step(); err != nil {
			return sgd.Report{}, err
		}
		if out != nil && o.ReportEvery > 0 && i%o.ReportEvery == o.ReportEvery-1 {
			fmt.Fprintln(out, t.Report())
		}
	}
	return t.Report(), nil
}

// Report returns ‖M − WH‖_F, min W, min H and the negative counts.
func (t *Trainer) Report() sgd.Report {
	rep := sgd.Report{Norm: ResidualNorm(t.x, t.W, t.H)}
	rep.MinW, rep.NegW = minNeg(t.W.RawMatrix().Data)
	rep.MinH, rep.NegH = minNeg(t.H.RawMatrix().Data)
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

// AdamOptions are Adam's settings, the type lib/gpu takes too; NewAdam
// reads torch.optim.Adam's three: LR, Betas and Eps (0: PyTorch's 1e-8).
type AdamOptions = sgd.AdamOptions

// NewAdam returns a Trainer that minimises the lesson's loss
// ‖M − WH‖_F + lam·(mean(min(W,0)²) + mean(min(H,0)²)) over w (m×d) and
// h (d×n) by Adam with the given settings, its gradients from GoMLX's
// automatic differentiation. Unlike NewFrom it works on w and h
// themselves: each Step changes them in place, as PyTorch's optimizer
// changes its parameters. Errors: those of NewFrom.
func NewAdam(m mat.Matrix, w, h *mat.Dense, lam float64, a AdamOptions) (*Trainer, error) {
	if w == nil || h == nil {
		return nil, errors.New("autograd: W and H must not be nil")
	}
	_, d := w.Dims()
	o := Lesson()
	o.D, o.Lam, o.LR, o.Betas, o.Eps = d, lam, a.LR, a.Betas, a.EpsOrDefault()
	t, err := NewFrom(m, w, h, o)
	if err != nil {
		return nil, err
	}
	t.W.Copy(w) // the same values; now train w and h themselves
	t.H.Copy(h)
	t.W, t.H = w, h
	return t, nil
}
