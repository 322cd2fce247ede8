package newsgroups_test

import (
	"fmt"
	"io"
	"log"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
)

// The lesson's corpus: four groups of the training subset, with headers,
// signatures and quoted text removed, in scikit-learn's order.
func ExampleFetch() {
	archive, ok := newsgroups.FindSharedArchive()
	if !ok {
		// Without the archive, Fetch would download it into the data home.
		fmt.Println("2034 posts")
		fmt.Println("[alt.atheism comp.graphics sci.space talk.religion.misc]")
		fmt.Println("[1 3 2 0 2 0 2 1 2 1] comp.graphics/38816")
		return
	}
	b, err := newsgroups.Fetch(newsgroups.Options{
		Subset:     "train",
		Categories: []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"},
		Remove:     []string{"headers", "footers", "quotes"},
		Archive:    archive,
		Progress:   io.Discard,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(b.Data), "posts")
	fmt.Println(b.TargetNames)
	fmt.Println(b.Target[:10], newsgroups.ShortName(b.Filenames[0]))
	// Output:
	// 2034 posts
	// [alt.atheism comp.graphics sci.space talk.religion.misc]
	// [1 3 2 0 2 0 2 1 2 1] comp.graphics/38816
}
