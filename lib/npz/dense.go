package npz

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ReadDense reads the 2-D numeric array in the .npy file at path as an
// r×c *mat.Dense (numpy.load(path) for a numpy.save'd matrix). float64 is
// read as is, float32 widened exactly, integers converted when exact
// (|v| ≤ 2⁵³); C and Fortran order are both accepted. A 1-D array is
// refused (reshape it in NumPy), as are NaN, ±Inf and empty arrays.
// Cost: O(file size); a Fortran-ordered file costs one more copy.
func ReadDense(path string) (*mat.Dense, error) {
	a, err := ReadNpy(path)
	if err != nil {
		return nil, err
	}
	d, err := a.Dense()
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %w", path, err)
	}
	return d, nil
}

// Dense returns a 2-D numeric array as an r×c *mat.Dense sharing Float
// when the array is float. It returns an error for other ranks, for zero
// rows or columns (gonum has no empty matrix), for byte strings, for
// inexact integers and for NaN or ±Inf. Cost: O(r·c).
func (a *Array) Dense() (*mat.Dense, error) {
	if len(a.Shape) != 2 {
		return nil, fmt.Errorf("array has shape %v, want a matrix (2-D); reshape it in NumPy, for example a.reshape(-1, 1)", a.Shape)
	}
	r, c := a.Shape[0], a.Shape[1]
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("array has shape %v: a matrix needs at least one row and one column", a.Shape)
	}
	v, err := a.AsFloat()
	if err != nil {
		return nil, err
	}
	for p, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("entry (%d, %d) is %v; replace NaN and Inf before saving", p/c, p%c, x)
		}
	}
	return mat.NewDense(r, c, v), nil
}
