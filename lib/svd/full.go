package svd

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/memlimit"
	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Full is the thin singular value decomposition of an m×n matrix A,
//
//	A = U * Σ * Vᵀ
//
// with r = min(m, n), U m×r and V n×r with orthonormal columns and
// Σ = diag(s) holding s₀ ≥ s₁ ≥ … ≥ s_{r−1} ≥ 0. It plays the part of SciPy's
// linalg.svd(A, full_matrices=False). The zero value is ready to use.
type Full struct {
	m, n int
	u    *mat.Dense // m×r
	v    *mat.Dense // n×r
	s    []float64
	ok   bool
}

// Factorize computes the thin SVD of a, which may be any mat.Matrix; a
// sparse.RawCSR (such as *sparse.CSR) is never densified, and a dense matrix that is
// mostly zeros is converted to sparse storage first.
//
// Method: with A oriented so that m ≤ n (a tall matrix is transposed), the
// rows that are entirely zero give exact zero singular values and are set
// aside; the Gram matrix G = A·Aᵀ of the rest (cheap from sparse rows) is
// diagonalised by Householder tridiagonalisation and divide and conquer,
// G = W·Λ·Wᵀ; then B = Wᵀ·A is formed, sᵢ = ‖row i of B‖ and vᵢ = bᵢ/sᵢ.
// Because W is orthogonal, U·Σ·Vᵀ = W·B reproduces A to working precision.
// Forming G squares the condition number, so the rows of B whose norms are
// small relative to s₀ are refined by a second, smaller Gram step on those
// rows alone (the products no longer involve the large singular values), and
// rows whose norm is at rounding level get orthonormal completions of V. The
// cost is about mn·(average row nnz) for G, (10/3)m³ for the eigenproblem,
// 2·nnz·m for B, and 4·k²·n for the refinement of k small values.
//
// Accuracy: the singular values carry absolute errors of a few ε·s₀, like
// LAPACK's. U is orthonormal to working precision; V is orthonormal to about
// 1e-13 when the non-zero singular values span up to four or five orders of
// magnitude (the lesson's matrices), degrading to about 1e-8 for spectra
// spread over twelve orders (6.7e-9 on amd64 for a graded 90×90 matrix;
// 1.9e-8 on arm64 and 4.4e-8 with GOAMD64=v3, where gonum's Go code rounds
// differently).
//
// Signs: each pair (uᵢ, vᵢ) is only defined up to sign. Factorize makes the
// entry of largest magnitude in each column of U positive (scikit-learn's
// svd_flip). LAPACK's gesdd, behind SciPy's linalg.svd, follows no such rule:
// its signs fall out of its Householder and divide-and-conquer steps, so
// about half of the rows of SciPy's Vh are the negatives of these; the words
// of largest weight in a row (the lesson's topics) then differ, and topic
// lists should be compared up to the sign of each row.
//
// Scaling: when the largest magnitude of an entry lies outside
// [1e-100, 1e100], where the Gram matrix would underflow or overflow, the
// matrix is first multiplied by a power of two that brings it near 1 and
// the singular values are scaled back (as LAPACK's dgesdd does); U and V
// are those of the scaled matrix. Other matrices are factorized as they
// are, bit for bit.
//
// Factorize returns an error for an empty matrix or NaN/Inf entries, for a
// matrix whose factors (3r² + r·max(m, n) floats, r = min(m, n)) would not
// fit in the machine's memory, when
// a singular value exceeds float64's range, and when the eigensolver fails
// to converge.
func (f *Full) Factorize(a mat.Matrix) error {
	*f = Full{}
	m, n := a.Dims()
	if m == 0 || n == 0 {
		return errEmpty
	}
	// The Gram matrix, its eigenvectors and U (r×r each) and V (the long
	// side × r).
	r, long := min(m, n), max(m, n)
	if err := memlimit.Check(fmt.Sprintf("svd: the full SVD of a %d×%d matrix", m, n), memlimit.Floats([]int{3, r, r}, []int{long, r}),
		"use the randomized SVD (Randomized) for the leading singular values, or fewer rows"); err != nil {
		return err
	}
	var sp *csr
	var dense *blas64.General
	switch t := a.(type) {
	case sparse.RawCSR:
		sp = fromRaw(t)
		if err := sp.checkFinite(); err != nil {
			return err
		}
	default:
		g, ok := rawDense(a)
		if ok && !denseIsSparse(g) {
			if err := checkDenseFinite(g); err != nil {
				return err
			}
			dense = &g
		} else {
			var err error
			sp, err = denseToCSR(a)
			if err != nil {
				return err
			}
		}
	}
	// Entries far from 1 would underflow or overflow in the Gram matrix:
	// scale them by a power of two (exact) and the singular values back.
	var shift int
	if sp != nil {
		shift = scale.Shift(scale.MaxAbs(sp.data[sp.indptr[0]:sp.indptr[sp.rows]]))
		if shift != 0 {
			sp = sp.scaled(shift)
		}
	} else {
		shift = scale.Shift(denseMaxAbs(*dense))
		if shift != 0 {
			dense = scaledGeneral(*dense, shift)
		}
	}
	tall := m > n
	var res wideResult
	var err error
	if sp != nil {
		if tall {
			sp = sp.transpose()
		}
		res, err = factorWideSparse(sp)
	} else {
		if tall {
			dense = transposeGeneral(*dense)
		}
		res, err = factorWideDense(*dense)
	}
	if err != nil {
		return err
	}
	if shift != 0 {
		for i, v := range res.s {
			res.s[i] = math.Ldexp(v, -shift)
			if math.IsInf(res.s[i], 0) {
				return fmt.Errorf("svd: singular value %d is %v·2^%d, beyond float64's range (1.8e308); divide the matrix by a constant such as its largest entry first", i, v, -shift)
			}
		}
	}
	f.m, f.n = m, n
	f.s = res.s
	if tall {
		f.u, f.v = res.v, res.u
	} else {
		f.u, f.v = res.u, res.v
	}
	flipFull(f.u, f.v)
	f.ok = true
	return nil
}

