// Package svd computes the singular value decompositions of the lesson:
// the full thin SVD of a document-term matrix (SciPy's
// linalg.svd(a, full_matrices=False)), the randomized range finder and
// randomized SVD of scikit-learn (randomized_range_finder, randomized_svd)
// with NumPy-compatible random numbers, and the lesson's own simpler
// versions of both.
//
// # Full SVD
//
// A term matrix is short and very wide (2,034 documents × 26,576 words in
// the lesson) and almost all zeros. Full exploits that: the m×m Gram matrix
// A·Aᵀ costs little to form from sparse rows, its eigenvectors are the left
// singular vectors, and the right ones follow from one sparse product
// Aᵀ·U. The symmetric eigenproblem is solved by Householder reduction to
// tridiagonal form and Cuppen's divide and conquer (the method of LAPACK's
// dstedc), whose work is mostly parallel matrix products. Forming A·Aᵀ
// squares the condition number, which would spoil the small singular
// values; Full repairs them with a second Gram step restricted to the small
// ones and re-orthogonalises the tiniest, so the result is exact to working
// precision like LAPACK's (see Full.Factorize for the bounds).
//
// # Randomized SVD
//
// Randomized follows scikit-learn 1.2's randomized_svd step by step (test
// matrix drawn with lib/nprand in the same order, the same power iterations
// normalised by P·L from an LU factorisation with partial pivoting, economic
// QR, svd_flip), so that a seed gives scikit-learn's numbers for the same
// random_state. LessonRangeFinder and LessonRandomizedSVD are the lesson's
// hand-written versions.
//
// # Building blocks
//
// PermutedL (scipy.linalg.lu with permute_l=True), ThinQ (economic QR) and
// Flip (svd_flip) are exported for the notebook cells that use them.
// Sparse input is any sparse.RawCSR, such as *sparse.CSR from lib/sparse; it is
// never densified. Dense input that is mostly zeros is converted to sparse
// storage internally, since the products are then much cheaper.
package svd
