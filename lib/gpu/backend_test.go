package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// backendProblem uploads the problem to backend b with every buffer
// poisoned, and releases it when the test ends.
func backendProblem(t *testing.T, b backend, M mat.Matrix, W0, H0 *mat.Dense) *problem {
	t.Helper()
	h, err := toHost(M)
	if err != nil {
		t.Fatal(err)
	}
	_, d := W0.Dims()
	p, err := newProblem(b, h, denseTo32(W0), denseTo32(H0), d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		unlock := lockThread(b) // cleanups may run on another thread
		defer unlock()
		if err := p.release(); err != nil {
			t.Error(err)
		}
	})
	return p
}

// checkStepAgainstEmulator runs one step of the lesson's SGD on backend b
// and on the emulator, from the same start, for every test shape with M
// dense and CSR, and compares every intermediate buffer (M·Hᵀ, Wᵀ·M, the
// Gram products, the gradients, the new W and H) and the report. Buffers
// may differ by tol relative to their largest entry; tol = 0 asks for the
// same bits. The gradients are also compared with the float64 reference.
func checkStepAgainstEmulator(t *testing.T, b backend, tol float64) {
	rng := rand.New(rand.NewPCG(21, 22))
	const lr, lam, mu = 0.05, 100.0, 0.004
	for _, s := range shapes {
		Md, Ms, W0, H0 := randomProblem(rng, s.m, s.n, s.d, 0.7, 0.01)
		W0, H0 = round32(W0), round32(H0)
		wantGW, wantGH := refSGDGrads(round32(Md), W0, H0, lam, mu)
		for _, c := range []struct {
			name string
			M    mat.Matrix
		}{{"dense", Md}, {"csr", Ms}} {
			t.Run(fmt.Sprintf("%s/%dx%dx%d", c.name, s.m, s.n, s.d), func(t *testing.T) {
				// A subtest runs on a goroutine of its own: bind the
				// backend's context to its thread.
				unlock := lockThread(b)
				defer unlock()
				g := backendProblem(t, b, c.M, W0, H0)
				e := emuProblem(t, c.M, W0, H0)
				var gr [2][2]dptr
				for i, p := range []*problem{g, e} {
					gW, err := p.alloc(f32, s.m*s.d)
					if err != nil {
						t.Fatal(err)
					}
					gH, err := p.alloc(f32, s.d*s.n)
					if err != nil {
						t.Fatal(err)
					}
					gr[i] = [2]dptr{gW, gH}
					if err := p.poison(); err != nil {
						t.Fatal(err)
					}
					if err := p.run(p.sgdCalls(lr, lam, mu, gW, gH)); err != nil {
						t.Fatal(err)
					}
					if err := p.b.sync(); err != nil {
						t.Fatal(err)
					}
				}
				for _, c := range []struct {
					name    string
					gp, ep  dptr
					r, c    int
					fromRef *mat.Dense
				}{
					{"A", g.A, e.A, s.m, s.d, nil}, {"B", g.B, e.B, s.d, s.n, nil},
					{"GW", g.GW, e.GW, s.d, s.d, nil}, {"GH", g.GH, e.GH, s.d, s.d, nil},
					{"∇W", gr[0][0], gr[1][0], s.m, s.d, wantGW}, {"∇H", gr[0][1], gr[1][1], s.d, s.n, wantGH},
					{"W", g.W, e.W, s.m, s.d, nil}, {"H", g.H, e.H, s.d, s.n, nil},
				} {
					got := download(t, g, c.gp, c.r, c.c)
					if !allFinite(got) {
						t.Errorf("%s: backend left NaN/Inf entries", c.name)
						continue
					}
					if d := maxRelDiff(got, download(t, e, c.ep, c.r, c.c)); d > tol {
						t.Errorf("%s: backend and emulator differ by %.3g (relative), tolerance %.3g", c.name, d, tol)
					}
					if c.fromRef != nil {
						if d := maxRelDiff(got, c.fromRef); d > 2e-5 {
							t.Errorf("%s: backend and float64 reference differ by %.3g (relative)", c.name, d)
						}
					}
				}
				rg, err := g.report(0)
				if err != nil {
					t.Fatal(err)
				}
				re, err := e.report(0)
				if err != nil {
					t.Fatal(err)
				}
				normTol := math.Max(tol, 1e-5)
				if tol == 0 {
					normTol = 0
				}
				if math.Abs(rg.Norm-re.Norm) > normTol*(1+re.Norm) || rg.MinW != re.MinW || rg.MinH != re.MinH || rg.NegW != re.NegW || rg.NegH != re.NegH {
					t.Errorf("report: backend %v, emulator %v", rg, re)
				}
			})
		}
	}
}
