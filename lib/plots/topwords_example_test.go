package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/plots"
	"github.com/fastai-go/topicmodel/lib/topics"
)

// The top words of two topics as bar charts, as a notebook cell would show
// them after NMF (H is topics × words), then rendered to SVG in memory.
func ExampleTopWords() {
	vocab := []string{"god", "space", "nasa", "jesus", "image", "orbit"}
	h := mat.NewDense(2, 6, []float64{
		0.9, 0.0, 0.1, 0.7, 0.0, 0.0,
		0.0, 0.8, 0.6, 0.0, 0.1, 0.5,
	})
	fig := plots.TopWords(h, vocab, 3, plots.Title("Topics in NMF model"))
	fig.Display() // shows the PNG inline in GoNB; nothing elsewhere

	// The panels show ShowTopics' words, largest on top.
	fmt.Println(topics.ShowTopics(h, vocab, 3))
	b, _ := fig.PNG()
	img, _ := png.Decode(bytes.NewReader(b))
	fmt.Println(img.Bounds().Size())
	svg, _ := fig.SVG()
	fmt.Println(strings.Contains(string(svg), ">orbit<"), strings.Contains(string(svg), ">Topic 2<"))
	// Output:
	// [god jesus nasa space nasa orbit]
	// (499,188)
	// true true
}

// A vocabulary that does not fit the matrix is reported, not drawn.
func ExampleNewTopWords_badData() {
	h := mat.NewDense(2, 3, nil)
	_, err := plots.NewTopWords(h, []string{"god", "space"}, 10)
	fmt.Println(err)
	// Output:
	// plots: TopWords: components has 3 columns but vocab has 2 words: they must match
}
