package autograd

import (
	"bytes"
	"encoding/gob"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The lesson's warm-up: out = sum(3·(x+2)²) over a 2×2 x of ones is 108,
// and d out/dx = 6·(x+2) = 18 in every entry.
func TestVariableWarmUp(t *testing.T) {
	x := NewVariable(mat.NewDense(2, 2, []float64{1, 1, 1, 1}), true)
	if g := x.GradOf(); mat.Sum(g) != 0 {
		t.Errorf("grad before backward: %v, want zeros", g)
	}
	y := x.AddScalar(2)
	z := y.Mul(y).MulScalar(3)
	out := z.Sum()
	zv, err := z.Value()
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(zv, mat.NewDense(2, 2, []float64{27, 27, 27, 27})) {
		t.Errorf("z = %v, want 27s", mat.Formatted(zv))
	}
	ov, err := out.Value()
	if err != nil || ov.At(0, 0) != 108 {
		t.Fatalf("out = %v (%v), want 108", ov, err)
	}
	// Through a gob copy of out, as a later notebook cell has it.
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(out); err != nil {
		t.Fatal(err)
	}
	var out2 *Variable
	if err := gob.NewDecoder(&b).Decode(&out2); err != nil {
		t.Fatal(err)
	}
	if err := out2.Backward(); err != nil {
		t.Fatal(err)
	}
	if g := x.GradOf(); !mat.Equal(g, mat.NewDense(2, 2, []float64{18, 18, 18, 18})) {
		t.Errorf("x.grad = %v, want 18s", mat.Formatted(g))
	}
}
