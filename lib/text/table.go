package text

import "hash/maphash"

// termTable maps token bytes to int32 values, like a map[string]int32 but
// looked up with a []byte and laid out for the scanner's access pattern: an
// open-addressing array of 8-byte slots (32 bits of hash, 32 bits of entry
// number) kept at most half full, so that probing stays inside a small,
// cache-resident array and keys are compared only when the hash bits match.
// Reads may run concurrently; writes may not.
type termTable struct {
	seed  maphash.Seed
	slots []uint64 // 0: empty; else hash tag << 32 | entry+1
	keys  []string
	vals  []int32
	hash  []uint64 // hash of each key, kept for growing
}

// newTermTable returns a table sized for about n keys.
func newTermTable(n int) *termTable {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &termTable{
		seed:  maphash.MakeSeed(),
		slots: make([]uint64, size),
		keys:  make([]string, 0, n),
		vals:  make([]int32, 0, n),
		hash:  make([]uint64, 0, n),
	}
}

// Len returns the number of keys.
func (t *termTable) Len() int { return len(t.keys) }

// hashOf returns the hash of key for t.
func (t *termTable) hashOf(key []byte) uint64 { return maphash.Bytes(t.seed, key) }

// find returns the value stored for key (whose hash is h) and true, or the
// slot where key would go and false.
func find[K string | []byte](t *termTable, key K, h uint64) (val int32, slot int, ok bool) {
	mask := uint64(len(t.slots) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, int(i), false
		}
		if s>>32 == tag {
			if e := uint32(s) - 1; t.keys[e] == string(key) {
				return t.vals[e], int(i), true
			}
		}
	}
}

// lookup returns the value stored for key and whether there is one.
func (t *termTable) lookup(key []byte) (int32, bool) {
	v, _, ok := find(t, key, t.hashOf(key))
	return v, ok
}

// insertAt adds key (hash h, absent from the table) with value val at the
// slot find returned, growing the table when it gets half full.
func (t *termTable) insertAt(key string, h uint64, val int32, slot int) {
	e := len(t.keys)
	t.keys = append(t.keys, key)
	t.vals = append(t.vals, val)
	t.hash = append(t.hash, h)
	t.slots[slot] = h>>32<<32 | uint64(e+1)
	if 2*len(t.keys) > len(t.slots) {
		t.grow()
	}
}

// insert adds key with value val; key must not be in the table.
func (t *termTable) insert(key string, val int32) {
	h := maphash.String(t.seed, key)
	_, slot, _ := find(t, key, h)
	t.insertAt(key, h, val, slot)
}

// grow doubles the slot array and reinserts every key from its kept hash.
func (t *termTable) grow() {
	t.slots = make([]uint64, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for e, h := range t.hash {
		i := h & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = h>>32<<32 | uint64(e+1)
	}
}
