package sgd_test

import (
	"fmt"
	"log"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func ExampleState_Run() {
	m := sparse.FromDense(mat.NewDense(4, 3, []float64{
		1, 0, 2,
		0, 3, 0,
		2, 0, 4,
		0, 1, 0,
	}))
	// The lesson's λ = 1e3 with this larger step explodes (λ·lr ≫ 1 once
	// the penalty fires); a gentler λ converges.
	o := sgd.Lesson()
	o.D, o.Lam, o.LR, o.Steps, o.ReportEvery = 2, 10, 0.05, 300, 100
	st, err := sgd.NewState(m, o)
	if err != nil {
		log.Fatal(err)
	}
	// Each line: ‖M − WH‖, min W, min H, negatives in W and in H.
	final, err := st.Run(os.Stdout)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("final norm %.4f\n", final.Norm)
	// Output:
	// 5.915628041 0.001894047637 0.003571390598 0 0
	// 0.004458625336 -0.0008296188852 -0.0008749833748 2 1
	// 4.040825667e-06 4.5766284e-07 4.309626702e-07 0 0
	// final norm 0.0000
}

func ExampleUpd() {
	// The literal form: every step forms the dense residual WH − M.
	m := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	w := mat.NewDense(2, 2, []float64{0.5, 0.1, 0.1, 0.5})
	h := mat.NewDense(2, 2, []float64{0.5, 0.1, 0.1, 0.5})
	for i := 0; i < 100; i++ {
		sgd.Upd(m, w, h, 0.1, 1e3, 1e-6)
	}
	fmt.Println(sgd.ReportOf(m, w, h))
	// Output:
	// 9.615980935e-06 3.39976262e-06 3.39976262e-06 0 0
}
