// Package sparse provides a compressed sparse row (CSR) matrix of float64
// values and the products that topic modeling needs from it.
//
// A document-term matrix built from a text corpus is overwhelmingly zero: the
// lesson's 2034×26576 count matrix holds 133,634 non-zeros, about 0.25% of its
// entries. Storing only those entries, row by row, turns every product with a
// thin dense factor (the W and H of an NMF, the Q of a randomized SVD) into
// work proportional to the number of non-zeros rather than to m·n.
//
// CSR implements gonum's mat.Matrix, so it can be handed to any gonum routine
// that reads a matrix through At; the methods here are the fast paths. Products
// run on all available cores, but every output element is summed by one
// goroutine in a fixed order, so results are bit-for-bit the same from run to
// run and from one core count to another.
//
// MulDenseRows is the register-blocked kernel behind the sparse×dense
// products, exposed on raw slices and a range of rows, for packages that keep
// their own CSR storage or split the rows between goroutines themselves
// (lib/svd, lib/nmf); one kernel serves them all.
package sparse
