package autograd_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/autograd"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func ExampleTrainer_Run() {
	m := sparse.FromDense(mat.NewDense(4, 3, []float64{
		1, 0, 2,
		0, 3, 0,
		2, 0, 4,
		0, 1, 0,
	}))
	o := autograd.Lesson()
	o.D, o.LR, o.Steps, o.ReportEvery = 2, 0.05, 600, 200
	tr, err := autograd.New(m, o)
	if err != nil {
		log.Fatal(err)
	}
	rep, err := tr.Run(nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("‖M − WH‖ = %.3f after %d Adam steps\n", rep.Norm, tr.Steps)
	var wh mat.Dense
	wh.Mul(tr.W, tr.H)
	fmt.Printf("%.1f\n", mat.Formatted(&wh))
	// Output:
	// ‖M − WH‖ = 1.078 after 600 Adam steps
	// ⎡1.0  0.3  2.0⎤
	// ⎢0.7  2.9  0.6⎥
	// ⎢1.9  0.4  3.9⎥
	// ⎣0.2  1.0  0.2⎦
}

func ExampleGrad() {
	// The analytic gradient of ‖M − WH‖ + λ·(mean(min(W,0)²) + mean(min(H,0)²)).
	m := sparse.FromDense(mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
	w := mat.NewDense(2, 1, []float64{1, -0.5})
	h := mat.NewDense(1, 2, []float64{1, 1})
	loss, dW, dH := autograd.Grad(m, w, h, 10)
	// R = WH − M, f = ‖R‖ = √3.5; the penalty sees W's −0.5.
	fmt.Printf("loss %.4f\ndW %.4f\ndH %.4f\n", loss, mat.Formatted(dW.T()), mat.Formatted(dH))
	// Output:
	// loss 3.1208
	// dW [ 0.5345  -6.0690]
	// dH [0.1336  0.9354]
}
