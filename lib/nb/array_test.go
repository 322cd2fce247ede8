package nb

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Mul gives gonum's product for every mix of dense, sparse and transposed
// operands.
func TestMulMixed(t *testing.T) {
	m, err := sparse.NewCSR(3, 4, []int{0, 2, 3, 5}, []int{0, 3, 1, 0, 2}, []float64{1, 2, 3, -4, 5})
	if err != nil {
		t.Fatal(err)
	}
	md := m.ToDense()
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(4, 2, []float64{1, 0, 0, 1, 2, 2, -1, 3})
	c := mat.NewDense(2, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	for _, tc := range []struct {
		name         string
		x, y, wx, wy mat.Matrix
	}{
		{"A·b", m, b, md, b},
		{"a·A", a, m, a, md},
		{"Aᵀ·aᵀ", m.T(), a.T(), md.T(), a.T()},
		{"c·Aᵀ", c, m.T(), c, md.T()},
		{"dense", a, a.T(), a, a.T()},
	} {
		var want mat.Dense
		want.Mul(tc.wx, tc.wy)
		if got := Mul(tc.x, tc.y); !mat.EqualApprox(got, &want, 1e-14) {
			t.Errorf("%s: got %v, want %v", tc.name, mat.Formatted(got), mat.Formatted(&want))
		}
	}
}

// ResidualNorm equals the norm of the dense residual.
func TestResidualNorm(t *testing.T) {
	m, _ := sparse.NewCSR(3, 4, []int{0, 2, 3, 5}, []int{0, 3, 1, 0, 2}, []float64{1, 2, 3, 4, 5})
	w := mat.NewDense(3, 2, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6})
	h := mat.NewDense(2, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	var r mat.Dense
	r.Mul(w, h)
	r.Sub(m.ToDense(), &r)
	if got, want := ResidualNorm(m, w, h), mat.Norm(&r, 2); !scalarClose(got, want, 1e-12) {
		t.Errorf("ResidualNorm = %v, want %v", got, want)
	}
}

func scalarClose(a, b, tol float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= tol*max(1, b)
}

func TestStringsAndShape(t *testing.T) {
	if got := (Strings{"a b", "c"}).String(); got != "['a b', 'c']" {
		t.Errorf("Strings = %q", got)
	}
	if got := Shape(mat.NewDense(2, 3, nil)); got != "(2, 3)" {
		t.Errorf("Shape = %q", got)
	}
	if got := Shape([]int{1, 2}); got != "(2,)" {
		t.Errorf("Shape = %q", got)
	}
	if got := TopK([]float64{0.5, 3, 1, 3}, 3); len(got) != 3 || got[2] != 2 {
		t.Errorf("TopK = %v", got)
	}
}
