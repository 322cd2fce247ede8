package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"

	"github.com/fastai-go/topicmodel/lib/plots"
)

// A decaying series drawn the way a notebook cell would, then rendered to
// PNG in memory as a test or a command would.
func ExampleLine() {
	s := make([]float64, 100)
	for i := range s {
		s[i] = 50 * math.Exp(-float64(i)/10)
	}
	fig := plots.Line(s, plots.Title("singular values"))
	fig.Display() // shows the figure inline in GoNB; nothing elsewhere

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

// Bad data is reported, not drawn.
func ExampleLine_badData() {
	fig := plots.Line([]float64{1, math.NaN(), 3})
	fmt.Println(fig.Err())
	// Output:
	// plots: y[1] is NaN: remove or replace it before plotting
}
