package nb

import (
	"crypto/sha256"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
)

// A site is the top-level variable declaration that a Var call
// initialises, as written in the program's source: under GoNB, the main.go
// that holds every declaration of the notebook's cells and the current
// cell's code.
type site struct {
	names []string
	// src hashes the declaration's text together with the text of every
	// top-level declaration it uses, directly or through functions, except
	// other Var values (which count through deps): editing any of them makes
	// the value stale.
	src [16]byte
	// deps are the names of the Var values it uses.
	deps []string
	// prog hashes the whole source file: a rerun of the same cell gives
	// the same program.
	prog [16]byte
}

type sourceFile struct {
	fset  *token.FileSet
	text  []byte
	prog  [16]byte
	specs map[string]*ast.ValueSpec // top-level variable → its declaration
	decls map[string][]ast.Node     // other top-level names → their declarations
	vars  []*ast.ValueSpec          // every top-level variable declaration
}

var sources sync.Map // file name → *sourceFile, or nil when it cannot be read

// sourceOf parses the Go file name once per process.
func sourceOf(name string) *sourceFile {
	if v, ok := sources.Load(name); ok {
		return v.(*sourceFile)
	}
	sf := parseSource(name)
	sources.Store(name, sf)
	return sf
}

func parseSource(name string) *sourceFile {
	text, err := os.ReadFile(name)
	if err != nil && !filepath.IsAbs(name) {
		if d := os.Getenv("GONB_TMP_DIR"); d != "" {
			text, err = os.ReadFile(filepath.Join(d, name))
		}
	}
	if err != nil {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, text, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	sf := &sourceFile{fset: fset, text: text, prog: hash16(text),
		specs: map[string]*ast.ValueSpec{}, decls: map[string][]ast.Node{}}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			key := d.Name.Name
			if d.Recv != nil && len(d.Recv.List) == 1 {
				key = receiverType(d.Recv.List[0].Type) // methods count as part of their type
			}
			if key != "main" && key != "init" {
				sf.decls[key] = append(sf.decls[key], d)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if d.Tok == token.VAR {
							sf.specs[n.Name] = s
						} else {
							sf.decls[n.Name] = append(sf.decls[n.Name], s)
						}
					}
					if d.Tok == token.VAR {
						sf.vars = append(sf.vars, s)
					}
				case *ast.TypeSpec:
					sf.decls[s.Name.Name] = append(sf.decls[s.Name.Name], s)
				}
			}
		}
	}
	return sf
}

func receiverType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// callSite finds the declaration that the caller skip frames above
// callSite's caller initialises. ok is false when the call is not in the
// initialiser of a top-level variable (then the value is just computed)
// or the source cannot be read.
func callSite(skip int, known func(string) bool) (s site, ok bool) {
	_, file, line, ok := runtime.Caller(skip + 1)
	if !ok {
		return s, false
	}
	sf := sourceOf(file)
	if sf == nil {
		return s, false
	}
	for _, vs := range sf.vars {
		if sf.fset.Position(vs.Pos()).Line <= line && line <= sf.fset.Position(vs.End()).Line && len(vs.Values) > 0 {
			for _, n := range vs.Names {
				s.names = append(s.names, n.Name)
			}
			s.prog = sf.prog
			s.src, s.deps = sf.closure(vs, known)
			return s, true
		}
	}
	return s, false
}

// closure hashes the text of vs and of every declaration it reaches, and
// lists the Var values it reaches (the names known reports).
func (sf *sourceFile) closure(vs *ast.ValueSpec, known func(string) bool) ([16]byte, []string) {
	seen := map[ast.Node]bool{}
	depSet := map[string]bool{}
	var texts []string
	var visit func(n ast.Node)
	var inspect func(x ast.Node) bool
	inspect = func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(x.X, inspect)
			return false // the selected name is a field, method or package member
		case *ast.Ident:
			if spec, ok := sf.specs[x.Name]; ok {
				if known(x.Name) {
					depSet[x.Name] = true
				} else {
					visit(spec)
				}
			}
			for _, d := range sf.decls[x.Name] {
				visit(d)
			}
		}
		return true
	}
	visit = func(n ast.Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		texts = append(texts, string(sf.text[sf.fset.Position(n.Pos()).Offset:sf.fset.Position(n.End()).Offset]))
		ast.Inspect(n, inspect)
	}
	visit(vs)
	// The declaration's own names are not dependencies of it.
	for _, n := range vs.Names {
		delete(depSet, n.Name)
	}
	sort.Strings(texts[1:]) // the order in which GoNB writes declarations does not matter
	h := sha256.New()
	for _, t := range texts {
		h.Write([]byte(t))
		h.Write([]byte{0})
	}
	var src [16]byte
	copy(src[:], h.Sum(nil))
	deps := make([]string, 0, len(depSet))
	for d := range depSet {
		deps = append(deps, d)
	}
	sort.Strings(deps)
	return src, deps
}
