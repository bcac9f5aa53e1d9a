#!/bin/sh
# `make fuzz`: runs each fuzz target for FUZZ_SECONDS (default 300) at the
# lowest priority, FUZZ_JOBS at a time (default 1: the machine is shared),
# and prints the executions of each. Usage: campaign.sh BUILD TARGET...
# A target grows its corpus in BUILD/corpus/TARGET (seeded from
# tests/fuzz/corpus/TARGET, which is left as it is); a crash, leak or hang
# is written to BUILD/crashes/TARGET-*; logs go to BUILD/logs/TARGET.log.
# Extra libFuzzer options: FUZZ_FLAGS (for example -dict=... or -jobs=...).
set -u
build=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${FUZZ_SECONDS:=300}" "${FUZZ_JOBS:=1}" "${FUZZ_FLAGS:=}"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
# The import target makes a data directory per process: in memory if we can.
[ -z "${TMPDIR:-}" ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
mkdir -p "$build/corpus" "$build/crashes" "$build/logs"

run_one() {
	t=$1
	mkdir -p "$build/corpus/$t"
	# The words of the input's format, where there is a dictionary of them.
	case $t in import) d=event ;; *) d=$t ;; esac
	dict=""
	[ -f "$top/tests/fuzz/$d.dict" ] && dict="-dict=$top/tests/fuzz/$d.dict"
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: runaway memory.
	nice -n 19 "$build/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/crashes/$t-" $dict $FUZZ_FLAGS \
		"$build/corpus/$t" "$top/tests/fuzz/corpus/$t" >"$build/logs/$t.log" 2>&1
	rc=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$t.log" | tail -1)
	s=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$build/logs/$t.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$build/logs/$t.log" | tail -1)
	status=ok
	[ "$rc" -ne 0 ] && status="FOUND (exit $rc): $(grep -m1 -E 'ERROR|FUZZ_ASSERT|runtime error' "$build/logs/$t.log")"
	printf '%-8s %12s executions in %ss (%s/s), %s, corpus %s files: %s\n' "$t" "${n:-?}" "$FUZZ_SECONDS" \
		"${s:-?}" "${cov:-cov: ?}" "$(ls "$build/corpus/$t" | grep -c .)" "$status"
	[ "$rc" -eq 0 ]
}

# FUZZ_JOBS lanes, each running its share of the targets one after another.
pids=""
lane=0
while [ "$lane" -lt "$FUZZ_JOBS" ]; do
	(
		i=0 failed=0
		for t in "$@"; do
			[ $((i % FUZZ_JOBS)) -eq "$lane" ] && { run_one "$t" || failed=1; }
			i=$((i + 1))
		done
		exit $failed
	) &
	pids="$pids $!"
	lane=$((lane + 1))
done
failed=0
for p in $pids; do wait "$p" || failed=1; done
exit $failed
