//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package newsgroups

import (
	"os"
	"os/exec"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

// runForwardingSignals runs cmd; an interrupt meanwhile kills it (without
// process groups, the program "go run" started may finish on its own).
func runForwardingSignals(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := tempfile.OnSignal(func(os.Signal) { cmd.Process.Kill() })
	err := cmd.Wait()
	done()
	return err
}
