// Package npz reads and writes the array files of NumPy and SciPy, so that
// matrices move between this project and Python without a conversion step:
// a document-term matrix saved by scipy.sparse.save_npz becomes a
// *sparse.CSR, a dense numpy.save array becomes a *mat.Dense, and the
// factors of a decomposition (U, s, Vt or W, H) go out as an .npz that
// numpy.load opens.
//
// # Formats
//
// An .npy file is a short text header (a Python dict literal giving the
// dtype, the memory order and the shape) followed by the raw elements. An
// .npz file is a zip archive of .npy members, stored (numpy.savez) or
// deflated (numpy.savez_compressed, and scipy.sparse.save_npz by default).
// Headers are parsed with codeberg.org/sbinet/npyio (after a check of their
// form, so that a damaged header is an error rather than a panic in the
// parser); the archive is read with archive/zip, deflated members inflated
// by github.com/klauspost/compress (about three times compress/flate's
// speed here), and the elements decoded straight from the stream into the
// result (float64 and int64 with no decoding pass at all), so a matrix is
// held in memory once.
//
// # What is accepted
//
// Little-endian floats (<f8, <f4) and integers (i1 to i8, u1 to u8) in C or
// Fortran order; float32 and integers are widened to float64 where a
// float matrix is asked for (integers only when exact, |v| ≤ 2⁵³).
// Everything a file can get wrong is an error, never a panic: a missing
// key, a truncated or corrupt member (zip checksums are verified), a header
// that promises more elements than the file holds, object arrays (which
// need pickle; they are refused whatever allow_pickle would say),
// big-endian, boolean, complex or string dtypes where numbers are wanted,
// NaN or ±Inf values, and sparse structure that SciPy itself would reject.
// Column indices that are unsorted within a row (SciPy allows them until
// sorted_indices is called) are sorted, as SciPy's sorted_indices does;
// duplicate entries are refused with the fix, X.sum_duplicates().
//
// # Cost
//
// Reading is linear in the file's size: a stored member costs one copy
// from the page cache, a deflated one its inflation (the members of a
// sparse matrix are inflated concurrently). A 10⁶×10⁵ matrix with 8.1·10⁷
// non-zeros saved by save_npz (204 MB compressed, 973 MB of arrays) reads
// in about 4 s on two loaded cores, 0.43 s per 100 MB of arrays
// (BenchmarkReadCSRScale). WriteCSR writes a *sparse.CSR as
// scipy.sparse.save_npz does. Writing is atomic: the archive
// is written to a temporary file beside the target and renamed over it
// only when complete, so a reader never sees half a file.
package npz
