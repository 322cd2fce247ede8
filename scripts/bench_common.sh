# bench_common.sh: shared by the scripts/bench_*.sh comparisons; source it
# from the repository root after setting bench_name.
#
# bench_archive prints the absolute path of the 20 Newsgroups archive:
# $TOPICMODEL_ARCHIVE, else shared/datasets/ inside or beside the repository;
# it exits with a message when there is none.
bench_archive() {
	local a="${TOPICMODEL_ARCHIVE:-}" p
	if [[ -z "$a" ]]; then
		for p in shared/datasets/20news-bydate.tar.gz ../shared/datasets/20news-bydate.tar.gz; do
			[[ -f "$p" ]] && a="$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" && break
		done
	fi
	[[ -n "$a" && -f "$a" ]] || {
		echo "$bench_name: no 20news-bydate.tar.gz found; set TOPICMODEL_ARCHIVE to its path" >&2
		exit 1
	}
	echo "$a"
}

# bench_need_python checks that /usr/bin/python3 imports the given modules,
# else exits saying which Debian packages provide them.
bench_need_python() {
	/usr/bin/python3 -c "import $(IFS=,; echo "$*")" 2>/dev/null || {
		echo "$bench_name: the Python side needs $* for /usr/bin/python3: apt-get install -y python3-sklearn python3-matplotlib" >&2
		exit 1
	}
}
