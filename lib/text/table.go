package text

import (
	"hash/maphash"
	"math/rand/v2"
)

// termTable maps tokens to dense ids 0, 1, 2, … in order of insertion, like
// a map[string]int32 but looked up with the scanner's []byte and laid out
// for its access pattern: an open-addressing array of 16-byte slots, kept at
// most half full, each holding 32 bits of the hash, the id and the first
// eight bytes of the key. A key shorter than eight bytes is recognised from
// its slot alone, without touching the key's own bytes; most tokens are
// that short. Reads may run concurrently; writes may not.
type termTable struct {
	seed  maphash.Seed
	seed8 uint64
	slots []tableSlot
	keys  []string // id → key
	hash  []uint64 // id → hash, kept for growing
}

type tableSlot struct {
	meta   uint64 // 0: empty; else hash>>32<<32 | id+1
	prefix uint64 // the key's first eight bytes, little-endian, zero-padded
}

// newTermTable returns a table sized for about n keys.
func newTermTable(n int) *termTable {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &termTable{
		seed:  maphash.MakeSeed(),
		seed8: rand.Uint64(),
		slots: make([]tableSlot, size),
		keys:  make([]string, 0, n),
		hash:  make([]uint64, 0, n),
	}
}

// Len returns the number of keys.
func (t *termTable) Len() int { return len(t.keys) }

// hashKey returns the hash and the slot prefix of key. Tokens never hold a
// NUL byte, so the zero-padded prefix of a key shorter than eight bytes
// identifies it; such keys are hashed by mixing the prefix alone.
func hashKey[K string | []byte](t *termTable, key K) (h, prefix uint64) {
	n := min(len(key), 8)
	for i := n - 1; i >= 0; i-- {
		prefix = prefix<<8 | uint64(key[i])
	}
	if len(key) < 8 {
		// The splitmix64 finaliser.
		z := prefix ^ t.seed8
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31, prefix
	}
	switch k := any(key).(type) {
	case string:
		return maphash.String(t.seed, k), prefix
	case []byte:
		return maphash.Bytes(t.seed, k), prefix
	}
	panic("unreachable")
}

// find returns the id of key (with hash h and prefix p) and true, or the
// slot where key would go and false.
func find[K string | []byte](t *termTable, key K, h, p uint64) (id int32, slot int, ok bool) {
	mask := uint64(len(t.slots) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.meta == 0 {
			return -1, int(i), false
		}
		if s.meta>>32 == tag && s.prefix == p {
			e := int32(uint32(s.meta) - 1)
			if len(key) < 8 || t.keys[e] == string(key) {
				return e, int(i), true
			}
		}
	}
}

// lookup returns the id of key and whether it is in the table.
func lookup[K string | []byte](t *termTable, key K) (int32, bool) {
	h, p := hashKey(t, key)
	id, _, ok := find(t, key, h, p)
	return id, ok
}

// insertAt adds key (hash h, prefix p, absent from the table) at the slot
// find returned and returns its id, growing the table when half full.
func (t *termTable) insertAt(key string, h, p uint64, slot int) int32 {
	id := int32(len(t.keys))
	t.keys = append(t.keys, key)
	t.hash = append(t.hash, h)
	t.slots[slot] = tableSlot{h>>32<<32 | uint64(id+1), p}
	if 2*len(t.keys) > len(t.slots) {
		t.grow()
	}
	return id
}

// insert adds key, which must not be in the table, and returns its id.
func (t *termTable) insert(key string) int32 {
	h, p := hashKey(t, key)
	_, slot, _ := find(t, key, h, p)
	return t.insertAt(key, h, p, slot)
}

// grow doubles the slot array and reinserts every key from its kept hash.
func (t *termTable) grow() {
	old := t.slots
	t.slots = make([]tableSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.meta == 0 {
			continue
		}
		h := t.hash[uint32(s.meta)-1]
		i := h & mask
		for t.slots[i].meta != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
