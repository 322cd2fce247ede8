package newsgroups

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
	"github.com/fastai-go/topicmodel/lib/nprand"
)

// Environment variables read by Fetch.
const (
	// EnvDataHome names the data home when Options.DataHome is empty.
	EnvDataHome = "TOPICMODEL_DATA_HOME"
	// EnvArchive names the archive when Options.Archive is empty.
	EnvArchive = "TOPICMODEL_ARCHIVE"
)

// Options selects what Fetch loads and where it finds the data. The zero
// value loads scikit-learn's default: the training subset, all 20
// categories, nothing removed, shuffled with seed 42.
type Options struct {
	// Subset is "train" (the default when empty), "test" or "all"
	// (train followed by test before the final shuffle).
	Subset string

	// Categories lists the newsgroups to keep, in any order; empty means
	// all 20. Labels are numbered in sorted-name order.
	Categories []string

	// Remove lists the parts of each post to strip, among "headers",
	// "footers" and "quotes". They are applied in that order whatever the
	// order given here, as scikit-learn does.
	Remove []string

	// NoShuffle keeps scikit-learn's load_files order (each subset
	// shuffled with seed 0) instead of shuffling the selection again.
	NoShuffle bool

	// Rand is the generator of the final shuffle, like scikit-learn's
	// random_state; it is advanced. Nil means nprand.New(42), scikit-learn's
	// default.
	Rand *nprand.RandomState

	// DataHome is the folder for the archive and the parsed cache. Empty
	// means $TOPICMODEL_DATA_HOME, else the "topicmodel" folder under
	// os.UserCacheDir.
	DataHome string

	// Archive is the path of a 20news-bydate.tar.gz to read instead of
	// DataHome's copy. Empty means $TOPICMODEL_ARCHIVE, else
	// DataHome/20news-bydate.tar.gz, downloaded there when missing.
	Archive string

	// URL is where the archive is downloaded from when it is needed and
	// not found. Empty means $TOPICMODEL_URL, else the canonical figshare
	// address scikit-learn uses; a mirror must serve the same file (its
	// SHA-256 is checked).
	URL string

	// Progress receives progress lines while the archive is downloaded or
	// parsed (nil means os.Stderr; io.Discard silences them).
	Progress io.Writer
}

// Bunch is a loaded selection of posts, like scikit-learn's Bunch: post i
// has text Data[i], label Target[i] (an index into TargetNames) and file
// name Filenames[i].
type Bunch struct {
	Data        []string
	Target      []int
	TargetNames []string // the selected categories, sorted

	// Filenames are paths inside the archive, such as
	// "20news-bydate-train/sci.space/61092" (scikit-learn gives absolute
	// paths of files it has since deleted; both end in category/file).
	Filenames []string

	// ArchiveSHA256 is the SHA-256 of the archive the posts were read
	// from, in hex: what identifies the input of an experiment (the
	// parsed cache keeps it, so it costs nothing to report).
	ArchiveSHA256 string
}

// ShortName returns the last two elements of a file name,
// "category/file", the form in which the reference figures list files.
func ShortName(filename string) string {
	i := strings.LastIndexByte(filename, '/')
	if i <= 0 {
		return filename
	}
	j := strings.LastIndexByte(filename[:i], '/')
	return filename[j+1:]
}

// ShortNames returns ShortName of every file name, in order.
func (b *Bunch) ShortNames() []string {
	s := make([]string, len(b.Filenames))
	for i, f := range b.Filenames {
		s[i] = ShortName(f)
	}
	return s
}

// DataHome returns the folder Fetch uses when Options.DataHome is empty:
// $TOPICMODEL_DATA_HOME, else the "topicmodel" folder under
// os.UserCacheDir.
func DataHome() (string, error) {
	if d := os.Getenv(EnvDataHome); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("newsgroups: no data home: %w; set Options.DataHome or $%s", err, EnvDataHome)
	}
	return filepath.Join(d, "topicmodel"), nil
}

