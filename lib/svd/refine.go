package svd

// The full SVD's refinement of its small singular vectors: re-diagonalising
// the columns whose singular values lost accuracy in the Gram matrix, and
// completing an orthonormal basis where they vanish. The loops here write
// each product that is added as float64(a*b): no fused multiply-add, so that
// arm64 gives the bits amd64 gives.

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// colNorms returns the Euclidean norms of the first k columns of the
// row-major n×ld matrix x.
func colNorms(x []float64, n, k, ld int) []float64 {
	ss := make([]float64, k)
	for j := 0; j < n; j++ {
		row := x[j*ld : j*ld+k]
		for i, v := range row {
			ss[i] += float64(v * v)
		}
	}
	for i := range ss {
		ss[i] = math.Sqrt(ss[i])
	}
	return ss
}

// refine improves the columns of bt (n×mp used of stride ldb, bᵢ = sᵢvᵢ)
// and w (mp×mp) whose norms s are below tau: the Gram matrix of those
// columns alone is diagonalised and both bt and w are rotated by its
// eigenvectors. The small Gram matrix carries rounding errors relative to
// tau² instead of s₀², so the small singular values and their vectors gain
// accuracy. It recurses on the values still small relative to tau, at most
// three levels.
func refine(bt []float64, ldb int, w, s []float64, n, mp int, tau float64) {
	for level := 0; level < 3; level++ {
		var ks []int
		for i := 0; i < mp; i++ {
			if s[i] < tau {
				ks = append(ks, i)
			}
		}
		k := len(ks)
		if k < 2 {
			return
		}
		impl := blas64.Implementation()
		x := bigFloats(n * k)
		parallelFor(n, func(lo, hi int) {
			for j := lo; j < hi; j++ {
				src := bt[j*ldb:]
				dst := x[j*k : (j+1)*k]
				for c, i := range ks {
					dst[c] = src[i]
				}
			}
		})
		g := bigFloats(k * k)
		impl.Dgemm(blas.Trans, blas.NoTrans, k, k, n, 1, x, k, x, k, 0, g, k)
		_, z, ok := symEig(k, g, k)
		if !ok {
			return
		}
		y := bigFloats(n * k)
		impl.Dgemm(blas.NoTrans, blas.NoTrans, n, k, k, 1, x, k, z, k, 0, y, k)
		wk := make([]float64, mp*k)
		for r := 0; r < mp; r++ {
			for c, i := range ks {
				wk[r*k+c] = w[r*mp+i]
			}
		}
		wn := make([]float64, mp*k)
		impl.Dgemm(blas.NoTrans, blas.NoTrans, mp, k, k, 1, wk, k, z, k, 0, wn, k)
		parallelFor(n, func(lo, hi int) {
			for j := lo; j < hi; j++ {
				dst := bt[j*ldb:]
				src := y[j*k : (j+1)*k]
				for c, i := range ks {
					dst[i] = src[c]
				}
			}
		})
		for r := 0; r < mp; r++ {
			for c, i := range ks {
				w[r*mp+i] = wn[r*k+c]
			}
		}
		sk := colNorms(y, n, k, k)
		kmax := 0.0
		for c, i := range ks {
			s[i] = sk[c]
			kmax = math.Max(kmax, sk[c])
		}
		tau = refineRel * kmax
	}
}

