package svd

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/memlimit"
	"github.com/fastai-go/topicmodel/lib/internal/small"
	"github.com/fastai-go/topicmodel/lib/nprand"
)

// Normalizer selects how the power iterations of the randomized range
// finder keep their blocks well conditioned (scikit-learn's
// power_iteration_normalizer).
type Normalizer int

const (
	// NormAuto is NormNone for at most 2 iterations and NormLU otherwise.
	NormAuto Normalizer = iota
	// NormNone applies M and Mᵀ with no normalisation (fast, unstable).
	NormNone
	// NormLU replaces each block by the P·L factor of its LU factorisation.
	NormLU
	// NormQR replaces each block by the Q factor of its QR factorisation.
	NormQR
)

// TransposeMode selects whether randomized SVD works on Mᵀ.
type TransposeMode int

const (
	// TransposeAuto works on Mᵀ when M has fewer rows than columns.
	TransposeAuto TransposeMode = iota
	// TransposeNever works on M.
	TransposeNever
	// TransposeAlways works on Mᵀ.
	TransposeAlways
)

// RandomizedOptions are the settings of Randomized.Factorize. The zero value
// gives scikit-learn's defaults with random_state=0.
type RandomizedOptions struct {
	// Oversamples is the number of extra random vectors (n_oversamples).
	// 0 means 10; a negative value means none.
	Oversamples int
	// Iters is the number of power iterations (n_iter). 0 means 'auto':
	// 7 if k < 0.1·min(m, n), else 4; a negative value means none.
	Iters int
	// Normalizer is the power iteration normalizer.
	Normalizer Normalizer
	// Transpose chooses whether to work on Mᵀ.
	Transpose TransposeMode
	// NoFlip turns off scikit-learn's svd_flip sign convention
	// (flip_sign=False).
	NoFlip bool
	// Seed seeds the NumPy-compatible generator (random_state) when Rand
	// is nil.
	Seed uint32
	// Rand, if not nil, supplies the Gaussian test matrix instead of a
	// fresh generator seeded with Seed; its state advances.
	Rand *nprand.RandomState
}

// Randomized is a rank-k randomized singular value decomposition
//
//	M ≈ U * Σ * Vᵀ
//
// computed as scikit-learn's randomized_svd does (Halko, Martinsson and
// Tropp, "Finding structure with randomness", 2011, algorithms 4.3/4.4): a
// Gaussian test matrix Ω with k+p columns, power iterations
// Y = (M·Mᵀ)^q·M·Ω normalised after each product, Q = qr(Y), the small SVD of
// B = Qᵀ·M, U = Q·Û, then the first k triplets. With the same seed the
// results agree with scikit-learn 1.2's to about 1e-12 (the generator's
// Gaussians can differ from NumPy's in the last bit).
type Randomized struct {
	u, vt *mat.Dense
	s     []float64
}

