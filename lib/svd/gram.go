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
	byRowParts(out, a.rows, n*k, parts, func(z []float64, lo, hi int) {
		y := make([]float64, gramRows*k)
		for r0 := lo; r0 < hi; r0 += gramRows {
			r1 := min(r0+gramRows, hi)
			sparse.MulDenseRows(y[:(r1-r0)*k], k, a.indptr[r0:r1+1], a.indices, a.data, x, k, k, 0, r1-r0)
			scatterRows(z, k, a, r0, r1, y)
		}
	})
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
	byRowParts(out[:n*k], a.rows, n*k, parts, func(z []float64, lo, hi int) {
		scatterRows(z, k, a, lo, hi, w[lo*k:hi*k])
	})
	return true
}

// partSums returns gramParts partial sums of size floats each, one after
// another, from *parts (grown when too short; the contents are stale).
func partSums(parts *[]float64, size int) []float64 {
	if len(*parts) < gramParts*size {
		*parts = bigFloats(gramParts * size)
	}
	return (*parts)[:gramParts*size]
}

// byRowParts is par.PartSums over gramParts fixed ranges of [0, rows),
// with the partial sums (size floats each) kept in *parts: f(z, lo, hi)
// adds range [lo, hi)'s share into z, and out gets the ordered sum, so the
// bits depend on rows and gramParts only, never on GOMAXPROCS.
func byRowParts(out []float64, rows, size int, parts *[]float64, f func(z []float64, lo, hi int)) {
	par.PartSums(out, partSums(parts, size), size, rows, gramParts, maxProcs(), f)
}

// scatterRows adds M_blkᵀ·Y_blk into the cols×k z for the rows r0…r1−1 of
// a and their k-vectors y (row-major, (r1−r0)×k), row by row in order
// (sparse.ScatterRow, which prefetches the next rows' targets).
func scatterRows(z []float64, k int, a *csr, r0, r1 int, y []float64) {
	for i := r0; i < r1; i++ {
		p0, p1 := a.indptr[i], a.indptr[i+1]
		if p0 < p1 {
			sparse.ScatterRow(z, k, a.indices[p0:p1], a.data[p0:p1], y[(i-r0)*k:(i-r0+1)*k])
		}
	}
}
