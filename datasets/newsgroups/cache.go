package newsgroups

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"unsafe"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

// The cache file holds the parsed archive in a flat, length-prefixed binary
// form. A load reads a small index and then only the text blocks of the
// categories it needs, each checked against its own checksum, straight into
// the memory that backs the returned strings:
//
//	header (32 bytes):
//	    magic "TMNG20\x00\x02", file length uint64, index length uint64,
//	    CRC-32C of the index uint32, CRC-32C of the preceding 28 bytes uint32
//	index:
//	    archive SHA-256 [32]byte, archive size uint64, archive mtime int64 (ns)
//	    for each subset (train, test):
//	        nCategories uint32, then for each category: name (uint32
//	        length + bytes), its text block's offset uint64, length uint64
//	        and CRC-32C uint32
//	        nDocs uint32, then for each doc: category uint32, name (uint32
//	        length + bytes), text length uint32
//	text blocks, one per subset and category: the texts (UTF-8) of its
//	docs, concatenated in index order
//
// All integers are little-endian. The header's file length detects
// truncation; the checksums detect corruption. A cache that fails any test
// is rebuilt.
const (
	cacheName   = "20news-bydate.cache"
	cacheMagic  = "TMNG20\x00\x02"
	headerBytes = 32
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errCorruptCache reports a cache file that cannot be trusted.
var errCorruptCache = errors.New("newsgroups: corrupt or truncated cache")

// archiveStamp identifies the archive a cache was built from.
type archiveStamp struct {
	sha256 [32]byte
	size   uint64
	mtime  int64
}

// cacheIndex is a decoded cache index.
type cacheIndex struct {
	path  string
	stamp archiveStamp
	sub   [2]cachedSubset
	index []byte // names are offsets into it
}

type cachedSubset struct {
	categories []string
	blocks     []textBlock // one per category
	docs       []cachedDoc // by category, then name
}

type textBlock struct {
	off, n uint64 // in the file
	crc    uint32
}

type cachedDoc struct {
	category         int32
	nameOff, nameLen uint32 // in index
	textOff, textLen uint64 // textOff from the start of the category's block
}

func (c *cacheIndex) name(d *cachedDoc) string {
	return string(c.index[d.nameOff : d.nameOff+d.nameLen])
}

// encodeCache serializes c.
func encodeCache(c *corpus, stamp archiveStamp) []byte {
	// The index first, with block offsets relative to the end of the index.
	var ix []byte
	ix = append(ix, stamp.sha256[:]...)
	ix = binary.LittleEndian.AppendUint64(ix, stamp.size)
	ix = binary.LittleEndian.AppendUint64(ix, uint64(stamp.mtime))
	putString := func(s string) {
		ix = binary.LittleEndian.AppendUint32(ix, uint32(len(s)))
		ix = append(ix, s...)
	}
	var blocks [][]byte
	var blockOffs []int // where each block's offset field sits in ix
	for _, s := range c.sub {
		ix = binary.LittleEndian.AppendUint32(ix, uint32(len(s.categories)))
		for ci, cat := range s.categories {
			putString(cat)
			var blk []byte
			for _, d := range s.docs {
				if d.category == ci {
					blk = append(blk, d.text...)
				}
			}
			blocks = append(blocks, blk)
			blockOffs = append(blockOffs, len(ix))
			ix = binary.LittleEndian.AppendUint64(ix, 0) // filled below
			ix = binary.LittleEndian.AppendUint64(ix, uint64(len(blk)))
			ix = binary.LittleEndian.AppendUint32(ix, crc32.Checksum(blk, castagnoli))
		}
		ix = binary.LittleEndian.AppendUint32(ix, uint32(len(s.docs)))
		for _, d := range s.docs {
			ix = binary.LittleEndian.AppendUint32(ix, uint32(d.category))
			putString(d.name)
			ix = binary.LittleEndian.AppendUint32(ix, uint32(len(d.text)))
		}
	}
	off := uint64(headerBytes + len(ix))
	for i, blk := range blocks {
		binary.LittleEndian.PutUint64(ix[blockOffs[i]:], off)
		off += uint64(len(blk))
	}
	b := make([]byte, 0, off)
	b = append(b, cacheMagic...)
	b = binary.LittleEndian.AppendUint64(b, off)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(ix)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(ix, castagnoli))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	b = append(b, ix...)
	for _, blk := range blocks {
		b = append(b, blk...)
	}
	return b
}

// readCacheIndex opens the cache file and checks and decodes its header and
// index. It returns an error wrapping os.ErrNotExist when there is no
// cache, and errCorruptCache when it cannot be trusted.
func readCacheIndex(name string) (*cacheIndex, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var hdr [headerBytes]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return nil, errCorruptCache
	}
	if string(hdr[:8]) != cacheMagic ||
		crc32.Checksum(hdr[:28], castagnoli) != binary.LittleEndian.Uint32(hdr[28:]) ||
		binary.LittleEndian.Uint64(hdr[8:]) != uint64(fi.Size()) {
		return nil, errCorruptCache
	}
	n := binary.LittleEndian.Uint64(hdr[16:])
	if n > uint64(fi.Size())-headerBytes {
		return nil, errCorruptCache
	}
	ix := make([]byte, n)
	if _, err := io.ReadFull(f, ix); err != nil {
		return nil, errCorruptCache
	}
	if crc32.Checksum(ix, castagnoli) != binary.LittleEndian.Uint32(hdr[24:]) {
		return nil, errCorruptCache
	}
	c, err := decodeIndex(ix, uint64(fi.Size()))
	if err != nil {
		return nil, err
	}
	c.path = name
	return c, nil
}

