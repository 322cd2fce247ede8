//go:build !amd64 || purego

package svd

// There is no vector kernel for this architecture (or the purego build tag
// is set).
var hasAVX2, useAVX2 = false, false

// luSweepVector reports false: the scalar loop does the sweep.
func luSweepVector(x []float64, k, j, lo, hi int, pivot float64) (int, float64, bool) {
	return 0, 0, false
}
