package svd

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/mat"

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
// columns keeps its row-side blocks implicit (powerTall, projectTall): a
// tall sparse M (op.sp set, op.spT nil, as for gramMulTo) with at least
// tsqrMinRows rows, whatever the normaliser.
func implicitQ(op *operator, l int) bool {
	return op.sp != nil && op.spT == nil && fuseGram &&
		op.rows >= tsqrRowsForTest && op.rows >= 8*l
}

// projectTall is a pass of the randomized range finder on a tall sparse M
// (implicitQ) without the rows×l block Y = M·X: for each chunk of
// tsqrChunk(l) rows it forms Y's rows in cache (sparse.MulDenseRows), takes
// their share of Y's triangular factor, and scatters them through Mᵀ
// (sparse.ScatterRow), so that one pass over M gives both
//
//	R, an l×l upper triangular factor with Y = Q·R, Q orthonormal, and
//	Mᵀ·Q = (Mᵀ·Y)·R⁻¹ = Bᵀ, the projection the SVD needs,
//
// with Q = Y·R⁻¹ never formed. With exact, R comes from Householder
// reflections on each chunk (TSQR's first level, as tsqrQ does): Q is
// orthonormal to rounding, as the final projection needs. Without, R is
// the Cholesky factor of the Gram matrix YᵀY summed over the chunks, a
// fifth of the work: Q's columns are then orthonormal only to about
// 1e-16·cond(Y)², which is all a normalisation between power iterations
// needs. The chunks are grouped into gramParts fixed ranges summed in
// order, so the bits do not depend on GOMAXPROCS. It returns Bᵀ (cols×l,
// row-major, in out when long enough) and R (row-major l×l), and ok =
// false when Y's estimated condition number exceeds implicitMaxCond
// (exact) or its square root (not exact), or R is singular: the caller
// then forms Y. *parts holds the partial sums across calls. Cost: one pass
// over M (4·l·nnz flops), about 2·rows·l² flops for the chunks' factors
// and a cols×l triangular solve (cols·l² flops).
func (op *operator) projectTall(out, x []float64, l int, parts *[]float64, exact bool) (bt, r []float64, ok bool) {
	a := op.sp
	m, n := a.rows, a.cols
	if len(out) < n*l {
		out = bigFloats(n * l)
	}
	out = out[:n*l]
	ps := partSums(parts, n*l)
	ch := newChunks(m, l)
	nc, longest := ch.n, ch.longest()
	// exact: the chunks' R factors, stacked row-major (nc·l)×l; otherwise
	// each part's Gram matrix (l×l).
	rs := make([]float64, max(nc, gramParts)*l*l)
	par.Queue(gramParts, maxProcs(), func(_, p int) {
		z := ps[p*n*l : (p+1)*n*l]
		clear(z)
		c0, c1 := p*nc/gramParts, (p+1)*nc/gramParts
		if c0 == c1 {
			return
		}
		y := make([]float64, longest*l)
		var lq *lqScratch
		var g *chunkGram
		if exact {
			lq = newLQScratch(l, longest, false)
		} else {
			lq = &lqScratch{t: make([]float64, l*longest)}
			g = newChunkGram(l)
		}
		for c := c0; c < c1; c++ {
			r0, r1 := ch.bounds(c)
			rows := r1 - r0
			yc := y[:rows*l]
			sparse.MulDenseRows(yc, l, a.indptr[r0:r1+1], a.indices, a.data, x, l, l, 0, rows)
			if exact {
				chunkR(rs[c*l*l:(c+1)*l*l], yc, rows, l, lq.t, lq.tau, lq.work)
			} else {
				g.add(rs[p*l*l:(p+1)*l*l], yc, rows, lq.t)
			}
			scatterRows(z, l, a, r0, r1, yc)
		}
	})
	par.SumParts(out, ps, n*l) // Mᵀ·Y
	maxCond := implicitMaxCond
	if exact {
		r = stackedR(rs[:nc*l*l], nc, l)
	} else {
		// YᵀY = ((G₀ + G₁) + G₂) + …, then its Cholesky factor.
		r = make([]float64, l*l)
		par.SumParts(r, rs[:gramParts*l*l], l*l)
		if !lapackImpl.Dpotrf(blas.Upper, l, r, l) {
			return out, nil, false
		}
		for i := 1; i < l; i++ {
			clear(r[i*l : i*l+i])
		}
		maxCond = math.Sqrt(implicitMaxCond)
	}
	for i := 0; i < l; i++ {
		if r[i*l+i] == 0 {
			return out, r, false
		}
	}
	rcond := lapackImpl.Dtrcon(lapack.MaxColumnSum, blas.Upper, blas.NonUnit, l, r, l, make([]float64, 3*l), make([]int, l))
	if !(rcond*maxCond >= 1) {
		return out, r, false
	}
	// Bᵀ = (Mᵀ·Y)·R⁻¹.
	blas64.Implementation().Dtrsm(blas.Right, blas.Upper, blas.NoTrans, blas.NonUnit, n, l, 1, r, l, out, l)
	return out, r, true
}