// Fetch loads posts of the 20 Newsgroups "bydate" corpus the way
// scikit-learn's fetch_20newsgroups does, with the same texts in the same
// order:
//
//  1. each subset's files are listed sorted (categories, then file names,
//     as strings), decoded from Latin-1, and shuffled with numpy's
//     RandomState(0) (load_files); subset "all" is train then test;
//  2. headers, footers and quotes are stripped as requested (StripHeader,
//     StripFooter, StripQuoting);
//  3. the categories are kept and their labels renumbered in sorted order;
//  4. the selection is shuffled with Options.Rand (seed 42 by default)
//     unless Options.NoShuffle.
//
// The first call parses the archive (downloading it if needed, see
// Options) into a cache file in the data home, about a second; later calls
// read from the cache only the categories they need (about 10–20 ms for
// the lesson's four, stripped; 30–40 ms for all 18,846 posts unstripped),
// and strip on all CPUs. A cache that fails its length or checksum test is
// rebuilt, as is one made from a different archive than the one named by
// Options.Archive or $TOPICMODEL_ARCHIVE.
//
// Errors name the problem and the fix: an unknown subset, category or
// Remove value (listing the valid ones), an empty selection, an archive
// that is missing, corrupt, truncated or not the 20 Newsgroups corpus, a
// failed or cut-off download, an unwritable data home. No failure leaves a
// partial archive or cache where a later call would trust it.
func Fetch(opts Options) (*Bunch, error) {
	subsets, err := subsetIndices(opts.Subset)
	if err != nil {
		return nil, err
	}
	var headers, footers, quotes bool
	for _, r := range opts.Remove {
		switch r {
		case "headers":
			headers = true
		case "footers":
			footers = true
		case "quotes":
			quotes = true
		default:
			return nil, fmt.Errorf("newsgroups: unknown Remove value %q (want any of headers, footers, quotes)", r)
		}
	}
	ix, err := load(opts, false)
	if err != nil {
		return nil, err
	}
	b, err := ix.selectDocs(subsets, opts)
	if errors.Is(err, errCorruptCache) {
		// A text block failed its checksum: rebuild and try once more.
		fmt.Fprintf(progressOf(opts), "newsgroups: %s is corrupt; rebuilding it\n", ix.path)
		if ix, err = load(opts, true); err != nil {
			return nil, err
		}
		b, err = ix.selectDocs(subsets, opts)
	}
	if err != nil {
		return nil, err
	}
	stripAll(b.Data, headers, footers, quotes)
	return b, nil
}

func progressOf(opts Options) io.Writer {
	if opts.Progress == nil {
		return os.Stderr
	}
	return opts.Progress
}

func subsetIndices(subset string) ([]int, error) {
	switch subset {
	case "", "train":
		return []int{0}, nil
	case "test":
		return []int{1}, nil
	case "all":
		return []int{0, 1}, nil
	}
	return nil, fmt.Errorf("newsgroups: unknown subset %q (want train, test or all)", subset)
}

// ArchivePath returns the archive Fetch reads for opts: Options.Archive,
// else $TOPICMODEL_ARCHIVE, else the data home's copy (where Fetch
// downloads it when it is missing). It does not check that the file
// exists.
func ArchivePath(opts Options) (string, error) {
	if a := givenArchive(opts); a != "" {
		return a, nil
	}
	home, err := dataHomeOf(opts)
	if err != nil {
		return "", err
	}
	return filepath.Join(home, archiveName), nil
}

// givenArchive is the archive opts names, or $TOPICMODEL_ARCHIVE; "" when
// neither is set.
func givenArchive(opts Options) string {
	if opts.Archive != "" {
		return opts.Archive
	}
	return os.Getenv(EnvArchive)
}

// dataHomeOf is Options.DataHome, else DataHome().
func dataHomeOf(opts Options) (string, error) {
	if opts.DataHome != "" {
		return opts.DataHome, nil
	}
	return DataHome()
}

