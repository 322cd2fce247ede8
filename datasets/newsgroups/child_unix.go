//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package newsgroups

import (
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

// runForwardingSignals runs cmd in a process group of its own; SIGINT or
// SIGTERM to this process meanwhile is sent to that group as SIGINT ("go
// run" ignores it and waits for the program it runs, which removes its
// temporary file and ends), and once the group has ended, or after 10 s,
// this process ends by the signal it got.
func runForwardingSignals(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	var got atomic.Value
	done := tempfile.OnSignal(func(sig os.Signal) {
		got.Store(sig)
		syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	})
	err := cmd.Wait()
	close(exited) // before done, which waits for a running action
	done()
	if sig := got.Load(); sig != nil {
		// The signal, delivered again, ends this process meanwhile unless
		// the program handles it.
		time.Sleep(time.Second)
		return fmt.Errorf("interrupted by %v", sig)
	}
	return err
}
