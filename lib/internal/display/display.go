// Package display sends a cell's rich output (figures, HTML that later
// messages replace) to the GoNB kernel that runs the cell's program.
//
// It speaks the protocol of GoNB's gonbui package: gob-encoded
// protocol.DisplayData values written to the named pipe that GoNB names in
// $GONB_PIPE, and protocol.CommValue replies read from the one named in
// $GONB_PIPE_BACK. It does what lib/plots and lib/nb used from gonbui and
// no more, so that every cell's program links less: gonbui's unique ids
// come from github.com/gofrs/uuid, which links net and database/sql, and
// net uses cgo. Without them the program of a cell at the end of the
// lesson has 16 packages fewer and builds about 0.03 s faster; the lesson's
// -tags=osusergo then removes the last cgo user (os/user), which spares
// the linker the C runtime's objects.
package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// InNotebook reports whether the program was started by a GoNB kernel
// (which names its pipes in the environment).
var InNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

// SyncTimeout bounds how long Sync waits for the kernel's reply.
var SyncTimeout = 30 * time.Second

var (
	mu      sync.Mutex
	out     *os.File
	enc     *gob.Encoder
	failed  error // the first failure: nothing is sent after it
	nextID  int
	waiting = map[int]chan struct{}{}
)

// openLocked opens both pipes the first time it is called, and starts
// reading the kernel's replies. mu must be held.
func openLocked() error {
	if failed != nil || enc != nil {
		return failed
	}
	if !InNotebook {
		failed = errors.New("display: the program was not started by a GoNB kernel ($" + protocol.GONB_PIPE_ENV + " is not set)")
		return failed
	}
	w, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0)
	if err != nil {
		failed = fmt.Errorf("display: cannot open GoNB's pipe: %w", err)
		return failed
	}
	r, err := os.Open(os.Getenv(protocol.GONB_PIPE_BACK_ENV))
	if err != nil {
		w.Close()
		failed = fmt.Errorf("display: cannot open GoNB's reply pipe: %w", err)
		return failed
	}
	out, enc = w, gob.NewEncoder(w)
	go listen(r)
	return nil
}

// listen passes the kernel's acknowledgements to the Syncs waiting for
// them, until the kernel closes the pipe.
func listen(r io.ReadCloser) {
	defer r.Close()
	dec := gob.NewDecoder(r)
	for {
		var v protocol.CommValue
		if err := dec.Decode(&v); err != nil {
			return
		}
		id, ok := v.Value.(int)
		if v.Address != protocol.GonbuiSyncAckAddress || !ok {
			continue
		}
		mu.Lock()
		if c, ok := waiting[id]; ok {
			close(c)
			delete(waiting, id)
		}
		mu.Unlock()
	}
}

// Send writes d to the kernel, which shows it as the cell's output. It
// returns the error that broke the pipe, if one did; after an error
// nothing more is sent.
func Send(d *protocol.DisplayData) error {
	mu.Lock()
	defer mu.Unlock()
	return sendLocked(d)
}

func sendLocked(d *protocol.DisplayData) error {
	if err := openLocked(); err != nil {
		return err
	}
	if err := enc.Encode(d); err != nil {
		failed = fmt.Errorf("display: writing to GoNB's pipe: %w", err)
		out.Close()
		return failed
	}
	return nil
}

// PNG shows the PNG image b.
func PNG(b []byte) error {
	return Send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: b}})
}

// SVG shows the SVG document s as an image/svg+xml output.
func SVG(s string) error {
	return Send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImageSVG: s}})
}

// UpdateHTML shows html in the output block named id: the first call for
// an id creates the block, later calls replace its content.
func UpdateHTML(id, html string) error {
	return Send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: html}, DisplayID: id})
}

// UniqueID returns a new random name for an output block (eight hex
// digits, as gonbui's).
func UniqueID() string { return fmt.Sprintf("%08x", rand.Uint32()) }

// Sync waits until the kernel has received everything sent before it, so
// that output sent just before the program ends is not lost. It waits at
// most SyncTimeout, and returns at once outside a notebook or after an
// error.
func Sync() error {
	mu.Lock()
	if !InNotebook {
		mu.Unlock()
		return nil
	}
	id := nextID
	nextID++
	c := make(chan struct{})
	waiting[id] = c
	err := sendLocked(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	if err != nil {
		delete(waiting, id)
		mu.Unlock()
		return err
	}
	mu.Unlock()
	select {
	case <-c:
		return nil
	case <-time.After(SyncTimeout):
		mu.Lock()
		delete(waiting, id)
		mu.Unlock()
		return fmt.Errorf("display: GoNB did not acknowledge the output within %v", SyncTimeout)
	}
}
