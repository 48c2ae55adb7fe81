#!/bin/sh
# buddyviz compare: two machines in one split screen, stepped in sync.
# Grouping on and off (scenarios/02c-grouping-on.yaml, 02d-grouping-off.yaml: the
# counters their expect steps check) side by side at 80x24 and 160x48;
# both titles, one legend, the comparison panel, stepping together and
# back, a shorter side staying at its end, two profiles or seeds of one
# scenario, the help from the key table, resizing, no terminal.
. tests/screen/common.inc

R=$(pwd)
cp scenarios/02c-grouping-on.yaml scenarios/02d-grouping-off.yaml scenarios/02b-free-merges.yaml "$T/"

# has REGEX: the screen has a line matching it.
has() { screen | grep -q -e "$1"; }
# check NAME REGEX...: every regex matches a line of the screen.
check() {
	name=$1
	shift
	for re in "$@"; do
		if ! wait_for "$re" 5; then
			fail "$name" "no line matches '$re'" "$(screen)"
			return 1
		fi
	done
	ok "$name"
}
# letters N K: the mono letters of the K-th grid line labelled N (K-th
# pane), e.g. "MMMMUUUU".
letters() {
	screen | awk -v n="$1" -v k="$2" '
		$1 == n && /^ *[0-9]+  / { if (++seen == k) { sub(/^ *[0-9]+ /, ""); gsub(/[^A-Za-z]/, ""); print; exit } }'
}

# ---- 80x24, mono: grouping on (A) against grouping off (B) ----------------------
start 80 24 -- compare 02c-grouping-on.yaml 02d-grouping-off.yaml --mono
check "compare 80x24 shows both titles" '^ A  02c-grouping-on.yaml  linux-6.12 .* 0/8 *$' \
	'^ B  02d-grouping-off.yaml  no-grouping .* 0/8 *$' '^buddyviz compare .*step 0/8 '
la=$(screen | grep -n '^ A  ' | cut -d: -f1)
lb=$(screen | grep -n '^ B  ' | cut -d: -f1)
if [ -n "$la" ] && [ -n "$lb" ] && [ "$lb" -gt "$la" ] && ! has '|'; then
	ok "compare 80x24 stacks the small grids (A above B, no column split)"
else
	fail "compare 80x24 stacks the small grids (A above B, no column split)" "A line $la, B line $lb" "$(screen)"
fi
if [ "$(screen | grep -c '^Key: ')" = 1 ] && has '^Key: .*U Unmovable.*M Movable'; then
	ok "compare 80x24 has one legend"
else
	fail "compare 80x24 has one legend" "" "$(screen)"
fi
check "compare 80x24 shows each side's caption" '^With mobility grouping' '^Without mobility grouping'

keys n n
check "compare n steps both sides" '^buddyviz compare .*step 2/8 ' '^ A  .* 2/8 *$' '^ B  .* 2/8 *$' \
	'^16 rounds of 3 movable pages and 1 unmovable page'
if [ "$(screen | grep -c '^16 rounds of 3 movable')" = 2 ]; then
	ok "compare shows both sides' say captions"
else
	fail "compare shows both sides' say captions" "" "$(screen)"
fi
# After the 16 rounds: grouped, 4 Unmovable blocks, none mixed, one
# claim; not grouped, 16 Unmovable blocks, all of them mixed, 4 claims
# (the expect steps of the two scenarios).
check "compare panel after 2 steps: grouping keeps unmovable pages together" \
	'U blocks  *4  *16 ' 'M blocks  *28  *16' 'mixed blks  *0  *16 ' 'claims  *1  *4 ' 'free pages  *64  *64 '
a0=$(letters 0 1)
b0=$(letters 0 2)
if [ "$a0" = MMMMUUUU ] && [ "$b0" = UUUUUUUU ]; then
	ok "compare grids: A's blocks 4-7 Unmovable, B's blocks 0-7 all Unmovable"
else
	fail "compare grids: A's blocks 4-7 Unmovable, B's blocks 0-7 all Unmovable" "A '$a0', B '$b0'" "$(screen)"
fi

keys n n n n
check "compare after the movable pages go: B's free pages are pinned" '^buddyviz compare .*step 6/8 ' \
	'unusable(2) 0\.000  0\.428' 'largest ord  *4  *4 ' 'free pages  *112  *112 '
a0=$(letters 0 1)
b0=$(letters 0 2)
if [ "$a0" = mmmmUUUU ] && [ "$b0" = UUUUUUUU ]; then
	ok "compare grids after the free: A's movable blocks free again, B's still pinned"
else
	fail "compare grids after the free: A's movable blocks free again, B's still pinned" "A '$a0', B '$b0'" "$(screen)"
fi

keys b
check "compare b steps both sides back" '^buddyviz compare .*step 5/8 ' '^ A  .* 5/8 *$' '^ B  .* 5/8 *$' \
	'unusable(2) 0\.000  0\.000' 'free pages  *64  *64 ' 'mixed blks  *0  *16 '
keys g
check "compare g goes back to the boot state on both sides" '^buddyviz compare .*step 0/8 ' 'U blocks  *0  *0 '
keys r
check "compare r plays both up to the pause step" '^buddyviz compare .*step 5/8 ' \
	'^paused after step 5 (pause): r runs on'
