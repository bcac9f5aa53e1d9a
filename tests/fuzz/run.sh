#!/bin/sh
# The fuzz targets' regression run for `make check` (TAP): each target in
# BUILD (build/fuzz) runs once over every file of its corpus,
# tests/fuzz/corpus/TARGET/, where the inputs that once crashed are kept,
# then a few thousand fresh inputs mutated from it (fixed seed, so a run is
# repeatable). A crash, leak, hang or failed property fails the target.
# Usage: run.sh BUILD
set -u
build=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
[ -z "${TMPDIR:-}" ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
n=0 failed=0
for t in "$build"/fuzz_*; do
	[ -x "$t" ] || continue
	name=${t##*/fuzz_}
	corpus="$top/tests/fuzz/corpus/$name"
	n=$((n + 1))
	# The corpus as it is, then mutations of it: what they add goes to a
	# scratch folder (the first one named), never to the corpus.
	scratch="$build/regress-corpus/$name"
	rm -rf "$scratch" && mkdir -p "$scratch"
	if out=$("$t" -runs=0 "$corpus" 2>&1) &&
		out=$("$t" -runs="${FUZZ_RUNS:-2000}" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
			-artifact_prefix="$build/regress-$name-" "$scratch" "$corpus" 2>&1); then
		echo "ok $n - $name: $(ls "$corpus" | grep -c .) corpus files and ${FUZZ_RUNS:-2000} mutations"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		printf '%s\n' "$out" | grep -E -A12 'ERROR|FUZZ_ASSERT|runtime error|Running:' | head -40 | sed 's/^/#   /'
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
