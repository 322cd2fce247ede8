package nmf

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// nndsvdEps is scikit-learn's threshold below which NNDSVD entries become 0.
const nndsvdEps = 1e-6

// newRand returns a numpy-compatible generator for seed (NoSeed: the clock).
func newRand(seed int64) *nprand.RandomState {
	if seed < 0 {
		return nprand.New(uint32(time.Now().UnixNano()))
	}
	return nprand.New(uint32(seed))
}

// Initialize returns scikit-learn's starting point for an NMF of the m×n
// matrix x with k components: W (m×k) and H (k×n), for init InitRandom,
// InitNNDSVD, InitNNDSVDA or InitNNDSVDAR (InitDefault resolves as in
// FitTransform), with a fresh numpy generator seeded by seed for the
// randomized SVD and the random draws. It is exported for notebooks that
// show the starting point; FitTransform calls it for you.
func Initialize(x mat.Matrix, k int, init string, seed int64) (w, h *mat.Dense, err error) {
	xs, _, err := asCSR(x, "NMF initialization")
	if err != nil {
		return nil, nil, err
	}
	m, n := xs.Dims()
	if k <= 0 {
		return nil, nil, fmt.Errorf("nmf: the number of components must be ≥ 1, got %d", k)
	}
	if init == InitDefault {
		init = InitNNDSVDA
		if k > min(m, n) {
			init = InitRandom
		}
	}
	switch init {
	case InitRandom, InitNNDSVD, InitNNDSVDA, InitNNDSVDAR:
	default:
		return nil, nil, fmt.Errorf("nmf: unknown init %q; use one of \"random\", \"nndsvd\", \"nndsvda\", \"nndsvdar\"", init)
	}
	if init != InitRandom && k > min(m, n) {
		return nil, nil, fmt.Errorf("nmf: init %q can only be used when k ≤ min(n_samples, n_features) = %d, got k = %d", init, min(m, n), k)
	}
	w, ht, err := initialize(xs, k, init, seed)
	if err != nil {
		return nil, nil, err
	}
	return w, mat.DenseCopyOf(ht.T()), nil
}

// initialize returns W (m×k) and Hᵀ (n×k) for a checked init name.
func initialize(x *sparse.CSR, k int, init string, seed int64) (w, ht *mat.Dense, err error) {
	m, n := x.Dims()
	mean := x.Sum() / (float64(m) * float64(n))
	w = mat.NewDense(m, k, nil)
	ht = mat.NewDense(n, k, nil)
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	if init == InitRandom {
		// numpy draws H (k×n, C order) first, then W (m×k).
		avg := math.Sqrt(mean / float64(k))
		rs := newRand(seed)
		for c := 0; c < k; c++ {
			for j := 0; j < n; j++ {
				hd[j*k+c] = math.Abs(avg * rs.StandardNormal())
			}
		}
		for i := range wd {
			wd[i] = math.Abs(avg * rs.StandardNormal())
		}
		return w, ht, nil
	}

	u, s, vt, err := topSVD(x, k, seed)
	if err != nil {
		return nil, nil, err
	}
	// The leading singular pair of a non-negative matrix can be taken
	// non-negative; the others are split into positive and negative parts
	// and the part with the larger norm product is kept.
	s0 := math.Sqrt(s[0])
	for i := 0; i < m; i++ {
		wd[i*k] = s0 * math.Abs(u.At(i, 0))
	}
	for j := 0; j < n; j++ {
		hd[j*k] = s0 * math.Abs(vt.At(0, j))
	}
	xcol := make([]float64, m)
	yrow := make([]float64, n)
	for c := 1; c < k; c++ {
		mat.Col(xcol, c, u)
		mat.Row(yrow, c, vt)
		xp, xn := posNegNorms(xcol)
		yp, yn := posNegNorms(yrow)
		mp, mn := xp*yp, xn*yn
		sign, xnrm, ynrm, sigma := 1.0, xp, yp, mp
		if !(mp > mn) {
			sign, xnrm, ynrm, sigma = -1, xn, yn, mn
		}
		lbd := math.Sqrt(s[c] * sigma)
		if xnrm == 0 || ynrm == 0 {
			lbd, xnrm, ynrm = 0, 1, 1 // a degenerate pair contributes nothing
		}
		for i, v := range xcol {
			wd[i*k+c] = lbd * (math.Max(sign*v, 0) / xnrm)
		}
		for j, v := range yrow {
			hd[j*k+c] = lbd * (math.Max(sign*v, 0) / ynrm)
		}
	}
	for i, v := range wd {
		if v < nndsvdEps {
			wd[i] = 0
		}
	}
	for i, v := range hd {
		if v < nndsvdEps {
			hd[i] = 0
		}
	}
	switch init {
	case InitNNDSVDA:
		for i, v := range wd {
			if v == 0 {
				wd[i] = mean
			}
		}
		for i, v := range hd {
			if v == 0 {
				hd[i] = mean
			}
		}
	case InitNNDSVDAR:
		// numpy fills W's zeros (C order), then H's zeros (C order of the
		// k×n H, i.e. column by column of our n×k Hᵀ).
		rs := newRand(seed)
		for i, v := range wd {
			if v == 0 {
				wd[i] = math.Abs(mean * rs.StandardNormal() / 100)
			}
		}
		for c := 0; c < k; c++ {
			for j := 0; j < n; j++ {
				if hd[j*k+c] == 0 {
					hd[j*k+c] = math.Abs(mean * rs.StandardNormal() / 100)
				}
			}
		}
	}
	return w, ht, nil
}

// posNegNorms returns the Euclidean norms of max(x, 0) and max(−x, 0)
// (float64(v*v): no fused multiply-add, so that arm64 gives amd64's bits).
func posNegNorms(x []float64) (pos, neg float64) {
	for _, v := range x {
		if v > 0 {
			pos += float64(v * v)
		} else {
			neg += float64(v * v)
		}
	}
	return math.Sqrt(pos), math.Sqrt(neg)
}

// customInit checks user-supplied W (m×k) and H (k×n) and returns copies of
// W and Hᵀ, with scikit-learn's messages.
func customInit(w0, h0 mat.Matrix, m, n, k int) (w, ht *mat.Dense, err error) {
	if err := checkInit(h0, k, n, "NMF (input H)"); err != nil {
		return nil, nil, err
	}
	if err := checkInit(w0, m, k, "NMF (input W)"); err != nil {
		return nil, nil, err
	}
	return mat.DenseCopyOf(w0), mat.DenseCopyOf(h0.T()), nil
}

func checkInit(a mat.Matrix, r, c int, whom string) error {
	ar, ac := a.Dims()
	if ar != r || ac != c {
		return fmt.Errorf("nmf: array with wrong shape passed to %s: expected (%d, %d), got (%d, %d)", whom, r, c, ar, ac)
	}
	maxv := math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := a.At(i, j)
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
				return fmt.Errorf("nmf: %s contains NaN or infinity at (%d, %d)", whom, i, j)
			case v < 0:
				return fmt.Errorf("nmf: negative values in data passed to %s: %v at (%d, %d)", whom, v, i, j)
			}
			maxv = math.Max(maxv, v)
		}
	}
	if maxv == 0 {
		return fmt.Errorf("nmf: array passed to %s is full of zeros; give it some positive entries", whom)
	}
	return nil
}
