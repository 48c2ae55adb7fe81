#!/bin/sh
# The `:` command line: a step typed in YAML flow form runs at the current
# position (the grid then equals a run of the same steps); bad input shows
# the parser's error in the status line and changes nothing; Esc cancels;
# the quick keys go through the same parser.
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"

start 80 24 -- --mono "$S"
wait_step 0 12
keys space space
wait_step 2 12 && wait_stable

# A good step.
keys :
wait_for '^:' 5
type_text 'alloc: {type: reclaimable, order: 9, count: 2, tag: X}'
keys Enter
cat >"$T/ref.yaml" <<'YAML'
name: reference
steps:
  - say: "boot"
  - alloc: {type: unmovable, order: 0, count: 64, tag: U}
  - alloc: {type: reclaimable, order: 9, count: 2, tag: X}
YAML
if wait_step 3 13 && wait_stable && [ "$(grid_letters)" = "$(dump_letters "$T/ref.yaml" 3)" ]; then
	ok "command runs a typed step at the current position"
else
	fail "command runs a typed step at the current position" "" "$(screen)"
fi
if screen | grep -q 'ran step 3: alloc: {type: reclaimable'; then
	ok "command status line names the step"
else
	fail "command status line names the step" "" "$(screen | tail -n 2)"
fi

# Bad input: error in the status line, nothing changed.
before=$(grid_letters)
keys :
type_text 'alloc: {type: sideways, order: 3}'
keys Enter
if wait_for 'column [0-9]*: .*unknown type "sideways"' 5 && screen | grep -q 'step 3/13 ' && [ "$(grid_letters)" = "$before" ]; then
	ok "command rejects a bad type, nothing changed"
else
	fail "command rejects a bad type, nothing changed" "" "$(screen)"
fi
keys :
type_text 'alloc: {type: movable, order: 11}'
keys Enter
if wait_for '\(error\|column [0-9]*\): .*order' 5 && screen | grep -q 'step 3/13 ' && [ "$(grid_letters)" = "$before" ]; then
	ok "command rejects an order above max_order"
else
	fail "command rejects an order above max_order" "" "$(screen)"
fi
keys :
type_text 'frobnicate: {x: 1}'
keys Enter
if wait_for '\(error\|column [0-9]*\): ' 5 && screen | grep -q 'step 3/13 '; then
	ok "command rejects an unknown step"
else
	fail "command rejects an unknown step" "" "$(screen)"
fi

# Esc cancels; Backspace edits.
keys :
type_text 'alloc: {type: movable}'
keys Escape
sleep 0.3
if screen | grep -q 'step 3/13 ' && ! screen | grep -q '^:alloc'; then
	ok "command Esc cancels"
else
	fail "command Esc cancels" "" "$(screen)"
fi
keys :
type_text 'alloc: {type: movable, tag: zz}X'
keys BSpace Enter
if wait_step 4 14; then ok "command Backspace edits"; else fail "command Backspace edits" "" "$(screen)"; fi

# Back undoes a hand-made step like any other.
keys b
if wait_step 3 14 && wait_stable; then ok "command step undone by b"; else fail "command step undone by b" "" "$(screen)"; fi

# Quick keys: order 3 then a allocates unmovable (the chosen type) order 3
# through the parser.
keys 3 a
if wait_for 'ran step 4: alloc: {type: unmovable, order: 3, tag: "u"}' 5 && screen | grep -q 'step 4/15 '; then
	ok "quick key a allocates at the chosen order"
else
	fail "quick key a allocates at the chosen order" "" "$(screen)"
fi
# f frees the allocation under the cursor (block 0 holds U#0 at pfn 0).
keys Home f
if wait_for 'ran step 5: free: {pfn: 0}' 5; then ok "quick key f frees under the cursor"; else fail "quick key f frees under the cursor" "" "$(screen)"; fi
# c compacts the cursor's zone through the same parser: one more step.
keys c
if wait_for 'ran step 6: compact: {order: -1, zone: Normal}' 5 && screen | grep -q 'step 6/17 '; then
	ok "quick key c goes through the parser"
else
	fail "quick key c goes through the parser" "" "$(screen)"
fi
# An expect typed by hand that does not hold: reported like `run` does.
keys :
type_text 'expect: {allocs_live: 0}'
keys Enter
if wait_for 'step [0-9]*: expect failed: allocs_live: expected 0, got [1-9]' 5; then
	ok "command reports a failed expect"
else
	fail "command reports a failed expect" "" "$(screen | tail -n 2)"
fi
# Hand-made steps not saved: q asks first; n stays, q y quits.
keys q
if wait_for 'quit without saving? (y/n)' 5; then ok "command q asks when hand-made steps are unsaved"; else fail "command q asks when hand-made steps are unsaved" "" "$(screen | tail -n 2)"; fi
keys n
if wait_for 'not quitting' 5; then ok "command n answers the quit question"; else fail "command n answers the quit question" "" "$(screen | tail -n 2)"; fi
keys q y
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "command then q y exits 0" || fail "command then q y exits 0" "$line"
finish
