//go:build cgo

package hostrun_test

import (
	"fmt"

	"github.com/fastai-go/topicmodel/internal/hostrun"
)

// Fill a buffer with nmf_fill, the way lib/gpu launches it on a GPU: a grid
// of blocks of 256 threads, every parameter one 8-byte word.
func ExampleLaunch() {
	const n = 300
	buf, err := hostrun.Alloc(4 * n)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer hostrun.Free(buf)
	args := []uint64{hostrun.Ptr(buf), hostrun.Int(n), hostrun.Float(0.5)}
	if err := hostrun.Launch("nmf_fill", [3]int{2, 1, 1}, [3]int{256, 1, 1}, args, hostrun.Forward); err != nil {
		fmt.Println(err)
		return
	}
	out := make([]float32, n)
	if err := hostrun.Read(out, buf); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0], out[n-1])

	// A launch with the wrong number of arguments is refused.
	fmt.Println(hostrun.Launch("nmf_fill", [3]int{1, 1, 1}, [3]int{32, 1, 1}, args[:2], hostrun.Forward))
	// Output:
	// 0.5 0.5
	// hostrun: nmf_fill: takes 3 arguments, call passes 2
}
