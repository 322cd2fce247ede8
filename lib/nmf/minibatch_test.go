package nmf

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

type mbCase struct {
	Name              string         `json:"name"`
	K                 int            `json:"k"`
	Dense             bool           `json:"dense"`
	Params            map[string]any `json:"params"`
	X                 [][]float64    `json:"x"`
	XNew              [][]float64    `json:"xnew"`
	W                 [][]float64    `json:"w"`
	H                 [][]float64    `json:"h"`
	NIter             int            `json:"n_iter"`
	NSteps            int            `json:"n_steps"`
	ReconstructionErr float64        `json:"reconstruction_err"`
	WNew              [][]float64    `json:"w_new"`
}

type mbPartialCase struct {
	Name           string         `json:"name"`
	K              int            `json:"k"`
	Params         map[string]any `json:"params"`
	Chunks         []int          `json:"chunks"`
	X              [][]float64    `json:"x"`
	XNew           [][]float64    `json:"xnew"`
	H              [][][]float64  `json:"h"`
	NSteps         []int          `json:"n_steps"`
	WNew           [][]float64    `json:"w_new"`
	AfterFitH      [][]float64    `json:"after_fit_h"`
	AfterFitNSteps int            `json:"after_fit_n_steps"`
}

func loadMiniBatchFixture(t *testing.T) (cases []mbCase, partial []mbPartialCase) {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_minibatch.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases   []mbCase        `json:"cases"`
		Partial []mbPartialCase `json:"partial"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Cases, f.Partial
}

// miniBatchParams translates the fixture's scikit-learn keyword arguments.
func miniBatchParams(t *testing.T, k int, params map[string]any) *MiniBatchNMF {
	t.Helper()
	p := NewMiniBatch(k)
	for key, v := range params {
		switch key {
		case "init":
			p.Init = v.(string)
		case "batch_size":
			p.BatchSize = int(v.(float64))
		case "beta_loss":
			switch b := v.(type) {
			case string:
				var err error
				if p.BetaLoss, err = ParseBetaLoss(b); err != nil {
					t.Fatal(err)
				}
			case float64:
				p.BetaLoss = b
			}
		case "tol":
			p.Tol = v.(float64)
		case "max_no_improvement":
			if v == nil {
				p.MaxNoImprovement = 0
			} else {
				p.MaxNoImprovement = int(v.(float64))
			}
		case "max_iter":
			p.MaxIter = int(v.(float64))
		case "alpha_W":
			p.AlphaW = v.(float64)
		case "alpha_H":
			p.AlphaH = v.(float64)
		case "l1_ratio":
			p.L1Ratio = v.(float64)
		case "forget_factor":
			p.ForgetFactor = v.(float64)
		case "fresh_restarts":
			p.FreshRestarts = v.(bool)
		case "fresh_restarts_max_iter":
			p.FreshRestartsMaxIter = int(v.(float64))
		case "transform_max_iter":
			p.TransformMaxIter = int(v.(float64))
		case "random_state":
			p.RandomState = int64(v.(float64))
		default:
			t.Fatalf("unknown fixture parameter %q", key)
		}
	}
	return p
}

func inputOf(rows [][]float64, dense bool) mat.Matrix {
	if dense {
		return denseOf(rows)
	}
	return sparse.FromDense(denseOf(rows))
}

// TestMiniBatchMatchesScikitLearn compares FitTransform and Transform with
// scikit-learn 1.2.1's MiniBatchNMF on the cases of
// testdata/gen_minibatch_fixture.py: every init, each named β and three
// others, L1/L2 penalties, batch sizes that do and do not divide n_samples,
// fresh restarts, forget factor 1, tol 0 and early stops by both tests.
// The steps are the same arithmetic as scikit-learn's in another summation
// order, so the factors agree to rounding grown over up to 800 steps: at
// most 5e-14 of the largest entry here (checked at 1e-12), the iteration
// and step counts exactly.
func TestMiniBatchMatchesScikitLearn(t *testing.T) {
	cases, _ := loadMiniBatchFixture(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p := miniBatchParams(t, c.K, c.Params)
			model, err := p.FitTransform(inputOf(c.X, c.Dense))
			if err != nil {
				t.Fatal(err)
			}
			if model.NIter != c.NIter || model.NSteps != c.NSteps {
				t.Errorf("n_iter, n_steps = %d, %d; scikit-learn %d, %d", model.NIter, model.NSteps, c.NIter, c.NSteps)
			}
			const tol = 1e-12
			dw, dh := maxRelDiff(model.W, c.W), maxRelDiff(model.Components, c.H)
			rel := math.Abs(model.ReconstructionErr-c.ReconstructionErr) / c.ReconstructionErr
			t.Logf("dW %.2g dH %.2g dErr %.2g", dw, dh, rel)
			if rel > tol {
				t.Errorf("reconstruction_err = %.17g, scikit-learn %.17g (rel %.2g)", model.ReconstructionErr, c.ReconstructionErr, rel)
			}
			if dw > tol {
				t.Errorf("W differs from scikit-learn's by %.3g (relative to max |W|)", dw)
			}
			if dh > tol {
				t.Errorf("H differs from scikit-learn's by %.3g", dh)
			}
			if wantWarn := c.NIter == p.MaxIter && p.Tol > 0; (model.Warning != nil) != wantWarn {
				t.Errorf("Warning = %v, want a warning: %v", model.Warning, wantWarn)
			}
			tr, err := model.Transform(inputOf(c.XNew, c.Dense))
			if err != nil {
				t.Fatal(err)
			}
			if d := maxRelDiff(tr.W, c.WNew); d > tol {
				t.Errorf("Transform differs from scikit-learn's by %.3g", d)
			}
		})
	}
}

// TestMiniBatchPartialFitMatchesScikitLearn calls PartialFit on the chunks
// of each case and compares H after every call, n_steps_ and a Transform,
// then PartialFit after a FitTransform, with scikit-learn's partial_fit.
func TestMiniBatchPartialFitMatchesScikitLearn(t *testing.T) {
	_, partial := loadMiniBatchFixture(t)
	for _, c := range partial {
		t.Run(c.Name, func(t *testing.T) {
			const tol = 1e-12
			p := miniBatchParams(t, c.K, c.Params)
			x := denseOf(c.X)
			var model *MiniBatchModel
			lo := 0
			for i, n := range c.Chunks {
				chunk := sparse.FromDense(x.Slice(lo, lo+n, 0, len(c.X[0])))
				lo += n
				var err error
				if i == 0 {
					model, err = p.PartialFit(chunk)
				} else {
					err = model.PartialFit(chunk)
				}
				if err != nil {
					t.Fatal(err)
				}
				if model.NSteps != c.NSteps[i] {
					t.Errorf("call %d: n_steps = %d, scikit-learn %d", i, model.NSteps, c.NSteps[i])
				}
				if d := maxRelDiff(model.Components, c.H[i]); d > tol {
					t.Errorf("call %d: H differs from scikit-learn's by %.3g", i, d)
				}
			}
			tr, err := model.Transform(sparse.FromDense(denseOf(c.XNew)))
			if err != nil {
				t.Fatal(err)
			}
			if d := maxRelDiff(tr.W, c.WNew); d > tol {
				t.Errorf("Transform differs from scikit-learn's by %.3g", d)
			}

			n0 := c.Chunks[0]
			fitted, err := p.FitTransform(sparse.FromDense(x.Slice(0, n0, 0, len(c.X[0]))))
			if err != nil {
				t.Fatal(err)
			}
			if err := fitted.PartialFit(sparse.FromDense(x.Slice(n0, len(c.X), 0, len(c.X[0])))); err != nil {
				t.Fatal(err)
			}
			if fitted.NSteps != c.AfterFitNSteps {
				t.Errorf("after fit: n_steps = %d, scikit-learn %d", fitted.NSteps, c.AfterFitNSteps)
			}
			if d := maxRelDiff(fitted.Components, c.AfterFitH); d > tol {
				t.Errorf("after fit: H differs from scikit-learn's by %.3g", d)
			}
		})
	}
}

// TestMiniBatchDenseMatchesSparse checks that a dense X and its CSR form give
// the same factors (they go through the same code; only the β = 2 cost is
// summed differently, from the explicit residual).
func TestMiniBatchDenseMatchesSparse(t *testing.T) {
	cases, _ := loadMiniBatchFixture(t)
	c := cases[0]
	for _, beta := range []float64{2, 1, 1.5} {
		p := miniBatchParams(t, c.K, c.Params)
		p.BetaLoss = beta
		a, err := p.FitTransform(denseOf(c.X))
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.FitTransform(sparse.FromDense(denseOf(c.X)))
		if err != nil {
			t.Fatal(err)
		}
		if a.NSteps != b.NSteps || !mat.EqualApprox(a.Components, b.Components, 1e-12) || !mat.EqualApprox(a.W, b.W, 1e-12) {
			t.Errorf("β %v: dense and sparse input differ (steps %d, %d)", beta, a.NSteps, b.NSteps)
		}
		if rel := math.Abs(a.ReconstructionErr-b.ReconstructionErr) / b.ReconstructionErr; rel > 1e-12 {
			t.Errorf("β %v: errors %.17g and %.17g", beta, a.ReconstructionErr, b.ReconstructionErr)
		}
	}
}

// TestMiniBatchErrors checks that what a user can get wrong is an error
// with a sentence on the fix, not a panic.
func TestMiniBatchErrors(t *testing.T) {
	x := mat.NewDense(4, 3, []float64{1, 0, 2, 0, 1, 1, 3, 1, 0, 1, 1, 1})
	pos := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	neg := mat.NewDense(2, 3, []float64{1, -2, 3, 4, 5, 6})
	nan := mat.NewDense(2, 3, []float64{1, math.NaN(), 3, 4, 5, 6})
	set := func(f func(p *MiniBatchNMF)) *MiniBatchNMF {
		p := NewMiniBatch(2)
		p.RandomState = 0
		f(p)
		return p
	}
	for _, c := range []struct {
		name string
		p    *MiniBatchNMF
		x    mat.Matrix
		want string
	}{
		{"k0", set(func(p *MiniBatchNMF) { p.Components = 0 }), x, "components must be ≥ 1"},
		{"k-too-big-nndsvda", set(func(p *MiniBatchNMF) { p.Components = 5; p.Init = InitNNDSVDA }), x, "k ≤ min"},
		{"batch0", set(func(p *MiniBatchNMF) { p.BatchSize = 0 }), x, "BatchSize"},
		{"maxiter0", set(func(p *MiniBatchNMF) { p.MaxIter = 0 }), x, "MaxIter"},
		{"tol", set(func(p *MiniBatchNMF) { p.Tol = -1 }), x, "Tol"},
		{"noimprove", set(func(p *MiniBatchNMF) { p.MaxNoImprovement = -1 }), x, "MaxNoImprovement"},
		{"beta-nan", set(func(p *MiniBatchNMF) { p.BetaLoss = math.NaN() }), x, "BetaLoss"},
		{"alpha", set(func(p *MiniBatchNMF) { p.AlphaW = -1 }), x, "AlphaW"},
		{"l1", set(func(p *MiniBatchNMF) { p.L1Ratio = 2 }), x, "L1Ratio"},
		{"forget", set(func(p *MiniBatchNMF) { p.ForgetFactor = 1.5 }), x, "ForgetFactor"},
		{"fresh", set(func(p *MiniBatchNMF) { p.FreshRestartsMaxIter = 0 }), x, "FreshRestartsMaxIter"},
		{"transform", set(func(p *MiniBatchNMF) { p.TransformMaxIter = -1 }), x, "TransformMaxIter"},
		{"init", set(func(p *MiniBatchNMF) { p.Init = "svd" }), x, "unknown init"},
		{"custom", set(func(p *MiniBatchNMF) { p.Init = InitCustom }), x, "FitTransformCustom"},
		{"seed", set(func(p *MiniBatchNMF) { p.RandomState = -5 }), x, "RandomState"},
		{"negative", set(func(p *MiniBatchNMF) {}), neg, "negative"},
		{"nan", set(func(p *MiniBatchNMF) {}), nan, "NaN"},
		{"nil", set(func(p *MiniBatchNMF) {}), nil, "nil"},
		{"empty", set(func(p *MiniBatchNMF) {}), &sparse.CSR{}, "empty"},
		{"is-zeros", set(func(p *MiniBatchNMF) { p.BetaLoss = BetaItakuraSaito }), x, "add a small value"},
		{"beta-neg-zeros", set(func(p *MiniBatchNMF) { p.BetaLoss = -1 }), x, "add a small value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "empty" {
				s, _ := sparse.NewCSR(0, 3, []int{0}, []int{}, []float64{})
				c.x = s
			}
			_, err := c.p.FitTransform(c.x)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("FitTransform: error %v, want one containing %q", err, c.want)
			}
			if c.x != nil {
				if _, err := c.p.PartialFit(c.x); err == nil {
					t.Errorf("PartialFit: no error, want one containing %q", c.want)
				}
			}
		})
	}
	p := NewMiniBatch(2)
	p.RandomState = 0
	model, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	if err := model.PartialFit(mat.NewDense(2, 4, nil)); err == nil || !strings.Contains(err.Error(), "features") {
		t.Errorf("PartialFit with 4 features: %v", err)
	}
	if _, err := model.Transform(mat.NewDense(2, 2, nil)); err == nil || !strings.Contains(err.Error(), "features") {
		t.Errorf("Transform with 2 features: %v", err)
	}
	empty, _ := sparse.NewCSR(0, 3, []int{0}, []int{}, []float64{})
	if err := model.PartialFit(empty); err == nil || !strings.Contains(err.Error(), "at least one row") {
		t.Errorf("PartialFit of an empty batch: %v", err)
	}
	// Entries near the top of the float64 range overflow the products: an
	// error, not NaN factors or a panic.
	huge := mat.NewDense(4, 3, []float64{1e300, 2e300, 3e300, 4e300, 5e300, 6e300, 1e300, 3e300, 2e300, 5e300, 4e300, 6e300})
	if _, err := p.FitTransform(huge); err == nil {
		t.Error("FitTransform of entries near 1e300: no error")
	}
	if err := model.PartialFit(neg); err == nil || !errors.Is(err, ErrNegative) {
		t.Errorf("PartialFit of negative X: %v", err)
	}
	var unfitted *MiniBatchModel
	if err := unfitted.PartialFit(pos); err == nil {
		t.Error("PartialFit on a nil model: no error")
	}
	if _, err := (&MiniBatchModel{}).Transform(pos); err == nil {
		t.Error("Transform on an unfitted model: no error")
	}
	if _, err := p.FitTransformCustom(x, mat.NewDense(4, 2, nil), mat.NewDense(2, 3, []float64{1, 1, 1, 1, 1, 1})); err == nil || !strings.Contains(err.Error(), "full of zeros") {
		t.Errorf("custom all-zero W: %v", err)
	}
	if _, err := ParseBetaLoss("euclid"); err == nil {
		t.Error("ParseBetaLoss(\"euclid\"): no error")
	}
	for s, want := range map[string]float64{"frobenius": 2, "kullback-leibler": 1, "itakura-saito": 0, "1.5": 1.5} {
		if b, err := ParseBetaLoss(s); err != nil || b != want {
			t.Errorf("ParseBetaLoss(%q) = %v, %v; want %v", s, b, err, want)
		}
	}
}

// TestMiniBatchProperties checks a fit on random data for what holds
// whatever the reference: non-negative finite factors, the reported error
// equal to ‖X − WH‖_F recomputed, W = Transform(X) with fresh restarts,
// and results that do not depend on the number of goroutines.
func TestMiniBatchProperties(t *testing.T) {
	cases, _ := loadMiniBatchFixture(t)
	c := cases[0]
	x := sparse.FromDense(denseOf(c.X))
	p := miniBatchParams(t, c.K, c.Params)
	p.FreshRestarts = true
	model, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*mat.Dense{model.W, model.Components} {
		for _, v := range a.RawMatrix().Data {
			if !(v >= 0) || math.IsInf(v, 0) {
				t.Fatalf("factor entry %v", v)
			}
		}
	}
	if e := ReconstructionError(denseOf(c.X), model.W, model.Components); math.Abs(e-model.ReconstructionErr) > 1e-12*e {
		t.Errorf("ReconstructionErr %.17g, recomputed %.17g", model.ReconstructionErr, e)
	}
	tr, err := model.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(tr.W, model.W) {
		t.Error("with fresh restarts W should be Transform(X)")
	}
}

// TestMiniBatchParallelEqualsSerial checks that every loop split between
// goroutines gives the numbers of the serial run, for each kind of β.
func TestMiniBatchParallelEqualsSerial(t *testing.T) {
	x := sparse.FromDense(planted(3000, 200, 4, 9))
	for _, beta := range []float64{2, 1, 1.5} {
		run := func() *MiniBatchModel {
			p := NewMiniBatch(4)
			p.Init, p.RandomState, p.MaxIter, p.BatchSize, p.BetaLoss = InitRandom, 2, 3, 1100, beta
			m, err := p.FitTransform(x)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		savedWork := kern.SerialWork
		kern.SerialWork = 0
		par := run()
		kern.SerialWork = savedWork
		saved := kern.Workers
		kern.Workers = func() int { return 1 }
		ser := run()
		kern.Workers = saved
		if !mat.Equal(par.W, ser.W) || !mat.Equal(par.Components, ser.Components) || par.ReconstructionErr != ser.ReconstructionErr || par.NSteps != ser.NSteps {
			t.Errorf("β %v: parallel and serial runs differ", beta)
		}
	}
}

// TestMiniBatchCustomInit checks init 'custom': starting FitTransformCustom
// and PartialFitCustom from the NNDSVDa starting point gives exactly the
// default fit (scikit-learn's custom path is the same code after _check_w_h).
func TestMiniBatchCustomInit(t *testing.T) {
	cases, partial := loadMiniBatchFixture(t)
	c := cases[0]
	x := sparse.FromDense(denseOf(c.X))
	p := miniBatchParams(t, c.K, c.Params)
	w0, h0, err := Initialize(x, c.K, InitNNDSVDA, p.RandomState)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.FitTransformCustom(x, w0, h0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Params.Init != InitCustom || !mat.Equal(got.W, want.W) || !mat.Equal(got.Components, want.Components) || got.NSteps != want.NSteps {
		t.Errorf("custom init from NNDSVDa differs from the default fit (init %q)", got.Params.Init)
	}

	pc := partial[0]
	p = miniBatchParams(t, pc.K, pc.Params)
	chunk := sparse.FromDense(denseOf(pc.X[:pc.Chunks[0]]))
	w0, h0, err = Initialize(chunk, pc.K, InitDefault, p.RandomState)
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.PartialFit(chunk)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.PartialFitCustom(chunk, w0, h0)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(a.Components, b.Components) {
		t.Error("PartialFitCustom from the default init differs from PartialFit")
	}
	if _, err := p.PartialFitCustom(chunk, mat.NewDense(2, pc.K, []float64{1, 1, 1, 1, 1, 1}), h0); err == nil || !strings.Contains(err.Error(), "wrong shape") {
		t.Errorf("PartialFitCustom with a W of the wrong shape: %v", err)
	}
}
