// Package files loads a corpus of one's own, in one of two layouts, into
// the same kind of value the 20 Newsgroups loader returns (Data, Target,
// TargetNames, Filenames), so that the vectorizers and decompositions of
// this module run on it unchanged.
//
// # A folder of text files
//
// LoadFolder reads a folder the way scikit-learn 1.2's
//
//	load_files(dir, encoding="utf-8", decode_error="replace", shuffle=True, random_state=0)
//
// does: every sub-folder of dir is a category, every entry of a category
// folder is one document, and the document's label is the index of its
// category. Folders and files are taken in the order of Python's sorted()
// on their names: by code point, which for UTF-8 names is Go's byte order
// (a name that is not valid UTF-8 sorts as Python's surrogateescape
// decoding of it does). Anything at the top level that is not a folder is
// ignored, as load_files ignores it. The list of documents is then shuffled
// with numpy's legacy RandomState(0) (lib/nprand, bit for bit), or not at
// all.
//
// Texts are decoded from UTF-8, with each ill-formed subsequence replaced
// by U+FFFD exactly as Python's decode_error="replace" does (one U+FFFD per
// maximal subpart, the Unicode Standard's recommended practice; Go's
// strings.ToValidUTF8 collapses runs instead and utf8.DecodeRune splits
// truncated sequences), or from Latin-1, where every byte is the code point
// of the same value. A byte-order mark is kept, as Python keeps it.
//
// Where load_files would fail, LoadFolder returns an error that names the
// entry and says how to fix it: a folder nested inside a category folder
// (Python raises IsADirectoryError there), a special file such as a FIFO
// (on which Python would block), a file that cannot be read. It also
// refuses, where load_files returns an empty result, a folder without
// sub-folders and one without documents.
//
// # JSON Lines
//
// LoadJSONL and ReadJSONL read a JSON Lines file: one JSON object per line,
// holding the document's text in a string field ("text" by default) and
// optionally its label ("label" by default). Documents keep the file's
// order. String labels become TargetNames, sorted by code point, and the
// labels are renumbered in that order, as load_files numbers its categories;
// integer labels are sorted numerically instead and named by their decimal
// form. Lines are read whole whatever their length.
//
// # Cost
//
// Both loaders read each file once and hold every text in memory: time and
// memory are O(total size of the input), plus O(n log n) name comparisons
// to sort n entries.
package files
