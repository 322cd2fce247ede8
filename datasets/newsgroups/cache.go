package newsgroups

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// The cache file holds the parsed archive in a flat, length-prefixed binary
// form that decodes with one read and no per-document allocation:
//
//	magic "TMNG20\x00\x01"
//	archive SHA-256 [32]byte, archive size uint64, archive mtime int64 (ns)
//	for each subset (train, test):
//	    nCategories uint32, then each category as uint32 length + bytes
//	    nDocs uint32, then each doc as category uint32, name (uint32 length
//	    + bytes), text length uint32
//	the texts of all docs, concatenated in that order (UTF-8)
//	trailer: file length uint64, CRC-32C of everything before it uint32
//
// All integers are little-endian. The trailer detects truncation (length)
// and corruption (checksum); a cache that fails either is rebuilt.
const (
	cacheName    = "20news-bydate.cache"
	cacheMagic   = "TMNG20\x00\x01"
	trailerBytes = 12
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

// cachedCorpus is a decoded cache: the index plus the raw text bytes.
type cachedCorpus struct {
	stamp archiveStamp
	sub   [2]cachedSubset
	buf   []byte // the whole file; names and texts are offsets into it
}

type cachedSubset struct {
	categories []string
	docs       []cachedDoc
}

type cachedDoc struct {
	category         int32
	nameOff, nameLen uint32
	textOff, textLen uint32
}

func (c *cachedCorpus) name(d *cachedDoc) string {
	return string(c.buf[d.nameOff : d.nameOff+d.nameLen])
}

// encodeCache serializes c.
func encodeCache(c *corpus, stamp archiveStamp) []byte {
	size := len(cacheMagic) + 48 + trailerBytes
	for _, s := range c.sub {
		size += 8
		for _, cat := range s.categories {
			size += 4 + len(cat)
		}
		for _, d := range s.docs {
			size += 12 + len(d.name) + len(d.text)
		}
	}
	b := make([]byte, 0, size)
	b = append(b, cacheMagic...)
	b = append(b, stamp.sha256[:]...)
	b = binary.LittleEndian.AppendUint64(b, stamp.size)
	b = binary.LittleEndian.AppendUint64(b, uint64(stamp.mtime))
	putString := func(s string) {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	for _, s := range c.sub {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s.categories)))
		for _, cat := range s.categories {
			putString(cat)
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s.docs)))
		for _, d := range s.docs {
			b = binary.LittleEndian.AppendUint32(b, uint32(d.category))
			putString(d.name)
			b = binary.LittleEndian.AppendUint32(b, uint32(len(d.text)))
		}
	}
	for _, s := range c.sub {
		for _, d := range s.docs {
			b = append(b, d.text...)
		}
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(len(b)+trailerBytes))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	return b
}

// decodeCache checks and indexes a cache file's bytes. It keeps b.
func decodeCache(b []byte) (*cachedCorpus, error) {
	if len(b) < len(cacheMagic)+48+trailerBytes || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil, errCorruptCache
	}
	tr := b[len(b)-trailerBytes:]
	if binary.LittleEndian.Uint64(tr) != uint64(len(b)) {
		return nil, errCorruptCache
	}
	if crc32.Checksum(b[:len(b)-4], castagnoli) != binary.LittleEndian.Uint32(tr[8:]) {
		return nil, errCorruptCache
	}
	body := b[:len(b)-trailerBytes]
	c := &cachedCorpus{buf: b}
	p := len(cacheMagic)
	copy(c.stamp.sha256[:], body[p:])
	p += 32
	c.stamp.size = binary.LittleEndian.Uint64(body[p:])
	c.stamp.mtime = int64(binary.LittleEndian.Uint64(body[p+8:]))
	p += 16

	bad := false
	u32 := func() uint32 {
		if p+4 > len(body) {
			bad = true
			return 0
		}
		v := binary.LittleEndian.Uint32(body[p:])
		p += 4
		return v
	}
	span := func() (off, n uint32) {
		n = u32()
		if bad || uint64(p)+uint64(n) > uint64(len(body)) {
			bad = true
			return 0, 0
		}
		off = uint32(p)
		p += int(n)
		return off, n
	}
	var textTotal uint64
	for si := range c.sub {
		s := &c.sub[si]
		nc := u32()
		if bad || uint64(nc)*4 > uint64(len(body)) {
			return nil, errCorruptCache
		}
		s.categories = make([]string, nc)
		for i := range s.categories {
			off, n := span()
			if bad {
				return nil, errCorruptCache
			}
			s.categories[i] = string(body[off : off+n])
		}
		nd := u32()
		if bad || uint64(nd)*12 > uint64(len(body)) {
			return nil, errCorruptCache
		}
		s.docs = make([]cachedDoc, nd)
		for i := range s.docs {
			d := &s.docs[i]
			cat := u32()
			d.nameOff, d.nameLen = span()
			d.textLen = u32()
			if bad || cat >= nc {
				return nil, errCorruptCache
			}
			d.category = int32(cat)
			textTotal += uint64(d.textLen)
		}
	}
	if uint64(p)+textTotal != uint64(len(body)) {
		return nil, errCorruptCache
	}
	off := uint32(p)
	for si := range c.sub {
		for i := range c.sub[si].docs {
			d := &c.sub[si].docs[i]
			d.textOff = off
			off += d.textLen
		}
	}
	return c, nil
}

// readCache loads and checks the cache file; os.ErrNotExist when absent.
func readCache(name string) (*cachedCorpus, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return decodeCache(b)
}

// writeFileAtomic writes data to name through a temporary file in the same
// folder, synced and renamed into place, so that a reader never sees a
// partial file. On failure it removes the temporary file.
func writeFileAtomic(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
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
