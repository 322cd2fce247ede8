package svd

import (
	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// gramParts is the number of fixed row ranges of a tall sparse M whose
// shares of Mᵀ·(M·X) gramMulTo forms separately: it sets how many
// goroutines the product can use and how many cols×k partial sums it
// keeps (16 MB each for 10⁵ columns and k = 20). It is a constant, so the
// bits do not depend on the number of goroutines.
const gramParts = 4

// gramRows is the number of rows of M whose block of M·X gramMulTo forms
// at once (in cache) before scattering it back through Mᵀ.
const gramRows = 512

// fuseGram selects gramMulTo for the power iterations; tests turn it off
// to compare with the two products.
var fuseGram = true

// gramMulTo stores Mᵀ·(M·X) (cols×k) into out for the tall sparse
// operator op (op.sp set, op.spT nil) and the row-major cols×k matrix x,
// in one pass over M that never stores the rows×k product M·X: for each
// block of gramRows rows, Y = M_blk·X (sparse.MulDenseRows, the sums of
// op.mulTo) and then its rows scattered through M_blkᵀ (sparse.ScatterRow,
// the terms of the scatter in increasing row order). The rows are cut into
// gramParts fixed ranges summed separately and then added in range order,
// so each entry is the unfused product's up to the association of the
// gramParts−1 range sums, and the same whatever GOMAXPROCS is. It reads M
// once instead of twice and writes no rows×k block: the randomized SVD's
// power iterations without normalisation (NormNone) on a 10⁶-row matrix
// skip two 160 MB writes and reads per iteration. The partial sums cost
// gramParts·cols·k floats, kept in *parts across calls.
func (op *operator) gramMulTo(out, x []float64, k int, parts *[]float64) []float64 {
	a := op.sp
	n := a.cols
	if len(out) < n*k {
		out = bigFloats(n * k)
	}
	out = out[:n*k]
	if len(*parts) < gramParts*n*k {
		*parts = bigFloats(gramParts * n * k)
	}
	ps := (*parts)[:gramParts*n*k]
	chunk := (a.rows + gramParts - 1) / gramParts
	par.Queue(gramParts, maxProcs(), func(_, p int) {
		z := ps[p*n*k : (p+1)*n*k]
		clear(z)
		lo, hi := min(p*chunk, a.rows), min((p+1)*chunk, a.rows)
		y := make([]float64, gramRows*k)
		for r0 := lo; r0 < hi; r0 += gramRows {
			r1 := min(r0+gramRows, hi)
			sparse.MulDenseRows(y[:(r1-r0)*k], k, a.indptr[r0:r1+1], a.indices, a.data, x, k, k, 0, r1-r0)
			for i := r0; i < r1; i++ {
				p0, p1 := a.indptr[i], a.indptr[i+1]
				if p0 < p1 {
					sparse.ScatterRow(z, k, a.indices[p0:p1], a.data[p0:p1], y[(i-r0)*k:(i-r0+1)*k])
				}
			}
		}
	})
	sumParts(out, ps, n*k)
	return out
}

// scatterParts stores Aᵀ·W (cols×k) into out for the tall sparse a and the
// row-major rows×k matrix w, as gramMulTo's second half does: the rows of A
// in gramParts fixed ranges, each range's rows scattered in order into its
// own cols×k partial sum (sparse.ScatterRow, which prefetches the next
// rows' targets), and the partial sums added in range order. Each entry is
// tmulScatter's up to the association of the gramParts−1 range sums, and
// the same for any GOMAXPROCS; unlike tmulScatter's split by columns, no
// goroutine reads rows of A it does not own, so it runs in about a quarter
// of the time on 10⁶×10⁵ with 10⁷ entries. It reports false, doing
// nothing, when the partial sums (gramParts·cols·k floats) would
// outnumber A's entries; tmulScatter is then the better product. The
// partial sums are kept in *parts across calls.
func scatterParts(a *csr, out, w []float64, k int, parts *[]float64) bool {
	n := a.cols
	if nnz := a.indptr[a.rows] - a.indptr[0]; gramParts*n*k > nnz || a.rows < gramParts {
		return false
	}
	out = out[:n*k]
	if len(*parts) < gramParts*n*k {
		*parts = bigFloats(gramParts * n * k)
	}
	ps := (*parts)[:gramParts*n*k]
	chunk := (a.rows + gramParts - 1) / gramParts
	par.Queue(gramParts, maxProcs(), func(_, p int) {
		z := ps[p*n*k : (p+1)*n*k]
		clear(z)
		lo, hi := min(p*chunk, a.rows), min((p+1)*chunk, a.rows)
		for i := lo; i < hi; i++ {
			p0, p1 := a.indptr[i], a.indptr[i+1]
			if p0 < p1 {
				sparse.ScatterRow(z, k, a.indices[p0:p1], a.data[p0:p1], w[i*k:(i+1)*k])
			}
		}
	})
	sumParts(out, ps, n*k)
	return true
}

// sumParts stores ((z₀ + z₁) + z₂) + … into out (length m) for the
// gramParts consecutive partial sums in ps, out's rows in parallel.
func sumParts(out, ps []float64, m int) {
	parallelFor(m, func(lo, hi int) {
		dst := out[lo:hi]
		copy(dst, ps[lo:hi])
		for p := 1; p < gramParts; p++ {
			src := ps[p*m+lo : p*m+hi]
			src = src[:len(dst)]
			for i, v := range src {
				dst[i] += v
			}
		}
	})
}
