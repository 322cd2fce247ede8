// Package nb is what the lesson's GoNB notebook cells call: values that
// live across cells, the lesson's library calls without error plumbing,
// NumPy-like helpers, timing and progress bars.
//
// # Values across cells
//
// GoNB compiles and runs every cell as a new program that repeats all the
// declarations of the cells before it, so runtime values do not carry
// over. A top-level variable initialised with Var (or Var2, Var3, or one of
// the lesson calls below) is computed by the cell that declares it and
// stored; every later cell's program reads it back instead of computing
// it, so cells use it by name as Python cells use a variable:
//
//	var vectorizer, vectors = nb.FitTransform(&text.CountVectorizer{StopWords: text.EnglishStopWords()}, docs)
//	var U, s, Vh = nb.SVD(vectors, nb.Timed)
//
// The value is keyed by its declaration as written in the program, and
// computed again when that declaration or anything it uses changes, when a
// Var value it uses is newer, or when its own cell runs again (see Var). A
// *mat.Dense is memory-mapped from its file and shared with it, so in-place
// changes persist across cells; a detached resealer checksums such files
// again once the cell's program has exited (Linux; elsewhere values are
// read whole). Every stored value has a bounded, checksummed header and a
// CRC-32C of its data: a damaged file is reported and the value computed
// again, never returned. Values live in StoreDir, inside GoNB's temporary
// directory, so a restarted kernel starts fresh.
//
// # The lesson's calls
//
// Fetch, FitTransform, SVD, RandomizedSVD, NMF and Fit, and Device stop the
// cell with one readable sentence (what is wrong, how to fix it) instead of
// returning an error; Must and Check do the same for other calls. The
// array helpers (Shape, Take, TopK, Mul, Sub, Scale, Normal, …) follow
// NumPy's meaning on gonum matrices and never make a sparse operand dense.
//
// # Timing and progress
//
// Time prints a statement's wall and CPU times as IPython's %time does; the
// Timed option does so for a lesson call when it computes. Bar is a range
// over 0…n−1 with a progress bar that updates in place, like tqdm.
package nb
