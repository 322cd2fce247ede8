package sparse

import (
	"fmt"
	"math"
	"sort"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// RawCSR is the read-only view of a compressed sparse row matrix through
// which lib/svd and lib/check use sparse input without densifying it; *CSR
// implements it. Row i holds the values Data()[Indptr()[i]:Indptr()[i+1]]
// in the columns Indices()[Indptr()[i]:Indptr()[i+1]]; the slices are only
// read.
type RawCSR interface {
	mat.Matrix
	Indptr() []int
	Indices() []int
	Data() []float64
}

var _ RawCSR = (*CSR)(nil)

// CSR is an r×c matrix in compressed sparse row form: the stored entries of row i
// are Data[Indptr[i]:Indptr[i+1]], in the columns Indices[Indptr[i]:Indptr[i+1]],
// which are strictly increasing within a row.
//
// The zero value is not usable; create a CSR with NewCSR or FromDense.
type CSR struct {
	rows, cols int
	indptr     []int
	indices    []int
	data       []float64

	// trans caches the explicit transpose built by Transpose.
	trans atomic.Pointer[CSR]
}

var _ mat.Matrix = (*CSR)(nil)

// NewCSR returns an r×c CSR matrix that takes ownership of indptr, indices and
// data. It checks the structure in O(r + nnz) and returns an error if
// indptr does not have r+1 non-decreasing entries starting at 0, if indices
// and data do not have indptr[r] entries, or if a row's column indices are not
// strictly increasing and inside [0, c).
func NewCSR(r, c int, indptr, indices []int, data []float64) (*CSR, error) {
	if r < 0 || c < 0 {
		return nil, fmt.Errorf("sparse: negative dimensions %d×%d", r, c)
	}
	if len(indptr) != r+1 {
		return nil, fmt.Errorf("sparse: indptr has %d entries, want rows+1 = %d", len(indptr), r+1)
	}
	if indptr[0] != 0 {
		return nil, fmt.Errorf("sparse: indptr[0] = %d, want 0", indptr[0])
	}
	nnz := indptr[r]
	if len(indices) != nnz || len(data) != nnz {
		return nil, fmt.Errorf("sparse: indptr[%d] = %d but len(indices) = %d and len(data) = %d", r, nnz, len(indices), len(data))
	}
	for i := 0; i < r; i++ {
		if indptr[i+1] < indptr[i] {
			return nil, fmt.Errorf("sparse: indptr decreases at row %d (%d > %d)", i, indptr[i], indptr[i+1])
		}
	}
	for i := 0; i < r; i++ {
		lo, hi := indptr[i], indptr[i+1]
		prev := -1
		for _, j := range indices[lo:hi] {
			if j <= prev || j >= c {
				return nil, fmt.Errorf("sparse: row %d has column index %d out of order or outside [0, %d)", i, j, c)
			}
			prev = j
		}
	}
	return &CSR{rows: r, cols: c, indptr: indptr, indices: indices, data: data}, nil
}

// FromDense returns the CSR form of a, keeping the entries that are not zero.
// It reads a through At unless a is a *mat.Dense; the cost is O(r·c).
func FromDense(a mat.Matrix) *CSR {
	r, c := a.Dims()
	indptr := make([]int, r+1)
	var indices []int
	var data []float64
	d, isDense := a.(*mat.Dense)
	for i := 0; i < r; i++ {
		if isDense {
			for j, v := range d.RawRowView(i) {
				if v != 0 {
					indices = append(indices, j)
					data = append(data, v)
				}
			}
		} else {
			for j := 0; j < c; j++ {
				if v := a.At(i, j); v != 0 {
					indices = append(indices, j)
					data = append(data, v)
				}
			}
		}
		indptr[i+1] = len(data)
	}
	if indices == nil {
		indices, data = []int{}, []float64{}
	}
	return &CSR{rows: r, cols: c, indptr: indptr, indices: indices, data: data}
}

// Dims returns the number of rows and columns of the matrix.
func (m *CSR) Dims() (r, c int) { return m.rows, m.cols }

// At returns the element at row i, column j, found by binary search within
// row i in O(log nnz(row i)). At panics if i or j is out of range.
func (m *CSR) At(i, j int) float64 {
	if uint(i) >= uint(m.rows) {
		panic(mat.ErrRowAccess)
	}
	if uint(j) >= uint(m.cols) {
		panic(mat.ErrColAccess)
	}
	idx := m.indices[m.indptr[i]:m.indptr[i+1]]
	k := sort.SearchInts(idx, j)
	if k < len(idx) && idx[k] == j {
		return m.data[m.indptr[i]+k]
	}
	return 0
}

// T returns the implicit transpose of the matrix, a mat.Transpose wrapping m.
// Use Transpose for an explicit CSR of mᵀ.
func (m *CSR) T() mat.Matrix { return mat.Transpose{Matrix: m} }

// NNZ returns the number of stored entries, as scipy's nnz does: an
// explicit zero (text.HashingVectorizer keeps the ones scikit-learn keeps,
// where colliding tokens cancel) counts.
func (m *CSR) NNZ() int { return m.indptr[m.rows] }

// Row returns views of the column indices and values of row i's stored
// entries.
// The slices share storage with m and must not be modified.
func (m *CSR) Row(i int) (indices []int, data []float64) {
	if uint(i) >= uint(m.rows) {
		panic(mat.ErrRowAccess)
	}
	lo, hi := m.indptr[i], m.indptr[i+1]
	return m.indices[lo:hi:hi], m.data[lo:hi:hi]
}

// Indptr returns a view of the row pointer array (length rows+1).
func (m *CSR) Indptr() []int { return m.indptr }

// Indices returns a view of the column index array (length NNZ).
func (m *CSR) Indices() []int { return m.indices }

// Data returns a view of the value array (length NNZ). Writing into it changes
// the matrix; call no product concurrently with such writes.
func (m *CSR) Data() []float64 {
	m.trans.Store(nil)
	return m.data
}

// Raw returns views of the three arrays behind m (row pointers, column
// indices, values) for reading, in O(1). Unlike Data it keeps the transpose
// cached by Transpose, so products can read m every iteration without
// making the next Transpose rebuild it; the slices must not be modified.
func (m *CSR) Raw() (indptr, indices []int, data []float64) {
	return m.indptr, m.indices, m.data
}

// Clone returns a deep copy of m in O(nnz).
func (m *CSR) Clone() *CSR {
	return &CSR{
		rows:    m.rows,
		cols:    m.cols,
		indptr:  append([]int(nil), m.indptr...),
		indices: append([]int(nil), m.indices...),
		data:    append([]float64(nil), m.data...),
	}
}

// Transpose returns the c×r CSR form of mᵀ, built by a counting sort in
// O(r + c + nnz) and cached: later calls return the same matrix until m is
// changed through ScaleRows, ScaleCols or Data. The result must not be
// modified.
func (m *CSR) Transpose() *CSR {
	if t := m.trans.Load(); t != nil {
		return t
	}
	nnz := m.NNZ()
	indptr := make([]int, m.cols+1)
	for _, j := range m.indices {
		indptr[j+1]++
	}
	for j := 0; j < m.cols; j++ {
		indptr[j+1] += indptr[j]
	}
	next := append([]int(nil), indptr[:m.cols]...)
	indices := make([]int, nnz)
	data := make([]float64, nnz)
	for i := 0; i < m.rows; i++ {
		for k := m.indptr[i]; k < m.indptr[i+1]; k++ {
			j := m.indices[k]
			p := next[j]
			indices[p] = i
			data[p] = m.data[k]
			next[j]++
		}
	}
	t := &CSR{rows: m.cols, cols: m.rows, indptr: indptr, indices: indices, data: data}
	t.trans.Store(m)
	m.trans.Store(t)
	return t
}

// ToDense returns the r×c dense form of m in O(r·c). A matrix with no rows
// or no columns gives an empty (zero-value) mat.Dense.
func (m *CSR) ToDense() *mat.Dense {
	if m.rows == 0 || m.cols == 0 {
		return &mat.Dense{}
	}
	d := mat.NewDense(m.rows, m.cols, nil)
	for i := 0; i < m.rows; i++ {
		row := d.RawRowView(i)
		for k := m.indptr[i]; k < m.indptr[i+1]; k++ {
			row[m.indices[k]] = m.data[k]
		}
	}
	return d
}

// ScaleRows multiplies row i of m by f[i], in place, in O(nnz).
// It panics if len(f) is not the number of rows.
func (m *CSR) ScaleRows(f []float64) {
	if len(f) != m.rows {
		panic("sparse: ScaleRows length mismatch")
	}
	m.trans.Store(nil)
	for i := 0; i < m.rows; i++ {
		for k := m.indptr[i]; k < m.indptr[i+1]; k++ {
			m.data[k] *= f[i]
		}
	}
}

// ScaleCols multiplies column j of m by f[j], in place, in O(nnz).
// It panics if len(f) is not the number of columns.
func (m *CSR) ScaleCols(f []float64) {
	if len(f) != m.cols {
		panic("sparse: ScaleCols length mismatch")
	}
	m.trans.Store(nil)
	for k, j := range m.indices {
		m.data[k] *= f[j]
	}
}

// HasNegative reports whether any stored entry is negative, in O(nnz).
func (m *CSR) HasNegative() bool {
	for _, v := range m.data {
		if v < 0 {
			return true
		}
	}
	return false
}

// IsFinite reports whether every stored entry is finite (no NaN or ±Inf),
// in O(nnz).
func (m *CSR) IsFinite() bool {
	for _, v := range m.data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
