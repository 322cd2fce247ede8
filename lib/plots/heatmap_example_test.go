package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/plots"
)

// Six documents from two newsgroups over three topics (NMF's W), drawn as a
// heatmap with the documents grouped by newsgroup.
func ExampleHeatmap() {
	w := mat.NewDense(6, 3, []float64{
		0.9, 0.1, 0.0,
		0.0, 0.2, 0.8,
		0.8, 0.0, 0.1,
		0.1, 0.1, 0.9,
		0.7, 0.3, 0.0,
		0.0, 0.0, 0.6,
	})
	labels := []int{0, 1, 0, 1, 0, 1} // an index into the names, like Bunch.Target
	names := []string{"alt.atheism", "sci.space"}
	fig := plots.Heatmap(w, labels, names, plots.Title("W: documents × topics"))
	fig.Display() // PNG inline in GoNB; fig.DisplaySVG() for the SVG

	b, err := fig.PNG()
	if err != nil {
		fmt.Println(err)
		return
	}
	img, _ := png.Decode(bytes.NewReader(b))
	fmt.Println(img.Bounds().Size())
	// Output:
	// (614,461)
}

// Any figure can be written to a file (the format from the extension) or to
// an io.Writer in a named format.
func ExampleFigure_Save() {
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	fig := plots.Line([]float64{4, 2, 1}, plots.Title("s"))
	fmt.Println(fig.Save(filepath.Join(dir, "s.svg")))

	var buf bytes.Buffer
	_, err := fig.WriteTo(&buf, "png")
	fmt.Println(err, buf.Len() > 0)
	// Output:
	// <nil>
	// <nil> true
}
