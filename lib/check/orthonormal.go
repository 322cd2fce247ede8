package check

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"gonum.org/v1/gonum/mat"
)

// Orthonormal reports whether the columns of q (or its rows, when rows is
// true) are orthonormal: QᵀQ (or QQᵀ) is close to the identity in the sense
// of IsClose, |G − I| ≤ atol + rtol·|I| elementwise. It also returns the
// largest |G − I| entry. Cost 2·m·k² flops for k vectors of length m, run in
// parallel; for very large matrices check a subset of the vectors.
func Orthonormal(q mat.Matrix, rows bool, rtol, atol float64) (ok bool, maxDev float64) {
	d := mat.DenseCopyOf(q)
	raw := d.RawMatrix()
	n, tA, tB, inner := raw.Cols, blas.Trans, blas.NoTrans, raw.Rows
	if rows {
		n, tA, tB, inner = raw.Rows, blas.NoTrans, blas.Trans, raw.Cols
	}
	// A general product (parallel in gonum) rather than the serial rank-k
	// update that mat.Dense.Mul picks for QᵀQ.
	g := mat.NewDense(n, n, nil)
	gr := g.RawMatrix()
	blas64.Implementation().Dgemm(tA, tB, n, n, inner, 1, raw.Data, raw.Stride, raw.Data, raw.Stride, 0, gr.Data, gr.Stride)
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
