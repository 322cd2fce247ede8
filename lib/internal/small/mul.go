// Package small holds the dense kernels for a tall matrix times a small one
// that lib/svd and lib/nmf share.
package small

import (
	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// serialWork is the number of multiply-adds below which Mul stays on
// the calling goroutine, and blockRows the rows of one unit of parallel
// work. Rows are independent, so neither changes a result.
const (
	serialWork = 1 << 18
	blockRows  = 1024
)

// Mul stores the m×n product A·B into dst (row-major, stride ldd) for
// the row-major m×kk matrix a (stride lda) and the kk×n matrix b (stride
// ldb): a tall A times a small B, such as the randomized SVD's U = Q·Û or
// NMF's W·(HHᵀ). Each entry is summed from zero over l = 0, …, kk−1 in order,
// each product rounded before it is added (float64(v*x): no fused
// multiply-add, so that arm64 gives the bits amd64 gives): what gonum's Dgemm gives for these
// shapes (one block of kk, AxpyUnitary per row and l), without its call per
// row and l. Terms with a zero a_il are skipped, which changes nothing for a
// finite B (adding ±0 to a sum that started at +0 leaves it as it is). Up to
// n = 16 the sums of a row live on the stack. When A's rows are contiguous
// (lda = kk) and n ≤ 64, each block of rows runs as the product of a
// sparse matrix whose rows are A's (every entry stored, columns 0…kk−1)
// with B through sparse.MulDenseRows, whose AVX2 kernel forms the same
// sums in the same order (from zero, l increasing, each product rounded):
// the same bits, about four times faster. Cost 2·m·kk·n flops, rows in
// parallel.
func Mul(dst []float64, ldd int, a []float64, lda int, b []float64, ldb int, m, kk, n int) {
	if lda == kk && kk > 0 && n <= 64 && m > 0 {
		mulDense(dst, ldd, a, b, ldb, m, kk, n)
		return
	}
	rows := func(lo, hi int) {
		var acc [16]float64
		for i := lo; i < hi; i++ {
			out := dst[i*ldd : i*ldd+n]
			s := out
			if n <= len(acc) {
				s = acc[:n]
			}
			clear(s)
			arow := a[i*lda : i*lda+kk]
			for l, v := range arow {
				if v == 0 {
					continue
				}
				brow := b[l*ldb : l*ldb+n]
				brow = brow[:len(s)]
				for j, x := range brow {
					s[j] += float64(v * x)
				}
			}
			if n <= len(acc) {
				copy(out, s)
			}
		}
	}
	workers := par.Workers()
	if workers < 2 || m*kk*n < serialWork {
		rows(0, m)
		return
	}
	par.Blocks(m, blockRows, workers, rows)
}

// mulDense is Mul for contiguous rows of A through sparse.MulDenseRows.
// A block of blockRows rows of A is the data of a CSR matrix whose row i
// holds columns 0…kk−1, so the index arrays depend only on kk and are made
// once per call.
func mulDense(dst []float64, ldd int, a, b []float64, ldb int, m, kk, n int) {
	rowsPer := min(m, blockRows)
	indptr := make([]int, rowsPer+1)
	indices := make([]int, rowsPer*kk)
	for i := range indptr {
		indptr[i] = i * kk
	}
	for p := range indices {
		indices[p] = p % kk
	}
	rows := func(lo, hi int) {
		for r0 := lo; r0 < hi; r0 += rowsPer {
			r1 := min(r0+rowsPer, hi)
			sparse.MulDenseRows(dst[r0*ldd:], ldd, indptr, indices[:(r1-r0)*kk], a[r0*kk:r1*kk], b, ldb, n, 0, r1-r0)
		}
	}
	workers := par.Workers()
	if workers < 2 || m*kk*n < serialWork {
		rows(0, m)
		return
	}
	par.Blocks(m, blockRows, workers, rows)
}
