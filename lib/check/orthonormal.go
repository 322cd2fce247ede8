package check

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Orthonormal reports whether the columns of q (or its rows, when rows is
// true) are orthonormal: QᵀQ (or QQᵀ) is close to the identity in the sense
// of IsClose, |G − I| ≤ atol + rtol·|I| elementwise. It also returns the
// largest |G − I| entry. Cost 2·m·k² flops for k vectors of length m, run in
// parallel; for very large matrices check a subset of the vectors.
func Orthonormal(q mat.Matrix, rows bool, rtol, atol float64) (ok bool, maxDev float64) {
	var g mat.Dense
	if rows {
		g.Mul(q, q.T())
	} else {
		g.Mul(q.T(), q)
	}
	n, _ := g.Dims()
	ok = true
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			x := g.At(i, j)
			if !IsClose(x, want, rtol, atol) {
				ok = false
			}
			d := math.Abs(x - want)
			if math.IsNaN(d) {
				d = math.Inf(1)
			}
			maxDev = math.Max(maxDev, d)
		}
	}
	return ok, maxDev
}
