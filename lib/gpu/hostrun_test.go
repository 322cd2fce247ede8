package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/internal/hostrun"
)

// hostBackend runs the CUDA C kernels themselves, compiled for the CPU by
// package internal/hostrun, where the emulator runs their Go mirror. With no
// fused multiply-add on either side the two must agree bit for bit, and a
// kernel must give the same bits whichever order its blocks and threads run
// in (a difference is a data race).
type hostBackend struct {
	order hostrun.Order
}

func (h *hostBackend) alloc(k elemKind, n int) (dptr, error) {
	if n < 1 {
		return 0, fmt.Errorf("gpu: allocation of %d elements", n)
	}
	a, err := hostrun.Alloc(n * int(k.size()))
	return dptr(a), err
}
func (h *hostBackend) free(p dptr) error                       { return hostrun.Free(uint64(p)) }
func (h *hostBackend) uploadF32(p dptr, src []float32) error   { return hostrun.Write(uint64(p), src) }
func (h *hostBackend) uploadI32(p dptr, src []int32) error     { return hostrun.Write(uint64(p), src) }
func (h *hostBackend) downloadF32(dst []float32, p dptr) error { return hostrun.Read(dst, uint64(p)) }
func (h *hostBackend) downloadF64(dst []float64, p dptr) error { return hostrun.Read(dst, uint64(p)) }
func (h *hostBackend) sync() error                             { return nil }

func (h *hostBackend) launch(c kernelCall) error {
	if err := c.check(ptxEntries()[c.module]); err != nil {
		return err
	}
	words := make([]uint64, len(c.args))
	for i, a := range c.args {
		switch v := a.(type) {
		case dptr:
			words[i] = hostrun.Ptr(uint64(v))
		case int64:
			words[i] = hostrun.Int(v)
		case float64:
			words[i] = hostrun.Float(v)
		}
	}
	return hostrun.Launch(c.name, c.grid, c.block, words, h.order)
}

var hostOrders = []hostrun.Order{hostrun.Forward, hostrun.Reverse}

// needHost skips the test in a build that cannot compile the kernels for the
// CPU (no cgo).
func needHost(t *testing.T) {
	t.Helper()
	if !hostrun.Available {
		t.Skip("internal/hostrun needs cgo and a C++17 compiler (CGO_ENABLED=1, g++)")
	}
}

func orderName(o hostrun.Order) string {
	if o == hostrun.Reverse {
		return "reverse"
	}
	return "forward"
}

// TestHostStepMatchesEmulator: one SGD step of the CUDA sources equals the
// emulator's bit for bit, for every test shape, dense and CSR, in both orders.
func TestHostStepMatchesEmulator(t *testing.T) {
	needHost(t)
	for _, o := range hostOrders {
		t.Run(orderName(o), func(t *testing.T) {
			checkStepAgainstEmulator(t, &hostBackend{o}, 0)
		})
	}
}

