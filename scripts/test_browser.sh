#!/usr/bin/env bash
# test_browser.sh runs the English lesson in a real browser and checks what a
# person sees: it starts Jupyter Notebook on 127.0.0.1 (a free port, a random
# token), opens the lesson in Debian's headless Chromium driven by chromedp
# (scripts/browsertest), runs all cells and fails unless every cell ran with no
# error output, every figure is rendered (natural size > 0) and the progress
# bar updated to its end. Screenshots go to out/browser/*.png.
#
# The notebook runs from a hidden copy beside the original (its first cell
# finds the module by a relative path) and is never saved; the copy, Jupyter,
# its kernel, the browser and every temporary file are removed on exit, also on
# failure or Ctrl-C. Chromium is installed with apt-get when missing. Without
# Jupyter or the GoNB kernel (scripts/setup.sh) the browser run is skipped,
# except under CI=true, where it fails; the unit tests of scripts/browsertest
# (its pass/fail logic) run first in any case.
#
# Usage: scripts/test_browser.sh [notebook.ipynb] [browsertest flags...]
#   default notebook: notebooks/lesson3-topic-modeling.ipynb
#   flags (scripts/browsertest): -timeout 20m, -out DIR, -min-figures N, -min-progress N, ...
# Environment: BROWSER_TIMEOUT (default 20m) is the -timeout for all cells.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

say() { echo "test_browser: $*"; }
die() {
	echo "test_browser: $*" >&2
	exit 1
}
skip() {
	if [ "${CI:-}" = "true" ]; then
		die "$* (required under CI)"
	fi
	say "SKIP: $*"
	exit 0
}

case "${1:-}" in
-h | --help)
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac
nb="notebooks/lesson3-topic-modeling.ipynb"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	nb="$1"
	shift
