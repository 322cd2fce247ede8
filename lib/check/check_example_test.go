package check_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func ExampleAllClose() {
	a := mat.NewDense(1, 3, []float64{1, 2, 3})
	b := mat.NewDense(1, 3, []float64{1, 2, 3 + 1e-7})
	fmt.Println(check.AllClose(a, b, check.RTol, check.ATol)) // numpy.allclose(a, b)
	fmt.Println(check.AllClose(a, b, 0, 0))
	// Output:
	// true
	// false
}

func ExampleOrthonormal() {
	q := mat.NewDense(3, 2, []float64{
		0.6, 0,
		0.8, 0,
		0, 1,
	})
	ok, dev := check.Orthonormal(q, false, check.RTol, check.ATol)
	fmt.Println(ok, dev)
	// Output:
	// true 0
}

func ExampleResidualNorm() {
	// ‖A − u·s·vᵀ‖ for a rank-1 approximation of a sparse matrix.
	a := sparse.FromDense(mat.NewDense(2, 3, []float64{
		2, 0, 0,
		0, 1, 1,
	}))
	u := mat.NewDense(2, 1, []float64{1, 0})
	vt := mat.NewDense(1, 3, []float64{1, 0, 0})
	fmt.Printf("%.6f\n", check.ResidualNorm(a, u, []float64{2}, vt))
	// Output:
	// 1.414214
}
