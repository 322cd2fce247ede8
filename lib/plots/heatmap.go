package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultMaxRows is the most pixel rows Heatmap draws unless MaxRows says
// otherwise: the lesson's 2,034 documents are averaged into about 300.
const DefaultMaxRows = 300

// MaxRows sets the most rows Heatmap draws: with more documents than that,
// consecutive documents of one group are averaged into a row. Values below
// 1 keep DefaultMaxRows.
func MaxRows(n int) Option { return func(f *Figure) { f.set.maxRows = n } }

// ColorMap sets Heatmap's colour map (default Viridis, matplotlib's). Its
// range is set to the data's.
func ColorMap(cm palette.ColorMap) Option { return func(f *Figure) { f.set.cmap = cm } }

// Heatmap returns the documents × topics matrix w (n×k, a row per document,
// such as NMF's W or SVD's U[:, :k]) as a heatmap: topics 1..k across, labelled
// "topic"; documents down, sorted stably by labels[i] (their newsgroup, an
// index into labelNames) so each group is one band, with the group's name
// at the band's centre, the y axis labelled "newsgroup", and thin white
// lines between bands. A colour bar at the right gives the scale (Viridis
// by default; ColorMap changes it). Groups appear top to bottom in label
// order; a label with no documents is left out.
//
// With more than MaxRows documents (300 by default) each group gets rows in
// proportion to its size, at least one, and each row shows the mean of its
// consecutive documents, so the image stays a few hundred rows whatever n.
//
// Bad data is carried as the figure's error: a nil or empty w, labels of
// another length than w has rows, a label outside [0, len(labelNames)), or
// a NaN or infinity in w. The cost is O(n·k + n log n) to build and
// O(rows·k) to draw.
func Heatmap(w mat.Matrix, labels []int, labelNames []string, opts ...Option) *Figure {
	f := newFigure("topic", "newsgroup", opts)
	f.label(f.p, f.set.title)
	n, k, err := checkHeatmap(w, labels, labelNames)
	if err != nil {
		f.err = err
		return f
	}
	maxRows := DefaultMaxRows
	if f.set.maxRows > 0 {
		maxRows = f.set.maxRows
	}
	g := binRows(w, n, k, labels, maxRows)

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, z := range g.z {
		lo, hi = math.Min(lo, z), math.Max(hi, z)
	}
	if lo == hi { // a constant matrix: give the colour map a range
		lo, hi = lo-0.5, hi+0.5
	}
	cm := f.set.cmap
	if cm == nil {
		cm = Viridis()
	}
	cm.SetMin(lo)
	cm.SetMax(hi)

	f.p.Add(&heatCells{g: g, pal: cm.Palette(256).Colors(), lo: lo, hi: hi})

	// Group names at the band centres (major ticks), band edges as minor
	// ticks and white lines.
	var ticks []plot.Tick
	for i, b := range g.bands {
		top := float64(g.rows) - float64(b.start) - 0.5 // the band's upper edge
		bottom := top - float64(b.rows)
		ticks = append(ticks, plot.Tick{Value: (top + bottom) / 2, Label: labelNames[b.label]})
		ticks = append(ticks, plot.Tick{Value: top})
		if i == len(g.bands)-1 {
			ticks = append(ticks, plot.Tick{Value: bottom})
		} else {
			sep, err := plotter.NewLine(plotter.XYs{{X: 0.5, Y: bottom}, {X: float64(k) + 0.5, Y: bottom}})
			if err == nil {
				sep.LineStyle.Color = color.White
				sep.LineStyle.Width = vg.Points(1)
				f.p.Add(sep)
			}
		}
	}
	f.p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	f.p.X.Tick.Marker = topicTicks(k)
	f.p.X.Min, f.p.X.Max = 0.5, float64(k)+0.5
	f.p.Y.Min, f.p.Y.Max = -0.5, float64(g.rows)-0.5
	f.p.X.Padding, f.p.Y.Padding = 0, 0

	f.bar = plot.New()
	f.bar.HideX()
	f.bar.X.Padding, f.bar.Y.Padding = 0, 0
	f.bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	return f
}

// NewHeatmap is Heatmap with the data error returned at once.
func NewHeatmap(w mat.Matrix, labels []int, labelNames []string, opts ...Option) (*Figure, error) {
	f := Heatmap(w, labels, labelNames, opts...)
	return f, f.err
}

// checkHeatmap returns the dimensions of w, or what is wrong.
func checkHeatmap(w mat.Matrix, labels []int, labelNames []string) (n, k int, err error) {
	if w == nil {
		return 0, 0, errors.New("plots: Heatmap: the matrix is nil")
	}
	n, k = w.Dims()
	if n == 0 || k == 0 {
		return 0, 0, fmt.Errorf("plots: Heatmap: the matrix is %d×%d: nothing to plot", n, k)
	}
	if len(labels) != n {
		return 0, 0, fmt.Errorf("plots: Heatmap: the matrix has %d rows (documents) but there are %d labels: they must match", n, len(labels))
	}
	for i, l := range labels {
		if l < 0 || l >= len(labelNames) {
			return 0, 0, fmt.Errorf("plots: Heatmap: labels[%d] = %d is not an index into the %d label names", i, l, len(labelNames))
		}
	}
	row := make([]float64, k)
	for i := range n {
		mat.Row(row, i, w)
		if j, x, ok := firstNonFinite(row); ok {
			return 0, 0, fmt.Errorf("plots: Heatmap: w[%d][%d] (document %d, topic %d) is %v: remove or replace it before plotting", i, j, i, j+1, x)
		}
	}
	return n, k, nil
}

