package nmf

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// planted returns W₀·H₀ for random non-negative W₀ (m×k) and sparse H₀.
func planted(m, n, k int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	w := mat.NewDense(m, k, nil)
	h := mat.NewDense(k, n, nil)
	for i := 0; i < m; i++ {
		w.Set(i, rng.IntN(k), 1+rng.Float64())
		w.Set(i, rng.IntN(k), rng.Float64())
	}
	for t := 0; t < k; t++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < 0.4 {
				h.Set(t, j, rng.Float64())
			}
		}
	}
	var x mat.Dense
	x.Mul(w, h)
	return &x
}

func TestPlantedFactorisationRecovered(t *testing.T) {
	x := planted(60, 40, 4, 1)
	for _, solver := range []string{SolverCD, SolverMU} {
		p := New(4)
		p.Solver, p.RandomState, p.MaxIter, p.Tol = solver, 0, 2000, 1e-10
		model, err := p.FitTransform(x)
		if err != nil {
			t.Fatal(err)
		}
		rel := model.ReconstructionErr / mat.Norm(x, 2)
		want := 1e-6
		if solver == SolverMU {
			want = 1e-3 // multiplicative updates converge slowly
		}
		if rel > want {
			t.Errorf("%s: ‖X − WH‖/‖X‖ = %.3g on an exact rank-4 product, want ≤ %g", solver, rel, want)
		}
	}
}

func TestNonNegativeAndMonotone(t *testing.T) {
	x := sparse.FromDense(planted(50, 30, 5, 2))
	// add noise so that the fit is not exact
	data := x.Data()
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range data {
		data[i] *= 0.5 + rng.Float64()
	}
	for _, solver := range []string{SolverCD, SolverMU} {
		prev := math.Inf(1)
		for iters := 1; iters <= 40; iters += 3 {
			p := New(3)
			p.Solver, p.RandomState, p.MaxIter, p.Tol = solver, 4, iters, 0
			model, err := p.FitTransform(x)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []*mat.Dense{model.W, model.Components} {
				for _, v := range a.RawMatrix().Data {
					if !(v >= 0) {
						t.Fatalf("%s: factor entry %v is not ≥ 0", solver, v)
					}
				}
			}
			e := model.ReconstructionErr
			if e > prev*(1+1e-12) {
				t.Errorf("%s: error rose from %.15g to %.15g at %d iterations", solver, prev, e, iters)
			}
			prev = e
		}
	}
}

func TestDenseEqualsSparseAndDeterministic(t *testing.T) {
	xd := planted(40, 25, 3, 5)
	xd.Set(0, 0, 0)
	xs := sparse.FromDense(xd)
	for _, solver := range []string{SolverCD, SolverMU} {
		for _, init := range []string{InitNNDSVDA, InitRandom} {
			p := New(3)
			p.Solver, p.Init, p.RandomState, p.Shuffle = solver, init, 11, solver == SolverCD
			a, err := p.FitTransform(xd)
			if err != nil {
				t.Fatal(err)
			}
			b, err := p.FitTransform(xs)
			if err != nil {
				t.Fatal(err)
			}
			c, err := p.FitTransform(xs)
			if err != nil {
				t.Fatal(err)
			}
			if !mat.Equal(a.W, b.W) || !mat.Equal(a.Components, b.Components) || a.NIter != b.NIter {
				t.Errorf("%s/%s: dense and sparse input give different factors", solver, init)
			}
			if !mat.Equal(b.W, c.W) || !mat.Equal(b.Components, c.Components) {
				t.Errorf("%s/%s: two runs with the same seed differ", solver, init)
			}
			if d := math.Abs(a.ReconstructionErr - b.ReconstructionErr); d > 1e-10*b.ReconstructionErr {
				t.Errorf("%s/%s: error %v (dense) vs %v (sparse)", solver, init, a.ReconstructionErr, b.ReconstructionErr)
			}
		}
	}
}

func TestParallelEqualsSerial(t *testing.T) {
	// More rows than one block, so that partial sums are combined.
	x := sparse.FromDense(planted(3000, 500, 6, 9))
	run := func() *Model {
		p := New(6)
		p.Init, p.RandomState, p.MaxIter = InitRandom, 2, 15
		m, err := p.FitTransform(x)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	savedWork := kern.SerialWork
	kern.SerialWork = 0 // split every loop that can be split
	par := run()
	kern.SerialWork = savedWork
	saved := kern.Workers
	kern.Workers = func() int { return 1 }
	ser := run()
	kern.Workers = saved
	if !mat.Equal(par.W, ser.W) || !mat.Equal(par.Components, ser.Components) || par.ReconstructionErr != ser.ReconstructionErr {
		t.Error("parallel and serial runs differ")
	}
}

func TestReconstructionErrorFormulas(t *testing.T) {
	x := planted(20, 15, 3, 4)
	rng := rand.New(rand.NewPCG(1, 1))
	w := mat.NewDense(20, 2, nil)
	h := mat.NewDense(2, 15, nil)
	for _, a := range []*mat.Dense{w, h} {
		for i := range a.RawMatrix().Data {
			a.RawMatrix().Data[i] = rng.Float64()
		}
	}
	var r mat.Dense
	r.Mul(w, h)
	r.Sub(x, &r)
	want := mat.Norm(&r, 2)
	for name, got := range map[string]float64{
		"dense":  ReconstructionError(x, w, h),
		"sparse": ReconstructionError(sparse.FromDense(x), w, h),
	} {
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("%s: ‖X − WH‖ = %.17g, want %.17g", name, got, want)
		}
	}
}

