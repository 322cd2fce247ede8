package autograd

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

func smallCSR(r, c int, density float64, seed uint64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 2))
	a := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if rng.Float64() < density {
				a.Set(i, j, rng.Float64())
			}
		}
	}
	return sparse.FromDense(a)
}

// start returns a W and H with some negative entries, so that the penalty
// gradient is exercised.
func start(m, n, d int, seed uint64) (*mat.Dense, *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 3))
	w, h := mat.NewDense(m, d, nil), mat.NewDense(d, n, nil)
	for _, a := range []*mat.Dense{w, h} {
		raw := a.RawMatrix().Data
		for i := range raw {
			raw[i] = rng.Float64()*0.5 - 0.1
		}
	}
	return w, h
}

func maxAbsDiff(a []float64, b *mat.Dense) float64 {
	var d float64
	for i, v := range b.RawMatrix().Data {
		d = math.Max(d, math.Abs(a[i]-v))
	}
	return d
}

func TestAutodiffMatchesAnalyticGradient(t *testing.T) {
	x := smallCSR(12, 9, 0.4, 1)
	w, h := start(12, 9, 3, 2)
	for _, dense := range []bool{false, true} {
		o := Lesson()
		o.D, o.Lam, o.Dense = 3, 10, dense
		tr, err := NewFrom(x, w, h, o)
		if err != nil {
			t.Fatal(err)
		}
		loss, dW, dH, err := tr.LossAndGrad()
		if err != nil {
			t.Fatal(err)
		}
		wantLoss, wantW, wantH := Grad(x, w, h, o.Lam)
		if math.Abs(loss-wantLoss) > 1e-12*wantLoss {
			t.Errorf("dense=%v: loss %v, analytic %v", dense, loss, wantLoss)
		}
		if d := maxAbsDiff(dW, wantW); d > 1e-12 {
			t.Errorf("dense=%v: dW differs from the analytic gradient by %g", dense, d)
		}
		if d := maxAbsDiff(dH, wantH); d > 1e-12 {
			t.Errorf("dense=%v: dH differs from the analytic gradient by %g", dense, d)
		}
	}
}

func TestAnalyticGradientFiniteDifferences(t *testing.T) {
	x := smallCSR(7, 6, 0.5, 3)
	w, h := start(7, 6, 2, 4)
	const lam, step = 3.0, 1e-6
	_, dW, dH := Grad(x, w, h, lam)
	for _, c := range []struct {
		a, g *mat.Dense
	}{{w, dW}, {h, dH}} {
		r, cc := c.a.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < cc; j++ {
				v := c.a.At(i, j)
				c.a.Set(i, j, v+step)
				up := Loss(x, w, h, lam)
				c.a.Set(i, j, v-step)
				down := Loss(x, w, h, lam)
				c.a.Set(i, j, v)
				fd := (up - down) / (2 * step)
				if math.Abs(fd-c.g.At(i, j)) > 1e-6 {
					t.Errorf("gradient (%d,%d) = %v, finite difference %v", i, j, c.g.At(i, j), fd)
				}
			}
		}
	}
}

func TestAdamUpdateMatchesPyTorchFormula(t *testing.T) {
	o := Lesson()
	p := []float64{1, -2}
	m, v := make([]float64, 2), make([]float64, 2)
	g := []float64{0.5, -4}
	// Step 1: m = 0.1g, v = 0.1g², bias corrections 0.1 and sqrt(0.1), so
	// the step is lr·g/(|g| + eps·…) ≈ lr·sign(g).
	AdamUpdate(p, g, m, v, 1, o.AdamOptions)
	for i, want := range []float64{1 - 1e-3*0.5/(0.5+1e-8), -2 + 1e-3*4/(4+1e-8)} {
		if math.Abs(p[i]-want) > 1e-15 {
			t.Errorf("p[%d] = %.17g after one step, want %.17g", i, p[i], want)
		}
	}
}

func TestTrainingReducesLoss(t *testing.T) {
	x := smallCSR(20, 15, 0.3, 5)
	o := Lesson()
	o.D, o.LR, o.Steps = 3, 1e-2, 200
	tr, err := New(x, o)
	if err != nil {
		t.Fatal(err)
	}
	first := Loss(x, tr.W, tr.H, o.Lam)
	rep, err := tr.Run(nil)
	if err != nil {
		t.Fatal(err)
	}
	last := Loss(x, tr.W, tr.H, o.Lam)
	if !(last < 0.8*first) {
		t.Errorf("loss went from %v to %v in %d Adam steps; want a clear decrease", first, last, o.Steps)
	}
	if rep.Norm > last {
		t.Errorf("report norm %v exceeds the loss %v it is part of", rep.Norm, last)
	}
}

func TestBadInput(t *testing.T) {
	x := smallCSR(5, 4, 0.5, 6)
	o := Lesson()
	o.D = 0
	if _, err := New(x, o); err == nil {
		t.Error("D = 0: no error")
	}
	o = Lesson()
	o.Betas[0] = 1
	if _, err := New(x, o); err == nil {
		t.Error("beta1 = 1: no error")
	}
	a := mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1})
	if _, err := New(a, Lesson()); err == nil {
		t.Error("NaN input: no error")
	}
	w, h := start(5, 4, 2, 1)
	o = Lesson()
	o.D = 3
	if _, err := NewFrom(x, w, h, o); err == nil {
		t.Error("W, H with 2 components for D = 3: no error")
	}
}
