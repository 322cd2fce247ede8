#!/usr/bin/env bash
# setup.sh installs what the lesson notebooks need and checks that they run:
#
#   1. Jupyter (nbconvert, nbclient, ipykernel, the classic notebook UI):
#      from the OS packages on Debian/Ubuntu, else with pip (--user).
#   2. GoNB v0.11.5 and goimports, built with `go install tool` from the
#      pinned tools module scripts/tools (the Go proxy refuses
#      `go install mod@version` here, and the pins keep builds repeatable).
#   3. The GoNB Jupyter kernel (`gonb --install --force_deps`; gopls is
#      optional and not installed), with the kernel's PATH set so that it
#      finds go, gonb and goimports whatever PATH Jupyter was started with.
#   4. A check: a two-cell GoNB notebook executed headless with nbconvert.
#
# It is idempotent: run it again and it only reports what is already there.
#
# Usage: scripts/setup.sh [--no-verify] [--quiet]
set -euo pipefail

verify=1
quiet=0
for arg in "$@"; do
	case "$arg" in
	--no-verify) verify=0 ;;
	--quiet) quiet=1 ;;
	-h | --help)
		sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "setup.sh: unknown argument $arg (try --help)" >&2
		exit 2
		;;
	esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { echo "setup: $*"; }
die() {
	echo "setup: ERROR: $*" >&2
	exit 1
}

# --- Go -------------------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
	if [ -x /usr/local/go/bin/go ]; then
		export PATH="/usr/local/go/bin:$PATH"
	else
		die "Go is not installed. Install Go ≥ 1.24 from https://go.dev/dl/ and put its bin directory on PATH."
	fi
fi
goroot_bin="$(go env GOROOT)/bin"
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$goroot_bin:$PATH"
say "Go: $(go version) ; tools go to $gobin"

# --- Debian packages ------------------------------------------------------
have_apt() { command -v apt-get >/dev/null 2>&1 && [ -r /etc/debian_version ]; }
# apt_install installs Debian packages, retrying twice (with an apt-get update
# after the first failure); it returns non-zero if they could not be installed.
apt_install() {
	local sudo="" attempt log=/tmp/setup-apt.$$.log
	[ "$(id -u)" = 0 ] || sudo="sudo"
	for attempt in 1 2 3; do
		if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@" >"$log" 2>&1; then
			rm -f "$log"
			hash -r
			return 0
		fi
		say "apt-get install failed (attempt $attempt); last lines:"
		tail -3 "$log" | sed 's/^/    /'
		if [ "$attempt" = 1 ]; then
			$sudo apt-get update >/dev/null 2>&1 || true
		fi
		sleep 3
	done
	rm -f "$log"
	return 1
}

# --- C++ compiler ---------------------------------------------------------
# The tests of lib/gpu compile the CUDA kernels for the CPU with cgo
# (internal/hostrun), so go test needs a C++ compiler.
cxx="$(go env CXX)"
if command -v "${cxx%% *}" >/dev/null 2>&1; then
	say "C++: ${cxx%% *} ($(command -v "${cxx%% *}"))"
elif have_apt; then
	say "C++: installing Debian's g++ (the tests compile internal/hostrun with it)"
	apt_install g++ || die "could not install g++ with apt-get; install a C++17 compiler and set CXX."
else
	die "no C++ compiler ($cxx): install g++ (C++17) or set CXX; the tests of lib/gpu compile internal/hostrun with it."
fi

# --- Jupyter --------------------------------------------------------------
have_jupyter() {
	command -v jupyter >/dev/null 2>&1 &&
		jupyter nbconvert --version >/dev/null 2>&1 &&
		python3_for_jupyter -c 'import nbclient, ipykernel, nbformat' >/dev/null 2>&1
}
python3_for_jupyter() {
	# The interpreter that runs the `jupyter` script.
	local j py
	j="$(command -v jupyter)"
	py="$(head -1 "$j" | sed -n 's/^#! *\([^ ]*\).*/\1/p')"
	case "$py" in
	*python*) "$py" "$@" ;;
	*) python3 "$@" ;;
	esac
}

debs=(jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook)
if have_jupyter; then
	say "Jupyter: already installed ($(command -v jupyter), nbconvert $(jupyter nbconvert --version))"
