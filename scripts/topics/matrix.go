package main

// Input from and output to NumPy/SciPy files: -matrix, -vocab, -save and
// -n-iter. Kept apart from run.go so that other inputs and methods can be
// added there without touching this file.

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// matrixConfig holds the flags of this file.
type matrixConfig struct {
	matrix, vocab, save string
	// nIter is rsvd's number of power iterations; -1 is scikit-learn's
	// 'auto' (7 when k < 0.1·min(m, n), else 4).
	nIter int
}

// addMatrixFlags registers -matrix, -vocab, -save and -n-iter.
func (m *matrixConfig) addMatrixFlags(fs *flag.FlagSet) {
	fs.StringVar(&m.matrix, "matrix", "", "read the document-term matrix (rows = documents) from a scipy.sparse.save_npz .npz or a numpy.save .npy instead of the corpus")
	fs.StringVar(&m.vocab, "vocab", "", "with -matrix: a text file of one word per line, one per column (default: topics show column indices)")
	fs.StringVar(&m.save, "save", "", "write the factors to this .npz for numpy.load: U, s, Vt (svd, rsvd; the first -k) or W, H (nmf, sgd)")
	fs.IntVar(&m.nIter, "n-iter", -1, "rsvd power iterations (default: scikit-learn's 'auto', 7 if k < 0.1·min(m, n) else 4)")
}

// checkMatrixFlags validates the flags of this file.
func (m *matrixConfig) checkMatrixFlags(method string) error {
	switch {
	case m.vocab != "" && m.matrix == "":
		return usageError{"-vocab names the columns of -matrix; give -matrix too"}
	case m.nIter < -1:
		return usageError{fmt.Sprintf("-n-iter %d: want 0 or more power iterations", m.nIter)}
	case m.save != "" && (method == "none" || method == ""):
		return usageError{"-save writes a decomposition's factors; choose one with -method svd, rsvd, nmf or sgd"}
	case m.save != "" && !strings.HasSuffix(m.save, ".npz"):
		return usageError{fmt.Sprintf("-save %q: the file name must end in .npz (numpy.load reads it)", m.save)}
	}
	return nil
}

// rsvdIters is the RandomizedOptions.Iters for -n-iter: 0 means 'auto'
// there and a negative value none.
func (m *matrixConfig) rsvdIters() int {
	switch m.nIter {
	case -1:
		return 0
	case 0:
		return -1
	}
	return m.nIter
}

// namedFactor is one array -save writes.
type namedFactor struct {
	name string
	m    mat.Matrix // a matrix, or
	v    []float64  // a vector
}

// matrixExperiment decomposes the matrix in c.matrix.
func matrixExperiment(c *config, progress io.Writer) (*Result, error) {
	res := &Result{}
	start := time.Now()
	x, err := readMatrix(c.matrix)
	if err != nil {
		return nil, err
	}
	res.Timings.Load = time.Since(start).Seconds()
	r, n := x.Dims()
	fmt.Fprintf(progress, "topics: read %s: %d×%d, %d non-zeros in %.2fs\n", c.matrix, r, n, x.NNZ(), res.Timings.Load)
	var vocab []string
	if c.vocab != "" {
		if vocab, err = readVocab(c.vocab); err != nil {
			return nil, err
		}
		if len(vocab) != n {
			return nil, fmt.Errorf("-vocab %s has %d words but the matrix has %d columns; give one word per line, one per column", c.vocab, len(vocab), n)
		}
	} else {
		vocab = make([]string, n)
		for j := range vocab {
			vocab[j] = strconv.Itoa(j)
		}
	}
	res.NDocs = r
	res.Shape = [2]int{r, n}
	res.NNZ = x.NNZ()
	res.Sum = x.Sum()
	for i := 0; i < n; i += max(1, n/25) {
		res.VocabSample = append(res.VocabSample, vocab[i])
	}
	start = time.Now()
	if c.method != "none" {
		fmt.Fprintf(progress, "topics: %s with k = %d…\n", c.method, c.k)
	}
	if err := decompose(c, x, vocab, res, progress); err != nil {
		return nil, err
	}
	res.Timings.Decompose = time.Since(start).Seconds()
	if c.method != "none" {
		fmt.Fprintf(progress, "topics: %s done in %.2fs\n", c.method, res.Timings.Decompose)
	}
	return res, nil
}

// readMatrix reads a sparse .npz (scipy.sparse.save_npz) or a dense .npy
// (numpy.save), the latter converted to CSR.
func readMatrix(path string) (*sparse.CSR, error) {
	if strings.HasSuffix(path, ".npy") {
		d, err := npz.ReadDense(path)
		if err != nil {
			return nil, err
		}
		return sparse.FromDense(d), nil
	}
	return npz.ReadCSR(path)
}

// readVocab reads one word per line (a trailing newline is optional;
// empty lines are words too, so that the count stays the column count).
func readVocab(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		words = append(words, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("-vocab %s: %w", path, err)
	}
	return words, nil
}

// saveFactors writes res's factors to path, atomically.
func saveFactors(path string, res *Result, progress io.Writer) error {
	if len(res.factors) == 0 {
		return fmt.Errorf("-save: the method produced no factors to save")
	}
	start := time.Now()
	w, err := npz.Create(path, false)
	if err != nil {
		return err
	}
	for _, f := range res.factors {
		if f.m != nil {
			err = w.Dense(f.name, f.m)
		} else {
			err = w.Write(f.name, []int{len(f.v)}, f.v)
		}
		if err != nil {
			w.Abort()
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if d := time.Since(start).Seconds(); d > 1 {
		fmt.Fprintf(progress, "topics: wrote %s in %.2fs\n", path, d)
	}
	return nil
}

// reportMatrix is report for -matrix input.
func reportMatrix(w io.Writer, c *config, res *Result) {
	fmt.Fprintf(w, "%s: %d × %d, %d non-zeros, sum %.10g\n", c.matrix, res.Shape[0], res.Shape[1], res.NNZ, res.Sum)
	if len(res.SingularValues) > 0 {
		fmt.Fprintf(w, "singular values: %.6g\n", res.SingularValues)
	}
	if res.ReconstructionErr != nil {
		fmt.Fprintf(w, "reconstruction error ‖X − WH‖_F: %.14g", *res.ReconstructionErr)
		if res.NIter != nil {
			fmt.Fprintf(w, " after %d iterations", *res.NIter)
		}
		fmt.Fprintln(w)
	}
	for i, t := range res.Topics {
		fmt.Fprintf(w, "topic %2d: %s\n", i, t)
	}
	fmt.Fprintf(w, "time: read %.3fs, decompose %.3fs\n", res.Timings.Load, res.Timings.Decompose)
}
