package plots

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fastai-go/topicmodel/lib/internal/display"
)

// Default figure size: about matplotlib's default 6.4×4.8 inch figure,
// rendered at gonum/plot's 96 dots per inch (614×461 pixels). Line, LineXY
// and Heatmap use it; TopWords sizes itself from its grid of panels.
const (
	DefaultWidth  = 6.4 * vg.Inch
	DefaultHeight = 4.8 * vg.Inch
)

// Figure is one image ready to render: a single plot (Line, LineXY), a plot
// with a colour bar (Heatmap) or a grid of panels (TopWords). Build it with
// one of those constructors; the zero value is not usable.
type Figure struct {
	p      *plot.Plot   // the plot: Line's, the heatmap itself, or TopWords' first panel
	panels []*plot.Plot // TopWords: one panel per topic, row-major; panels[0] == p
	bars   []*plotter.BarChart
	cols   int        // columns of the panel grid
	bar    *plot.Plot // Heatmap's colour bar
	title  string     // TopWords: the title above the whole grid

	width, height vg.Length
	err           error
	set           settings
}

// settings are what the options ask for; the constructors apply them once
// the options have run, so options may be given in any order.
type settings struct {
	title, xlabel, ylabel string
	width, height         vg.Length
	points                bool
	cols                  int
	maxRows               int
	cmap                  palette.ColorMap
}

// Option changes a Figure as it is built. Options that do not apply to a
// kind of figure (Points on a heatmap, Columns on a line) are ignored.
type Option func(*Figure)

// Title sets the figure's title. For TopWords it is one title above the
// whole grid, like matplotlib's fig.suptitle; each panel keeps its own
// "Topic i".
func Title(s string) Option { return func(f *Figure) { f.set.title = s } }

// XLabel sets the label of the x axis (of every panel, for TopWords).
// XLabel("") removes the default label.
func XLabel(s string) Option { return func(f *Figure) { f.set.xlabel = s } }

// YLabel sets the label of the y axis (of every panel, for TopWords).
// YLabel("") removes the default label.
func YLabel(s string) Option { return func(f *Figure) { f.set.ylabel = s } }

// Size sets the rendered size; the pixel size is the size in inches times 96.
// Sizes that are not positive keep the default.
func Size(width, height vg.Length) Option {
	return func(f *Figure) {
		if width > 0 {
			f.set.width = width
		}
		if height > 0 {
			f.set.height = height
		}
	}
}

// Points marks every data point of a line with a small circle as well as
// the line (useful for short series such as s[:10]).
func Points() Option { return func(f *Figure) { f.set.points = true } }

// newFigure returns a figure with one empty plot and the options applied to
// its settings, starting from the given default axis labels.
func newFigure(xlabel, ylabel string, opts []Option) *Figure {
	f := &Figure{p: plot.New()}
	f.set.xlabel, f.set.ylabel = xlabel, ylabel
	for _, o := range opts {
		o(f)
	}
	f.width, f.height = DefaultWidth, DefaultHeight
	if f.set.width > 0 {
		f.width = f.set.width
	}
	if f.set.height > 0 {
		f.height = f.set.height
	}
	return f
}

// label sets a plot's title and axis labels from the settings.
func (f *Figure) label(p *plot.Plot, title string) {
	p.Title.Text = title
	p.X.Label.Text = f.set.xlabel
	p.Y.Label.Text = f.set.ylabel
}

// Err returns the error found while building the figure, or nil.
func (f *Figure) Err() error { return f.err }

// Plot returns the underlying gonum/plot Plot, for changes the options do not
// cover: the line plot, the heatmap (without its colour bar), or the first
// panel of TopWords (Panels has them all). It is nil only for a nil Figure.
func (f *Figure) Plot() *plot.Plot {
	if f == nil {
		return nil
	}
	return f.p
}

// Panels returns TopWords' panels, one per topic in topic order, or just
// Plot() for the other figures.
func (f *Figure) Panels() []*plot.Plot {
	if f == nil {
		return nil
	}
	if f.panels != nil {
		return f.panels
	}
	return []*plot.Plot{f.p}
}

// WriteTo renders the figure in the given format ("png", "svg", "pdf",
// "eps", "jpg", "tiff") and writes it to w: fig.WriteTo(file, "svg") saves
// an SVG file. It returns the number of bytes written and the figure's
// error, if it has one. The cost is that of drawing every element once
// (O(points) for a line, O(bars) for TopWords, O(cells) for a heatmap) plus
// the encoding; PNG encoding is O(width·height).
func (f *Figure) WriteTo(w io.Writer, format string) (n int64, err error) {
	if f.err != nil {
		return 0, f.err
	}
	c, err := draw.NewFormattedCanvas(f.width, f.height, format)
	if err != nil {
		return 0, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	if err := f.drawSafely(draw.New(c)); err != nil {
		return 0, err
	}
	return c.WriteTo(w)
}

// drawSafely draws the figure, turning a panic inside gonum/plot (which
// panics on some inputs it cannot draw) into an error.
func (f *Figure) drawSafely(c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing the figure failed: %v", r)
		}
	}()
	switch {
	case f.panels != nil:
		f.drawGrid(c)
	case f.bar != nil:
		f.drawWithColorBar(c)
	default:
		f.p.Draw(c)
	}
	return nil
}

// Save renders the figure into the named file, in the format its extension
// names (".png", ".svg", ".pdf", ...): fig.Save("topics.svg"). The file is
// written only if the figure renders.
func (f *Figure) Save(name string) error {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	if format == "" {
		return fmt.Errorf("plots: %q has no extension to name its format (.png, .svg, ...)", name)
	}
	b, err := f.render(format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// PNG returns the figure rendered as PNG bytes.
func (f *Figure) PNG() ([]byte, error) { return f.render("png") }

// SVG returns the figure rendered as an SVG document.
func (f *Figure) SVG() ([]byte, error) { return f.render("svg") }

func (f *Figure) render(format string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Display shows the figure in the running GoNB notebook as an image/png
// output. A figure with bad data prints its error to the cell's output
// instead (no stack trace) and returns it. Outside a notebook it draws
// nothing and returns nil.
func (f *Figure) Display() error {
	return f.display(func() error {
		b, err := f.PNG()
		if err != nil {
			return err
		}
		return display.PNG(b)
	})
}

// DisplaySVG is Display with the figure sent as an image/svg+xml output:
// the vector version, sharp at any zoom, for a cell that asks for it.
func (f *Figure) DisplaySVG() error {
	return f.display(func() error {
		b, err := f.SVG()
		if err != nil {
			return err
		}
		return display.SVG(string(b))
	})
}

func (f *Figure) display(show func() error) error {
	if f.err != nil {
		fmt.Println("figure not drawn:", f.err)
		return f.err
	}
	if !display.InNotebook {
		return nil
	}
	if err := show(); err != nil {
		fmt.Println("figure not drawn:", err)
		return err
	}
	// Wait until GoNB has taken the image from its pipe: a cell whose
	// program ends right after drawing could otherwise finish before the
	// image is sent, and the figure would be missing from the cell's
	// output (seen once in CI, on a loaded machine).
	if err := display.Sync(); err != nil {
		fmt.Println("figure may be missing:", err)
		return err
	}
	return nil
}
