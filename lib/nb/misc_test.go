package nb

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/lib/internal/display"
)

func TestMust(t *testing.T) {
	var buf bytes.Buffer
	code := -1
	exit, stderr = func(c int) { code = c }, &buf
	defer func() { exit, stderr = nil, nil }()
	if v := Must(42, nil); v != 42 || code != -1 || buf.Len() != 0 {
		t.Errorf("Must with no error: v=%d code=%d out=%q", v, code, buf.String())
	}
	Must(0, errors.New("newsgroups: archive not found: put 20news-bydate.tar.gz in ..."))
	if code != 1 || !strings.Contains(buf.String(), "error: newsgroups: archive not found") {
		t.Errorf("Must with an error: code=%d out=%q", code, buf.String())
	}
}

func TestProgressText(t *testing.T) {
	var buf bytes.Buffer
	p := &Progress{label: "SGD", total: 50, out: &buf, start: time.Now(), lastTenth: -1}
	for i := 0; i <= 50; i++ {
		p.Set(i, "")
	}
	p.Done("loss 44.2")
	p.Set(3, "after done") // ignored
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 {
		t.Errorf("got %d lines, want 11 (one per tenth):\n%s", len(lines), buf.String())
	}
	if !strings.HasPrefix(lines[0], "SGD: 0/50 (  0%)") || !strings.HasPrefix(lines[10], "SGD: 50/50 (100%)") {
		t.Errorf("first/last lines: %q / %q", lines[0], lines[len(lines)-1])
	}
}

// TestProgressBrokenPipe: a progress bar whose GoNB pipe cannot be opened
// goes on in text instead of going silent.
func TestProgressBrokenPipe(t *testing.T) {
	t.Setenv("GONB_PIPE", filepath.Join(t.TempDir(), "missing"))
	defer func(v bool) { display.InNotebook = v }(display.InNotebook)
	display.InNotebook = true
	var buf bytes.Buffer
	p := &Progress{label: "SGD", total: 10, html: true, id: "progress_x", out: &buf, start: time.Now(), lastTenth: -1}
	for i := 0; i <= 10; i++ {
		p.Set(i, "")
	}
	p.Done("")
	if p.html {
		t.Error("the progress bar still sends HTML after the pipe failed")
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 11 || !strings.HasPrefix(lines[10], "SGD: 10/10 (100%)") {
		t.Errorf("text after the failure:\n%s", buf.String())
	}
}

func TestProgressHTML(t *testing.T) {
	p := &Progress{label: "a<b", total: 4}
	h := p.render(2, "x&y", time.Now())
	for _, want := range []string{`<progress value="2" max="4"`, "a&lt;b", "x&amp;y", "2/4"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML %q lacks %q", h, want)
		}
	}
}

func TestTiming(t *testing.T) {
	tm := Measure(func() {
		x := 0.0
		for i := 0; i < 3e7; i++ {
			x += float64(i)
		}
		_ = x
		time.Sleep(20 * time.Millisecond)
	})
	if tm.Wall < 20*time.Millisecond {
		t.Errorf("wall %v < the 20 ms slept", tm.Wall)
	}
	s := tm.String()
	if !strings.HasPrefix(s, "CPU times: user ") || !strings.Contains(s, "\nWall time: ") {
		t.Errorf("Timing string %q", s)
	}
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{13300 * time.Millisecond, "13.3 s"},
		{64 * time.Second, "1min 4s"},
		{1500 * time.Microsecond, "1.5 ms"},
		{2 * time.Microsecond, "2 µs"},
		{12, "12 ns"},
	} {
		if got := formatDuration(tc.d); got != tc.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestBar(t *testing.T) {
	n := 0
	for i := range Bar(5) {
		if i != n {
			t.Fatalf("Bar yielded %d, want %d", i, n)
		}
		n++
	}
	if n != 5 {
		t.Errorf("Bar(5) yielded %d values", n)
	}
	for i := range Bar(5) {
		if i == 2 {
			break
		}
	}
}
