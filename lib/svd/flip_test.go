package svd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFlip checks Flip against svd_flip written out (NumPy's argmax: the
// first of tied entries decides) on matrices large enough for the parallel
// scan, with ties of opposite signs placed across the row parts, for
// GOMAXPROCS 1, 2 and 3.
func TestFlip(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(71, 72))
	const m, r, n = 30001, 4, 50
	u0 := mat.NewDense(m, r, nil)
	vt0 := mat.NewDense(r, n, nil)
	for i := 0; i < m; i++ {
		for c := 0; c < r; c++ {
			u0.Set(i, c, rnd.NormFloat64())
		}
	}
	for c := 0; c < r; c++ {
		for j := 0; j < n; j++ {
			vt0.Set(c, j, rnd.NormFloat64())
		}
	}
	// Column 0: the largest magnitude twice, negative first (row 10), then
	// positive (row 29000). Column 1: positive first, negative later.
	u0.Set(10, 0, -9)
	u0.Set(29000, 0, 9)
	u0.Set(20000, 1, 9)
	u0.Set(25000, 1, -9)
	vt0.Set(2, 7, -20)
	vt0.Set(2, 8, 20)
	want := func(uBased bool) (*mat.Dense, *mat.Dense) {
		u, vt := mat.DenseCopyOf(u0), mat.DenseCopyOf(vt0)
		for c := 0; c < r; c++ {
			var pick float64
			best := -1.0
			if uBased {
				for i := 0; i < m; i++ {
					if a := math.Abs(u.At(i, c)); a > best {
						best, pick = a, u.At(i, c)
					}
				}
			} else {
				for j := 0; j < n; j++ {
					if a := math.Abs(vt.At(c, j)); a > best {
						best, pick = a, vt.At(c, j)
					}
				}
			}
			if pick < 0 {
				for i := 0; i < m; i++ {
					u.Set(i, c, -u.At(i, c))
				}
				for j := 0; j < n; j++ {
					vt.Set(c, j, -vt.At(c, j))
				}
			}
		}
		return u, vt
	}
	for _, uBased := range []bool{true, false} {
		wu, wvt := want(uBased)
		for _, procs := range []int{1, 2, 3} {
			runtime.GOMAXPROCS(procs)
			u, vt := mat.DenseCopyOf(u0), mat.DenseCopyOf(vt0)
			Flip(u, vt, uBased)
			if !mat.Equal(u, wu) || !mat.Equal(vt, wvt) {
				t.Fatalf("uBased=%v GOMAXPROCS=%d: Flip differs from svd_flip", uBased, procs)
			}
		}
	}
	if u, _ := want(true); u.At(10, 0) != 9 || u.At(20000, 1) != 9 {
		t.Fatal("the reference does not flip on the first tied entry")
	}
}
