package kernels

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for name, ptx := range map[string]string{"nmf": NMF, "matmul": MatMul} {
		isa, target := Version(ptx)
		if isa != "6.0" || target != Arch {
			t.Errorf("%s.ptx: .version %q .target %q, want 6.0 %s (rebuild with scripts/build_kernels.sh)", name, isa, target, Arch)
		}
	}
}

// TestEntries checks that every kernel lib/gpu launches exists for every rank
// and that all parameters are 8 bytes wide (gorgonia.org/cu copies 8 bytes
// per argument).
func TestEntries(t *testing.T) {
	nmf := Entries(NMF)
	want := map[string]int{
		"nmf_sum_partials":  4,
		"nmf_dot_partial":   4,
		"nmf_loss_finish":   7,
		"nmf_stats_partial": 3,
		"nmf_fill":          3,
	}
	ranked := map[string]int{
		"nmf_dense_pass":   8,
		"nmf_csr_pass":     12,
		"nmf_gram_partial": 5,
		"nmf_gram_finish":  3,
		"nmf_sgd_update_w": 8,
		"nmf_sgd_update_h": 8,
		"nmf_adam_w":       14,
		"nmf_adam_h":       14,
	}
	for base, n := range ranked {
		for d := 1; d <= MaxRank; d++ {
			want[RankName(base, d)] = n
		}
	}
	if len(nmf) != len(want) {
		t.Errorf("nmf.ptx has %d entries, want %d", len(nmf), len(want))
	}
	for name, n := range want {
		kinds, ok := nmf[name]
		if !ok {
			t.Errorf("nmf.ptx: entry %s missing", name)
			continue
		}
		if len(kinds) != n {
			t.Errorf("%s: %d parameters, want %d", name, len(kinds), n)
		}
	}
	mm := Entries(MatMul)
	if k := mm["matmul_tiled"]; len(k) != 10 {
		t.Errorf("matmul_tiled: %d parameters, want 10", len(k))
	}
	for _, es := range []map[string][]ParamKind{nmf, mm} {
		for name, kinds := range es {
			for i, k := range kinds {
				if k == Other {
					t.Errorf("%s parameter %d is not 8 bytes wide", name, i)
				}
			}
		}
	}
}

func TestRankNamePanics(t *testing.T) {
	for _, d := range []int{0, MaxRank + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("RankName(_, %d) did not panic", d)
				}
			}()
			RankName("nmf_fill", d)
		}()
	}
}

// missingTool ends a test that needs a tool this machine lacks: a failure
// under CI (CI=true), which installs it (scripts/setup_clang.sh, and
// scripts/setup_cuda.sh --toolkit for ptxas), a skip elsewhere.
func missingTool(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s", reason)
		return
	}
	t.Skip(reason)
}

// TestPTXUpToDate rebuilds the PTX from the sources with clang-14 and
// compares with the checked-in files (skipped without clang-14 or in -short
// mode, except under CI).
func TestPTXUpToDate(t *testing.T) {
	clang, err := exec.LookPath("clang-14")
	if err != nil {
		missingTool(t, "clang-14 not installed (bash scripts/setup_clang.sh); cannot check the PTX against the sources")
		return
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("rebuilding the PTX takes ~10 s")
	}
	dir := t.TempDir()
	for _, base := range []string{"matmul", "nmf"} {
		out := filepath.Join(dir, base+".ptx")
		cmd := exec.Command(clang, "--cuda-device-only", "-S", "-O3", "--cuda-gpu-arch="+Arch,
			"-nocudalib", "-nocudainc", "-Xclang", "-target-feature", "-Xclang", "+ptx60",
			"-DKERNELS_NOCUDAINC", "-std=c++14", "-Wall", "-Werror", "-o", out, base+".cu")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("clang-14 %s.cu: %v\n%s", base, err, msg)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		have, err := os.ReadFile(base + ".ptx")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(have) {
			t.Errorf("%s.ptx is stale: run scripts/build_kernels.sh and commit it", base)
		}
	}
}

// TestPTXAssembles runs NVIDIA's PTX assembler on the embedded PTX for
// Volta, Ampere and Hopper when ptxas is available ($PTXAS or on PATH; see
// scripts/build_kernels.sh; required under CI), and fails on any error or
// register spill.
func TestPTXAssembles(t *testing.T) {
	ptxas := os.Getenv("PTXAS")
	if ptxas == "" {
		var err error
		if ptxas, err = exec.LookPath("ptxas"); err != nil {
			missingTool(t, "ptxas not found (eval \"$(bash scripts/setup_cuda.sh --env-only --toolkit)\" sets PTXAS); cannot assemble the PTX here")
			return
		}
	}
	dir := t.TempDir()
	for _, arch := range []string{"sm_70", "sm_80", "sm_90"} {
		for name, ptx := range map[string]string{"nmf": NMF, "matmul": MatMul} {
			src := filepath.Join(dir, name+".ptx")
			if err := os.WriteFile(src, []byte(ptx), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(ptxas, "-arch="+arch, "-O3", "-v", "-o", filepath.Join(dir, name+".cubin"), src).CombinedOutput()
			if err != nil {
				t.Fatalf("ptxas %s %s: %v\n%s", arch, name, err, out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "bytes spill") && !strings.Contains(line, " 0 bytes spill stores, 0 bytes spill loads") {
					t.Errorf("ptxas %s %s: %s", arch, name, strings.TrimSpace(line))
				}
			}
		}
	}
}

// fakeTB records what missingTool does instead of ending the test.
type fakeTB struct {
	testing.TB
	fatal, skip bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Fatalf(string, ...any) { f.fatal = true }
func (f *fakeTB) Skip(...any)           { f.skip = true }

func TestMissingToolUnderCI(t *testing.T) {
	t.Setenv("CI", "true")
	f := &fakeTB{}
	missingTool(f, "no clang-14")
	if !f.fatal || f.skip {
		t.Errorf("under CI a missing tool gave fatal %v skip %v; want a failure", f.fatal, f.skip)
	}
	t.Setenv("CI", "")
	f = &fakeTB{}
	missingTool(f, "no clang-14")
	if f.fatal || !f.skip {
		t.Errorf("outside CI a missing tool gave fatal %v skip %v; want a skip", f.fatal, f.skip)
	}
}
