package svd

import (
	"runtime"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack/gonum"
)

var lapackImpl gonum.Implementation

func maxProcs() int { return runtime.GOMAXPROCS(0) }

// symEig computes the eigen decomposition of the n×n symmetric matrix whose
// lower triangle is stored row-major in a (stride lda); a is destroyed. It
// returns the eigenvalues in descending order and the row-major n×n matrix of
// eigenvectors (column i belongs to value i). The matrix is reduced to
// tridiagonal form (Householder, LAPACK dsytrd), the tridiagonal problem is
// solved by divide and conquer, and the reflectors are applied back with
// blocked products (dormqr). Cost about (4/3 + 2 + c)·n³ flops with c ≤ 4/3
// shrinking with deflation.
func symEig(n int, a []float64, lda int) (vals []float64, vecs []float64, ok bool) {
	if n == 0 {
		return nil, nil, true
	}
	d := make([]float64, n)
	e := make([]float64, max(n-1, 1))
	tau := make([]float64, max(n-1, 1))
	work := []float64{0}
	sytrdLower(n, a, lda, d, e, tau)

	z := bigFloats(n * n)
	if !tridiagEig(n, d, e, z, n) {
		return nil, nil, false
	}
	if n > 1 {
		lapackImpl.Dormqr(blas.Left, blas.NoTrans, n-1, n, n-1, a[lda:], lda, tau, z[n:], n, work, -1)
		if int(work[0]) > len(work) {
			work = make([]float64, int(work[0]))
		}
		lapackImpl.Dormqr(blas.Left, blas.NoTrans, n-1, n, n-1, a[lda:], lda, tau, z[n:], n, work, len(work))
	}
	// Sort descending.
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(x, y int) bool { return d[perm[x]] > d[perm[y]] })
	vals = make([]float64, n)
	vecs = bigFloats(n * n)
	for c, p := range perm {
		vals[c] = d[p]
	}
	for r := 0; r < n; r++ {
		src := z[r*n : (r+1)*n]
		dst := vecs[r*n : (r+1)*n]
		for c, p := range perm {
			dst[c] = src[p]
		}
	}
	return vals, vecs, true
}
