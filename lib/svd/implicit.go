package svd

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// implicitMaxCond is the largest estimated condition number of the range
// block Y = M·X for which the randomized SVD keeps Q = Y·R⁻¹ implicit
// (projectTall). Its products are then accurate to about 1e-16·cond(Y)
// relative to ‖M‖, the order of the rounding the explicit block's own
// product already carries, and within 1e-10 of the explicit route; a worse
// conditioned block takes the explicit route.
const implicitMaxCond = 1e6

// implicitQ reports whether the randomized SVD of op with blocks of l
// columns and the normaliser norm (NormAuto resolved) keeps its final Q
// implicit: a tall sparse M (op.sp set, op.spT nil, as for gramMulTo)
// with at least tsqrMinRows rows, whose power iterations run unnormalised.
func implicitQ(op *operator, l int, norm Normalizer) bool {
	return norm == NormNone && op.sp != nil && op.spT == nil && fuseGram &&
		op.rows >= tsqrRowsForTest && op.rows >= 8*l
}

// projectTall is the last pass of the randomized range finder on a tall
// sparse M (implicitQ) without the rows×l block Y = M·X: for each chunk of
// tsqrChunk(l) rows it forms Y's rows in cache (sparse.MulDenseRows),
// factors them by Householder reflections (TSQR's first level, as tsqrQ
// does) and scatters them through Mᵀ (sparse.ScatterRow), so that one
// pass over M gives both
//
//	R, the l×l upper triangular factor of Y = Q·R, and
//	Mᵀ·Q = (Mᵀ·Y)·R⁻¹ = Bᵀ, the projection the SVD needs,
//
// with Q = Y·R⁻¹ never formed. The chunks are grouped into gramParts
// fixed ranges summed in order, so the bits do not depend on GOMAXPROCS.
// It returns Bᵀ (cols×l, row-major, in out when long enough) and R
// (row-major l×l), and ok = false when Y's estimated condition number
// exceeds implicitMaxCond or R is singular: the caller then takes the
// explicit route. *parts holds the partial sums across calls. Cost: one
// pass over M (4·l·nnz flops), about 2·rows·l² flops for the chunks' QRs
// and a cols×l triangular solve (cols·l² flops).
func (op *operator) projectTall(out, x []float64, l int, parts *[]float64) (bt, r []float64, ok bool) {
	a := op.sp
	m, n := a.rows, a.cols
	if len(out) < n*l {
		out = bigFloats(n * l)
	}
	out = out[:n*l]
	if len(*parts) < gramParts*n*l {
		*parts = bigFloats(gramParts * n * l)
	}
	ps := (*parts)[:gramParts*n*l]
	b := tsqrChunk(l)
	nc := max(m/b, 1)
	bounds := func(c int) (int, int) {
		if c == nc-1 {
			return c * b, m
		}
		return c * b, (c + 1) * b
	}
	longest := m - (nc-1)*b
	// The chunks' R factors, stacked row-major (nc·l)×l.
	rs := make([]float64, nc*l*l)
	par.Queue(gramParts, maxProcs(), func(_, p int) {
		z := ps[p*n*l : (p+1)*n*l]
		clear(z)
		c0, c1 := p*nc/gramParts, (p+1)*nc/gramParts
		if c0 == c1 {
			return
		}
		y := make([]float64, longest*l)
		t := make([]float64, l*longest)
		tau := make([]float64, l)
		q := []float64{0}
		lapackImpl.Dgelqf(l, longest, t, longest, tau, q, -1)
		work := make([]float64, max(int(q[0]), 1))
		for c := c0; c < c1; c++ {
			r0, r1 := bounds(c)
			rows := r1 - r0
			yc := y[:rows*l]
			sparse.MulDenseRows(yc, l, a.indptr[r0:r1+1], a.indices, a.data, x, l, l, 0, rows)
			// Yᵀ (l×rows, row-major) = L·Q̃ᵀ, so Y = Q̃·Lᵀ and R = Lᵀ.
			tc := t[:l*rows]
			for i := 0; i < rows; i++ {
				for j, v := range yc[i*l : (i+1)*l] {
					tc[j*rows+i] = v
				}
			}
			lapackImpl.Dgelqf(l, rows, tc, rows, tau, work, len(work))
			rc := rs[c*l*l : (c+1)*l*l]
			for j := 0; j < l; j++ {
				for k := 0; k <= j; k++ {
					rc[k*l+j] = tc[j*rows+k]
				}
			}
			for i := r0; i < r1; i++ {
				p0, p1 := a.indptr[i], a.indptr[i+1]
				if p0 < p1 {
					sparse.ScatterRow(z, l, a.indices[p0:p1], a.data[p0:p1], yc[(i-r0)*l:(i-r0+1)*l])
				}
			}
		}
	})
	// out = Mᵀ·Y = ((z₀ + z₁) + z₂) + …, rows of out in parallel.
	parallelFor(n, func(lo, hi int) {
		dst := out[lo*l : hi*l]
		copy(dst, ps[lo*l:hi*l])
		for p := 1; p < gramParts; p++ {
			src := ps[p*n*l+lo*l : p*n*l+hi*l]
			src = src[:len(dst)]
			for i, v := range src {
				dst[i] += v
			}
		}
	})
	// R of the stacked factors: Y = diag(Q̃_c)·[R_c] = diag(Q̃_c)·S·R.
	tau := make([]float64, l)
	q := []float64{0}
	lapackImpl.Dgeqrf(nc*l, l, rs, l, tau, q, -1)
	work := make([]float64, max(int(q[0]), 3*l))
	lapackImpl.Dgeqrf(nc*l, l, rs, l, tau, work, len(work))
	r = make([]float64, l*l)
	for i := 0; i < l; i++ {
		for j := i; j < l; j++ {
			r[i*l+j] = rs[i*l+j]
		}
	}
	for i := 0; i < l; i++ {
		if r[i*l+i] == 0 {
			return out, r, false
		}
	}
	rcond := lapackImpl.Dtrcon(lapack.MaxColumnSum, blas.Upper, blas.NonUnit, l, r, l, work[:3*l], make([]int, l))
	if !(rcond*implicitMaxCond >= 1) {
		return out, r, false
	}
	// Bᵀ = (Mᵀ·Y)·R⁻¹.
	blas64.Implementation().Dtrsm(blas.Right, blas.Upper, blas.NoTrans, blas.NonUnit, n, l, 1, r, l, out, l)
	return out, r, true
}

// implicitU returns the first k columns of U = Q·Û = M·(X·R⁻¹·Û) (rows×k,
// row-major) for the range finder's last block x (cols×l), the triangular
// factor r of projectTall and the l×l Û (row-major, stride ldu): a
// cols×l by l×k product and one k-column pass over M, instead of the
// rows×l block Q. Cost 2·k·nnz + 2·cols·l·k + l²·k flops.
func (op *operator) implicitU(x []float64, l int, r []float64, uhat []float64, ldu, k int) []float64 {
	// G = R⁻¹·Û[:, :k] (l×k).
	g := make([]float64, l*k)
	for i := 0; i < l; i++ {
		copy(g[i*k:(i+1)*k], uhat[i*ldu:i*ldu+k])
	}
	blas64.Implementation().Dtrsm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, l, k, 1, r, l, g, k)
	w := make([]float64, op.cols*k)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, op.cols, k, l, 1, x, l, g, k, 0, w, k)
	return op.mulTo(nil, w, k)
}
