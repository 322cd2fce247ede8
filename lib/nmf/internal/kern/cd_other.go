//go:build !amd64 || purego

package kern

// There is no vector kernel for this architecture (or the purego build tag
// is set).
var HasAVX2, UseAVX2 = false, false

// CDRowsVector returns lo: cdSweep's Go loops do every row.
func CDRowsVector(ad, xb, g []float64, perm []int, pg []float64, rows, k, lo, hi int) int {
	return lo
}
