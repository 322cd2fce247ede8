package text_test

import (
	"fmt"
	"log"

	"github.com/fastai-go/topicmodel/lib/text"
)

func ExampleTfidfVectorizer() {
	docs := []string{
		"space shuttle launch",
		"shuttle launch delayed",
		"image file format",
	}
	var v text.TfidfVectorizer
	x, err := v.FitTransform(docs)
	if err != nil {
		log.Fatal(err)
	}
	vocab, idf := v.Vocabulary(), v.IDF()
	for j, t := range vocab {
		fmt.Printf("%-8s idf %.4f\n", t, idf[j])
	}
	cols, w := x.Row(0)
	for k, j := range cols {
		fmt.Printf("doc 0 %s %.4f\n", vocab[j], w[k])
	}
	// Output:
	// delayed  idf 1.6931
	// file     idf 1.6931
	// format   idf 1.6931
	// image    idf 1.6931
	// launch   idf 1.2877
	// shuttle  idf 1.2877
	// space    idf 1.6931
	// doc 0 launch 0.5179
	// doc 0 shuttle 0.5179
	// doc 0 space 0.6809
}
