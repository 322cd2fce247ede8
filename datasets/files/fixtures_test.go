package files

import (
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// expected is testdata/files_expected.json, written by
// testdata/gen_files.py with scikit-learn 1.2.1 and Python 3.
type expected struct {
	Sklearn     string       `json:"sklearn"`
	FolderCases []folderCase `json:"folder_cases"`
	ExtraCases  []struct {
		folderCase
		AddDir      string   `json:"add_dir"`
		AddFile     string   `json:"add_file"`
		Error       *string  `json:"error"`
		ErrorPath   string   `json:"error_path"`
		NamesHex    []string `json:"names_hex"`
		FilenamesHx []string `json:"filenames_hex"`
		DataHex     []string `json:"data_hex"`
	} `json:"extra_cases"`
	Decode []struct {
		Input  string `json:"input"`
		Output string `json:"output"`
	} `json:"decode"`
	JSONLCases []struct {
		File        string   `json:"file"`
		TextField   string   `json:"text_field"`
		NoLabels    bool     `json:"no_labels"`
		Data        []string `json:"data"`
		Lines       []int    `json:"lines"`
		Target      []int    `json:"target"`
		TargetNames []string `json:"target_names"`
	} `json:"jsonl_cases"`
}

type folderCase struct {
	Name        string   `json:"name"`
	Encoding    string   `json:"encoding"`
	Shuffle     bool     `json:"shuffle"`
	RandomState uint32   `json:"random_state"`
	Data        []string `json:"data"`
	Target      []int    `json:"target"`
	TargetNames []string `json:"target_names"`
	Filenames   []string `json:"filenames"`
}

var (
	expOnce sync.Once
	exp     expected
	expErr  error
)

func loadExpected(t *testing.T) *expected {
	t.Helper()
	expOnce.Do(func() {
		b, err := os.ReadFile("testdata/files_expected.json")
		if err != nil {
			expErr = err
			return
		}
		expErr = json.Unmarshal(b, &exp)
	})
	if expErr != nil {
		t.Fatal(expErr)
	}
	return &exp
}
