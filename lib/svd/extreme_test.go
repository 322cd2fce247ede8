package svd

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// extremeCases are matrices whose entries are far outside [1e-100, 1e100]:
// a small matrix times factors whose squares underflow or overflow, and a
// matrix with one huge entry.
var extremeCases = []struct {
	name   string
	factor float64
}{
	{"1e-170", 1e-170},
	{"1e-160", 1e-160},
	{"1e-300", 1e-300},
	{"1e154", 1e154},
	{"1e300", 1e300},
	{"subnormal", 1e-310},
}

var extremeBase = []float64{
	1, 2, 0, 4,
	0, 3, 1, 0,
	5, 0, 0, 2,
}

// TestFullExtremeScale checks that Full gives the singular values of the
// unscaled matrix times the factor (relative tolerance 1e-13) and an exact
// reconstruction for entries whose Gram products would underflow or
// overflow.
func TestFullExtremeScale(t *testing.T) {
	const tol = 1e-13
	var ref Full
	if err := ref.Factorize(mat.NewDense(3, 4, extremeBase)); err != nil {
		t.Fatal(err)
	}
	want := ref.Values(nil)
	for _, c := range extremeCases {
		for _, tall := range []bool{false, true} {
			a := mat.NewDense(3, 4, nil)
			for i, v := range extremeBase {
				a.RawMatrix().Data[i] = v * c.factor
			}
			var in mat.Matrix = a
			if tall {
				in = mat.DenseCopyOf(a.T())
			}
			for _, sp := range []bool{false, true} {
				x := in
				if sp {
					x = sparse.FromDense(in)
				}
				var f Full
				if err := f.Factorize(x); err != nil {
					t.Errorf("%s tall=%v sparse=%v: %v", c.name, tall, sp, err)
					continue
				}
				got := f.Values(nil)
				// A subnormal factor has lost digits in the input itself.
				ctol := tol
				if c.factor < 2.3e-308 {
					ctol = 1e-2
				}
				for i := range want {
					w := want[i] * c.factor
					if math.Abs(got[i]-w) > ctol*math.Abs(w) {
						t.Errorf("%s tall=%v sparse=%v: s[%d] = %v, want %v", c.name, tall, sp, i, got[i], w)
					}
				}
				if a.RawMatrix().Data[0] != extremeBase[0]*c.factor {
					t.Errorf("%s: input modified", c.name)
				}
			}
		}
	}
}

// TestFullOneHugeEntry: a single entry of 1e300 among ones.
func TestFullOneHugeEntry(t *testing.T) {
	a := mat.NewDense(3, 4, []float64{1, 1, 1, 1, 1, 1e300, 1, 1, 1, 1, 1, 2})
	var f Full
	if err := f.Factorize(a); err != nil {
		t.Fatal(err)
	}
	s := f.Values(nil)
	if math.Abs(s[0]-1e300) > 1e-13*1e300 {
		t.Errorf("s[0] = %v, want 1e300", s[0])
	}
	for i, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("s[%d] = %v", i, v)
		}
	}
}

// TestFullOverflowingValue: entries near MaxFloat64 whose singular value
// exceeds float64's range give an error, not Inf.
func TestFullOverflowingValue(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{1.5e308, 1.5e308, 1.5e308, 1.5e308})
	var f Full
	if err := f.Factorize(a); err == nil {
		t.Errorf("s = %v with a nil error, want an error (3e308 overflows)", f.Values(nil))
	}
}

// TestRandomizedExtremeScale is TestFullExtremeScale for Randomized with
// and without normalised power iterations.
func TestRandomizedExtremeScale(t *testing.T) {
	const tol = 1e-12
	for _, norm := range []Normalizer{NormAuto, NormNone} {
		opts := &RandomizedOptions{Normalizer: norm, Iters: 3}
		var ref Randomized
		if err := ref.Factorize(mat.NewDense(3, 4, extremeBase), 2, opts); err != nil {
			t.Fatal(err)
		}
		want := ref.Values(nil)
		for _, c := range extremeCases[:5] {
			a := mat.NewDense(3, 4, nil)
			for i, v := range extremeBase {
				a.RawMatrix().Data[i] = v * c.factor
			}
			for _, x := range []mat.Matrix{a, sparse.FromDense(a)} {
				var r Randomized
				if err := r.Factorize(x, 2, opts); err != nil {
					t.Errorf("%s norm=%d: %v", c.name, norm, err)
					continue
				}
				got := r.Values(nil)
				for i := range want {
					w := want[i] * c.factor
					if math.Abs(got[i]-w) > tol*math.Abs(w) {
						t.Errorf("%s norm=%d %T: s[%d] = %v, want %v", c.name, norm, x, i, got[i], w)
					}
				}
			}
		}
	}
}

// TestLessonRandomizedExtremeScale: the lesson's randomized SVD on 1e300
// and 1e-170 entries.
func TestLessonRandomizedExtremeScale(t *testing.T) {
	const tol = 1e-12
	_, want, _, err := LessonRandomizedSVD(mat.NewDense(3, 4, extremeBase), 2, 1, 2, nprand.New(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range extremeCases[:5] {
		a := mat.NewDense(3, 4, nil)
		for i, v := range extremeBase {
			a.RawMatrix().Data[i] = v * c.factor
		}
		_, got, _, err := LessonRandomizedSVD(a, 2, 1, 2, nprand.New(0))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range want {
			if w := want[i] * c.factor; math.Abs(got[i]-w) > tol*math.Abs(w) {
				t.Errorf("%s: s[%d] = %v, want %v", c.name, i, got[i], w)
			}
		}
	}
}

// TestRefuseHugeAllocations: sizes beyond the machine's memory are refused
// up front with the size they would need.
func TestRefuseHugeAllocations(t *testing.T) {
	const n = 1 << 20
	indptr := make([]int, n+1)
	for i := 1; i <= n; i++ {
		indptr[i] = 1
	}
	big, err := sparse.NewCSR(n, n, indptr, []int{0}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	var f Full
	if err := f.Factorize(big); err == nil || !strings.Contains(err.Error(), "TB of memory") {
		t.Errorf("Full of %d×%d: %v, want a refusal naming the TB needed", n, n, err)
	}
	var r Randomized
	if err := r.Factorize(big, n/2, nil); err == nil || !strings.Contains(err.Error(), "TB of memory") {
		t.Errorf("Randomized k=%d: %v, want a refusal naming the TB needed", n/2, err)
	}
}
