package npz

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"strings"

	kflate "github.com/klauspost/compress/flate"
)

// File is an open .npz archive (numpy.savez, numpy.savez_compressed,
// scipy.sparse.save_npz). Its methods may be called from several
// goroutines at once.
type File struct {
	path string
	f    *os.File
	size int64
	keys []string
	// members by key (the name without .npy), for the sizes.
	members map[string]*zip.File
}

// Open opens the .npz file at path and reads its directory; the arrays
// are read by Array. Cost: O(number of members).
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("npz: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("npz: %s is not an .npz (zip) archive or is truncated: %w", path, err)
	}
	// Deflated members are inflated by klauspost/compress, about twice as
	// fast as compress/flate on save_npz's data (BenchmarkReadCSRScale).
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	nf := &File{path: path, f: f, size: st.Size(), members: map[string]*zip.File{}}
	for _, m := range zr.File {
		key := strings.TrimSuffix(m.Name, ".npy")
		nf.keys = append(nf.keys, key)
		nf.members[key] = m
	}
	return nf, nil
}

// Keys returns the names of the arrays, as numpy.load(path).files lists
// them (without the .npy suffix), in archive order; a copy, in O(number
// of arrays).
func (f *File) Keys() []string { return append([]string(nil), f.keys...) }

// Has reports whether the archive holds an array named key, in O(1).
func (f *File) Has(key string) bool { _, ok := f.members[key]; return ok }

// Array reads the array named key (numpy.load(path)[key]). Cost: O(size
// of the member): its inflation if deflated, a copy if stored; the zip
// checksum is verified.
func (f *File) Array(key string) (*Array, error) {
	m, ok := f.members[key]
	if !ok {
		return nil, fmt.Errorf("npz: %s has no array %q (it holds %s)", f.path, key, strings.Join(f.keys, ", "))
	}
	// A damaged directory could claim any size; the elements are only
	// allocated for a size the member can hold (deflate expands at most
	// about 1032-fold), so that such a file is an error, not an
	// allocation of the claimed size.
	limit := m.CompressedSize64
	if m.Method == zip.Deflate {
		limit = 1032*m.CompressedSize64 + 1024
	}
	if m.CompressedSize64 > uint64(f.size) || m.UncompressedSize64 > limit {
		return nil, fmt.Errorf("npz: %s: %s: corrupt archive directory (member of %d bytes, %d compressed, in a file of %d)", f.path, key, m.UncompressedSize64, m.CompressedSize64, f.size)
	}
	rc, err := m.Open()
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %s: %w", f.path, key, err)
	}
	defer rc.Close()
	a, err := readArray(rc, int64(m.UncompressedSize64))
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %s: %w", f.path, key, err)
	}
	return a, nil
}

// Close closes the file; arrays already read stay valid.
func (f *File) Close() error { return f.f.Close() }
