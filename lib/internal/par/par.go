// Package par is the one parallel-for of the library: the ways lib/text,
// lib/sparse, lib/svd, lib/check and lib/nmf hand loops to goroutines.
//
// None of them decides how work is cut: callers pass the split (a count of
// parts, a grain, or ranges of their own), so that a caller whose sums depend
// on the split keeps exactly its own. What par guarantees is that the split
// it is given, and so every partial result a caller forms per part, never
// depends on scheduling: Split and Queue cut [0, n) from n and their
// arguments alone, and only which goroutine runs a part varies.
//
// Thresholds (when a loop is too small to be worth a second goroutine) stay
// with the callers too: they depend on the cost of one row, which only the
// caller knows.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers returns the number of goroutines that can run at once,
// runtime.GOMAXPROCS(0).
func Workers() int { return runtime.GOMAXPROCS(0) }

// Do calls f(0), …, f(n−1) concurrently, f(n−1) on the calling goroutine and
// each other one on its own, and returns when all have returned. For n = 1
// it just calls f(0); for n ≤ 0 it does nothing.
func Do(n int, f func(i int)) {
	if n <= 0 {
		return
	}
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	wg.Add(n - 1)
	for i := 0; i < n-1; i++ {
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	f(n - 1)
	wg.Wait()
}

// Split cuts [0, n) into the consecutive ranges [lo, hi) of c = ⌈n/parts⌉
// elements (the last one shorter), at most parts of them, and calls fn on
// each concurrently (see Do). For parts ≤ 1 it calls fn(0, n) on the calling
// goroutine; for n ≤ 0 it does nothing.
func Split(n, parts int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if parts <= 1 {
		fn(0, n)
		return
	}
	c := (n + parts - 1) / parts
	Do((n+c-1)/c, func(i int) {
		fn(i*c, min((i+1)*c, n))
	})
}

// Blocks calls fn on the blocks [b·grain, min((b+1)·grain, n)) covering
// [0, n) from up to workers goroutines (see Queue). The blocks depend only on
// n and grain, so per-block partial sums added in block order give the same
// result whatever workers is. For workers ≤ 1 the blocks run in order on the
// calling goroutine.
func Blocks(n, grain, workers int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	Queue((n+grain-1)/grain, workers, func(_, b int) {
		lo := b * grain
		fn(lo, min(lo+grain, n))
	})
}

// Queue runs the tasks f(w, 0), …, f(w, n−1) on min(workers, n) goroutines
// (the calling one included), each taking the lowest task not yet taken when
// it has finished its last; w ∈ [0, workers) names the goroutine running the
// task, for scratch space of its own. For workers ≤ 1 the tasks run in order
// on the calling goroutine, with w = 0.
func Queue(n, workers int, f func(w, i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	Do(workers, func(w int) {
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			f(w, i)
		}
	})
}

// SumParts stores into out (length m) the sum of the len(ps)/m consecutive
// partial sums held in ps, added in order: out[i] = ((p₀[i] + p₁[i]) + p₂[i])
// + …. The entries are split between Workers() goroutines, which changes
// no sum, so callers that form their partial sums over fixed parts get the
// same bits on any machine. Cost len(ps) additions.
func SumParts(out, ps []float64, m int) {
	out = out[:m]
	parts := len(ps) / max(m, 1)
	workers := 1
	if m >= 1<<12 {
		workers = Workers()
	}
	Split(m, workers, func(lo, hi int) {
		dst := out[lo:hi]
		copy(dst, ps[lo:hi])
		for p := 1; p < parts; p++ {
			src := ps[p*m+lo : p*m+hi]
			src = src[:len(dst)]
			for i, v := range src {
				dst[i] += v
			}
		}
	})
}

// PartSums cuts [0, rows) into parts fixed ranges of ⌈rows/parts⌉ (the
// last ones shorter or empty), calls f(z, lo, hi) for each range on its own
// zeroed partial sum z = ps[p·size:(p+1)·size] from up to workers
// goroutines (see Queue), and stores the partial sums' ordered sum into out
// (SumParts). It is the reduction of a scatter whose targets rows share:
// each range writes only its own partial sum, and since the ranges depend on
// rows and parts alone, so do the bits. ps holds parts·size floats.
func PartSums(out, ps []float64, size, rows, parts, workers int, f func(z []float64, lo, hi int)) {
	ps = ps[:parts*size]
	chunk := (rows + parts - 1) / parts
	Queue(parts, workers, func(_, p int) {
		z := ps[p*size : (p+1)*size]
		clear(z)
		f(z, min(p*chunk, rows), min((p+1)*chunk, rows))
	})
	SumParts(out, ps, size)
}