// flipFull applies the sign convention of Full: in each column of u the
// entry of largest magnitude (the first, if tied) is positive, and the
// matching column of v changes sign with it (scikit-learn's svd_flip).
func flipFull(u, v *mat.Dense) {
	_, r := u.Dims()
	sign := make([]float64, r)
	ur := u.RawMatrix()
	for c := 0; c < r; c++ {
		best, val := -1.0, 0.0
		for i := 0; i < ur.Rows; i++ {
			if a := math.Abs(ur.Data[i*ur.Stride+c]); a > best {
				best, val = a, ur.Data[i*ur.Stride+c]
			}
		}
		sign[c] = 1
		if val < 0 {
			sign[c] = -1
		}
	}
	for _, g := range []blas64.General{ur, v.RawMatrix()} {
		parallelFor(g.Rows, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				row := g.Data[i*g.Stride : i*g.Stride+r]
				for c := range row {
					row[c] *= sign[c]
				}
			}
		})
	}
}

// Values returns the singular values in descending order. If dst is nil a
// new slice is allocated; otherwise it must have length min(m, n).
func (f *Full) Values(dst []float64) []float64 {
	if !f.ok {
		panic("svd: Full not factorized")
	}
	if dst == nil {
		dst = make([]float64, len(f.s))
	}
	if len(dst) != len(f.s) {
		panic("svd: bad length of dst for Values")
	}
	copy(dst, f.s)
	return dst
}

// UTo stores the m×r matrix of left singular vectors in dst, which is sized
// when empty and must be m×r otherwise.
func (f *Full) UTo(dst *mat.Dense) { f.copyTo(dst, f.u, false) }

// VTo stores the n×r matrix V of right singular vectors in dst.
func (f *Full) VTo(dst *mat.Dense) { f.copyTo(dst, f.v, false) }

// VTTo stores the r×n matrix Vᵀ (SciPy's Vh) in dst.
func (f *Full) VTTo(dst *mat.Dense) { f.copyTo(dst, f.v, true) }

func (f *Full) copyTo(dst, src *mat.Dense, trans bool) {
	if !f.ok {
		panic("svd: Full not factorized")
	}
	r, c := src.Dims()
	if trans {
		r, c = c, r
	}
	if dst.IsEmpty() {
		*dst = *mat.NewDense(r, c, bigFloats(r*c))
	} else if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(mat.ErrShape)
	}
	if !trans {
		dst.Copy(src)
		return
	}
	transposeInto(dst.RawMatrix(), src.RawMatrix())
}

// wideResult is the SVD of an m×n matrix with m ≤ n: u m×m, v n×m.
type wideResult struct {
	u, v *mat.Dense
	s    []float64
}

// Refinement thresholds, relative to the largest singular value. Rows of B
// with norms below refineRel·s₀ are refined by a second Gram step; rows below
// zeroRel·s₀ after refinement are treated as exact zeros.
const (
	refineRel = 5e-3
	zeroRel   = 1e-13
)

func factorWideSparse(a *csr) (wideResult, error) {
	m, n := a.rows, a.cols
	// Set the zero rows aside; the others stay contiguous in the arrays.
	var rows []int
	for i := 0; i < m; i++ {
		if a.indptr[i+1] > a.indptr[i] {
			rows = append(rows, i)
		}
	}
	mp := len(rows)
	sub := &csr{rows: mp, cols: n, indptr: make([]int, mp+1)}
	sub.indices = a.indices[a.indptr[0]:a.indptr[m]]
	sub.data = a.data[a.indptr[0]:a.indptr[m]]
	for t, i := range rows {
		sub.indptr[t+1] = a.indptr[i+1] - a.indptr[0]
	}
	at := sub.transpose()
	var g []float64
	if mp > 0 {
		g = sparseGram(sub, at)
	}
	op := linop{
		tmulTo: func(out []float64, ldo int, w []float64, k int) { sparseMulTo(at, out, ldo, w, k) },
		mul: func(x []float64, k int) []float64 {
			out := make([]float64, mp*k)
			sparseMulTo(sub, out, k, x, k)
			return out
		},
	}
	return finishWide(m, n, rows, g, op)
}

