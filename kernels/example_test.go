package kernels_test

import (
	"fmt"

	"github.com/fastai-go/topicmodel/kernels"
)

func ExampleEntries() {
	e := kernels.Entries(kernels.NMF)
	fmt.Println(len(e[kernels.RankName("nmf_sgd_update_w", 6)]), "parameters")
	fmt.Println(kernels.Version(kernels.NMF))
	// Output:
	// 8 parameters
	// 6.0 sm_70
}