// orthoComplete makes the columns small of bt (n×m, stride ldb; the first
// mp columns hold V = Aᵀ·W·Σ⁻¹ normalised) orthonormal and orthogonal to the
// columns keep, which are already orthonormal to working precision. A
// column in small with vals > 0 starts from its own content; the others
// (zero singular values, and columns ≥ mp for empty rows) start from unit
// vectors eⱼ for the coordinates least covered by the kept columns. The
// projection x − V_k·(V_kᵀ·x) uses the factored form V_k = Aᵀ·W_k·Σ_k⁻¹, two
// sparse products instead of an n×k×|small| dense one; it is applied twice,
// each time followed by modified Gram–Schmidt within small (in the given
// order, largest values first, so they move least).
func orthoComplete(bt []float64, ldb, n, mp int, keep, small []int, vals, w, s []float64, op linop) {
	nz := len(small)
	if nz == 0 {
		return
	}
	k := len(keep)
	x := bigFloats(n * nz)
	var cand []int
	var isCand []bool
	for c, i := range small {
		if i < mp && vals[i] > 0 {
			for j := 0; j < n; j++ {
				x[j*nz+c] = bt[j*ldb+i]
			}
		} else {
			if cand == nil {
				cover := make([]float64, n)
				parallelFor(n, func(lo, hi int) {
					for j := lo; j < hi; j++ {
						row := bt[j*ldb:]
						var ss float64
						for _, i := range keep {
							ss += float64(row[i] * row[i])
						}
						cover[j] = ss
					}
				})
				cand = make([]int, n)
				for j := range cand {
					cand[j] = j
				}
				sort.SliceStable(cand, func(a, b int) bool { return cover[cand[a]] < cover[cand[b]] })
				isCand = make([]bool, nz)
			}
			isCand[c] = true
		}
	}
	next := 0
	for c := 0; c < nz; c++ {
		if isCand != nil && isCand[c] {
			x[cand[next]*nz+c] = 1
			next++
		}
	}
	impl := blas64.Implementation()
	var wk []float64 // W restricted to the columns keep, mp×k
	if k > 0 {
		wk = make([]float64, mp*k)
		for r := 0; r < mp; r++ {
			for t, i := range keep {
				wk[r*k+t] = w[r*mp+i]
			}
		}
	}
	project := func() {
		if k == 0 {
			return
		}
		// c = W_kᵀ·(A·x) (k×nz), so V_kᵀ·x = Σ_k⁻¹·c.
		ax := op.mul(x, nz)
		c := make([]float64, k*nz)
		impl.Dgemm(blas.Trans, blas.NoTrans, k, nz, mp, 1, wk, k, ax, nz, 0, c, nz)
		// y = W_k·Σ_k⁻²·c (mp×nz), then x −= Aᵀ·y = V_k·(V_kᵀ·x).
		for t, i := range keep {
			f := 1 / (s[i] * s[i])
			cr := c[t*nz : (t+1)*nz]
			for q := range cr {
				cr[q] *= f
			}
		}
		y := make([]float64, mp*nz)
		impl.Dgemm(blas.NoTrans, blas.NoTrans, mp, nz, k, 1, wk, k, c, nz, 0, y, nz)
		ay := bigFloats(n * nz)
		op.tmulTo(ay, nz, y, nz)
		for q := range x {
			x[q] -= ay[q]
		}
	}
	orth := func() {
		for c := 0; c < nz; c++ {
			for p := 0; p < c; p++ {
				var dot float64
				for j := 0; j < n; j++ {
					dot += float64(x[j*nz+p] * x[j*nz+c])
				}
				for j := 0; j < n; j++ {
					x[j*nz+c] -= float64(dot * x[j*nz+p])
				}
			}
			var ss float64
			for j := 0; j < n; j++ {
				ss += float64(x[j*nz+c] * x[j*nz+c])
			}
			inv := 1 / math.Sqrt(ss)
			for j := 0; j < n; j++ {
				x[j*nz+c] *= inv
			}
		}
	}
	project()
	// Replace candidates that lie (nearly) in the span of the kept columns.
	for tries := 0; tries < 8 && cand != nil; tries++ {
		bad := false
		for c := 0; c < nz; c++ {
			if !isCand[c] {
				continue
			}
			var ss float64
			for j := 0; j < n; j++ {
				ss += float64(x[j*nz+c] * x[j*nz+c])
			}
			if ss < 0.25 && next < n {
				bad = true
				for j := 0; j < n; j++ {
					x[j*nz+c] = 0
				}
				x[cand[next]*nz+c] = 1
				next++
			}
		}
		if !bad {
			break
		}
		project()
	}
	orth()
	project()
	orth()
	for c, i := range small {
		for j := 0; j < n; j++ {
			bt[j*ldb+i] = x[j*nz+c]
		}
	}
}
