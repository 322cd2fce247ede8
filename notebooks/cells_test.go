package notebooks_test

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// lessonCells reads testdata/lesson_cells.json: how many lines of code
// (imports and blank lines not counted) each code cell of the original
// lesson has, by its number.
func lessonCells(t *testing.T) map[int]int {
	t.Helper()
	b, err := os.ReadFile("testdata/lesson_cells.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cells []struct{ Cell, Lines int }
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	m := map[int]int{}
	for _, c := range f.Cells {
		m[c.Cell] = c.Lines
	}
	return m
}

// goLines counts a Go cell's lines of code as the lesson's are counted:
// not blank lines, comments or imports.
func goLines(src string) int {
	n, inImport := 0, false
	for _, l := range strings.Split(src, "\n") {
		s := strings.TrimSpace(l)
		switch {
		case s == "" || strings.HasPrefix(s, "//"):
		case s == "import (":
			inImport = true
		case inImport:
			inImport = s != ")"
		case strings.HasPrefix(s, "import "):
		default:
			n++
		}
	}
	return n
}

// swapped lists lesson cells that come in another order in Go, and why.
var swapped = map[int]string{
	34: "grads uses penalty, which Go wants declared first",
	35: "grads uses penalty, which Go wants declared first",
}

// TestCellsFollowLesson checks the notebooks' structure against the
// lesson: every code cell of the lesson has its Go cell (tagged lesson-N),
// in the lesson's order, and each Go cell is at most its Python cell's
// lines + 2 (exercises, where the learner writes the code, excepted).
func TestCellsFollowLesson(t *testing.T) {
	lesson := lessonCells(t)
	for _, f := range notebookFiles {
		nb := readNotebook(t, f.path)
		seen := map[int]bool{}
		last := 0
		for i, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			var nums []int
			for _, tag := range c.Metadata.Tags {
				if n, err := strconv.Atoi(strings.TrimPrefix(tag, "lesson-")); err == nil && strings.HasPrefix(tag, "lesson-") {
					nums = append(nums, n)
				}
			}
			if len(nums) == 0 {
				t.Errorf("%s cell %d (%.50q) has no lesson-N tag: which cell of the lesson is it?", f.path, i, c.source())
				continue
			}
			py := 0
			for _, n := range nums {
				if seen[n] {
					t.Errorf("%s: lesson cell %d has two Go cells", f.path, n)
				}
				seen[n] = true
				if n < last && swapped[n] == "" {
					t.Errorf("%s cell %d: lesson cell %d comes after %d", f.path, i, n, last)
				}
				last = max(last, n)
				py += lesson[n]
			}
			if c.has("exercise") || nums[0] == 0 {
				continue
			}
			if g := goLines(c.source()); g > py+2 {
				t.Errorf("%s cell %d (lesson %v): %d lines of Go for %d of Python (at most +2):\n%s", f.path, i, nums, g, py, c.source())
			}
		}
		var missing []int
		for n, lines := range lesson {
			if !seen[n] && (lines > 0 || n != 63) {
				missing = append(missing, n)
			}
		}
		sort.Ints(missing)
		if len(missing) > 0 {
			t.Errorf("%s: no Go cell for lesson cells %v", f.path, missing)
		}
	}
}

func TestGoLines(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{"import (\n\t\"fmt\"\n\t\"strings\"\n)\n\n%%\nfmt.Println(1)", 2},
		{"import \"math\"\n// a comment\nvar x = 1\n\n", 1},
		{"", 0},
	} {
		if got := goLines(tc.src); got != tc.want {
			t.Errorf("goLines(%q) = %d, want %d", tc.src, got, tc.want)
		}
	}
}
