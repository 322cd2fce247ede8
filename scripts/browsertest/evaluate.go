package main

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Results is what the page reports once the run is over (or has timed out):
// one entry per notebook cell, the progress-bar states seen while the cells
// ran, and what happened to the kernel. collectJS builds it in the page.
type Results struct {
	Cells []Cell `json:"cells"`
	// ProgressSeen holds, per cell index (as a decimal string), the
	// successive distinct states of the <progress> elements that appeared or
	// changed in that cell's output while the notebook ran.
	ProgressSeen map[string][]Bar `json:"progressSeen"`
	// KernelDead is the kernel event (kernel_dead, kernel_restarting, ...)
	// seen during the run, empty when none.
	KernelDead string `json:"kernelDead"`
	// TimedOut is set by the Go side when the run did not finish in time.
	TimedOut time.Duration `json:"-"`
}

// Cell is one notebook cell as rendered in the page.
type Cell struct {
	Index     int      `json:"index"`
	Type      string   `json:"type"` // "code", "markdown", "raw"
	Source    string   `json:"source"`
	Blank     bool     `json:"blank"`     // source is only white space (Jupyter does not run it)
	Running   bool     `json:"running"`   // still queued or running ("In [*]")
	ExecCount *int     `json:"execCount"` // the number in "In [n]", nil when not run
	Errors    []string `json:"errors"`    // text of the error outputs (output_error)
	Stderr    string   `json:"stderr"`    // text of the stderr stream outputs
	Images    []Image  `json:"images"`    // <img> elements in the outputs
	SVGs      []SVG    `json:"svgs"`      // inline <svg> figures in the outputs
	Progress  []Bar    `json:"progress"`  // <progress> elements in the outputs, final state
}

// Image is an <img> element of an output.
type Image struct {
	Src           string `json:"src"` // the start of its src
	Complete      bool   `json:"complete"`
	NaturalWidth  int    `json:"naturalWidth"`
	NaturalHeight int    `json:"naturalHeight"`
}

// SVG is an inline <svg> element of an output, with its rendered size.
type SVG struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Bar is the state of a <progress> element; Value is -1 when it has no value
// attribute (an indeterminate bar).
type Bar struct {
	Value float64 `json:"value"`
	Max   float64 `json:"max"`
}

// Requirements are what a run must show besides the absence of errors.
type Requirements struct {
	MinFigures  int // at least this many rendered figures (<img> or <svg>) in all
	MinProgress int // at least this many cells with a progress bar
}

// Summary counts what a run showed.
type Summary struct {
	Cells, CodeCells, Executed int
	Figures                    int // figures with a natural (rendered) size > 0
	ProgressCells              int // cells whose progress bar updated and reached its max
}

func (s Summary) String() string {
	return fmt.Sprintf("%d cells, %d code cells, %d executed; %d figures rendered; %d progress bars completed",
		s.Cells, s.CodeCells, s.Executed, s.Figures, s.ProgressCells)
}

