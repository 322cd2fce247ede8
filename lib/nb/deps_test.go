package nb

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoHTTPInCells: every GoNB cell's program links what lib/nb imports,
// so lib/nb (and the corpus loader it calls) must not bring in net/http,
// crypto/tls or crypto/x509: the download of a missing archive runs in a
// child process instead (newsgroups.FetchCommand). Linking them cost each
// cell about 0.3 s (60 packages, 3.4 MB); this keeps them out.
func TestNoHTTPInCells(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is not on PATH: %v", err)
	}
	for _, pkg := range []string{
		"github.com/fastai-go/topicmodel/lib/nb",
		"github.com/fastai-go/topicmodel/datasets/newsgroups",
	} {
		out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 20 {
			t.Fatalf("go list -deps %s lists only %v", pkg, deps)
		}
		for _, banned := range []string{"net/http", "crypto/tls", "crypto/x509", "github.com/fastai-go/topicmodel/datasets/newsgroups/download"} {
			if slices.Contains(deps, banned) {
				t.Errorf("%s imports %s (run go list -deps to see through what); it must not: every notebook cell links it", pkg, banned)
			}
		}
	}
}
