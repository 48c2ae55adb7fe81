#!/bin/sh
# Issue 7 item 8 for compaction: a long compaction (a 16 GiB zone full of
# movable pages, every second one freed) typed on the `:` line is cancelled
# by Esc back to the state before it; `.` steps into a compaction one
# engine step at a time, its progress counted in engine steps, and Esc
# cancels that too.
. tests/screen/common.inc

cat >"$T/c.yaml" <<'YAML'
name: long compaction
machine:
  zones: [{name: Normal, size: 16G}]
steps:
  - alloc: {type: movable, order: 0, count: 4194304, tag: M}
  - free: {tag: M, every: 2}
  - compact: {order: -1}
YAML
# The zone's line of indexes: what a compaction changes.
zone_line() { screen | grep '^extfrag(9) '; }
start 120 40 -- "$T/c.yaml"
if wait_step 0 3 && keys n && wait_step 1 3 30 && keys n && wait_step 2 3 30 && wait_stable; then
	before=$(zone_line)
	# Esc is typed right behind Enter: the running step reads it at its
	# first key poll (after 0.2 s; the compaction takes several times that).
	keys :
	type_text 'compact: {order: -1}'
	keys Enter
	sleep 0.1
	keys Escape
	if wait_for 'compact: {order: -1} cancelled: nothing changed' 20 && screen | grep -q 'step 2/3 ' &&
		[ "$(zone_line)" = "$before" ]; then
		ok "longcompact Esc cancels a long compaction back to the state before"
	else
		fail "longcompact Esc cancels a long compaction back to the state before" "before: $before" "$(screen | head -n 1; zone_line; screen | tail -n 1)"
	fi
	# Stepping into the scenario's compaction, then Esc.
	keys '[' '[' '[' .
	if wait_for 'step 3: [0-9]* engine steps done (Esc cancels, space finishes)' 10; then
		ok "longcompact . steps into a compaction"
		keys Escape
		if wait_for 'step 3 cancelled: back to the state before it (step 2/3)' 10 && [ "$(zone_line)" = "$before" ]; then
			ok "longcompact Esc cancels a stepped-into compaction"
		else
			fail "longcompact Esc cancels a stepped-into compaction" "before: $before" "$(zone_line; screen | tail -n 1)"
		fi
	else
		fail "longcompact . steps into a compaction" "" "$(screen | tail -n 2)"
	fi
	keys n
	if wait_step 3 3 30 && wait_for '^extfrag(9) .* unusable(9) 0.000 ' 10; then
		ok "longcompact the compaction then runs whole"
	else
		fail "longcompact the compaction then runs whole" "" "$(zone_line)"
	fi
	keys q
	line=$(wait_exit 10)
	[ "$line" = "EXIT=0 TTY=same" ] && ok "longcompact q exits 0" || fail "longcompact q exits 0" "$line"
else
	fail "longcompact setup" "" "$(screen | head -n 2)"
fi
finish