// decodeIndex parses a checked index of a file of the given size.
func decodeIndex(ix []byte, fileSize uint64) (*cacheIndex, error) {
	if len(ix) < 48 {
		return nil, errCorruptCache
	}
	c := &cacheIndex{index: ix}
	copy(c.stamp.sha256[:], ix)
	c.stamp.size = binary.LittleEndian.Uint64(ix[32:])
	c.stamp.mtime = int64(binary.LittleEndian.Uint64(ix[40:]))
	p := 48
	bad := false
	need := func(n int) bool {
		if bad || n > len(ix)-p {
			bad = true
		}
		return !bad
	}
	u32 := func() uint32 {
		if !need(4) {
			return 0
		}
		v := binary.LittleEndian.Uint32(ix[p:])
		p += 4
		return v
	}
	u64 := func() uint64 {
		if !need(8) {
			return 0
		}
		v := binary.LittleEndian.Uint64(ix[p:])
		p += 8
		return v
	}
	span := func() (off, n uint32) {
		n = u32()
		if !need(int(n)) {
			return 0, 0
		}
		off = uint32(p)
		p += int(n)
		return off, n
	}
	dataStart := uint64(headerBytes + len(ix))
	for si := range c.sub {
		s := &c.sub[si]
		nc := u32()
		if bad || uint64(nc) > uint64(len(ix))/24 {
			return nil, errCorruptCache
		}
		s.categories = make([]string, nc)
		s.blocks = make([]textBlock, nc)
		for i := range s.categories {
			off, n := span()
			blk := textBlock{off: u64(), n: u64(), crc: u32()}
			if bad || blk.off < dataStart || blk.off > fileSize || blk.n > fileSize-blk.off {
				return nil, errCorruptCache
			}
			s.categories[i] = string(ix[off : off+n])
			s.blocks[i] = blk
		}
		nd := u32()
		if bad || uint64(nd) > uint64(len(ix))/12 {
			return nil, errCorruptCache
		}
		s.docs = make([]cachedDoc, nd)
		filled := make([]uint64, nc)
		for i := range s.docs {
			d := &s.docs[i]
			cat := u32()
			d.nameOff, d.nameLen = span()
			d.textLen = uint64(u32())
			if bad || cat >= nc {
				return nil, errCorruptCache
			}
			d.category = int32(cat)
			d.textOff = filled[cat]
			filled[cat] += d.textLen
		}
		for i, blk := range s.blocks {
			if filled[i] != blk.n {
				return nil, errCorruptCache
			}
		}
	}
	if p != len(ix) {
		return nil, errCorruptCache
	}
	return c, nil
}

// readBlocks reads the text blocks marked in want (per subset, per
// category) into one buffer, checks their checksums and returns the buffer
// as a string together with each block's start in it (-1 when not read).
// The buffer is never written again, so the string may share its memory.
func (c *cacheIndex) readBlocks(want [2][]bool) (string, [2][]int, error) {
	var starts [2][]int
	type job struct {
		blk textBlock
		at  int
	}
	var jobs []job
	total := 0
	for si := range c.sub {
		starts[si] = make([]int, len(c.sub[si].blocks))
		for ci, blk := range c.sub[si].blocks {
			starts[si][ci] = -1
			if want[si][ci] {
				starts[si][ci] = total
				jobs = append(jobs, job{blk, total})
				total += int(blk.n)
			}
		}
	}
	if total == 0 {
		return "", starts, nil
	}
	f, err := os.Open(c.path)
	if err != nil {
		return "", starts, err
	}
	defer f.Close()
	buf := make([]byte, total)
	// Two workers share the blocks (reading and checksumming both pay off
	// in parallel once the file is in the page cache).
	workers := min(runtime.GOMAXPROCS(0), 2, len(jobs))
	if total < 4<<20 {
		workers = 1
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(jobs); i += workers {
				j := jobs[i]
				dst := buf[j.at : j.at+int(j.blk.n)]
				if _, err := f.ReadAt(dst, int64(j.blk.off)); err != nil {
					errs[w] = errCorruptCache
					return
				}
				if crc32.Checksum(dst, castagnoli) != j.blk.crc {
					errs[w] = errCorruptCache
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", starts, errCorruptCache
	}
	return unsafe.String(&buf[0], len(buf)), starts, nil
}

// tempSuffix is the pattern of writeFileAtomic's temporary files after the
// target's name.
const tempSuffix = ".tmp*"

// writeFileAtomic writes data to name through a temporary file in the same
// folder, synced and renamed into place, so that a reader never sees a
// partial file. On failure, and on SIGINT or SIGTERM while it writes, it
// removes the temporary file; one left by a killed process (SIGKILL) is
// removed by the next load (see tempfile.RemoveStale).
func writeFileAtomic(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	f, done, err := tempfile.Create(dir, filepath.Base(name)+tempSuffix)
	if err != nil {
		return err
	}
	defer done()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("renaming into place: %w", err)
	}
	return nil
}
