package check

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// NumPy's default tolerances for allclose and isclose.
const (
	RTol = 1e-5
	ATol = 1e-8
)

// IsClose reports whether a and b are close in NumPy's sense (isclose with
// equal_nan=False):
//
//	|a − b| ≤ atol + rtol·|b|
//
// The test is not symmetric: b is the reference. NaN is never close to
// anything; infinities are close only to an infinity of the same sign.
func IsClose(a, b, rtol, atol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return false
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= atol+rtol*math.Abs(b)
}

// AllClose reports whether every element of a is close to the matching
// element of b (numpy.allclose(a, b, rtol, atol)). Matrices of different
// shapes are not close. Cost O(mn) calls of At (direct access for dense
// matrices).
func AllClose(a, b mat.Matrix, rtol, atol float64) bool {
	_, _, _, ok := MaxViolation(a, b, rtol, atol)
	return ok
}

// MaxViolation compares a with b like AllClose and returns the element where
// |a − b| − (atol + rtol·|b|) is largest (NaN and mismatched infinities count
// as +Inf), that excess, and whether all elements are close. For matrices of
// different shapes it returns (-1, -1, +Inf, false). It is meant for test
// messages that say where and by how much a comparison failed.
func MaxViolation(a, b mat.Matrix, rtol, atol float64) (i, j int, excess float64, ok bool) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return -1, -1, math.Inf(1), false
	}
	i, j, excess, ok = -1, -1, math.Inf(-1), true
	for r := 0; r < ar; r++ {
		for c := 0; c < ac; c++ {
			x, y := a.At(r, c), b.At(r, c)
			var e float64
			if IsClose(x, y, rtol, atol) {
				e = math.Abs(x-y) - (atol + rtol*math.Abs(y))
				if math.IsNaN(e) { // equal infinities
					e = math.Inf(-1)
				}
			} else {
				ok = false
				e = math.Abs(x-y) - (atol + rtol*math.Abs(y))
				if math.IsNaN(e) || math.IsInf(x, 0) || math.IsInf(y, 0) {
					e = math.Inf(1)
				}
			}
			if e > excess || i < 0 {
				i, j, excess = r, c, e
			}
		}
	}
	return i, j, excess, ok
}

// AllCloseSlices is AllClose for two vectors of equal length.
func AllCloseSlices(a, b []float64, rtol, atol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !IsClose(a[i], b[i], rtol, atol) {
			return false
		}
	}
	return true
}
