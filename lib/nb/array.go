package nb

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/npsort"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// NumPy's array operations that the lesson's cells use, on gonum
// matrices. Each returns a new matrix; shapes that do not match stop the
// cell with a message naming both shapes.

// Shape returns the shape of a matrix or slice the way NumPy prints it:
// "(2034, 26576)" for a matrix, "(26576,)" for a slice.
func Shape(x any) string {
	switch v := x.(type) {
	case mat.Matrix:
		r, c := v.Dims()
		return fmt.Sprintf("(%d, %d)", r, c)
	case []float64:
		return fmt.Sprintf("(%d,)", len(v))
	case []string:
		return fmt.Sprintf("(%d,)", len(v))
	case []int:
		return fmt.Sprintf("(%d,)", len(v))
	}
	return fmt.Sprintf("(shape of a %T)", x)
}

// Strings is a list of strings that prints as Python prints a list, one
// item a line when they do not fit on one: what show_topics returns.
type Strings []string

// String formats s like Python's repr of a list of str.
func (s Strings) String() string {
	q := make([]string, len(s))
	n := 0
	for i, v := range s {
		q[i] = "'" + strings.ReplaceAll(v, "'", `\'`) + "'"
		n += len(q[i]) + 2
	}
	if n <= 78 {
		return "[" + strings.Join(q, ", ") + "]"
	}
	return "[" + strings.Join(q, ",\n ") + "]"
}

// Take returns a[idx[0]], a[idx[1]], …: NumPy's fancy indexing a[idx].
func Take[T any](a []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		if j < 0 || j >= len(a) {
			Check(fmt.Errorf("index %d is out of range for a list of %d", j, len(a)))
		}
		out[i] = a[j]
	}
	return out
}

// TopK returns the indices of the k largest entries of t, largest first,
// as np.argsort(t)[:-k-1:-1] does (ties in NumPy's order, as
// topics.ShowTopics picks them).
func TopK(t []float64, k int) []int {
	idx := npsort.Argsort(t)
	k = min(k, len(idx))
	out := make([]int, k)
	for i := range out {
		out[i] = idx[len(idx)-1-i]
	}
	return out
}

// Row returns row i of a as a slice (a copy): a[i].
func Row(a mat.Matrix, i int) []float64 { return mat.Row(nil, i, a) }

// Rows returns rows [i, j) of a: a[i:j].
func Rows(a mat.Matrix, i, j int) *mat.Dense {
	r, c := a.Dims()
	if i < 0 || j > r || i > j {
		Check(fmt.Errorf("rows %d:%d are out of range for a %s matrix", i, j, Shape(a)))
	}
	if j == i {
		return &mat.Dense{}
	}
	out := mat.NewDense(j-i, c, nil)
	for k := i; k < j; k++ {
		out.SetRow(k-i, mat.Row(nil, k, a))
	}
	return out
}

// Dense returns a as a dense matrix: a sparse matrix's todense().
func Dense(a mat.Matrix) *mat.Dense {
	if s, ok := a.(*sparse.CSR); ok {
		return s.ToDense()
	}
	return mat.DenseCopyOf(a)
}

func sameShape(op string, a, b mat.Matrix) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		Check(fmt.Errorf("%s: shapes %s and %s do not match", op, Shape(a), Shape(b)))
	}
}

// Mul returns the matrix product a·b (a @ b); a sparse factor is never
// made dense.
func Mul(a, b mat.Matrix) *mat.Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != br {
		Check(fmt.Errorf("matmul: shapes %s and %s do not line up (%d ≠ %d)", Shape(a), Shape(b), ac, br))
	}
	var out mat.Dense
	switch {
	case isCSR(a):
		a.(*sparse.CSR).MulDenseTo(&out, b)
	case transposedCSR(a) != nil:
		transposedCSR(a).TMulDenseTo(&out, b)
	case isCSR(b):
		sparse.DenseMulTo(&out, a, b.(*sparse.CSR))
	case transposedCSR(b) != nil: // a·Mᵀ = (M·aᵀ)ᵀ
		var t mat.Dense
		transposedCSR(b).MulDenseTo(&t, a.T())
		out.CloneFrom(t.T())
	default:
		out.ReuseAs(ar, bc)
		out.Mul(a, b)
	}
	return &out
}

func isCSR(a mat.Matrix) bool { _, ok := a.(*sparse.CSR); return ok }

// transposedCSR returns M when a is Mᵀ for a sparse M (what M.T() gives),
// else nil.
func transposedCSR(a mat.Matrix) *sparse.CSR {
	if t, ok := a.(mat.Transpose); ok {
		if m, ok := t.Matrix.(*sparse.CSR); ok {
			return m
		}
	}
	return nil
}

// Sub returns a − b, for dense or sparse operands.
func Sub(a, b mat.Matrix) *mat.Dense {
	sameShape("subtract", a, b)
	out := Dense(a)
	if s, ok := b.(*sparse.CSR); ok {
		r, _ := s.Dims()
		for i := 0; i < r; i++ {
			idx, vals := s.Row(i)
			row := out.RawRowView(i)
			for k, j := range idx {
				row[j] -= vals[k]
			}
		}
		return out
	}
	out.Sub(out, b)
	return out
}

// Add returns a + b.
func Add(a, b mat.Matrix) *mat.Dense {
	sameShape("add", a, b)
	out := Dense(a)
	out.Add(out, b)
	return out
}

// Scale returns f·a.
func Scale(f float64, a mat.Matrix) *mat.Dense {
	out := Dense(a)
	out.Scale(f, out)
	return out
}

// Abs returns |a| entry by entry (np.abs).
func Abs(a mat.Matrix) *mat.Dense {
	out := Dense(a)
	out.Apply(func(_, _ int, v float64) float64 { return math.Abs(v) }, out)
	return out
}