// Factorize computes the rank-k randomized SVD of m (m×n, dense or sparse.RawCSR;
// sparse input is never densified). opts may be nil for the defaults.
// It returns an error when k ≤ 0, k > min(m, n), the matrix is empty, or it
// holds NaN or Inf, or its buffers would not fit in memory. A matrix whose largest entry is outside [1e-100, 1e100]
// is scaled by a power of two first and its singular values scaled back,
// so that the power iterations neither overflow nor underflow. Cost: (2q+2)·(k+p) products with M or Mᵀ (2·nnz flops
// each when sparse), q+1 LU/QR factorisations of tall blocks, and an SVD of
// a (k+p)×min(m,n) matrix.
func (r *Randomized) Factorize(m mat.Matrix, k int, opts *RandomizedOptions) error {
	*r = Randomized{}
	if opts == nil {
		opts = &RandomizedOptions{}
	}
	rows, cols := m.Dims()
	if rows == 0 || cols == 0 {
		return errEmpty
	}
	if k <= 0 || k > min(rows, cols) {
		return fmt.Errorf("svd: k = %d is out of range; choose 1 ≤ k ≤ min(m, n) = %d", k, min(rows, cols))
	}
	p := opts.Oversamples
	if p == 0 {
		p = 10
	} else if p < 0 {
		p = 0
	}
	// Test matrix, four work blocks and U, V: about 3·(m+n)·(k+p) floats.
	if err := memlimit.Check(fmt.Sprintf("svd: a randomized SVD with k = %d of a %d×%d matrix", k, rows, cols), memlimit.Floats([]int{3, rows + cols, k + p}),
		"choose a smaller k"); err != nil {
		return err
	}
	q := opts.Iters
	if q == 0 {
		if float64(k) < 0.1*float64(min(rows, cols)) {
			q = 7
		} else {
			q = 4
		}
	} else if q < 0 {
		q = 0
	}
	trans := rows < cols
	switch opts.Transpose {
	case TransposeNever:
		trans = false
	case TransposeAlways:
		trans = true
	}
	op, err := newOperator(m)
	if err != nil {
		return err
	}
	if trans {
		op = op.T()
	}
	rnd := opts.Rand
	if rnd == nil {
		rnd = nprand.New(opts.Seed)
	}
	size := k + p
	var qm, bt, spare, xlast, rfac, parts []float64
	qc := size
	if norm := resolveNorm(opts.Normalizer, q); implicitQ(op, size) {
		// A tall sparse M: Q = Y·R⁻¹ stays implicit when Y is well
		// conditioned (projectTall), else Q is formed from Y. The partial
		// sums' buffer is sized to hold U afterwards.
		parts = bigFloats(max(gramParts*op.cols*size, op.rows*k))
		xlast, qc = powerTall(op, size, q, norm, rnd, &parts)
		var ok bool
		bt, rfac, ok = op.projectTall(nil, xlast, qc, &parts, true)
		if !ok {
			qm, qc = rangeQ(op.mulTo(nil, xlast, qc), op.rows, qc)
			xlast, rfac, bt = nil, nil, nil
		}
	} else {
		qm, qc, spare = rangeFinderSpare(op, size, q, opts.Normalizer, rnd)
	}
	if qm != nil {
		// B = Qᵀ·M (qc×cols), formed as (Mᵀ·Q)ᵀ.
		bt = op.tmul(qm, qc)
	}
	var uhat, vtB mat.Dense
	var s []float64
	var vtK *mat.Dense
	if qm == nil && op.cols >= 8*qc {
		if uh, sB, vt, ok := projectedSVD(bt, op.cols, qc, k); ok {
			uhat.SetRawMatrix(blas64.General{Rows: qc, Cols: qc, Stride: qc, Data: uh})
			s, vtK = sB, mat.NewDense(k, op.cols, vt)
		}
	}
	if s == nil {
		var sv mat.SVD
		if !sv.Factorize(mat.NewDense(op.cols, qc, bt).T(), mat.SVDThin) {
			return errors.New("svd: SVD of the projected matrix did not converge")
		}
		sv.UTo(&uhat)
		var vB mat.Dense
		sv.VTo(&vB)
		vtB.CloneFrom(vB.T())
		s = sv.Values(nil)
		k = min(k, len(s))
		vtK = vtB.Slice(0, k, 0, op.cols).(*mat.Dense)
	}
	// Only the first k columns of U = Q·Û are returned, and svd_flip sets
	// each component's sign from that component alone, so the product stops
	// at k columns (each entry is summed as in the full product). U is a
	// temporary (the results are copies), so a work buffer of the range
	// finder can hold it.
	var ubuf []float64
	fresh := false // ubuf is U's own storage, not a slice of a work buffer
	uh := uhat.RawMatrix()
	switch {
	case qm == nil:
		ubuf, fresh = op.implicitU(parts, xlast, qc, rfac, uh.Data, uh.Stride, k), true
	case len(spare) >= op.rows*k && &spare[0] != &qm[0]:
		ubuf = spare[:op.rows*k]
	default:
		ubuf, fresh = bigFloats(op.rows*k), true
	}
	u := mat.NewDense(op.rows, k, ubuf)
	switch {
	case qm == nil:
	case k <= 16:
		small.Mul(ubuf, k, qm, qc, uh.Data, uh.Stride, op.rows, qc, k)
	default:
		blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, op.rows, k, qc, 1, qm, qc, uh.Data, uh.Stride, 0, ubuf, k)
	}
	if !opts.NoFlip {
		Flip(u, vtK, !trans)
	}
	if trans {
		r.u = transposeDense(vtK)
		r.vt = transposeDense(u)
	} else {
		if fresh {
			// U owns ubuf: no copy (it would be 80 MB for a 10⁶×10 U).
			r.u = u
		} else {
			// Copy, so that the larger work buffer is not kept alive.
			r.u = mat.DenseCopyOf(u)
		}
		r.vt = mat.DenseCopyOf(vtK)
	}
	r.s = s[:k]
	for i, v := range r.s {
		if op.shift != 0 {
			r.s[i] = math.Ldexp(v, -op.shift)
		}
		if math.IsInf(r.s[i], 0) || math.IsNaN(r.s[i]) {
			*r = Randomized{}
			return fmt.Errorf("svd: singular value %d is %v, beyond float64's range (1.8e308); divide the matrix by a constant such as its largest entry first", i, r.s[i])
		}
	}
	return nil
}

