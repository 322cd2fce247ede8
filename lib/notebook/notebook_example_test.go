package notebook_test

import (
	"fmt"
	"os"

	"github.com/fastai-go/topicmodel/lib/notebook"
)

// One cell computes a value and keeps it; a later cell, a separate
// program under GoNB, reads it back.
func ExampleKeep() {
	dir, _ := os.MkdirTemp("", "store")
	defer os.RemoveAll(dir)
	os.Setenv(notebook.EnvCacheDir, dir)

	// Cell 1.
	vocab := []string{"cosmonauts", "cosmos", "cosponsored"}
	if err := notebook.Keep("vocab", vocab); err != nil {
		fmt.Println(err)
	}

	// Cell 2.
	v, err := notebook.Get[[]string]("vocab")
	fmt.Println(v[1], err)

	// A cell run before the one that computes its input.
	_, err = notebook.Get[[]string]("topics")
	fmt.Println(err != nil)
	// Output:
	// cosmos <nil>
	// true
}