fi
[ -r "$nb" ] || die "$nb not found"
nb="$(cd "$(dirname "$nb")" && pwd)/$(basename "$nb")"
case "$nb" in
"$repo"/*) ;;
*) die "$nb is not inside $repo" ;;
esac

command -v go >/dev/null || die "Go is not installed; get it from https://go.dev/dl/"
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"

# The pass/fail logic first (scripts/browsertest is its own module, outside
# the root module's ./...).
(cd scripts/browsertest && GOWORK=off go vet . && GOWORK=off go test -count=1 .) ||
	die "scripts/browsertest's own tests fail"

# --- Jupyter and the GoNB kernel (scripts/setup.sh installs them) ---------
command -v jupyter >/dev/null 2>&1 && jupyter notebook --version >/dev/null 2>&1 ||
	skip "Jupyter Notebook is not installed (run scripts/setup.sh)"
datadir="$(jupyter --data-dir)"
[ -r "$datadir/kernels/gonb/kernel.json" ] || [ -r /usr/local/share/jupyter/kernels/gonb/kernel.json ] ||
	[ -r /usr/share/jupyter/kernels/gonb/kernel.json ] ||
	skip "the GoNB kernel is not installed (run scripts/setup.sh)"

# --- Chromium ---------------------------------------------------------------
find_chrome() {
	local c
	for c in "${CHROME:-}" chromium chromium-browser google-chrome; do
		[ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
	done
	return 1
}
if ! chrome="$(find_chrome)"; then
	if command -v apt-get >/dev/null 2>&1; then
		sudo=""
		[ "$(id -u)" = 0 ] || sudo="sudo"
		if [ -z "$sudo" ] || command -v sudo >/dev/null 2>&1; then
			say "installing Debian's chromium (apt-get install chromium)"
			{ $sudo apt-get install -y --no-install-recommends chromium ||
				{ $sudo apt-get update && $sudo apt-get install -y --no-install-recommends chromium; }; } \
				>/tmp/test_browser-apt.$$.log 2>&1 || { tail -20 /tmp/test_browser-apt.$$.log >&2; rm -f /tmp/test_browser-apt.$$.log; }
			rm -f /tmp/test_browser-apt.$$.log
		fi
	fi
	chrome="$(find_chrome)" || skip "no Chromium, and it could not be installed (apt-get install chromium)"
fi
export CHROME="$chrome"

# The corpus, as scripts/test.sh finds it (downloaded once outside CI).
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
	TOPICMODEL_ARCHIVE="$(cd "$repo" && go run ./internal/testenv/fidelity corpus)" || exit 1
	export TOPICMODEL_ARCHIVE
fi

# --- Everything temporary, removed by the trap ------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/test_browser.XXXXXX")"
copy="$(dirname "$nb")/.browser-$$-$(basename "$nb")"
jpid="" bpid=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$bpid" ] && kill -0 "$bpid" 2>/dev/null; then
		# browsertest closes its browser and removes its profile on SIGTERM.
		kill -TERM "$bpid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$bpid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$bpid" 2>/dev/null || true
	fi
	if [ -n "$jpid" ]; then
		# Jupyter shuts its kernels down on SIGTERM. A kernel runs in its own
		# process group (with the cell programs it starts): whatever is left
		# of those groups and of Jupyter's is killed after that.
		local kernels k
		kernels="$(pgrep -P "$jpid" 2>/dev/null || true)"
		kill -TERM "$jpid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$jpid" 2>/dev/null || break
			sleep 0.2
		done
		for k in $kernels; do
			kill -KILL -- "-$k" 2>/dev/null || kill -KILL "$k" 2>/dev/null || true
		done
		kill -KILL -- "-$jpid" 2>/dev/null || true
	fi
	rm -f "$copy" "$(dirname "$copy")/.ipynb_checkpoints/$(basename "${copy%.ipynb}")"-checkpoint.ipynb
	rmdir "$(dirname "$copy")/.ipynb_checkpoints" 2>/dev/null || true
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Jupyter's runtime files, the kernel's and GoNB's temporary folders and the
# browser's profile all go under $tmp.
export TMPDIR="$tmp" JUPYTER_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$JUPYTER_RUNTIME_DIR"

(cd scripts/browsertest && GOWORK=off go build -o "$tmp/browsertest" .) || die "could not build scripts/browsertest"

cp "$nb" "$copy"
token="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
port=$((20000 + RANDOM % 20000))
root=()
[ "$(id -u)" != 0 ] || root=(--allow-root)
# setsid: Jupyter leads its own process group, so the trap can end it with its
# kernel, and a Ctrl-C in the terminal reaches this script, not Jupyter.
setsid jupyter notebook --no-browser --ip=127.0.0.1 --port="$port" --port-retries=50 \
	--notebook-dir="$repo" --NotebookApp.token="$token" --NotebookApp.password='' \
	--ContentsManager.allow_hidden=True --NotebookApp.open_browser=False "${root[@]}" \
	>"$tmp/jupyter.log" 2>&1 </dev/null &
jpid=$!

# Wait until it listens (it writes nbserver-PID.json with its port then).
listening=0
for _ in $(seq 1 300); do
	kill -0 "$jpid" 2>/dev/null || { tail -30 "$tmp/jupyter.log" >&2; die "Jupyter exited before it listened"; }
	p="$(cat "$JUPYTER_RUNTIME_DIR"/nbserver-*.json 2>/dev/null | sed -n 's/.*"port": *\([0-9]*\).*/\1/p' | head -1 || true)"
	if [ -n "$p" ] && (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		port="$p" listening=1
		break
	fi
	sleep 0.2
done
[ "$listening" = 1 ] || { tail -30 "$tmp/jupyter.log" >&2; die "Jupyter did not listen within 60 s"; }

rel="${copy#"$repo"/}"
url="http://127.0.0.1:$port/notebooks/$rel?token=$token"
say "Jupyter $(jupyter notebook --version) on 127.0.0.1:$port; running $(basename "$nb") in $("$chrome" --version 2>/dev/null | head -1)"
start=$(date +%s)
# In the background with wait, so that a signal to this script is handled
# at once (the trap stops browsertest, then Jupyter).
"$tmp/browsertest" -url "$url" -out "$repo/out/browser" -timeout "${BROWSER_TIMEOUT:-20m}" "$@" &
bpid=$!
rc=0
wait "$bpid" || rc=$?
bpid=""
if [ "$rc" != 0 ]; then
	echo "test_browser: Jupyter's log (last lines):" >&2
	grep -v -e '^\[[IW] ' -e '^[IW][0-9]\{4\} ' -e '^0\.00s - ' "$tmp/jupyter.log" | tail -20 >&2 || true
	die "FAIL after $(($(date +%s) - start)) s"
fi
say "PASS in $(($(date +%s) - start)) s"
