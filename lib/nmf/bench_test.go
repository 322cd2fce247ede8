package nmf

import (
	"math/rand/v2"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// randomCSR returns an r×c matrix with about nnz uniform positive entries.
func randomCSR(r, c, nnz int, seed uint64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 1))
	indptr := make([]int, r+1)
	var indices []int
	var data []float64
	p := float64(nnz) / float64(r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if rng.Float64() < p {
				indices = append(indices, j)
				data = append(data, rng.Float64())
			}
		}
		indptr[i+1] = len(data)
	}
	x, err := sparse.NewCSR(r, c, indptr, indices, data)
	if err != nil {
		panic(err)
	}
	return x
}

// BenchmarkCDIteration times one cd iteration (W and H half-sweeps) on a
// matrix the size of the lesson's tf-idf (2034×26576, 133,634 non-zeros).
func BenchmarkCDIteration(b *testing.B) {
	x := randomCSR(2034, 26576, 133634, 1)
	const k = 5
	w, ht, err := initialize(x, k, InitRandom, 0)
	if err != nil {
		b.Fatal(err)
	}
	ws, wsT := newCDWork(x, k), newCDWork(x.Transpose(), k)
	perm := []int{0, 1, 2, 3, 4}
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		ws.update(w, ht, 0, 0, perm)
		wsT.update(ht, w, 0, 0, perm)
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

var sinkDense *mat.Dense

func BenchmarkParts(b *testing.B) {
	x := randomCSR(2034, 26576, 133634, 1)
	const k = 5
	w, ht, _ := initialize(x, k, InitRandom, 0)
	xt := x.Transpose()
	var xh, xtw mat.Dense
	g := make([]float64, k*k)
	b.Run("XHt", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			x.MulDenseTo(&xh, ht)
		}
	})
	b.Run("XtW", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			xt.MulDenseTo(&xtw, w)
		}
	})
	b.Run("XHt-kern", func(b *testing.B) {
		c0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op") }()
		out := make([]float64, 2034*k)
		for i := 0; i < b.N; i++ {
			kern.MulCSR(out, x.Indptr(), x.Indices(), x.Data(), ht.RawMatrix().Data, k)
		}
	})
	b.Run("XtW-kern", func(b *testing.B) {
		c0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op") }()
		out := make([]float64, 26576*k)
		for i := 0; i < b.N; i++ {
			kern.MulCSR(out, xt.Indptr(), xt.Indices(), xt.Data(), w.RawMatrix().Data, k)
		}
	})
	b.Run("GramHt", func(b *testing.B) {
		c0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op") }()
		for i := 0; i < b.N; i++ {
			kern.Gram(g, ht.RawMatrix().Data, 26576, k)
		}
	})
	ws := newCDWork(xt, k)
	perm := []int{0, 1, 2, 3, 4}
	b.Run("HalfH", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ws.update(ht, w, 0, 0, perm)
		}
	})
}

func BenchmarkCDSweep(b *testing.B) {
	const k, rows = 5, 26576
	x := randomCSR(rows, 2034, 133634, 1)
	w, ht, _ := initialize(x.Transpose(), k, InitRandom, 0)
	a := mat.DenseCopyOf(ht)
	xb := make([]float64, rows*k)
	kern.MulCSR(xb, x.Indptr(), x.Indices(), x.Data(), w.RawMatrix().Data, k)
	g := make([]float64, k*k)
	kern.Gram(g, w.RawMatrix().Data, 2034, k)
	pg := make([]float64, rows*k)
	perm := []int{0, 1, 2, 3, 4}
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		copy(a.RawMatrix().Data, ht.RawMatrix().Data)
		cdSweep(a.RawMatrix().Data, xb, g, perm, pg, rows, k)
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the process's user+system CPU time in nanoseconds, a
// steadier measure than wall time on a shared machine.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkProducts20(b *testing.B) {
	x := randomCSR(11314, 101322, 1100000, 3)
	xt := x.Transpose()
	const k = 20
	ht := make([]float64, 101322*k)
	w := make([]float64, 11314*k)
	for i := range ht {
		ht[i] = float64(i%7) + 0.5
	}
	for i := range w {
		w[i] = float64(i%5) + 0.5
	}
	out := make([]float64, 101322*k)
	for _, c := range []struct {
		name string
		f    func([]float64, []int, []int, []float64, []float64, int)
	}{{"reg", kern.MulCSR}} {
		b.Run("XHt-"+c.name, func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				c.f(out, x.Indptr(), x.Indices(), x.Data(), ht, k)
			}
			b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
		})
		b.Run("XHt-scatter", func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				kern.MulCSRT(out, xt.Indptr(), xt.Indices(), xt.Data(), ht, k, 11314)
			}
			b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
		})
		b.Run("XtW-"+c.name, func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				c.f(out, xt.Indptr(), xt.Indices(), xt.Data(), w, k)
			}
			b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}
