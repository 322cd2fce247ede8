package svd

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randSym(n int, rnd *rand.Rand, spread bool) *mat.SymDense {
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			a.SetSym(i, j, rnd.NormFloat64())
		}
	}
	if spread {
		// A Gram matrix of a rank-deficient factor: clustered zero eigenvalues.
		b := mat.NewDense(n, n/2+1, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < n/2+1; j++ {
				b.Set(i, j, math.Floor(3*rnd.Float64()*rnd.Float64()))
			}
		}
		a.SymOuterK(1, b)
	}
	return a
}

func TestSymEig(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 10, 33, 64, 100, 257} {
		for _, spread := range []bool{false, true} {
			a := randSym(n, rnd, spread)
			raw := make([]float64, n*n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					raw[i*n+j] = a.At(i, j)
				}
			}
			vals, vecs, ok := symEig(n, raw, n)
			if !ok {
				t.Fatalf("n=%d: not ok", n)
			}
			var ref mat.EigenSym
			ref.Factorize(a, false)
			rv := ref.Values(nil)
			norm := math.Max(math.Abs(rv[0]), math.Abs(rv[n-1]))
			for i := 0; i < n; i++ {
				if math.Abs(vals[i]-rv[n-1-i]) > 1e-12*norm*float64(n) {
					t.Errorf("n=%d spread=%v: val %d = %v want %v", n, spread, i, vals[i], rv[n-1-i])
				}
			}
			z := mat.NewDense(n, n, vecs)
			var ztz mat.Dense
			ztz.Mul(z.T(), z)
			for i := 0; i < n; i++ {
				ztz.Set(i, i, ztz.At(i, i)-1)
			}
			if e := mat.Norm(&ztz, math.Inf(1)); e > 1e-13*float64(n) {
				t.Errorf("n=%d spread=%v: orthogonality %g", n, spread, e)
			}
			var az, zl mat.Dense
			az.Mul(a, z)
			zl.Scale(1, z)
			for j := 0; j < n; j++ {
				for i := 0; i < n; i++ {
					zl.Set(i, j, zl.At(i, j)*vals[j])
				}
			}
			az.Sub(&az, &zl)
			if e := mat.Norm(&az, math.Inf(1)); e > 1e-13*float64(n)*norm {
				t.Errorf("n=%d spread=%v: residual %g", n, spread, e)
			}
		}
	}
}

// BenchmarkSymEig times the eigensolver on a 2000×2000 Gram matrix with a
// cluster of zero eigenvalues, the size of the lesson's problem.
func BenchmarkSymEig(b *testing.B) {
	n := 2000
	rnd := rand.New(rand.NewPCG(1, 2))
	a := randSym(n, rnd, true)
	raw := make([]float64, n*n)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for r := 0; r < n; r++ {
			for c := 0; c < n; c++ {
				raw[r*n+c] = a.At(r, c)
			}
		}
		b.StartTimer()
		if _, _, ok := symEig(n, raw, n); !ok {
			b.Fatal("no convergence")
		}
	}
}
