package check

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// ResidualNorm returns the Frobenius norm ‖A − U·diag(s)·Vᵀ‖ for an m×n
// matrix a, u m×k, s of length k and vt k×n, without forming an m×n
// residual. It panics if the shapes do not match.
//
// For a sparse a (a sparse.RawCSR) it expands the square,
//
//	‖A − UΣVᵀ‖² = ‖A‖² − 2·⟨A, UΣVᵀ⟩ + ⟨UᵀU·Σ, Σ·VᵀV⟩
//
// where the middle term needs UΣVᵀ only at the non-zeros of A and the last
// one two k×k Gram matrices: cost 2·nnz·k + 2(m+n)k² flops. The expansion
// cancels: its result is accurate only to about √ε·‖A‖ (≈1.5e-8·‖A‖), so a
// decomposition that is exact to rounding shows a residual at that level
// rather than ε·‖A‖. Use ResidualNormExact when that matters.
//
// For a dense a it calls ResidualNormExact.
func ResidualNorm(a mat.Matrix, u mat.Matrix, s []float64, vt mat.Matrix) float64 {
	m, _, k := checkShapes(a, u, s, vt)
	sp, ok := a.(sparse.RawCSR)
	if !ok {
		return ResidualNormExact(a, u, s, vt)
	}
	us := scaledU(u, s, m, k) // U·Σ, m×k
	vd := mat.DenseCopyOf(vt)
	vr := vd.RawMatrix()
	ip, ix, data := sp.Indptr(), sp.Indices(), sp.Data()
	var a2, cross float64
	for i := 0; i < m; i++ {
		ui := us[i*k : (i+1)*k]
		for p := ip[i]; p < ip[i+1]; p++ {
			x := data[p]
			a2 += x * x
			j := ix[p]
			var dot float64
			for t := 0; t < k; t++ {
				dot += ui[t] * vr.Data[t*vr.Stride+j]
			}
			cross += x * dot
		}
	}
	// ‖UΣVᵀ‖² = trace((ΣUᵀUΣ)(VᵀV)) with VᵀV here the k×k Vt·Vtᵀ.
	var gu, gv mat.Dense
	usd := mat.NewDense(m, k, us)
	gu.Mul(usd.T(), usd)
	gv.Mul(vd, vd.T())
	var b2 float64
	for p := 0; p < k; p++ {
		for q := 0; q < k; q++ {
			b2 += gu.At(p, q) * gv.At(p, q)
		}
	}
	return math.Sqrt(math.Max(a2-2*cross+b2, 0))
}

// ResidualNormExact returns ‖A − U·diag(s)·Vᵀ‖_F computed block by block
// over columns of A (256 at a time), so it never holds more than an m×256
// piece of the residual. Cost 2·m·n·k flops, in parallel. It panics if the
// shapes do not match.
func ResidualNormExact(a mat.Matrix, u mat.Matrix, s []float64, vt mat.Matrix) float64 {
	m, n, k := checkShapes(a, u, s, vt)
	us := scaledU(u, s, m, k)
	vd := mat.DenseCopyOf(vt)
	vr := vd.RawMatrix()
	const bs = 256
	nb := (n + bs - 1) / bs
	sums := make([]float64, nb)
	workers := min(par.Workers(), nb)
	blks := make([][]float64, max(workers, 1))
	sp, isSparse := a.(sparse.RawCSR)
	par.Queue(nb, workers, func(w, b int) {
		if blks[w] == nil {
			blks[w] = make([]float64, m*bs)
		}
		blk := blks[w]
		c0 := b * bs
		c1 := min(c0+bs, n)
		wdt := c1 - c0
		r := blk[:m*wdt]
		// r = A[:, c0:c1]
		if isSparse {
			for i := range r {
				r[i] = 0
			}
			ip, ix, data := sp.Indptr(), sp.Indices(), sp.Data()
			for i := 0; i < m; i++ {
				for p := ip[i]; p < ip[i+1]; p++ {
					if j := ix[p]; j >= c0 && j < c1 {
						r[i*wdt+j-c0] = data[p]
					}
				}
			}
		} else {
			for i := 0; i < m; i++ {
				for j := c0; j < c1; j++ {
					r[i*wdt+j-c0] = a.At(i, j)
				}
			}
		}
		// r −= UΣ·Vᵀ[:, c0:c1]
		if k > 0 {
			blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, m, wdt, k, -1, us, k, vr.Data[c0:], vr.Stride, 1, r, wdt)
		}
		var ss float64
		for _, x := range r {
			ss += x * x
		}
		sums[b] = ss
	})
	var total float64
	for _, x := range sums {
		total += x
	}
	return math.Sqrt(total)
}

func checkShapes(a, u mat.Matrix, s []float64, vt mat.Matrix) (m, n, k int) {
	m, n = a.Dims()
	um, uk := u.Dims()
	vk, vn := vt.Dims()
	k = len(s)
	if um != m || vn != n || uk != k || vk != k {
		panic(fmt.Sprintf("check: shapes do not match: A %d×%d, U %d×%d, s %d, Vt %d×%d", m, n, um, uk, k, vk, vn))
	}
	return m, n, k
}

func scaledU(u mat.Matrix, s []float64, m, k int) []float64 {
	us := make([]float64, m*k)
	for i := 0; i < m; i++ {
		for t := 0; t < k; t++ {
			us[i*k+t] = u.At(i, t) * s[t]
		}
	}
	return us
}
