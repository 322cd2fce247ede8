package notebooks_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// programOf composes the Go program GoNB would build for the last cell of
// a notebook, with every cell's code in main: the declarations of all
// cells, a later declaration of a name replacing the earlier one (as GoNB
// replaces it), the imports of all cells, and each cell's statements (the
// part after %%) in a block of its own. Magic (%) and shell (!) lines are
// left out.
func programOf(t *testing.T, nb notebookJSON) string {
	t.Helper()
	imports := map[string]bool{}
	type decl struct {
		names []string
		text  string
		order int
	}
	var decls []decl
	var bodies []string
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		var top, body []string
		inBody := false
		for _, l := range strings.Split(c.source(), "\n") {
			switch {
			case strings.TrimSpace(l) == "%%":
				inBody = true
			case strings.HasPrefix(l, "%") || strings.HasPrefix(l, "!"):
			case inBody:
				body = append(body, l)
			default:
				top = append(top, l)
			}
		}
		if len(body) > 0 {
			bodies = append(bodies, strings.Join(body, "\n"))
		}
		src := "package main\n" + strings.Join(top, "\n")
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "cell.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("cell %d does not parse: %v\n%s", i, err, src)
		}
		text := func(n ast.Node) string { return src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset] }
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ImportSpec:
						imports[text(s)] = true
					case *ast.ValueSpec:
						if len(s.Values) == len(s.Names) && len(s.Names) > 1 && s.Type == nil {
							// GoNB splits var a, b = 1, 2 into one declaration a name.
							for k, n := range s.Names {
								decls = append(decls, decl{[]string{n.Name}, d.Tok.String() + " " + n.Name + " = " + text(s.Values[k]), len(decls)})
							}
							continue
						}
						var names []string
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
						decls = append(decls, decl{names, d.Tok.String() + " " + text(s), len(decls)})
					case *ast.TypeSpec:
						decls = append(decls, decl{[]string{s.Name.Name}, "type " + text(s), len(decls)})
					}
				}
			case *ast.FuncDecl:
				decls = append(decls, decl{[]string{d.Name.Name}, text(d), len(decls)})
			}
		}
	}
	// A later declaration of any of its names removes an earlier one.
	owner := map[string]int{}
	for i, d := range decls {
		for _, n := range d.names {
			owner[n] = i
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"flag\"\n")
	var imps []string
	for imp := range imports {
		imps = append(imps, imp)
	}
	sort.Strings(imps)
	for _, imp := range imps {
		b.WriteString("\t" + imp + "\n")
	}
	b.WriteString(")\n\n")
	for i, d := range decls {
		keep := true
		for _, n := range d.names {
			keep = keep && owner[n] == i
		}
		if keep {
			b.WriteString(d.text + "\n\n")
		}
	}
	b.WriteString("func main() {\n\tflag.Parse()\n")
	for _, body := range bodies {
		b.WriteString("\t{\n" + body + "\n\t}\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestGPUNotebookCompiles builds the GPU notebook's cells as one program:
// in the default build (where the device cell falls back to the CPU) and,
// with NOTEBOOK_CUDA_TAGS=1 and the CUDA headers in CGO_CFLAGS (as
// scripts/test_fakecuda.sh sets them), with the cuda tag.
func TestGPUNotebookCompiles(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prog := programOf(t, readNotebook(t, "lesson3-gpu.ipynb"))
	gomod := "module gpunotebook\n\ngo 1.24.4\n\nrequire github.com/fastai-go/topicmodel v0.0.0\n\nreplace github.com/fastai-go/topicmodel => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"main.go": []byte(prog), "go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tags := [][]string{nil}
	if os.Getenv("NOTEBOOK_CUDA_TAGS") == "1" {
		tags = append(tags, []string{"-tags", "cuda"})
	}
	for _, tg := range tags {
		args := append([]string{"build", "-mod=mod", "-o", filepath.Join(dir, "prog")}, tg...)
		cmd := exec.Command("go", append(args, ".")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("the GPU notebook's cells do not build (go %v): %v\n%s\nprogram:\n%s", args, err, out, prog)
		}
	}
}
