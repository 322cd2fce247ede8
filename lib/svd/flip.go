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
	for c := 0; c < r; c++ {
		var x float64
		if uBased {
			x = firstMaxAbs(mat.Col(nil, c, u))
		} else {
			x = firstMaxAbs(vt.RawRowView(c))
		}
		if x < 0 {
			negateCol(u, c)
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

func negateCol(u *mat.Dense, c int) {
	m, _ := u.Dims()
	for i := 0; i < m; i++ {
		u.Set(i, c, -u.At(i, c))
	}
}
