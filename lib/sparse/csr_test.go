package sparse

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// randomSparse returns an r×c dense matrix with about density·r·c non-zeros
// drawn from a fixed seed, with some rows and columns left entirely empty.
func randomSparse(r, c int, density float64, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	d := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		if i%5 == 3 {
			continue // an empty row, like an empty document
		}
		for j := 0; j < c; j++ {
			if j%7 == 2 {
				continue // an empty column
			}
			if rng.Float64() < density {
				d.Set(i, j, rng.NormFloat64())
			}
		}
	}
	return d
}

func randomDense(r, c int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 11))
	d := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.Set(i, j, rng.NormFloat64())
		}
	}
	return d
}

var shapes = []struct {
	r, c    int
	density float64
}{
	{1, 1, 1},
	{1, 9, 0.5},
	{9, 1, 0.5},
	{6, 8, 0.3},
	{40, 300, 0.05},
	{300, 40, 0.2},
	{257, 1031, 0.02},
}

func TestNewCSRValidates(t *testing.T) {
	for _, test := range []struct {
		name    string
		r, c    int
		indptr  []int
		indices []int
		data    []float64
		want    string
	}{
		{"short indptr", 2, 2, []int{0, 1}, []int{0}, []float64{1}, "indptr has 2 entries"},
		{"nonzero start", 1, 2, []int{1, 1}, nil, nil, "indptr[0] = 1"},
		{"length mismatch", 1, 2, []int{0, 2}, []int{0}, []float64{1, 2}, "len(indices) = 1"},
		{"decreasing", 2, 2, []int{0, 1, 0}, []int{}, []float64{}, "indptr decreases at row 1"},
		{"out of range", 1, 2, []int{0, 1}, []int{2}, []float64{1}, "outside [0, 2)"},
		{"unsorted", 1, 3, []int{0, 2}, []int{2, 1}, []float64{1, 1}, "out of order"},
		{"duplicate", 1, 3, []int{0, 2}, []int{1, 1}, []float64{1, 1}, "out of order"},
		{"negative", -1, 3, []int{0}, nil, nil, "negative dimensions"},
	} {
		_, err := NewCSR(test.r, test.c, test.indptr, test.indices, test.data)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: got error %v, want one containing %q", test.name, err, test.want)
		}
	}
	m, err := NewCSR(2, 3, []int{0, 2, 2}, []int{0, 2}, []float64{1, -2})
	if err != nil {
		t.Fatalf("valid matrix rejected: %v", err)
	}
	want := mat.NewDense(2, 3, []float64{1, 0, -2, 0, 0, 0})
	if !mat.Equal(m.ToDense(), want) {
		t.Errorf("ToDense = %v, want %v", mat.Formatted(m.ToDense()), mat.Formatted(want))
	}
}