// Norm returns the Frobenius norm of a (np.linalg.norm of a matrix).
func Norm(a mat.Matrix) float64 {
	if s, ok := a.(*sparse.CSR); ok {
		return s.Norm()
	}
	return mat.Norm(a, 2)
}

// CountNeg returns the number of negative entries of a: (a < 0).sum().
func CountNeg(a mat.Matrix) int {
	n := 0
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) < 0 {
				n++
			}
		}
	}
	return n
}

// rng is the notebook's global generator, numpy's legacy RandomState
// seeded with 0 when a process first draws from it.
var rng = nprand.New(0)

// Normal returns an r×c matrix of N(0, scale²) draws in row order, as
// np.random.normal(scale=scale, size=(r, c)) does with numpy's global
// generator after np.random.seed(0).
func Normal(scale float64, r, c int) *mat.Dense {
	if r <= 0 || c <= 0 {
		Check(fmt.Errorf("normal: size (%d, %d) must be positive", r, c))
	}
	out := mat.NewDense(r, c, nil)
	data := out.RawMatrix().Data
	rng.StandardNormalFill(data)
	for i := range data {
		data[i] *= scale
	}
	return out
}

// Ones returns an r×c matrix of ones (np.ones, torch.ones).
func Ones(r, c int) *mat.Dense {
	if r <= 0 || c <= 0 {
		Check(fmt.Errorf("ones: size (%d, %d) must be positive", r, c))
	}
	d := mat.NewDense(r, c, nil)
	for i := range d.RawMatrix().Data {
		d.RawMatrix().Data[i] = 1
	}
	return d
}

// Cols returns columns [i, j) of a: a[:, i:j].
func Cols(a mat.Matrix, i, j int) *mat.Dense {
	r, c := a.Dims()
	if i < 0 || j > c || i >= j {
		Check(fmt.Errorf("columns %d:%d are out of range for a %s matrix", i, j, Shape(a)))
	}
	out := mat.NewDense(r, j-i, nil)
	for k := 0; k < r; k++ {
		for l := i; l < j; l++ {
			out.Set(k, l-i, a.At(k, l))
		}
	}
	return out
}

// Where returns f applied to every entry of a (np.where with a function of
// the entry, as the lesson's penalty uses it).
func Where(a mat.Matrix, f func(x float64) float64) *mat.Dense {
	out := Dense(a)
	out.Apply(func(_, _ int, v float64) float64 { return f(v) }, out)
	return out
}

// Float32 returns a with every entry rounded to float32, the precision the
// lesson's GPU tensors hold.
func Float32(a mat.Matrix) *mat.Dense {
	return Where(a, func(x float64) float64 { return float64(float32(x)) })
}

// ResidualNorm returns ‖M − W·H‖_F without forming W·H: from
// ‖M‖² − 2⟨M, WH⟩ + ⟨WᵀW, HHᵀ⟩ for a sparse M (a dense M is read as
// sparse). Cost: O(nnz·k + (m+n)·k²). Products are rounded before they are
// added (float64(a*b): no fused multiply-add, so that arm64 gives the bits
// amd64 gives).
func ResidualNorm(M mat.Matrix, W, H *mat.Dense) float64 {
	x := csrOf(M)
	r, c := x.Dims()
	wr, k := W.Dims()
	hk, hc := H.Dims()
	if wr != r || hc != c || hk != k {
		Check(fmt.Errorf("residual: M %s, W %s and H %s do not make M ≈ W·H", Shape(M), Shape(W), Shape(H)))
	}
	nrm := x.Norm()
	cross := 0.0 // ⟨M, WH⟩ over the non-zeros of M
	for i := 0; i < r; i++ {
		idx, vals := x.Row(i)
		wi := W.RawRowView(i)
		for p, j := range idx {
			dot := 0.0
			for t := 0; t < k; t++ {
				dot += float64(wi[t] * H.At(t, j))
			}
			cross += float64(vals[p] * dot)
		}
	}
	var wtw, hht mat.Dense
	wtw.Mul(W.T(), W)
	hht.Mul(H, H.T())
	gg := 0.0 // ‖WH‖² = ⟨WᵀW, HHᵀ⟩
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			gg += float64(wtw.At(i, j) * hht.At(i, j))
		}
	}
	return math.Sqrt(math.Max(float64(nrm*nrm)-2*cross+gg, 0))
}

// Range returns start, start+step, … below stop: Python's range.
func Range(start, stop, step int) []int {
	if step <= 0 {
		Check(fmt.Errorf("range: step %d must be positive", step))
	}
	var out []int
	for i := start; i < stop; i += step {
		out = append(out, i)
	}
	return out
}

// Floats converts integers to float64, for plotting.
func Floats(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// SVDValues returns all singular values of a, largest first.
func SVDValues(a mat.Matrix) []float64 {
	_, s, _ := SVD(a)
	return s
}

// MapRows returns f of every row of a, as Python's [f(t) for t in a].
func MapRows(a mat.Matrix, f func(row []float64) string) Strings {
	r, _ := a.Dims()
	out := make(Strings, r)
	for i := range out {
		out[i] = f(mat.Row(nil, i, a))
	}
	return out
}

// PermutedL returns P·L of the LU decomposition a = P·L·U with partial
// pivoting: SciPy's linalg.lu(a, permute_l=True)[0].
func PermutedL(a mat.Matrix) *mat.Dense {
	var l mat.Dense
	svd.PermutedL(&l, a)
	return &l
}

// ThinQ returns the Q of the economic QR decomposition of a:
// SciPy's linalg.qr(a, mode='economic')[0].
func ThinQ(a mat.Matrix) *mat.Dense {
	var q mat.Dense
	svd.ThinQ(&q, a)
	return &q
}
