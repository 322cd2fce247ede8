//go:build cuda

package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/autograd"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
)

// openOrSkip opens GPU 0 or skips the test with the reason. (A machine with
// no driver at all never gets here: gorgonia.org/cu exits at start-up.)
func openOrSkip(t testing.TB) *Device {
	t.Helper()
	n, err := Count()
	if err != nil || n == 0 {
		t.Skipf("no CUDA device found (count %d, %v)", n, err)
	}
	dev, err := Open(0)
	if err != nil {
		t.Fatalf("Open(0): %v", err)
	}
	t.Cleanup(func() {
		if err := dev.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	t.Logf("device: %s", dev.Name())
	return dev
}

// TestGPUStepMatchesEmulator runs one SGD step on the GPU and on the
// emulator and compares every intermediate, then compares the gradients with
// the float64 reference (see checkStepAgainstEmulator).
func TestGPUStepMatchesEmulator(t *testing.T) {
	dev := openOrSkip(t)
	checkStepAgainstEmulator(t, dev.b, 2e-5)
}

func TestGPUSGDLoop(t *testing.T) {
	dev := openOrSkip(t)
	rng := rand.New(rand.NewPCG(5, 6))
	o := SGDOptions{Steps: 30, LR: 0.05, Decay: 0.9, DecayEvery: 10, ReportEvery: 10, Lam: 100, Mu: 1e-5}
	Md, _, W0, H0 := randomProblem(rng, 60, 90, 6, 0.8, 0.01)
	Md.Scale(0.1, Md)
	W0, H0 = round32(W0), round32(H0)
	wantW, wantH, norms := refSGD(round32(Md), W0, H0, o)
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": sparseFromDense(Md)} {
		res, err := dev.SGD(M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res.Reports {
			if math.Abs(r.Norm-norms[i]) > 1e-4*norms[i] {
				t.Errorf("%s: report %d: %v, want norm %v", name, i, r, norms[i])
			}
		}
		if e := maxRelDiff(res.W, wantW); e > 1e-4 {
			t.Errorf("%s: W differs by %.3g", name, e)
		}
		if e := maxRelDiff(res.H, wantH); e > 1e-4 {
			t.Errorf("%s: H differs by %.3g", name, e)
		}
	}
}

func TestGPUAdamLoop(t *testing.T) {
	dev := openOrSkip(t)
	rng := rand.New(rand.NewPCG(11, 12))
	o := LessonAdam()
	o.Steps, o.ReportEvery = 25, 10
	Md, _, W0, H0 := randomProblem(rng, 50, 80, 4, 0.7, 0.01)
	W0, H0 = round32(W0), round32(H0)
	wantW, wantH := refAdam(round32(Md), W0, H0, o)
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": sparseFromDense(Md)} {
		res, err := dev.Adam(M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		if e := maxRelDiff(res.W, wantW); e > 1e-3 {
			t.Errorf("%s: W differs by %.3g", name, e)
		}
		if e := maxRelDiff(res.H, wantH); e > 1e-3 {
			t.Errorf("%s: H differs by %.3g", name, e)
		}
	}
}

func TestGPUMatMul(t *testing.T) {
	dev := openOrSkip(t)
	rng := rand.New(rand.NewPCG(13, 14))
	for _, s := range []struct{ r, c, k int }{{1, 1, 1}, {17, 33, 5}, {40, 3, 70}, {300, 200, 100}} {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				a := randDense(rng, s.r, s.k, tA)
				b := randDense(rng, s.k, s.c, tB)
				got, err := dev.MatMul(a, b, tA, tB)
				if err != nil {
					t.Fatal(err)
				}
				want, err := runMatMul(newEmulator(), a, b, tA, tB)
				if err != nil {
					t.Fatal(err)
				}
				if e := maxRelDiff(got, want); e > 1e-5 {
					t.Errorf("%v tA=%v tB=%v: GPU and emulator differ by %.3g", s, tA, tB, e)
				}
			}
		}
	}
}

