//go:build !linux

package svd

// bigFloats returns a zeroed []float64 of length n.
func bigFloats(n int) []float64 { return make([]float64, n) }