func TestTransformRecoversW(t *testing.T) {
	x := planted(30, 40, 3, 8)
	p := New(3)
	p.RandomState, p.MaxIter, p.Tol = 0, 1000, 1e-12
	model, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := model.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	var back mat.Dense
	back.Mul(tr.W, model.Components)
	back.Sub(&back, x)
	if rel := mat.Norm(&back, 2) / mat.Norm(x, 2); rel > 1e-5 {
		t.Errorf("Transform of the training data reconstructs it to %.3g relative, want ≤ 1e-5", rel)
	}
}

func TestConvergenceWarning(t *testing.T) {
	x := planted(20, 15, 3, 6)
	p := New(3)
	p.MaxIter, p.RandomState = 2, 0
	model, err := p.FitTransform(x)
	if err != nil {
		t.Fatalf("non-convergence returned an error: %v", err)
	}
	if model.Warning == nil || model.NIter != 2 {
		t.Fatalf("NIter %d, Warning %v; want 2 and a warning", model.NIter, model.Warning)
	}
	if !strings.Contains(model.Warning.Error(), "maximum number of iterations 2") {
		t.Errorf("warning text %q", model.Warning.Error())
	}
}

func TestBadInput(t *testing.T) {
	good := planted(10, 8, 2, 1)
	neg := mat.DenseCopyOf(good)
	neg.Set(3, 4, -0.5)
	nan := mat.DenseCopyOf(good)
	nan.Set(1, 1, math.NaN())
	inf := mat.DenseCopyOf(good)
	inf.Set(2, 2, math.Inf(1))
	cases := []struct {
		name string
		p    func() *NMF
		x    mat.Matrix
		want string
	}{
		{"negative", func() *NMF { return New(2) }, neg, "negative values in data passed to NMF (input X)"},
		{"nan", func() *NMF { return New(2) }, nan, "NaN"},
		{"inf", func() *NMF { return New(2) }, inf, "infinity"},
		{"k=0", func() *NMF { return New(0) }, good, "components"},
		{"k<0", func() *NMF { return New(-3) }, good, "components"},
		{"init", func() *NMF { p := New(2); p.Init = "svd"; return p }, good, "unknown init"},
		{"solver", func() *NMF { p := New(2); p.Solver = "als"; return p }, good, "unknown solver"},
		{"beta", func() *NMF { p := New(2); p.BetaLoss = KullbackLeibler; return p }, good, "does not handle"},
		{"tol", func() *NMF { p := New(2); p.Tol = -1; return p }, good, "Tol"},
		{"alpha", func() *NMF { p := New(2); p.AlphaW = -1; return p }, good, "AlphaW"},
		{"l1", func() *NMF { p := New(2); p.L1Ratio = 2; return p }, good, "L1Ratio"},
		{"zero value", func() *NMF { return &NMF{Components: 2} }, good, "MaxIter"},
		{"nndsvd k>min", func() *NMF { p := New(9); p.Init = InitNNDSVD; return p }, good, "only be used when"},
		{"custom without W,H", func() *NMF { p := New(2); p.Init = InitCustom; return p }, good, "FitTransformCustom"},
		{"nil", func() *NMF { return New(2) }, nil, "nil"},
	}
	for _, c := range cases {
		_, err := c.p().FitTransform(c.x)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.want)) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
	_, err := New(2).FitTransform(neg)
	if !errors.Is(err, ErrNegative) {
		t.Errorf("negative input: error %v is not ErrNegative", err)
	}
	// Custom W and H of the wrong shape, negative, or all zero.
	for _, c := range []struct {
		name string
		w, h mat.Matrix
		want string
	}{
		{"W shape", mat.NewDense(9, 2, nil), planted(2, 8, 1, 2), "wrong shape"},
		{"H shape", mat.NewDense(10, 2, nil), mat.NewDense(3, 8, nil), "wrong shape"},
		{"zeros", mat.NewDense(10, 2, nil), planted(2, 8, 1, 2), "full of zeros"},
		{"negative", mat.NewDense(10, 2, []float64{-1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), planted(2, 8, 1, 2), "negative"},
	} {
		_, err := New(2).FitTransformCustom(good, c.w, c.h)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("custom %s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	// Transform with the wrong number of features.
	p := New(2)
	p.RandomState = 0
	model, err := p.FitTransform(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Transform(mat.NewDense(3, 7, nil)); err == nil || !strings.Contains(err.Error(), "features") {
		t.Errorf("Transform with 7 features: error %v", err)
	}
}

func TestCustomInitIsStartingPoint(t *testing.T) {
	x := planted(15, 10, 2, 3)
	w0, h0, err := Initialize(x, 2, InitNNDSVDA, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := New(2)
	p.RandomState = 0
	a, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.FitTransformCustom(x, w0, h0)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(a.W, b.W) || !mat.Equal(a.Components, b.Components) {
		t.Error("custom init with Initialize's nndsvda start differs from init nndsvda")
	}
	if b.Params.Init != InitCustom || a.Params.Init != InitNNDSVDA {
		t.Errorf("resolved inits %q, %q", a.Params.Init, b.Params.Init)
	}
}

// TestProgressDoesNotChangeResults fits with and without Progress: the
// factors must be bit for bit the same (progress only reads clocks).
func TestProgressDoesNotChangeResults(t *testing.T) {
	x := mat.NewDense(6, 5, []float64{
		1, 0, 2, 0, 3, 0, 1, 0, 4, 0, 5, 0, 0, 1, 0, 0, 2, 1, 0, 1,
		3, 0, 0, 2, 0, 1, 1, 0, 0, 4,
	})
	var buf bytes.Buffer
	a, b := New(2), New(2)
	a.RandomState, b.RandomState = 0, 0
	b.Progress = &buf
	ma, err := a.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := b.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(ma.W, mb.W) || !mat.Equal(ma.Components, mb.Components) || ma.NIter != mb.NIter {
		t.Error("Progress changed the fit")
	}
}
