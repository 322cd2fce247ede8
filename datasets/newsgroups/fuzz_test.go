package newsgroups

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzCache returns a valid cache file of the small corpus.
func fuzzCache(t testing.TB) []byte {
	c, err := parseArchive(bytes.NewReader(smallCorpus(t)))
	if err != nil {
		t.Fatal(err)
	}
	return encodeCache(c, archiveStamp{size: 123, mtime: 456})
}

// resealCache rewrites the header's file length and the index checksum of
// data, so that mutations reach the decoder behind them.
func resealCache(data []byte) []byte {
	if len(data) < headerBytes {
		return data
	}
	data = bytes.Clone(data)
	copy(data, cacheMagic)
	binary.LittleEndian.PutUint64(data[8:], uint64(len(data)))
	n := binary.LittleEndian.Uint64(data[16:])
	if n <= uint64(len(data)-headerBytes) {
		ix := data[headerBytes : headerBytes+int(n)]
		binary.LittleEndian.PutUint32(data[24:], crc32.Checksum(ix, castagnoli))
	}
	binary.LittleEndian.PutUint32(data[28:], crc32.Checksum(data[:28], castagnoli))
	return data
}

// FuzzCacheReader feeds arbitrary bytes, as they are or with the header's
// length and checksums made consistent (reseal), to the cache reader and
// then reads every post through it. It must return a cache or
// errCorruptCache, never panic or read out of bounds.
func FuzzCacheReader(f *testing.F) {
	good := fuzzCache(f)
	f.Add(good, false)
	f.Add(good[:len(good)-3], false)
	f.Add(good[:headerBytes+10], true)
	mut := bytes.Clone(good)
	mut[headerBytes+60] ^= 0xff // inside the index
	f.Add(mut, true)
	f.Add([]byte(cacheMagic), true)
	f.Add([]byte{}, false)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, reseal bool) {
		if reseal {
			data = resealCache(data)
		}
		name := filepath.Join(dir, fmt.Sprintf("cache-%d", len(data)))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(name)
		c, err := readCacheIndex(name)
		if err != nil {
			if err != errCorruptCache {
				t.Fatalf("error %v, want errCorruptCache", err)
			}
			return
		}
		b, err := c.selectDocs([]int{0, 1}, Options{NoShuffle: true})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "newsgroups: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			return
		}
		if len(b.Data) != len(b.Target) || len(b.Data) != len(b.Filenames) {
			t.Fatalf("%d texts, %d labels, %d names", len(b.Data), len(b.Target), len(b.Filenames))
		}
	})
}

// FuzzArchiveParser feeds small tar.gz streams (seeds: the stand-in corpus,
// truncated and nested ones) to the archive parser, which must return a
// corpus or an error, never panic; a corpus it returns must encode into a
// cache that reads back with the same posts.
func FuzzArchiveParser(f *testing.F) {
	good := smallCorpus(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(fakeArchive(f, nil, []fakeFile{{"20news-bydate-train/a/b/1", "x"}}))
	f.Add(fakeArchive(f, nil, []fakeFile{{"20news-bydate-train/a/1", "x"}, {"20news-bydate-test/a/1", "\xff\xfe"}}))
	f.Add(fakeArchive(f, []string{"20news-bydate-train", "20news-bydate-train/../x"}, []fakeFile{{"/20news-bydate-test/a/1", ""}}))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Add([]byte("<html>not found</html>"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseArchive(bytes.NewReader(data))
		if err != nil {
			return
		}
		name := filepath.Join(dir, fmt.Sprintf("cache-%d", len(data)))
		if err := os.WriteFile(name, encodeCache(c, archiveStamp{}), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(name)
		ci, err := readCacheIndex(name)
		if err != nil {
			t.Fatalf("cache of a parsed archive does not read back: %v", err)
		}
		for s := range c.sub {
			if got, want := len(ci.sub[s].docs), len(c.sub[s].docs); got != want {
				t.Fatalf("subset %d: %d posts read back, want %d", s, got, want)
			}
		}
	})
}

// TestWriteFuzzSeeds rewrites the checked-in seed files of the two fuzz
// targets above under testdata/fuzz when NEWSGROUPS_WRITE_FUZZ_SEEDS=1;
// plain go test runs them (and the f.Add seeds) as ordinary tests.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("NEWSGROUPS_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set NEWSGROUPS_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	write := func(target, name string, vals ...any) {
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, v := range vals {
			switch v := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", v)
			case bool:
				fmt.Fprintf(&b, "bool(%v)\n", v)
			}
		}
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := fuzzCache(t)
	write("FuzzCacheReader", "valid", good, false)
	write("FuzzCacheReader", "truncated-resealed", good[:len(good)-40], true)
	bad := bytes.Clone(good)
	binary.LittleEndian.PutUint32(bad[headerBytes+48:], 1<<31) // a huge category count
	write("FuzzCacheReader", "huge-count-resealed", bad, true)
	arch := smallCorpus(t)
	write("FuzzArchiveParser", "valid", arch)
	write("FuzzArchiveParser", "truncated", arch[:len(arch)*2/3])
	write("FuzzArchiveParser", "empty-tar", fakeArchive(t, nil, nil))
	write("FuzzArchiveParser", "long-name", fakeArchive(t, nil, []fakeFile{{"20news-bydate-train/" + strings.Repeat("c", 200) + "/1", "x"}}))
}
