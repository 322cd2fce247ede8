package beam_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	tmbeam "github.com/fastai-go/topicmodel/lib/beam"
	"github.com/fastai-go/topicmodel/lib/text"
)

// Two shards of a corpus of three documents, vectorized on Prism in this
// process; the stacked row shards are the matrix text.CountVectorizer
// gives for the whole corpus.
func ExampleVectorize() {
	dir, err := os.MkdirTemp("", "vectorize-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for name, lines := range map[string]string{
		"a.jsonl": `{"text": "The cat sat on the mat."}` + "\n" + `{"text": "A cat and a dog."}` + "\n",
		"b.jsonl": `{"text": "The dog ate the cat's dinner."}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(lines), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	shards := []tmbeam.Shard{
		{Index: 0, Path: filepath.Join(dir, "a.jsonl")},
		{Index: 1, Path: filepath.Join(dir, "b.jsonl")},
	}
	res, err := tmbeam.Vectorize(context.Background(), shards, tmbeam.VectorizeOptions{
		Count:  text.CountVectorizer{StopWords: text.EnglishStopWords()},
		OutDir: filepath.Join(dir, "out"),
	}, tmbeam.RunOptions{Runner: "prism"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Vocabulary.Terms, res.Vocabulary.DF)
	m, err := tmbeam.ReadRows(res.Paths())
	if err != nil {
		log.Fatal(err)
	}
	r, c := m.Dims()
	for i := range r {
		row := make([]float64, c)
		idx, val := m.Row(i)
		for k, j := range idx {
			row[j] = val[k]
		}
		fmt.Println(row)
	}
	// Output:
	// [ate cat dinner dog mat sat] [1 3 1 2 1 1]
	// [0 1 0 0 1 1]
	// [0 1 0 1 0 0]
	// [1 1 1 1 0 0]
}
