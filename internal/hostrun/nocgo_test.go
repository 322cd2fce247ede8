//go:build !cgo

package hostrun

import (
	"strings"
	"testing"
)

// TestNoCgo checks that a build without cgo says what to do.
func TestNoCgo(t *testing.T) {
	if Available {
		t.Fatal("Available without cgo")
	}
	if _, err := Alloc(4); err == nil || !strings.Contains(err.Error(), "CGO_ENABLED=1") {
		t.Errorf("Alloc: %v", err)
	}
	if err := Launch("nmf_fill", [3]int{1, 1, 1}, [3]int{32, 1, 1}, nil, Forward); err == nil || !strings.Contains(err.Error(), "g++") {
		t.Errorf("Launch: %v", err)
	}
}