// heatGrid is the binned matrix, laid out as a plotter.GridXYZ: z holds
// rows×cols values row-major, row 0 at the top of the image.
type heatGrid struct {
	z          []float64
	rows, cols int
	bands      []band
}

// band is one group's rows: label, first row (from the top), row count.
type band struct{ label, start, rows int }

func (g *heatGrid) Dims() (c, r int)   { return g.cols, g.rows }
func (g *heatGrid) Z(c, r int) float64 { return g.z[(g.rows-1-r)*g.cols+c] }
func (g *heatGrid) X(c int) float64    { return float64(c + 1) }
func (g *heatGrid) Y(r int) float64    { return float64(r) }

// binRows sorts the n documents stably by label and averages them into
// rows: one per document if n <= maxRows, else about maxRows in all, each
// group getting rows in proportion to its size (at least one) and no row
// mixing two groups.
func binRows(w mat.Matrix, n, k int, labels []int, maxRows int) *heatGrid {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return labels[a] - labels[b] })

	g := &heatGrid{cols: k}
	doc := make([]float64, k)
	for start := 0; start < n; {
		end := start + 1
		for end < n && labels[order[end]] == labels[order[start]] {
			end++
		}
		size := end - start
		rows := size
		if n > maxRows {
			rows = max(1, size*maxRows/n)
		}
		g.bands = append(g.bands, band{label: labels[order[start]], start: g.rows, rows: rows})
		for r := range rows {
			lo, hi := start+r*size/rows, start+(r+1)*size/rows
			mean := make([]float64, k)
			for _, d := range order[lo:hi] {
				mat.Row(doc, d, w)
				for j, x := range doc {
					mean[j] += x
				}
			}
			for j := range mean {
				mean[j] /= float64(hi - lo)
			}
			g.z = append(g.z, mean...)
			g.rows++
		}
		start = end
	}
	return g
}

// heatCells draws a heatGrid as filled cells, cell (c, r) centred on
// (c+1, r). It is plotter.HeatMap's vector drawing with one change: each
// cell reaches half a point into its right and upper neighbours, which are
// drawn after it, so anti-aliasing leaves no faint seams between cells in
// the PNG (or in a browser's rendering of the SVG).
type heatCells struct {
	g      *heatGrid
	pal    []color.Color
	lo, hi float64
}

func (h *heatCells) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	cols, rows := h.g.Dims()
	scale := float64(len(h.pal)-1) / (h.hi - h.lo)
	overlap := vg.Points(0.5)
	for r := range rows {
		for col := range cols {
			x0, x1 := trX(h.g.X(col)-0.5), trX(h.g.X(col)+0.5)
			y0, y1 := trY(h.g.Y(r)-0.5), trY(h.g.Y(r)+0.5)
			if col < cols-1 {
				x1 += overlap
			}
			if r < rows-1 {
				y1 += overlap
			}
			i := int((h.g.Z(col, r)-h.lo)*scale + 0.5)
			c.SetColor(h.pal[max(0, min(i, len(h.pal)-1))])
			c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}.Path())
		}
	}
}

func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	cols, rows := h.g.Dims()
	return 0.5, float64(cols) + 0.5, -0.5, float64(rows) - 0.5
}

// topicTicks labels topics 1..k: every topic up to 20, else every fifth
// (the others as minor ticks).
func topicTicks(k int) plot.ConstantTicks {
	step := 1
	if k > 20 {
		step = 5
	}
	ticks := make([]plot.Tick, k)
	for i := range ticks {
		ticks[i].Value = float64(i + 1)
		if (i+1)%step == 0 || i == 0 {
			ticks[i].Label = strconv.Itoa(i + 1)
		}
	}
	return ticks
}

// drawWithColorBar draws the heatmap with its colour bar at the right, the
// bar spanning exactly the heatmap's data area.
func (f *Figure) drawWithColorBar(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	// How wide the bar's axis is (its tick labels), measured on c.
	probe := f.bar.DataCanvas(c)
	axisW := probe.Min.X - c.Min.X
	barW := vg.Points(14)
	gap := vg.Points(10)
	right := vg.Points(6)
	top := vg.Points(6) // room for the top tick labels
	main := draw.Crop(c, 0, -(gap + axisW + barW + right), 0, -top)
	f.p.Draw(main)
	dc := f.p.DataCanvas(main)
	bc := c
	bc.Min.X = main.Max.X + gap
	bc.Max.X = bc.Min.X + axisW + barW
	bc.Min.Y, bc.Max.Y = dc.Min.Y, dc.Max.Y
	// The bar's own data area may be inset from bc (axis padding); grow
	// bc by that so the bar spans the heatmap's height exactly.
	bdc := f.bar.DataCanvas(bc)
	bc.Min.Y -= bdc.Min.Y - dc.Min.Y
	bc.Max.Y += dc.Max.Y - bdc.Max.Y
	f.bar.Draw(bc)
}
