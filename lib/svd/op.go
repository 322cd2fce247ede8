package svd

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// operator is a matrix M seen only through the products M·X and Mᵀ·X with
// row-major dense blocks X, so that sparse input is never densified.
type operator struct {
	rows, cols int
	// sparse M and Mᵀ. For a tall M (see tallSparse) spT is nil: Mᵀ·X is
	// then formed from M's rows by tmulScatter, and the operator of Mᵀ has
	// sp nil and spT = M.
	sp, spT *csr
	dense   blas64.General // dense M when sp is nil
	trans   bool           // dense is Mᵀ's storage
	// parts is scatterParts' partial sums, shared with the operator of Mᵀ
	// and reused by every product with it.
	parts *[]float64
	// shift is the exponent of the power of two the storage was scaled by
	// (0 for entries within scale.Min..scale.Max): the products are those
	// of 2^shift·M.
	shift int
}

// newOperator wraps a. Sparse input (a sparse.RawCSR) is used as is; dense input
// with fewer than 10% non-zeros is converted to sparse storage, which gives
// the same products at a fraction of the cost. It checks for NaN and Inf.
func newOperator(a mat.Matrix) (*operator, error) {
	r, c := a.Dims()
	if r == 0 || c == 0 {
		return nil, errEmpty
	}
	op := &operator{rows: r, cols: c}
	switch t := a.(type) {
	case *sparse.CSR:
		if tallSparse(r, c, t.NNZ()) {
			op.sp = fromSparse(t)
			if err := op.sp.checkFinite(); err != nil {
				return nil, err
			}
			op.rescale()
			return op, nil
		}
		// Read through Raw and take the transpose *sparse.CSR caches, so
		// that factorizing the same matrix again (or an NMF fit after its
		// NNDSVD start) does not transpose it again.
		op.sp = fromSparse(t)
		if err := op.sp.checkFinite(); err != nil {
			return nil, err
		}
		op.spT = fromSparse(t.Transpose())
		op.rescale()
		return op, nil
	case sparse.RawCSR:
		op.sp = fromRaw(t)
		if err := op.sp.checkFinite(); err != nil {
			return nil, err
		}
		if tallSparse(r, c, op.sp.indptr[r]-op.sp.indptr[0]) {
			op.rescale()
			return op, nil
		}
	default:
		g, ok := rawDense(a)
		if ok && !denseIsSparse(g) {
			if err := checkDenseFinite(g); err != nil {
				return nil, err
			}
			op.dense = g
			op.rescale()
			return op, nil
		}
		var err error
		op.sp, err = denseToCSR(a)
		if err != nil {
			return nil, err
		}
	}
	op.spT = op.sp.transpose()
	op.rescale()
	return op, nil
}

// tallSparse reports whether an r×c sparse matrix with nnz entries is
// tall enough (at least 8 rows per column, and large) that products with
// Mᵀ are better formed by scattering M's rows (tmulScatter) than by
// building the transpose: the transpose would cost as much time and
// memory as the matrix itself. The lesson's matrices are wide and keep
// the transpose.
func tallSparse(r, c, nnz int) bool {
	return r >= 8*c && nnz >= 1<<20
}

// rescale replaces storage whose largest entry is outside the safe range by
// a scaled copy (the caller's arrays are not modified) and records the
// shift.
func (op *operator) rescale() {
	if op.sp != nil {
		op.shift = scale.Shift(op.sp.maxAbs())
		if op.shift != 0 {
			op.sp = op.sp.scaled(op.shift)
			if op.spT != nil {
				op.spT = op.spT.scaled(op.shift)
			}
		}
		return
	}
	op.shift = scale.Shift(denseMaxAbs(op.dense))
	if op.shift != 0 {
		op.dense = *scaledGeneral(op.dense, op.shift)
	}
}

// T returns the operator of Mᵀ sharing storage.
func (op *operator) T() *operator {
	if op.parts == nil {
		op.parts = new([]float64)
	}
	t := &operator{rows: op.cols, cols: op.rows, sp: op.spT, spT: op.sp, dense: op.dense, trans: !op.trans, shift: op.shift, parts: op.parts}
	return t
}

// mul returns M·X (rows×k) for the row-major cols×k matrix x.
func (op *operator) mul(x []float64, k int) []float64 {
	return op.mulTo(nil, x, k)
}

// mulTo is mul storing the result in out when out is long enough.
func (op *operator) mulTo(out, x []float64, k int) []float64 {
	if len(out) < op.rows*k {
		out = bigFloats(op.rows * k)
	} else {
		out = out[:op.rows*k]
	}
	if op.sp != nil {
		// sparseMulTo overwrites out; Dgemm below has beta = 0.
		sparseMulTo(op.sp, out, k, x, k)
		return out
	}
	if op.spT != nil {
		if op.parts == nil {
			op.parts = new([]float64)
		}
		if !scatterParts(op.spT, out, x, k, op.parts) {
			tmulScatter(op.spT, out, x, k)
		}
		return out
	}
	tA := blas.NoTrans
	if op.trans {
		tA = blas.Trans
	}
	blas64.Implementation().Dgemm(tA, blas.NoTrans, op.rows, k, op.cols, 1, op.dense.Data, op.dense.Stride, x, k, 0, out, k)
	return out
}

// tmul returns Mᵀ·X (cols×k) for the row-major rows×k matrix x.
func (op *operator) tmul(x []float64, k int) []float64 {
	return op.T().mul(x, k)
}
