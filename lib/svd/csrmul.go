package svd

// Products with the package's CSR storage: the Gram matrix A·Aᵀ that the
// full SVD diagonalises, and A·W.

import (
	"gonum.org/v1/gonum/blas/blas64"

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
