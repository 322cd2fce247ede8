package npz

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// ReadCSR reads a sparse matrix saved by scipy.sparse.save_npz (compressed
// or not) as a *sparse.CSR. The archive must hold data.npy, indices.npy,
// indptr.npy (any integer dtype, <i4 or <i8 from SciPy), shape.npy and
// format.npy with b'csr' or b'csc'; a CSC matrix is converted (one
// transpose, O(rows + cols + nnz)). COO, BSR and the other formats are
// refused with the fix, X.tocsr().
//
// It checks what SciPy's own check_format checks: indptr has rows+1
// non-decreasing entries from 0 to nnz, indices and data have nnz entries,
// every index is in [0, cols). Rows whose column indices are not
// increasing are sorted (SciPy's sorted_indices); a repeated index in a
// row is an error (X.sum_duplicates() fixes it). Data must be finite
// (NaN or ±Inf is an error); integer data is converted to float64 when
// exact. Explicit zeros are kept.
//
// Cost: O(file size) to read (data and indices are inflated concurrently)
// plus O(nnz) to check, and O(nnz log nnz) in the worst case for unsorted
// rows. The matrix takes 16 bytes per non-zero (int and float64).
func ReadCSR(path string) (*sparse.CSR, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.CSR()
}

// CSR reads the sparse matrix held by f; see ReadCSR.
func (f *File) CSR() (*sparse.CSR, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("npz: %s: "+format, append([]any{f.path}, args...)...)
	}
	if !f.Has("format") {
		return nil, fail("no format array: not a file written by scipy.sparse.save_npz (it holds %v); a dense array is read with ReadNpy or ReadDense", f.keys)
	}
	fa, err := f.Array("format")
	if err != nil {
		return nil, err
	}
	format := string(fa.Bytes)
	if fa.Bytes == nil {
		return nil, fail("format array has dtype %s, want a byte string such as b'csr'", fa.Dtype)
	}
	if format != "csr" && format != "csc" {
		return nil, fail("sparse format %q is not supported; save X.tocsr() instead", format)
	}
	for _, k := range []string{"shape", "indptr", "indices", "data"} {
		if !f.Has(k) {
			return nil, fail("missing %s array (a %s matrix from scipy.sparse.save_npz has data, indices, indptr, shape and format)", k, format)
		}
	}
	sh, err := f.Array("shape")
	if err != nil {
		return nil, err
	}
	if sh.Int == nil || len(sh.Int) != 2 || sh.Int[0] < 0 || sh.Int[1] < 0 {
		return nil, fail("shape array is %v (dtype %s), want two non-negative integers", sh.Int, sh.Dtype)
	}
	rows, cols := sh.Int[0], sh.Int[1]
	if format == "csc" {
		rows, cols = cols, rows
	}
	// The two large members are inflated at the same time.
	var (
		wg               sync.WaitGroup
		ind, dat, ptr    *Array
		errI, errD, errP error
	)
	wg.Add(2)
	go func() { defer wg.Done(); ind, errI = f.Array("indices") }()
	go func() { defer wg.Done(); dat, errD = f.Array("data") }()
	ptr, errP = f.Array("indptr")
	wg.Wait()
	for _, e := range []error{errP, errI, errD} {
		if e != nil {
			return nil, e
		}
	}
	if ptr.Int == nil || ind.Int == nil {
		return nil, fail("indptr (%s) and indices (%s) must be integer arrays", ptr.Dtype, ind.Dtype)
	}
	indptr, indices := ptr.Int, ind.Int
	data, err := dat.AsFloat()
	if err != nil {
		return nil, fail("data: %v", err)
	}
	if len(ptr.Shape) != 1 || len(ind.Shape) != 1 || len(dat.Shape) != 1 {
		return nil, fail("indptr, indices and data must be 1-D (shapes %v, %v, %v)", ptr.Shape, ind.Shape, dat.Shape)
	}
	if err := checkCSR(rows, cols, indptr, indices, data, format); err != nil {
		return nil, fail("%v", err)
	}
	m, err := sparse.NewCSR(rows, cols, indptr, indices, data)
	if err != nil {
		return nil, fail("%v", err)
	}
	if format == "csc" {
		t := m.Transpose()
		return sparse.NewCSR(cols, rows, t.Indptr(), t.Indices(), t.Data())
	}
	return m, nil
}

// checkCSR checks the structure and values, sorting unsorted rows in
// place, so that sparse.NewCSR accepts the arrays.
func checkCSR(rows, cols int, indptr, indices []int, data []float64, format string) error {
	major, minor := "row", "column"
	if format == "csc" {
		major, minor = "column", "row"
	}
	if len(indptr) != rows+1 {
		return fmt.Errorf("indptr has %d entries, but a matrix with %d %ss needs %d", len(indptr), rows, major, rows+1)
	}
	if indptr[0] != 0 {
		return fmt.Errorf("indptr starts at %d, want 0", indptr[0])
	}
	for i := 0; i < rows; i++ {
		if indptr[i+1] < indptr[i] {
			return fmt.Errorf("indptr decreases at %s %d (%d > %d)", major, i, indptr[i], indptr[i+1])
		}
	}
	nnz := indptr[rows]
	if len(indices) != nnz || len(data) != nnz {
		return fmt.Errorf("indptr ends at %d but indices has %d entries and data %d", nnz, len(indices), len(data))
	}
	for p, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("data[%d] is %v; replace NaN and Inf before saving (for example X.data = numpy.nan_to_num(X.data))", p, v)
		}
	}
	for i := 0; i < rows; i++ {
		lo, hi := indptr[i], indptr[i+1]
		idx := indices[lo:hi]
		sorted := true
		for q, j := range idx {
			if j < 0 || j >= cols {
				return fmt.Errorf("%s %d has %s index %d, outside [0, %d)", major, i, minor, j, cols)
			}
			if q > 0 && j <= idx[q-1] {
				sorted = false
			}
		}
		if !sorted {
			sortRow(idx, data[lo:hi])
			for q := 1; q < len(idx); q++ {
				if idx[q] == idx[q-1] {
					return fmt.Errorf("%s %d holds %s %d twice; call X.sum_duplicates() before saving", major, i, minor, idx[q])
				}
			}
		}
	}
	return nil
}

// sortRow sorts one row's indices, carrying the values along.
func sortRow(idx []int, val []float64) {
	perm := make([]int, len(idx))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return idx[perm[a]] < idx[perm[b]] })
	ci, cv := slices.Clone(idx), slices.Clone(val)
	for q, p := range perm {
		idx[q], val[q] = ci[p], cv[p]
	}
}
