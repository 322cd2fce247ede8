// Package reference reads the figures that scikit-learn 1.2.1 and SciPy 1.10
// produced for the lesson's cases (testdata/lesson3-sklearn.json, written by
// testdata/gen_reference.py), so that tests, benchmarks and notebooks can set
// this project's results next to the Python lesson's. Tests find the file
// with internal/testenv.Reference.
package reference

import (
	"encoding/json"
	"fmt"
	"os"
)

// Case is one experiment: the data selection and the figures measured on it.
type Case struct {
	Case struct {
		Name       string   `json:"name"`
		Subset     string   `json:"subset"`
		Categories []string `json:"categories"`
		Remove     []string `json:"remove"`
		Vectorizer string   `json:"vectorizer"`
		FullSVD    bool     `json:"full_svd"`
		RSVD       []int    `json:"rsvd"`
		NMF        [][2]int `json:"nmf"` // [k, seed] pairs
	} `json:"case"`

	NDocs          int       `json:"n_docs"`
	TargetNames    []string  `json:"target_names"`
	TargetHead     []int     `json:"target_head"`
	FilenamesHead  []string  `json:"filenames_head"`
	EmptyDocs      int       `json:"empty_docs"`
	DataSHA256Head []string  `json:"data_sha256_head"`
	Shape          [2]int    `json:"shape"`
	NNZ            int       `json:"nnz"`
	Sum            float64   `json:"sum"`
	VocabSample    []string  `json:"vocab_sample"`
	SVDSHead       []float64 `json:"svd_s_head"`
	SVDSSum        float64   `json:"svd_s_sum"`
	SVDTopics      []string  `json:"svd_topics"`
	RSVD           []struct {
		K      int       `json:"k"`
		S      []float64 `json:"s"`
		Topics []string  `json:"topics"`
		TimeS  float64   `json:"time_s"`
	} `json:"rsvd"`
	NMF []struct {
		K                 int      `json:"k"`
		Seed              int      `json:"seed"`
		NIter             int      `json:"n_iter"`
		ReconstructionErr float64  `json:"reconstruction_err"`
		Topics            []string `json:"topics"`
		TimeS             float64  `json:"time_s"`
	} `json:"nmf"`

	LoadS      float64 `json:"load_s"`
	VectorizeS float64 `json:"vectorize_s"`
	FullSVDS   float64 `json:"full_svd_s"`
}

// Load reads the reference cases from the file at path.
func Load(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	var cases []Case
	if err := json.Unmarshal(b, &cases); err != nil {
		return nil, fmt.Errorf("reference: %s is not a list of reference cases: %w", path, err)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("reference: %s holds no cases", path)
	}
	return cases, nil
}

// Named returns the case called name among cases, or false.
func Named(cases []Case, name string) (Case, bool) {
	for _, c := range cases {
		if c.Case.Name == name {
			return c, true
		}
	}
	return Case{}, false
}
