package text

import "unsafe"

// stringArena hands out strings copied into large shared blocks, one
// allocation per block instead of one per string. A block is never written
// again once a string points into it, so the strings stay immutable.
type stringArena struct {
	block []byte
}

const arenaBlock = 64 << 10

// make returns a string holding a copy of b.
func (a *stringArena) make(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaBlock/8 {
		return string(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], len(b))
}
