#!/bin/sh
# `buddyviz quiz` in a terminal of 80x24: the grid as the TUI draws it, the
# question in the caption, the step to come under the grid, an answer line
# in the status line; Enter answers, Esc skips, an unreadable answer stays
# with a hint; the verdicts with the events that explain them; q ends with
# the score, printed again after the terminal is restored.
# The scenario and its answers are the ones of tests/meta/quiz.sh (traced
# by hand there): blocks 0-3 turn Unmovable, 4 Unmovable blocks, 63 free.
. tests/screen/common.inc

cat >"$T/t.yaml" <<'EOF'
name: quiz test
machine:
  max_order: 4
  pageblock_order: 2
  zones: [{name: Normal, pages: 64}]
steps:
  - say: "The first unmovable page on a fresh zone claims a whole max-order chunk."
  - alloc: {type: unmovable, order: 0, tag: U}
  - quiz: {ask: "Which pageblocks turn Unmovable?", answer: [0, 1, 2, 3]}
  - expect: {pages_total: 64, blocks_unmovable: 4, pages_free: 63}
  - say: "A movable order-1 page."
  - alloc: {type: movable, order: 1, tag: M}
  - quiz: {about: split_order, answer: 4}
EOF

start 80 24 -- quiz --mono "$T/t.yaml"
if wait_for '^Question 1 of 4: Which pageblocks turn Unmovable?' 10; then
	ok "quiz screen: the first question in the caption"
else
	fail "quiz screen: the first question in the caption" "" "$(screen)"
	
start 80 24 -- quiz --mono "$T/t.yaml"
wait_for '^Question 1 of 4' 10
type_text "1"
keys Enter
wait_for '^Question 2 of 4' 5
keys q
if wait_for '^1\. Wrong: you said 1; the answer is 0-3\.' 5; then
	ok "quiz screen: q after an answer shows its verdict first"
else
	fail "quiz screen: q after an answer shows its verdict first" "" "$(screen | head -n 3)"
fi
keys Space
wait_for '^Quiz over\. Score: 0 of 1 right\. Any key quits\.' 5 && ok "quiz screen: then the end, not the next question" ||
	fail "quiz screen: then the end, not the next question" "" "$(screen | head -n 3)"
keys x
e=$(wait_exit 5)
[ "$e" = "EXIT=0 TTY=same" ] && ok "quiz screen: q exits 0" || fail "quiz screen: q exits 0" "$e" "$(screen | tail -n 4)"
finish
fi
s=$(screen)
if printf '%s\n' "$s" | grep -q '^answer 1/4> ' && printf '%s\n' "$s" | grep -q 'Next: step 2 of 7: alloc: {type: unmovable' &&
	printf '%s\n' "$s" | grep -q 'step 1/7 ' && printf '%s\n' "$s" | grep -q '^Answer with block numbers'; then
	ok "quiz screen: the answer line, the step to come and the header"
else
	fail "quiz screen: the answer line, the step to come and the header" "" "$s"
fi
# The caption that gives the answer away waits; the grid is all free Movable.
if ! printf '%s\n' "$s" | grep -q 'claims a whole' && [ "$(grid_letters | tr -d ' \n')" = mmmmmmmmmmmmmmmm ]; then
	ok "quiz screen: the grid before the step, the telling caption held back"
else
	fail "quiz screen: the grid before the step, the telling caption held back" "$(grid_letters | tr -d '\n')" "$s"
fi
lines=$(printf '%s\n' "$s" | wc -l)
wide=$(printf '%s\n' "$s" | awk 'length > 80' | wc -l)
[ "$lines" -le 24 ] && [ "$wide" -eq 0 ] && ok "quiz screen: fits 80x24" || fail "quiz screen: fits 80x24" "$lines lines, $wide wider" "$s"

