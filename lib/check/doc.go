// Package check holds the numerical checks that the lesson's exercises ask
// for, with NumPy's semantics so that a Go answer can be compared with the
// Python one: AllClose (numpy.allclose), orthonormality of the columns or
// rows of a matrix, and the Frobenius norm of the residual A − U·diag(s)·Vᵀ
// of a (possibly truncated) decomposition, computed without forming a dense
// m×n residual.
//
// Tolerances are always explicit arguments; NumPy's defaults are provided as
// the constants RTol and ATol.
//
// The ✓/✗ checkers of the exercises, which the notebooks print, are in
// lib/check/exercise.
package check
