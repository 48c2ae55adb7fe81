#!/bin/sh
# `buddyviz run` on a real terminal (tmux): after a second the progress line
# (step K/N, the workload's operations done / total, the percentage,
# operations per second, time left) on one row, narrower than the pane;
# Ctrl-C stops the run with one line saying how far it got and exit 130,
# the progress line gone and the tty modes unchanged; a run that ends by
# itself leaves no trace of the line above its dumps.
. tests/screen/common.inc

cat >"$T/long.yaml" <<'YAML'
name: progress test, long
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - alloc: {type: movable, count: 1000, tag: A}
  - workload: {ops: 100000000, orders: {0: 1.0}, free_ratio: 0.5}
  - say: never reached
YAML

start 120 8 -- run long.yaml --dump buddyinfo
line_re='^step 2/3, workload [1-9][0-9,]*/100,000,000 ops ([0-9]*%), [0-9.]*[kM]* ops/s, [0-9][0-9 hmins]* left *$'
if wait_for "$line_re" 10; then
	ok "progress line on a terminal: step, ops done/total, %, ops/s, time left"
else
	fail "progress line on a terminal: step, ops done/total, %, ops/s, time left" "no line matching $line_re" "$(screen)"
fi
# Redrawn in place: one row, and the count moves.
first=$(screen | grep '^step 2/3' | head -n 1)
sleep 0.6
rows=$(screen | grep -c '^step 2/3')
second=$(screen | grep '^step 2/3' | head -n 1)
if [ "$rows" = 1 ] && [ "$first" != "$second" ]; then
	ok "progress line redrawn in place (one row, changing)"
else
	fail "progress line redrawn in place (one row, changing)" "rows=$rows first='$first' second='$second'" "$(screen)"
fi
keys C-c
got=$(wait_exit 10)
scr=$(screen)
msg_re='^buddyviz: interrupted at step 2 of 3 (workload: [1-9][0-9,]* of 100,000,000 operations done); no dumps printed$'
if [ "$got" = "EXIT=130 TTY=same" ] && printf '%s\n' "$scr" | grep -q "$msg_re" &&
	! printf '%s\n' "$scr" | grep -q 'ops/s' && ! printf '%s\n' "$scr" | grep -q '^Node'; then
	ok "progress Ctrl-C: exit 130, how far it got, line gone, no dumps, tty unchanged"
else
	fail "progress Ctrl-C: exit 130, how far it got, line gone, no dumps, tty unchanged" "got '$got'" "$scr"
fi

# A narrow terminal: the line drops the percentage and the pace, never wraps.
start 50 8 -- run long.yaml
if wait_for '^step 2/3, workload [0-9,]*/100,000,000 ops, ' 10 && [ "$(screen | grep -c '^step')" = 1 ] &&
	! screen | grep -q 'ops/s'; then
	ok "progress line fits a 50-column terminal"
else
	fail "progress line fits a 50-column terminal" "" "$(screen)"
fi
keys C-c
wait_exit 10 >/dev/null

# A background job (its own process group, not the terminal's foreground
# one, as after `&` in an interactive shell) draws nothing over the prompt.
cat >"$T/bg.sh" <<BG
#!/bin/sh
exec python3 -c 'import os, sys; os.setpgid(0, 0); os.execvp(sys.argv[1], sys.argv[1:])' "$BV" "\$@"
BG
chmod +x "$T/bg.sh"
real_bv=$BV
BV=$T/bg.sh
start 100 8 -- run long.yaml
BV=$real_bv
# Past the line's one-second delay for sure (ps: whole seconds running).
i=0
while [ "$(ps -o etimes= -p "$(cat "$T/pid")" 2>/dev/null | tr -d ' ')" -lt 2 ] 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
scr=$(screen)
kill -INT "$(cat "$T/pid")"
if ! printf '%s\n' "$scr" | grep -q 'step 2/3' && wait_for '^buddyviz: interrupted at step 2 of 3' 10; then
	ok "progress line not drawn by a background job"
else
	fail "progress line not drawn by a background job" "" "$scr"
fi

# A run that ends by itself after the line showed: the dump starts on the
# row the line used, at column 0, nothing of the line left.
cat >"$T/medium.yaml" <<'YAML'
name: progress test, medium
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - workload: {ops: 40000000, orders: {0: 1.0}, free_ratio: 0.5, tag: w}
  - free: {tag: w}
YAML
start 100 8 -- run medium.yaml --dump buddyinfo
if wait_for '^step 1/2, workload' 20 && got=$(wait_exit 60); then
	scr=$(screen)
	top=$(printf '%s\n' "$scr" | head -n 1)
	if [ "$got" = "EXIT=0 TTY=same" ] && printf '%s\n' "$top" | grep -q '^Node 0, zone   Normal  ' &&
		! printf '%s\n' "$scr" | grep -q 'step 1/2'; then
		ok "progress line cleared at the end: the dump starts at column 0 where it was"
	else
		fail "progress line cleared at the end" "got '$got', first row '$top'" "$scr"
	fi
else
	fail "progress line cleared at the end" "no progress line, or no exit within 60 s" "$(screen)"
fi
finish
