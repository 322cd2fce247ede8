//go:build !cuda

package gpu

// Available reports whether this binary was built with CUDA support (the
// cuda build tag). Without it every Device entry point returns ErrNoCUDA.
const Available = false

// Open would open the GPU with the given ordinal; this binary was built
// without the cuda tag, so it always returns ErrNoCUDA.
func Open(ordinal int) (*Device, error) { return nil, ErrNoCUDA }

// Count would return how many CUDA devices the driver sees; without the cuda
// tag it returns ErrNoCUDA.
func Count() (int, error) { return 0, ErrNoCUDA }
