#!/bin/sh
# Watermarks and per-cpu lists on screen: the gauge row under the counters,
# pcp pages as '%' in the grid, and :set pcp / :set watermarks replaying
# the same steps.
. tests/screen/common.inc

cat >"$T/s.yaml" <<'YAML'
name: watermark screen test
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - alloc: {type: movable, count: 2, tag: M}
  - say: "end"
YAML

start 100 30 -- --mono "$T/s.yaml"
wait_step 0 2
keys space
wait_step 1 2 && wait_stable
if ! screen | grep -q 'Normal marks'; then
	ok "no gauge with pcp and watermarks off"
else
	fail "no gauge with pcp and watermarks off" "" "$(screen)"
fi
keys :
wait_for '^:' 5
type_text 'set pcp on'
keys Enter
# 64 MiB: batch 3, pcp high = low mark 320; the refill of 3 left one page.
if wait_for 'pcp on; replayed to step 1' 5 && wait_stable &&
   screen | grep -q 'Normal marks.*pcp 1 (batch 3 high 320)' && screen | grep -q '^ *0 .*%'; then
	ok "set pcp on replays with per-cpu lists (gauge, % cell)"
else
	fail "set pcp on replays with per-cpu lists (gauge, % cell)" "" "$(screen)"
fi
keys :
wait_for '^:' 5
type_text 'set watermarks on'
keys Enter
if wait_for 'watermarks on; replayed to step 1' 5 && wait_stable &&
   screen | grep -q 'Normal marks.*free 16381 min 256 low 320 high 384'; then
	ok "set watermarks on shows the marks"
else
	fail "set watermarks on shows the marks" "" "$(screen)"
fi
keys :
wait_for '^:' 5
type_text 'set pcp maybe'
keys Enter
if wait_for 'error: use :set pcp on|off' 5; then
	ok "set with a bad value is an error"
else
	fail "set with a bad value is an error" "" "$(screen)"
fi
finish
