#!/bin/sh
# `buddyviz quiz` on lines (stdin not a terminal): questions from expect and
# quiz steps, answers right, wrong, skipped and unreadable, the end of input
# and q, the score; `run` and `check` on quiz steps; bad arguments.
# The answers were traced by hand from the kernel's rules on a 64-page
# machine (max_order 4, pageblock_order 2: four order-4 chunks at pfn 0, 16,
# 32, 48 on the Movable list, lowest at the head):
#  - the first unmovable page: no Unmovable chunk, __rmqueue_claim takes the
#    largest Movable chunk, pfn 0 order 4 >= pageblock_order, so blocks 0-3
#    are claimed whole and the page is pfn 0 (63 free, 4 Unmovable blocks);
#  - a movable order-1 page: __rmqueue_smallest splits the order-4 chunk at
#    the Movable head, pfn 16 (no fallback);
#  - freeing U merges back inside the Unmovable blocks: no block changes.
# Run from the repository root by tests/run.sh; "ok NAME" / "FAIL NAME: why".

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-quiz.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	if [ -n "$3" ]; then
		printf '%s\n' "$3" | head -n 30 | sed 's/^/    /'
	fi
}
# quiz INPUT ARGS...: answers INPUT (printf format) on stdin.
quiz() {
	in=$1
	shift
	printf "$in" | timeout -k 2 30 "$BUDDYVIZ" quiz "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# The transcript without the event sentences (the engine's own words).
plain() { grep -v '^  - ' "$T/out"; }
# same NAME EXPECTED-FILE: the transcript (events left out) is that file.
same() {
	if plain | diff -u "$2" - >"$T/diff"; then ok "$1"; else fail "$1" "transcript differs (- expected, + got)" "$(cat "$T/diff")"; fi
}

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
  - quiz: {about: alloc_pfn}
  - free: {tag: U}
  - quiz: {about: block_type, block: 0, answer: unmovable}
  - quiz
EOF

# ---- every answer right -------------------------------------------------------
quiz '3,0 1-2\n4\n63\n4\n16\nUnmovable\nnone\n' "$T/t.yaml"
cat >"$T/want" <<'EOF'
Quiz: quiz test
7 questions. Answer each with a number, block numbers (3 or 3,7 or none), a migratetype or claim/steal; an empty line skips, q quits.

== Step 2 of 11: alloc: {type: unmovable, order: 0, count: 1, tag: "U"}
Now: 64 pages free, pageblocks Unmovable 0 Movable 16 Reclaimable 0, 0 mixed, largest free order 4.
Question 1 of 7: Which pageblocks turn Unmovable?
> 3,0 1-2
Question 2 of 7: How many pageblocks are Unmovable after this step?
> 4
Question 3 of 7: How many pages are free on the buddy lists (Isolate lists not counted) after this step?
> 63
  1. Right: 0-3.
  2. Right: 4.
  3. Right: 63.
Why (step 2):
  "The first unmovable page on a fresh zone claims a whole max-order chunk."

== Step 6 of 11: alloc: {type: movable, order: 1, count: 1, tag: "M"}
Now: 63 pages free, pageblocks Unmovable 4 Movable 12 Reclaimable 0, 0 mixed, largest free order 4.
Question 4 of 7: From a free chunk of which order is the step's first allocation cut (its own order if nothing is split; none if nothing is allocated)?
> 4
Question 5 of 7: Which pfn does the step's first allocation get (none if it fails)?
> 16
  4. Right: 4.
  5. Right: 16.
Why (step 6):
  "A movable order-1 page."

== Step 9 of 11: free: {tag: "U"}
Now: 61 pages free, pageblocks Unmovable 4 Movable 12 Reclaimable 0, 0 mixed, largest free order 4.
Question 6 of 7: Which migratetype does pageblock 0 have after this step?
> Unmovable
Question 7 of 7: Which pageblocks change migratetype in this step (block numbers, or none)?
> none
  6. Right: Unmovable.
  7. Right: none.
Why (step 9):

Score: 7 of 7 right.
EOF
same "quiz: every answer right, score 7 of 7" "$T/want"
[ "$rc" = 0 ] && [ ! -s "$T/err" ] && ok "quiz: exit 0, nothing on stderr" || fail "quiz: exit 0, nothing on stderr" "rc=$rc" "$(cat "$T/err")"
# The explanation: the engine's sentences of the deciding events.
if grep -q '^  - try_to_steal_block: .*order-4 chunk at pfn 0 is claimed whole: blocks 0-3' "$T/out" &&
	grep -q '^  - __rmqueue_smallest: M#0 order-1 movable got pfn 16' "$T/out" &&
	grep -q '^  - __free_one_page: freed U#0 order-0 at pfn 0' "$T/out"; then
	ok "quiz: the answers come with the events that explain them"
else
	fail "quiz: the answers come with the events that explain them" "" "$(grep '^  - ' "$T/out")"
fi

# ---- wrong, skipped, unreadable, then q -------------------------------------------
quiz '0-3\nabc\n5\n\n63\n4\n16\nq\n' "$T/t.yaml"
cat >"$T/want" <<'EOF'
Quiz: quiz test
7 questions. Answer each with a number, block numbers (3 or 3,7 or none), a migratetype or claim/steal; an empty line skips, q quits.

== Step 2 of 11: alloc: {type: unmovable, order: 0, count: 1, tag: "U"}
Now: 64 pages free, pageblocks Unmovable 0 Movable 16 Reclaimable 0, 0 mixed, largest free order 4.
Question 1 of 7: Which pageblocks turn Unmovable?
> 0-3
Question 2 of 7: How many pageblocks are Unmovable after this step?
> abc
  (not a whole number; answer with a whole number)
> 5
Question 3 of 7: How many pages are free on the buddy lists (Isolate lists not counted) after this step?
> 
  1. Right: 0-3.
  2. Wrong: you said 5; the answer is 4.
  3. Skipped; the answer is 63.
Why (step 2):
  "The first unmovable page on a fresh zone claims a whole max-order chunk."

== Step 6 of 11: alloc: {type: movable, order: 1, count: 1, tag: "M"}
Now: 63 pages free, pageblocks Unmovable 4 Movable 12 Reclaimable 0, 0 mixed, largest free order 4.
Question 4 of 7: From a free chunk of which order is the step's first allocation cut (its own order if nothing is split; none if nothing is allocated)?
> 63
Question 5 of 7: Which pfn does the step's first allocation get (none if it fails)?
> 4
  4. Wrong: you said 63; the answer is 4.
  5. Wrong: you said 4; the answer is 16.
Why (step 6):
  "A movable order-1 page."

== Step 9 of 11: free: {tag: "U"}
Now: 61 pages free, pageblocks Unmovable 4 Movable 12 Reclaimable 0, 0 mixed, largest free order 4.
Question 6 of 7: Which migratetype does pageblock 0 have after this step?
> 16
  (not a migratetype; answer with a migratetype: unmovable, movable, reclaimable, highatomic, cma or isolate)
> q

Score: 1 of 5 right (1 skipped). (stopped before the last question)
EOF
same "quiz: wrong, skipped and unreadable answers (re-asked), q quits with the score" "$T/want"
[ "$rc" = 0 ] && ok "quiz: q exits 0" || fail "quiz: q exits 0" "rc=$rc" "$(cat "$T/err")"

# q after some answers of a point: those are still answered.
quiz '0-3\n4\nq\n' "$T/t.yaml"
if grep -q '^  2. Right: 4.$' "$T/out" && tail -n 1 "$T/out" | grep -qx 'Score: 2 of 2 right. (stopped before the last question)'; then
	ok "quiz: q in the middle of a step's questions reveals the ones answered"
else
	fail "quiz: q in the middle of a step's questions reveals the ones answered" "" "$(tail -n 8 "$T/out")"
fi

# ---- the end of input in the middle ------------------------------------------------
quiz '0-3\n4\n63\n4' "$T/t.yaml"
# (the last line needs no newline: "4" answers question 4; question 5 meets the end)
if [ "$rc" = 0 ] && tail -n 1 "$T/out" | grep -qx 'Score: 4 of 4 right. (the input ended before the last question)' &&
	grep -q '^  4\. Right: 4\.$' "$T/out" && ! grep -q '^  5\.' "$T/out"; then
	ok "quiz: the end of input stops with the score so far"
else
	fail "quiz: the end of input stops with the score so far" "rc=$rc" "$(tail -n 6 "$T/out")"
fi
quiz '' "$T/t.yaml"
if [ "$rc" = 0 ] && tail -n 1 "$T/out" | grep -qx 'Score: 0 of 0 right. (the input ended before the last question)'; then
	ok "quiz: empty input scores 0 of 0"
else
	fail "quiz: empty input scores 0 of 0" "rc=$rc" "$(tail -n 4 "$T/out")"
fi

# ---- --marked: only the quiz steps ------------------------------------------------
quiz '0-3\n4\n16\nu\n\n' --marked "$T/t.yaml"
if grep -q '^5 questions\.' "$T/out" && tail -n 1 "$T/out" | grep -qx 'Score: 4 of 5 right (1 skipped).' &&
	! grep -q 'How many pageblocks are Unmovable' "$T/out"; then
	ok "quiz --marked asks the quiz steps only"
else
	fail "quiz --marked asks the quiz steps only" "" "$(cat "$T/out")"
fi

# ---- captions that give the answer away wait for the reveal ----------------------
if ! sed -n '/^== Step 2 /,/^Why/p' "$T/out" | sed '$d' | grep -q 'claims a whole'; then
	ok "quiz: the caption of the step asked about is shown only with the answer"
else
	fail "quiz: the caption of the step asked about is shown only with the answer" "" "$(head -n 12 "$T/out")"
fi

# ---- scenarios without questions, bad arguments ------------------------------------
cat >"$T/none.yaml" <<'EOF'
name: nothing to ask
machine: {max_order: 4, pageblock_order: 2, zones: [{name: Normal, pages: 64}]}
steps:
  - alloc: {type: movable}
  - expect: {pages_total: 64}
EOF
quiz '' "$T/none.yaml"
if [ "$rc" = 2 ] && grep -qx "$T/none.yaml: no questions: the scenario has no expect or quiz step to ask from" "$T/err"; then
	ok "quiz: a scenario with nothing to ask exits 2"
else
	fail "quiz: a scenario with nothing to ask exits 2" "rc=$rc" "$(cat "$T/err")"
fi
quiz '' --marked "$T/none.yaml"
[ "$rc" = 2 ] && grep -q 'no quiz step' "$T/err" && ok "quiz --marked: no quiz step exits 2" || fail "quiz --marked: no quiz step exits 2" "rc=$rc" "$(cat "$T/err")"
quiz '' --bogus "$T/t.yaml"
if [ "$rc" = 2 ] && head -n 1 "$T/err" | grep -qx "buddyviz: unknown option '--bogus'" && grep -q '^usage: buddyviz quiz' "$T/err"; then
	ok "quiz: an unknown option exits 2 with the usage"
else
	fail "quiz: an unknown option exits 2 with the usage" "rc=$rc" "$(cat "$T/err")"
fi
quiz '' "$T/t.yaml" "$T/t.yaml"
[ "$rc" = 2 ] && grep -q 'one scenario, got a second' "$T/err" && ok "quiz: two files exit 2" || fail "quiz: two files exit 2" "rc=$rc" "$(cat "$T/err")"
quiz '' "$T/missing.yaml"
[ "$rc" = 2 ] && grep -q "^$T/missing.yaml: cannot open" "$T/err" && ok "quiz: a missing file exits 2" || fail "quiz: a missing file exits 2" "rc=$rc" "$(cat "$T/err")"
printf 'name: x\nsteps:\n  - quiz: {about: nope}\n' >"$T/bad.yaml"
quiz '' "$T/bad.yaml"
[ "$rc" = 2 ] && grep -q "^$T/bad.yaml:3:19: about: unknown \"nope\"" "$T/err" && [ ! -s "$T/out" ] &&
	ok "quiz: a bad scenario exits 2 before asking" || fail "quiz: a bad scenario exits 2 before asking" "rc=$rc" "$(cat "$T/err" "$T/out")"
# A NAME from the library.
printf '\n' | BUDDYVIZ_PATH=scenarios timeout -k 2 30 "$BUDDYVIZ" quiz --marked --plain compaction-repairs >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] && grep -q '^Quiz: Compaction serves an order-9 request' "$T/out" && ok "quiz NAME finds an installed scenario" ||
	fail "quiz NAME finds an installed scenario" "rc=$rc" "$(cat "$T/err")"

