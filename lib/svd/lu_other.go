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

// toColsVector returns lo: the Go loop copies every row.
func toColsVector(xc, x []float64, m, k, lo, hi int) int { return lo }

// fromColsVector returns lo: the Go loop copies every row.
func fromColsVector(out, xc []float64, m, r int, perm []int, lo, hi int) int { return lo }
