package beam

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Shard is one part of a sharded corpus: shard Index of a corpus read in
// index order. It is a pipeline element, so its fields are exported.
//
// A shard holds its documents in one of three forms, read in this order:
//
//   - "jsonl": a JSON Lines file, one object per line with the text in
//     TextField, in file order (datasets/files.ReadJSONL);
//   - "lines": a text file with one document per line: the text is split
//     at each "\n", one "\r" ending a line is removed, and a final "\n" ends
//     the last line rather than starting an empty document, so document j
//     is line j+1 (an empty line is an empty document);
//   - "folder": a folder holding one file per document, in the order of
//     Python's sorted() on the names (datasets/files.ReadFolder).
//
// Shards given as the category folders of a LoadFolder tree, in sorted
// order, therefore make the corpus files.LoadFolder(tree,
// FolderOptions{NoShuffle: true}) loads. LoadFolder's default shuffle
// permutes documents across categories, which no split into shards read
// in order can reproduce: shuffle before sharding, or vectorize the
// unshuffled corpus (the vocabulary does not depend on the order; the
// rows are the same rows, permuted).
type Shard struct {
	// Index is the shard's place in the corpus, from 0.
	Index int
	// Path is the file or folder holding the documents.
	Path string
	// Format is "jsonl", "lines" or "folder"; empty means "folder" when
	// Path is a folder and "jsonl" otherwise.
	Format string
	// TextField is the key of a JSON Lines document's text; empty means
	// "text".
	TextField string
	// Encoding decodes "lines" and "folder" shards: "utf-8" (the default
	// when empty, invalid bytes replaced as Python's errors="replace"
	// does) or "latin-1" (datasets/files.ParseEncoding's names). JSON
	// Lines are UTF-8.
	Encoding string
}

// check returns an error if s names an unknown format or encoding; it
// does not look at the file.
func (s Shard) check() error {
	switch s.Format {
	case "", "jsonl", "lines", "folder":
	default:
		return fmt.Errorf("beam: shard %d: unknown Format %q; use jsonl, lines or folder", s.Index, s.Format)
	}
	if s.Encoding != "" {
		if _, err := files.ParseEncoding(s.Encoding); err != nil {
			return fmt.Errorf("beam: shard %d: %w", s.Index, err)
		}
	}
	return nil
}

// readShard returns the documents of shard s, in order; an empty file or
// folder is a shard without documents. The cost is O(size of the input).
func readShard(s Shard) ([]string, error) {
	docs, err := readShardDocs(s)
	if err != nil {
		return nil, fmt.Errorf("beam: shard %d: %w", s.Index, err)
	}
	return docs, nil
}

func readShardDocs(s Shard) ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	enc := files.UTF8
	if s.Encoding != "" {
		enc, _ = files.ParseEncoding(s.Encoding) // checked
	}
	st, err := os.Stat(s.Path)
	if err != nil {
		return nil, err
	}
	format := s.Format
	if format == "" {
		format = "jsonl"
		if st.IsDir() {
			format = "folder"
		}
	}
	if format == "folder" {
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a folder; a folder shard holds one file per document (Format \"lines\" reads one document per line)", s.Path)
		}
		b, err := files.ReadFolder(s.Path, enc)
		if err != nil {
			return nil, err
		}
		return b.Data, nil
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a %s file (Format \"folder\" reads one document per file)", s.Path, format)
	}
	if format == "lines" {
		b, err := os.ReadFile(s.Path)
		if err != nil {
			return nil, err
		}
		return splitLines(enc.Decode(b)), nil
	}
	if st.Size() == 0 {
		return nil, nil // an empty shard: files.ReadJSONL wants one object at least
	}
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := files.ReadJSONL(f, s.Path, files.JSONLOptions{TextField: s.TextField, NoLabels: true})
	if err != nil {
		return nil, err
	}
	return b.Data, nil
}

// splitLines returns the lines of t as a "lines" shard reads them.
func splitLines(t string) []string {
	if t == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(t, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// ShardPath returns the name of the file holding the rows of shard i of
// n in folder dir: rows-iiiii-of-nnnnn.npz.
func ShardPath(dir string, i, n int) string {
	return filepath.Join(dir, fmt.Sprintf("rows-%05d-of-%05d.npz", i, n))
}

// writeCSR writes m to path as scipy.sparse.save_npz(path, m,
// compressed=False) does (npz.WriteCSR), so that SciPy's load_npz reads a
// row shard. The write is atomic. Cost: O(rows + nnz).
func writeCSR(path string, m *sparse.CSR) error {
	return npz.WriteCSR(path, m, false)
}

// ReadCSR reads a row shard written by a pipeline of this package, or any
// CSR matrix saved by scipy.sparse.save_npz (npz.ReadCSR).
// Cost: O(size of the file).
func ReadCSR(path string) (*sparse.CSR, error) {
	return npz.ReadCSR(path)
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
