package nmf

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// haveRSVD reports whether topSVD is the randomized SVD; the corpus tests
// skip the NNDSVD cases without it.
const haveRSVD = true

// topSVD returns the k leading singular triplets of x (U m×k, s, Vᵀ k×n)
// as scikit-learn's randomized_svd(x, k, random_state=seed) does, through
// lib/svd (sparse x is never densified).
func topSVD(x *sparse.CSR, k int, seed int64) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	var r svd.Randomized
	opts := &svd.RandomizedOptions{Rand: newRand(seed)}
	if err := r.Factorize(x, k, opts); err != nil {
		return nil, nil, nil, fmt.Errorf("nmf: randomized SVD for the NNDSVD initialisation: %w", err)
	}
	u, vt = &mat.Dense{}, &mat.Dense{}
	r.UTo(u)
	r.VTTo(vt)
	return u, r.Values(nil), vt, nil
}
