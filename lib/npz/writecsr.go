package npz

import (
	"math"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// byteString is a NumPy byte string scalar (dtype |Sn, shape ()), such as
// the b'csr' of format.npy; only WriteCSR writes one.
type byteString string

// WriteCSR writes m to path as scipy.sparse.save_npz(path, m, compressed)
// does, so that scipy.sparse.load_npz reads it back and ReadCSR too: the
// members indices, indptr, format (b'csr'), shape and data, in save_npz's
// order, with indices and indptr as int32 when every index fits (SciPy's
// choice) and int64 otherwise, shape as int64 and data as float64. The
// write is atomic (see Writer): path is either the whole new file or what
// it was before. The cost is O(rows + nnz), plus deflation when compress.
func WriteCSR(path string, m *sparse.CSR, compress bool) error {
	r, c := m.Dims()
	indptr, indices, data := m.Raw()
	w, err := Create(path, compress)
	if err != nil {
		return err
	}
	if max(r, c, len(data)) <= math.MaxInt32 {
		w.Write("indices", []int{len(indices)}, toInt32(indices))
		w.Write("indptr", []int{len(indptr)}, toInt32(indptr))
	} else {
		w.Write("indices", []int{len(indices)}, indices)
		w.Write("indptr", []int{len(indptr)}, indptr)
	}
	w.Write("format", nil, byteString("csr"))
	w.Write("shape", []int{2}, []int{r, c})
	w.Write("data", []int{len(data)}, data)
	return w.Close() // reports, and cleans up after, the first failed Write
}

// toInt32 narrows v, whose values the caller has checked to fit.
func toInt32(v []int) []int32 {
	out := make([]int32, len(v))
	for i, x := range v {
		out[i] = int32(x)
	}
	return out
}
