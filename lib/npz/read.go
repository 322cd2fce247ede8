package npz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"codeberg.org/sbinet/npyio/npy"
)

// ReadNpy reads the array in the .npy file at path (numpy.save's format,
// versions 1, 2 and 3). Cost: O(file size), one pass.
func ReadNpy(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	a, err := readArray(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %w", path, err)
	}
	return a, nil
}

// chunk is the size of the buffer elements are decoded through.
const chunk = 1 << 20

// readArray reads one .npy stream of at most size bytes (the file's or the
// zip member's uncompressed size), checking that it holds exactly the
// elements its header promises.
func readArray(r io.Reader, size int64) (*Array, error) {
	hdr, hlen, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	t, err := parseDtype(hdr.Descr.Type)
	if err != nil {
		return nil, err
	}
	a := &Array{Dtype: hdr.Descr.Type, Shape: hdr.Descr.Shape}
	n := 1
	for _, d := range a.Shape {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", a.Shape)
		}
		if d != 0 && n > math.MaxInt/d/t.size {
			return nil, fmt.Errorf("shape %v is too large", a.Shape)
		}
		n *= d
	}
	want := int64(n) * int64(t.size)
	if size >= 0 && want > size-hlen {
		return nil, fmt.Errorf("truncated: the header promises %d elements of %d bytes (%d bytes) but only %d bytes follow it", n, t.size, want, size-hlen)
	}
	if done, err := readNative(r, a, t, n); done || err != nil {
		if err != nil {
			return nil, err
		}
	} else if err := readChunks(r, a, t, n, want); err != nil {
		return nil, err
	}
	// Read to the end: a zip member's checksum is verified there, and
	// anything after the elements means the header is wrong.
	var one [1]byte
	if k, err := io.ReadFull(r, one[:]); k > 0 {
		return nil, fmt.Errorf("corrupt: bytes follow the %d elements the header promises", n)
	} else if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if hdr.Descr.Fortran {
		if err := a.toCOrder(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// readChunks decodes the n elements (want bytes) of a through a buffer.
func readChunks(r io.Reader, a *Array, t dtype, n int, want int64) error {
	switch t.kind {
	case kFloat:
		a.Float = make([]float64, 0, n)
	case kInt, kUint:
		a.Int = make([]int, 0, n)
	case kBytes:
		a.Bytes = make([]byte, 0, want)
	}
	buf := make([]byte, min(int64(chunk), max(want, 1)))
	buf = buf[:len(buf)/t.size*t.size]
	for left := want; left > 0; {
		p := buf[:min(int64(len(buf)), left)]
		if _, err := io.ReadFull(r, p); err != nil {
			return truncated(err, left, want)
		}
		if err := t.decode(a, p); err != nil {
			return err
		}
		left -= int64(len(p))
	}
	return nil
}

func truncated(err error, left, want int64) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated: %d of the %d bytes of elements are missing", left, want)
	}
	return err
}

// readNative reads float64 and int64 elements straight into the result's
// memory when the machine's layout is the file's (little-endian, 64-bit
// int), saving a decoding pass; it reports whether it did.
func readNative(r io.Reader, a *Array, t dtype, n int) (bool, error) {
	if !littleEndian || t.size != 8 || n == 0 || (t.kind != kFloat && (t.kind != kInt || strconv.IntSize != 64)) {
		return false, nil
	}
	var p []byte
	if t.kind == kFloat {
		a.Float = make([]float64, n)
		p = unsafe.Slice((*byte)(unsafe.Pointer(&a.Float[0])), 8*n)
	} else {
		a.Int = make([]int, n)
		p = unsafe.Slice((*byte)(unsafe.Pointer(&a.Int[0])), 8*n)
	}
	if k, err := io.ReadFull(r, p); err != nil {
		return true, truncated(err, int64(len(p)-k), int64(len(p)))
	}
	return true, nil
}

