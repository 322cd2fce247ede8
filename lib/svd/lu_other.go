//go:build !amd64 || purego

package svd

// There is no vector kernel for this architecture (or the purego build tag
// is set).
var hasAVX2, useAVX2 = false, false

// permutedLCols is not reached without AVX2 (permutedLWorkers checks
// useAVX2).
func permutedLCols(x []float64, m, k int, out []float64, workers int) []float64 {
	panic("svd: permutedLCols needs AVX2")
}

// toColMajor copies the row-major m×k matrix x into xc, column-major (column
// c at xc[c·m:]).
func toColMajor(xc, x []float64, m, k, workers int) {
	byRows(m, m*k, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for c, v := range x[i*k : (i+1)*k] {
				xc[c*m+i] = v
			}
		}
	})
}

// fromColMajor copies rows lo…hi−1 of the column-major m×r matrix xc into
// the row-major out, row i to row perm[i] (row i itself when perm is nil).
func fromColMajor(out, xc []float64, m, r int, perm []int, lo, hi, workers int) {
	byRows(hi-lo, (hi-lo)*r, workers, func(a, b int) {
		for i := a + lo; i < b+lo; i++ {
			p := i
			if perm != nil {
				p = perm[i]
			}
			dst := out[p*r : (p+1)*r]
			for c := range dst {
				dst[c] = xc[c*m+i]
			}
		}
	})
}
