#!/bin/sh
# Runs every suite against each build directory given (the plain build,
# then the sanitizer build) and sums them up. Each suite prints TAP ("ok N -
# ..." / "not ok N - ..."); its log goes to build/test-logs/. The last line
# is the total over all suites: "N passed, N failed". The fuzz targets,
# when built (build/fuzz), run once over their corpora (tests/fuzz/run.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
logs="$top/build/test-logs"
mkdir -p "$logs"
passed=0 failed=0
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
failures=""

run_suite() { # name, build, command...
	name=$1 build=$2
	shift 2
	log="$logs/$(basename "$build")-$name.log"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# A suite that died without saying which test failed counts once.
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	status=ok
	[ "$f" -gt 0 ] && status=FAIL && failures="$failures $log"
	printf '%-6s %-28s %-10s %4d passed, %d failed\n' "$status" "$name" "$(basename "$build")" "$p" "$f"
}

first=""
for build in "$@"; do
	case "$build" in /*) ;; *) build="$top/$build" ;; esac
	[ -z "$first" ] && first=$build
	rm -f "$logs/$(basename "$build")"-*.log
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		run_suite "$(basename "$t")" "$build" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
	done
	# tests/pkg/ builds the Debian package and installs it into this
	# machine: only when asked (DW_PKG_TESTS=1, as .ci/run does as root),
	# and once (the package is built from the source, not from $build).
	pkg=""
	[ "${DW_PKG_TESTS:-}" = 1 ] && [ "$build" = "$first" ] && pkg="$top/tests/pkg/*.sh"
	for t in "$top"/tests/cmd/*.sh "$top"/tests/tui/*.sh $pkg; do
		case "$t" in */lib.sh | *_lib.sh) continue ;; esac
		# cmd/sync and tui/sync: the folder keeps their logs apart.
		run_suite "$(basename "$(dirname "$t")")-$(basename "$t" .sh)" "$build" \
			env DW="$build/dustwatch" TOP="$top" sh "$t"
	done
done

# The fuzz targets (make fuzz-build, with clang) once over their corpora,
# where the inputs that once crashed stay.
if ls "$top"/build/fuzz/fuzz_* >/dev/null 2>&1; then
	rm -f "$logs"/fuzz-*.log
	run_suite regress "$top/build/fuzz" sh "$top/tests/fuzz/run.sh" "$top/build/fuzz"
fi

for f in $failures; do
	echo "---- $f"
	grep -B2 -A12 '^not ok' "$f" | head -60
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