// load returns the index of the cache, building the cache first if it is
// missing, corrupt or made from another archive, or if rebuild is set.
func load(opts Options, rebuild bool) (*cacheIndex, error) {
	home, err := dataHomeOf(opts)
	if err != nil {
		return nil, err
	}
	archive := givenArchive(opts)
	progress := progressOf(opts)
	// Leftovers of processes killed while writing.
	tempfile.RemoveStale(home, cacheName+tempSuffix)
	tempfile.RemoveStale(home, archiveName+tempfile.PartSuffix)

	cachePath := filepath.Join(home, cacheName)
	cc, err := readCacheIndex(cachePath)
	switch {
	case rebuild:
	case err == nil:
		if archive == "" {
			return cc, nil
		}
		fi, err := os.Stat(archive)
		if err != nil {
			return nil, archiveError(archive, err)
		}
		if uint64(fi.Size()) == cc.stamp.size {
			// Same size: the same archive if it has the same time stamp
			// or, failing that, the same SHA-256 (a copy).
			if fi.ModTime().UnixNano() == cc.stamp.mtime {
				return cc, nil
			}
			if sum, err := fileSHA256(archive); err == nil && sum == cc.stamp.sha256 {
				return cc, nil
			}
		}
		fmt.Fprintf(progress, "newsgroups: %s was made from another archive; rebuilding it from %s\n", cachePath, archive)
	case errors.Is(err, errCorruptCache):
		fmt.Fprintf(progress, "newsgroups: %s is corrupt or truncated; rebuilding it\n", cachePath)
	default:
		// No cache, or none that can be read: build one; if the data home
		// is unusable, that step reports it.
	}

	if err := os.MkdirAll(home, 0o755); err != nil {
		return nil, fmt.Errorf("newsgroups: cannot create the data home: %w; set Options.DataHome or $%s to a writable folder", err, EnvDataHome)
	}
	if archive == "" {
		archive = filepath.Join(home, archiveName)
		if _, err := os.Stat(archive); errors.Is(err, fs.ErrNotExist) {
			url := opts.URL
			if url == "" {
				url = os.Getenv(EnvURL)
			}
			if url == "" {
				url = archiveURL
			}
			if err := downloadArchive(archive, url, progress); err != nil {
				return nil, err
			}
		}
	}
	fi, err := os.Stat(archive)
	if err != nil {
		return nil, archiveError(archive, err)
	}
	fmt.Fprintf(progress, "newsgroups: parsing %s into %s (once)\n", archive, cachePath)
	c, err := readArchive(archive)
	if err != nil {
		return nil, err
	}
	stamp := archiveStamp{sha256: c.sha256, size: uint64(fi.Size()), mtime: fi.ModTime().UnixNano()}
	data := encodeCache(c, stamp)
	if err := writeFileAtomic(cachePath, data); err != nil {
		return nil, fmt.Errorf("newsgroups: cannot write the cache: %w; set Options.DataHome or $%s to a writable folder", err, EnvDataHome)
	}
	return readCacheIndex(cachePath)
}

