// Package notebook holds the small conveniences the lesson's GoNB notebooks
// use so that their cells stay short and fast.
//
// GoNB compiles and runs a fresh program for every cell: declarations carry
// over from cell to cell, but values computed at run time do not. A Python
// notebook keeps `vectors` or `U, s, Vh` in memory; here a cell that computes
// a value stores it with Keep, and later cells read it back with Get, in a
// fraction of the time it took to compute. Cached computes a value only when
// it is not stored yet. Values are written atomically to files in Dir:
// matrices (*mat.Dense, *mat.VecDense, *sparse.CSR) in a raw binary form, and
// everything else with encoding/gob.
//
// Inside a GoNB kernel the store lives in the kernel's temporary directory,
// so, like Python variables, it lasts as long as the kernel and goes away
// when the kernel stops; a restarted kernel starts empty and the cells that
// compute the values must run again. Outside a kernel it is under the user's
// cache directory. The environment variable TOPICMODEL_NOTEBOOK_CACHE
// chooses another directory.
//
// The other helpers: Progress draws a progress bar that updates in place
// (an HTML <progress> element in the notebook, a few text lines elsewhere);
// Time runs a function and prints its wall and CPU times like IPython's
// %time; Must stops a cell with a readable message (what is missing and how
// to get it) instead of a stack trace; UseGPU says whether a GPU cell runs on
// the GPU or falls back to the CPU, and why.
package nb
