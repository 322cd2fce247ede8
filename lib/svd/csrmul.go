package svd

// Products with the package's CSR storage: the Gram matrix A·Aᵀ that the
// full SVD diagonalises, and A·W.

import (
	"gonum.org/v1/gonum/blas/blas64"

	"sort"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// sparseGram returns the row-major m×m matrix A·Aᵀ for the CSR matrix a and
// its transpose at. Row i costs Σ over the non-zeros a_ij of nnz(column j).
// Each product is rounded before it is added (float64(v*a): no fused
// multiply-add, so that arm64 gives the bits amd64 gives).
func sparseGram(a, at *csr) []float64 {
	m := a.rows
	g := make([]float64, m*m)
	parallelFor(m, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			gi := g[i*m : (i+1)*m]
			for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
				j, v := a.indices[p], a.data[p]
				for q := at.indptr[j]; q < at.indptr[j+1]; q++ {
					gi[at.indices[q]] += float64(v * at.data[q])
				}
			}
		}
	})
	return g
}

// sparseMulTo stores A·W (rows×k) into out (stride ldo) for the CSR matrix
// a and the row-major cols×k matrix w; the first k entries of each row of
// out are overwritten (they need not be zero). Cost 2·nnz·k flops; rows run
// in parallel. For k ≤ 64 each range of rows runs sparse.MulDenseRows (sums
// in registers, in storage order: bit for bit the plain axpy loop).
func sparseMulTo(a *csr, out []float64, ldo int, w []float64, k int) {
	if k <= 64 {
		run := parallelFor
		if (a.indptr[a.rows]-a.indptr[0])*k < 1<<18 {
			// Too little work to pay for waking a second thread. (The
			// lesson's 134k non-zeros × 15 columns are above: with the AVX2
			// kernel 0.62–0.73 ms serial, 0.41–0.44 ms on two cores for M·W
			// and Mᵀ·W, BenchmarkSparseMulCorpus.)
			run = func(n int, fn func(lo, hi int)) { fn(0, n) }
		}
		run(a.rows, func(lo, hi int) {
			sparse.MulDenseRows(out, ldo, a.indptr, a.indices, a.data, w, k, k, lo, hi)
		})
		return
	}
	impl := blas64.Implementation()
	// Columns in chunks so that the slice of w in use stays in cache.
	const chunk = 256
	parallelFor(a.rows, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			clear(out[j*ldo : j*ldo+k])
		}
		for c0 := 0; c0 < k; c0 += chunk {
			c1 := min(c0+chunk, k)
			for j := lo; j < hi; j++ {
				row := out[j*ldo+c0 : j*ldo+c1]
				for q := a.indptr[j]; q < a.indptr[j+1]; q++ {
					i := a.indices[q]
					impl.Daxpy(c1-c0, a.data[q], w[i*k+c0:i*k+c1], 1, row, 1)
				}
			}
		}
	})
}

// tmulScatter stores Aᵀ·W (cols×k, row-major, stride k) into out for the
// CSR matrix a (rows×cols, column indices increasing in each row) and the
// row-major rows×k matrix w, without forming Aᵀ: each stored a_ij adds
// a_ij·w[i, :] to row j of the result. Entry (j, t) is summed from zero
// over i in increasing order, exactly the terms and order of the gather
// through the transpose (sparseMulTo on a.transpose()), so the two give
// the same bits. Each product is rounded before it is added (no fused
// multiply-add).
//
// The result's rows are split between goroutines in ranges of columns
// of A holding about equal numbers of entries; each goroutine scans every
// row of A but only its own columns (found by binary search in the
// sorted row), so no two write the same row and the split changes no
// sum. Cost 2·nnz·k flops plus one pass over indptr and w per goroutine.
func tmulScatter(a *csr, out []float64, w []float64, k int) {
	out = out[:a.cols*k]
	nnz := a.indptr[a.rows] - a.indptr[0]
	workers := maxProcs()
	if nnz*k < 1<<18 || a.cols < 2*workers {
		workers = 1
	}
	if workers <= 1 {
		clear(out)
		scatterRange(a, out, w, k, 0, a.cols)
		return
	}
	// Column ranges of about nnz/workers entries each.
	counts := make([]int, a.cols+1)
	for _, j := range a.indices[a.indptr[0]:a.indptr[a.rows]] {
		counts[j+1]++
	}
	bounds := []int{0}
	acc := 0
	for j := 0; j < a.cols && len(bounds) < workers; j++ {
		acc += counts[j+1]
		if acc >= nnz*len(bounds)/workers {
			bounds = append(bounds, j+1)
		}
	}
	bounds = append(bounds, a.cols)
	par.Do(len(bounds)-1, func(b int) {
		j0, j1 := bounds[b], bounds[b+1]
		clear(out[j0*k : j1*k])
		scatterRange(a, out, w, k, j0, j1)
	})
}

// scatterRange adds to rows j0…j1−1 of out (cols×k) the terms a_ij·w[i, :]
// of the entries of A in those columns, row by row of A
// (sparse.ScatterRow: four-lane vectors on amd64 with AVX2).
func scatterRange(a *csr, out []float64, w []float64, k, j0, j1 int) {
	whole := j0 == 0 && j1 == a.cols
	for i := 0; i < a.rows; i++ {
		lo, hi := a.indptr[i], a.indptr[i+1]
		if !whole {
			idx := a.indices[lo:hi]
			lo += sort.SearchInts(idx, j0)
			hi = lo + sort.SearchInts(a.indices[lo:hi], j1)
		}
		if lo == hi {
			continue
		}
		// With a column range, the indices after hi are other
		// goroutines' rows, which ScatterRow would prefetch (see its doc).
		idx := a.indices[lo:hi]
		if !whole {
			idx = idx[:len(idx):len(idx)]
		}
		sparse.ScatterRow(out, k, idx, a.data[lo:hi], w[i*k:i*k+k])
	}
}