func TestStructureAndReductions(t *testing.T) {
	const tol = 1e-12
	for _, s := range shapes {
		d := randomSparse(s.r, s.c, s.density, uint64(s.r*1000+s.c))
		m := FromDense(d)
		if r, c := m.Dims(); r != s.r || c != s.c {
			t.Fatalf("Dims = %d×%d, want %d×%d", r, c, s.r, s.c)
		}
		nnz := 0
		var sum, sq float64
		rowSums := make([]float64, s.r)
		colSums := make([]float64, s.c)
		colSq := make([]float64, s.c)
		rowSq := make([]float64, s.r)
		for i := 0; i < s.r; i++ {
			for j := 0; j < s.c; j++ {
				v := d.At(i, j)
				if v != 0 {
					nnz++
				}
				if m.At(i, j) != v {
					t.Fatalf("%d×%d: At(%d,%d) = %v, want %v", s.r, s.c, i, j, m.At(i, j), v)
				}
				if m.T().At(j, i) != v {
					t.Fatalf("%d×%d: T().At(%d,%d) = %v, want %v", s.r, s.c, j, i, m.T().At(j, i), v)
				}
				sum += v
				sq += v * v
				rowSums[i] += v
				colSums[j] += v
				rowSq[i] += v * v
				colSq[j] += v * v
			}
		}
		if m.NNZ() != nnz {
			t.Errorf("%d×%d: NNZ = %d, want %d", s.r, s.c, m.NNZ(), nnz)
		}
		if !mat.Equal(m.ToDense(), d) {
			t.Errorf("%d×%d: ToDense differs from the source", s.r, s.c)
		}
		if !mat.Equal(m.Transpose().ToDense(), d.T()) {
			t.Errorf("%d×%d: Transpose differs from the dense transpose", s.r, s.c)
		}
		if !scalar.EqualWithinAbsOrRel(m.Sum(), sum, tol, tol) {
			t.Errorf("%d×%d: Sum = %v, want %v", s.r, s.c, m.Sum(), sum)
		}
		if !scalar.EqualWithinAbsOrRel(m.Norm(), math.Sqrt(sq), tol, tol) {
			t.Errorf("%d×%d: Norm = %v, want %v", s.r, s.c, m.Norm(), math.Sqrt(sq))
		}
		for i := range rowSq {
			rowSq[i] = math.Sqrt(rowSq[i])
		}
		for j := range colSq {
			colSq[j] = math.Sqrt(colSq[j])
		}
		for _, c := range []struct {
			name      string
			got, want []float64
		}{
			{"RowSums", m.RowSums(), rowSums},
			{"ColSums", m.ColSums(), colSums},
			{"RowNorms", m.RowNorms(), rowSq},
			{"ColNorms", m.ColNorms(), colSq},
		} {
			if !floats.EqualApprox(c.got, c.want, tol) {
				t.Errorf("%d×%d: %s = %v, want %v", s.r, s.c, c.name, c.got, c.want)
			}
		}
	}
}

// nanDense returns an r×c matrix filled with NaN, so that an element a
// product forgets to write fails the comparison.
func nanDense(r, c int) *mat.Dense {
	d := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.Set(i, j, math.NaN())
		}
	}
	return d
}

func TestProducts(t *testing.T) {
	const tol = 1e-12
	for _, s := range shapes {
		for _, k := range []int{1, 3, 20} {
			d := randomSparse(s.r, s.c, s.density, uint64(s.r+s.c))
			m := FromDense(d)

			b := randomDense(s.c, k, 1)
			var want mat.Dense
			want.Mul(d, b)
			got := nanDense(s.r, k)
			m.MulDenseTo(got, b)
			if !mat.EqualApprox(got, &want, tol) {
				t.Errorf("%d×%d k=%d: MulDenseTo differs from dense product", s.r, s.c, k)
			}
			var fresh mat.Dense
			m.MulDenseTo(&fresh, mat.DenseCopyOf(b.T()).T()) // a non-Dense argument
			if !mat.EqualApprox(&fresh, &want, tol) {
				t.Errorf("%d×%d k=%d: MulDenseTo with a transposed argument differs", s.r, s.c, k)
			}

			bt := randomDense(s.r, k, 2)
			want.Reset()
			want.Mul(d.T(), bt)
			got = nanDense(s.c, k)
			m.TMulDenseTo(got, bt)
			if !mat.EqualApprox(got, &want, tol) {
				t.Errorf("%d×%d k=%d: TMulDenseTo differs from dense product", s.r, s.c, k)
			}

			a := randomDense(k, s.r, 3)
			want.Reset()
			want.Mul(a, d)
			got = nanDense(k, s.c)
			DenseMulTo(got, a, m)
			if !mat.EqualApprox(got, &want, tol) {
				t.Errorf("%d×%d k=%d: DenseMulTo differs from dense product", s.r, s.c, k)
			}
		}
	}
}

func TestGram(t *testing.T) {
	const tol = 1e-12
	for _, s := range shapes {
		d := randomSparse(s.r, s.c, s.density, uint64(3*s.r+s.c))
		var want mat.Dense
		want.Mul(d, d.T())
		g := FromDense(d).Gram()
		if !mat.EqualApprox(g, &want, tol) {
			t.Errorf("%d×%d: Gram differs from A·Aᵀ", s.r, s.c)
		}
	}
}

