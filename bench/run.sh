#!/bin/sh
# Benchmarks (`make bench`): times whole `buddyviz run` processes on four
# generated scenarios, best wall time of BENCH_RUNS (3) runs and the peak
# resident memory, then checks the performance targets. Misses are
# reported, never fatal. Also runs build/tools/frame_bench and
# build/tools/undo_bench when they exist.
#
# Timing: GNU time (/usr/bin/time) if installed, else build/tools/rusage
# (tests/tools/rusage.c), else wall time only from date(1); BENCH_TIMER
# picks one of gnu-time, rusage, date.

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
RUNS=${BENCH_RUNS:-3}
TOOLS=${TOOLS:-build/tools}
LC_ALL=C
export LC_ALL

if [ ! -x "$BUDDYVIZ" ]; then
	echo "bench: $BUDDYVIZ is missing; run make" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

if [ -n "$BENCH_TIMER" ]; then
	timer=$BENCH_TIMER # gnu-time, rusage or date
elif [ -x /usr/bin/time ] && /usr/bin/time -o "$T/t" -f '%e %M' true 2>/dev/null; then
	timer=gnu-time
elif [ -x "$TOOLS/rusage" ]; then
	timer=rusage
else
	timer="date"
fi
echo "bench: $BUDDYVIZ, best of $RUNS runs, timer: $timer"

MIX="mix: {unmovable: 0.1, movable: 0.8, reclaimable: 0.1}, free_ratio: 0.5"
scenario() { # FILE ZONE-SIZE STEP [MACHINE-LINE]
	printf 'name: bench %s\nmachine:\n  zones: [{name: Normal, size: %s}]\n%s\nsteps:\n  - %s\n' \
		"${1##*/}" "$2" "${4:-}" "$3" >"$1"
}
scenario "$T/churn.yaml" 4GiB "workload: {ops: 2000000, orders: {0: 1.0}, $MIX}"
# The same churn with per-cpu lists, and with watermarks (issue 10: each at
# most 1.5 times the churn's time).
scenario "$T/churn-pcp.yaml" 4GiB "workload: {ops: 2000000, orders: {0: 1.0}, $MIX}" "  pcp: true"
scenario "$T/churn-wmark.yaml" 4GiB "workload: {ops: 2000000, orders: {0: 1.0}, $MIX}" "  watermarks: true"
scenario "$T/mixed.yaml" 16GiB \
	"workload: {ops: 2000000, orders: {0: 0.7, 1: 0.1, 2: 0.1, 3: 0.05, 9: 0.05}, $MIX}"
scenario "$T/churn64.yaml" 64GiB "workload: {ops: 1000000, orders: {0: 1.0}, $MIX}"
scenario "$T/fill64.yaml" 64GiB "alloc: {type: movable, count: 16777216}"
# Full compaction of a fragmented 4 GiB zone: fill it with movable pages,
# free every second one, compact (issue 8's target: the whole run < 0.25 s).
printf 'name: bench compact\nmachine:\n  zones: [{name: Normal, size: 4GiB}]\nsteps:\n%s\n%s\n%s\n' \
	"  - alloc: {type: movable, count: 1048576, tag: M}" "  - free: {tag: M, every: 2}" \
	"  - compact: {order: -1}" >"$T/compact.yaml"

# time_once FILE: one run; prints "SECONDS MAXRSS_KIB" (RSS "?" without a
# tool that reports it); returns the run's exit status.
time_once() {
	case $timer in
	gnu-time)
		timeout -k 5 600 /usr/bin/time -o "$T/t" -f '%e %M' "$BUDDYVIZ" run "$1" >/dev/null 2>"$T/err"
		rc=$?
		;;
	rusage)
		timeout -k 5 600 "$TOOLS/rusage" -o "$T/t" "$BUDDYVIZ" run "$1" >/dev/null 2>"$T/err"
		rc=$?
		;;
	*)
		s=$(date +%s.%N)
		timeout -k 5 600 "$BUDDYVIZ" run "$1" >/dev/null 2>"$T/err"
		rc=$?
		e=$(date +%s.%N)
		awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f ?\n", e - s }' >"$T/t"
		;;
	esac
	# GNU time adds "Command exited with non-zero status" lines: keep the last.
	tail -n 1 "$T/t"
	return $rc
}

# bench NAME OPS FILE: best time of RUNS; sets best_s, rss_mib, ops_s.
bench() {
	best_s="" rss_kib="" i=0 failed=""
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		r=$(time_once "$3")
		rc=$?
		if [ "$rc" != 0 ]; then
			failed="exit $rc"
			[ "$rc" = 124 ] && failed="timed out after 600 s"
			break
		fi
		# shellcheck disable=SC2086 # "SECONDS KIB" -> $4 $5
		set -- "$1" "$2" "$3" $r
		best_s=$(awk -v a="$best_s" -v b="$4" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
		rss_kib=$(awk -v a="$rss_kib" -v b="$5" 'BEGIN { if (b == "?") print "?"; else print (a == "" || b + 0 > a + 0) ? b : a }')
	done
	if [ -n "$failed" ]; then
		echo "$1: ops=$2 FAILED ($failed)"
		sed 's/^/    /' "$T/err" | head -n 5
		best_s="" rss_mib="" ops_s=""
		return 1
	fi
	ops_s=$(awk -v n="$2" -v s="$best_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }')
	rss_mib=$(awk -v k="$rss_kib" 'BEGIN { if (k == "?") print "?"; else printf "%.1f", k / 1024 }')
	echo "$1: ops=$2 time=$best_s ops_per_s=$ops_s max_rss_mib=$rss_mib"
}

# target LABEL VALUE OP LIMIT: PASS/MISS line ("?" or empty value = MISS).
target() {
	awk -v l="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
		ok = (v != "" && v != "?") && ((op == ">=" && v + 0 >= lim + 0) || (op == "<" && v + 0 < lim + 0))
		printf "%s %s: %s (target %s %s)\n", ok ? "PASS" : "MISS", l, (v == "" ? "no result" : v), op, lim
	}'
}

bench churn 2000000 "$T/churn.yaml"
churn_ops=$ops_s
churn_s=$best_s
bench churn-pcp 2000000 "$T/churn-pcp.yaml"
pcp_ratio=$(awk -v a="$best_s" -v b="$churn_s" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }')
bench churn-watermarks 2000000 "$T/churn-wmark.yaml"
wmark_ratio=$(awk -v a="$best_s" -v b="$churn_s" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }')
bench mixed-orders 2000000 "$T/mixed.yaml"
bench churn-64GiB 1000000 "$T/churn64.yaml"
churn64_rss=$rss_mib
bench filled-64GiB 16777216 "$T/fill64.yaml"
fill64_rss=$rss_mib
bench compact-4GiB 1572864 "$T/compact.yaml"
compact_s=$best_s

echo
target "churn ops/s" "$churn_ops" ">=" 8000000
target "churn-pcp time / churn time" "$pcp_ratio" "<" 1.5
target "churn-watermarks time / churn time" "$wmark_ratio" "<" 1.5
target "churn-64GiB max RSS MiB" "$churn64_rss" "<" 256
target "filled-64GiB max RSS MiB" "$fill64_rss" "<" 1024
target "compact-4GiB seconds (fill, free, full compaction)" "$compact_s" "<" 0.25

for tool in frame_bench undo_bench; do
	echo
	if [ -x "$TOOLS/$tool" ]; then
		echo "$tool:"
		timeout -k 5 600 "$TOOLS/$tool" 2>&1 | sed 's/^/  /'
	else
		echo "$tool: skipped ($TOOLS/$tool not built)"
	fi
done
exit 0
