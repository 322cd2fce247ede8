package gpu

import (
	"sync"

	"github.com/fastai-go/topicmodel/kernels"
)

var (
	entriesOnce sync.Once
	entries     map[string]map[string][]kernels.ParamKind
)

// ptxEntries returns, for each PTX module, its kernels' parameter kinds as
// the PTX declares them; every launch is checked against them. Cost: one
// parse of each module's PTX, on first use.
func ptxEntries() map[string]map[string][]kernels.ParamKind {
	entriesOnce.Do(func() {
		entries = map[string]map[string][]kernels.ParamKind{
			"nmf":    kernels.Entries(kernels.NMF),
			"matmul": kernels.Entries(kernels.MatMul),
		}
	})
	return entries
}
