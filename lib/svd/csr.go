package svd

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/internal/scale"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// csr is the package's own compressed sparse row storage.
type csr struct {
	rows, cols int
	indptr     []int
	indices    []int
	data       []float64

	// max is the largest |entry| once maxKnown (see maxAbs).
	max      float64
	maxKnown bool
}

var (
	errEmpty     = errors.New("svd: empty matrix; the input needs at least one row and one column")
	errNotFinite = errors.New("svd: matrix has NaN or Inf entries; remove or replace them before factorizing")
)

func fromRaw(a sparse.RawCSR) *csr {
	r, c := a.Dims()
	return &csr{rows: r, cols: c, indptr: a.Indptr(), indices: a.Indices(), data: a.Data()}
}

// fromSparse views a *sparse.CSR without dropping its cached transpose
// (its Data method would).
func fromSparse(a *sparse.CSR) *csr {
	r, c := a.Dims()
	indptr, indices, data := a.Raw()
	return &csr{rows: r, cols: c, indptr: indptr, indices: indices, data: data}
}

// checkFinite reports an error naming the first non-finite entry. The
// check is maxAbs's parallel scan; only a matrix that fails it is searched
// for the entry to name.
func (m *csr) checkFinite() error {
	if mx := m.maxAbs(); !math.IsInf(mx, 0) && !math.IsNaN(mx) {
		return nil
	}
	for i := 0; i < m.rows; i++ {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			if v := m.data[p]; math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w (entry %d,%d is %v)", errNotFinite, i, m.indices[p], v)
			}
		}
	}
	return nil
}

// maxAbs returns the largest magnitude of m's stored entries (+Inf if one
// is infinite, NaN if one is NaN), scanning them in parallel the first time
// and remembering it: newOperator's finiteness check and its rescaling read
// the same value.
func (m *csr) maxAbs() float64 {
	if m.maxKnown {
		return m.max
	}
	data := m.data[m.indptr[0]:m.indptr[m.rows]]
	parts := min(maxProcs(), max(1, len(data)>>16))
	chunk := (len(data) + parts - 1) / max(parts, 1)
	maxes := make([]float64, parts)
	nan := make([]bool, parts)
	par.Split(len(data), parts, func(lo, hi int) {
		mx, bad := 0.0, false
		for _, v := range data[lo:hi] {
			a := math.Abs(v)
			if a > mx {
				mx = a
			}
			bad = bad || a != a
		}
		maxes[lo/chunk], nan[lo/chunk] = mx, bad
	})
	m.max = 0
	for i, v := range maxes {
		if nan[i] {
			m.max = math.NaN()
			break
		}
		m.max = math.Max(m.max, v)
	}
	m.maxKnown = true
	return m.max
}

// transpose returns the CSR storage of mᵀ (that is, m in CSC order) with
// column indices ascending within each row.
func (m *csr) transpose() *csr {
	nnz := m.indptr[m.rows] - m.indptr[0]
	t := &csr{rows: m.cols, cols: m.rows, indptr: make([]int, m.cols+1), indices: make([]int, nnz), data: make([]float64, nnz)}
	for p := m.indptr[0]; p < m.indptr[m.rows]; p++ {
		t.indptr[m.indices[p]+1]++
	}
	for j := 0; j < m.cols; j++ {
		t.indptr[j+1] += t.indptr[j]
	}
	next := make([]int, m.cols)
	copy(next, t.indptr[:m.cols])
	for i := 0; i < m.rows; i++ {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			j := m.indices[p]
			q := next[j]
			t.indices[q] = i
			t.data[q] = m.data[p]
			next[j]++
		}
	}
	return t
}

// denseToCSR converts a dense matrix, reporting non-finite entries.
func denseToCSR(a mat.Matrix) (*csr, error) {
	r, c := a.Dims()
	m := &csr{rows: r, cols: c, indptr: make([]int, r+1)}
	raw, ok := rawDense(a)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			var v float64
			if ok {
				v = raw.Data[i*raw.Stride+j]
			} else {
				v = a.At(i, j)
			}
			if v != 0 {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("%w (entry %d,%d is %v)", errNotFinite, i, j, v)
				}
				m.indices = append(m.indices, j)
				m.data = append(m.data, v)
			}
		}
		m.indptr[i+1] = len(m.data)
	}
	return m, nil
}

// scaled returns a copy of m with its values multiplied by 2^e (indices
// shared, values copied, so the caller's arrays are not modified).
func (m *csr) scaled(e int) *csr {
	lo, hi := m.indptr[0], m.indptr[m.rows]
	t := &csr{rows: m.rows, cols: m.cols, indptr: make([]int, m.rows+1), indices: m.indices[lo:hi]}
	for i := range t.indptr {
		t.indptr[i] = m.indptr[i] - lo
	}
	t.data = scale.Apply(make([]float64, hi-lo), m.data[lo:hi], e)
	return t
}
