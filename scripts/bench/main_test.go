package main

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestRegistriesAgree checks that scripts/bench_cases.py (the Python side
// and the README rows) names exactly the cases this command has, in the
// same order, so that every row has both sides.
func TestRegistriesAgree(t *testing.T) {
	raw, err := os.ReadFile("../bench_cases.py")
	if err != nil {
		t.Fatal(err)
	}
	var py []string
	for _, m := range regexp.MustCompile(`(?m)^    "([a-z0-9-]+)": \(`).FindAllSubmatch(raw, -1) {
		py = append(py, string(m[1]))
	}
	var goNames []string
	for _, c := range cases {
		goNames = append(goNames, c.name)
	}
	if !slices.Equal(py, goNames) {
		t.Errorf("bench_cases.py has cases\n%v\nscripts/bench has\n%v", py, goNames)
	}
}
