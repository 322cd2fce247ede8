package plots

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fastai-go/topicmodel/lib/topics"
)

// Default layout of TopWords: five panels a row as in scikit-learn's
// plot_top_words example, each panel this wide, and this tall for the title
// and axis plus a row per word.
const (
	defaultColumns = 5
	panelWidth     = 2.6 * vg.Inch
	panelHeight    = 0.9 * vg.Inch
	panelPerWord   = 0.22 * vg.Inch
	barFraction    = 0.7 // of the space per word, as matplotlib's barh(height=0.7)
)

// Columns sets how many panels TopWords puts in each row of its grid
// (default 5, or the number of topics if fewer). Values below 1 keep the
// default.
func Columns(n int) Option { return func(f *Figure) { f.set.cols = n } }

// TopWords returns scikit-learn's plot_top_words as one figure: for each
// topic (row t of components, a k×V matrix such as NMF's H or the first k
// rows of SVD's Vh), a horizontal bar chart "Topic t+1" of the n largest
// weights with their words (vocab, in column order) as tick labels, the
// largest on top. The panels are laid out five to a row (Columns changes
// it) with gonum/plot's plot.Align, so their axes line up; each x axis is
// labelled "weight" unless XLabel says otherwise, and Title puts a title
// above the grid. Unless Size is given, the figure is 2.6 inches (250
// pixels) wide per column and 0.9 + 0.22·n inches tall per row.
//
// The words are those of topics.ShowTopics, in its order: each row is
// ranked by lib/npsort's argsort (NumPy's, ties included), so the panels
// show the lesson's words. n above V shows all V words.
//
// Bad data is not drawn: a nil or empty matrix, vocab of another length than
// the matrix has columns, n < 1, or a NaN or infinity anywhere in components
// is carried as the figure's error (Err, PNG, Display report it). The cost
// is O(k·V·log V) for the ranking (the same as ShowTopics) and O(k·n) to
// draw.
func TopWords(components mat.Matrix, vocab []string, n int, opts ...Option) *Figure {
	f := newFigure("weight", "", opts)
	f.title = f.set.title
	k, v, err := checkTopWords(components, vocab, n)
	if err != nil {
		f.err = err
		f.label(f.p, "")
		return f
	}
	n = min(n, v)
	f.cols = defaultColumns
	if f.set.cols > 0 {
		f.cols = f.set.cols
	}
	f.cols = min(f.cols, k)
	rows := (k + f.cols - 1) / f.cols
	if f.set.width <= 0 {
		f.width = vg.Length(f.cols) * panelWidth
	}
	if f.set.height <= 0 {
		f.height = vg.Length(rows) * (panelHeight + vg.Length(n)*panelPerWord)
		if f.title != "" {
			f.height += 0.4 * vg.Inch
		}
	}

	row := make([]float64, v)
	for t := range k {
		mat.Row(row, t, components)
		top := topics.TopWords(row, n)
		p := f.p
		if t > 0 {
			p = plot.New()
		}
		f.label(p, fmt.Sprintf("Topic %d", t+1))
		// Bar i sits at y = i: the last bar, the largest weight, on top.
		values := make(plotter.Values, len(top))
		words := make([]string, len(top))
		for i, j := range top {
			values[len(top)-1-i] = row[j]
			words[len(top)-1-i] = vocab[j]
		}
		bars, err := plotter.NewBarChart(values, 1) // the width is set when drawn
		if err != nil {
			f.err = fmt.Errorf("plots: topic %d: %w", t+1, err)
			return f
		}
		bars.Horizontal = true
		bars.Color = matplotlibBlue
		bars.LineStyle.Width = 0
		p.Add(bars)
		p.NominalY(words...)
		p.Y.Min, p.Y.Max = -0.5, float64(len(top))-0.5
		f.panels = append(f.panels, p)
		f.bars = append(f.bars, bars)
	}
	return f
}

// NewTopWords is TopWords with the data error returned at once.
func NewTopWords(components mat.Matrix, vocab []string, n int, opts ...Option) (*Figure, error) {
	f := TopWords(components, vocab, n, opts...)
	return f, f.err
}

// checkTopWords returns the dimensions of components, or what is wrong.
func checkTopWords(components mat.Matrix, vocab []string, n int) (k, v int, err error) {
	if components == nil {
		return 0, 0, errors.New("plots: TopWords: components is nil")
	}
	k, v = components.Dims()
	if k == 0 || v == 0 {
		return 0, 0, fmt.Errorf("plots: TopWords: components is %d×%d: nothing to plot", k, v)
	}
	if v != len(vocab) {
		return 0, 0, fmt.Errorf("plots: TopWords: components has %d columns but vocab has %d words: they must match", v, len(vocab))
	}
	if n < 1 {
		return 0, 0, fmt.Errorf("plots: TopWords: n = %d: ask for at least one word per topic", n)
	}
	row := make([]float64, v)
	for t := range k {
		mat.Row(row, t, components)
		if j, x, ok := firstNonFinite(row); ok {
			return 0, 0, fmt.Errorf("plots: TopWords: components[%d][%d] (topic %d, %q) is %v: remove or replace it before plotting", t, j, t+1, vocab[j], x)
		}
	}
	return k, v, nil
}

// drawGrid draws TopWords' title and its panels, aligned in a grid.
func (f *Figure) drawGrid(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if f.title != "" {
		sty := f.p.Title.TextStyle
		sty.Font.Size = sty.Font.Size * 4 / 3
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, f.title)
		c.Max.Y -= sty.Height(f.title) + vg.Points(10)
	}
	rows := (len(f.panels) + f.cols - 1) / f.cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, f.cols)
		for col := range grid[r] {
			if i := r*f.cols + col; i < len(f.panels) {
				grid[r][col] = f.panels[i]
			}
		}
	}
	tiles := draw.Tiles{
		Rows: rows, Cols: f.cols,
		PadX: vg.Points(12), PadY: vg.Points(14),
		PadTop: vg.Points(4), PadBottom: vg.Points(4),
		PadLeft: vg.Points(4), PadRight: vg.Points(12),
	}
	canvases := plot.Align(grid, tiles, c)
	for r := range grid {
		for col, p := range grid[r] {
			if p == nil {
				continue
			}
			b := f.bars[r*f.cols+col]
			dc := p.DataCanvas(canvases[r][col])
			b.Width = max(vg.Points(1), (dc.Max.Y-dc.Min.Y)/vg.Length(len(b.Values))*barFraction)
			p.Draw(canvases[r][col])
		}
	}
}
