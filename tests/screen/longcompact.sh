#!/bin/sh
# Issue 7 item 8 for compaction: `.` steps into a compaction one engine step
# at a time (its progress counted in engine steps, the keys live) and Esc
# cancels it back to the state before it; then it runs whole. (A whole
# compaction at full speed cancels through the same progress points; its
# exact restore is in the unit tests, test_step_progress.c: on an idle
# machine even a 16 GiB compaction ends before the 0.2 s progress shows.)
. tests/screen/common.inc

cat >"$T/c.yaml" <<'YAML'
name: long compaction
steps:
  - alloc: {type: movable, order: 0, count: 262144, tag: M}
  - free: {tag: M, every: 2}
  - compact: {order: -1}
YAML
# The zone's line of indexes: what a compaction changes.
zone_line() { screen | grep '^extfrag(9) '; }
start 120 40 -- "$T/c.yaml"
if wait_step 0 3 && keys n && wait_step 1 3 30 && keys n && wait_step 2 3 30 && wait_stable; then
	before=$(zone_line)
	keys '[' '[' '[' .
	if wait_for 'step 3: [0-9]* engine steps done (Esc cancels, space finishes)' 10 &&
		wait_for 'step 3: [1-9][0-9]* engine steps done' 10; then
		ok "longcompact . steps into a compaction, engine step by engine step"
		keys Escape
		if wait_for 'step 3 cancelled: back to the state before it (step 2/3)' 10 && [ "$(zone_line)" = "$before" ]; then
			ok "longcompact Esc cancels a stepped-into compaction back to the state before"
		else
			fail "longcompact Esc cancels a stepped-into compaction back to the state before" "before: $before" "$(zone_line; screen | tail -n 1)"
		fi
	else
		fail "longcompact . steps into a compaction, engine step by engine step" "" "$(screen | tail -n 2)"
	fi
	keys n
	if wait_step 3 3 30 && wait_stable && [ "$(zone_line)" != "$before" ]; then
		ok "longcompact the compaction then runs whole"
	else
		fail "longcompact the compaction then runs whole" "before: $before" "$(zone_line)"
	fi
	keys q
	line=$(wait_exit 10)
	[ "$line" = "EXIT=0 TTY=same" ] && ok "longcompact q exits 0" || fail "longcompact q exits 0" "$line"
else
	fail "longcompact setup" "" "$(screen | head -n 2)"
fi
finish