type_text "0-3"
keys Enter
wait_for '^Question 2 of 4: How many pageblocks are Unmovable after this step' 5 || fail "quiz screen: Enter answers" "" "$(screen)"
type_text "abc"
keys Enter
if wait_for '^answer 2/4> abc  not a whole number' 5; then
	ok "quiz screen: an unreadable answer stays, with a hint"
else
	fail "quiz screen: an unreadable answer stays, with a hint" "" "$(screen | tail -n 2)"
fi
keys BSpace BSpace BSpace
type_text "4"
keys Enter
wait_for '^Question 3 of 4' 5
keys Escape
if wait_for '^1\. Right: 0-3\. (Which pageblocks turn Unmovable?)' 10; then
	ok "quiz screen: the step runs and the verdict shows"
else
	fail "quiz screen: the step runs and the verdict shows" "" "$(screen)"
fi
s=$(screen)
if printf '%s\n' "$s" | grep -q '^Why (step 2)' && printf '%s\n' "$s" | grep -q 'claims a whole max-order chunk' &&
	printf '%s\n' "$s" | grep -q '^try_to_steal_block: ' && printf '%s\n' "$s" | grep -q 'step 4/7 ' &&
	printf '%s\n' "$s" | grep -q '^score 2 of 3 right (1 skipped) '; then
	ok "quiz screen: the explanation (caption and events), the score so far"
else
	fail "quiz screen: the explanation (caption and events), the score so far" "" "$s"
fi
if [ "$(grid_letters | tr -d ' \n' | cut -c1-4)" = Uuuu ]; then
	ok "quiz screen: the grid after the step (blocks 0-3 Unmovable)"
else
	fail "quiz screen: the grid after the step (blocks 0-3 Unmovable)" "$(grid_letters | tr -d '\n')" "$(screen)"
fi
keys Space
wait_for '^2\. Right: 4\.' 5 && ok "quiz screen: space shows the next verdict" || fail "quiz screen: space shows the next verdict" "" "$(screen | head -n 3)"
keys Space
wait_for '^3\. Skipped; the answer is 63\.' 5 && ok "quiz screen: Esc skipped" || fail "quiz screen: Esc skipped" "" "$(screen | head -n 3)"
keys Space
wait_for '^Question 4 of 4: From a free chunk of which order' 5 || fail "quiz screen: the next step's question" "" "$(screen | head -n 3)"
keys q
if wait_for '^Quiz over\. Score: 2 of 3 right (1 skipped)\. Any key quits\.' 5; then
	ok "quiz screen: q ends with the score"
else
	fail "quiz screen: q ends with the score" "" "$(screen | head -n 3)"
fi
keys x
e=$(wait_exit 5)
# (q after some answers of a step: their verdicts, then the end)
if [ "$e" = "EXIT=0 TTY=same" ] && screen | grep -qx 'Score: 2 of 3 right (1 skipped)\.'; then
	ok "quiz screen: exit 0, terminal restored, the score printed"
else
	fail "quiz screen: exit 0, terminal restored, the score printed" "$e" "$(screen)"
fi

start 80 24 -- quiz --mono "$T/t.yaml"
wait_for '^Question 1 of 4' 10
type_text "1"
keys Enter
wait_for '^Question 2 of 4' 5
keys q
if wait_for '^1\. Wrong: you said 1; the answer is 0-3\.' 5; then
	ok "quiz screen: q after an answer shows its verdict first"
else
	fail "quiz screen: q after an answer shows its verdict first" "" "$(screen | head -n 3)"
fi
keys Space
wait_for '^Quiz over\. Score: 0 of 1 right\. Any key quits\.' 5 && ok "quiz screen: then the end, not the next question" ||
	fail "quiz screen: then the end, not the next question" "" "$(screen | head -n 3)"
keys x
e=$(wait_exit 5)
[ "$e" = "EXIT=0 TTY=same" ] && ok "quiz screen: q exits 0" || fail "quiz screen: q exits 0" "$e" "$(screen | tail -n 4)"
finish
