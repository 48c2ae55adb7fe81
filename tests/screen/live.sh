#!/bin/sh
# buddyviz live --from DIR in a real terminal: the directory's files change
# between refreshes and the screen follows; pause stops following; z moves
# between zones; q exits 0 and restores the terminal.
. tests/screen/common.inc

FIX=$(pwd)/tests/live/fixtures
D=$T/machine
cp -r "$FIX/linux-6.12-hole" "$D"

start 100 40 -- live --from "$D" --interval 0.3 --mono
if wait_for 'zone 1/2: Node 0, DMA32' 10 && wait_for '^all types  *45  *34  *22 ' 5; then
	ok "live shows the first zone of the directory"
else
	fail "live shows the first zone of the directory" "" "$(screen)"
fi
keys z
if wait_for 'zone 2/2: Node 0, Normal' 5 && wait_for '^Movable  *60  *31  *17  *9  *4  *2  *1  *1  *1  *3  *200' 5 &&
	wait_for '^mixed blocks (page_owner): Unmovable 3  Movable 7 ' 2; then
	ok "live z shows the next zone"
else
	fail "live z shows the next zone" "" "$(screen)"
fi
# The files change: the next refresh shows the new counts and a rate.
cp "$FIX/linux-6.12-hole-later/"* "$D/"
if wait_for '^Movable  *61  *31  *17  *9  *4  *2  *1  *1  *1  *2  *150' 5 && wait_for 'compact_stall .*/s' 5; then
	ok "live follows files that change between refreshes"
else
	fail "live follows files that change between refreshes" "" "$(screen)"
fi
keys p
if wait_for '\[PAUSED\]' 5; then ok "live p pauses"; else fail "live p pauses" "" "$(screen)"; fi
cp "$FIX/linux-6.12-hole/"* "$D/"
sleep 1
if screen | grep -q '^Movable  *61  *31 .* 150' && ! screen | grep -q '^Movable  *60 '; then
	ok "live paused: the screen keeps the last refresh"
else
	fail "live paused: the screen keeps the last refresh" "" "$(screen)"
fi
keys p
if wait_for '^Movable  *60  *31 .* 200' 5; then ok "live p resumes"; else fail "live p resumes" "" "$(screen)"; fi
# A file that stops parsing: the status line says so, the last good state stays.
printf 'Node 0, zone   Normal  garbage\n' >"$D/buddyinfo"
if wait_for 'refresh failed, showing the last good one: .*buddyinfo:1: ' 5 && screen | grep -q '^Movable  *60 '; then
	ok "live: a garbled file mid-run is reported, the last good state stays"
else
	fail "live: a garbled file mid-run" "" "$(screen)"
fi
keys q
line=$(wait_exit 10)
if [ "$line" = "EXIT=0 TTY=same" ] && [ "$(pane_fmt '#{alternate_on}')" = 0 ]; then
	ok "live q exits 0 and restores the terminal"
else
	fail "live q exits 0 and restores the terminal" "got '$line'" "$(screen)"
fi

cp "$FIX/linux-6.12-hole/"* "$D/"
start 100 40 -- live --from "$D" --interval 0.3
wait_for 'zone 1/2' 10
kill -TERM "$(cat "$T/pid")"
line=$(wait_exit 10)
if [ "$line" = "EXIT=143 TTY=same" ]; then ok "live SIGTERM exits 143, terminal restored"; else fail "live SIGTERM" "got '$line'" "$(screen)"; fi

# This machine itself; as root the pfn grid of kpageflags is there.
start 120 50 -- live --mono
if wait_for 'zone 1/' 10; then ok "live on this machine"; else fail "live on this machine" "" "$(screen)"; fi
if [ -r /proc/kpageflags ]; then
	if wait_for '^pfn grid from pfn [0-9]*, one cell per pageblock' 10 && wait_for 'migratetype: not exported by kpageflags' 2; then
		ok "live on this machine shows the pfn grid (root)"
	else
		fail "live on this machine shows the pfn grid (root)" "" "$(screen)"
	fi
fi
keys q
line=$(wait_exit 10)
if [ "$line" = "EXIT=0 TTY=same" ]; then ok "live on this machine: q exits 0"; else fail "live on this machine: q exits 0" "got '$line'"; fi
finish
