package npz

import (
	"fmt"
	"math"
	"strconv"
)

// Array is one array read from an .npy file or an .npz member, in C
// (row-major) order whatever the order on disk.
//
// Exactly one of Float, Int and Bytes holds the elements: Float for
// floating-point dtypes (float32 widened exactly to float64), Int for
// integer dtypes, Bytes for a fixed-width byte string (dtype |S, such as
// the b'csr' in format.npy of scipy.sparse.save_npz).
type Array struct {
	// Dtype is the dtype as the header gives it, for example "<f8".
	Dtype string
	// Shape is the shape; an empty Shape is a scalar with one element.
	Shape []int
	Float []float64
	Int   []int
	Bytes []byte
}

// Len returns the number of elements, the product of Shape, in
// O(len(Shape)).
func (a *Array) Len() int {
	n := 1
	for _, d := range a.Shape {
		n *= d
	}
	return n
}

// kind is how the elements of a dtype are decoded.
type kind int

const (
	kFloat kind = iota
	kInt
	kUint
	kBytes
)

// dtype is a parsed numeric dtype.
type dtype struct {
	kind kind
	size int // bytes per element
}

// parseDtype parses the descr of a header, already stripped of its quotes,
// and explains what to do with a dtype that is not supported.
func parseDtype(d string) (dtype, error) {
	if d == "" {
		return dtype{}, fmt.Errorf("empty dtype")
	}
	if d[0] == '|' || d[0] == '<' || d[0] == '=' || d[0] == '>' {
		if d[0] == '>' {
			return dtype{}, fmt.Errorf("dtype %s is big-endian; convert it in NumPy with a.astype(a.dtype.newbyteorder('<'))", d)
		}
		d = d[1:]
	}
	if d == "O" {
		return dtype{}, fmt.Errorf("dtype O is an object array, which needs pickle (numpy.load's allow_pickle); it is refused: save a numeric array, for example a.astype('float64')")
	}
	if len(d) < 2 {
		return dtype{}, fmt.Errorf("dtype %q is not supported", d)
	}
	size, err := strconv.Atoi(d[1:])
	if err != nil || size <= 0 {
		return dtype{}, fmt.Errorf("dtype %q is not supported (structured or unknown)", d)
	}
	switch d[0] {
	case 'f':
		if size == 4 || size == 8 {
			return dtype{kFloat, size}, nil
		}
	case 'i':
		if size == 1 || size == 2 || size == 4 || size == 8 {
			return dtype{kInt, size}, nil
		}
	case 'u':
		if size == 1 || size == 2 || size == 4 || size == 8 {
			return dtype{kUint, size}, nil
		}
	case 'S':
		return dtype{kBytes, size}, nil
	}
	return dtype{}, fmt.Errorf("dtype %s is not supported: want float32/float64 or an integer type (convert with a.astype('float64'))", d)
}

// decode appends the elements in p (whole elements, little-endian) to a.
func (t dtype) decode(a *Array, p []byte) error {
	switch t.kind {
	case kFloat:
		if t.size == 8 {
			for i := 0; i+8 <= len(p); i += 8 {
				a.Float = append(a.Float, math.Float64frombits(le64(p[i:])))
			}
		} else {
			for i := 0; i+4 <= len(p); i += 4 {
				a.Float = append(a.Float, float64(math.Float32frombits(le32(p[i:]))))
			}
		}
	case kInt:
		switch t.size {
		case 1:
			for _, b := range p {
				a.Int = append(a.Int, int(int8(b)))
			}
		case 2:
			for i := 0; i+2 <= len(p); i += 2 {
				a.Int = append(a.Int, int(int16(uint16(p[i])|uint16(p[i+1])<<8)))
			}
		case 4:
			for i := 0; i+4 <= len(p); i += 4 {
				a.Int = append(a.Int, int(int32(le32(p[i:]))))
			}
		case 8:
			for i := 0; i+8 <= len(p); i += 8 {
				a.Int = append(a.Int, int(int64(le64(p[i:]))))
			}
		}
	case kUint:
		switch t.size {
		case 1:
			for _, b := range p {
				a.Int = append(a.Int, int(b))
			}
		case 2:
			for i := 0; i+2 <= len(p); i += 2 {
				a.Int = append(a.Int, int(uint16(p[i])|uint16(p[i+1])<<8))
			}
		case 4:
			for i := 0; i+4 <= len(p); i += 4 {
				a.Int = append(a.Int, int(le32(p[i:])))
			}
		case 8:
			for i := 0; i+8 <= len(p); i += 8 {
				v := le64(p[i:])
				if v > math.MaxInt64 {
					return fmt.Errorf("uint64 value %d does not fit in an int", v)
				}
				a.Int = append(a.Int, int(v))
			}
		}
	case kBytes:
		a.Bytes = append(a.Bytes, p...)
	}
	return nil
}

func le32(p []byte) uint32 {
	_ = p[3]
	return uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16 | uint32(p[3])<<24
}

func le64(p []byte) uint64 {
	_ = p[7]
	return uint64(le32(p)) | uint64(le32(p[4:]))<<32
}

// toCOrder reorders a Fortran-ordered 2-D array into C order in place of
// its elements; 0-D and 1-D arrays are the same in both orders.
func (a *Array) toCOrder() error {
	if len(a.Shape) <= 1 {
		return nil
	}
	if len(a.Shape) > 2 {
		return fmt.Errorf("%d-D arrays in Fortran order are not supported; save numpy.ascontiguousarray(a)", len(a.Shape))
	}
	r, c := a.Shape[0], a.Shape[1]
	// Element (i, j) is at j·r + i on disk and goes to i·c + j.
	switch {
	case a.Float != nil:
		out := make([]float64, len(a.Float))
		for j := 0; j < c; j++ {
			col := a.Float[j*r : (j+1)*r]
			for i, v := range col {
				out[i*c+j] = v
			}
		}
		a.Float = out
	case a.Int != nil:
		out := make([]int, len(a.Int))
		for j := 0; j < c; j++ {
			col := a.Int[j*r : (j+1)*r]
			for i, v := range col {
				out[i*c+j] = v
			}
		}
		a.Int = out
	case a.Bytes != nil:
		return fmt.Errorf("2-D byte-string arrays in Fortran order are not supported")
	}
	return nil
}

// AsFloat returns the elements as float64: Float itself, or Int converted
// when every value is exact in a float64 (|v| ≤ 2⁵³), in O(Len) (no cost
// for Float). It returns an error for byte strings and for larger
// integers.
func (a *Array) AsFloat() ([]float64, error) {
	switch {
	case a.Float != nil:
		return a.Float, nil
	case a.Int != nil:
		out := make([]float64, len(a.Int))
		for i, v := range a.Int {
			if v > 1<<53 || v < -(1<<53) {
				return nil, fmt.Errorf("integer %d at element %d is not exact as a float64; convert in NumPy with a.astype('float64') if rounding is acceptable", v, i)
			}
			out[i] = float64(v)
		}
		return out, nil
	case a.Bytes != nil:
		return nil, fmt.Errorf("dtype %s holds bytes, not numbers", a.Dtype)
	}
	return []float64{}, nil
}
