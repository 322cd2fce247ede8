package topics_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/topics"
)

func ExampleShowTopics() {
	vocab := []string{"god", "space", "nasa", "jesus", "image", "orbit"}
	// Two topics over six words (rows of Vᵀ or H).
	h := mat.NewDense(2, 6, []float64{
		0.9, 0.0, 0.1, 0.7, 0.0, 0.0,
		0.0, 0.8, 0.6, 0.0, 0.1, 0.5,
	})
	for _, t := range topics.ShowTopics(h, vocab, 3) {
		fmt.Println(t)
	}
	// Output:
	// god jesus nasa
	// space nasa orbit
}
