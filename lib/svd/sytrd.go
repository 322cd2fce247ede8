package svd

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/fastai-go/topicmodel/lib/internal/par"
)

// sytrdLower reduces the n×n symmetric matrix whose lower triangle is in a
// (row-major, stride lda) to tridiagonal form T = Qᵀ·A·Q, exactly as
// LAPACK's dsytrd with uplo = 'L' (gonum's Dsytrd): d and e receive T's
// diagonal and off-diagonal, the reflectors defining Q are left below the
// subdiagonal with their scalars in tau. It follows gonum's blocked loop
// (Dlatrd panels of 32 columns) but runs the rank-2k update of the trailing
// matrix, half of the flops, as parallel row blocks of matrix products
// instead of gonum's serial Dsyr2k. The strictly upper triangle of a is
// overwritten with junk.
func sytrdLower(n int, a []float64, lda int, d, e, tau []float64) {
	const nb = 32
	if n <= 2*nb {
		lapackImpl.Dsytd2(blas.Lower, n, a, lda, d, e, tau)
		return
	}
	work := make([]float64, n*nb)
	i := 0
	for ; i < n-nb-nb; i += nb {
		latrdLower(n-i, nb, a[i*lda+i:], lda, e[i:], tau[i:], work, nb)
		m := n - i - nb
		syr2kLower(m, nb, a[(i+nb)*lda+i:], lda, work[nb*nb:], nb, a[(i+nb)*lda+i+nb:], lda)
		for j := i; j < i+nb; j++ {
			a[(j+1)*lda+j] = e[j]
			d[j] = a[j*lda+j]
		}
	}
	lapackImpl.Dsytd2(blas.Lower, n-i, a[i*lda+i:], lda, d[i:], e[i:], tau[i:])
}

// syr2kLower computes C −= A·Wᵀ + W·Aᵀ on the lower triangle of the m×m
// matrix C (A and W are m×k), splitting the rows into blocks of about equal
// triangle area handled in parallel. Each block [r0, r1) updates the
// rectangle C[r0:r1, 0:r1], so a few entries above the diagonal change too.
func syr2kLower(m, k int, a []float64, lda int, w []float64, ldw int, c []float64, ldc int) {
	impl := blas64.Implementation()
	parts := 4 * maxProcs()
	if m < 256 {
		parts = 1
	}
	// Row boundaries with equal area: r_p = m·√(p/parts).
	bounds := make([]int, parts+1)
	for p := 1; p <= parts; p++ {
		bounds[p] = int(float64(m) * math.Sqrt(float64(p)/float64(parts)))
	}
	bounds[parts] = m
	par.Queue(parts, maxProcs(), func(_, p int) {
		r0, r1 := bounds[p], bounds[p+1]
		if r1 <= r0 {
			return
		}
		rows := r1 - r0
		impl.Dgemm(blas.NoTrans, blas.Trans, rows, r1, k, -1, a[r0*lda:], lda, w, ldw, 1, c[r0*ldc:], ldc)
		impl.Dgemm(blas.NoTrans, blas.Trans, rows, r1, k, -1, w[r0*ldw:], ldw, a, lda, 1, c[r0*ldc:], ldc)
	})
}

// latrdLower is gonum's Dlatrd for uplo = Lower (LAPACK dlatrd): it reduces
// the first nb columns of the n×n lower-stored symmetric matrix a to
// tridiagonal form and returns in w (n×nb) the matrix needed for the
// rank-2k update of the rest. The symmetric matrix-vector product, the
// memory-bound half of the tridiagonal reduction, runs in parallel.
func latrdLower(n, nb int, a []float64, lda int, e, tau, w []float64, ldw int) {
	bi := blas64.Implementation()
	x := make([]float64, n)
	y := make([]float64, n)
	for i := 0; i < nb; i++ {
		bi.Dgemv(blas.NoTrans, n-i, i, -1, a[i*lda:], lda, w[i*ldw:], 1, 1, a[i*lda+i:], lda)
		bi.Dgemv(blas.NoTrans, n-i, i, -1, w[i*ldw:], ldw, a[i*lda:], 1, 1, a[i*lda+i:], lda)
		if i < n-1 {
			e[i], tau[i] = lapackImpl.Dlarfg(n-i-1, a[(i+1)*lda+i], a[min(i+2, n-1)*lda+i:], lda)
			a[(i+1)*lda+i] = 1
			// W(i+1:n, i) = A(i+1:n, i+1:n)·A(i+1:n, i).
			m := n - i - 1
			for r := 0; r < m; r++ {
				x[r] = a[(i+1+r)*lda+i]
			}
			symvLower(m, a[(i+1)*lda+i+1:], lda, x[:m], y[:m])
			for r := 0; r < m; r++ {
				w[(i+1+r)*ldw+i] = y[r]
			}
			bi.Dgemv(blas.Trans, n-i-1, i, 1, w[(i+1)*ldw:], ldw, a[(i+1)*lda+i:], lda, 0, w[i:], ldw)
			bi.Dgemv(blas.NoTrans, n-i-1, i, -1, a[(i+1)*lda:], lda, w[i:], ldw, 1, w[(i+1)*ldw+i:], ldw)
			bi.Dgemv(blas.Trans, n-i-1, i, 1, a[(i+1)*lda:], lda, a[(i+1)*lda+i:], lda, 0, w[i:], ldw)
			bi.Dgemv(blas.NoTrans, n-i-1, i, -1, w[(i+1)*ldw:], ldw, w[i:], ldw, 1, w[(i+1)*ldw+i:], ldw)
			bi.Dscal(n-i-1, tau[i], w[(i+1)*ldw+i:], ldw)
			alpha := -0.5 * tau[i] * bi.Ddot(n-i-1, w[(i+1)*ldw+i:], ldw, a[(i+1)*lda+i:], lda)
			bi.Daxpy(n-i-1, alpha, a[(i+1)*lda+i:], lda, w[(i+1)*ldw+i:], ldw)
		}
	}
}

// symvLower sets y = A·x for the m×m symmetric matrix whose lower triangle
// is stored row-major in a. Row i contributes a[i,0:i+1]·x[0:i+1] to yᵢ and
// xᵢ·a[i,0:i] to y[0:i]; the rows are split into blocks of equal area, each
// with its own partial y, summed at the end.
func symvLower(m int, a []float64, lda int, x, y []float64) {
	bi := blas64.Implementation()
	parts := maxProcs()
	if m < 512 {
		parts = 1
	}
	partial := make([][]float64, parts)
	par.Do(parts, func(p int) {
		r0 := int(float64(m) * math.Sqrt(float64(p)/float64(parts)))
		r1 := int(float64(m) * math.Sqrt(float64(p+1)/float64(parts)))
		if p == parts-1 {
			r1 = m
		}
		yp := make([]float64, m)
		partial[p] = yp
		for i := r0; i < r1; i++ {
			row := a[i*lda : i*lda+i+1]
			yp[i] += bi.Ddot(i+1, row, 1, x, 1)
			if i > 0 {
				bi.Daxpy(i, x[i], row[:i], 1, yp[:i], 1)
			}
		}
	})
	copy(y, partial[0])
	for _, yp := range partial[1:] {
		for i, v := range yp {
			y[i] += v
		}
	}
}
