package notebook

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// EnvCacheDir names the environment variable that overrides Dir.
const EnvCacheDir = "TOPICMODEL_NOTEBOOK_CACHE"

// formatVersion is written in every stored file; a file written with
// another version reads as missing, so a change of format recomputes.
const formatVersion = 1

const magic = "topicmodel/notebook\n"

// ErrNotStored is wrapped by the error Get returns when no value has the
// requested name.
var ErrNotStored = errors.New("notebook: value not stored")

// Dir returns the directory that holds stored values: $TOPICMODEL_NOTEBOOK_CACHE
// if set; else, inside a GoNB kernel, a folder in the kernel's temporary
// directory ($GONB_TMP_DIR), which GoNB removes when the kernel stops; else
// os.UserCacheDir()/topicmodel/notebook.
func Dir() (string, error) {
	if d := os.Getenv(EnvCacheDir); d != "" {
		return d, nil
	}
	if d := os.Getenv("GONB_TMP_DIR"); d != "" {
		return filepath.Join(d, "topicmodel-values"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("notebook: no cache directory (%v): set %s to a writable folder", err, EnvCacheDir)
	}
	return filepath.Join(d, "topicmodel", "notebook"), nil
}

// fileFor maps a name to its file: the name with unsafe characters replaced,
// plus a hash of the exact name so that distinct names never collide.
func fileFor(name string) (string, error) {
	if name == "" {
		return "", errors.New("notebook: empty name: give each stored value a name such as \"vectors\"")
	}
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	if len(safe) > 64 {
		safe = safe[:64]
	}
	h := sha256.Sum256([]byte(name))
	return filepath.Join(dir, safe+"-"+hex.EncodeToString(h[:6])+".val"), nil
}

// Value kinds in the file header.
const (
	kindGob   byte = 'g'
	kindDense byte = 'd'
	kindVec   byte = 'v'
	kindCSR   byte = 'c'
)

// Keep stores v under name, replacing any value stored before, so that
// later cells can read it with Get. The file is written to a temporary name
// and renamed, so a reader never sees half a value. *mat.Dense,
// *mat.VecDense and *sparse.CSR are written raw (8 bytes a value);
// other types go through encoding/gob and need exported fields.
// Cost: one pass over the value's bytes.
func Keep(name string, v any) error {
	path, err := fileFor(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("notebook: cannot create the value store: %w (set %s to a writable folder)", err, EnvCacheDir)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("notebook: storing %q: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := encode(w, v); err != nil {
		tmp.Close()
		return fmt.Errorf("notebook: storing %q: %w", name, err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("notebook: storing %q: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("notebook: storing %q: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("notebook: storing %q: %w", name, err)
	}
	return nil
}

// Get returns the value stored under name by Keep or Cached. If there is
// none (the cell that computes it has not run in this kernel), the error
// wraps ErrNotStored and says so. T must be the type that was stored.
func Get[T any](name string) (T, error) {
	var out T
	path, err := fileFor(name)
	if err != nil {
		return out, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out, fmt.Errorf("%w: nothing is stored under %q yet: run the cell above that computes it (it calls notebook.Keep or notebook.Cached with that name)", ErrNotStored, name)
	}
	if err != nil {
		return out, fmt.Errorf("notebook: reading %q: %w", name, err)
	}
	defer f.Close()
	if err := decode(bufio.NewReaderSize(f, 1<<20), &out); err != nil {
		if errors.Is(err, errVersion) {
			return out, fmt.Errorf("%w: %q was stored by another version of this package: run the cell that computes it again", ErrNotStored, name)
		}
		return out, fmt.Errorf("notebook: reading %q: %w", name, err)
	}
	return out, nil
}

// Cached returns the value stored under name, or, when there is none (or
// it cannot be read back), calls compute, stores its result with Keep and
// returns it. An error from compute is returned as is and nothing is stored.
// A failure to store is returned together with the computed value.
func Cached[T any](name string, compute func() (T, error)) (T, error) {
	if v, err := Get[T](name); err == nil {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	return v, Keep(name, v)
}

// Forget removes the value stored under name, if any.
func Forget(name string) error {
	path, err := fileFor(name)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("notebook: forgetting %q: %w", name, err)
	}
	return nil
}

var errVersion = errors.New("notebook: stored with another format version")

func writeHeader(w io.Writer, kind byte) error {
	if _, err := io.WriteString(w, magic); err != nil {
		return err
	}
	_, err := w.Write([]byte{formatVersion, kind})
	return err
}

func encode(w io.Writer, v any) error {
	switch x := v.(type) {
	case *mat.Dense:
		if x == nil || x.IsEmpty() {
			break // gob handles nil and empty the ordinary way
		}
		if err := writeHeader(w, kindDense); err != nil {
			return err
		}
		raw := x.RawMatrix()
		return writeDense(w, raw.Rows, raw.Cols, raw.Stride, raw.Data)
	case *mat.VecDense:
		if x == nil || x.IsEmpty() {
			break
		}
		if err := writeHeader(w, kindVec); err != nil {
			return err
		}
		raw := x.RawVector()
		if raw.Inc == 1 {
			return writeDense(w, raw.N, 1, 1, raw.Data)
		}
		v := make([]float64, raw.N)
		for i := range v {
			v[i] = x.AtVec(i)
		}
		return writeDense(w, raw.N, 1, 1, v)
	case *sparse.CSR:
		if x == nil {
			return errors.New("cannot store a nil *sparse.CSR")
		}
		if err := writeHeader(w, kindCSR); err != nil {
			return err
		}
		return writeCSR(w, x)
	}
	if err := writeHeader(w, kindGob); err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(v)
}

func decode(r io.Reader, out any) error {
	head := make([]byte, len(magic)+2)
	if _, err := io.ReadFull(r, head); err != nil {
		return fmt.Errorf("truncated file: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return errors.New("not a stored notebook value")
	}
	if head[len(magic)] != formatVersion {
		return errVersion
	}
	kind := head[len(magic)+1]
	switch kind {
	case kindDense:
		p, ok := out.(**mat.Dense)
		if !ok {
			return fmt.Errorf("the stored value is a *mat.Dense, not a %T", derefType(out))
		}
		r, c, data, err := readDense(r)
		if err != nil {
			return err
		}
		*p = mat.NewDense(r, c, data)
		return nil
	case kindVec:
		p, ok := out.(**mat.VecDense)
		if !ok {
			return fmt.Errorf("the stored value is a *mat.VecDense, not a %T", derefType(out))
		}
		n, c, data, err := readDense(r)
		if err != nil {
			return err
		}
		if c != 1 {
			return errCorrupt
		}
		*p = mat.NewVecDense(n, data)
		return nil
	case kindCSR:
		p, ok := out.(**sparse.CSR)
		if !ok {
			return fmt.Errorf("the stored value is a *sparse.CSR, not a %T", derefType(out))
		}
		m, err := readCSR(r)
		if err != nil {
			return err
		}
		*p = m
		return nil
	case kindGob:
		if err := gob.NewDecoder(r).Decode(out); err != nil {
			return fmt.Errorf("decoding a %s: %w", derefType(out), err)
		}
		return nil
	}
	return fmt.Errorf("unknown value kind %q", kind)
}

func derefType(p any) string { return strings.TrimPrefix(fmt.Sprintf("%T", p), "*") }

// writeCSR writes rows, cols, nnz, then indptr and indices (as uint64)
// and data (float64 bits), little-endian.
func writeCSR(w io.Writer, m *sparse.CSR) error {
	r, c := m.Dims()
	nnz := m.NNZ()
	if err := writeUints(w, uint64(r), uint64(c), uint64(nnz)); err != nil {
		return err
	}
	for _, s := range [][]int{m.Indptr()[:r+1], m.Indices()[:nnz]} {
		u := make([]uint64, len(s))
		for i, v := range s {
			u[i] = uint64(v)
		}
		if err := writeUints(w, u...); err != nil {
			return err
		}
	}
	return writeFloats(w, m.Data()[:nnz])
}

func readCSR(r io.Reader) (*sparse.CSR, error) {
	var h [3]uint64
	if err := readUints(r, h[:]); err != nil {
		return nil, err
	}
	if h[0] > maxElems || h[1] > maxElems || h[2] > maxElems {
		return nil, errCorrupt
	}
	rows, cols, nnz := int(h[0]), int(h[1]), int(h[2])
	u := make([]uint64, rows+1+nnz)
	if err := readUints(r, u); err != nil {
		return nil, err
	}
	indptr := make([]int, rows+1)
	for i := range indptr {
		indptr[i] = int(u[i])
	}
	indices := make([]int, nnz)
	for i := range indices {
		indices[i] = int(u[rows+1+i])
	}
	data := make([]float64, nnz)
	if err := readFloats(r, data); err != nil {
		return nil, err
	}
	return sparse.NewCSR(rows, cols, indptr, indices, data)
}
