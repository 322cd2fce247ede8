package svd

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// testMatrix builds an m×n test matrix of the given kind.
func testMatrix(kind string, m, n int, rnd *rand.Rand) *mat.Dense {
	a := mat.NewDense(m, n, nil)
	switch kind {
	case "gauss":
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				a.Set(i, j, rnd.NormFloat64())
			}
		}
	case "counts": // sparse non-negative integers with empty rows and columns
		for i := 0; i < m; i++ {
			if i%7 == 3 {
				continue
			}
			for j := 0; j < n; j++ {
				if j%11 != 5 && rnd.Float64() < 0.15 {
					a.Set(i, j, float64(1+rnd.IntN(4)))
				}
			}
		}
	case "rankdef": // rank 3 plus duplicated rows
		r := 3
		b := mat.NewDense(m, r, nil)
		c := mat.NewDense(r, n, nil)
		for i := 0; i < m; i++ {
			for t := 0; t < r; t++ {
				b.Set(i, t, rnd.NormFloat64())
			}
		}
		for t := 0; t < r; t++ {
			for j := 0; j < n; j++ {
				c.Set(t, j, rnd.NormFloat64())
			}
		}
		a.Mul(b, c)
	case "graded": // singular values spread over 12 orders of magnitude
		k := min(m, n)
		var q1, q2 mat.Dense
		ThinQ(&q1, testMatrix("gauss", m, k, rnd))
		ThinQ(&q2, testMatrix("gauss", n, k, rnd))
		s := mat.NewDiagDense(k, nil)
		for i := 0; i < k; i++ {
			s.SetDiag(i, math.Pow(10, -12*float64(i)/float64(max(k-1, 1))))
		}
		var t mat.Dense
		t.Mul(&q1, s)
		a.Mul(&t, q2.T())
	case "zero":
	}
	return a
}

func checkFull(t *testing.T, name string, a mat.Matrix, f *Full) {
	t.Helper()
	// Orthonormality and residual tolerances. A spectrum spread over twelve
	// orders of magnitude costs accuracy in the smallest vectors of V (see
	// the Factorize documentation): max |VᵀV − I| for the graded 90×90
	// matrix is 6.7e-9 on amd64, but 1.9e-8 on arm64 and 4.4e-8 with
	// GOAMD64=v3, where gonum's Go code sums in another order or fuses
	// multiply-adds; U stays orthonormal to NumPy's allclose atol (1e-8).
	orthTol, vOrthTol, resTol := 1e-11, 1e-11, 1e-13
	if strings.HasPrefix(name, "graded") {
		orthTol, vOrthTol, resTol = check.ATol, 1e-7, 1e-11
	}
	m, n := a.Dims()
	r := min(m, n)
	s := f.Values(nil)
	if len(s) != r {
		t.Fatalf("%s: %d values, want %d", name, len(s), r)
	}
	for i := range s {
		if s[i] < 0 || math.IsNaN(s[i]) || (i > 0 && s[i] > s[i-1]) {
			t.Fatalf("%s: values not sorted non-negative: %v", name, s)
		}
	}
	var ref mat.SVD
	if !ref.Factorize(a, mat.SVDNone) {
		t.Fatalf("%s: gonum SVD failed", name)
	}
	want := ref.Values(nil)
	for i := range s {
		if math.Abs(s[i]-want[i]) > 1e-12*math.Max(want[0], 1)*float64(max(m, n)) {
			t.Errorf("%s: s[%d] = %v, want %v", name, i, s[i], want[i])
		}
	}
	// Outputs pre-filled with NaN must be overwritten entirely.
	u := mat.NewDense(m, r, nil)
	vt := mat.NewDense(r, n, nil)
	v := mat.NewDense(n, r, nil)
	for _, d := range []*mat.Dense{u, vt, v} {
		raw := d.RawMatrix()
		for i := range raw.Data {
			raw.Data[i] = math.NaN()
		}
	}
	f.UTo(u)
	f.VTTo(vt)
	f.VTo(v)
	if !mat.Equal(v.T(), vt) {
		t.Errorf("%s: VTo and VTTo disagree", name)
	}
	if ok, dev := check.Orthonormal(u, false, 0, orthTol); !ok {
		t.Errorf("%s: U columns not orthonormal: max |UᵀU − I| = %g", name, dev)
	}
	if ok, dev := check.Orthonormal(vt, true, 0, vOrthTol); !ok {
		t.Errorf("%s: V columns not orthonormal: max |VᵀV − I| = %g", name, dev)
	}
	res := check.ResidualNormExact(a, u, s, vt)
	if norm := mat.Norm(a, 2); res > resTol*math.Max(norm, 1)*float64(max(m, n)) {
		t.Errorf("%s: ‖A − UΣVᵀ‖ = %g for ‖A‖ = %g", name, res, norm)
	}
	var us, rec mat.Dense
	us.Mul(u, mat.NewDiagDense(r, s))
	rec.Mul(&us, vt)
	if !check.AllClose(&rec, a, check.RTol, check.ATol) {
		i, j, e, _ := check.MaxViolation(&rec, a, check.RTol, check.ATol)
		t.Errorf("%s: reconstruction not allclose at %d,%d (excess %g)", name, i, j, e)
	}
	// Sign convention: the largest entry of each column of U is positive.
	for c := 0; c < r; c++ {
		if x := firstMaxAbs(mat.Col(nil, c, u)); x < 0 {
			t.Errorf("%s: column %d of U has negative leading entry %g", name, c, x)
		}
	}
}

