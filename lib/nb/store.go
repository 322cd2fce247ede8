package nb

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// EnvStoreDir names the environment variable that overrides StoreDir.
const EnvStoreDir = "TOPICMODEL_NOTEBOOK_CACHE"

// StoreDir returns the folder that holds the values of Var: $TOPICMODEL_NOTEBOOK_CACHE
// if set; else, inside a GoNB kernel, a folder in the kernel's temporary
// directory ($GONB_TMP_DIR), which GoNB removes when the kernel stops, so a
// restarted kernel starts fresh; else os.UserCacheDir()/topicmodel/notebook.
func StoreDir() (string, error) {
	if d := os.Getenv(EnvStoreDir); d != "" {
		return d, nil
	}
	if d := os.Getenv("GONB_TMP_DIR"); d != "" {
		return filepath.Join(d, "topicmodel-values"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (%v): set %s to a writable folder", err, EnvStoreDir)
	}
	return filepath.Join(d, "topicmodel", "notebook"), nil
}

// openWaitTimeout bounds how long a load waits for another live process
// that holds a value open for writing (a cell still running elsewhere).
var openWaitTimeout = 30 * time.Second

// store is the folder of stored values. Each value is one file, written to
// a temporary name and renamed, so a reader never sees half a value.
type store struct{ dir string }

var cleanOnce sync.Once

func openStore() (*store, error) {
	dir, err := StoreDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the value store: %w (set %s to a writable folder)", err, EnvStoreDir)
	}
	cleanOnce.Do(func() { removeStale(dir) })
	return &store{dir: dir}, nil
}

// path maps a variable name to its file: the name with unsafe characters
// replaced, plus a hash of the exact name so that names never collide.
func (s *store) path(name string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
	if len(safe) > 64 {
		safe = safe[:64]
	}
	h := hash16([]byte(name))
	return filepath.Join(s.dir, fmt.Sprintf("%s-%x.val", safe, h[:6]))
}

// meta is what a stored value remembers about where it came from.
type meta struct {
	src, prog [16]byte
	gen       uint64
}

// save stores v under name, atomically. *mat.Dense and []float64 are
// written raw (8 bytes a value), *sparse.CSR as its three arrays, anything
// else with encoding/gob (which needs exported fields). Cost: one pass
// over the value's bytes.
func (s *store) save(name string, v any, m meta) error {
	h, payload, err := encodeValue(v)
	if err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	h.state, h.srcHash, h.prog, h.gen = stateSealed, m.src, m.prog, m.gen
	h.length = uint64(payload.size())
	path := s.path(name)
	tmp, err := createTemp(s.dir)
	if err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name()) // a no-op once renamed
	}()
	h.crc = payload.checksum()
	head := make([]byte, dataOffset)
	copy(head, h.marshal())
	if _, err := tmp.Write(head); err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	if err := payload.writeTo(tmp); err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot keep %s: %w", name, err)
	}
	if h.kind == kindDense {
		writeStamp(path, h.crc) // only mapped matrices are loaded by stamp; this file is ours, just written
	}
	return nil
}

