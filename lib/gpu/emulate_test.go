package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/kernels"
)

// These tests run the kernels' CPU mirrors (emulator) through the same
// launch plans the GPU gets, and compare with the float64 statement of the
// maths in reference_test.go. They run in the default build.

var shapes = []struct{ m, n, d int }{
	{1, 1, 1},
	{37, 300, 3},  // partial column tile, one row chunk
	{300, 130, 6}, // two row chunks (256 rows each), two column tiles
	{45, 70, 16},  // largest rank
	{520, 40, 2},  // three row chunks, a single partial tile
	{33, 1100, 5}, // many column tiles; CSR rows longer than a warp
}

// round32 returns a with every entry rounded to float32, so that the
// float64 reference starts from exactly the values the kernels see.
func round32(a mat.Matrix) *mat.Dense {
	r, c := a.Dims()
	return dense64(r, c, denseTo32(mat.DenseCopyOf(a)))
}

func emuProblem(t *testing.T, M mat.Matrix, W0, H0 *mat.Dense) *problem {
	t.Helper()
	h, err := toHost(M)
	if err != nil {
		t.Fatal(err)
	}
	_, d := W0.Dims()
	p, err := newProblem(newEmulator(), h, denseTo32(W0), denseTo32(H0), d)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func download(t *testing.T, p *problem, ptr dptr, r, c int) *mat.Dense {
	t.Helper()
	v := make([]float32, r*c)
	if err := p.b.downloadF32(v, ptr); err != nil {
		t.Fatal(err)
	}
	return dense64(r, c, v)
}

func TestSGDStepGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const lr, lam, mu = 0.05, 100.0, 0.004
	for _, s := range shapes {
		Md, Ms, W0, H0 := randomProblem(rng, s.m, s.n, s.d, 0.7, 0.01)
		W0, H0 = round32(W0), round32(H0)
		M := round32(Md)
		wantGW, wantGH := refSGDGrads(M, W0, H0, lam, mu)
		for _, in := range []struct {
			name string
			M    mat.Matrix
		}{{"dense", Md}, {"csr", Ms}} {
			t.Run(fmt.Sprintf("%s/%dx%dx%d", in.name, s.m, s.n, s.d), func(t *testing.T) {
				p := emuProblem(t, in.M, W0, H0)
				gW, _ := p.alloc(f32, s.m*s.d)
				gH, _ := p.alloc(f32, s.d*s.n)
				if err := p.poison(); err != nil {
					t.Fatal(err)
				}
				if err := p.run(p.sgdCalls(lr, lam, mu, gW, gH)); err != nil {
					t.Fatal(err)
				}
				// Every intermediate was written (no NaN left from the poison).
				for name, b := range map[string]struct {
					ptr  dptr
					r, c int
				}{"A": {p.A, s.m, s.d}, "B": {p.B, s.d, s.n}, "GW": {p.GW, s.d, s.d}, "GH": {p.GH, s.d, s.d}} {
					if a := download(t, p, b.ptr, b.r, b.c); !allFinite(a) {
						t.Errorf("%s has unwritten (NaN) entries", name)
					}
				}
				const tol = 2e-5
				if e := maxRelDiff(download(t, p, gW, s.m, s.d), wantGW); e > tol {
					t.Errorf("∇W differs from the float64 reference by %.3g (relative), want ≤ %g", e, tol)
				}
				if e := maxRelDiff(download(t, p, gH, s.d, s.n), wantGH); e > tol {
					t.Errorf("∇H differs from the float64 reference by %.3g (relative), want ≤ %g", e, tol)
				}
				var wantW, wantH mat.Dense
				wantW.Scale(-lr, wantGW)
				wantW.Add(&wantW, W0)
				wantH.Scale(-lr, wantGH)
				wantH.Add(&wantH, H0)
				if e := maxRelDiff(download(t, p, p.W, s.m, s.d), &wantW); e > tol {
					t.Errorf("updated W differs by %.3g (relative)", e)
				}
				if e := maxRelDiff(download(t, p, p.H, s.d, s.n), &wantH); e > tol {
					t.Errorf("updated H differs by %.3g (relative)", e)
				}
				if err := p.release(); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

func allFinite(a mat.Matrix) bool {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

func TestReport(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range shapes {
		Md, Ms, W0, H0 := randomProblem(rng, s.m, s.n, s.d, 0.5, 0.3)
		W0, H0 = round32(W0), round32(H0)
		M := round32(Md)
		want := refNorm(M, W0, H0)
		minW, minH := mat.Min(W0), mat.Min(H0)
		negW, negH := countNeg(W0), countNeg(H0)
		for _, in := range []mat.Matrix{Md, Ms} {
			p := emuProblem(t, in, W0, H0)
			r, err := p.report(7)
			if err != nil {
				t.Fatal(err)
			}
			// The Gram identity subtracts numbers of size ‖M‖²; float32
			// inputs accumulated in float64 keep ~1e-6 of that.
			normM := mat.Norm(M, 2)
			if math.Abs(r.Norm-want) > 1e-5*normM*normM/math.Max(want, 1e-3)+1e-6 {
				t.Errorf("%dx%dx%d: ‖M−WH‖ %v, want %v", s.m, s.n, s.d, r.Norm, want)
			}
			if r.MinW != minW || r.MinH != minH || r.NegW != negW || r.NegH != negH || r.Step != 7 {
				t.Errorf("%dx%dx%d: report %+v, want min %v %v, neg %d %d", s.m, s.n, s.d, r, minW, minH, negW, negH)
			}
			if err := p.release(); err != nil {
				t.Error(err)
			}
		}
	}
}

func countNeg(a mat.Matrix) int {
	r, c := a.Dims()
	n := 0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) < 0 {
				n++
			}
		}
	}
	return n
}

func TestSGDLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	o := SGDOptions{Steps: 30, LR: 0.05, Decay: 0.9, DecayEvery: 10, ReportEvery: 10, Lam: 100, Mu: 1e-5}
	Md, Ms, W0, H0 := randomProblem(rng, 60, 90, 6, 0.8, 0.01)
	Md.Scale(0.1, Md)
	Ms = sparseFromDense(Md)
	W0, H0 = round32(W0), round32(H0)
	wantW, wantH, norms := refSGD(round32(Md), W0, H0, o)
	if norms[len(norms)-1] >= norms[0] {
		t.Fatalf("reference did not descend: %v", norms)
	}
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		res, err := runSGD(newEmulator(), M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Reports) != len(norms) {
			t.Fatalf("%s: %d reports, want %d", name, len(res.Reports), len(norms))
		}
		for i, r := range res.Reports {
			if r.Step != i*o.ReportEvery || math.Abs(r.Norm-norms[i]) > 1e-4*norms[i] {
				t.Errorf("%s: report %d: step %d norm %v, want step %d norm %v", name, i, r.Step, r.Norm, i*o.ReportEvery, norms[i])
			}
		}
		if e := maxRelDiff(res.W, wantW); e > 1e-4 {
			t.Errorf("%s: W after %d steps differs by %.3g (relative)", name, o.Steps, e)
		}
		if e := maxRelDiff(res.H, wantH); e > 1e-4 {
			t.Errorf("%s: H after %d steps differs by %.3g (relative)", name, o.Steps, e)
		}
	}
}

func TestAdamGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const lam = 1e3
	for _, s := range shapes[1:] {
		Md, Ms, W0, H0 := randomProblem(rng, s.m, s.n, s.d, 0.6, 0.05)
		W0, H0 = round32(W0), round32(H0)
		M := round32(Md)
		wantGW, wantGH := refAdamGrads(M, W0, H0, lam)
		for name, in := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
			p := emuProblem(t, in, W0, H0)
			if err := p.allocAdam(); err != nil {
				t.Fatal(err)
			}
			gW, _ := p.alloc(f32, s.m*s.d)
			gH, _ := p.alloc(f32, s.d*s.n)
			o := LessonAdam()
			o.Lam = lam
			if err := p.run(p.adamCalls(1, o, gW, gH)); err != nil {
				t.Fatal(err)
			}
			const tol = 1e-4
			if e := maxRelDiff(download(t, p, gW, s.m, s.d), wantGW); e > tol {
				t.Errorf("%s %dx%dx%d: Adam ∇W differs by %.3g (relative)", name, s.m, s.n, s.d, e)
			}
			if e := maxRelDiff(download(t, p, gH, s.d, s.n), wantGH); e > tol {
				t.Errorf("%s %dx%dx%d: Adam ∇H differs by %.3g (relative)", name, s.m, s.n, s.d, e)
			}
		}
	}
}

