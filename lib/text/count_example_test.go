package text_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/text"
)

func ExampleCountVectorizer() {
	docs := []string{
		"The cat sat on the mat.",
		"The dog sat on the log; the dog slept.",
		"Cats and dogs!",
	}
	v := text.CountVectorizer{StopWords: text.EnglishStopWords()}
	x, err := v.FitTransform(docs)
	if err != nil {
		log.Fatal(err)
	}
	vocab := v.Vocabulary()
	fmt.Println(vocab)
	for i := range docs {
		cols, counts := x.Row(i)
		fmt.Print("doc ", i, ":")
		for k, j := range cols {
			fmt.Printf(" %s=%g", vocab[j], counts[k])
		}
		fmt.Println()
	}
	// Output:
	// [cat cats dog dogs log mat sat slept]
	// doc 0: cat=1 mat=1 sat=1
	// doc 1: dog=2 log=1 sat=1 slept=1
	// doc 2: cats=1 dogs=1
}

func ExampleCountVectorizer_Transform() {
	var v text.CountVectorizer
	if err := v.Fit([]string{"red green blue", "green green"}); err != nil {
		log.Fatal(err)
	}
	// Words the vectorizer never saw are dropped.
	x, err := v.Transform([]string{"Green and purple", "BLUE blue green"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Vocabulary())
	fmt.Println(mat.Formatted(x.ToDense()))
	// Output:
	// [blue green red]
	// ⎡0  1  0⎤
	// ⎣2  1  0⎦
}

func ExampleCountVectorizer_pruning() {
	docs := []string{
		"apples and pears",
		"apples and plums",
		"apples and figs",
		"pears and plums",
	}
	// Keep terms found in at least two documents and in at most 75% of them.
	v := text.CountVectorizer{MinDF: text.Docs(2), MaxDF: text.Fraction(0.75)}
	if err := v.Fit(docs); err != nil {
		log.Fatal(err)
	}
	fmt.Println("kept:", v.Vocabulary())
	fmt.Println("pruned:", v.PrunedTerms())
	// Output:
	// kept: [apples pears plums]
	// pruned: [and figs]
}

func ExampleTokenize() {
	fmt.Printf("%q\n", text.Tokenize("Ça coûte 3€, n'est-ce pas? ΟΔΟΣ a_b x", true))
	// Output:
	// ["ça" "coûte" "est" "ce" "pas" "οδος" "a_b"]
}

// A corpus fitted part by part: the statistics of each part add, and
// FitStats on their sum learns what Fit learns on the whole corpus.
func ExampleCountVectorizer_FitStats() {
	part1 := []string{"The cat sat on the mat.", "The dog sat on the log."}
	part2 := []string{"Cats and dogs!", "The cat and the dog."}
	v := text.CountVectorizer{StopWords: text.EnglishStopWords(), MinDF: text.Docs(2)}
	sum, err := v.Stats(part1).Add(v.Stats(part2))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum.Terms, sum.DF, sum.NDocs)
	if err := v.FitStats(sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Vocabulary())
	x, err := v.Transform(append(part1, part2...))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(x))
	// Output:
	// [cat cats dog dogs log mat sat] [2 1 2 1 1 1 2] 4
	// [cat dog sat]
	// ⎡1  0  1⎤
	// ⎢0  1  1⎥
	// ⎢0  0  0⎥
	// ⎣1  1  0⎦
}
