package npz

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	kflate "github.com/klauspost/compress/flate"
	"gonum.org/v1/gonum/mat"
)

// Writer writes arrays into a new .npz archive that numpy.load reads. The
// archive is built in a temporary file beside the target and renamed over
// it by Close, so the target is either the complete new file or what it
// was before; Abort (or a failed Close) removes the temporary file.
//
// Members are stored uncompressed (numpy.savez) unless Compress was asked
// for (numpy.savez_compressed, deflate at its fastest level). The output
// is deterministic: the same arrays give the same bytes.
type Writer struct {
	target, tmp string
	f           *os.File
	buf         *bufio.Writer
	z           *zip.Writer
	compress    bool
	names       map[string]bool
	err         error
}

// Create starts an .npz archive that Close will move to path: it creates
// the temporary file (.NAME.PID-RANDOM.part) in path's folder, so that the final
// rename cannot cross file systems. Cost O(1).
func Create(path string, compress bool) (*Writer, error) {
	f, err := createTemp(path)
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	w := &Writer{target: path, tmp: f.Name(), f: f, compress: compress, names: map[string]bool{}}
	w.buf = bufio.NewWriterSize(f, 1<<20)
	w.z = zip.NewWriter(w.buf)
	w.z.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return kflate.NewWriter(out, kflate.BestSpeed)
	})
	return w, nil
}

// Write adds the array data, of the given shape, under name (numpy.load's
// key; ".npy" is appended in the archive). data is a []float64, []float32,
// []int, []int64 or []int32 in C order with as many elements as the shape
// holds; ints are written as int64. An error (a repeated or empty name, a
// length that does not match the shape, a failed write) makes Close fail
// and remove the temporary file. Cost: O(len(data)).
func (w *Writer) Write(name string, shape []int, data any) error {
	if w.err != nil {
		return w.err
	}
	w.err = w.write(name, shape, data)
	return w.err
}

// Dense adds the r×c matrix m under name as a C-order float64 array.
// Cost: O(r·c).
func (w *Writer) Dense(name string, m mat.Matrix) error {
	r, c := m.Dims()
	v := make([]float64, 0, r*c)
	if d, ok := m.(*mat.Dense); ok {
		for i := 0; i < r; i++ {
			v = append(v, d.RawRowView(i)...)
		}
	} else {
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v = append(v, m.At(i, j))
			}
		}
	}
	return w.Write(name, []int{r, c}, v)
}

func (w *Writer) write(name string, shape []int, data any) error {
	if name == "" || strings.ContainsAny(name, "/\\") {
		return fmt.Errorf("npz: array name %q: want a non-empty name without slashes", name)
	}
	if w.names[name] {
		return fmt.Errorf("npz: array %q written twice", name)
	}
	w.names[name] = true
	if _, err := describe(shape, data); err != nil {
		return fmt.Errorf("npz: %s: %w", name, err)
	}
	method := zip.Store
	if w.compress {
		method = zip.Deflate
	}
	out, err := w.z.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: method})
	if err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	if err := writeRaw(out, shape, data); err != nil {
		return fmt.Errorf("npz: %s: %w", name, err)
	}
	return nil
}

// describe checks that data is a supported slice with as many elements as
// shape holds and returns its dtype.
func describe(shape []int, data any) (string, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return "", fmt.Errorf("negative dimension in shape %v", shape)
		}
		n *= d
	}
	var descr string
	var length int
	switch v := data.(type) {
	case []float64:
		descr, length = "<f8", len(v)
	case []float32:
		descr, length = "<f4", len(v)
	case []int:
		descr, length = "<i8", len(v)
	case []int64:
		descr, length = "<i8", len(v)
	case []int32:
		descr, length = "<i4", len(v)
	case byteString:
		// numpy gives b'' the dtype |S1, one zero byte.
		descr, length = fmt.Sprintf("|S%d", max(len(v), 1)), 1
	default:
		return "", fmt.Errorf("cannot write a %T; want []float64, []float32, []int, []int64 or []int32", data)
	}
	if length != n {
		return "", fmt.Errorf("%d elements for shape %v, which holds %d", length, shape, n)
	}
	return descr, nil
}

