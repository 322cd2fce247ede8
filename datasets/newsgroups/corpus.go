package newsgroups

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	textfiles "github.com/fastai-go/topicmodel/datasets/files"
)

// Names of the two subset folders inside the archive.
const (
	trainFolder = "20news-bydate-train"
	testFolder  = "20news-bydate-test"
)

// subsetFolders lists the archive's subsets in the order scikit-learn
// concatenates them for subset "all".
var subsetFolders = [2]string{trainFolder, testFolder}

// The canonical archive: where Fetch downloads it from (the address
// scikit-learn uses) and its SHA-256 in hex, which a download must have.
const (
	ArchiveURL    = "https://ndownloader.figshare.com/files/5975967"
	ArchiveSHA256 = "8f1b2514ca22a5ade8fbb9cfa5727df95fa587f4c87b786e15c759fa66d95610"
)

// The canonical archive, and what a stand-in with another checksum must hold.
// They are variables only so that tests can point them at small fakes.
var (
	archiveURL           = ArchiveURL
	archiveSHA256        = ArchiveSHA256
	wantCategories       = 20
	wantFiles            = [2]int{11314, 7532}
	archiveName          = "20news-bydate.tar.gz"
	maxPostBytes   int64 = 16 << 20 // a sanity bound on one post
)

// subsetData is one subset as scikit-learn's load_files lists it before
// shuffling: category folders sorted as strings, and within each, file
// names sorted as strings. Texts are the files decoded from Latin-1, held as
// UTF-8.
type subsetData struct {
	categories []string // sorted
	docs       []doc    // by category, then file name
}

type doc struct {
	category int // index into categories
	name     string
	text     string
}

// corpus is the whole archive, parsed.
type corpus struct {
	sha256 [32]byte // of the archive it came from
	sub    [2]subsetData
}

// readArchive parses a 20news-bydate.tar.gz archive. It checks the
// archive's SHA-256; an archive with another checksum is accepted only if
// its structure matches the canonical one (wantCategories category folders
// in each subset, the same in both, wantFiles files).
func readArchive(name string) (*corpus, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("newsgroups: cannot open the archive: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	c, err := parseArchive(io.TeeReader(f, h))
	if err != nil {
		return nil, fmt.Errorf("newsgroups: %s is not a usable 20news-bydate archive: %w; delete it (the data home's copy is then downloaded again) or point Options.Archive or $%s at a good copy", name, err, EnvArchive)
	}
	// Hash whatever gzip left unread (trailing padding), so the sum covers the file.
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("newsgroups: reading %s: %w", name, err)
	}
	h.Sum(c.sha256[:0])
	if fmt.Sprintf("%x", c.sha256) == archiveSHA256 {
		return c, nil
	}
	if err := c.checkStructure(); err != nil {
		return nil, fmt.Errorf("newsgroups: %s has SHA-256 %x, not the canonical %s, and %w; "+
			"delete it or point Options.Archive at the original archive (%s)", name, c.sha256, archiveSHA256, err, archiveURL)
	}
	return c, nil
}

// checkStructure reports whether c looks like the canonical corpus.
func (c *corpus) checkStructure() error {
	for i, s := range c.sub {
		if len(s.categories) != wantCategories {
			return fmt.Errorf("its %s folder holds %d category folders instead of %d", subsetFolders[i], len(s.categories), wantCategories)
		}
		if len(s.docs) != wantFiles[i] {
			return fmt.Errorf("its %s folder holds %d posts instead of %d", subsetFolders[i], len(s.docs), wantFiles[i])
		}
	}
	if !slices.Equal(c.sub[0].categories, c.sub[1].categories) {
		return errors.New("its train and test folders hold different categories")
	}
	return nil
}

// parseArchive reads a gzipped tar stream into a corpus (without its checksum).
func parseArchive(r io.Reader) (*corpus, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not gzip data: %w", err)
	}
	gz.Multistream(false)
	tr := tar.NewReader(gz)

	type file struct {
		category, name, text string
	}
	var (
		cats  [2]map[string]bool
		files [2][]file
		buf   []byte
	)
	for i := range cats {
		cats[i] = make(map[string]bool)
	}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("corrupt or truncated tar data: %w", err)
		}
		name := strings.TrimPrefix(path.Clean(hdr.Name), "./")
		parts := strings.Split(name, "/")
		si := slices.Index(subsetFolders[:], parts[0])
		if si < 0 || len(parts) == 1 {
			continue // not part of a subset (load_files never looks there)
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			if len(parts) == 2 {
				cats[si][parts[1]] = true
			} else {
				return nil, fmt.Errorf("unexpected nested folder %q", hdr.Name)
			}
		case tar.TypeReg:
			switch len(parts) {
			case 2:
				continue // a file beside the category folders: load_files skips it
			case 3:
			default:
				return nil, fmt.Errorf("unexpected nested file %q", hdr.Name)
			}
			if hdr.Size > maxPostBytes {
				return nil, fmt.Errorf("%q is implausibly large (%d bytes)", hdr.Name, hdr.Size)
			}
			cats[si][parts[1]] = true
			buf = slices.Grow(buf[:0], int(hdr.Size))[:hdr.Size]
			if _, err := io.ReadFull(tr, buf); err != nil {
				return nil, fmt.Errorf("corrupt or truncated tar data in %q: %w", hdr.Name, err)
			}
			files[si] = append(files[si], file{parts[1], parts[2], textfiles.Latin1.Decode(buf)})
		default:
			return nil, fmt.Errorf("unexpected entry %q of type %q", hdr.Name, hdr.Typeflag)
		}
	}
	// Read to the end of the gzip stream so that its checksum is verified.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, fmt.Errorf("corrupt or truncated gzip data: %w", err)
	}
	var c corpus
	for si := range files {
		if len(cats[si]) == 0 {
			return nil, fmt.Errorf("no %s folder with category folders in it", subsetFolders[si])
		}
		fs := files[si]
		// Python's sorted() on str compares code points; for UTF-8 strings
		// Go's byte order is the same.
		slices.SortFunc(fs, func(a, b file) int {
			if c := strings.Compare(a.category, b.category); c != 0 {
				return c
			}
			return strings.Compare(a.name, b.name)
		})
		s := &c.sub[si]
		for cat := range cats[si] {
			s.categories = append(s.categories, cat)
		}
		slices.Sort(s.categories)
		s.docs = make([]doc, len(fs))
		for i, f := range fs {
			if i > 0 && f.category == fs[i-1].category && f.name == fs[i-1].name {
				return nil, fmt.Errorf("file %s/%s/%s appears twice", subsetFolders[si], f.category, f.name)
			}
			ci, _ := slices.BinarySearch(s.categories, f.category)
			s.docs[i] = doc{category: ci, name: f.name, text: f.text}
		}
	}
	return &c, nil
}
