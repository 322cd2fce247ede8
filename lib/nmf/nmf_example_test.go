package nmf_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func ExampleNMF_FitTransform() {
	// Six documents over four words: two themes, words {0,1} and {2,3}.
	// (scikit-learn prints the same numbers.)
	x := sparse.FromDense(mat.NewDense(6, 4, []float64{
		3, 2, 0, 0,
		4, 3, 0, 0,
		1, 1, 0, 0,
		0, 0, 5, 2,
		0, 0, 3, 1,
		0, 1, 4, 2,
	}))
	p := nmf.New(2)
	p.RandomState = 1
	model, err := p.FitTransform(x)
	if err != nil {
		log.Fatal(err)
	}
	h := model.Components
	for t := 0; t < 2; t++ {
		fmt.Printf("topic %d: %.2f\n", t, mat.Row(nil, t, h))
	}
	fmt.Printf("init %s, error %.4f, converged %v\n", model.Params.Init, model.ReconstructionErr, model.Warning == nil)
	// Output:
	// topic 0: [0.00 0.32 5.19 2.19]
	// topic 1: [2.61 1.94 0.00 0.01]
	// init nndsvda, error 0.8443, converged true
}

func ExampleModel_Transform() {
	x := mat.NewDense(4, 3, []float64{
		2, 1, 0,
		4, 2, 0,
		0, 1, 3,
		0, 2, 6,
	})
	p := nmf.New(2)
	p.RandomState = 0
	model, err := p.FitTransform(x)
	if err != nil {
		log.Fatal(err)
	}
	// A new document that is half the first theme and half the second.
	tr, err := model.Transform(mat.NewDense(1, 3, []float64{1, 1, 1.5}))
	if err != nil {
		log.Fatal(err)
	}
	var back mat.Dense
	back.Mul(tr.W, model.Components)
	fmt.Printf("reconstructed: %.2f\n", mat.Row(nil, 0, &back))
	// Output:
	// reconstructed: [1.00 1.00 1.50]
}

func ExampleNMF_FitTransform_badInput() {
	x := mat.NewDense(2, 2, []float64{1, -1, 0, 2})
	_, err := nmf.New(1).FitTransform(x)
	fmt.Println(err)
	// Output:
	// nmf: negative values in data passed to NMF (input X): -1 at row 0, column 1; NMF needs X ≥ 0
}
