package nb

import "fmt"

// UseGPU tells a GPU cell which path it takes. err is what opening the GPU
// returned (for example from gpu.Open(0)); name describes the device when
// it opened. With err nil it prints the device and returns true. Otherwise
// it prints why there is no GPU, how to get one, and that the cell runs the
// same computation on the CPU, and returns false.
func UseGPU(name string, err error) bool {
	if err == nil {
		fmt.Printf("GPU: %s\n", name)
		return true
	}
	fmt.Printf("No GPU for this cell: %v.\n", err)
	fmt.Println("Running the same steps on the CPU instead (same algorithm, float64).")
	fmt.Printf("For the GPU path: a machine with an NVIDIA driver, and the notebook's `%s` (see notebooks/lesson3-gpu.ipynb).\n", "%goflags -tags=cuda")
	return false
}
