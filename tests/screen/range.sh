#!/bin/sh
# Issue 7 item 3, a range down to pages: `v` then Enter opens the page view
# of a block range (a free order-10 chunk drawn once over its two blocks),
# `{` `}` scroll the chunks of a long range, and Enter on a zoomed-out cell
# opens every block of the cell.
. tests/screen/common.inc

cat >"$T/holes.yaml" <<'YAML'
name: range
machine:
  zones: [{name: Normal, size: 64MiB}]
steps:
  - alloc: {type: movable, order: 0, tag: A}
  - alloc: {type: movable, order: 0, count: 4000, tag: M}
  - free: {tag: M, every: 2}
YAML
start 120 40 -- "$T/holes.yaml"
if wait_step 0 3 && keys n && wait_step 1 3; then
	keys Home v
	if wait_for 'range from block 0: move to its other end' 5; then ok "range v starts a selection"; else fail "range v starts a selection" "" "$(screen | tail -n 1)"; fi
	keys Right Right Right Enter
	if wait_for '^Buddy chunks of blocks 0-3' 5 && [ "$(screen | grep -c '\[1024-2047 free o10, blocks 2-3\]')" = 1 ] &&
		screen | grep -q '^b0: \[0 A#0 M\] \[1 free o0\] \[2-3 free o1\]' && ! screen | grep -q '^b3:'; then
		ok "range Enter opens the blocks 0-3, the order-10 chunk once over blocks 2-3"
	else
		fail "range Enter opens the blocks 0-3, the order-10 chunk once over blocks 2-3" "" "$(screen)"
	fi
	keys Escape
	wait_for '^space next .* Enter block' 5
	keys n
	wait_step 2 3 10
	keys n
	wait_step 3 3 10
	keys Home v End Enter
	if wait_for '^Buddy chunks of blocks 0-31 (lines 1-[0-9]* of [0-9]*, { } scroll)' 5 && screen | grep -q '^b0: '; then
		ok "range a long range says which lines it shows"
		keys '}'
		if wait_for '^Buddy chunks of blocks 0-31 (lines 2-' 5 && ! screen | grep -q '^b0: '; then
			ok "range } scrolls the chunks"
		else
			fail "range } scrolls the chunks" "" "$(screen | grep -A2 '^Buddy chunks')"
		fi
		keys '{'
		wait_for '^Buddy chunks of blocks 0-31 (lines 1-' 5 && ok "range { scrolls back" || fail "range { scrolls back" "" "$(screen | grep '^Buddy chunks')"
	else
		fail "range a long range says which lines it shows" "" "$(screen)"
	fi
	keys q
	wait_for '^space next' 5
else
	fail "range setup" "" "$(screen)"
fi

# A zoomed-out cell: 16 blocks per cell on a 16 GiB zone at 100x30.
cat >"$T/big.yaml" <<'YAML'
name: big
machine:
  zones: [{name: Normal, size: 16G}]
steps:
  - alloc: {type: movable, order: 0, tag: A}
YAML
start 100 30 -- "$T/big.yaml"
if wait_step 0 1 && wait_for '1 cell = 16 blocks' 5; then
	keys Home Right Enter
	if wait_for 'page view of blocks 16-31' 5 && wait_for '^Buddy chunks of blocks 16-31' 5 &&
		screen | grep -q '^b16: \[8192-9215 free o10, blocks 16-17\] *$'; then
		ok "range Enter on a zoomed cell opens all its blocks"
	else
		fail "range Enter on a zoomed cell opens all its blocks" "" "$(screen)"
	fi
else
	fail "range zoomed setup" "" "$(screen | head -n 4)"
fi
finish