# ---- run and check on quiz steps ------------------------------------------------------
timeout 20 "$BUDDYVIZ" check "$T/t.yaml" >"$T/out" 2>&1 && [ ! -s "$T/out" ] && ok "check: quiz steps are valid and silent" ||
	fail "check: quiz steps are valid and silent" "" "$(cat "$T/out")"
timeout 20 "$BUDDYVIZ" run "$T/t.yaml" >"$T/out" 2>"$T/err"
[ $? = 0 ] && [ ! -s "$T/err" ] && ok "run: right quiz answers exit 0" || fail "run: right quiz answers exit 0" "" "$(cat "$T/err")"
sed -e 's/answer: \[0, 1, 2, 3\]/answer: [0, 1]/' -e 's/split_order, answer: 4/split_order, answer: 1/' \
	-e 's/answer: unmovable/answer: movable/' "$T/t.yaml" >"$T/wrong.yaml"
timeout 20 "$BUDDYVIZ" run "$T/wrong.yaml" --dump stats >"$T/out" 2>"$T/err"
rc=$?
cat >"$T/want" <<EOF
$T/wrong.yaml:9:61: quiz answer wrong: changed_blocks: expected 0, 1, got 0-3
$T/wrong.yaml:13:40: quiz answer wrong: split_order: expected 1, got 4
$T/wrong.yaml:16:49: quiz answer wrong: block_type: expected Movable, got Unmovable
EOF
if [ "$rc" = 1 ] && diff -u "$T/want" "$T/err" >"$T/diff" && grep -q '^pages_free: 62$' "$T/out"; then
	ok "run: wrong quiz answers print FILE:LINE:COL and exit 1, the dumps still print"
