package text_test

import (
	"fmt"
	"log"

	"github.com/fastai-go/topicmodel/lib/text"
)

func ExampleHashingVectorizer() {
	// scikit-learn: HashingVectorizer(n_features=16, norm=None).transform(docs)
	// gives the same rows: "space" goes to column 0 and "the" to column 14,
	// both with sign −1; "frontier" and "shuttle" count +1.
	docs := []string{"Space: the final frontier.", "the space shuttle", ""}
	v := text.HashingVectorizer{NFeatures: 16, Norm: text.NoNorm}
	m, err := v.Transform(docs)
	if err != nil {
		log.Fatal(err)
	}
	for i := range docs {
		idx, val := m.Row(i)
		fmt.Println(idx, val)
	}
	j, sign := v.Column("space")
	fmt.Println("space →", j, sign)
	// Output:
	// [0 6 10 14] [-1 -1 1 -1]
	// [0 5 14] [-1 1 -1]
	// [] []
	// space → 0 -1
}
