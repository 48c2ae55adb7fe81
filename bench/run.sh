#!/bin/sh
# Benchmarks (`make bench`): times whole `buddyviz run` processes on
# generated scenarios, the median wall time of BENCH_RUNS (3) runs (the
# memory-only and the long ones run once) and the peak resident memory,
# runs build/tools/undo_bench (every step back of the same scenarios) and
# build/tools/frame_bench when they exist, then prints one PASS or MISS line
# per target of issues 8, 10 and 11. Misses are reported, never fatal.
# BENCH_LONG=0 skips the 10^8-operation churn (one run, about 4-10 s);
# BENCH_LONG=1 also undoes it in undo_bench (as long again).
#
# Timing: build/tools/rusage (tests/tools/rusage.c: wall time to the
# millisecond and peak RSS), else GNU time (/usr/bin/time, 10 ms steps:
# 0.0836 s would read 0.08), else wall time only from date(1);
# BENCH_TIMER picks one of rusage, gnu-time, date.

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
	timer=$BENCH_TIMER # rusage, gnu-time or date
elif [ -x "$TOOLS/rusage" ]; then
	timer=rusage
elif [ -x /usr/bin/time ] && /usr/bin/time -o "$T/t" -f '%e %M' true 2>/dev/null; then
	timer=gnu-time
else
	timer="date"
fi
echo "bench: $BUDDYVIZ, median of $RUNS runs, timer: $timer; $(uptime | sed 's/.*load/load/')"

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
# Issue 11: 10^8 operations on 4 GiB in bounded memory and linear time; a
# 4 TiB machine's boot and a million-operation churn on it.
scenario "$T/churn1e8.yaml" 4GiB "workload: {ops: 100000000, orders: {0: 1.0}, $MIX}"
scenario "$T/churn4t.yaml" 4TiB "workload: {ops: 1000000, orders: {0: 1.0}, $MIX}"
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