else
	fail "run: wrong quiz answers print FILE:LINE:COL and exit 1, the dumps still print" "rc=$rc" "$(cat "$T/diff" "$T/err")"
fi
timeout 20 "$BUDDYVIZ" run "$T/wrong.yaml" --until 2 >"$T/out" 2>"$T/err"
[ $? = 0 ] && [ ! -s "$T/err" ] && ok "run --until: quiz steps not reached are not checked" || fail "run --until: quiz steps not reached are not checked" "" "$(cat "$T/err")"
timeout 20 "$BUDDYVIZ" run "$T/wrong.yaml" --until 3 --trace >"$T/out" 2>"$T/err"
if [ $? = 1 ] && grep -q '^\[2\] try_to_steal_block' "$T/out" && [ "$(wc -l <"$T/err")" = 1 ]; then
	ok "run --trace: the trace and the quiz check both work"
else
	fail "run --trace: the trace and the quiz check both work" "" "$(cat "$T/out" "$T/err")"
fi
# The quiz says so too, and still ends with the score.
quiz '\n\n\n\n\n\n\n' "$T/wrong.yaml"
if [ "$rc" = 1 ] && grep -q 'quiz answer wrong: split_order: expected 1, got 4' "$T/err" && tail -n 1 "$T/out" | grep -q '^Score: 0 of 7 right (7 skipped)'; then
	ok "quiz: a scenario whose stated answer is wrong exits 1 and says where"
else
	fail "quiz: a scenario whose stated answer is wrong exits 1 and says where" "rc=$rc" "$(cat "$T/err"; tail -n 2 "$T/out")"
fi

# ---- the shipped scenarios' quiz steps: their own answers score full marks -------------
for f in scenarios/*.yaml; do
	grep -q '^  - quiz' "$f" || continue
	answers=$(sed -n 's/^  - quiz: {.*answer: \([^}]*\)}$/\1/p' "$f" | tr -d '[]')
	n=$(printf '%s\n' "$answers" | grep -c .)
	printf '%s\n' "$answers" | timeout -k 2 60 "$BUDDYVIZ" quiz --marked "$f" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = 0 ] && tail -n 1 "$T/out" | grep -qx "Score: $n of $n right."; then
		ok "quiz --marked $f: the stated answers score $n of $n"
	else
		fail "quiz --marked $f: the stated answers score $n of $n" "rc=$rc" "$(tail -n 3 "$T/out"; cat "$T/err")"
	fi
done
