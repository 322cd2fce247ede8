package beam

import (
	"math"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// The arithmetic of NMF's coordinate descent, on plain row-major slices.
// It is lib/nmf's (scikit-learn's _update_cdnmf_fast) written again, since
// lib/nmf's kernels are internal to it: the same updates in the same order
// within a row, products that feed sums written as float64(a*b) (no fused
// multiply-add). The sums over rows (Grams, Xᵀ·W) are added in a different
// order than lib/nmf's blocked kernels, so the factors agree with lib/nmf's
// to rounding, not bit for bit.

// gram returns AᵀA (k×k, row-major) of the rows×k row-major a, summed
// row by row. Cost: rows·k² flops.
func gram(a []float64, rows, k int) []float64 {
	g := make([]float64, k*k)
	for i := range rows {
		row := a[i*k : i*k+k]
		for r, ar := range row {
			if ar == 0 {
				continue
			}
			gr := g[r*k : r*k+k]
			for c := r; c < k; c++ {
				gr[c] += float64(ar * row[c])
			}
		}
	}
	for r := range k {
		for c := 0; c < r; c++ {
			g[r*k+c] = g[c*k+r]
		}
	}
	return g
}

// mulCSRDense returns X·B (rows×k) for the CSR x and the cols×k row-major
// b, each row summed over x's stored entries in order
// (sparse.MulDenseRows, the in-memory products' kernel). Cost: 2·nnz·k.
func mulCSRDense(x *sparse.CSR, b []float64, k int) []float64 {
	rows, _ := x.Dims()
	indptr, indices, data := x.Raw()
	out := make([]float64, rows*k)
	if rows > 0 && k > 0 {
		sparse.MulDenseRows(out, k, indptr, indices, data, b, k, k, 0, rows)
	}
	return out
}

// mulCSRTDense returns Xᵀ·A (cols×k) for the CSR x (rows×cols) and the
// rows×k row-major a, adding row by row (sparse.ScatterRow). Cost: 2·nnz·k.
func mulCSRTDense(x *sparse.CSR, a []float64, k int) []float64 {
	rows, cols := x.Dims()
	indptr, indices, data := x.Raw()
	out := make([]float64, cols*k)
	for i := range rows {
		p0, p1 := indptr[i], indptr[i+1]
		sparse.ScatterRow(out, k, indices[p0:p1], data[p0:p1], a[i*k:i*k+k])
	}
	return out
}

// cdSweep runs one sweep of coordinate descent on the rows×k factor a for
// X ≈ A·Bᵀ, given g = BᵀB and xb = X·B, the columns in the order 0..k−1
// (no shuffle): each coordinate is set to max(0, a_it − (a_i·g_t −
// xb_it)/g_tt). It returns the violation, the sum of the magnitudes of the
// projected gradients, added column by column and, within a column, row
// by row, as scikit-learn adds it. Cost: 2·rows·k² flops.
func cdSweep(a, xb, g []float64, rows, k int) float64 {
	pg := make([]float64, k*rows)
	for i := range rows {
		arow := a[i*k : i*k+k]
		xrow := xb[i*k : i*k+k]
		for t := range k {
			grow := g[t*k : t*k+k]
			grad := -xrow[t]
			for r, gv := range grow {
				grad += float64(gv * arow[r])
			}
			pg[t*rows+i] = cdCoord(arow, t, grad, grow[t])
		}
	}
	var v float64
	for _, x := range pg {
		v += x
	}
	return v
}

// cdCoord updates coordinate t of row a given its gradient and the Hessian
// hess = g_tt and returns the magnitude of the projected gradient: at a
// zero coordinate only a negative gradient counts.
func cdCoord(a []float64, t int, grad, hess float64) float64 {
	pg := math.Abs(grad)
	if a[t] == 0 && grad > 0 {
		pg = 0
	}
	if hess != 0 {
		a[t] = math.Max(a[t]-grad/hess, 0)
	}
	return pg
}