# bench NAME OPS FILE [RUNS]: the median time of RUNS runs (default
# $RUNS) and the largest peak RSS; sets med_s, rss_mib, ops_s.
bench() {
	n=${4:-$RUNS}
	times="" rss_kib="" i=0 failed=""
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		r=$(time_once "$3")
		rc=$?
		if [ "$rc" != 0 ]; then
			failed="exit $rc"
			[ "$rc" = 124 ] && failed="timed out after 600 s"
			break
		fi
		# shellcheck disable=SC2086 # "SECONDS KIB" -> $5 $6
		set -- "$1" "$2" "$3" "$n" $r
		times="$times $5"
		rss_kib=$(awk -v a="$rss_kib" -v b="$6" 'BEGIN { if (b == "?") print "?"; else print (a == "" || b + 0 > a + 0) ? b : a }')
	done
	if [ -n "$failed" ]; then
		echo "$1: ops=$2 FAILED ($failed)"
		sed 's/^/    /' "$T/err" | head -n 5
		med_s="" rss_mib="" ops_s=""
		return 1
	fi
	med_s=$(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	all=$(printf '%s\n' $times | sort -n | tr '\n' ' ' | sed 's/ $//')
	ops_s=$(awk -v n="$2" -v s="$med_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }')
	rss_mib=$(awk -v k="$rss_kib" 'BEGIN { if (k == "?") print "?"; else printf "%.1f", k / 1024 }')
	echo "$1: ops=$2 time=$med_s (runs: $all) ops_per_s=$ops_s max_rss_mib=$rss_mib"
}

# target LABEL VALUE OP LIMIT: PASS/MISS line ("?" or empty value = MISS).
target() {
	awk -v l="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
		ok = (v != "" && v != "?") && ((op == ">=" && v + 0 >= lim + 0) || (op == "<" && v + 0 < lim + 0) ||
		     (op == "<=" && v + 0 <= lim + 0))
		printf "%s %s: %s (target %s %s)\n", ok ? "PASS" : "MISS", l, (v == "" ? "no result" : v), op, lim
	}'
}

bench churn 2000000 "$T/churn.yaml"
churn_ops=$ops_s
churn_s=$med_s
bench churn-pcp 2000000 "$T/churn-pcp.yaml"
pcp_ratio=$(awk -v a="$med_s" -v b="$churn_s" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }')
bench churn-watermarks 2000000 "$T/churn-wmark.yaml"
wmark_ratio=$(awk -v a="$med_s" -v b="$churn_s" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }')
bench mixed-orders 2000000 "$T/mixed.yaml"
mixed_ops=$ops_s
bench churn-64GiB 1000000 "$T/churn64.yaml"
churn64_rss=$rss_mib
bench filled-64GiB 16777216 "$T/fill64.yaml" 1
fill64_rss=$rss_mib
bench compact-4GiB 1572864 "$T/compact.yaml"
compact_s=$med_s
bench churn-4TiB 1000000 "$T/churn4t.yaml"
tib_s=$med_s
tib_rss=$rss_mib
long_rss="" long_lin=""
if [ "${BENCH_LONG:-1}" != 0 ]; then
	bench churn-1e8 100000000 "$T/churn1e8.yaml" 1
	long_rss=$rss_mib
	# Linear time: the time per operation against the 2*10^6 churn's.
	long_lin=$(awk -v a="$med_s" -v b="$churn_s" 'BEGIN { if (a != "" && b > 0) printf "%.2f", (a / 100000000) / (b / 2000000) }')
else
	echo "churn-1e8: skipped (BENCH_LONG=0)"
fi

# Undo: every step back of the same scenarios (tests/tools/undo_bench.c).
undo_ms="" undo_mib=""
echo
if [ -x "$TOOLS/undo_bench" ]; then
	echo "undo_bench:"
	timeout -k 5 600 "$TOOLS/undo_bench" >"$T/undo" 2>&1
	sed 's/^/  /' "$T/undo"
	undo_ms=$(sed -n 's/.*slowest step back \([0-9.]*\) ms.*/\1/p' "$T/undo" | sort -n | tail -n 1)
	undo_mib=$(sed -n 's/.*checkpoints \([0-9.]*\) MiB.*/\1/p' "$T/undo" | sort -n | tail -n 1)
	grep -q 'slowest step back' "$T/undo" || undo_ms=""
else
	echo "undo_bench: skipped ($TOOLS/undo_bench not built)"
fi
if [ -x "$TOOLS/frame_bench" ]; then
	echo
	echo "frame_bench:"
	timeout -k 5 600 "$TOOLS/frame_bench" 2>&1 | sed 's/^/  /'
fi

echo
echo "targets (issue 11 unless marked):"
target "churn ops/s (median of $RUNS)" "$churn_ops" ">=" 25000000
target "mixed-orders ops/s (median of $RUNS)" "$mixed_ops" ">=" 20000000
if [ "${BENCH_LONG:-1}" != 0 ]; then
	target "churn-1e8 (10^8 ops, 4 GiB, free_ratio 0.5) max RSS MiB" "$long_rss" "<" 64
	target "churn-1e8 time per op / churn time per op (linear)" "$long_lin" "<" 1.5
fi
target "churn-4TiB seconds (boot 4 TiB + 10^6-op churn)" "$tib_s" "<" 1
target "churn-4TiB max RSS MiB" "$tib_rss" "<" 256
target "filled-64GiB max RSS MiB" "$fill64_rss" "<" 512
target "undo slowest step back ms (every bench scenario)" "$undo_ms" "<=" 250
target "churn-pcp time / churn time (issue 10)" "$pcp_ratio" "<" 1.5
target "churn-watermarks time / churn time (issue 10)" "$wmark_ratio" "<" 1.5
target "churn-64GiB max RSS MiB (issue 10)" "$churn64_rss" "<" 256
target "compact-4GiB seconds (fill, free, full compaction; issue 8)" "$compact_s" "<" 0.25
[ -n "$undo_mib" ] && echo "undo checkpoint memory: at most $undo_mib MiB held in these runs (bound: docs/user-guide.md, \"Undo memory\")"
exit 0
