package npz_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// A matrix saved in Python with scipy.sparse.save_npz("counts.npz", X) is
// read as a *sparse.CSR; factors go back as an .npz for numpy.load.
func Example() {
	x, err := npz.ReadCSR("testdata/csr_counts.npz")
	if err != nil {
		log.Fatal(err)
	}
	r, c := x.Dims()
	fmt.Printf("%d×%d, %d non-zeros, sum %g\n", r, c, x.NNZ(), x.Sum())

	dir, err := os.MkdirTemp("", "npz")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "factors.npz")
	w, err := npz.Create(out, false)
	if err != nil {
		log.Fatal(err)
	}
	w.Write("s", []int{2}, []float64{3, 1})
	w.Dense("Vt", mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
	if err := w.Close(); err != nil { // in Python: numpy.load(out)["s"]
		log.Fatal(err)
	}
	f, err := npz.Open(out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	s, err := f.Array("s")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Keys(), s.Dtype, s.Shape, s.Float)
	// Output:
	// 30×20, 180 non-zeros, sum 448
	// [s Vt] <f8 [2] [3 1]
}

// A sparse matrix goes to Python as scipy.sparse.save_npz writes it, so
// that scipy.sparse.load_npz("counts.npz") reads it.
func ExampleWriteCSR() {
	dir, err := os.MkdirTemp("", "npz")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	x, err := sparse.NewCSR(2, 3, []int{0, 2, 3}, []int{0, 2, 1}, []float64{1, 2, 3})
	if err != nil {
		log.Fatal(err)
	}
	out := filepath.Join(dir, "counts.npz")
	if err := npz.WriteCSR(out, x, true); err != nil {
		log.Fatal(err)
	}
	f, err := npz.Open(out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Println(f.Keys())
	y, err := f.CSR()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(y))
	// Output:
	// [indices indptr format shape data]
	// ⎡1  0  2⎤
	// ⎣0  3  0⎦
}
