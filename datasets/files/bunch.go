package files

// Bunch is a loaded corpus, like scikit-learn's Bunch: document i has text
// Data[i] and label Target[i], an index into TargetNames.
type Bunch struct {
	Data []string

	// Target holds each document's label; it is nil for a JSON Lines file
	// without labels.
	Target []int

	// TargetNames are the category names in label order: sorted by code
	// point (folder names, string labels) or numerically (integer labels).
	TargetNames []string

	// Filenames are the documents' files, filepath.Join(dir, category,
	// name), for LoadFolder; nil for JSON Lines.
	Filenames []string

	// Lines are the documents' line numbers, counted from 1, for JSON
	// Lines; nil for LoadFolder.
	Lines []int
}
