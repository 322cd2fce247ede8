package nmf

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// topSVD returns the k leading singular triplets of x (U m×k, s, Vᵀ k×n)
// the way scikit-learn's randomized_svd(x, k, random_state=seed) does.
// haveRSVD reports whether topSVD is the randomized SVD (not the dense
// fallback, which is too slow for corpus-size matrices).
var haveRSVD = false

var topSVD = func(x *sparse.CSR, k int, seed int64) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	return denseTopSVD(x, k)
}

// denseTopSVD is an exact SVD with scikit-learn's sign convention, used for
// small inputs and as a fallback.
func denseTopSVD(x *sparse.CSR, k int) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	var svd mat.SVD
	if !svd.Factorize(x.ToDense(), mat.SVDThin) {
		return nil, nil, nil, errors.New("nmf: SVD for the NNDSVD initialisation did not converge")
	}
	var uf, vf mat.Dense
	svd.UTo(&uf)
	svd.VTo(&vf)
	m, n := x.Dims()
	u = mat.DenseCopyOf(uf.Slice(0, m, 0, k))
	vt = mat.DenseCopyOf(vf.Slice(0, n, 0, k).T())
	s = svd.Values(nil)[:k]
	flipSigns(u, vt)
	return u, s, vt, nil
}

// flipSigns makes the entry of largest magnitude in each column of u
// positive (the first one on ties), flipping the matching row of vt.
func flipSigns(u, vt *mat.Dense) {
	m, k := u.Dims()
	_, n := vt.Dims()
	for c := 0; c < k; c++ {
		best, arg := -1.0, 0
		for i := 0; i < m; i++ {
			if a := math.Abs(u.At(i, c)); a > best {
				best, arg = a, i
			}
		}
		if u.At(arg, c) < 0 {
			for i := 0; i < m; i++ {
				u.Set(i, c, -u.At(i, c))
			}
			for j := 0; j < n; j++ {
				vt.Set(c, j, -vt.At(c, j))
			}
		}
	}
}
