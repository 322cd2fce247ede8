package kern

import (
	"sort"
	"sync"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// MulCSR sets dst (rows×k, row-major) to A·B for the CSR matrix A (indptr,
// indices, data) and the row-major b with k columns. Each output entry is
// the sum of a_ij·b_jt over the stored entries of row i in storage order,
// starting from 0 (SciPy's csr_matvecs order), whatever the split between
// goroutines: ranges of 64 rows go to ForRows, and each runs
// sparse.MulDenseRows (up to eight columns at a time in registers).
func MulCSR(dst []float64, indptr, indices []int, data, b []float64, k int) {
	rows := len(indptr) - 1
	nnz := indptr[rows]
	ForRows(rows, (nnz/max(rows, 1)+1)*k, 64, func(lo, hi int) {
		sparse.MulDenseRows(dst, k, indptr, indices, data, b, k, k, lo, hi)
	})
}

// MulCSRT sets dst (rows×k, row-major) to A·B given Aᵀ in CSR form (tIndptr,
// tIndices, tData, with sorted indices), for A with rows rows and B
// row-major with k columns. It streams through the rows of B in order and
// scatters a_ij·B_j into row i of dst, which suits a B much larger than dst.
// The contributions to each entry still arrive in increasing j, so the sums
// are bit for bit those of MulCSR on A. The rows of dst are split between
// goroutines; each finds its own rows in each row of Aᵀ by binary search
// and scatters them with sparse.ScatterRow (AVX2 on amd64, the same bits).
//
// When Aᵀ has at least partsRows rows (A has that many columns) and the
// partial sums below cost fewer floats than Aᵀ has entries, the rows of Aᵀ
// are instead cut into parts fixed ranges, each scattered into its own
// partial dst, and the partial sums added in range order (mulCSRParts):
// each goroutine then reads only its own rows of Aᵀ, and the sums differ
// from MulCSR's only in the association of the parts−1 range sums,
// whatever the number of goroutines.
func MulCSRT(dst []float64, tIndptr, tIndices []int, tData, b []float64, k, rows int) {
	cols := len(tIndptr) - 1
	nnz := tIndptr[cols]
	if cols >= partsRows && parts*rows*k <= nnz {
		mulCSRParts(dst, tIndptr, tIndices, tData, b, k, rows)
		return
	}
	nw := Workers()
	if nnz*k < SerialWork {
		nw = 1
	}
	nw = max(min(nw, rows), 1)
	par.Do(nw, func(c int) {
		lo, hi := rows*c/nw, rows*(c+1)/nw
		clear(dst[lo*k : hi*k])
		for j := 0; j < cols; j++ {
			p0, p1 := tIndptr[j], tIndptr[j+1]
			if p0 == p1 {
				continue
			}
			idx := tIndices[p0:p1]
			q0 := sort.SearchInts(idx, lo)
			q1 := q0 + sort.SearchInts(idx[q0:], hi)
			if q0 < q1 {
				// idx[q0:q1:q1]: the indices after q1 are other goroutines'
				// rows, which ScatterRow would prefetch (see its doc).
				sparse.ScatterRow(dst, k, idx[q0:q1:q1], tData[p0+q0:p0+q1], b[j*k:j*k+k])
			}
		}
	})
}

// parts is the number of fixed row ranges of Aᵀ whose shares of A·B
// MulCSRT sums separately for a tall Aᵀ, and partsRows the number of rows
// of Aᵀ from which it does (the lesson's matrices have fewer and keep
// MulCSR's bits; tests lower it). parts is a constant, so the sums never
// depend on the number of goroutines.
const parts = 4

var partsRows = 1 << 18

// partsPool keeps mulCSRParts' partial sums between calls (a solver calls
// it twice per iteration with the same sizes).
var partsPool = sync.Pool{New: func() any { return new([]float64) }}

// mulCSRParts is MulCSRT by parts fixed row ranges of Aᵀ: range p
// scatters its rows in order into its own rows×k partial sum (ScatterRow,
// which prefetches the next rows' targets), and dst is the sum of the
// partial sums in range order. Cost 2·nnz·k flops and parts·rows·k floats.
func mulCSRParts(dst []float64, tIndptr, tIndices []int, tData, b []float64, k, rows int) {
	cols := len(tIndptr) - 1
	m := rows * k
	bp := partsPool.Get().(*[]float64)
	defer partsPool.Put(bp)
	if len(*bp) < parts*m {
		*bp = make([]float64, parts*m)
	}
	par.PartSums(dst, *bp, m, cols, parts, Workers(), func(z []float64, lo, hi int) {
		for j := lo; j < hi; j++ {
			p0, p1 := tIndptr[j], tIndptr[j+1]
			if p0 < p1 {
				sparse.ScatterRow(z, k, tIndices[p0:p1], tData[p0:p1], b[j*k:(j+1)*k])
			}
		}
	})
}
