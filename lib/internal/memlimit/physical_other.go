//go:build !linux

package memlimit

// physical is unknown outside Linux: Check then accepts every size.
func physical() uint64 { return 0 }