// forget removes the value stored under name, if any.
func (s *store) forget(name string) error {
	path := s.path(name)
	os.Remove(stampPath(path))
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// load reads the value stored under name into a T. It returns
// fs.ErrNotExist when nothing is stored, errFormat for another format
// version, an error wrapping errCorrupt for a damaged file, and an error
// naming both types when the stored value is not a T. A *mat.Dense is
// memory-mapped from the file, shared, so changes a cell makes to it in
// place are there for the next cell (see reseal.go); everything else is
// read and checked in full.
func load[T any](s *store, name string) (T, meta, error) {
	var zero T
	path := s.path(name)
	if _, ok := any(zero).(*mat.Dense); ok {
		d, m, err := mapDense(path)
		if err != nil {
			return zero, m, err
		}
		return any(d).(T), m, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return zero, meta{}, err
	}
	h, err := parseHeader(b, int64(len(b)))
	if err != nil {
		return zero, meta{}, err
	}
	m := h.meta()
	payload := b[dataOffset:]
	if h.state != stateSealed || checksum(payload) != h.crc {
		return zero, m, fmt.Errorf("%w: payload checksum mismatch", errCorrupt)
	}
	v, err := decodeValue[T](h, payload)
	return v, m, err
}

// peekHeader reads and checks the header of the value file at path
// without reading its payload.
func peekHeader(path string) (header, error) {
	f, err := os.Open(path)
	if err != nil {
		return header{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return header{}, err
	}
	b := make([]byte, headerSize)
	if _, err := io.ReadFull(f, b); err != nil && fi.Size() >= headerSize {
		return header{}, err
	}
	return parseHeader(b, fi.Size())
}

// kindName is the Go type each raw kind decodes to, for error messages.
var kindName = map[byte]string{kindDense: "*mat.Dense", kindFloats: "[]float64", kindCSR: "*sparse.CSR"}

// errWrongType reports a stored value of another type than the one asked for.
type errWrongType struct{ stored, want string }

func (e errWrongType) Error() string {
	return fmt.Sprintf("the stored value is a %s, not a %s", e.stored, e.want)
}

func typeName[T any]() string { return reflect.TypeFor[T]().String() }

// decodeValue turns a checked payload into a T.
func decodeValue[T any](h header, payload []byte) (T, error) {
	var out T
	switch h.kind {
	case kindFloats:
		p, ok := any(&out).(*[]float64)
		if !ok {
			return out, errWrongType{kindName[h.kind], typeName[T]()}
		}
		*p = floatsFrom(payload)
		return out, nil
	case kindCSR:
		p, ok := any(&out).(**sparse.CSR)
		if !ok {
			return out, errWrongType{kindName[h.kind], typeName[T]()}
		}
		m, err := csrFrom(h, payload)
		if err != nil {
			return out, err
		}
		*p = m
		return out, nil
	case kindGob:
		if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&out); err != nil {
			return out, fmt.Errorf("%w: decoding a %s: %v", errCorrupt, typeName[T](), err)
		}
		return out, nil
	case kindDense:
		return out, errWrongType{kindName[h.kind], typeName[T]()}
	}
	return out, fmt.Errorf("%w: unknown kind %q", errCorrupt, h.kind)
}

// payload is the body of a value to write: raw float64s, raw uint64s
// followed by float64s, or bytes.
type payload struct {
	ints   []int
	floats []float64
	bytes  []byte
}

func (p payload) size() int { return 8*len(p.ints) + 8*len(p.floats) + len(p.bytes) }

func (p payload) checksum() uint32 {
	var c uint32
	for _, b := range p.chunks() {
		c = crc32Update(c, b)
	}
	return c
}

func (p payload) writeTo(w io.Writer) error {
	for _, b := range p.chunks() {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// chunks returns the payload as byte slices, converting integers to
// little-endian uint64 in blocks.
func (p payload) chunks() [][]byte {
	var out [][]byte
	if len(p.ints) > 0 {
		b := make([]byte, 0, 8*len(p.ints))
		for _, v := range p.ints {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		out = append(out, b)
	}
	if len(p.floats) > 0 {
		out = append(out, floatBytes(p.floats))
	}
	if len(p.bytes) > 0 {
		out = append(out, p.bytes)
	}
	return out
}

// encodeValue returns the header fields and payload of v.
func encodeValue(v any) (header, payload, error) {
	switch x := v.(type) {
	case *mat.Dense:
		if x == nil {
			return header{}, payload{}, errors.New("it is a nil *mat.Dense: return a matrix (mat.NewDense) instead of nil")
		}
		if x.IsEmpty() {
			return header{kind: kindDense}, payload{}, nil
		}
		r, c := x.Dims()
		return header{kind: kindDense, dims: [3]uint64{uint64(r), uint64(c)}}, payload{floats: denseData(x)}, nil
	case []float64:
		return header{kind: kindFloats, dims: [3]uint64{uint64(len(x)), 1}}, payload{floats: x}, nil
	case *sparse.CSR:
		if x == nil {
			return header{}, payload{}, errors.New("it is a nil *sparse.CSR: return a matrix instead of nil")
		}
		r, c := x.Dims()
		nnz := x.NNZ()
		ints := append(append(make([]int, 0, r+1+nnz), x.Indptr()[:r+1]...), x.Indices()[:nnz]...)
		return header{kind: kindCSR, dims: [3]uint64{uint64(r), uint64(c), uint64(nnz)}}, payload{ints: ints, floats: x.Data()[:nnz]}, nil
	}
	if rv := reflect.ValueOf(v); !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return header{}, payload{}, fmt.Errorf("it is a nil %T: return a value instead of nil", v)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return header{}, payload{}, fmt.Errorf("a %T cannot be stored (%v): give it exported fields or GobEncode/GobDecode methods", v, err)
	}
	return header{kind: kindGob}, payload{bytes: buf.Bytes()}, nil
}

// denseData returns the rows×cols values of x in row order, copying only
// when x is a view with a stride.
func denseData(x *mat.Dense) []float64 {
	raw := x.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := 0; i < raw.Rows; i++ {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}

// littleEndian reports whether float64s are little-endian in memory, so
// that raw data is written and mapped without conversion.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// floatBytes returns v's bytes in little-endian order: v's own memory on
// little-endian machines.
func floatBytes(v []float64) []byte {
	if littleEndian {
		return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v))
	}
	b := make([]byte, 0, 8*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// floatsFrom copies little-endian float64s out of b.
func floatsFrom(b []byte) []float64 {
	v := make([]float64, len(b)/8)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

// csrFrom rebuilds a CSR matrix from its payload; sparse.NewCSR checks
// that the index arrays describe a valid matrix.
func csrFrom(h header, b []byte) (*sparse.CSR, error) {
	rows, cols, nnz := int(h.dims[0]), int(h.dims[1]), int(h.dims[2])
	ints := make([]int, rows+1+nnz)
	for i := range ints {
		u := binary.LittleEndian.Uint64(b[8*i:])
		if u > math.MaxInt {
			return nil, fmt.Errorf("%w: index %d out of range", errCorrupt, u)
		}
		ints[i] = int(u)
	}
	data := floatsFrom(b[8*len(ints):])
	m, err := sparse.NewCSR(rows, cols, ints[:rows+1], ints[rows+1:], data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return m, nil
}
