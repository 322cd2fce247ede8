package nb

import (
	"fmt"
	"html"
	"io"
	"iter"
	"os"
	"strings"
	"time"

	"github.com/fastai-go/topicmodel/lib/internal/display"
)

// Progress shows how far a long loop has gone. In a GoNB notebook it is an
// HTML <progress> bar with a counter and a note, updated in place (at most
// every 100 ms, and always at the end); elsewhere it prints a text line at
// every tenth of the way. Create one with NewProgress, call Set as the loop
// advances and Done at the end.
type Progress struct {
	label      string
	total      int
	id         string
	html       bool
	out        io.Writer
	start      time.Time
	last       time.Time
	lastTenth  int
	done, stop bool
}

// NewProgress returns a progress display for a loop of total steps, shown
// at once with 0 steps done. total must be positive.
func NewProgress(label string, total int) *Progress {
	if total <= 0 {
		total = 1
	}
	p := &Progress{label: label, total: total, html: display.InNotebook, out: os.Stdout, start: time.Now(), lastTenth: -1}
	if p.html {
		p.id = "progress_" + display.UniqueID()
	}
	p.Set(0, "")
	return p
}

// Set records that done steps of the total are finished, with an optional
// short note (for example the current loss).
func (p *Progress) Set(done int, note string) {
	if p.stop {
		return
	}
	done = min(max(done, 0), p.total)
	now := time.Now()
	if p.html {
		if done < p.total && done != 0 && now.Sub(p.last) < 100*time.Millisecond {
			return
		}
		p.last = now
		if display.UpdateHTML(p.id, p.render(done, note, now)) == nil {
			return
		}
		p.html = false // the pipe broke: go on in text
	}
	tenth := done * 10 / p.total
	if tenth == p.lastTenth {
		return
	}
	p.lastTenth = tenth
	fmt.Fprintln(p.out, p.text(done, note, now))
}

// Done marks the loop finished and leaves the final state on display.
func (p *Progress) Done(note string) {
	if p.stop {
		return
	}
	p.last = time.Time{}
	p.Set(p.total, note)
	p.stop = true
	if p.html {
		// The final state must reach the notebook before the cell's
		// program ends (see plots' Display).
		display.Sync()
	}
}

func (p *Progress) text(done int, note string, now time.Time) string {
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label + ": ")
	}
	fmt.Fprintf(&b, "%d/%d (%3d%%) %s", done, p.total, 100*done/p.total, formatDuration(now.Sub(p.start)))
	if note != "" {
		b.WriteString("  " + note)
	}
	return b.String()
}

func (p *Progress) render(done int, note string, now time.Time) string {
	return fmt.Sprintf(`<div style="font-family:monospace">%s <progress value="%d" max="%d" style="width:40%%"></progress> %d/%d %s %s</div>`,
		html.EscapeString(p.label), done, p.total, done, p.total,
		html.EscapeString(formatDuration(now.Sub(p.start))), html.EscapeString(note))
}

// Bar returns 0, 1, …, n−1 for a range loop and shows their progress as a
// bar that updates in place, as Python's tqdm(range(n)) does:
//
//	for i := range nb.Bar(1000) { … }
//
// Leaving the loop early leaves the bar where it stopped.
func Bar(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		p := NewProgress("", n)
		for i := 0; i < n; i++ {
			if !yield(i) {
				p.stop = true
				return
			}
			p.Set(i+1, "")
		}
		p.Done("")
	}
}