// Evaluate decides whether a run passes: it returns what the page showed and
// one sentence per problem found (none when the run passes). The checks:
// every non-blank code cell ran and none is still running; no cell shows an
// error output, nor stderr text with the word "error", "panic" or "fatal"; every <img> in the
// outputs loaded with a natural size > 0 and every inline <svg> has a size;
// every progress bar left in the outputs reached its max and was seen with at
// least two states during the run; and the totals meet req.
func Evaluate(r Results, req Requirements) (Summary, []string) {
	var s Summary
	var fails []string
	if r.TimedOut > 0 {
		msg := fmt.Sprintf("the notebook did not finish within %v", r.TimedOut)
		for _, c := range r.Cells {
			if c.Type == "code" && c.Running && !c.Blank {
				msg += fmt.Sprintf(" (cell %d was still running: %s)", c.Index, firstLine(c.Source))
				break
			}
		}
		fails = append(fails, msg)
	}
	if r.KernelDead != "" {
		fails = append(fails, fmt.Sprintf("the kernel died or restarted during the run (%s)", r.KernelDead))
	}
	s.Cells = len(r.Cells)
	var notRun []int
	for _, c := range r.Cells {
		if c.Type != "code" {
			continue
		}
		where := fmt.Sprintf("cell %d (%s)", c.Index, firstLine(c.Source))
		if !c.Blank {
			s.CodeCells++
			switch {
			case c.Running:
				if r.TimedOut == 0 {
					fails = append(fails, where+" is still running")
				}
			case c.ExecCount == nil:
				notRun = append(notRun, c.Index)
			default:
				s.Executed++
			}
		}
		for _, e := range c.Errors {
			fails = append(fails, where+" shows an error: "+clip(strings.TrimSpace(e), 600))
		}
		if bad := badStderr(c.Stderr); bad != "" {
			fails = append(fails, where+" writes an error to stderr: "+clip(bad, 600))
		}
		for i, im := range c.Images {
			if !im.Complete || im.NaturalWidth <= 0 || im.NaturalHeight <= 0 {
				fails = append(fails, fmt.Sprintf("%s: figure %d is not rendered (complete=%v, natural size %d×%d, src %q)",
					where, i+1, im.Complete, im.NaturalWidth, im.NaturalHeight, im.Src))
				continue
			}
			s.Figures++
		}
		for i, g := range c.SVGs {
			if g.Width <= 0 || g.Height <= 0 {
				fails = append(fails, fmt.Sprintf("%s: SVG figure %d has no size (%g×%g)", where, i+1, g.Width, g.Height))
				continue
			}
			s.Figures++
		}
		if len(c.Progress) > 0 {
			ok := true
			for _, b := range c.Progress {
				if b.Max <= 0 || b.Value < b.Max {
					ok = false
					fails = append(fails, fmt.Sprintf("%s: its progress bar stopped at %g of %g", where, b.Value, b.Max))
				}
			}
			seen := distinct(r.ProgressSeen[fmt.Sprint(c.Index)])
			if seen < 2 {
				ok = false
				fails = append(fails, fmt.Sprintf("%s: its progress bar never updated (%d state(s) seen during the run)", where, seen))
			}
			if ok {
				s.ProgressCells++
			}
		}
	}
	if len(notRun) > 0 {
		fails = append(fails, fmt.Sprintf("%d code cell(s) did not run (an earlier error stops Run All): cells %s",
			len(notRun), joinInts(notRun, 12)))
	}
	if s.CodeCells == 0 {
		fails = append(fails, "the notebook has no code cells (did the page load the right notebook?)")
	}
	if s.Figures < req.MinFigures {
		fails = append(fails, fmt.Sprintf("%d figure(s) rendered in the outputs, want at least %d", s.Figures, req.MinFigures))
	}
	if s.ProgressCells < req.MinProgress {
		fails = append(fails, fmt.Sprintf("%d completed progress bar(s) in the outputs, want at least %d", s.ProgressCells, req.MinProgress))
	}
	return s, fails
}

// badWord finds the words error, panic and fatal (any case), not as part of
// a longer word: "go: added github.com/pkg/errors" is not an error.
var badWord = regexp.MustCompile(`(?i)(^|[^\pL\pN_])(error|panic|fatal)($|[^\pL\pN_])`)

// badStderr returns the lines of stderr text that mention an error, a panic
// or a fatal condition, empty when there are none.
func badStderr(text string) string {
	var bad []string
	for _, l := range strings.Split(text, "\n") {
		if badWord.MatchString(l) {
			bad = append(bad, strings.TrimSpace(l))
		}
	}
	return strings.Join(bad, " | ")
}

func distinct(bars []Bar) int {
	seen := map[Bar]bool{}
	for _, b := range bars {
		seen[b] = true
	}
	return len(seen)
}

func firstLine(src string) string {
	for _, l := range strings.Split(src, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return clip(l, 60)
		}
	}
	return "empty"
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func joinInts(v []int, max int) string {
	var b strings.Builder
	for i, x := range v {
		if i == max {
			fmt.Fprintf(&b, ", … (%d more)", len(v)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