// TestAdamGradientFormula checks the analytic gradient the kernels use
// against central differences of the lesson's loss (what autograd
// differentiates).
func TestAdamGradientFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	Md, _, W, H := randomProblem(rng, 7, 9, 3, 0.3, 0.2)
	const lam, h = 50.0, 1e-6
	gW, gH := refAdamGrads(Md, W, H, lam)
	for _, c := range []struct {
		p, g *mat.Dense
	}{{W, gW}, {H, gH}} {
		r, cc := c.p.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < cc; j++ {
				v := c.p.At(i, j)
				if math.Abs(v) < 10*h {
					continue // the penalty's kink
				}
				c.p.Set(i, j, v+h)
				up := refAdamLoss(Md, W, H, lam)
				c.p.Set(i, j, v-h)
				down := refAdamLoss(Md, W, H, lam)
				c.p.Set(i, j, v)
				if fd := (up - down) / (2 * h); math.Abs(fd-c.g.At(i, j)) > 1e-5*(1+math.Abs(fd)) {
					t.Errorf("entry (%d,%d): analytic %v, finite difference %v", i, j, c.g.At(i, j), fd)
				}
			}
		}
	}
}

func TestAdamLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	o := LessonAdam()
	o.Steps, o.ReportEvery = 25, 10
	Md, Ms, W0, H0 := randomProblem(rng, 50, 80, 4, 0.7, 0.01)
	W0, H0 = round32(W0), round32(H0)
	wantW, wantH := refAdam(round32(Md), W0, H0, o)
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		res, err := runAdam(newEmulator(), M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Reports) != 3 || res.Reports[0].Step != -1 || res.Reports[2].Step != 19 {
			t.Errorf("%s: reports %v, want steps -1, 9, 19", name, res.Reports)
		}
		if e := maxRelDiff(res.W, wantW); e > 1e-3 {
			t.Errorf("%s: W after %d Adam steps differs by %.3g (relative)", name, o.Steps, e)
		}
		if e := maxRelDiff(res.H, wantH); e > 1e-3 {
			t.Errorf("%s: H after %d Adam steps differs by %.3g (relative)", name, o.Steps, e)
		}
	}
}

func TestMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, s := range []struct{ r, c, k int }{{1, 1, 1}, {17, 33, 5}, {40, 3, 70}, {16, 16, 16}} {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				a := randDense(rng, s.r, s.k, tA)
				b := randDense(rng, s.k, s.c, tB)
				got, err := runMatMul(newEmulator(), a, b, tA, tB)
				if err != nil {
					t.Fatal(err)
				}
				var want mat.Dense
				opA, opB := mat.Matrix(a), mat.Matrix(b)
				if tA {
					opA = a.T()
				}
				if tB {
					opB = b.T()
				}
				want.Mul(round32(opA), round32(opB))
				if e := maxRelDiff(got, &want); e > 1e-5 {
					t.Errorf("%v tA=%v tB=%v: differs by %.3g", s, tA, tB, e)
				}
			}
		}
	}
}

func randDense(rng *rand.Rand, r, c int, trans bool) *mat.Dense {
	if trans {
		r, c = c, r
	}
	a := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, rng.NormFloat64())
		}
	}
	return a
}

// TestPlansMatchPTX checks every launch the engine can issue, for every
// rank, against the parameter lists in the embedded PTX.
func TestPlansMatchPTX(t *testing.T) {
	e := ptxEntries()
	for d := 1; d <= kernels.MaxRank; d++ {
		for _, dense := range []bool{true, false} {
			p := &problem{m: 10, n: 20, d: d, dense: dense, rowsPerChunk: 256, colBlocks: 1, rowChunks: 1,
				gramBlocksW: 1, gramBlocksH: 1, dotBlocks: 1, statsBlocks: 1}
			calls := append(p.sgdCalls(0.1, 1, 0, 0, 0), p.adamCalls(3, LessonAdam(), 0, 0)...)
			calls = append(calls, fillCall(1, 5, 0), matmulCall(1, 2, 3, 4, 5, 6, true, false, 1, 0))
			for _, c := range calls {
				if err := c.check(e[c.module]); err != nil {
					t.Errorf("d=%d: %v", d, err)
				}
			}
		}
	}
	bad := kernelCall{module: "nmf", name: "nmf_fill", grid: [3]int{1, 1, 1}, block: [3]int{1, 1, 1}, args: []any{dptr(1), 5, 0.0}}
	if err := bad.check(e["nmf"]); err == nil || !strings.Contains(err.Error(), "Go type int") {
		t.Errorf("a plain int argument was not rejected: %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	M := mat.NewDense(2, 3, []float64{1, 2, 3, 4, math.NaN(), 6})
	W, H := mat.NewDense(2, 1, []float64{1, 1}), mat.NewDense(1, 3, []float64{1, 1, 1})
	if _, err := runSGD(newEmulator(), M, W, H, LessonSGD()); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN in M: got %v", err)
	}
	M.Set(1, 1, 5)
	o := LessonSGD()
	o.DecayEvery, o.Decay = 10, 0
	if _, err := runSGD(newEmulator(), M, W, H, o); err == nil || !strings.Contains(err.Error(), "Decay must be") {
		t.Errorf("Decay 0 with DecayEvery 10: got %v", err)
	}
	o.ReportEvery = -1
	if _, err := runSGD(newEmulator(), M, W, H, o); err == nil || !strings.Contains(err.Error(), "ReportEvery") {
		t.Errorf("ReportEvery −1: got %v", err)
	}
	a := LessonAdam()
	a.Betas[1] = 1
	if _, err := runAdam(newEmulator(), M, W, H, a); err == nil || !strings.Contains(err.Error(), "betas must be in [0, 1)") {
		t.Errorf("beta2 1: got %v", err)
	}
	W17, H17 := mat.NewDense(2, 17, nil), mat.NewDense(17, 3, nil)
	if _, err := runSGD(newEmulator(), M, W17, H17, LessonSGD()); err == nil || !strings.Contains(err.Error(), "rank 17") {
		t.Errorf("rank 17: got %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("mismatched shapes did not panic")
			}
		}()
		runSGD(newEmulator(), M, H, W, LessonSGD())
	}()
}

// TestSGDNoDecayNoReports checks the CPU's meaning of the zero settings:
// DecayEvery 0 keeps the learning rate (the same factors as Decay 1) and
// ReportEvery 0 takes no reports.
func TestSGDNoDecayNoReports(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	Md, _, W0, H0 := randomProblem(rng, 20, 30, 3, 0.8, 0.01)
	Md.Scale(0.1, Md)
	o := SGDOptions{Steps: 12, LR: 0.05, Decay: 1, DecayEvery: 1, ReportEvery: 4, Lam: 100, Mu: 1e-5}
	want, err := runSGD(newEmulator(), Md, W0, H0, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Decay, o.DecayEvery, o.ReportEvery = 0.5, 0, 0
	got, err := runSGD(newEmulator(), Md, W0, H0, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reports) != 0 {
		t.Errorf("ReportEvery 0: %d reports, want none", len(got.Reports))
	}
	if maxRelDiff(got.W, want.W) != 0 || maxRelDiff(got.H, want.H) != 0 {
		t.Error("DecayEvery 0: factors differ from those with Decay 1, so the rate changed")
	}
}
