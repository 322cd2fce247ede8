package svd

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/par"
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
		// Each part of the rows finds its first largest entry per column;
		// the parts are then compared in order, so the first row wins ties
		// however the rows are split.
		parts := 1
		if ur.Rows*r >= 1<<16 {
			parts = maxProcs()
		}
		chunk := (ur.Rows + parts - 1) / parts
		best := make([]float64, parts*r)
		val := make([]float64, parts*r)
		for c := range best {
			best[c] = -1
		}
		par.Split(ur.Rows, parts, func(lo, hi int) {
			p := lo / chunk
			b, v := best[p*r:(p+1)*r], val[p*r:(p+1)*r]
			for i := lo; i < hi; i++ {
				row := ur.Data[i*ur.Stride : i*ur.Stride+r]
				for c, e := range row {
					if a := math.Abs(e); a > b[c] {
						b[c], v[c] = a, e
					}
				}
			}
		})
		for c := range neg {
			bc, vc := best[c], val[c]
			for p := 1; p < parts; p++ {
				if best[p*r+c] > bc {
					bc, vc = best[p*r+c], val[p*r+c]
				}
			}
			neg[c] = vc < 0
		}
	} else {
		for c := range neg {
			neg[c] = firstMaxAbs(vt.RawRowView(c)) < 0
		}
	}
	if slices.Contains(neg, true) {
		parallelFor(ur.Rows, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				row := ur.Data[i*ur.Stride : i*ur.Stride+r]
				for c := range row {
					if neg[c] {
						row[c] = -row[c]
					}
				}
			}
		})
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
