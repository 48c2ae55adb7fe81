#!/bin/sh
# Issue 7, "the picture teaches": the grid's share of the screen at 200x55
# and 80x24, colours (256, 8, mono, NO_COLOR), change marks and Tab,
# counter deltas, the Next: caption, d, the event log and its why panel
# (search, jump to a block), the block view's chunks and free lists, plots,
# :goto and --step, marks, presenter keys, stepping into a count, and a
# long step cancelled with Esc and with Ctrl-C.
. tests/screen/common.inc

TOUR_N=30
E1=$(pwd)/scenarios/03a-steal-not-claim.yaml

# ---- 200x55: the tour's 32 blocks fill most of the screen -----------------
BV_TERM=screen-256color
start 200 55 LC_ALL=C.UTF-8 --
if wait_step 0 $TOUR_N; then
	# Grid lines: from the zone label to the key line.
	lines=$(screen | awk '/ zone: /{g=1} g && /^Key:/{exit} g{n++} END{print n+0}')
	# The column of the last cell's letter on the second cell row (all ASCII there).
	widest=$(screen | awk '/^ 8 /{ for (i = 1; i <= length($0); i++) if (substr($0, i, 1) ~ /[A-Za-z]/) n = i; print n + 0; exit }')
	if [ "$lines" -ge 20 ] && [ "$widest" -ge 160 ]; then
		ok "teach 200x55 tour grid fills the screen ($lines lines, $widest columns)"
	else
		fail "teach 200x55 tour grid fills the screen" "$lines lines, $widest columns" "$(screen)"
	fi
	# 256 colours: Movable cells on sky blue (48;5;74), dark text.
	if screen_attr | grep -q '48;5;74'; then
		ok "teach 256-colour Movable background (Okabe-Ito sky blue)"
	else
		fail "teach 256-colour Movable background (Okabe-Ito sky blue)" "no 48;5;74" "$(screen_attr | sed -n 5p | cat -v | cut -c1-200)"
	fi
	if screen | grep -q '^Key: .*Unmovable.*Movable'; then ok "teach legend line"; else fail "teach legend line" "" "$(screen)"; fi
	if screen | grep -q 'Over the steps'; then ok "teach plots shown on a tall terminal"; else fail "teach plots shown on a tall terminal" "" "$(screen)"; fi
	# The cursor is a frame, the terminal cursor hidden.
	if screen | grep -q '▐m.*▌m'; then ok "teach cursor frame"; else fail "teach cursor frame" "" "$(screen | sed -n 4,6p)"; fi
	[ "$(pane_fmt '#{cursor_flag}')" = 0 ] && ok "teach terminal cursor hidden" ||
		fail "teach terminal cursor hidden" "cursor_flag=$(pane_fmt '#{cursor_flag}')"
	# Step 5 is a say about the claim to come: labelled Next.
	keys n n n n n
	if wait_step 5 $TOUR_N && wait_for '^Next: One unmovable page' 5; then
		ok "teach caption of the coming step says Next:"
	else
		fail "teach caption of the coming step says Next:" "" "$(screen | head -n 3)"
	fi
	keys n
	if wait_step 6 $TOUR_N && wait_stable; then
		# blocks 2-3 claimed: both carry the changed mark; counters show deltas.
		if screen | grep -q '^ 0 .*U●.*u●' && screen | grep -q '^Unmovable .* 2 +2$'; then
			ok "teach change marks and counter deltas"
		else
			fail "teach change marks and counter deltas" "" "$(screen)"
		fi
		keys Tab
		if wait_for '^block 2 (pfn 1024)' 5; then ok "teach Tab jumps to the next changed block"; else fail "teach Tab jumps to the next changed block" "" "$(screen | grep '^block')"; fi
		keys Tab
		if wait_for '^block 3 (pfn 1536)' 5; then ok "teach Tab again"; else fail "teach Tab again" "" "$(screen | grep '^block')"; fi
		if screen | grep -q 'try_to_steal_block: __rmqueue_smallest() found no Unmovable chunk .* blocks 2-3 are now Unmovable' &&
			screen | grep -q 'try_to_steal_block: U#0 order-0 unmovable got pfn 1024 from the claimed order-10 chunk taken off the Movable order-10 list'; then
			ok "teach events name try_to_steal_block's expand and the fallback list"
		else
			fail "teach events name try_to_steal_block's expand and the fallback list" "" "$(screen | grep -- '^- ')"
		fi
	else
		fail "teach step 6" "" "$(screen)"
	fi
	keys p
	if wait_stable && ! screen | grep -q 'Over the steps'; then ok "teach p hides the plots"; else fail "teach p hides the plots" "" "$(screen)"; fi
else
	fail "teach 200x55 starts" "" "$(screen)"
fi
keys Q
wait_exit >/dev/null

