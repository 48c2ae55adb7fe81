#!/bin/sh
# `buddyviz run` without a terminal on stderr: no progress line at all (not
# a byte on stderr for a run that works past the line's one-second delay),
# and SIGINT / SIGTERM / SIGHUP stop a long step between two operations with
# one line saying how far it got, no dumps, exit 128 + signal. The progress
# line on a real terminal is tests/screen/progress.sh. Prints "ok NAME" /
# "FAIL NAME: why".

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-progress.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 10 | sed 's/^/    /'
}

# A background job of sh starts with SIGINT ignored (and buddyviz keeps
# an ignored signal ignored): start it with the default disposition.
if env --default-signal=INT true 2>/dev/null; then
	DEFSIG="env --default-signal=INT"
else
	DEFSIG="python3 -c import\ os,signal,sys;signal.signal(signal.SIGINT,signal.SIG_DFL);os.execvp(sys.argv[1],sys.argv[1:])"
fi

# Step 2 would take minutes (10^8 operations): every run below is
# stopped by a signal.
cat >"$T/long.yaml" <<'YAML'
name: progress test, long
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - alloc: {type: movable, count: 1000, tag: A}
  - workload: {ops: 100000000, orders: {0: 1.0}, free_ratio: 0.5}
  - say: never reached
YAML
# A run that ends by itself (the first test below already shows that a
# run past the line's one-second delay writes nothing but its message).
cat >"$T/medium.yaml" <<'YAML'
name: progress test, medium
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - workload: {ops: 2000000, orders: {0: 1.0}, free_ratio: 0.5, tag: w}
  - workload: {ops: 2000000, orders: {0: 1.0}, free_ratio: 0.5, tag: w}
  - expect: {allocs_failed: 0}
YAML

# stop SIGNAL DELAY ARGS...: starts a run, sends SIGNAL after DELAY
# seconds; $T/out, $T/err, $rc.
stop() {
	sig=$1
	delay=$2
	shift 2
	$DEFSIG timeout -k 5 60 "$BUDDYVIZ" run "$@" >"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	sleep "$delay"
	# timeout(1) passes the signal on to buddyviz.
	kill "-$sig" "$pid"
	wait "$pid"
	rc=$?
}

# The message: one line, no carriage return (no progress line: stderr is
# a file, and the run is past the line's one-second delay), the step and
# its counts.
msg_re='^buddyviz: interrupted at step 2 of 3 (workload: [1-9][0-9,]* of 100,000,000 operations done); no dumps printed$'

stop INT 1.5 "$T/long.yaml" --dump buddyinfo,stats
lines=$(wc -l <"$T/err")
if [ "$rc" = 130 ] && [ "$lines" = 1 ] && grep -q "$msg_re" "$T/err" && ! grep -q "$(printf '\r')" "$T/err" &&
	[ ! -s "$T/out" ]; then
	ok "progress SIGINT mid-workload: exit 130, one line saying how far, no dumps"
else
	fail "progress SIGINT mid-workload: exit 130, one line saying how far, no dumps" \
		"exit $rc, $lines stderr lines, $(wc -c <"$T/out") stdout bytes" "$(cat -A "$T/err")"
fi

stop TERM 0.5 "$T/long.yaml"
if [ "$rc" = 143 ] && grep -q '^buddyviz: interrupted at step 2 of 3 (workload: [1-9][0-9,]* of 100,000,000 operations done)$' "$T/err"; then
	ok "progress SIGTERM: exit 143 and the same message (no dumps asked: no 'no dumps')"
else
	fail "progress SIGTERM: exit 143 and the same message" "exit $rc" "$(cat -A "$T/err")"
fi

stop HUP 0.5 "$T/long.yaml"
if [ "$rc" = 129 ] && grep -q '^buddyviz: interrupted at step 2 of 3' "$T/err"; then
	ok "progress SIGHUP: exit 129"
else
	fail "progress SIGHUP: exit 129" "exit $rc" "$(cat -A "$T/err")"
fi

# --until: the steps this run runs are the total.
stop INT 0.5 "$T/long.yaml" --until 2
if [ "$rc" = 130 ] && grep -q '^buddyviz: interrupted at step 2 of 2 (workload: ' "$T/err"; then
	ok "progress SIGINT with --until 2: 'step 2 of 2'"
else
	fail "progress SIGINT with --until 2: 'step 2 of 2'" "exit $rc" "$(cat -A "$T/err")"
fi

# With --trace the trace lines already on stdout stay whole (flushed).
stop INT 0.5 "$T/long.yaml" --trace
last=$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')
if [ "$rc" = 130 ] && [ "$last" = '\n' ] && grep -q '^\[2\] ' "$T/out" && grep -q '^buddyviz: interrupted at step 2 of 3' "$T/err"; then
	ok "progress SIGINT with --trace: trace flushed up to whole lines"
else
	fail "progress SIGINT with --trace: trace flushed up to whole lines" "exit $rc, last byte '$last'" "$(cat -A "$T/err")"
fi

# A whole run on a pipe: nothing on stderr, the dumps, exit 0.
timeout -k 5 120 "$BUDDYVIZ" run "$T/medium.yaml" --dump buddyinfo,stats >"$T/out" 2>"$T/err" </dev/null
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$T/err" ] && grep -q '^allocs_failed: 0$' "$T/out"; then
	ok "progress absent when stderr is not a terminal (stderr empty, dumps on stdout)"
else
	fail "progress absent when stderr is not a terminal" "exit $rc, $(wc -c <"$T/err") stderr bytes" "$(cat -A "$T/err")"
fi

# Ignored on entry (nohup, a background job without job control): the
# Not under timeout(1): it would pass the HUP on to the run as a TERM.
# signal stays ignored and the run goes on; SIGTERM then stops it.
sh -c 'trap "" HUP; exec "$0" run "$1"' "$BUDDYVIZ" "$T/long.yaml" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
sleep 0.5
kill -HUP "$pid"
sleep 0.3
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" = 143 ] && grep -q '^buddyviz: interrupted at step 2 of 3' "$T/err"; then
	ok "progress a signal ignored on entry (nohup) stays ignored"
else
	fail "progress a signal ignored on entry (nohup) stays ignored" "exit $rc, expected 143 (SIGTERM after the ignored SIGHUP)" "$(cat -A "$T/err")"
fi
exit 0
