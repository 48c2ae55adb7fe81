#!/bin/sh
# The grid in monochrome mode against `buddyviz run --until K --dump blocks`
# (type letter and free/used case per block) at 80x24 and at 200x50; stepping
# forward and back gives identical screens; g and G.
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"
N=12

# check_grid NAME K: the grid on screen equals the dump at step K.
check_grid() {
	got=$(grid_letters)
	want=$(dump_letters "$S" "$2")
	if [ "$got" = "$want" ] && [ ${#want} -eq 512 ]; then
		ok "$1"
	else
		fail "$1" "grid differs from the dump at step $2 (${#got} vs ${#want} letters)" \
			"$(printf 'screen: %s\ndump:   %s\n' "$got" "$want" | cut -c1-200; screen)"
	fi
}

start 80 24 -- --mono "$S"
if ! wait_step 0 $N; then
	fail "grid 80x24 starts" "no 'step 0/$N' header" "$(screen)"
	finish
fi
ok "grid 80x24 starts"

# The zone label on its own line, 8 rows of 64 cells, row labels digits.
rows=$(screen | grep -c -E '^ *[0-9]+ [UMRHCIumrhci]{64}$')
if screen | grep -q '^Normal zone: 1 GiB' && [ "$rows" -eq 8 ]; then
	ok "grid 80x24 one cell per block, 8 rows of 64"
else
	fail "grid 80x24 one cell per block, 8 rows of 64" "$rows rows" "$(screen)"
fi

pos=0
for k in 0 1 2 3 4 6 7 9 12; do
	while [ $pos -lt $k ]; do
		keys space
		pos=$((pos + 1))
	done
	if ! wait_step $k $N || ! wait_stable; then
		fail "grid step $k" "no 'step $k/$N'" "$(screen)"
		continue
	fi
	check_grid "grid step $k matches dump" $k
done

# Forward then back gives the identical screen.
keys g
wait_step 0 $N
keys space space space space space space
wait_step 6 $N && wait_stable
before=$(screen)
keys space space
wait_step 8 $N && wait_stable
keys b b
wait_step 6 $N && wait_stable
after=$(screen)
# The counters show their change with the last move ("2 +2"): leave those out.
before=$(printf '%s\n' "$before" | sed 's/ [-+][0-9][0-9]*//g; s/  */ /g')
after=$(printf '%s\n' "$after" | sed 's/ [-+][0-9][0-9]*//g; s/  */ /g')
if [ "$before" = "$after" ]; then
	ok "grid forward and back identical"
else
	fail "grid forward and back identical" "screens differ" "$(printf '%s\n' "$before" >"$T/a"; printf '%s\n' "$after" >"$T/b"; diff "$T/a" "$T/b")"
fi
keys BSpace
if wait_step 5 $N && wait_stable; then
	check_grid "grid Backspace steps back" 5
else
	fail "grid Backspace steps back" "no step 5" "$(screen)"
fi

keys G
if wait_step $N $N 30 && wait_stable; then
	check_grid "grid G runs to the end" $N
else
	fail "grid G runs to the end" "no step $N/$N" "$(screen)"
fi
keys g
if wait_step 0 $N && wait_stable; then
	check_grid "grid g back to the start" 0
else
	fail "grid g back to the start" "no step 0" "$(screen)"
fi

# r stops just after each pause (step 5 is a pause).
keys r
if wait_step 5 $N 20 && wait_for 'paused after step 5' 5; then
	ok "grid r stops after a pause"
else
	fail "grid r stops after a pause" "" "$(screen)"
fi
keys q
wait_exit >/dev/null

# A large terminal, NO_COLOR instead of --mono: cells grow to fill the
# width (every block still one letter, in order).
start 200 50 NO_COLOR=1 -- "$S"
if wait_step 0 $N; then
	widest=$(screen | awk '/ zone: /{g=1;next} g && /^ *[0-9]+ /{ if (length($0) > w) w = length($0) } END { print w + 0 }')
	if [ "$widest" -ge 180 ]; then
		ok "grid 200x50 cells fill the width (NO_COLOR)"
	else
		fail "grid 200x50 cells fill the width (NO_COLOR)" "widest grid line $widest columns" "$(screen)"
	fi
	check_grid "grid 200x50 matches dump at the start" 0
	keys G
	if wait_step $N $N 30 && wait_stable; then
		check_grid "grid 200x50 matches dump at the end" $N
	else
		fail "grid 200x50 matches dump at the end" "no step $N/$N" "$(screen)"
	fi
else
	fail "grid 200x50 starts" "" "$(screen)"
fi
keys q
wait_exit >/dev/null

# Three zones: each labelled on its own line, its first block on a new row.
cat >"$T/z3.yaml" <<'YAML'
name: three zones
machine:
  zones: [{name: DMA, size: 16M}, {name: DMA32, size: 64M}, {name: Normal, size: 256M}]
steps:
  - alloc: {type: unmovable, order: 0, count: 600, tag: U, zone: DMA32}
  - alloc: {type: reclaimable, order: 9, count: 3, tag: R}
  - alloc: {type: movable, order: 0, count: 3000, tag: M, zone: DMA}
YAML
start 80 24 -- --mono "$T/z3.yaml"
keys G
if wait_step 3 3 && wait_stable; then
	labels=$(screen | grep -c -E '^(DMA|DMA32|Normal) zone: ')
	firsts=$(screen | awk '/ zone: /{ getline; print $1 }' | tr '\n' ' ')
	got=$(grid_letters)
	want=$(dump_letters "$T/z3.yaml" 3)
	if [ "$labels" -eq 3 ] && [ "$firsts" = "0 8 40 " ] && [ "$got" = "$want" ]; then
		ok "grid three zones, each on new rows under its label"
	else
		fail "grid three zones, each on new rows under its label" "labels $labels, rows '$firsts'" "$(screen)"
	fi
else
	fail "grid three zones, each on new rows under its label" "no step 3/3" "$(screen)"
fi
keys q
wait_exit >/dev/null

# The auto-run speed shown is the speed run: at 60/s, 3 s give about 180
# steps (it used to round each frame down to one step, about 40/s).
{
	printf 'name: many steps\nmachine:\n  zones: [{name: Normal, pages: 1024}]\nsteps:\n'
	i=0
	while [ $i -lt 1000 ]; do
		echo "  - say: s$i"
		i=$((i + 1))
	done
} >"$T/many.yaml"
start 80 24 -- "$T/many.yaml"
wait_step 0 1000
keys ']' ']' ']'
if wait_for 'paused 60/s' 5; then
	keys r
	sleep 3
	keys r
	wait_for 'paused at step' 5
	k=$(screen | sed -n 's/.* step \([0-9]*\)\/1000 .*/\1/p' | head -n 1)
	if [ -n "$k" ] && [ "$k" -ge 150 ] && [ "$k" -le 230 ]; then
		ok "grid r at 60/s runs 60 steps a second"
	else
		fail "grid r at 60/s runs 60 steps a second" "$k steps in 3 s" "$(screen | head -n 1)"
	fi
else
	fail "grid r at 60/s runs 60 steps a second" "speed not 60/s" "$(screen | head -n 1)"
fi
keys q
wait_exit >/dev/null
finish
