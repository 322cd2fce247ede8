package svd

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Flip makes the signs of a singular value decomposition deterministic the
// way scikit-learn's svd_flip does. u is m×r, vt is r×n (rows are right
// singular vectors). With uBased, in each column of u the entry of largest
// magnitude (the first one, if tied) is made positive; otherwise the same is
// done for each row of vt. The matching row of vt (column of u) changes sign
// with it, so U·Σ·Vᵀ is unchanged. A column of zeros is left as it is (its
// sign is 0 in NumPy, which would zero the pair; here nothing changes).
func Flip(u, vt *mat.Dense, uBased bool) {
	_, r := u.Dims()
	rv, _ := vt.Dims()
	if rv != r {
		panic("svd: Flip: u has a different number of columns than vt has rows")
	}
	ur := u.RawMatrix()
	neg := make([]bool, r)
	if uBased {
		best := make([]float64, r)
		val := make([]float64, r)
		for c := range best {
			best[c] = -1
		}
		for i := 0; i < ur.Rows; i++ {
			row := ur.Data[i*ur.Stride : i*ur.Stride+r]
			for c, e := range row {
				if a := math.Abs(e); a > best[c] {
					best[c], val[c] = a, e
				}
			}
		}
		for c := range neg {
			neg[c] = val[c] < 0
		}
	} else {
		for c := range neg {
			neg[c] = firstMaxAbs(vt.RawRowView(c)) < 0
		}
	}
	for i := 0; i < ur.Rows; i++ {
		row := ur.Data[i*ur.Stride : i*ur.Stride+r]
		for c := range row {
			if neg[c] {
				row[c] = -row[c]
			}
		}
	}
	for c := range neg {
		if neg[c] {
			row := vt.RawRowView(c)
			for j := range row {
				row[j] = -row[j]
			}
		}
	}
}

func firstMaxAbs(x []float64) float64 {
	best, v := -1.0, 0.0
	for _, e := range x {
		if a := math.Abs(e); a > best {
			best, v = a, e
		}
	}
	return v
}