// chunkGram adds the Gram matrices YᵀY of row-major chunks with l columns
// into an l×l sum, through the AVX2 gather kernel: Yᵀ, copied row-major,
// is a dense "sparse" matrix whose row a holds column a of Y, with the
// chunk's row numbers as its indices, so sparse.MulDenseRows(Yᵀ, Y) gives
// each entry Σ_i y_ia·y_ib summed in row order with separate roundings.
type chunkGram struct {
	l        int
	ptr, idx []int
	g        []float64
}

// newChunkGram returns a chunkGram for blocks of l columns.
func newChunkGram(l int) *chunkGram {
	return &chunkGram{l: l, ptr: make([]int, l+1), g: make([]float64, l*l)}
}

// add adds YᵀY to sum (l×l) for the row-major rows×l block y, using t (at
// least l·rows floats) for Yᵀ. Cost 2·rows·l² flops.
func (c *chunkGram) add(sum, y []float64, rows int, t []float64) {
	l := c.l
	if len(c.idx) != l*rows {
		c.idx = make([]int, l*rows)
		for a := 0; a < l; a++ {
			for i := 0; i < rows; i++ {
				c.idx[a*rows+i] = i
			}
		}
	}
	for a := 0; a <= l; a++ {
		c.ptr[a] = a * rows
	}
	tc := t[:l*rows]
	for i := 0; i < rows; i++ {
		for j, v := range y[i*l : (i+1)*l] {
			tc[j*rows+i] = v
		}
	}
	sparse.MulDenseRows(c.g, l, c.ptr, c.idx, tc, y, l, l, 0, l)
	for i, v := range c.g {
		sum[i] += v
	}
}

// implicitU returns the first k columns of U = Q·Û = M·(X·R⁻¹·Û) (rows×k,
// row-major, in out when it is long enough: projectTall's partial sums,
// which are no longer needed and whose pages are already mapped) for the
// range finder's last block x (cols×l), the triangular factor r of
// projectTall and the l×l Û (row-major, stride ldu): a cols×l by l×k
// product and one k-column pass over M, instead of the rows×l block Q.
// Cost 2·k·nnz + 2·cols·l·k + l²·k flops.
func (op *operator) implicitU(out, x []float64, l int, r []float64, uhat []float64, ldu, k int) []float64 {
	// G = R⁻¹·Û[:, :k] (l×k).
	g := make([]float64, l*k)
	for i := 0; i < l; i++ {
		copy(g[i*k:(i+1)*k], uhat[i*ldu:i*ldu+k])
	}
	blas64.Implementation().Dtrsm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, l, k, 1, r, l, g, k)
	w := make([]float64, op.cols*k)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, op.cols, k, l, 1, x, l, g, k, 0, w, k)
	return op.mulTo(out, w, k)
}

// chunkR stores in rc (row-major l×l) the upper triangular factor R of the
// QR factorisation of the row-major rows×l block y (not modified), by
// Householder reflections on its transpose (Yᵀ = L·Q̃ᵀ, so R = Lᵀ) in t
// (at least l·rows floats), with tau (l) and work (dgelqf's optimal size
// for rows columns, or more) as scratch.
func chunkR(rc, y []float64, rows, l int, t, tau, work []float64) {
	tc := t[:l*rows]
	for i := 0; i < rows; i++ {
		for j, v := range y[i*l : (i+1)*l] {
			tc[j*rows+i] = v
		}
	}
	lapackImpl.Dgelqf(l, rows, tc, rows, tau, work, len(work))
	for j := 0; j < l; j++ {
		for k := 0; k <= j; k++ {
			rc[k*l+j] = tc[j*rows+k]
		}
	}
}

