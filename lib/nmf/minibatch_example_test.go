package nmf_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func ExampleMiniBatchNMF_FitTransform() {
	// Six documents over four words: two themes, words {0,1} and {2,3},
	// in mini-batches of three documents. (scikit-learn prints the same
	// numbers, and warns that 200 passes were reached.)
	x := sparse.FromDense(mat.NewDense(6, 4, []float64{
		3, 2, 0, 0,
		4, 3, 0, 0,
		1, 1, 0, 0,
		0, 0, 5, 2,
		0, 0, 3, 1,
		0, 1, 4, 2,
	}))
	p := nmf.NewMiniBatch(2)
	p.BatchSize = 3
	p.RandomState = 1
	model, err := p.FitTransform(x)
	if err != nil {
		log.Fatal(err)
	}
	for t := 0; t < 2; t++ {
		fmt.Printf("topic %d: %.2f\n", t, mat.Row(nil, t, model.Components))
	}
	fmt.Printf("passes %d, steps %d, error %.4f, warning %v\n", model.NIter, model.NSteps, model.ReconstructionErr, model.Warning != nil)

	// One more mini-batch, as scikit-learn's partial_fit, then the topic
	// weights of the first document.
	if err := model.PartialFit(x.ToDense().Slice(0, 2, 0, 4)); err != nil {
		log.Fatal(err)
	}
	tr, err := model.Transform(x.ToDense().Slice(0, 1, 0, 4))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("steps %d, first document %.2g\n", model.NSteps, tr.W.RawRowView(0))
	// Output:
	// topic 0: [0.00 0.18 2.99 1.26]
	// topic 1: [3.01 2.25 0.00 0.01]
	// passes 200, steps 400, error 0.8444, warning true
	// steps 401, first document [0.00073 0.96]
}