// TestHostLoopsMatchEmulator runs short SGD and Adam loops (with learning-
// rate decay and reports) through the CUDA sources and the emulator: the
// factors and every report must be identical.
func TestHostLoopsMatchEmulator(t *testing.T) {
	needHost(t)
	rng := rand.New(rand.NewPCG(61, 62))
	so := SGDOptions{Steps: 8, LR: 0.05, Decay: 0.9, DecayEvery: 3, ReportEvery: 4, Lam: 100, Mu: 1e-5}
	ao := LessonAdam()
	ao.Steps, ao.ReportEvery = 8, 4
	for _, s := range []struct{ m, n, d int }{{70, 300, 5}, {40, 90, 16}} {
		Md, Ms, W0, H0 := randomProblem(rng, s.m, s.n, s.d, 0.8, 0.01)
		for _, c := range []struct {
			name string
			M    mat.Matrix
		}{{"dense", Md}, {"csr", Ms}} {
			for _, alg := range []string{"sgd", "adam"} {
				run := func(b backend) (*Result, error) {
					if alg == "sgd" {
						return runSGD(b, c.M, W0, H0, so)
					}
					return runAdam(b, c.M, W0, H0, ao)
				}
				want, err := run(newEmulator())
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range hostOrders {
					name := fmt.Sprintf("%s/%s/%dx%dx%d/%s", alg, c.name, s.m, s.n, s.d, orderName(o))
					got, err := run(&hostBackend{o})
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if !mat.Equal(got.W, want.W) || !mat.Equal(got.H, want.H) {
						t.Errorf("%s: factors differ from the emulator's by %.3g, %.3g (relative)",
							name, maxRelDiff(got.W, want.W), maxRelDiff(got.H, want.H))
					}
					if len(got.Reports) != len(want.Reports) {
						t.Fatalf("%s: %d reports, emulator %d", name, len(got.Reports), len(want.Reports))
					}
					for i := range got.Reports {
						if got.Reports[i] != want.Reports[i] {
							t.Errorf("%s: report %d %+v, emulator %+v", name, i, got.Reports[i], want.Reports[i])
						}
					}
				}
			}
		}
	}
}

// TestHostMatMulMatchesEmulator: the tiled product of the CUDA source equals
// the emulator's bit for bit, in both orders, for every transpose.
func TestHostMatMulMatchesEmulator(t *testing.T) {
	needHost(t)
	rng := rand.New(rand.NewPCG(63, 64))
	for _, s := range []struct{ r, c, k int }{{1, 1, 1}, {17, 33, 5}, {40, 3, 70}, {50, 40, 33}} {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				a := randDense(rng, s.r, s.k, tA)
				b := randDense(rng, s.k, s.c, tB)
				want, err := runMatMul(newEmulator(), a, b, tA, tB)
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range hostOrders {
					got, err := runMatMul(&hostBackend{o}, a, b, tA, tB)
					if err != nil {
						t.Fatal(err)
					}
					if !mat.Equal(got, want) {
						t.Errorf("%v tA=%v tB=%v %s: differs from the emulator by %.3g", s, tA, tB, orderName(o), maxRelDiff(got, want))
					}
				}
			}
		}
	}
}

// TestHostReportEdgeCases checks the reductions of the CUDA source where the
// emulator's special cases are: all-positive factors (+0 negatives, minimum
// above zero), a NaN in W (the minimum must be NaN), a tiny problem with
// fewer elements than threads.
func TestHostReportEdgeCases(t *testing.T) {
	needHost(t)
	M := mat.NewDense(2, 3, []float64{1, 0, 2, 0, 3, 0})
	W := mat.NewDense(2, 1, []float64{0.5, 0.25})
	H := mat.NewDense(1, 3, []float64{1, 2, 3})
	for _, o := range hostOrders {
		p := backendProblem(t, &hostBackend{o}, M, W, H)
		e := emuProblem(t, M, W, H)
		if err := p.run(p.gramCalls()); err != nil {
			t.Fatal(err)
		}
		if err := e.run(e.gramCalls()); err != nil {
			t.Fatal(err)
		}
		rp, err := p.report(0)
		if err != nil {
			t.Fatal(err)
		}
		re, err := e.report(0)
		if err != nil {
			t.Fatal(err)
		}
		if rp != re || rp.MinW != 0.25 || rp.NegW != 0 || rp.NegH != 0 {
			t.Errorf("%s: report %+v, emulator %+v", orderName(o), rp, re)
		}
		if err := p.b.uploadF32(p.W, []float32{float32(math.NaN()), -1}); err != nil {
			t.Fatal(err)
		}
		mn, neg, err := p.stats(p.W, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !math.IsNaN(mn) || neg != 1 {
			t.Errorf("%s: stats of [NaN, −1] = %v, %d; want NaN, 1", orderName(o), mn, neg)
		}
	}
}
