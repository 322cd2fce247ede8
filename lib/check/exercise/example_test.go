package exercise_test

import (
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check/exercise"
)

// A learner's Qᵀ·Q for a matrix whose second column is twice too long.
func ExampleOrthonormalColumns() {
	q := mat.NewDense(3, 2, []float64{
		1, 0,
		0, 2,
		0, 0,
	})
	var g mat.Dense
	g.Mul(q.T(), q)
	exercise.Report(exercise.OrthonormalColumns("Q", q, &g, 1e-12))

	// A blank exercise cell returns nil.
	exercise.Report(exercise.OrthonormalColumns("Q", q, nil, 1e-12))
	// Output:
	// ✗ orthonormal Q: Qᵀ·Q differs from the identity by 3 at (1, 1) (tolerance 3e-12): column 1 does not have unit length
	// ✗ orthonormal Q: not answered yet: gram returned nil; return Qᵀ·Q as a *mat.Dense
}
