package exercise

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// svdOf returns the thin SVD factors of a random m×n matrix with a few
// exact zeros (like a count matrix).
func svdOf(t *testing.T, m, n int, seed uint64) (a, u *mat.Dense, s []float64, vt *mat.Dense) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	a = mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < 0.6 {
				a.Set(i, j, math.Floor(rng.Float64()*5))
			}
		}
	}
	var f mat.SVD
	if !f.Factorize(a, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	u, vt = new(mat.Dense), new(mat.Dense)
	f.UTo(u)
	var v mat.Dense
	f.VTo(&v)
	vt.CloneFrom(v.T())
	return a, u, f.Values(nil), vt
}

func product(u *mat.Dense, s []float64, vt *mat.Dense, rows int) *mat.Dense {
	var us mat.Dense
	us.Apply(func(i, j int, v float64) float64 { return v * s[j] }, u.Slice(0, rows, 0, len(s)))
	var r mat.Dense
	r.Mul(&us, vt)
	return &r
}

func TestReconstruction(t *testing.T) {
	a, u, s, vt := svdOf(t, 12, 30, 1)
	good := product(u, s, vt, 12)
	block := product(u, s, vt, 5)
	var us mat.Dense // s scaling rows instead of columns
	us.Apply(func(i, j int, v float64) float64 { return v * s[i] }, u)
	var rowsScaled mat.Dense
	rowsScaled.Mul(&us, vt)
	noS := new(mat.Dense)
	noS.Mul(u, vt)
	nan := mat.DenseCopyOf(good)
	nan.Set(3, 4, math.NaN())
	for _, tc := range []struct {
		name    string
		rec     mat.Matrix
		ok      bool
		missing bool
		want    string
	}{
		{"full product", good, true, false, ""},
		{"leading block", block, true, false, ""},
		{"nil", nil, false, true, "not answered"},
		{"nil dense", (*mat.Dense)(nil), false, true, "not answered"},
		{"wrong shape", mat.NewDense(12, 29, nil), false, false, "12×29"},
		{"transposed", mat.DenseCopyOf(good.T()), false, false, "30×12"},
		{"s on rows", &rowsScaled, false, false, "entry ("},
		{"s forgotten", noS, false, false, "off by"},
		{"NaN", nan, false, false, "entry (3, 4)"},
	} {
		err := Reconstruction(a, tc.rec, 1e-10)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: rejected a right answer: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted a wrong answer", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q lacks %q", tc.name, err, tc.want)
		}
		if got := errors.Is(err, ErrNotAnswered); got != tc.missing {
			t.Errorf("%s: errors.Is(err, ErrNotAnswered) = %v, want %v", tc.name, got, tc.missing)
		}
	}
}

func TestOrthonormalColumns(t *testing.T) {
	_, u, _, vt := svdOf(t, 10, 25, 2)
	gram := func(q mat.Matrix) *mat.Dense {
		var g mat.Dense
		g.Mul(q.T(), q)
		return &g
	}
	outer := func(q mat.Matrix) *mat.Dense {
		var g mat.Dense
		g.Mul(q, q.T())
		return &g
	}
	// A matrix whose columns are not orthonormal: scale one column.
	bad := mat.DenseCopyOf(u)
	for i := 0; i < 10; i++ {
		bad.Set(i, 2, 2*bad.At(i, 2))
	}
	// Two columns mixed: unit length kept, orthogonality lost.
	mixed := mat.DenseCopyOf(u)
	c := 1 / math.Sqrt2
	for i := 0; i < 10; i++ {
		mixed.Set(i, 1, c*(u.At(i, 0)+u.At(i, 1)))
	}
	ident := mat.NewDense(10, 10, nil)
	for i := 0; i < 10; i++ {
		ident.Set(i, i, 1)
	}
	vT := vt.T() // 25×10: rows of Vh as columns
	for _, tc := range []struct {
		name string
		q    mat.Matrix
		g    mat.Matrix
		ok   bool
		want string
	}{
		{"U", u, gram(u), true, ""},
		{"Vh rows", vT, gram(vT), true, ""},
		{"nil", u, nil, false, "not answered"},
		{"Q·Qᵀ of a tall matrix", vT, outer(vT), false, "Q·Qᵀ"},
		{"identity typed in", bad, ident, false, "not Qᵀ·Q"},
		{"scaled column", bad, gram(bad), false, "column 2 does not have unit length"},
		{"mixed columns", mixed, gram(mixed), false, "are not orthogonal"},
	} {
		err := OrthonormalColumns(tc.name, tc.q, tc.g, 1e-10)
		if tc.ok != (err == nil) {
			t.Errorf("%s: err = %v, want ok = %v", tc.name, err, tc.ok)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q lacks %q", tc.name, err, tc.want)
		}
	}
}

func TestErrorCurve(t *testing.T) {
	s := []float64{10, 6, 4, 3, 2, 1, 0.5}
	opt := func(k int) float64 {
		var t float64
		for _, v := range s[k:] {
			t += v * v
		}
		return math.Sqrt(t)
	}
	ks := []int{1, 2, 4, 6}
	exact := []float64{opt(1), opt(2), opt(4), opt(6)}
	near := []float64{opt(1) * 1.01, opt(2) * 1.02, opt(4), opt(6) * 1.001}
	squared := []float64{opt(1) * opt(1), opt(2) * opt(2), opt(4) * opt(4), opt(6) * opt(6)}
	for _, tc := range []struct {
		name    string
		ks      []int
		errs    []float64
		ok      bool
		missing bool
		want    string
	}{
		{"exact", ks, exact, true, false, ""},
		{"randomized, slightly above", ks, near, true, false, ""},
		{"blank", ks, []float64{0, 0, 0, 0}, false, true, "not answered"},
		{"none", nil, nil, false, true, "not answered"},
		{"lengths", ks, exact[:3], false, false, "3 errors for 4"},
		{"squared", ks, squared, false, false, "more than"},
		{"below the optimum", ks, []float64{opt(1), opt(2) / 2, opt(4), opt(6)}, false, false, "below"},
		{"k not increasing", []int{1, 4, 2, 6}, []float64{opt(1), opt(4), opt(2), opt(6)}, false, false, "must increase"},
		{"k out of range", []int{1, 9}, []float64{opt(1), 0.1}, false, false, "outside"},
		{"NaN", ks, []float64{opt(1), math.NaN(), opt(4), opt(6)}, false, false, "NaN"},
	} {
		err := ErrorCurve(s, tc.ks, tc.errs, 0.05)
		if tc.ok != (err == nil) {
			t.Errorf("%s: err = %v, want ok = %v", tc.name, err, tc.ok)
			continue
		}
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q lacks %q", tc.name, err, tc.want)
		}
		if got := errors.Is(err, ErrNotAnswered); got != tc.missing {
			t.Errorf("%s: errors.Is(err, ErrNotAnswered) = %v, want %v", tc.name, got, tc.missing)
		}
	}
}

func TestReport(t *testing.T) {
	if !Report(nil) {
		t.Error("Report(nil) = false")
	}
	if Report(errors.New("x")) {
		t.Error("Report(error) = true")
	}
}