// littleEndian reports whether this machine stores the low byte first.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// maxHeader bounds the header length a file may claim (numpy writes a few
// hundred bytes; its own reader refuses more than 10,000 by default).
const maxHeader = 1 << 20

// readHeader reads the magic string, version and header dict, checks their
// form, and parses the dict with npyio. It returns the header and the
// number of bytes it consumed.
func readHeader(r io.Reader) (hdr npy.Header, n int64, err error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return hdr, 0, fmt.Errorf("not an .npy array (too short): %w", err)
	}
	if !bytes.Equal(pre[:6], npy.Magic[:]) {
		return hdr, 0, errors.New("not an .npy array (no \\x93NUMPY magic string)")
	}
	var hlen int
	lenBytes := pre[6:8:8]
	switch pre[6] {
	case 1:
		var l [2]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return hdr, 0, fmt.Errorf("truncated header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint16(l[:]))
		lenBytes = append(lenBytes, l[:]...)
	case 2, 3:
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return hdr, 0, fmt.Errorf("truncated header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(l[:]))
		lenBytes = append(lenBytes, l[:]...)
	default:
		return hdr, 0, fmt.Errorf("unknown .npy format version %d.%d", pre[6], pre[7])
	}
	if hlen > maxHeader {
		return hdr, 0, fmt.Errorf("corrupt: header length %d", hlen)
	}
	dict := make([]byte, hlen)
	if _, err := io.ReadFull(r, dict); err != nil {
		return hdr, 0, fmt.Errorf("truncated header: %w", err)
	}
	if err := checkDict(string(dict)); err != nil {
		return hdr, 0, err
	}
	// npyio reads version 1 and 2 headers; a version 3 header (UTF-8 field
	// names) has the same layout as version 2.
	whole := append([]byte(nil), pre[:6]...)
	if pre[6] == 3 {
		whole = append(whole, 2, 0)
	} else {
		whole = append(whole, pre[6], pre[7])
	}
	whole = append(whole, lenBytes[2:]...)
	whole = append(whole, dict...)
	if hdr, err = parseHeader(whole); err != nil {
		return hdr, 0, err
	}
	t := hdr.Descr.Type
	if len(t) < 2 || (t[0] != '\'' && t[0] != '"') || t[len(t)-1] != t[0] {
		return hdr, 0, fmt.Errorf("dtype %s is not supported (structured arrays are not read)", t)
	}
	hdr.Descr.Type = t[1 : len(t)-1]
	return hdr, int64(len(pre) + len(lenBytes) - 2 + hlen), nil
}

// checkDict checks the shape of the header dict before it is parsed: a
// Python dict literal with the keys descr, fortran_order and shape in
// numpy's (sorted) order, ended by a newline.
func checkDict(d string) error {
	d = strings.TrimRight(d, " \x00")
	if !strings.HasSuffix(d, "\n") {
		return errors.New("corrupt header: it does not end with a newline")
	}
	d = strings.TrimSpace(d)
	if !strings.HasPrefix(d, "{") || !strings.HasSuffix(d, "}") || strings.Count(d, "}") != 1 {
		return fmt.Errorf("corrupt header %q", d)
	}
	i, j, k := strings.Index(d, "'descr': "), strings.Index(d, "'fortran_order': "), strings.Index(d, "'shape': (")
	if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
		return fmt.Errorf("corrupt header %q: want the keys 'descr', 'fortran_order' and 'shape' in that order", d)
	}
	if !strings.HasSuffix(strings.TrimRight(d[:len(d)-1], ", "), ")") {
		return fmt.Errorf("corrupt header %q: the shape is not the last entry", d)
	}
	return nil
}

// parseHeader runs npyio's header parser on a complete preamble, turning
// any failure (or panic on input it does not expect) into an error.
func parseHeader(b []byte) (hdr npy.Header, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt header %q", b)
		}
	}()
	rd, err := npy.NewReader(bytes.NewReader(b))
	if err != nil {
		return hdr, fmt.Errorf("corrupt header: %w", err)
	}
	return rd.Header, nil
}
