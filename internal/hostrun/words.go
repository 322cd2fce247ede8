package hostrun

import "math"

// Order is the order in which a launch runs its blocks and, within each
// block, its threads between barriers.
type Order int

const (
	// Forward runs block 0 first and, within a block, thread 0 first.
	Forward Order = iota
	// Reverse runs the last block first and, within a block, the last thread first.
	Reverse
)

// Ptr returns the argument word of a device address.
func Ptr(addr uint64) uint64 { return addr }

// Int returns the argument word of a long long parameter.
func Int(v int64) uint64 { return uint64(v) }

// Float returns the argument word of a double parameter.
func Float(v float64) uint64 { return math.Float64bits(v) }