func factorWideDense(a blas64.General) (wideResult, error) {
	m, n := a.Rows, a.Cols
	var rows []int
	for i := 0; i < m; i++ {
		for _, v := range a.Data[i*a.Stride : i*a.Stride+n] {
			if v != 0 {
				rows = append(rows, i)
				break
			}
		}
	}
	mp := len(rows)
	sub := make([]float64, mp*n)
	for t, i := range rows {
		copy(sub[t*n:(t+1)*n], a.Data[i*a.Stride:i*a.Stride+n])
	}
	impl := blas64.Implementation()
	g := make([]float64, mp*mp)
	if mp > 0 {
		impl.Dgemm(blas.NoTrans, blas.Trans, mp, mp, n, 1, sub, n, sub, n, 0, g, mp)
	}
	op := linop{
		tmulTo: func(out []float64, ldo int, w []float64, k int) {
			impl.Dgemm(blas.Trans, blas.NoTrans, n, k, mp, 1, sub, n, w, k, 0, out, ldo)
		},
		mul: func(x []float64, k int) []float64 {
			out := make([]float64, mp*k)
			impl.Dgemm(blas.NoTrans, blas.NoTrans, mp, k, n, 1, sub, n, x, k, 0, out, k)
			return out
		},
	}
	return finishWide(m, n, rows, g, op)
}

// linop gives products with the compacted mp×n matrix A: tmulTo stores
// Aᵀ·W (n×k) into out with stride ldo for a row-major mp×k matrix W, and
// mul returns A·X (mp×k) for a row-major n×k matrix X.
type linop struct {
	tmulTo func(out []float64, ldo int, w []float64, k int)
	mul    func(x []float64, k int) []float64
}

func finishWide(m, n int, rows []int, g []float64, op linop) (wideResult, error) {
	mp := len(rows)
	var w []float64
	if mp > 0 {
		var ok bool
		_, w, ok = symEig(mp, g, mp)
		if !ok {
			return wideResult{}, errors.New("svd: eigensolver did not converge")
		}
	}
	// bt holds Aᵀ·W in its first mp columns (column i is bᵢ = sᵢvᵢ) and
	// becomes the n×m matrix V.
	ldb := m
	bt := bigFloats(n * ldb)
	if mp > 0 {
		op.tmulTo(bt, ldb, w, mp)
	}
	s := colNorms(bt, n, mp, ldb)
	smax := 0.0
	for _, v := range s {
		smax = math.Max(smax, v)
	}
	if mp > 0 && smax > 0 {
		refine(bt, ldb, w, s, n, mp, refineRel*smax)
	}
	// Columns at rounding level are exact zeros. Columns whose values are
	// tiny relative to s₀ carry rounding from the large ones (of order
	// ε·s₀/sᵢ), so they are re-orthogonalised against the others; the zero
	// ones and the empty rows get orthonormal completions.
	vals := make([]float64, m)
	copy(vals, s)
	inv := make([]float64, mp)
	var keep, small []int
	for i := 0; i < mp; i++ {
		if s[i] <= zeroRel*smax || s[i] == 0 {
			vals[i] = 0
		}
		if vals[i] > 0 {
			inv[i] = 1 / s[i]
		}
		if vals[i] >= refineRel*refineRel*smax {
			keep = append(keep, i)
		} else {
			small = append(small, i)
		}
	}
	for i := mp; i < m; i++ {
		small = append(small, i)
	}
	sort.SliceStable(small, func(x, y int) bool { return vals[small[x]] > vals[small[y]] })
	parallelFor(n, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			row := bt[j*ldb : j*ldb+mp]
			for i := range row {
				row[i] *= inv[i]
			}
		}
	})
	orthoComplete(bt, ldb, n, mp, keep, small, vals, w, s, op)

	// Output column c comes from column order[c] of bt; columns ≥ mp
	// stand for the empty rows.
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return vals[order[x]] > vals[order[y]] })
	inRows := make([]bool, m)
	for _, i := range rows {
		inRows[i] = true
	}
	var emptyRows []int
	for i := 0; i < m; i++ {
		if !inRows[i] {
			emptyRows = append(emptyRows, i)
		}
	}
	u := mat.NewDense(m, m, bigFloats(m*m))
	ur := u.RawMatrix()
	outS := make([]float64, m)
	for c, src := range order {
		outS[c] = vals[src]
		if src < mp {
			for t, i := range rows {
				ur.Data[i*ur.Stride+c] = w[t*mp+src]
			}
		} else {
			ur.Data[emptyRows[src-mp]*ur.Stride+c] = 1
		}
	}
	parallelFor(n, func(lo, hi int) {
		tmp := make([]float64, m)
		for j := lo; j < hi; j++ {
			row := bt[j*ldb : j*ldb+m]
			for c, src := range order {
				tmp[c] = row[src]
			}
			copy(row, tmp)
		}
	})
	return wideResult{u: u, v: mat.NewDense(n, m, bt), s: outS}, nil
}
