package svd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestTMulScatterMatchesGather checks that Mᵀ·W formed by scattering M's
// rows is bit for bit the gather through the transpose, for several
// goroutine counts and widths (the split must not change any sum).
func TestTMulScatterMatchesGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const rows, cols = 30000, 300 // nnz·k ≥ 2¹⁸ for k ≥ 3: the parallel split runs
	a := &csr{rows: rows, cols: cols, indptr: make([]int, rows+1)}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			// Zipf-like: low columns are dense, high ones sparse.
			if rng.Float64() < 0.5/float64(j+1) {
				a.indices = append(a.indices, j)
				a.data = append(a.data, rng.NormFloat64())
			}
		}
		a.indptr[i+1] = len(a.data)
	}
	at := a.transpose()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, k := range []int{1, 3, 4, 15, 20, 23} {
		w := make([]float64, rows*k)
		for i := range w {
			w[i] = rng.NormFloat64()
		}
		want := make([]float64, cols*k)
		sparseMulTo(at, want, k, w, k)
		for _, procs := range []int{1, 2, 3, 16} {
			runtime.GOMAXPROCS(procs)
			got := make([]float64, cols*k)
			for i := range got {
				got[i] = math.NaN() // every entry must be written
			}
			tmulScatter(a, got, w, k)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("k=%d GOMAXPROCS=%d: entry %d = %v, gather gives %v", k, procs, i, got[i], want[i])
				}
			}
		}
	}
}
