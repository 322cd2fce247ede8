package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func count(n int) *int { return &n }

// passing is a run that shows everything the checks want.
func passing() Results {
	return Results{
		Cells: []Cell{
			{Index: 0, Type: "markdown", Source: "# Title"},
			{Index: 1, Type: "code", Source: "%goworkfix", ExecCount: count(1)},
			{Index: 2, Type: "code", Source: "plots.Line(s).Display()", ExecCount: count(2),
				Images: []Image{{Src: "data:image/png;base64,iVBOR", Complete: true, NaturalWidth: 640, NaturalHeight: 480}}},
			{Index: 3, Type: "code", Source: "  \n", Blank: true},
			{Index: 4, Type: "code", Source: "W, H := adam(...)", ExecCount: count(3), Stderr: "I1125 warming up\ngo: added github.com/pkg/errors v0.9.1\nterrors and panicky_x\n",
				Progress: []Bar{{Value: 1000, Max: 1000}}},
		},
		ProgressSeen: map[string][]Bar{"4": {{0, 1000}, {340, 1000}, {1000, 1000}}},
	}
}

var req = Requirements{MinFigures: 1, MinProgress: 1}

func TestEvaluatePasses(t *testing.T) {
	s, fails := Evaluate(passing(), req)
	if len(fails) != 0 {
		t.Fatalf("a good run fails: %q", fails)
	}
	want := Summary{Cells: 5, CodeCells: 3, Executed: 3, Figures: 1, ProgressCells: 1}
	if s != want {
		t.Errorf("summary %+v, want %+v", s, want)
	}
}

func TestEvaluateFails(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *Results)
		want   string // in one of the failures
	}{
		{"error output", func(r *Results) {
			r.Cells[2].Errors = []string{"undefined: vecs"}
		}, "cell 2 (plots.Line(s).Display()) shows an error: undefined: vecs"},
		{"panic on stderr", func(r *Results) {
			r.Cells[1].Stderr = "panic: runtime error: index out of range\ngoroutine 1 [running]:"
		}, "writes an error to stderr: panic: runtime error"},
		{"error on stderr", func(r *Results) {
			r.Cells[4].Stderr = "go: added github.com/pkg/errors v0.9.1\nError: cannot open the archive\n"
		}, "writes an error to stderr: Error: cannot open the archive"},
		{"fatal on stderr", func(r *Results) {
			r.Cells[4].Stderr = "fatal error: out of memory"
		}, "writes an error to stderr: fatal error"},
		{"cell not run", func(r *Results) {
			r.Cells[4].ExecCount = nil
		}, "1 code cell(s) did not run"},
		{"still running", func(r *Results) {
			r.Cells[4].Running = true
		}, "cell 4 (W, H := adam(...)) is still running"},
		{"timed out", func(r *Results) {
			r.Cells[4].Running = true
			r.TimedOut = 20 * time.Minute
		}, "did not finish within 20m0s (cell 4 was still running"},
		{"kernel died", func(r *Results) {
			r.KernelDead = "kernel_dead"
		}, "kernel died"},
		{"broken image", func(r *Results) {
			r.Cells[2].Images[0] = Image{Src: "data:image/png;base64,AAAA", Complete: true}
		}, "figure 1 is not rendered"},
		{"image not loaded", func(r *Results) {
			r.Cells[2].Images[0].Complete = false
		}, "figure 1 is not rendered"},
		{"no figures", func(r *Results) {
			r.Cells[2].Images = nil
		}, "0 figure(s) rendered"},
		{"empty svg", func(r *Results) {
			r.Cells[2].SVGs = []SVG{{Width: 0, Height: 300}}
		}, "SVG figure 1 has no size"},
		{"progress stopped", func(r *Results) {
			r.Cells[4].Progress[0].Value = 340
		}, "progress bar stopped at 340 of 1000"},
		{"progress never updated", func(r *Results) {
			r.ProgressSeen["4"] = []Bar{{1000, 1000}, {1000, 1000}}
		}, "progress bar never updated (1 state(s)"},
		{"progress never seen", func(r *Results) {
			delete(r.ProgressSeen, "4")
		}, "progress bar never updated (0 state(s)"},
		{"no progress bar", func(r *Results) {
			r.Cells[4].Progress = nil
		}, "0 completed progress bar(s)"},
		{"no code", func(r *Results) {
			r.Cells = r.Cells[:1]
		}, "no code cells"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := passing()
			c.change(&r)
			_, fails := Evaluate(r, req)
			if !strings.Contains(strings.Join(fails, "\n"), c.want) {
				t.Errorf("failures %q do not say %q", fails, c.want)
			}
		})
	}
}

// TestResultsJSON checks that the JSON collectJS writes decodes as expected.
func TestResultsJSON(t *testing.T) {
	const page = `{"cells":[{"index":0,"type":"code","source":"x := 1","blank":false,"running":false,"execCount":7,
	  "errors":[],"stderr":"","images":[{"src":"data:image/png","complete":true,"naturalWidth":10,"naturalHeight":5}],
	  "svgs":[],"progress":[{"value":3,"max":3}]},
	  {"index":1,"type":"code","source":"y","blank":false,"running":false,"execCount":null,"errors":[],"stderr":"","images":[],"svgs":[],"progress":[]}],
	  "progressSeen":{"0":[{"value":0,"max":3},{"value":3,"max":3}]},"kernelDead":""}`
	var r Results
	if err := json.Unmarshal([]byte(page), &r); err != nil {
		t.Fatal(err)
	}
	if *r.Cells[0].ExecCount != 7 || r.Cells[1].ExecCount != nil || r.Cells[0].Images[0].NaturalWidth != 10 {
		t.Errorf("decoded %+v", r)
	}
	s, fails := Evaluate(r, req)
	if s.Executed != 1 || s.Figures != 1 || s.ProgressCells != 1 || len(fails) != 1 || !strings.Contains(fails[0], "cells 1") {
		t.Errorf("summary %+v, failures %q", s, fails)
	}
}
