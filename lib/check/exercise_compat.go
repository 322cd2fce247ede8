package check

import (
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check/exercise"
)

// The exercise checkers moved to lib/check/exercise. These forwarders keep
// the notebooks' check.Report(check.…(…)) cells running until they import
// that package; they go away then.

// ExerciseError is exercise.Error.
//
// Deprecated: use exercise.Error.
type ExerciseError = exercise.Error

// ErrNotAnswered is exercise.ErrNotAnswered.
//
// Deprecated: use exercise.ErrNotAnswered.
var ErrNotAnswered = exercise.ErrNotAnswered

// Report is exercise.Report.
//
// Deprecated: use exercise.Report.
func Report(err error) bool { return exercise.Report(err) }

// Reconstruction is exercise.Reconstruction.
//
// Deprecated: use exercise.Reconstruction.
func Reconstruction(a, rec mat.Matrix, tol float64) error {
	return exercise.Reconstruction(a, rec, tol)
}

// OrthonormalColumns is exercise.OrthonormalColumns.
//
// Deprecated: use exercise.OrthonormalColumns.
func OrthonormalColumns(name string, q, g mat.Matrix, tol float64) error {
	return exercise.OrthonormalColumns(name, q, g, tol)
}

// ErrorCurve is exercise.ErrorCurve.
//
// Deprecated: use exercise.ErrorCurve.
func ErrorCurve(s []float64, ks []int, errs []float64, tol float64) error {
	return exercise.ErrorCurve(s, ks, errs, tol)
}
