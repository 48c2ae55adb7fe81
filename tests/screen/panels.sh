#!/bin/sh
# What is always on screen (name, step k/N, caption, the last step's events
# named after kernel functions, the buddyinfo/pagetypeinfo table and the
# fragmentation indexes), the help generated from the key table with the
# colour legend, the block detail, zoom, speed and the cursor.
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"

start 80 24 -- --mono "$S"
wait_step 0 12
scr=$(screen)
for want in '^screen test ' 'step 0/12 ' 'zoom 1:1' 'paused 8/s' 'a 1 GiB zone with fallbacks' \
	'^Normal  *0  *1  *2 .* 10  *blocks$' '^Movable  .*  *512$' '^nr_free ' 'extfrag(9) ' 'unusable(9) ' \
	'space next .* q quit'; do
	if printf '%s\n' "$scr" | grep -q -e "$want"; then ok "panels show '$want'"; else fail "panels show '$want'" "" "$scr"; fi
done

keys space space
wait_step 2 12 && wait_stable
scr=$(screen)
if printf '%s\n' "$scr" | grep -q '^boot' && printf '%s\n' "$scr" | grep -q 'step 2: alloc unmovable order 0 x64 tag U' &&
	printf '%s\n' "$scr" | grep -q 'try_to_steal_block: ' && printf '%s\n' "$scr" | grep -q '^Unmovable  .*  *2\( +2\)\?$'; then
	ok "panels caption, events with the kernel function, table after a fallback"
else
	fail "panels caption, events with the kernel function, table after a fallback" "" "$scr"
fi
# The changed counters are highlighted (reverse video in mono mode).
if screen_attr | grep '^.*Unmovable' | grep -q '\[7m\|;7m'; then
	ok "panels highlight changed counters"
else
	fail "panels highlight changed counters" "" "$(screen_attr | grep Unmovable)"
fi

# A pause or say step keeps the last memory step's events on screen.
keys space space space
wait_step 5 12 && wait_stable
if screen | grep -q 'step 4: alloc reclaimable order 3 x40 tag R'; then
	ok "panels keep the last memory step's events over a pause"
else
	fail "panels keep the last memory step's events over a pause" "" "$(screen)"
fi

# A workload: a count summary and the last events.
keys space space space space
wait_step 9 12 && wait_stable
if screen | grep -q 'step 9: workload 5000 ops tag w' && screen | grep -q '__rmqueue_smallest\|__free_one_page'; then
	ok "panels summarize a workload"
else
	fail "panels summarize a workload" "" "$(screen)"
fi

# Help: every key from the table, and the colour legend.
keys '?'
if wait_for 'buddyviz keys' 5; then
	scr=$(screen)
	if printf '%s\n' "$scr" | grep -q 'space, n  *run the next scenario step' &&
		printf '%s\n' "$scr" | grep -q 'b, Backspace, u  *step back'; then
		ok "panels help lists the keys"
	else
		fail "panels help lists the keys" "" "$scr"
	fi
	keys End
	if wait_for 'Unmovable (vermillion)' 5 && screen | grep -q 'Isolate (grey)'; then
		ok "panels help has the colour legend"
	else
		fail "panels help has the colour legend" "" "$(screen)"
	fi
	keys Escape
	wait_step 9 12 && ok "panels help closes with Esc" || fail "panels help closes with Esc" "" "$(screen)"
else
	fail "panels help opens with ?" "" "$(screen)"
fi

# Block detail: Enter opens the block under the cursor, Esc closes.
keys Home Enter
if wait_for '^Block 0 (Normal) pfn 0-511 Unmovable' 5 && screen | grep -q 'free chunks by order' &&
	screen | grep -q 'type changes: 1'; then
	ok "panels block detail"
else
	fail "panels block detail" "" "$(screen)"
fi
if screen | grep -q 'step 2: Movable -> Unmovable'; then ok "panels block history"; else fail "panels block history" "" "$(screen)"; fi
keys Escape
wait_for '^Normal zone' 5 && ok "panels detail closes with Esc" || fail "panels detail closes with Esc" "" "$(screen)"

# The cursor moves; the info line follows it.
keys l l j
if wait_for '^block 66 (pfn 33792)' 5; then ok "panels cursor moves with hjkl"; else fail "panels cursor moves with hjkl" "" "$(screen)"; fi
keys Left Up
if wait_for '^block 1 (pfn 512)' 5; then ok "panels cursor moves with arrows"; else fail "panels cursor moves with arrows" "" "$(screen)"; fi

# Zoom out and back; speed.
keys -
if wait_for 'zoom 1:2 ' 5 && wait_for 'cell = 2 blocks' 5; then ok "panels zoom out"; else fail "panels zoom out" "" "$(screen)"; fi
keys =
wait_for 'zoom 1:1 ' 5 && ok "panels zoom back to auto" || fail "panels zoom back to auto" "" "$(screen)"
keys ] ]
wait_for 'paused 30/s' 5 && ok "panels speed control" || fail "panels speed control" "" "$(screen | head -n 1)"
keys q
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "panels then q exits 0" || fail "panels then q exits 0" "$line"

# Colour mode: UTF-8 block glyphs where the locale allows, ASCII otherwise;
# no type letters in the grid then.
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
	BV_TERM=screen-256color
	start 80 24 LC_ALL=C.UTF-8 -- "$S"
	dot=$(printf '\302\267')
	if wait_step 0 12 && screen | grep '^ *0 ' | grep -q "m$dot$dot$dot$dot$dot$dot$dot$dot$dot$dot"; then
		ok "panels UTF-8 glyphs in a UTF-8 locale"
	else
		fail "panels UTF-8 glyphs in a UTF-8 locale" "" "$(screen)"
	fi
	keys q
	wait_exit >/dev/null
fi
start 80 24 -- "$S"
if wait_step 0 12 && screen | grep -q '^ *0 m\.\{63\}$'; then
	ok "panels ASCII glyphs in the C locale"
else
	fail "panels ASCII glyphs in the C locale" "" "$(screen)"
fi
keys q
wait_exit >/dev/null
finish
