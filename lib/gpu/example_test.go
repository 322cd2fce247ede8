package gpu_test

import (
	"errors"
	"fmt"

	"github.com/fastai-go/topicmodel/lib/gpu"
)

// Open a GPU when the binary was built with -tags cuda; fall back to the CPU
// otherwise.
func ExampleOpen() {
	dev, err := gpu.Open(0)
	if errors.Is(err, gpu.ErrNoCUDA) {
		fmt.Println("no CUDA in this build: use lib/nmf on the CPU")
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dev.Close()
	fmt.Println("running on", dev.Name())
}

func ExampleLessonSGD() {
	o := gpu.LessonSGD()
	fmt.Println(o.Steps, o.LR, o.Decay, o.DecayEvery, o.Lam, o.Mu)
	// Output:
	// 1000 0.05 0.9 100 100 1e-05
}