func TestFullProperties(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	shapes := [][2]int{{1, 1}, {1, 7}, {7, 1}, {2, 2}, {5, 3}, {3, 5}, {40, 300}, {300, 40}, {90, 90}, {70, 150}}
	for _, kind := range []string{"gauss", "counts", "rankdef", "graded", "zero"} {
		for _, sh := range shapes {
			m, n := sh[0], sh[1]
			a := testMatrix(kind, m, n, rnd)
			name := fmt.Sprintf("%s %dx%d", kind, m, n)
			var f Full
			if err := f.Factorize(a); err != nil {
				t.Fatalf("%s %dx%d dense: %v", kind, m, n, err)
			}
			checkFull(t, name+" dense", a, &f)
			sp := sparse.FromDense(a)
			var g Full
			if err := g.Factorize(sp); err != nil {
				t.Fatalf("%s %dx%d sparse: %v", kind, m, n, err)
			}
			checkFull(t, name+" sparse", a, &g)
		}
	}
}

// Dense matrices with many non-zeros take the dense-product path.
func TestFullDensePath(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	a := testMatrix("gauss", 60, 80, rnd)
	if !denseIsSparse(a.RawMatrix()) {
		var f Full
		if err := f.Factorize(a); err != nil {
			t.Fatal(err)
		}
		checkFull(t, "dense path", a, &f)
	} else {
		t.Fatal("gauss matrix classified as sparse")
	}
	// A transposed view has no raw storage and goes through At.
	var f Full
	if err := f.Factorize(a.T()); err != nil {
		t.Fatal(err)
	}
	checkFull(t, "transposed view", a.T(), &f)
}

type emptyMatrix struct{ r, c int }

func (e emptyMatrix) Dims() (int, int)    { return e.r, e.c }
func (e emptyMatrix) At(i, j int) float64 { panic("no elements") }
func (e emptyMatrix) T() mat.Matrix       { return emptyMatrix{e.c, e.r} }

func TestFullBadInput(t *testing.T) {
	var f Full
	if err := f.Factorize(emptyMatrix{0, 3}); !errors.Is(err, errEmpty) {
		t.Errorf("empty: got %v", err)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := mat.NewDense(3, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
		a.Set(1, 2, bad)
		if err := f.Factorize(a); !errors.Is(err, errNotFinite) {
			t.Errorf("%v dense: got %v", bad, err)
		}
		if err := f.Factorize(sparse.FromDense(a)); !errors.Is(err, errNotFinite) {
			t.Errorf("%v sparse: got %v", bad, err)
		}
		b := mat.NewDense(3, 40, nil)
		b.Set(2, 39, bad)
		if err := f.Factorize(b); !errors.Is(err, errNotFinite) {
			t.Errorf("%v mostly-zero dense: got %v", bad, err)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Values before Factorize did not panic")
			}
		}()
		var g Full
		g.Values(nil)
	}()
}

func TestTridiagMatchesSorted(t *testing.T) {
	// Divide and conquer on a tridiagonal matrix with known eigenvalues:
	// the (1, -2, 1) second difference matrix has 2cos(πj/(n+1)) − 2.
	for _, n := range []int{1, 5, 33, 100, 257} {
		d := make([]float64, n)
		e := make([]float64, n)
		for i := range d {
			d[i] = -2
			e[i] = 1
		}
		z := make([]float64, n*n)
		if !tridiagEig(n, d, e, z, n) {
			t.Fatalf("n=%d: no convergence", n)
		}
		sort.Float64s(d)
		for j := 1; j <= n; j++ {
			want := 2*math.Cos(math.Pi*float64(n+1-j)/float64(n+1)) - 2
			if math.Abs(d[j-1]-want) > 1e-13 {
				t.Errorf("n=%d: eigenvalue %d = %v, want %v", n, j, d[j-1], want)
			}
		}
	}
}

// BenchmarkFullCorpus times the full SVD of the lesson's count matrix
// (scripts/bench.sh compares it with SciPy in the same run).
func BenchmarkFullCorpus(b *testing.B) {
	x, _ := lessonMatrix(b, "count")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var f Full
		if err := f.Factorize(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRandomizedCorpus times scikit-learn-style randomized SVD, k=5,
// on the lesson's sparse count matrix.
func BenchmarkRandomizedCorpus(b *testing.B) {
	x, _ := lessonMatrix(b, "count")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var r Randomized
		if err := r.Factorize(x, 5, nil); err != nil {
			b.Fatal(err)
		}
	}
}