# ---- 8 colours: red/blue backgrounds, no 256-colour codes --------------------
BV_TERM=screen
start 80 24 --
if wait_step 0 $TOUR_N; then
	attr=$(screen_attr)
	if printf '%s' "$attr" | grep -q '44m\|;44;\|\[44' && ! printf '%s' "$attr" | grep -q '48;5;'; then
		ok "teach 8-colour terminal: Movable on blue"
	else
		fail "teach 8-colour terminal: Movable on blue" "" "$(printf '%s\n' "$attr" | sed -n 5p | cat -v | cut -c1-200)"
	fi
	# 80x24: the tour fits with its legend, several rows of wide cells.
	rows=$(screen | grep -c '^ *[0-9][0-9]* .*[Mm]')
	[ "$rows" -ge 4 ] && ok "teach 80x24 tour in rows of wide cells" || fail "teach 80x24 tour in rows of wide cells" "$rows rows" "$(screen)"
	# The tour's first key press changes the grid itself, not only the
	# caption: its first step allocates a page (block 0 gets a used share
	# and the changed mark).
	grid0=$(screen | awk '/ zone: /{g=1} g && /^Key:/{exit} g && !/ zone: /{print}')
	keys n
	if wait_step 1 $TOUR_N && wait_stable; then
		grid1=$(screen | awk '/ zone: /{g=1} g && /^Key:/{exit} g && !/ zone: /{print}')
		if [ -n "$grid0" ] && [ "$grid0" != "$grid1" ] && screen | grep -q '^ *0 .*M'; then
			ok "teach the tour's first key press changes the grid"
		else
			fail "teach the tour's first key press changes the grid" "grid unchanged" "$(screen)"
		fi
	else
		fail "teach the tour's first key press changes the grid" "no step 1" "$(screen)"
	fi
else
	fail "teach 8-colour start" "" "$(screen)"
fi
keys Q
wait_exit >/dev/null

# ---- NO_COLOR: no colour at all ------------------------------------------------
BV_TERM=screen-256color
start 80 24 NO_COLOR=1 --
if wait_step 0 $TOUR_N; then
	if screen_attr | grep -q '\[3[0-7]m\|\[4[0-7]m\|38;5;\|48;5;'; then
		fail "teach NO_COLOR draws no colour" "" "$(screen_attr | cat -v | grep -m1 '\[3[0-7]m\|48;5' | cut -c1-120)"
	else
		ok "teach NO_COLOR draws no colour"
	fi
	if screen | grep -q '^ 0 \[m'; then ok "teach mono cursor frame [ ]"; else fail "teach mono cursor frame [ ]" "" "$(screen | sed -n 4,6p)"; fi
fi
keys Q
wait_exit >/dev/null

# ---- the why panel at 80x24, search, jump -------------------------------------
start 80 24 -- --step 9 "$E1"
if wait_step 9 14 && wait_stable; then
	ok "teach --step 9 opens at step 9"
	keys e
	if wait_for '^Why: the fallback of U#0' 5 && screen | grep -q 'fallbacks\[Unmovable\] = {Reclaimable, Movable}' &&
		screen | grep -q 'order 0: Movable block 511: 128 free + 0 alike < 256: refused' &&
		screen | grep -q 'orders 10-1: no free chunk' && screen | grep -q '__rmqueue_steal(), smallest order first'; then
		ok "teach why panel: fallbacks row, orders searched, claim arithmetic at 80x24"
	else
		fail "teach why panel: fallbacks row, orders searched, claim arithmetic at 80x24" "" "$(screen)"
	fi
	keys /
	type_text 'claim-refused'
	keys Enter
	if wait_for '^/claim-refused: event 2' 5 && screen | grep -q '^> try_to_steal_block: block 511 (Movable'; then
		ok "teach event search by kind, full sentence of the selection"
	else
		fail "teach event search by kind, full sentence of the selection" "" "$(screen | tail -n 4)"
	fi
	keys Enter
	if wait_for '^block 511 (pfn 261632)' 5 && screen | grep -q 'named by event 2'; then
		ok "teach Enter in the log jumps to the block the event names"
	else
		fail "teach Enter in the log jumps to the block the event names" "" "$(screen | tail -n 14)"
	fi
	keys e /
	type_text 'pfn 262140'
	keys Enter
	if wait_for '^/pfn 262140: event' 5; then ok "teach event search by pfn"; else fail "teach event search by pfn" "" "$(screen | tail -n 2)"; fi
	keys q
	if wait_for '^Normal zone' 5; then ok "teach q closes the log first"; else fail "teach q closes the log first" "" "$(screen)"; fi
	# The block view: chunks as spans, free lists head to tail.
	keys Enter
	if wait_for '^Buddy chunks of block 511' 5 && screen | grep -q '^b511: \[261632 free o0\]' && screen | grep -q '^Free lists of Normal, head -> tail' &&
		screen | grep -q '^o0  Movable .*head 262136\* -> .*-> 0 tail'; then
		ok "teach block view: chunk spans and free lists head to tail"
	else
		fail "teach block view: chunk spans and free lists head to tail" "" "$(screen)"
	fi
	keys Escape
	wait_for '^Normal zone' 5
	keys d
	if wait_for '^About this scenario' 5 && screen | grep -q 'holds one unmovable page - a mixed block'; then
		ok "teach d shows the whole description"
	else
		fail "teach d shows the whole description" "" "$(screen)"
	fi
	keys d
	wait_for '^Normal zone' 5