elif have_apt; then
	say "Jupyter: installing Debian packages: ${debs[*]}"
	apt_install "${debs[@]}" || die "could not install ${debs[*]} with apt-get; install them by hand (or: pip install --user nbconvert nbclient ipykernel notebook)."
	hash -r
	have_jupyter || die "Jupyter packages installed but 'jupyter nbconvert' does not run."
	say "Jupyter: installed from Debian packages"
else
	command -v python3 >/dev/null 2>&1 || die "no apt-get and no python3: install Python 3 and then: pip install --user nbconvert nbclient ipykernel notebook"
	say "Jupyter: not a Debian/Ubuntu system; installing with: python3 -m pip install --user nbconvert nbclient ipykernel notebook"
	python3 -m pip install --user nbconvert nbclient ipykernel notebook
	export PATH="$(python3 -m site --user-base)/bin:$PATH"
	hash -r
	have_jupyter || die "pip installed Jupyter but 'jupyter nbconvert' is not on PATH (add $(python3 -m site --user-base)/bin to PATH)."
	say "Jupyter: installed with pip"
fi

# --- GoNB and goimports ---------------------------------------------------
want_gonb="v0.11.5"
gonb_version() { "$gobin/gonb" --version 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -1 || true; }
if [ -x "$gobin/gonb" ] && [ -x "$gobin/goimports" ] && [ "$(gonb_version)" = "$want_gonb" ]; then
	say "GoNB $want_gonb and goimports: already installed in $gobin"
else
	say "GoNB $want_gonb and goimports: building from the pinned tools module scripts/tools (go install tool)"
	(cd "$repo/scripts/tools" && go install tool) ||
		die "go install tool failed in scripts/tools: it needs the Go module proxy (GOPROXY=$(go env GOPROXY)) or a filled module cache."
	say "GoNB $(gonb_version) and goimports installed in $gobin"
fi

# --- The GoNB kernel ------------------------------------------------------
datadir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}"
kernel_json="$datadir/kernels/gonb/kernel.json"
# -go_work makes every new kernel start with a go.work that uses this
# repository, so the notebooks import its packages with no set-up cell and no
# pseudo-versions (GoNB adds the matching replace lines itself, %goworkfix).
(cd /tmp && "$gobin/gonb" --install --force_deps --go_work="$repo" >/dev/null 2>&1) ||
	die "gonb --install failed; run '$gobin/gonb --install --force_deps --go_work=$repo' to see why."
[ -r "$kernel_json" ] || die "gonb --install did not write $kernel_json"
# Jupyter (jupyter_client ≥ 7) expands \${PATH} in a kernel spec's env, so
# the kernel sees go, gonb and goimports first, whatever PATH Jupyter has.
python3_for_jupyter - "$kernel_json" "$gobin:$goroot_bin" <<'EOF'
import json, sys
path, extra = sys.argv[1], sys.argv[2]
spec = json.load(open(path))
env = spec.setdefault("env", {})
env["PATH"] = extra + ":${PATH}"
env.pop("GOFLAGS", None)  # left to the caller (scripts/lesson.sh --gpu adds -tags=cuda)
with open(path + ".tmp", "w") as f:
    json.dump(spec, f, indent=1)
import os
os.replace(path + ".tmp", path)
EOF
say "GoNB kernel: $kernel_json (PATH starts with $gobin:$goroot_bin; go.work uses $repo)"

# --- Check ----------------------------------------------------------------
if [ "$verify" = 1 ]; then
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	python3_for_jupyter - "$tmp/check.ipynb" <<'EOF'
import sys, nbformat
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}
nb.cells = [nbformat.v4.new_code_cell('import "fmt"\n\n%%\nfmt.Println("GoNB works:", 6*7)')]
nbformat.write(nb, sys.argv[1])
EOF
	if ! (cd "$tmp" && jupyter nbconvert --to notebook --execute check.ipynb --output checked.ipynb >"$tmp/log" 2>&1); then
		tail -20 "$tmp/log" >&2
		die "a trivial GoNB notebook failed to execute (log above)."
	fi
	grep -q 'GoNB works: 42' "$tmp/checked.ipynb" || die "the check notebook ran but printed nothing; see $tmp"
	say "check: a GoNB notebook executed headless with nbconvert and printed 'GoNB works: 42'"
fi
[ "$quiet" = 1 ] || say "done. Open the lesson with: scripts/lesson.sh   (headless: scripts/lesson.sh --execute)"