// stackedR returns the l×l triangular factor R of the whole block from the
// nc chunks' factors rs (row-major (nc·l)×l, overwritten): Y =
// diag(Q̃_c)·[R_c] and [R_c] = S·R, TSQR's second level.
func stackedR(rs []float64, nc, l int) []float64 {
	tau := make([]float64, l)
	q := []float64{0}
	lapackImpl.Dgeqrf(nc*l, l, rs, l, tau, q, -1)
	work := make([]float64, max(int(q[0]), 1))
	lapackImpl.Dgeqrf(nc*l, l, rs, l, tau, work, len(work))
	r := make([]float64, l*l)
	for i := 0; i < l; i++ {
		copy(r[i*l+i:(i+1)*l], rs[i*l+i:(i+1)*l])
	}
	return r
}

// tallR returns the l×l triangular factor R of the row-major m×l block x
// (not modified; m ≥ l) by TSQR over chunks of tsqrChunk(l) rows, factored
// in parallel; the chunks depend only on m and l, so the bits do not depend
// on GOMAXPROCS. Cost about 2·m·l² flops.
func tallR(x []float64, m, l int) []float64 {
	ch := newChunks(m, l)
	rs := make([]float64, ch.n*l*l)
	workers := par.Workers()
	bufs := make([]*lqScratch, workers)
	par.Queue(ch.n, workers, func(w, c int) {
		if bufs[w] == nil {
			bufs[w] = newLQScratch(l, ch.longest(), false)
		}
		s := bufs[w]
		r0, r1 := ch.bounds(c)
		chunkR(rs[c*l*l:(c+1)*l*l], x[r0*l:r1*l], r1-r0, l, s.t, s.tau, s.work)
	})
	return stackedR(rs, ch.n, l)
}

// projectedSVD returns the SVD B = Û·Σ·Vᵀ of the l×n projection (given as
// Bᵀ, row-major n×l, n ≥ 8l) that the randomized SVD needs: Û (row-major
// l×l), the l singular values and the first k rows of Vᵀ (row-major k×n).
// From Bᵀ = Q_B·R_B (tallR), B = R_Bᵀ·Q_Bᵀ, so Û and Σ are those of the
// l×l matrix R_Bᵀ, and V_k = Bᵀ·Û_k·Σ_k⁻¹ needs neither Q_B nor the SVD of
// an l×n matrix. V_k is then accurate to about 1e-16·σ₁/σ_k; ok is false
// when σ₁/σ_k exceeds implicitMaxCond (the caller takes the SVD of B).
// Cost about 2·n·l² + 2·n·l·k flops, in parallel.
func projectedSVD(bt []float64, n, l, k int) (uhat []float64, s []float64, vt []float64, ok bool) {
	r := tallR(bt, n, l)
	var sv mat.SVD
	if !sv.Factorize(mat.NewDense(l, l, r).T(), mat.SVDFull) {
		return nil, nil, nil, false
	}
	s = sv.Values(nil)
	if !(s[k-1] > 0 && s[0] <= implicitMaxCond*s[k-1]) {
		return nil, nil, nil, false
	}
	var u mat.Dense
	sv.UTo(&u)
	uhat = make([]float64, l*l)
	for i := 0; i < l; i++ {
		for j := 0; j < l; j++ {
			uhat[i*l+j] = u.At(i, j)
		}
	}
	// V_k = Bᵀ·Û_k (n×k); each column is then divided by its σ and stored
	// transposed.
	g := make([]float64, l*k)
	for i := 0; i < l; i++ {
		copy(g[i*k:(i+1)*k], uhat[i*l:i*l+k])
	}
	v := make([]float64, n*k)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, n, k, l, 1, bt, l, g, k, 0, v, k)
	vt = make([]float64, k*n)
	parallelFor(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := 0; j < k; j++ {
				vt[j*n+i] = v[i*k+j] / s[j]
			}
		}
	})
	return uhat, s, vt, true
}