// Values returns the k singular values in descending order (dst nil or of
// length k).
func (r *Randomized) Values(dst []float64) []float64 {
	if r.u == nil {
		panic("svd: Randomized not factorized")
	}
	if dst == nil {
		dst = make([]float64, len(r.s))
	}
	if len(dst) != len(r.s) {
		panic("svd: bad length of dst for Values")
	}
	copy(dst, r.s)
	return dst
}

// UTo stores the m×k left singular vectors in dst (sized when empty).
func (r *Randomized) UTo(dst *mat.Dense) { copyDense(dst, r.u) }

// VTTo stores the k×n matrix Vᵀ (scikit-learn's third result, whose rows
// are topics in the lesson) in dst.
func (r *Randomized) VTTo(dst *mat.Dense) { copyDense(dst, r.vt) }

// VTo stores the n×k right singular vectors in dst.
func (r *Randomized) VTo(dst *mat.Dense) {
	if r.vt == nil {
		panic("svd: Randomized not factorized")
	}
	rr, c := r.vt.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(c, rr)
	}
	dst.Copy(r.vt.T())
}

func copyDense(dst, src *mat.Dense) {
	if src == nil {
		panic("svd: not factorized")
	}
	if dst.IsEmpty() {
		dst.ReuseAs(src.Dims())
	} else {
		r, c := src.Dims()
		if dr, dc := dst.Dims(); dr != r || dc != c {
			panic(mat.ErrShape)
		}
	}
	dst.Copy(src)
}

// RangeFinder returns an m×min(m, size) matrix Q with orthonormal columns
// whose range approximates the range of the m×n matrix a: scikit-learn's
// randomized_range_finder. The Gaussian test matrix (n×size, filled in row
// order, NumPy's normal(size=(n, size))) comes from rnd; nIter power
// iterations use the given normalizer. Errors as for Randomized.Factorize.
func RangeFinder(a mat.Matrix, size, nIter int, norm Normalizer, rnd *nprand.RandomState) (*mat.Dense, error) {
	op, err := newOperator(a)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fmt.Errorf("svd: size = %d; the range finder needs at least one vector", size)
	}
	if nIter < 0 {
		return nil, fmt.Errorf("svd: nIter = %d; use 0 or more power iterations", nIter)
	}
	q, c := rangeFinder(op, size, nIter, norm, rnd)
	return mat.NewDense(op.rows, c, q), nil
}

// rangeFinder is RangeFinder on an operator; it returns Q row-major and its
// number of columns.
func rangeFinder(op *operator, size, nIter int, norm Normalizer, rnd *nprand.RandomState) ([]float64, int) {
	q, c, _ := rangeFinderSpare(op, size, nIter, norm, rnd)
	return q, c
}

