#!/bin/sh
# S saves the session (the steps run so far, hand-made ones included, undone
# ones left out) as a scenario in the current directory; the status line
# names it; `buddyviz run` of the saved file reaches the state on screen.
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"

start 80 24 -- --mono "$S"
wait_step 0 12
keys space space space space
wait_step 4 12
keys :
type_text 'steal: {type: reclaimable, from: movable, order: 2, count: 3, tag: Z}'
keys Enter
wait_step 5 13
keys space space
wait_step 7 13
keys b
wait_step 6 13 && wait_stable
keys S
if wait_for 'saved buddyviz-session-[0-9]*-[0-9]*\.yaml' 5; then
	ok "save status line names the file"
else
	fail "save status line names the file" "" "$(screen | tail -n 2)"
fi
name=$(screen | sed -n 's/.*saved \(buddyviz-session-[0-9-]*\.yaml\).*/\1/p' | head -n 1)
f=$T/$name
if [ -n "$name" ] && [ -f "$f" ]; then
	ok "save wrote the file in the current directory"
else
	fail "save wrote the file in the current directory" "'$name' not in $T" "$(ls "$T")"
	keys q
	finish
fi

if "$BV" check "$f" 2>"$T/err"; then ok "save file passes check"; else fail "save file passes check" "" "$(cat "$T/err")"; fi

# Its dump equals the screen, and the reference run with the same steps.
got=$(grid_letters)
want=$(dump_letters "$f" 1000000)
if [ "$got" = "$want" ]; then ok "save replays to the state on screen"; else fail "save replays to the state on screen" "" "$(printf '%s\n%s\n' "$got" "$want")"; fi
cat >"$T/ref.yaml" <<'YAML'
name: reference
steps:
  - say: "boot"
  - alloc: {type: unmovable, order: 0, count: 64, tag: U}
  - alloc: {type: movable, order: 0, count: 3000, tag: M}
  - alloc: {type: reclaimable, order: 3, count: 40, tag: R}
  - steal: {type: reclaimable, from: movable, order: 2, count: 3, tag: Z}
  - pause
YAML
"$BV" run "$T/ref.yaml" --dump blocks,allocs,stats >"$T/ref.out"
"$BV" run "$f" --dump blocks,allocs,stats >"$T/saved.out"
if cmp -s "$T/ref.out" "$T/saved.out"; then
	ok "save dump equals the original steps' dump"
else
	fail "save dump equals the original steps' dump" "" "$(diff "$T/ref.out" "$T/saved.out" | head)"
fi

# A second save in the same second gets another name.
keys S
sleep 0.3
keys S
sleep 0.3
n=$(ls "$T" | grep -c '^buddyviz-session-')
[ "$n" -ge 2 ] && ok "save twice makes two files" || fail "save twice makes two files" "$n files"
keys q
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "save then q exits 0" || fail "save then q exits 0" "$line"
finish
