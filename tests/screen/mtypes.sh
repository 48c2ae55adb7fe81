#!/bin/sh
# Isolation and the grouping profile on screen: i / I isolate and unisolate
# the block under the cursor through the step parser (the grid shows the
# Isolate letter); P switches mobility grouping off and replays the same
# steps (the grid then equals a run with profile no-grouping).
. tests/screen/common.inc

cat >"$T/s.yaml" <<'YAML'
name: grouping screen test
machine:
  max_order: 4
  pageblock_order: 2
  zones: [{name: Normal, pages: 128}]
steps:
  - repeat:
      times: 16
      steps:
        - alloc: {type: movable, order: 0, count: 3, tag: M}
        - alloc: {type: unmovable, order: 0, tag: U}
  - say: "end"
YAML
sed 's/^machine:$/machine:\n  profile: no-grouping/' "$T/s.yaml" >"$T/ng.yaml"

start 80 24 -- --mono "$T/s.yaml"
wait_step 0 2
keys space
wait_step 1 2 && wait_stable
if [ "$(grid_letters)" = "$(dump_letters "$T/s.yaml" 1)" ]; then
	ok "mtypes grid matches the run (grouping on)"
else
	fail "mtypes grid matches the run (grouping on)" "$(grid_letters) vs $(dump_letters "$T/s.yaml" 1)" "$(screen)"
fi
# Block 20 is free and Movable; isolate it from the cursor.
keys End
keys Left Left Left Left Left Left Left Left Left Left Left
keys i
if wait_for 'ran step 2: isolate: {blocks: \[20, 20\]}' 5 && wait_stable && grid_letters | grep -q '^.\{20\}i'; then
	ok "quick key i isolates the block under the cursor"
else
	fail "quick key i isolates the block under the cursor" "$(grid_letters)" "$(screen)"
fi
keys I
if wait_for 'ran step 3: unisolate: {blocks: \[20, 20\]}' 5 && wait_stable && grid_letters | grep -q '^.\{20\}m'; then
	ok "quick key I unisolates it"
else
	fail "quick key I unisolates it" "$(grid_letters)" "$(screen)"
fi
keys b b
wait_step 1 4 && wait_stable
keys P
if wait_for 'profile no-grouping' 5 && wait_step 1 4 && wait_stable &&
   [ "$(grid_letters)" = "$(dump_letters "$T/ng.yaml" 1)" ]; then
	ok "P replays the steps without mobility grouping"
else
	fail "P replays the steps without mobility grouping" "$(grid_letters) vs $(dump_letters "$T/ng.yaml" 1)" "$(screen)"
fi
keys P
if wait_for 'profile linux-6.12' 5 && wait_stable && [ "$(grid_letters)" = "$(dump_letters "$T/s.yaml" 1)" ]; then
	ok "P again restores grouping"
else
	fail "P again restores grouping" "" "$(screen)"
fi
keys q
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "mtypes then q exits 0" || fail "mtypes then q exits 0" "$line"
finish
