// Package validate checks the input and the starting factors that lib/nmf/sgd
// and lib/nmf/autograd begin gradient descent from, so that both report the
// same problems in the same words.
package validate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Start returns the m×n matrix x as a *sparse.CSR (x itself when it is one,
// otherwise a CSR copy of it, in O(m·n)) after checking, in O(nnz), that
// every entry is finite, and that w is m×d and h is d×n. Each error starts
// with prefix (the calling package's name, as in "sgd"), names the problem
// (the first non-finite entry, or the factor, its shape and the shape it
// needs) and says what to change.
func Start(prefix string, x mat.Matrix, w, h *mat.Dense, d int) (*sparse.CSR, error) {
	xs, ok := x.(*sparse.CSR)
	if !ok {
		xs = sparse.FromDense(x)
	}
	if i, j, v, bad := firstNonFinite(xs); bad {
		return nil, fmt.Errorf("%s: M contains NaN or infinity (entry %d,%d is %v); remove or impute those entries", prefix, i, j, v)
	}
	m, n := xs.Dims()
	if w == nil || h == nil {
		return nil, fmt.Errorf("%s: no start given (W or H is nil); pass W %d×%d and H %d×%d, or start from the package's Init", prefix, m, d, d, n)
	}
	if wr, wc := w.Dims(); wr != m || wc != d {
		return nil, fmt.Errorf("%s: W is %d×%d, want %d×%d (M's %d rows × Options.D = %d components)", prefix, wr, wc, m, d, m, d)
	}
	if hr, hc := h.Dims(); hr != d || hc != n {
		return nil, fmt.Errorf("%s: H is %d×%d, want %d×%d (Options.D = %d components × M's %d columns)", prefix, hr, hc, d, n, d, n)
	}
	return xs, nil
}

// firstNonFinite returns the position and value of the first NaN or
// infinite stored entry of x in row order, and whether there is one. It
// reads x through IsFinite and Row, which keep x's cached transpose.
func firstNonFinite(x *sparse.CSR) (i, j int, v float64, bad bool) {
	if x.IsFinite() {
		return 0, 0, 0, false
	}
	r, _ := x.Dims()
	for i := 0; i < r; i++ {
		cols, vals := x.Row(i)
		for p, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return i, cols[p], v, true
			}
		}
	}
	return 0, 0, 0, false
}
