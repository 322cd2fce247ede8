package nmf

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/scale"
)

// TestFitExtremeScale checks the fit of c·X for factors c whose squares
// underflow or overflow, for every solver, loss and init. scikit-learn's
// NMF is not scale-invariant (NNDSVD zeroes entries below 1e-6, mu guards
// with EPSILON), so the fit of c·X is the fit of X brought near 1 by a
// power of two: for c a power of two, W and H must be exactly 2^(−e/2)
// times those of the fit of 2^e·c·X (computed directly, in range), and for
// any c they must be finite with the error of the fit of X times c within
// 1e-6.
func TestFitExtremeScale(t *testing.T) {
	base := []float64{
		1, 2, 0, 4, 1,
		0, 3, 1, 0, 2,
		5, 0, 0, 2, 1,
		1, 1, 3, 0, 0,
	}
	scaled := func(c float64) *mat.Dense {
		x := mat.NewDense(4, 5, nil)
		for i, v := range base {
			x.RawMatrix().Data[i] = v * c
		}
		return x
	}
	for _, su := range []struct {
		name   string
		solver string
		loss   string
		init   string
		alpha  float64
	}{
		{"cd nndsvda", SolverCD, Frobenius, InitNNDSVDA, 0},
		{"cd random", SolverCD, Frobenius, InitRandom, 0},
		{"cd nndsvd l1/l2", SolverCD, Frobenius, InitNNDSVD, 0.01},
		{"mu frobenius l1/l2", SolverMU, Frobenius, InitNNDSVDA, 0.01},
		{"mu kl l1/l2", SolverMU, KullbackLeibler, InitNNDSVDAR, 0.01},
	} {
		p := New(2)
		p.Solver, p.BetaLoss, p.Init, p.AlphaW, p.L1Ratio, p.RandomState = su.solver, su.loss, su.init, su.alpha, 0.5, 3
		p.MaxIter = 50
		base1, err := p.FitTransform(scaled(1))
		if err != nil {
			t.Fatalf("%s: %v", su.name, err)
		}
		for _, c := range []float64{math.Ldexp(1, -566), math.Ldexp(1, -996), math.Ldexp(1, 532), math.Ldexp(1, 996), 1e-170, 1e300} {
			m, err := p.FitTransform(scaled(c))
			if err != nil {
				t.Errorf("%s c=%g: %v", su.name, c, err)
				continue
			}
			// Penalties are scaled too (see solver.rescale), so a
			// regularised fit has no in-range twin with the same Alpha.
			if f, _ := math.Frexp(c); f == 0.5 && su.alpha == 0 {
				e := scale.Shift(5 * c)
				ref, err := p.FitTransform(scaled(math.Ldexp(c, e)))
				if err != nil {
					t.Fatal(err)
				}
				for _, pair := range [][2]*mat.Dense{{m.W, ref.W}, {m.Components, ref.Components}} {
					got, want := pair[0].RawMatrix().Data, pair[1].RawMatrix().Data
					for i := range got {
						if got[i] != math.Ldexp(want[i], -e/2) {
							t.Errorf("%s c=%g: entry %d is %v, want %v exactly", su.name, c, i, got[i], math.Ldexp(want[i], -e/2))
							break
						}
					}
				}
			}
			for _, a := range []*mat.Dense{m.W, m.Components} {
				for i, v := range a.RawMatrix().Data {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("%s c=%g: entry %d is %v with a nil error", su.name, c, i, v)
					}
				}
			}
			want := c * base1.ReconstructionErr
			if su.loss == KullbackLeibler {
				want = math.Sqrt(c) * base1.ReconstructionErr
			}
			if su.alpha == 0 && !(math.Abs(m.ReconstructionErr-want) <= 1e-6*want) {
				t.Errorf("%s c=%g: err %v, want %v within 1e-6", su.name, c, m.ReconstructionErr, want)
			}
		}
	}
}

// TestFitExtremeScalePenalties checks that the penalties follow the scaling:
// the fit of c·X (c a power of two far out of range) with penalty α must be
// exactly 2^(−e/2) times the fit of 2^e·c·X with α·2^(pe), where the
// penalty's power p is 3/2 (Frobenius, L1), 1 (Frobenius, L2), 1/2 (KL, L1)
// or 0 (KL, L2).
func TestFitExtremeScalePenalties(t *testing.T) {
	base := []float64{1, 2, 0, 4, 1, 0, 3, 1, 0, 2, 5, 0, 0, 2, 1, 1, 1, 3, 0, 0}
	scaled := func(c float64) *mat.Dense {
		x := mat.NewDense(4, 5, nil)
		for i, v := range base {
			x.RawMatrix().Data[i] = v * c
		}
		return x
	}
	for _, su := range []struct {
		name          string
		solver, loss  string
		l1Ratio       float64
		pNum, pDenom2 int // penalty power pNum/2
	}{
		{"cd l1", SolverCD, Frobenius, 1, 3, 2},
		{"cd l2", SolverCD, Frobenius, 0, 2, 2},
		{"mu kl l1", SolverMU, KullbackLeibler, 1, 1, 2},
		{"mu kl l2", SolverMU, KullbackLeibler, 0, 0, 2},
	} {
		for _, c := range []float64{math.Ldexp(1, -566), math.Ldexp(1, 400)} {
			e := scale.Shift(5 * c)
			p := New(2)
			p.Solver, p.BetaLoss, p.L1Ratio, p.MaxIter = su.solver, su.loss, su.l1Ratio, 30
			p.AlphaW = math.Ldexp(0.01, -e*su.pNum/su.pDenom2)
			m, err := p.FitTransform(scaled(c))
			if err != nil {
				t.Fatalf("%s: %v", su.name, err)
			}
			q := *p
			q.AlphaW = 0.01
			ref, err := q.FitTransform(scaled(math.Ldexp(c, e)))
			if err != nil {
				t.Fatal(err)
			}
			for _, pair := range [][2]*mat.Dense{{m.W, ref.W}, {m.Components, ref.Components}} {
				got, want := pair[0].RawMatrix().Data, pair[1].RawMatrix().Data
				for i := range got {
					if w := math.Ldexp(want[i], -e/2); math.Abs(got[i]-w) > 1e-12*math.Abs(w) {
						t.Errorf("%s c=%g: entry %d is %v, want %v within 1e-12", su.name, c, i, got[i], w)
						break
					}
				}
			}
		}
	}
}

// TestFitNonFiniteIsError: a fit whose solver breaks down reports it.
func TestFitNonFiniteIsError(t *testing.T) {
	w := mat.NewDense(2, 1, []float64{1, math.NaN()})
	if err := checkResult(w, nil, 0); err == nil {
		t.Error("NaN in W gave a nil error")
	}
	if err := checkResult(mat.NewDense(1, 1, []float64{1}), nil, math.Inf(1)); err == nil {
		t.Error("Inf error gave a nil error")
	}
	if err := checkResult(mat.NewDense(1, 1, []float64{1e300}), nil, 1e300); err != nil {
		t.Errorf("finite result: %v", err)
	}
}

// TestRefuseHugeK: a k whose factors could not fit in memory is refused up
// front, naming the size.
func TestRefuseHugeK(t *testing.T) {
	p := New(1 << 36)
	p.Init = InitRandom
	_, err := p.FitTransform(mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	if err == nil || !strings.Contains(err.Error(), "of memory") || !strings.Contains(err.Error(), "fewer components") {
		t.Errorf("k = 2^36: %v, want a refusal naming the memory needed", err)
	}
}
