package gpu

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// TestFactorizationByHand drives the lesson's loop through the step API and
// checks it reproduces runSGD exactly (same kernels, same order).
func TestFactorizationByHand(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	Md, _, W0, H0 := randomProblem(rng, 30, 50, 4, 0.5, 0.01)
	o := SGDOptions{Steps: 12, LR: 0.05, Decay: 0.9, DecayEvery: 5, ReportEvery: 5, Lam: 100, Mu: 1e-5}
	want, err := runSGD(newEmulator(), Md, W0, H0, o)
	if err != nil {
		t.Fatal(err)
	}
	f, err := newFactorization(newEmulator(), Md, W0, H0)
	if err != nil {
		t.Fatal(err)
	}
	r0, err := f.Report()
	if err != nil || r0.Step != -1 {
		t.Fatalf("first report %v, %v; want step -1", r0, err)
	}
	lr, k := o.LR, 0
	for i := 0; i < o.Steps; i++ {
		if err := f.SGDStep(lr, o.Lam, o.Mu); err != nil {
			t.Fatal(err)
		}
		if i%o.ReportEvery == 0 {
			r, err := f.Report()
			if err != nil {
				t.Fatal(err)
			}
			if r != want.Reports[k] {
				t.Errorf("report %d: %v, runSGD %v", k, r, want.Reports[k])
			}
			k++
			lr *= o.Decay
		}
	}
	W, H, err := f.Factors()
	if err != nil {
		t.Fatal(err)
	}
	if maxRelDiff(W, want.W) != 0 || maxRelDiff(H, want.H) != 0 {
		t.Error("factors differ from runSGD's")
	}
	if f.Steps() != o.Steps {
		t.Errorf("Steps() = %d, want %d", f.Steps(), o.Steps)
	}
	bad := LessonAdam()
	bad.Eps = -1
	if err := f.AdamStep(bad); err == nil {
		t.Error("AdamStep accepted Eps −1")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := f.SGDStep(0.1, 1, 0); !errors.Is(err, errFactClosed) {
		t.Errorf("SGDStep after Close: %v", err)
	}
	if _, err := f.Report(); !errors.Is(err, errFactClosed) {
		t.Errorf("Report after Close: %v", err)
	}
}