// writeRaw writes the .npy form of data (header, then little-endian
// elements) to out.
func writeRaw(out io.Writer, shape []int, data any) error {
	descr, err := describe(shape, data)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(out, npyHeader(descr, shape)); err != nil {
		return err
	}
	b := make([]byte, 0, 1<<16)
	put := func(n int, f func(b []byte, i int) []byte) error {
		for i := 0; i < n; i++ {
			b = f(b, i)
			if len(b) > cap(b)-8 || i == n-1 {
				if _, err := out.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		return nil
	}
	le := binary.LittleEndian
	switch v := data.(type) {
	case []float64:
		return put(len(v), func(b []byte, i int) []byte { return le.AppendUint64(b, math.Float64bits(v[i])) })
	case []float32:
		return put(len(v), func(b []byte, i int) []byte { return le.AppendUint32(b, math.Float32bits(v[i])) })
	case []int:
		return put(len(v), func(b []byte, i int) []byte { return le.AppendUint64(b, uint64(v[i])) })
	case []int64:
		return put(len(v), func(b []byte, i int) []byte { return le.AppendUint64(b, uint64(v[i])) })
	case []int32:
		return put(len(v), func(b []byte, i int) []byte { return le.AppendUint32(b, uint32(v[i])) })
	case byteString:
		if len(v) == 0 {
			v = "\x00"
		}
		_, err := io.WriteString(out, string(v))
		return err
	}
	return nil
}

// npyHeader returns the version 1.0 preamble and header dict of an array,
// padded with spaces to a multiple of 64 bytes as numpy.save pads it.
func npyHeader(descr string, shape []int) string {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, tuple)
	total := 10 + len(dict) + 1
	dict += strings.Repeat(" ", (64-total%64)%64) + "\n"
	return "\x93NUMPY\x01\x00" + string([]byte{byte(len(dict)), byte(len(dict) >> 8)}) + dict
}

// createTemp creates a new file .BASE.N.part beside path with mode 0644
// less the umask, as numpy.save's files get (os.CreateTemp's are 0600).
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	for try := 0; ; try++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d-%d.part", base, os.Getpid(), rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil || !errors.Is(err, fs.ErrExist) || try == 100 {
			return f, err
		}
	}
}

// Close finishes the archive, flushes it to disk (fsync) and renames it to
// the target; cost: the flush. After an earlier error, or if finishing fails, it removes the
// temporary file and returns the error; the target is then untouched.
func (w *Writer) Close() error {
	if w.f == nil {
		return errors.New("npz: Writer already closed")
	}
	err := w.err
	if err == nil {
		err = w.z.Close()
	}
	if err == nil {
		err = w.buf.Flush()
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	if err == nil {
		err = os.Rename(w.tmp, w.target)
	}
	if err != nil {
		os.Remove(w.tmp)
		if !strings.HasPrefix(err.Error(), "npz:") {
			err = fmt.Errorf("npz: writing %s: %w", w.target, err)
		}
		return err
	}
	return nil
}

// Abort discards the archive: it closes and removes the temporary file and
// leaves the target untouched. It does nothing after Close.
func (w *Writer) Abort() {
	if w.f == nil {
		return
	}
	w.f.Close()
	os.Remove(w.tmp)
	w.f = nil
}

// WriteNpy writes one array to the .npy file at path (numpy.save's
// format, version 1.0, C order), atomically like Writer. data is as for
// Writer.Write. Cost: O(len(data)).
func WriteNpy(path string, shape []int, data any) error {
	f, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<20)
	err = writeRaw(bw, shape, data)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		if !strings.HasPrefix(err.Error(), "npz:") {
			err = fmt.Errorf("npz: writing %s: %w", path, err)
		}
	}
	return err
}