// loadBenchCase reads a case written by TestPrepareBenchData.
func loadBenchCase(t testing.TB, dir string) (*hostMatrix, []float32, []float32, int) {
	t.Helper()
	shape, _, err := readNpyI32(filepath.Join(dir, "shape.npy"))
	if err != nil {
		t.Fatal(err)
	}
	h := &hostMatrix{m: int(shape[0]), n: int(shape[1])}
	if h.indptr, _, err = readNpyI32(filepath.Join(dir, "indptr.npy")); err != nil {
		t.Fatal(err)
	}
	if h.indices, _, err = readNpyI32(filepath.Join(dir, "indices.npy")); err != nil {
		t.Fatal(err)
	}
	if h.data, _, err = readNpyF32(filepath.Join(dir, "data.npy")); err != nil {
		t.Fatal(err)
	}
	W0, ws, err := readNpyF32(filepath.Join(dir, "W0.npy"))
	if err != nil {
		t.Fatal(err)
	}
	H0, _, err := readNpyF32(filepath.Join(dir, "H0.npy"))
	if err != nil {
		t.Fatal(err)
	}
	// Transpose on the host, keeping column order within each row.
	h.tindptr = make([]int32, h.n+1)
	for _, j := range h.indices {
		h.tindptr[j+1]++
	}
	for j := 0; j < h.n; j++ {
		h.tindptr[j+1] += h.tindptr[j]
	}
	next := append([]int32(nil), h.tindptr[:h.n]...)
	h.tindices = make([]int32, len(h.indices))
	h.tdata = make([]float32, len(h.data))
	for i := 0; i < h.m; i++ {
		for p := h.indptr[i]; p < h.indptr[i+1]; p++ {
			j := h.indices[p]
			h.tindices[next[j]] = int32(i)
			h.tdata[next[j]] = h.data[p]
			next[j]++
		}
	}
	return h, W0, H0, ws[1]
}

func densify(h *hostMatrix) *hostMatrix {
	d := &hostMatrix{m: h.m, n: h.n, dense: make([]float32, h.m*h.n)}
	for i := 0; i < h.m; i++ {
		for p := h.indptr[i]; p < h.indptr[i+1]; p++ {
			d.dense[i*h.n+int(h.indices[p])] = h.data[p]
		}
	}
	return d
}

