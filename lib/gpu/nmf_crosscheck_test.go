package gpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/autograd"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
)

// These tests hold the kernels (through their CPU mirrors) to the project's
// CPU implementations in lib/nmf: the SGD step of sgd.State and the
// gradients of the autograd + Adam trainer (GoMLX reverse-mode autodiff).

func TestMatchesNMFSGD(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	Md, Ms, W0, H0 := randomProblem(rng, 70, 120, 6, 0.8, 0.01)
	Md.Scale(0.1, Md)
	Ms = sparseFromDense(round32(Md))
	W0, H0 = round32(W0), round32(H0)
	so := sgd.GPU()
	so.Steps, so.ReportEvery, so.DecayEvery = 40, 10, 10
	st, err := sgd.NewStateFrom(Ms, W0, H0, so)
	if err != nil {
		t.Fatal(err)
	}
	var want []sgd.Report
	for i := 0; i < so.Steps; i++ {
		st.Step()
		if i%so.ReportEvery == 0 {
			want = append(want, st.Report())
		}
		if i%so.DecayEvery == 0 {
			st.LR *= so.Decay
		}
	}
	o := SGDOptions{Steps: so.Steps, LR: so.LR, Decay: so.Decay, DecayEvery: so.DecayEvery, ReportEvery: so.ReportEvery, Lam: so.Lam, Mu: so.Mu}
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		res, err := runSGD(newEmulator(), M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Reports) != len(want) {
			t.Fatalf("%s: %d reports, lib/nmf/sgd gave %d", name, len(res.Reports), len(want))
		}
		for i, r := range res.Reports {
			w := want[i]
			if math.Abs(r.Norm-w.Norm) > 1e-4*w.Norm || math.Abs(r.MinW-w.MinW) > 1e-4*math.Abs(w.MinW)+1e-7 ||
				math.Abs(r.MinH-w.MinH) > 1e-4*math.Abs(w.MinH)+1e-7 {
				t.Errorf("%s report %d: %v, lib/nmf/sgd %v", name, i, r, w)
			}
		}
		if e := maxRelDiff(res.W, st.W); e > 1e-4 {
			t.Errorf("%s: W differs from lib/nmf/sgd by %.3g (relative)", name, e)
		}
		if e := maxRelDiff(res.H, st.H()); e > 1e-4 {
			t.Errorf("%s: H differs from lib/nmf/sgd by %.3g (relative)", name, e)
		}
	}
}

func TestMatchesNMFAutograd(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	Md, _, W0, H0 := randomProblem(rng, 40, 60, 5, 0.6, 0.05)
	M32 := round32(Md)
	Ms := sparseFromDense(M32)
	W0, H0 = round32(W0), round32(H0)
	ao := autograd.Lesson()
	ao.Lam = 1e3
	tr, err := autograd.NewFrom(Ms, W0, H0, ao)
	if err != nil {
		t.Fatal(err)
	}
	_, wantW, wantH, err := tr.LossAndGrad()
	if err != nil {
		t.Fatal(err)
	}
	_, aW, aH := autograd.Grad(Ms, W0, H0, ao.Lam)
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		p := emuProblem(t, M, W0, H0)
		if err := p.allocAdam(); err != nil {
			t.Fatal(err)
		}
		gW, _ := p.alloc(f32, 40*5)
		gH, _ := p.alloc(f32, 5*60)
		o := LessonAdam()
		o.Lam = ao.Lam
		if err := p.run(p.adamCalls(1, o, gW, gH)); err != nil {
			t.Fatal(err)
		}
		gotW, gotH := download(t, p, gW, 40, 5), download(t, p, gH, 5, 60)
		const tol = 1e-4
		for _, c := range []struct {
			what      string
			got, want mat.Matrix
		}{
			{"∇W vs GoMLX autograd", gotW, mat.NewDense(40, 5, wantW)},
			{"∇H vs GoMLX autograd", gotH, mat.NewDense(5, 60, wantH)},
			{"∇W vs autograd.Grad", gotW, aW},
			{"∇H vs autograd.Grad", gotH, aH},
		} {
			if e := maxRelDiff(c.got, c.want); e > tol {
				t.Errorf("%s: %s differs by %.3g (relative)", name, c.what, e)
			}
		}
	}
	// A few Adam steps: the emulated kernels against the GoMLX trainer.
	ao.Steps = 15
	for i := 0; i < ao.Steps; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	o := LessonAdam()
	o.Lam, o.Steps, o.ReportEvery = ao.Lam, ao.Steps, 5
	res, err := runAdam(newEmulator(), Ms, W0, H0, o)
	if err != nil {
		t.Fatal(err)
	}
	if e := maxRelDiff(res.W, tr.W); e > 1e-3 {
		t.Errorf("W after %d Adam steps differs from lib/nmf/autograd by %.3g", ao.Steps, e)
	}
	if e := maxRelDiff(res.H, tr.H); e > 1e-3 {
		t.Errorf("H after %d Adam steps differs from lib/nmf/autograd by %.3g", ao.Steps, e)
	}
}
