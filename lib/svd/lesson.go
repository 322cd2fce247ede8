package svd

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/nprand"
)

// LessonRangeFinder is the lesson's own randomized_range_finder: a Gaussian
// n×size test matrix Ω from rnd (the lesson draws it from NumPy's global
// generator), nIter rounds of Q = P·L(A·Q), Q = P·L(Aᵀ·Q), then the thin Q of
// A·Q. It returns the m×min(m,size) orthonormal basis.
func LessonRangeFinder(a mat.Matrix, size, nIter int, rnd *nprand.RandomState) (*mat.Dense, error) {
	return RangeFinder(a, size, nIter, NormLU, rnd)
}

// LessonRandomizedSVD is the lesson's randomized_svd: Q from
// LessonRangeFinder with k+oversamples columns, B = Qᵀ·M, the thin SVD
// B = Û·Σ·Vᵀ, U = Q·Û, truncated to k. It returns U (m×k), s (k) and Vᵀ
// (k×n). Unlike scikit-learn's version there is no transposition and no sign
// convention: the signs are those of the small SVD (gonum's, which may differ
// from LAPACK gesdd's in the lesson), so compare topics with Flip applied or
// up to sign.
func LessonRandomizedSVD(m mat.Matrix, k, oversamples, nIter int, rnd *nprand.RandomState) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	rows, cols := m.Dims()
	if rows == 0 || cols == 0 {
		return nil, nil, nil, errEmpty
	}
	if k <= 0 || k > min(rows, cols) {
		return nil, nil, nil, fmt.Errorf("svd: k = %d is out of range; choose 1 ≤ k ≤ min(m, n) = %d", k, min(rows, cols))
	}
	if oversamples < 0 || nIter < 0 {
		return nil, nil, nil, fmt.Errorf("svd: oversamples (%d) and nIter (%d) must not be negative", oversamples, nIter)
	}
	op, err := newOperator(m)
	if err != nil {
		return nil, nil, nil, err
	}
	q, c := rangeFinder(op, k+oversamples, nIter, NormLU, rnd)
	bt := op.tmul(q, c)
	var sv mat.SVD
	if !sv.Factorize(mat.NewDense(cols, c, bt).T(), mat.SVDThin) {
		return nil, nil, nil, errors.New("svd: SVD of the projected matrix did not converge")
	}
	var uhat, v mat.Dense
	sv.UTo(&uhat)
	sv.VTo(&v)
	vals := sv.Values(nil)
	if op.shift != 0 {
		scale.Apply(vals, vals, -op.shift)
	}
	kk := min(k, len(vals))
	full := make([]float64, rows*len(vals))
	ur := uhat.RawMatrix()
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, rows, len(vals), c, 1, q, c, ur.Data, ur.Stride, 0, full, len(vals))
	u = mat.DenseCopyOf(mat.NewDense(rows, len(vals), full).Slice(0, rows, 0, kk))
	vt = mat.DenseCopyOf(v.Slice(0, cols, 0, kk).T())
	return u, vals[:kk], vt, nil
}
