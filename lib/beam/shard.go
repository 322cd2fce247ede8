package beam

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Shard is one input file of a sharded corpus: shard Index of a corpus read
// in index order. It is a pipeline element, so its fields are exported.
type Shard struct {
	// Index is the shard's place in the corpus, from 0.
	Index int
	// Path is a JSON Lines file holding one document per line.
	Path string
	// TextField is the key of the document's text; empty means "text".
	TextField string
}

// readShard returns the documents of shard s, in file order; an empty file
// is a shard without documents. The cost is O(size of the file).
func readShard(s Shard) ([]string, error) {
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, fmt.Errorf("beam: shard %d: %w", s.Index, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		return nil, nil // an empty shard: files.ReadJSONL wants one object at least
	}
	b, err := files.ReadJSONL(f, s.Path, files.JSONLOptions{TextField: s.TextField, NoLabels: true})
	if err != nil {
		return nil, fmt.Errorf("beam: shard %d: %w", s.Index, err)
	}
	return b.Data, nil
}

// ShardPath returns the name of the file holding the rows of shard i of
// n in folder dir: rows-iiiii-of-nnnnn.npz.
func ShardPath(dir string, i, n int) string {
	return filepath.Join(dir, fmt.Sprintf("rows-%05d-of-%05d.npz", i, n))
}

// writeCSR writes m to path as an .npz archive with the arrays data,
// indices, indptr and shape of scipy.sparse.save_npz (format.npy, a byte
// string, is not written yet: lib/npz writes only numbers). The write is
// atomic. Cost: O(rows + nnz).
func writeCSR(path string, m *sparse.CSR) error {
	r, c := m.Dims()
	indptr, indices, data := m.Raw()
	w, err := npz.Create(path, false)
	if err != nil {
		return err
	}
	for _, a := range []struct {
		name  string
		shape []int
		data  any
	}{
		{"data", []int{len(data)}, data},
		{"indices", []int{len(indices)}, indices},
		{"indptr", []int{len(indptr)}, indptr},
		{"shape", []int{2}, []int{r, c}},
	} {
		if err := w.Write(a.name, a.shape, a.data); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

// ReadCSR reads a row shard written by a pipeline of this package.
// Cost: O(size of the file).
func ReadCSR(path string) (*sparse.CSR, error) {
	f, err := npz.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	get := func(key string) (*npz.Array, error) {
		a, err := f.Array(key)
		if err != nil {
			return nil, err
		}
		return a, nil
	}
	shape, err := get("shape")
	if err != nil {
		return nil, err
	}
	if len(shape.Int) != 2 {
		return nil, fmt.Errorf("beam: %s: shape has %d integers, want 2", path, len(shape.Int))
	}
	indptr, err := get("indptr")
	if err != nil {
		return nil, err
	}
	indices, err := get("indices")
	if err != nil {
		return nil, err
	}
	data, err := get("data")
	if err != nil {
		return nil, err
	}
	vals, err := data.AsFloat()
	if err != nil {
		return nil, err
	}
	m, err := sparse.NewCSR(shape.Int[0], shape.Int[1], indptr.Int, indices.Int, vals)
	if err != nil {
		return nil, fmt.Errorf("beam: %s: %w", path, err)
	}
	return m, nil
}

// ReadRows reads the row shards at paths and stacks them, in the order
// given, into one matrix: the in-memory matrix of the whole corpus, for tests
// and for corpora that fit in memory. Every shard must have the same number
// of columns. Cost: O(total size of the files).
func ReadRows(paths []string) (*sparse.CSR, error) {
	if len(paths) == 0 {
		return nil, errors.New("beam: ReadRows: no shards")
	}
	var (
		indptr  = []int{0}
		indices []int
		data    []float64
		rows    int
		cols    = -1
	)
	for _, p := range paths {
		m, err := ReadCSR(p)
		if err != nil {
			return nil, err
		}
		r, c := m.Dims()
		if cols >= 0 && c != cols {
			return nil, fmt.Errorf("beam: ReadRows: %s has %d columns, the shards before it %d", p, c, cols)
		}
		cols = c
		ip, ix, d := m.Raw()
		base := len(indices)
		for i := 1; i <= r; i++ {
			indptr = append(indptr, base+ip[i])
		}
		indices = append(indices, ix...)
		data = append(data, d...)
		rows += r
	}
	return sparse.NewCSR(rows, cols, indptr, indices, data)
}

// writeEmptyCSR writes a 0×cols shard (a shard without documents).
func writeEmptyCSR(path string, cols int) error {
	m, err := sparse.NewCSR(0, cols, []int{0}, nil, nil)
	if err != nil {
		return err
	}
	return writeCSR(path, m)
}
