package small

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TestMulMatchesDgemm checks Mul against gonum's Dgemm bit for
// bit (the randomized SVD used Dgemm for U = Q·Û before), for n up to 16
// (sums on the stack) and beyond, strided operands, zeros in A (skipped),
// and sizes on both sides of the parallel cut, with A's rows contiguous
// (the route through sparse.MulDenseRows, blocks of blockRows rows) and
// not (the Go loop).
func TestMulMatchesDgemm(t *testing.T) {
	rnd := rand.New(rand.NewPCG(31, 32))
	for _, m := range []int{1, 7, 5000} {
		for _, kk := range []int{1, 3, 15, 20} {
			for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 30, 65} {
				for _, pad := range []int{0, 2} {
					lda, ldb, ldd := kk+pad, n+1, n+3
					a := make([]float64, m*lda)
					b := make([]float64, kk*ldb)
					for i := range a {
						if a[i] = rnd.NormFloat64(); i%7 == 0 {
							a[i] = 0
						}
					}
					for i := range b {
						b[i] = rnd.NormFloat64()
					}
					want := make([]float64, m*ldd)
					blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, m, n, kk, 1, a, lda, b, ldb, 0, want, ldd)
					got := make([]float64, m*ldd)
					for i := range got {
						got[i] = math.NaN() // every entry must be written
					}
					Mul(got, ldd, a, lda, b, ldb, m, kk, n)
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							g, w := got[i*ldd+j], want[i*ldd+j]
							if math.Float64bits(g) != math.Float64bits(w) {
								t.Fatalf("m=%d kk=%d n=%d lda=%d: entry %d,%d = %v, Dgemm %v", m, kk, n, lda, i, j, g, w)
							}
						}
					}
				}
			}
		}
	}
}
