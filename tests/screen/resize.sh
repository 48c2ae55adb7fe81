#!/bin/sh
# Resizing: smaller than 80x24 shows the one-line notice (and nothing else),
# back to 80x24 or larger redraws the full screen at once, the state kept.
. tests/screen/common.inc

S=$T/s.yaml
write_scenario "$S"
NOTICE='terminal too small (need 80x24)'

start 80 24 -- --mono "$S"
wait_step 0 12
keys space space space
wait_step 3 12 && wait_stable
before=$(grid_letters)

for size in "79 24" "80 23" "60 15" "40 10"; do
	set -- $size
	tm resize-window -t 0 -x "$1" -y "$2"
	if wait_for "^$NOTICE" 5 && [ "$(screen | grep -c -v '^ *$')" -eq 1 ]; then
		ok "resize ${1}x$2 shows the notice only"
	else
		fail "resize ${1}x$2 shows the notice only" "" "$(screen)"
	fi
done

tm resize-window -t 0 -x 80 -y 24
if wait_step 3 12 && wait_stable && [ "$(grid_letters)" = "$before" ] && ! screen | grep -q "$NOTICE"; then
	ok "resize back to 80x24 recovers, state kept"
else
	fail "resize back to 80x24 recovers, state kept" "" "$(screen)"
fi

# Under the notice nothing is shown, so stepping keys do nothing; on
# recovery the state is the one the user last saw.
tm resize-window -t 0 -x 50 -y 12
wait_for "^$NOTICE" 5
keys space
sleep 0.3
tm resize-window -t 0 -x 160 -y 48
if wait_step 3 12 && wait_stable; then
	want=$(dump_letters "$S" 3)
	if [ "$(grid_letters)" = "$want" ]; then
		ok "resize to 160x48 redraws the grid"
	else
		fail "resize to 160x48 redraws the grid" "grid differs from dump" "$(screen)"
	fi
else
	fail "resize to 160x48 redraws the grid" "no step 3/12 (a key acted under the notice?)" "$(screen)"
fi
keys q
line=$(wait_exit 5)
[ "$line" = "EXIT=0 TTY=same" ] && ok "resize then q exits 0" || fail "resize then q exits 0" "$line"
finish