// TestBenchLesson times the lesson's 1000-step loops (SGD with reports
// every 100 steps; Adam likewise) on the cases in $GPU_BENCH_DATA, for
// dense M (the lesson's t_vectors) and CSR M, and prints one line per run:
//
//	BENCH <case> <variant> <seconds> <final ‖M−WH‖>
//
// scripts/bench_gpu.sh parses these. Upload is outside the timing, as in
// the lesson (t_vectors is on the GPU before the loop).
func TestBenchLesson(t *testing.T) {
	root := os.Getenv("GPU_BENCH_DATA")
	if root == "" {
		t.Skip("set GPU_BENCH_DATA to the folder written by TestPrepareBenchData")
	}
	dev := openOrSkip(t)
	unlock := lockThread(dev.b)
	defer unlock()
	reps := 3
	if v, err := strconv.Atoi(os.Getenv("GPU_BENCH_REPS")); err == nil && v > 0 {
		reps = v
	}
	for _, c := range benchCases {
		hs, W0, H0, d := loadBenchCase(t, filepath.Join(root, c.name))
		hd := densify(hs)
		for _, variant := range []string{"sgd-dense", "sgd-csr", "adam-dense", "adam-csr"} {
			h := hs
			if variant == "sgd-dense" || variant == "adam-dense" {
				h = hd
			}
			for r := 0; r < reps; r++ {
				p, err := newProblem(dev.b, h, W0, H0, d)
				if err != nil {
					t.Fatal(err)
				}
				if err := p.b.sync(); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				var last Report
				if variant[:3] == "sgd" {
					o := LessonSGD()
					lr := o.LR
					for i := 0; i < o.Steps; i++ {
						if err := p.run(p.sgdCalls(lr, o.Lam, o.Mu, 0, 0)); err != nil {
							t.Fatal(err)
						}
						if i%o.ReportEvery == 0 {
							if last, err = p.report(i); err != nil {
								t.Fatal(err)
							}
						}
						if i%o.DecayEvery == 0 {
							lr *= o.Decay
						}
					}
				} else {
					o := LessonAdam()
					if err := p.allocAdam(); err != nil {
						t.Fatal(err)
					}
					if last, err = p.report(-1); err != nil {
						t.Fatal(err)
					}
					for i := 0; i < o.Steps; i++ {
						if err := p.run(p.adamCalls(i+1, o, 0, 0)); err != nil {
							t.Fatal(err)
						}
						if i%o.ReportEvery == o.ReportEvery-1 {
							if last, err = p.report(i); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
				if err := p.b.sync(); err != nil {
					t.Fatal(err)
				}
				sec := time.Since(start).Seconds()
				fmt.Printf("BENCH %s %s %.6f %.6f\n", c.name, variant, sec, last.Norm)
				if math.IsNaN(last.Norm) {
					t.Errorf("%s %s: final norm NaN", c.name, variant)
				}
				if err := p.release(); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestGPULessonMatrix runs the lesson's GPU loop on the lesson's tf-idf
// matrix on the device (dense, like t_vectors, and CSR) and compares with
// lib/nmf/sgd in float64: the factors after 5 steps, the reports over the
// whole 1000 steps (see TestLessonMatrixSGD for why only the norm is
// compared over long runs). It also checks the Adam gradients at the start
// against lib/nmf/autograd's analytic gradient.
func TestGPULessonMatrix(t *testing.T) {
	dev := openOrSkip(t)
	Ms := round32CSR(lessonMatrix(t))
	m, n := Ms.Dims()
	so := sgd.GPU()
	W0, H0 := sgd.Init(m, n, so)
	W0, H0 = round32(W0), round32(H0)
	Md := Ms.ToDense()
	for _, c := range []struct {
		steps           int
		factorTol, nTol float64
	}{{5, 1e-4, 1e-6}, {1000, math.Inf(1), 1e-4}} {
		so.Steps = c.steps
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
		o := LessonSGD()
		o.Steps = so.Steps
		for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
			start := time.Now()
			res, err := dev.SGD(M, W0, H0, o)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d steps in %v (including upload)", name, o.Steps, time.Since(start))
			for i, r := range res.Reports {
				t.Logf("%s GPU %v | lib/nmf/sgd %v", name, r, want[i])
				if math.Abs(r.Norm-want[i].Norm) > c.nTol*want[i].Norm {
					t.Errorf("%s %d steps, report %d: GPU %v, lib/nmf/sgd %v", name, c.steps, i, r, want[i])
				}
			}
			if e := maxRelDiff(res.W, st.W); e > c.factorTol {
				t.Errorf("%s %d steps: W differs from lib/nmf/sgd by %.3g", name, c.steps, e)
			}
			if e := maxRelDiff(res.H, st.H()); e > c.factorTol {
				t.Errorf("%s %d steps: H differs from lib/nmf/sgd by %.3g", name, c.steps, e)
			}
		}
	}

	unlock := lockThread(dev.b)
	defer unlock()
	lam := LessonAdam().Lam
	_, wantW, wantH := autograd.Grad(Ms, W0, H0, lam)
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		p := backendProblem(t, dev.b, M, W0, H0)
		if err := p.allocAdam(); err != nil {
			t.Fatal(err)
		}
		gW, err := p.alloc(f32, m*6)
		if err != nil {
			t.Fatal(err)
		}
		gH, err := p.alloc(f32, 6*n)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.run(p.adamCalls(1, LessonAdam(), gW, gH)); err != nil {
			t.Fatal(err)
		}
		if e := maxRelDiff(download(t, p, gW, m, 6), wantW); e > 1e-4 {
			t.Errorf("%s: Adam ∇W differs from lib/nmf/autograd.Grad by %.3g", name, e)
		}
		if e := maxRelDiff(download(t, p, gH, 6, n), wantH); e > 1e-4 {
			t.Errorf("%s: Adam ∇H differs from lib/nmf/autograd.Grad by %.3g", name, e)
		}
	}
}

// TestGPUDeterministic checks that the fixed-order reductions make runs
// bit-for-bit repeatable, and that the step API reproduces Device.SGD.
func TestGPUDeterministic(t *testing.T) {
	dev := openOrSkip(t)
	rng := rand.New(rand.NewPCG(51, 52))
	Md, Ms, W0, H0 := randomProblem(rng, 300, 700, 6, 0.9, 0.01)
	o := SGDOptions{Steps: 20, LR: 0.05, Decay: 0.9, DecayEvery: 10, ReportEvery: 10, Lam: 100, Mu: 1e-5}
	for name, M := range map[string]mat.Matrix{"dense": Md, "csr": Ms} {
		a, err := dev.SGD(M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dev.SGD(M, W0, H0, o)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(a.W, b.W) || !mat.Equal(a.H, b.H) {
			t.Errorf("%s: two runs differ", name)
		}
		f, err := dev.NewFactorization(M, W0, H0)
		if err != nil {
			t.Fatal(err)
		}
		lr := o.LR
		for i := 0; i < o.Steps; i++ {
			if err := f.SGDStep(lr, o.Lam, o.Mu); err != nil {
				t.Fatal(err)
			}
			if i%o.DecayEvery == 0 {
				lr *= o.Decay
			}
		}
		W, H, err := f.Factors()
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(W, a.W) || !mat.Equal(H, a.H) {
			t.Errorf("%s: step API differs from Device.SGD", name)
		}
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}
}