keys G
check "compare G runs both to the end" '^buddyviz compare .*step 8/8 ' '^ A  .* 8/8 *$' '^ B  .* 8/8 *$' \
	'^All 112 free pages are in whole order-4 chunks' '^Each of blocks 0-15 is pinned'
keys o
check "compare o moves the indexes to the next order" 'indexes at order 3' 'unusable(3) '

keys '?'
check "compare ? shows the keys from its table" '^buddyviz compare keys' '^Stepping (both sides at once)' \
	'^  space, n  *run the next step on both sides' '^  b, Backspace, u  *step back on both sides'
keys q
check "compare q closes the help" '^ A  02c-grouping-on.yaml'
keys q
line=$(wait_exit 5)
if [ "$line" = "EXIT=0 TTY=same" ]; then ok "compare q exits 0"; else fail "compare q exits 0" "got '$line'" "$(screen)"; fi

# ---- 160x48, colour: a shorter side stays at its end ------------------------------
start 160 48 -- compare 02c-grouping-on.yaml 02b-free-merges.yaml
check "compare 160x48 puts the sides next to each other" '^ A  02c-grouping-on.yaml .*| B  02b-free-merges.yaml'
if [ "$(screen | grep -c '^Key: ')" = 1 ] && has '^bold: differ  *A  *B  .*A  *B  .*A  *B '; then
	ok "compare 160x48: one legend, the panel in several columns"
else
	fail "compare 160x48: one legend, the panel in several columns" "" "$(screen)"
fi
keys G
check "compare G: the shorter side stays at its end and says so" '^buddyviz compare .*step 12/12 ' \
	'^ A  02c-grouping-on.yaml .* at its end 8/8 *| B  02b-free-merges.yaml .* 12/12 *$'
keys b
check "compare b: the longer side steps back, the shorter stays at its end" '^buddyviz compare .*step 11/12 ' \
	'at its end 8/8 *| B  02b-free-merges.yaml .* 11/12 *$' 'A is at its end (8 steps) and stays there; B runs on'
keys b b b
check "compare b back to the shorter side's length brings it along" '^buddyviz compare .*step 8/12 ' \
	'^ A  02c-grouping-on.yaml .* 8/8 *| B  02b-free-merges.yaml .* 8/12 *$'
keys b
check "compare b moves both again" '^ A  02c-grouping-on.yaml .* 7/8 *| B  02b-free-merges.yaml .* 7/12 *$'

# Resizing: the notice below 80x24, the split screen back at once, state kept.
tm resize-window -t 0 -x 70 -y 20
check "compare resize to 70x20 shows the notice" '^terminal too small (need 80x24)'
tm resize-window -t 0 -x 80 -y 24
check "compare resize back to 80x24 redraws, state kept" '^buddyviz compare .*step 7/12 ' '^ A  02c-grouping-on.yaml' \
	' B  02b-free-merges.yaml .* 7/12 *$'
keys Q
wait_exit 5 >/dev/null

# ---- one scenario (a NAME) under two profiles ---------------------------------------
start 80 24 BUDDYVIZ_PATH="$R/scenarios" -- compare 02c-grouping-on --profile linux-6.12 --profile no-grouping
check "compare NAME --profile twice: titled by profile" '^ A  02c-grouping-on  linux-6.12 ' '^ B  02c-grouping-on  no-grouping '
keys n n
check "compare two profiles: no-grouping mixes every block" 'mixed blks  *0  *16 ' 'claims  *1  *4 '
keys Q
wait_exit 5 >/dev/null

# ---- one scenario under two seeds: a random workload differs ------------------------
cat >"$T/wl.yaml" <<'YAML'
name: seeded workload
machine:
  max_order: 4
  pageblock_order: 2
  zones: [{name: Normal, pages: 512}]
steps:
  - workload: {ops: 300, mix: {unmovable: 0.3, movable: 0.5, reclaimable: 0.2}, orders: {0: 0.7, 1: 0.3}, free_ratio: 0.4, tag: w}
YAML
want_free=$("$BV" run "$T/wl.yaml" --dump stats | sed -n 's/^pages_free: *//p')
start 80 24 -- compare wl.yaml --seed 1 --seed 7
check "compare --seed twice: titled by seed" '^ A  wl.yaml  .*seed 1 ' '| B  wl.yaml  .*seed 7 '
keys n
if wait_for 'step 1/1 ' 5 && screen | grep -q "^free pages  *$want_free  *[0-9]" &&
	! screen | grep -q "^free pages  *\([0-9][0-9]*\)  *\1 "; then
	ok "compare two seeds: A matches run's seed-1 result, B differs"
else
	fail "compare two seeds: A matches run's seed-1 result, B differs" "run says pages_free $want_free" "$(screen)"
fi
keys q
wait_exit 5 >/dev/null

# ---- no terminal ---------------------------------------------------------------------
"$BV" compare "$T/02c-grouping-on.yaml" "$T/02d-grouping-off.yaml" </dev/null >/dev/null 2>"$T/err"
rc=$?
if [ "$rc" = 3 ] && grep -q 'needs a terminal' "$T/err"; then
	ok "compare without a terminal exits 3"
else
	fail "compare without a terminal exits 3" "exit $rc" "$(cat "$T/err")"
fi

finish