else
	fail "teach --step 9 opens at step 9" "" "$(screen)"
fi
# :goto, marks, presenter.
keys :
type_text 'goto 3'
keys Enter
wait_step 3 14 && ok "teach :goto 3" || fail "teach :goto 3" "" "$(screen | head -n 1)"
keys m g
wait_step 0 14
keys "'"
wait_step 3 14 && ok "teach m marks, ' comes back" || fail "teach m marks, ' comes back" "" "$(screen | head -n 1; screen | tail -n 1)"
keys F5 PageDown PageDown
if wait_step 5 14; then ok "teach presenter PgDn steps forward"; else fail "teach presenter PgDn steps forward" "" "$(screen | head -n 1)"; fi
keys PageUp Left
if wait_step 3 14; then ok "teach presenter PgUp/Left step back"; else fail "teach presenter PgUp/Left step back" "" "$(screen | head -n 1)"; fi
keys F5 q
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "teach q quits (nothing hand-made)" || fail "teach q quits (nothing hand-made)" "$line"

# ---- long steps: progress, Esc and Ctrl-C cancel, step into a count ------------
cat >"$T/long.yaml" <<'YAML'
name: long
machine:
  zones: [{name: Normal, size: 16G}]
steps:
  - alloc: {type: unmovable, order: 0, count: 5, tag: A}
  - workload: {ops: 100000000, orders: {0: 1.0}, free_ratio: 0.3, tag: w}
YAML
start 100 30 -- "$T/long.yaml"
if wait_step 0 2; then
	keys '[' '[' '[' .
	if wait_for 'step 1: 0 of 5 done (Esc cancels' 5 && wait_for 'step 1: 1 of 5 done (Esc cancels, space finishes): try_to_steal_block' 5 &&
		wait_for 'step 1: 2 of 5 done' 5; then
		ok "teach . steps into a count one operation at a time"
	else
		fail "teach . steps into a count one operation at a time" "" "$(screen | tail -n 2)"
	fi
	keys space
	wait_step 1 2 10 && ok "teach space finishes the stepped-into step" || fail "teach space finishes the stepped-into step" "" "$(screen | head -n 1)"
	keys space
	if wait_for 'step 2 running: [0-9]* of 100000000 operations' 10; then
		ok "teach a long step shows its progress"
		keys Escape
		if wait_for 'step 2 cancelled: back to the state before it (step 1/2)' 10 && screen | grep -q 'step 1/2 '; then
			ok "teach Esc cancels a long step back to the state before"
		else
			fail "teach Esc cancels a long step back to the state before" "" "$(screen | tail -n 2)"
		fi
	else
		fail "teach a long step shows its progress" "" "$(screen | tail -n 2)"
	fi
	keys space
	if wait_for 'step 2 running: ' 10; then
		keys C-c
		if wait_for 'step 2 cancelled' 10 && ! screen | grep -q '^EXIT='; then
			ok "teach Ctrl-C cancels a long step, the session goes on"
		else
			fail "teach Ctrl-C cancels a long step, the session goes on" "" "$(screen | tail -n 3)"
		fi
	else
		fail "teach Ctrl-C cancels a long step, the session goes on" "no progress" "$(screen | tail -n 2)"
	fi
	# A hand-made long step cancelled leaves the timeline.
	keys :
	type_text 'workload: {ops: 100000000, tag: x}'
	keys Enter
	if wait_for 'running: ' 10; then
		keys Escape
		if wait_for 'cancelled: nothing changed' 10 && screen | grep -q 'step 1/2 '; then
			ok "teach a cancelled hand-made step leaves the timeline"
		else
			fail "teach a cancelled hand-made step leaves the timeline" "" "$(screen | head -n 1; screen | tail -n 1)"
		fi
	else
		fail "teach a cancelled hand-made step leaves the timeline" "no progress" "$(screen | tail -n 2)"
	fi
	keys q
	line=$(wait_exit 10)
	[ "$line" = "EXIT=0 TTY=same" ] && ok "teach then q exits 0" || fail "teach then q exits 0" "$line"
else
	fail "teach long scenario starts" "" "$(screen)"
fi

# ---- too small: the size needed, even at 20x8 ---------------------------------
start 20 8 --
if wait_for 'terminal too small' 5 && screen | tr '\n' ' ' | grep -q 'need 80x24'; then
	ok "teach 20x8 shows the size needed"
else
	fail "teach 20x8 shows the size needed" "" "$(screen)"
fi
keys q
wait_exit >/dev/null
finish
