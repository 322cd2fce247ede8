// Command gen writes the lesson notebooks from one source file.
//
// The source (notebooks/src/lesson3.cells) is a list of cells, each opened
// by a line starting with "@@ ":
//
//	@@ md              English text (Markdown)
//	@@ md zh           the Chinese text of the Markdown cell just above
//	@@ code [tag...]   Go code shared by every edition
//	@@ solution NAME   a learner's cell, as the solved editions show it
//	@@ blank NAME      the same cell as the exercise editions show it
//
// Tags become the cell's metadata tags; the notebook tests find the cells
// whose outputs they check by these tags. In code, {{ROOT}} is replaced by
// the path from the notebook's folder to the repository root.
//
// It writes four notebooks without outputs: the solved lesson in English
// and Chinese under notebooks/, and the exercise editions under
// notebooks/exercises/. scripts/build_notebooks.sh runs gen and then
// executes each notebook in place, so that the committed notebooks hold
// their outputs.
//
// With -single NAME it writes only the English solved edition, as NAME
// (used for notebooks/src/lesson3-gpu.cells, which has no Chinese text).
//
// Usage: go run ./notebooks/gen [-src notebooks/src/lesson3.cells] [-out notebooks] [-single NAME]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Cell is one parsed source cell.
type Cell struct {
	Kind string // md, code, solution, blank
	Name string // exercise name for solution/blank
	Tags []string
	Text string
	Zh   string // md only: the Chinese text, if given
	Line int
}

// Edition selects which cells and which language a notebook gets.
type Edition struct {
	Path      string
	Chinese   bool
	Exercises bool
	Root      string
}

// Editions lists the notebooks gen writes, relative to the output folder.
var Editions = []Edition{
	{Path: "lesson3-topic-modeling.ipynb", Root: ".."},
	{Path: "lesson3-topic-modeling.zh.ipynb", Chinese: true, Root: ".."},
	{Path: "exercises/lesson3-topic-modeling.ipynb", Exercises: true, Root: "../.."},
	{Path: "exercises/lesson3-topic-modeling.zh.ipynb", Chinese: true, Exercises: true, Root: "../.."},
}

func main() {
	src := flag.String("src", "notebooks/src/lesson3.cells", "cell source file")
	out := flag.String("out", "notebooks", "output folder")
	single := flag.String("single", "", "write only this notebook (English, solved), e.g. lesson3-gpu.ipynb")
	flag.Parse()
	editions := Editions
	if *single != "" {
		editions = []Edition{{Path: *single, Root: ".."}}
	}
	cells, err := Parse(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, ed := range editions {
		b, err := Render(cells, ed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		p := filepath.Join(*out, ed.Path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Println("gen: wrote", p)
	}
}

// Parse reads a cell source file.
func Parse(path string) ([]Cell, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cells []Cell
	var cur *Cell
	var buf []string
	flush := func() {
		if cur == nil {
			return
		}
		text := strings.Trim(strings.Join(buf, "\n"), "\n")
		if cur.Kind == "md zh" {
			if len(cells) == 0 || cells[len(cells)-1].Kind != "md" {
				panic(fmt.Sprintf("%s:%d: @@ md zh must follow an @@ md cell", path, cur.Line))
			}
			cells[len(cells)-1].Zh = text
		} else {
			cur.Text = text
			cells = append(cells, *cur)
		}
		cur, buf = nil, nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if !strings.HasPrefix(l, "@@ ") {
			if cur == nil {
				if strings.TrimSpace(l) != "" {
					return nil, fmt.Errorf("%s:%d: text before the first @@ line", path, line)
				}
				continue
			}
			buf = append(buf, l)
			continue
		}
		flush()
		fields := strings.Fields(l[3:])
		if len(fields) == 0 {
			return nil, fmt.Errorf("%s:%d: empty @@ line", path, line)
		}
		c := &Cell{Kind: fields[0], Line: line}
		switch fields[0] {
		case "md":
			if len(fields) == 2 && fields[1] == "zh" {
				c.Kind = "md zh"
			} else if len(fields) != 1 {
				return nil, fmt.Errorf("%s:%d: @@ md takes no tags (only 'zh')", path, line)
			}
		case "code":
			c.Tags = fields[1:]
		case "solution", "blank":
			if len(fields) < 2 {
				return nil, fmt.Errorf("%s:%d: @@ %s needs an exercise name", path, line, fields[0])
			}
			c.Name = fields[1]
			c.Tags = append([]string{"exercise", "exercise-" + c.Name}, fields[2:]...)
		default:
			return nil, fmt.Errorf("%s:%d: unknown cell kind %q", path, line, fields[0])
		}
		cur = c
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var perr error
	func() {
		defer func() {
			if r := recover(); r != nil {
				perr = fmt.Errorf("%v", r)
			}
		}()
		flush()
	}()
	if perr != nil {
		return nil, perr
	}
	// Every solution needs its blank and the other way round.
	sol, blank := map[string]bool{}, map[string]bool{}
	for _, c := range cells {
		switch c.Kind {
		case "solution":
			sol[c.Name] = true
		case "blank":
			blank[c.Name] = true
		}
	}
	for n := range sol {
		if !blank[n] {
			return nil, fmt.Errorf("%s: exercise %q has a solution but no blank cell", path, n)
		}
	}
	for n := range blank {
		if !sol[n] {
			return nil, fmt.Errorf("%s: exercise %q has a blank cell but no solution", path, n)
		}
	}
	return cells, nil
}

type notebook struct {
	Cells         []map[string]any `json:"cells"`
	Metadata      map[string]any   `json:"metadata"`
	NBFormat      int              `json:"nbformat"`
	NBFormatMinor int              `json:"nbformat_minor"`
}

// Render returns the notebook JSON of an edition.
func Render(cells []Cell, ed Edition) ([]byte, error) {
	nb := notebook{
		Metadata: map[string]any{
			"kernelspec": map[string]any{"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
			"language_info": map[string]any{
				"codemirror_mode": "", "file_extension": ".go", "mimetype": "", "name": "go",
				"nbconvert_exporter": "", "pygments_lexer": "", "version": "go1.24",
			},
		},
		NBFormat: 4, NBFormatMinor: 5,
	}
	n := 0
	for _, c := range cells {
		var text, typ string
		switch c.Kind {
		case "md":
			typ, text = "markdown", c.Text
			if ed.Chinese {
				if c.Zh == "" {
					return nil, fmt.Errorf("line %d: markdown cell has no Chinese text", c.Line)
				}
				text = c.Zh
			}
		case "code":
			typ, text = "code", c.Text
		case "solution":
			if ed.Exercises {
				continue
			}
			typ, text = "code", c.Text
		case "blank":
			if !ed.Exercises {
				continue
			}
			typ, text = "code", c.Text
		}
		text = strings.ReplaceAll(text, "{{ROOT}}", ed.Root)
		n++
		md := map[string]any{}
		if len(c.Tags) > 0 {
			md["tags"] = c.Tags
		}
		cell := map[string]any{"cell_type": typ, "id": fmt.Sprintf("cell-%03d", n), "metadata": md, "source": splitLines(text)}
		if typ == "code" {
			cell["execution_count"] = nil
			cell["outputs"] = []any{}
		}
		nb.Cells = append(nb.Cells, cell)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// splitLines splits text into Jupyter's list-of-lines form, each line but
// the last keeping its newline.
func splitLines(text string) []string {
	if text == "" {
		return []string{}
	}
	parts := strings.SplitAfter(text, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
