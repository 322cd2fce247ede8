//go:build !amd64 || purego

package sparse

// There is no vector kernel for this architecture (or the purego build tag
// is set).
var hasAVX2, useAVX2 = false, false

// mulRowsVector returns lo: the scalar loop does every row.
func mulRowsVector(dst []float64, ldd int, indptr, indices []int, data, b []float64, ldb, k, lo, hi int) int {
	return lo
}

// scatterVector returns 0: the Go loop does every entry.
func scatterVector(out []float64, ldo int, idx []int, val []float64, w []float64) int { return 0 }
