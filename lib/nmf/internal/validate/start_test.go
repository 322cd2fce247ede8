package validate

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

func TestStart(t *testing.T) {
	x := mat.NewDense(2, 3, []float64{1, 0, 2, 0, 3, 0})
	xs := sparse.FromDense(x)
	nan := mat.NewDense(2, 3, []float64{1, 0, 2, 0, math.NaN(), 0})
	inf := sparse.FromDense(mat.NewDense(2, 3, []float64{1, 0, math.Inf(-1), 0, 3, 0}))
	w, h := mat.NewDense(2, 4, nil), mat.NewDense(4, 3, nil)
	for _, c := range []struct {
		name string
		x    mat.Matrix
		w, h *mat.Dense
		want []string // substrings of the error; none: no error
	}{
		{"dense input", x, w, h, nil},
		{"CSR input", xs, w, h, nil},
		{"NaN", nan, w, h, []string{"sgd: ", "NaN or infinity", "entry 1,1 is NaN", "remove or impute"}},
		{"-Inf", inf, w, h, []string{"sgd: ", "entry 0,2 is -Inf", "remove or impute"}},
		{"W too wide", x, mat.NewDense(2, 5, nil), h, []string{"sgd: W is 2×5, want 2×4", "Options.D = 4"}},
		{"W too short", x, mat.NewDense(1, 4, nil), h, []string{"sgd: W is 1×4, want 2×4", "M's 2 rows"}},
		{"H transposed", x, w, mat.NewDense(3, 4, nil), []string{"sgd: H is 3×4, want 4×3", "M's 3 columns"}},
		{"no W", x, nil, h, []string{"sgd: no start", "W 2×4 and H 4×3", "Init"}},
		{"no H", x, w, nil, []string{"sgd: no start"}},
	} {
		got, err := Start("sgd", c.x, c.w, c.h, 4)
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: unexpected error %v", c.name, err)
				continue
			}
			if !mat.Equal(got, x) {
				t.Errorf("%s: returned matrix differs from the input", c.name)
			}
			if xs, ok := c.x.(*sparse.CSR); ok && got != xs {
				t.Errorf("%s: a CSR input was copied", c.name)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, s)
			}
		}
	}
}

// TestCheckKeepsTranspose checks that Start on a CSR does not drop its
// cached transpose (Data would).
func TestStartKeepsTranspose(t *testing.T) {
	xs := sparse.FromDense(mat.NewDense(2, 3, []float64{1, 0, 2, 0, 3, 0}))
	tr := xs.Transpose()
	if _, err := Start("sgd", xs, mat.NewDense(2, 1, nil), mat.NewDense(1, 3, nil), 1); err != nil {
		t.Fatal(err)
	}
	if xs.Transpose() != tr {
		t.Error("Start dropped the cached transpose")
	}
}
