#!/usr/bin/env bash
# setup_clang.sh installs clang-14 (Debian package clang-14) when it is
# missing, so that kernels' TestPTXUpToDate can rebuild kernels/*.ptx from
# the .cu sources and check the checked-in PTX is what they give
# (scripts/build_kernels.sh uses the same compiler and flags). scripts/test.sh
# calls it under CI, where that test fails rather than skips without clang-14.
#
# Usage: scripts/setup_clang.sh        # idempotent; prints clang-14's version
set -euo pipefail

if ! command -v clang-14 >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 && [ -r /etc/debian_version ] || {
		echo "setup_clang: clang-14 is missing and this is not Debian/Ubuntu; install clang 14 as clang-14" >&2
		exit 1
	}
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	log=$(mktemp)
	ok=0
	for attempt in 1 2 3; do
		if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends clang-14 >"$log" 2>&1; then
			ok=1
			break
		fi
		echo "setup_clang: apt-get install clang-14 failed (attempt $attempt); last lines:" >&2
		tail -n 5 "$log" >&2
		$sudo apt-get update >/dev/null 2>&1 || true
	done
	rm -f "$log"
	[ $ok = 1 ] || { echo "setup_clang: could not install clang-14 with apt-get" >&2; exit 1; }
fi
echo "setup_clang: $(clang-14 --version | head -n1)"
