//go:build !cgo

package hostrun

import "errors"

// Available reports whether this build can run kernels: it needs cgo and a
// C++17 compiler (CGO_ENABLED=1 and g++).
const Available = false

var errNoCgo = errors.New("hostrun: built without cgo; set CGO_ENABLED=1 and install a C++17 compiler (g++) to run the kernels on the CPU")

// Alloc returns an error: this build has no cgo.
func Alloc(bytes int) (uint64, error) { return 0, errNoCgo }

// Free returns an error: this build has no cgo.
func Free(addr uint64) error { return errNoCgo }

// Write returns an error: this build has no cgo.
func Write[T int32 | float32 | float64](addr uint64, src []T) error { return errNoCgo }

// Read returns an error: this build has no cgo.
func Read[T int32 | float32 | float64](dst []T, addr uint64) error { return errNoCgo }

// Launch returns an error: this build has no cgo.
func Launch(name string, grid, block [3]int, args []uint64, order Order) error { return errNoCgo }

// Entries returns nil: this build has no cgo.
func Entries() map[string]int { return nil }
