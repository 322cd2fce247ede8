package files

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/fastai-go/topicmodel/lib/nprand"
)

// FolderOptions says how LoadFolder decodes and orders the documents. The
// zero value is scikit-learn's load_files with encoding="utf-8",
// decode_error="replace", shuffle=True and random_state=0.
type FolderOptions struct {
	// Encoding of the files; the zero value is UTF8.
	Encoding Encoding

	// NoShuffle keeps the sorted order (load_files' shuffle=False).
	NoShuffle bool

	// Rand is the generator of the shuffle, like load_files' random_state;
	// it is advanced. Nil means nprand.New(0), load_files' default.
	Rand *nprand.RandomState
}

// LoadFolder loads the documents under dir, one sub-folder of dir per
// category, as scikit-learn 1.2's load_files does:
//
//  1. the categories are the entries of dir that are folders (following
//     symbolic links), sorted as Python's sorted() sorts names; other
//     entries are ignored; label i is the i-th category;
//  2. the documents are the entries of each category folder, sorted the
//     same way, category after category;
//  3. the list is shuffled with opts.Rand (numpy's RandomState(0) by
//     default) unless opts.NoShuffle;
//  4. each file is read whole and decoded with opts.Encoding.
//
// Filenames[i] is filepath.Join(dir, category, name). Hidden files are
// documents too, as they are to load_files.
//
// The cost is O(total size of the files) time and memory, and
// O(n log n) name comparisons for n entries.
//
// LoadFolder returns an error, naming the path and the fix, if dir cannot
// be listed or is not a folder, if it has no sub-folder, if the categories
// hold no document, if an entry of a category folder is itself a folder
// (load_files fails there too) or is not a regular file (a FIFO, a
// socket, a device, a broken link), if a file cannot be read, or if
// opts.Encoding is unknown.
func LoadFolder(dir string, opts FolderOptions) (*Bunch, error) {
	if opts.Encoding != UTF8 && opts.Encoding != Latin1 {
		return nil, fmt.Errorf("files: unknown %v: use UTF8 or Latin1", opts.Encoding)
	}
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, folderError(dir, err)
	}
	var categories []string
	for _, e := range top {
		// os.path.isdir follows links and is false when Stat fails.
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err == nil && fi.IsDir() {
			categories = append(categories, e.Name())
		}
	}
	if len(categories) == 0 {
		return nil, fmt.Errorf("files: %s has no sub-folders, so no categories (%d other entries); "+
			"put each category's files in a sub-folder of its own: %s/CATEGORY/FILE", dir, len(top), dir)
	}
	slices.SortFunc(categories, compareNames)

	var (
		names  []string
		target []int
	)
	for label, cat := range categories {
		docs, err := listDocuments(filepath.Join(dir, cat))
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			names = append(names, d)
			target = append(target, label)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("files: the %d category folders of %s hold no files; put the documents in %s/CATEGORY/",
			len(categories), dir, dir)
	}

	if !opts.NoShuffle {
		rs := opts.Rand
		if rs == nil {
			rs = nprand.New(0)
		}
		rs.Shuffle(len(names), func(i, j int) {
			names[i], names[j] = names[j], names[i]
			target[i], target[j] = target[j], target[i]
		})
	}

	data, err := readDocuments(names, opts.Encoding)
	if err != nil {
		return nil, err
	}
	return &Bunch{Data: data, Target: target, TargetNames: categories, Filenames: names}, nil
}

// ReadFolder reads the documents of one folder that holds one file per
// document, such as a category folder of LoadFolder's layout, in the
// order LoadFolder takes them: by name as Python's sorted() orders names,
// each file read whole and decoded with enc. So LoadFolder(dir,
// FolderOptions{NoShuffle: true}).Data is the concatenation of
// ReadFolder's Data for the category folders of dir in sorted order; a
// corpus split into several such folders (the shards of lib/beam) reads
// as one. Filenames[i] is filepath.Join(dir, name); Target is nil. A
// folder without entries gives no documents.
//
// The errors are LoadFolder's for a category folder: dir cannot be
// listed, an entry is a folder or not a regular file, a file cannot be
// read, enc is unknown. The cost is O(total size of the files), plus
// O(n log n) name comparisons for n entries.
func ReadFolder(dir string, enc Encoding) (*Bunch, error) {
	if enc != UTF8 && enc != Latin1 {
		return nil, fmt.Errorf("files: unknown %v: use UTF8 or Latin1", enc)
	}
	names, err := listDocuments(dir)
	if err != nil {
		return nil, err
	}
	data, err := readDocuments(names, enc)
	if err != nil {
		return nil, err
	}
	return &Bunch{Data: data, Filenames: names}, nil
}

// listDocuments returns the paths of the entries of the folder dir, sorted
// by name as Python's sorted() sorts them.
func listDocuments(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("files: cannot list the folder of documents %s: %w", dir, err)
	}
	docs := make([]string, len(entries))
	for i, e := range entries {
		docs[i] = e.Name()
	}
	slices.SortFunc(docs, compareNames)
	for i, d := range docs {
		docs[i] = filepath.Join(dir, d)
	}
	return docs, nil
}

// readDocuments reads and decodes the files names, in order.
func readDocuments(names []string, enc Encoding) ([]string, error) {
	data := make([]string, len(names))
	for i, name := range names {
		b, err := readDocument(name)
		if err != nil {
			return nil, err
		}
		data[i] = enc.Decode(b)
	}
	return data, nil
}

// readDocument reads the regular file name (following links) whole. It
// looks at the file's type before opening it: opening a FIFO would block.
func readDocument(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("files: cannot read the document %s: %w (a broken symbolic link, or the folder changed while loading); remove it or restore its target", name, err)
		}
		return nil, fmt.Errorf("files: cannot read the document %s: %w", name, err)
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return nil, fmt.Errorf("files: %s is a folder inside a category folder; every entry of a category folder is a document "+
			"(load_files fails here with IsADirectoryError): move its files up into the category folder, or move it out", name)
	case !m.IsRegular():
		return nil, fmt.Errorf("files: %s is not a regular file (mode %v); remove it from the category folder", name, m)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("files: cannot read the document %s: %w", name, err)
	}
	return b, nil
}

// folderError explains why dir cannot be listed.
func folderError(dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("files: the folder %s does not exist; give the folder that holds one sub-folder per category: %w", dir, err)
	default:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("files: %s is a file, not a folder; give the folder that holds one sub-folder per category "+
				"(for a JSON Lines file use LoadJSONL)", dir)
		}
		return fmt.Errorf("files: cannot list the folder %s: %w", dir, err)
	}
}