// rangeFinderSpare is rangeFinder that also hands back a no longer used
// work buffer of the row side (nil if none), which callers may reuse.
func rangeFinderSpare(op *operator, size, nIter int, norm Normalizer, rnd *nprand.RandomState) ([]float64, int, []float64) {
	norm = resolveNorm(norm, nIter)
	if op.sp != nil && op.spT == nil && fuseGram && (norm == NormNone || implicitQ(op, size)) {
		// A tall sparse M: each iteration is one pass over M (powerTall).
		var parts []float64
		x, c := powerTall(op, size, nIter, norm, rnd, &parts)
		parts = nil
		qm, qc := rangeQ(op.mulTo(nil, x, c), op.rows, c)
		return qm, qc, nil
	}
	omega := bigFloats(op.cols * size)
	rnd.StandardNormalFill(omega)
	q, c := omega, size
	// Four work buffers, reused across iterations: products and their
	// normalised versions, for the row side and the column side.
	var prodR, normR, prodC, normC []float64
	for i := 0; i < nIter; i++ {
		prodR = op.mulTo(prodR, q, c) // rows×c
		q, c = normalize(prodR, op.rows, c, norm, &normR)
		prodC = op.T().mulTo(prodC, q, c) // cols×c
		q, c = normalize(prodC, op.cols, c, norm, &normC)
	}
	y := op.mulTo(prodR, q, c)
	qm, qc := rangeQ(y, op.rows, c)
	return qm, qc, normR
}

// resolveNorm is norm with NormAuto resolved as scikit-learn does: no
// normalisation for at most 2 iterations, LU otherwise.
func resolveNorm(norm Normalizer, nIter int) Normalizer {
	if norm != NormAuto {
		return norm
	}
	if nIter <= 2 {
		return NormNone
	}
	return NormLU
}

// powerGram returns (Mᵀ·M)^nIter·Ω (cols×size, row-major) for the tall
// sparse operator op, Ω the Gaussian test matrix drawn from rnd: the
// unnormalised power iterations, each one pass over M (gramMulTo), whose
// partial sums stay in *parts.
func powerGram(op *operator, size, nIter int, rnd *nprand.RandomState, parts *[]float64) []float64 {
	q := bigFloats(op.cols * size)
	rnd.StandardNormalFill(q)
	var buf []float64
	for i := 0; i < nIter; i++ {
		buf = op.gramMulTo(buf, q, size, parts)
		q, buf = buf, q
	}
	return q
}

// powerTall returns the last column-side block (cols×c, row-major) of
// nIter power iterations from the Gaussian Ω (drawn from rnd) on the tall
// sparse operator op, each one pass over M: without normalisation,
// (Mᵀ·M)^nIter·Ω (powerGram); otherwise each iteration forms Mᵀ·Q with
// Q = Y·R⁻¹ the orthonormalised Y = M·X, never stored (projectTall with
// the Gram matrix's Cholesky factor), and normalises that block with norm
// as scikit-learn does. The row side is thus normalised by a triangular
// factor instead of norm's: Q spans the space norm's block would, so the
// factors agree to rounding, and no rows×c block is written. An iteration
// whose Y is too ill-conditioned for that forms and normalises Y
// explicitly. *parts holds the partial sums.
func powerTall(op *operator, size, nIter int, norm Normalizer, rnd *nprand.RandomState, parts *[]float64) ([]float64, int) {
	if norm == NormNone {
		return powerGram(op, size, nIter, rnd, parts), size
	}
	q := bigFloats(op.cols * size)
	rnd.StandardNormalFill(q)
	c := size
	var z, normR, normC []float64
	for i := 0; i < nIter; i++ {
		var ok bool
		z, _, ok = op.projectTall(z, q, c, parts, false) // Mᵀ·Q
		if !ok {
			yn, cn := normalize(op.mulTo(nil, q, c), op.rows, c, norm, &normR)
			z, c = op.T().mulTo(z, yn, cn), cn
		}
		q, c = normalize(z, op.cols, c, norm, &normC)
		if norm == NormQR {
			z = nil // rangeQ worked in place: q is z's storage
		}
	}
	return q, c
}

func normalize(x []float64, m, k int, norm Normalizer, buf *[]float64) ([]float64, int) {
	switch norm {
	case NormLU:
		*buf = permutedL(x, m, k, *buf)
		return *buf, min(m, k)
	case NormQR:
		return rangeQ(x, m, k)
	default:
		return x, k
	}
}

// transposeDense returns a new dense copy of aᵀ.
func transposeDense(a *mat.Dense) *mat.Dense {
	r, c := a.Dims()
	t := mat.NewDense(c, r, bigFloats(c*r))
	transposeInto(t.RawMatrix(), a.RawMatrix())
	return t
}