// TestDeterministic checks that a product gives bit-identical results on one
// core and on several.
func TestDeterministic(t *testing.T) {
	d := randomSparse(500, 3000, 0.02, 99)
	m := FromDense(d)
	b := randomDense(3000, 8, 5)
	a := randomDense(8, 500, 6)
	run := func() (*mat.Dense, *mat.Dense, *mat.SymDense) {
		var p, q mat.Dense
		m.MulDenseTo(&p, b)
		DenseMulTo(&q, a, m)
		return &p, &q, m.Gram()
	}
	prev := runtime.GOMAXPROCS(1)
	p1, q1, g1 := run()
	runtime.GOMAXPROCS(4)
	p4, q4, g4 := run()
	runtime.GOMAXPROCS(prev)
	if !mat.Equal(p1, p4) || !mat.Equal(q1, q4) || !mat.Equal(g1, g4) {
		t.Error("products differ between 1 and 4 goroutines")
	}
}

func TestScaleInvalidatesTranspose(t *testing.T) {
	m := FromDense(mat.NewDense(2, 2, []float64{1, 2, 0, 3}))
	_ = m.Transpose()
	m.ScaleRows([]float64{2, 1})
	m.ScaleCols([]float64{1, 10})
	want := mat.NewDense(2, 2, []float64{2, 40, 0, 30})
	if !mat.Equal(m.ToDense(), want) || !mat.Equal(m.Transpose().ToDense(), want.T()) {
		t.Errorf("after scaling got %v and transpose %v, want %v",
			mat.Formatted(m.ToDense()), mat.Formatted(m.Transpose().ToDense()), mat.Formatted(want))
	}
	if m.HasNegative() || !m.IsFinite() {
		t.Error("HasNegative/IsFinite wrong on a finite non-negative matrix")
	}
	m.Data()[0] = math.NaN()
	if m.IsFinite() {
		t.Error("IsFinite missed a NaN")
	}
	m.Data()[0] = -1
	if !m.HasNegative() {
		t.Error("HasNegative missed a negative entry")
	}
}

// TestRawKeepsTranspose checks that Raw gives the arrays without dropping
// the cached transpose, and that Data (which allows writes) drops it.
func TestRawKeepsTranspose(t *testing.T) {
	m := FromDense(mat.NewDense(2, 3, []float64{1, 0, 2, 0, 3, 0}))
	tr := m.Transpose()
	indptr, indices, data := m.Raw()
	if !slices.Equal(indptr, m.Indptr()) || !slices.Equal(indices, m.Indices()) || &data[0] != &m.data[0] {
		t.Errorf("Raw gives %v %v %v, want the matrix's own arrays", indptr, indices, data)
	}
	if m.Transpose() != tr {
		t.Error("Raw dropped the cached transpose")
	}
	m.Data()[1] = 5
	if got := m.Transpose(); got == tr || got.At(2, 0) != 5 {
		t.Error("Data did not drop the cached transpose")
	}
}

func TestEmpty(t *testing.T) {
	m, err := NewCSR(0, 3, []int{0}, []int{}, []float64{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.ToDense().IsEmpty() || m.NNZ() != 0 || m.Sum() != 0 {
		t.Error("empty matrix misbehaves")
	}
	z := FromDense(mat.NewDense(3, 4, nil))
	if z.NNZ() != 0 || z.Norm() != 0 {
		t.Errorf("zero matrix has NNZ %d, norm %v", z.NNZ(), z.Norm())
	}
}

func BenchmarkMulDense(b *testing.B) {
	d := randomSparse(2000, 20000, 0.0025, 1)
	m := FromDense(d)
	h := randomDense(20000, 20, 2)
	var dst mat.Dense
	b.ResetTimer()
	for b.Loop() {
		m.MulDenseTo(&dst, h)
	}
}

func BenchmarkGram(b *testing.B) {
	m := FromDense(randomSparse(2000, 20000, 0.0025, 1))
	b.ResetTimer()
	for b.Loop() {
		m.Gram()
	}
}
