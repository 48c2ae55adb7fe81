#!/bin/sh
# Terminal hygiene: q exits 0; SIGTERM, Ctrl-C (SIGINT) and SIGHUP exit
# 143, 130 and 129; every way out leaves the alternate screen, shows the
# cursor and restores the tty modes (stty -g before == after).
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"

# check_exit NAME WANT_RC: the pane is back at the shell, restored.
check_exit() {
	line=$(wait_exit 10)
	alt=$(pane_fmt '#{alternate_on}')
	cur=$(pane_fmt '#{cursor_flag}')
	if [ "$line" = "EXIT=$2 TTY=same" ] && [ "$alt" = 0 ] && [ "$cur" = 1 ]; then
		ok "$1"
	else
		fail "$1" "got '$line', alternate_on=$alt cursor_flag=$cur (want EXIT=$2 TTY=same, 0, 1)" "$(screen)"
	fi
}

# ready: buddyviz is up, in the alternate screen.
ready() {
	wait_for 'step 0/12' 10 && [ "$(pane_fmt '#{alternate_on}')" = 1 ]
}

start 80 24 -- "$S"
if ready; then ok "exit starts in the alternate screen"; else fail "exit starts in the alternate screen" "" "$(screen)"; fi
keys space space
wait_step 2 12
keys q
check_exit "exit q exits 0 and restores the terminal" 0

start 80 24 -- "$S"
ready
kill -TERM "$(cat "$T/pid")"
check_exit "exit SIGTERM exits 143 and restores the terminal" 143

start 80 24 -- "$S"
ready
keys C-c
check_exit "exit Ctrl-C exits 130 and restores the terminal" 130

start 80 24 -- "$S"
ready
kill -HUP "$(cat "$T/pid")"
check_exit "exit SIGHUP exits 129 and restores the terminal" 129

# The crash path: a fatal signal restores the terminal, then the process
# dies of that signal (the shell sees 128 + 11).
start 80 24 ASAN_OPTIONS=handle_segv=0 -- "$S"
ready
kill -SEGV "$(cat "$T/pid")"
check_exit "exit a crash (SIGSEGV) restores the terminal" 139

# A signal while the engine is busy with a long step (a big workload).
cat >"$T/long.yaml" <<'YAML'
name: long step
machine:
  zones: [{name: Normal, size: 16G}]
steps:
  - workload: {ops: 50000000, orders: {0: 1.0}, free_ratio: 0.3, tag: w}
YAML
start 80 24 -- "$T/long.yaml"
if wait_for 'step 0/1' 10; then
	keys space
	sleep 0.3
	kill -TERM "$(cat "$T/pid")"
	check_exit "exit SIGTERM during a long step exits 143 and restores" 143
else
	fail "exit SIGTERM during a long step exits 143 and restores" "did not start" "$(screen)"
fi

# The help, the block detail and the command line also quit cleanly.
start 80 24 -- "$S"
ready
keys '?'
wait_for 'buddyviz keys' 5
# q closes the help first, then quits.
keys q
if wait_for '^Normal zone' 5; then ok "exit q closes the help first"; else fail "exit q closes the help first" "" "$(screen)"; fi
keys q
check_exit "exit q from the help screen, then q" 0

# No terminal: a clear message, exit 1, nothing drawn.
out=$("$BV" "$S" </dev/null 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 3 ] && printf '%s' "$out" | grep -q 'needs a terminal'; then
	ok "exit without a terminal says so"
else
	fail "exit without a terminal says so" "exit $rc: $out"
fi
finish