// selectDocs lists, filters and orders the posts as scikit-learn does, and
// reads their (unstripped) texts from the cache.
func (c *cacheIndex) selectDocs(subsets []int, opts Options) (*Bunch, error) {
	type ref struct {
		subset int
		doc    *cachedDoc
	}
	// load_files: each subset shuffled with RandomState(0); "all" is
	// train followed by test. Labels are those of the subset's folders,
	// which are the same in both subsets.
	var refs []ref
	for _, si := range subsets {
		docs := c.sub[si].docs
		for _, i := range nprand.New(0).Permutation(len(docs)) {
			refs = append(refs, ref{si, &docs[i]})
		}
	}
	names := c.sub[subsets[len(subsets)-1]].categories

	// Categories: labels renumbered in sorted-name order.
	relabel := make([]int, len(names)) // old label -> new label, or -1
	targetNames := names
	if len(opts.Categories) > 0 {
		for i := range relabel {
			relabel[i] = -1
		}
		var keep []int
		for _, cat := range opts.Categories {
			i := slices.Index(names, cat)
			if i < 0 {
				return nil, fmt.Errorf("newsgroups: unknown category %q; the categories are %s", cat, strings.Join(names, ", "))
			}
			if slices.Contains(keep, i) {
				return nil, fmt.Errorf("newsgroups: category %q is listed twice", cat)
			}
			keep = append(keep, i)
		}
		slices.Sort(keep)
		targetNames = make([]string, len(keep))
		for j, i := range keep {
			relabel[i] = j
			targetNames[j] = names[i]
		}
	} else {
		for i := range relabel {
			relabel[i] = i
		}
	}
	sel := refs[:0]
	for _, r := range refs {
		if relabel[r.doc.category] >= 0 {
			sel = append(sel, r)
		}
	}
	if len(sel) == 0 {
		return nil, fmt.Errorf("newsgroups: the selection (subset %q, categories %v) holds no posts", opts.Subset, opts.Categories)
	}

	var want [2][]bool
	for si := range c.sub {
		want[si] = make([]bool, len(c.sub[si].categories))
	}
	for _, si := range subsets {
		for ci := range want[si] {
			want[si][ci] = relabel[ci] >= 0
		}
	}
	text, starts, err := c.readBlocks(want)
	if err != nil {
		return nil, err
	}

	if !opts.NoShuffle {
		rs := opts.Rand
		if rs == nil {
			rs = nprand.New(42)
		}
		rs.Shuffle(len(sel), func(i, j int) { sel[i], sel[j] = sel[j], sel[i] })
	}
	b := &Bunch{
		Data:        make([]string, len(sel)),
		Target:      make([]int, len(sel)),
		TargetNames: slices.Clone(targetNames),
		Filenames:   make([]string, len(sel)),

		ArchiveSHA256: hex.EncodeToString(c.stamp.sha256[:]),
	}
	for i, r := range sel {
		at := starts[r.subset][r.doc.category] + int(r.doc.textOff)
		b.Data[i] = text[at : at+int(r.doc.textLen)]
		b.Target[i] = relabel[r.doc.category]
		b.Filenames[i] = path.Join(subsetFolders[r.subset], c.sub[r.subset].categories[r.doc.category], c.name(r.doc))
	}
	return b, nil
}

// stripAll applies the requested strippers to every text, in
// scikit-learn's order, on all CPUs when there is enough work.
func stripAll(data []string, headers, footers, quotes bool) {
	if !headers && !footers && !quotes {
		return
	}
	strip := func(part []string) {
		for i, t := range part {
			if headers {
				t = StripHeader(t)
			}
			if footers {
				t = StripFooter(t)
			}
			if quotes {
				t = StripQuoting(t)
			}
			part[i] = t
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(data)/256)
	if workers <= 1 {
		strip(data)
		return
	}
	var wg sync.WaitGroup
	chunk := (len(data) + workers - 1) / workers
	for lo := 0; lo < len(data); lo += chunk {
		part := data[lo:min(lo+chunk, len(data))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			strip(part)
		}()
	}
	wg.Wait()
}

// fileSHA256 returns the SHA-256 of a file's contents.
func fileSHA256(name string) (sum [32]byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// archiveError explains a failure to stat the archive a caller named, with
// the ways to get the data.
func archiveError(archive string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("newsgroups: the archive %s (from Options.Archive or $%s) does not exist: "+
			"point it at a copy of 20news-bydate.tar.gz, or leave both empty to download it from %s into the data home: %w",
			archive, EnvArchive, archiveURL, err)
	}
	return fmt.Errorf("newsgroups: cannot read the archive %s: %w", archive, err)
}
