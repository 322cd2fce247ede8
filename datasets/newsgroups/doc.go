// Package newsgroups loads the 20 Newsgroups corpus exactly as
// scikit-learn's fetch_20newsgroups does: the same posts, with the same
// parts removed, in the same order, with the same labels.
//
// # The corpus
//
// The "bydate" edition of 20 Newsgroups holds 18,846 Usenet posts from 20
// discussion groups, split by date into a training subset (11,314 posts,
// the older ones) and a test subset (7,532). It comes as one archive,
// 20news-bydate.tar.gz, with a folder per subset and a folder per group
// inside it, one file per post. Posts are plain text in Latin-1.
//
// # Why the order matters
//
// Topic models are sensitive to the order and content of their input:
// randomized SVD and NMF see the document-term matrix, and its rows follow
// the order of the posts. To reproduce the figures a learner sees in the
// Python lesson, this package follows scikit-learn's steps one by one:
//
//  1. load_files lists each subset's category folders and their files
//     sorted as strings (so file "10" comes before "9"), decodes every file
//     from Latin-1, and shuffles the subset with numpy's RandomState(0);
//     subset "all" is the shuffled train subset followed by the shuffled
//     test subset;
//  2. headers, footers and quotes are removed as asked (StripHeader,
//     StripFooter, StripQuoting, always in that order);
//  3. the chosen categories are kept, relabelled 0, 1, … in sorted-name
//     order whatever order they were given in;
//  4. the selection is shuffled once more with RandomState(42), or a
//     generator of the caller's choice, unless shuffling is turned off.
//
// The shuffles use lib/nprand, a bit-exact port of numpy's legacy
// generator. The strippers are written by hand (no regular expressions)
// and are tested against scikit-learn's functions and, by fuzzing, against
// a direct transcription of scikit-learn's Python.
//
// # Getting the data
//
// Fetch looks for the archive at Options.Archive, then $TOPICMODEL_ARCHIVE,
// then 20news-bydate.tar.gz in the data home (Options.DataHome, else
// $TOPICMODEL_DATA_HOME, else a "topicmodel" folder under the user's cache
// folder). If none is there it downloads the canonical archive into the
// data home, showing progress, through a ".part" file that becomes the
// archive only once its SHA-256 matches. An archive with a different
// checksum is used only if it has the canonical structure (20 categories in
// each subset, 11,314 and 7,532 posts).
//
// The download itself is in package datasets/newsgroups/download, so that
// programs that only load the corpus (every cell of the lesson's GoNB
// notebook) do not link net/http. A program that imports that package
// downloads in process; any other runs the same code in a child process,
// "go run" of FetchCommand, which needs the go command on PATH and this
// module in reach of the folder it runs in ($GONB_TMP_DIR under GoNB,
// else the current one). See RegisterDownloader.
//
// The first call parses the archive (about a second) into a cache file in
// the data home, written to a temporary file and renamed into place. The
// cache keeps the decoded texts of each subset and category in a block of
// its own with its own checksum, behind a small checksummed index, so that
// a later call reads only the categories it needs: loading the lesson's
// four categories takes about 10–20 ms, against 0.7–0.8 s for
// scikit-learn reading its own cache. A truncated or damaged cache is
// detected and rebuilt.
package newsgroups
