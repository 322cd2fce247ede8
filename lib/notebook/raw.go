package notebook

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"unsafe"
)

// littleEndian reports whether float64s are stored little-endian in memory,
// in which case raw values are written and read without conversion.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// writeFloats writes v as little-endian float64 bits.
func writeFloats(w io.Writer, v []float64) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
		return err
	}
	buf := make([]byte, 0, 8*4096)
	for i, x := range v {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		if len(buf) == cap(buf) || i == len(v)-1 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return nil
}

// readFloats fills v from little-endian float64 bits.
func readFloats(r io.Reader, v []float64) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := io.ReadFull(r, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
		return err
	}
	buf := make([]byte, 8*4096)
	for len(v) > 0 {
		n := min(len(v), 4096)
		if _, err := io.ReadFull(r, buf[:8*n]); err != nil {
			return err
		}
		for i := range n {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
		}
		v = v[n:]
	}
	return nil
}

func writeUints(w io.Writer, u ...uint64) error {
	buf := make([]byte, 0, 8*len(u))
	for _, x := range u {
		buf = binary.LittleEndian.AppendUint64(buf, x)
	}
	_, err := w.Write(buf)
	return err
}

func readUints(r io.Reader, u []uint64) error {
	buf := make([]byte, 8*len(u))
	if _, err := io.ReadFull(r, buf); err != nil {
		return err
	}
	for i := range u {
		u[i] = binary.LittleEndian.Uint64(buf[8*i:])
	}
	return nil
}

// maxElems bounds the sizes read from a header, so a corrupt file gives
// an error instead of a huge allocation.
const maxElems = 1 << 36

var errCorrupt = errors.New("corrupt stored matrix header")

// denseRows writes a rows×cols row-major matrix held with the given stride.
func writeDense(w io.Writer, rows, cols, stride int, data []float64) error {
	if err := writeUints(w, uint64(rows), uint64(cols)); err != nil {
		return err
	}
	if stride == cols {
		return writeFloats(w, data[:rows*cols])
	}
	for i := 0; i < rows; i++ {
		if err := writeFloats(w, data[i*stride:i*stride+cols]); err != nil {
			return err
		}
	}
	return nil
}

func readDense(r io.Reader) (rows, cols int, data []float64, err error) {
	var h [2]uint64
	if err := readUints(r, h[:]); err != nil {
		return 0, 0, nil, err
	}
	if h[0] > maxElems || h[1] > maxElems || h[0]*h[1] > maxElems {
		return 0, 0, nil, errCorrupt
	}
	rows, cols = int(h[0]), int(h[1])
	data = make([]float64, rows*cols)
	return rows, cols, data, readFloats(r, data)
}
