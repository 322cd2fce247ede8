package newsgroups_test

import (
	"fmt"
	"log"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
)

// The lesson's corpus: four groups of the training subset, with headers,
// signatures and quoted text removed, in scikit-learn's order. Fetch finds
// the archive by its own rules ($TOPICMODEL_ARCHIVE, the data home) and
// downloads it (14 MB, SHA-256 checked) the first time, so this example is
// compiled but not run by go test; TestLessonReference checks what it
// prints against scikit-learn's figures:
//
//	2034 posts
//	[alt.atheism comp.graphics sci.space talk.religion.misc]
//	[1 3 2 0 2 0 2 1 2 1] comp.graphics/38816
func ExampleFetch() {
	b, err := newsgroups.Fetch(newsgroups.Options{
		Subset:     "train",
		Categories: []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"},
		Remove:     []string{"headers", "footers", "quotes"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(b.Data), "posts")
	fmt.Println(b.TargetNames)
	fmt.Println(b.Target[:10], newsgroups.ShortName(b.Filenames[0]))
}
