//go:build linux

package nb

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Matrices are mapped shared with their files, so a cell that changes W
// in place (as the lesson's SGD steps do) changes the stored W, as a NumPy
// array changed in place stays changed. Such a file's checksum is stale
// while its process runs, and Go offers no hook at process exit. So the
// first process that maps a matrix starts a resealer: a copy of itself,
// detached, that reads the paths of the files it maps from a pipe. When
// the pipe closes (the cell's program has exited, however it ended), the
// resealer checksums each file as the cell left it and marks it sealed,
// in the background while GoNB compiles the next cell. A later load that
// finds a file still open by a process that has gone (the resealer was
// killed too) seals it itself; so a file is never trusted unchecked
// except for what its own process wrote to it.

// envReseal, when set in a process's environment, makes it a resealer for
// the process whose id it holds, instead of running its program.
const envReseal = "TOPICMODEL_NB_RESEAL"

var resealer struct {
	sync.Mutex
	started bool
	w       *os.File // nil when no resealer could be started
}

// registerOpen tells the resealer to seal path once this process exits.
func registerOpen(path string) {
	resealer.Lock()
	defer resealer.Unlock()
	if !resealer.started {
		resealer.started = true
		resealer.w = startResealer()
	}
	if resealer.w != nil {
		if _, err := resealer.w.WriteString(path + "\n"); err != nil {
			resealer.w = nil
		}
	}
}

// startResealer starts the resealer process and returns the pipe to it,
// or nil if it cannot (then the next load seals the files instead).
func startResealer() *os.File {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil
	}
	defer r.Close()
	cmd := exec.Command(exe)
	cmd.Stdin = r // stdout and stderr go to the null device, so GoNB does not wait for it
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GONB_") && !strings.HasPrefix(kv, envReseal+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, envReseal+"="+strconv.Itoa(os.Getpid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // an interrupt of the cell does not stop it
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil
	}
	cmd.Process.Release()
	return w
}

func init() {
	v := os.Getenv(envReseal)
	if v == "" {
		return
	}
	pid, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		os.Exit(2)
	}
	runResealer(uint32(pid), os.Stdin)
	os.Exit(0)
}

// runResealer reads paths until its input closes, then seals each file
// that process pid left open.
func runResealer(pid uint32, in *os.File) {
	var paths []string
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		paths = append(paths, sc.Text())
	}
	for _, p := range paths {
		resealIfOpenBy(p, pid)
	}
}

// resealIfOpenBy seals the file at path if process pid holds it open.
func resealIfOpenBy(path string, pid uint32) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if lockFile(f) != nil {
		return
	}
	defer unlockFile(f)
	h, _, err := readHeader(f)
	if err != nil || h.state != stateOpen || h.pid != pid {
		return
	}
	seal(f, h)
}
