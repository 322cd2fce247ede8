package check

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

func TestIsClose(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		a, b, rtol, atol float64
		want             bool
	}{
		{1, 1, 0, 0, true},
		{1 + 1e-6, 1, RTol, ATol, true},
		{1 + 2e-5, 1, RTol, ATol, false},
		{1e-9, 0, RTol, ATol, true},
		{2e-8, 0, RTol, ATol, false},
		{0, 2e-8, 0.5, 0, false}, // asymmetric: rtol scales |b|
		{2e-8, 4e-8, 0.5, 0, true},
		{nan, nan, 1, 1, false},
		{nan, 1, 1, 1, false},
		{inf, inf, 0, 0, true},
		{inf, -inf, 1, 1, false},
		{inf, 1e308, 1, 1, false},
	} {
		if got := IsClose(c.a, c.b, c.rtol, c.atol); got != c.want {
			t.Errorf("IsClose(%g, %g, %g, %g) = %v, want %v", c.a, c.b, c.rtol, c.atol, got, c.want)
		}
	}
}

func TestAllClose(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(2, 2, []float64{1, 2, 3, 4.0001})
	if AllClose(a, b, RTol, ATol) {
		t.Error("4 vs 4.0001 close at rtol 1e-5")
	}
	if !AllClose(a, b, 1e-4, 0) {
		t.Error("4 vs 4.0001 not close at rtol 1e-4")
	}
	i, j, e, ok := MaxViolation(a, b, RTol, ATol)
	if ok || i != 1 || j != 1 || e <= 0 {
		t.Errorf("MaxViolation = %d,%d,%g,%v", i, j, e, ok)
	}
	if AllClose(a, mat.NewDense(2, 3, nil), 1, 1) {
		t.Error("different shapes close")
	}
	if !AllCloseSlices([]float64{1, 2}, []float64{1, 2 + 1e-9}, RTol, ATol) || AllCloseSlices([]float64{1}, []float64{1, 2}, 1, 1) {
		t.Error("AllCloseSlices")
	}
}

func TestOrthonormal(t *testing.T) {
	c, s := math.Cos(0.3), math.Sin(0.3)
	q := mat.NewDense(3, 2, []float64{c, -s, s, c, 0, 0})
	if ok, dev := Orthonormal(q, false, 0, 1e-15); !ok || dev > 1e-15 {
		t.Errorf("rotation columns: %v %g", ok, dev)
	}
	if ok, _ := Orthonormal(q, true, 0, 1e-15); ok {
		t.Error("3 rows in 2 dimensions reported orthonormal")
	}
	q.Set(0, 0, 1.01*c)
	if ok, dev := Orthonormal(q, false, RTol, ATol); ok || math.Abs(dev-(1.01*1.01*c*c+s*s-1)) > 1e-12 {
		t.Errorf("scaled column: %v %g", ok, dev)
	}
	q.Set(0, 0, math.NaN())
	if ok, dev := Orthonormal(q, false, 1, 1); ok || !math.IsInf(dev, 1) {
		t.Errorf("NaN: %v %g", ok, dev)
	}
}

func TestResidualNorm(t *testing.T) {
	a := mat.NewDense(3, 4, []float64{
		3, 0, 1, 0,
		0, 0, 0, 0,
		1, 0, 3, 2,
	})
	// A rank-1 approximation built by hand: u = e₀, s = 3, v = e₀.
	u := mat.NewDense(3, 1, []float64{1, 0, 0})
	vt := mat.NewDense(1, 4, []float64{1, 0, 0, 0})
	s := []float64{3}
	want := math.Sqrt(1 + 1 + 9 + 4) // what remains of A
	if got := ResidualNormExact(a, u, s, vt); math.Abs(got-want) > 1e-14 {
		t.Errorf("exact: %v, want %v", got, want)
	}
	if got := ResidualNorm(a, u, s, vt); math.Abs(got-want) > 1e-14 {
		t.Errorf("dense: %v, want %v", got, want)
	}
	sp := sparse.FromDense(a)
	if got := ResidualNorm(sp, u, s, vt); math.Abs(got-want) > 1e-12 {
		t.Errorf("sparse: %v, want %v", got, want)
	}
	if got := ResidualNormExact(sp, u, s, vt); math.Abs(got-want) > 1e-14 {
		t.Errorf("sparse exact: %v, want %v", got, want)
	}
	// A wide matrix spanning several column blocks.
	b := mat.NewDense(5, 700, nil)
	for i := 0; i < 5; i++ {
		for j := i; j < 700; j += 37 {
			b.Set(i, j, float64(1+(i*j)%5))
		}
	}
	zu := mat.NewDense(5, 1, nil)
	zv := mat.NewDense(1, 700, nil)
	norm := mat.Norm(b, 2)
	if got := ResidualNormExact(sparse.FromDense(b), zu, []float64{0}, zv); math.Abs(got-norm) > 1e-12*norm {
		t.Errorf("zero approximation: %v, want ‖B‖ = %v", got, norm)
	}
	defer func() {
		if recover() == nil {
			t.Error("shape mismatch did not panic")
		}
	}()
	ResidualNorm(a, u, []float64{1, 2}, vt)
}
