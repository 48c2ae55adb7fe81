#!/bin/sh
# Issue 8, "watching it": a compaction one engine step at a time (C, n),
# both scanners on the grid and on the ruler moving toward each other, the
# event panel saying why a block was chosen and why compaction finished,
# undo from the middle and from the end, c for a whole compaction, the
# help line, and the marks readable in mono (NO_COLOR: ASCII marks, no
# letter but the type letter in the grid).
. tests/screen/common.inc

# 16 blocks of 4 pages: blocks 0-7 half used (odd pfns), 8-15 free.
cat >"$T/tiny.yaml" <<'YAML'
name: tiny compaction
machine:
  max_order: 4
  pageblock_order: 2
  zones: [{name: Normal, pages: 64}]
steps:
  - alloc: {type: movable, order: 0, count: 32, tag: M}
  - free: {tag: M, every: 2}
YAML

# Column (in characters) of the first match of a glyph on the ruler line.
ruler_col() {
	screen | awk -v g="$1" '/^scanners \|/ { print index($0, g); exit }'
}

BV_TERM=screen-256color
start 80 24 LC_ALL=C.UTF-8 -- tiny.yaml
if wait_step 0 2; then
	keys n n
	wait_step 2 2
	keys C
	if wait_for '^Compaction Normal full sync step 1: migrate_pfn 0 free_pfn 60' 5 &&
		wait_for '^scanners |▶\.*◀' 5; then
		ok "compact C starts a stepped compaction: panel and ruler"
	else
		fail "compact C starts a stepped compaction: panel and ruler" "" "$(screen)"
	fi
	# Block 0's cell (row 0) has the migrate scanner, block 15's (row 12) the free one.
	if screen | grep -q '^ 0 .*▶' && screen | grep -q '^12 .*◀'; then
		ok "compact both scanners drawn on the grid cells"
	else
		fail "compact both scanners drawn on the grid cells" "" "$(screen | sed -n 2,8p)"
	fi
	if wait_step 3 3 && screen | grep -q 'compaction, engine step 1 done'; then
		ok "compact status line says the engine step"
	else
		fail "compact status line says the engine step" "" "$(screen | tail -n 1)"
	fi
	m1=$(ruler_col ▶)
	f1=$(ruler_col ◀)
	keys C
	if wait_for 'step 2: migrate_pfn 4 ' 5 && screen | grep -q 'block 0 (Movable) chosen as a source'; then
		ok "compact step 2: block 0 chosen as a source, said in the event panel"
	else
		fail "compact step 2: block 0 chosen as a source, said in the event panel" "" "$(screen)"
	fi
	keys n
	if wait_for 'step 3: migrate_pfn 4 free_pfn 25 ' 5 && screen | grep -q 'chosen as a target'; then
		ok "compact n runs the next engine step: the free scanner found targets"
	else
		fail "compact n runs the next engine step: the free scanner found targets" "" "$(screen)"
	fi
	m3=$(ruler_col ▶)
	f3=$(ruler_col ◀)
	if [ -n "$m3" ] && [ -n "$f3" ] && [ "$m3" -gt "$m1" ] && [ "$f3" -lt "$f1" ] && [ "$m3" -lt "$f3" ]; then
		ok "compact the scanners move toward each other on the ruler ($m1..$f1 -> $m3..$f3)"
	else
		fail "compact the scanners move toward each other on the ruler" "$m1..$f1 -> $m3..$f3" "$(screen | grep '^scanners')"
	fi
	# Undo from the middle: one engine step back, same step in the timeline.
	keys b
	if wait_for 'step 2: migrate_pfn 4 free_pfn 60 ' 5 && wait_step 3 3; then
		ok "compact b steps back one engine step inside the compaction"
	else
		fail "compact b steps back one engine step inside the compaction" "" "$(screen)"
	fi
	keys b b
	if wait_step 2 3 && ! screen | grep -q '^Compaction Normal'; then
		ok "compact b past the first engine step undoes the compaction"
	else
		fail "compact b past the first engine step undoes the compaction" "" "$(screen)"
	fi
	keys n
	if wait_for 'step 1: migrate_pfn 0 free_pfn 60' 5 && wait_step 3 3; then
		ok "compact n replays the undone stepped compaction"
	else
		fail "compact n replays the undone stepped compaction" "" "$(screen)"
	fi
	# To its end: the reason, in the panel and the status line.
	i=0
	while [ $i -lt 40 ] && ! screen | grep -q 'compaction finished after'; do
		keys C
		sleep 0.1
		i=$((i + 1))
	done
	if wait_for '^ended: |.*| the scanners met' 5 && screen | grep -q 'compaction finished after [0-9]* engine steps: the scanners met' &&
		screen | grep -q 'ret=complete'; then
		ok "compact finished: the panel and the events say why"
	else
		fail "compact finished: the panel and the events say why" "" "$(screen)"
	fi
	keys b
	if wait_for 'Compaction Normal full sync step [0-9]*: ' 5 && screen | grep -q '^scanners |'; then
		ok "compact b at the end steps back into the compaction"
	else
		fail "compact b at the end steps back into the compaction" "" "$(screen)"
	fi
	keys q Q
fi

# The help, generated from the key table, lists C and explains the marks.
start 80 90 LC_ALL=C.UTF-8 -- tiny.yaml
if wait_step 0 2; then
	keys '?'
	if wait_for '^  C  *compact the cursor.s zone one engine step at a time' 5; then
		ok "compact help lists C"
	else
		fail "compact help lists C" "" "$(screen)"
	fi
	keys End
	if wait_for 'migrate scanner: its next block' 5; then ok "compact help explains the marks"; else fail "compact help explains the marks" "" "$(screen)"; fi
	keys Q
fi

# Mono: ASCII marks with attributes, the grid keeps only type letters.
start 80 24 NO_COLOR=1 LC_ALL=C.UTF-8 -- tiny.yaml
if wait_step 0 2; then
	keys n n C C C
	if wait_for 'step 3: migrate_pfn 4 free_pfn 25 ' 5; then
		letters=$(grid_letters)
		if [ "$letters" = "mMMMMMMMmmmmmmmm" ] || printf '%s' "$letters" | grep -q '^[Mm]\{16\}$'; then
			ok "compact mono grid keeps one type letter per cell ($letters)"
		else
			fail "compact mono grid keeps one type letter per cell" "$letters" "$(screen)"
		fi
		if screen | grep -q '^ 4 .*<' && screen | grep -q '^ 0 .*~' && screen | grep -q '^ 4 .*\^'; then
			ok "compact mono marks: < free scanner, ~ isolated sources, ^ targets"
		else
			fail "compact mono marks: < free scanner, ~ isolated sources, ^ targets" "" "$(screen | sed -n 2,8p)"
		fi
		# Reverse/bold on the marks, never a colour.
		if ! screen_attr | sed -n 3,7p | grep -q '\[3[0-7]m\|38;5'; then
			ok "compact mono marks drawn with attributes only"
		else
			fail "compact mono marks drawn with attributes only" "" "$(screen_attr | sed -n 3,7p | cat -v)"
		fi
	else
		fail "compact mono stepped compaction" "" "$(screen)"
	fi
	keys Q
fi

# r plays a stepped compaction's engine steps at the auto-run speed.
start 80 24 LC_ALL=C.UTF-8 -- tiny.yaml
if wait_step 0 2; then
	keys n n C
	wait_for 'step 1: migrate_pfn 0 ' 5
	keys r
	if wait_for 'step 4: migrate_pfn ' 5 && wait_for '^ended: |.*| the scanners met' 10; then
		ok "compact r plays the engine steps to the end"
	else
		fail "compact r plays the engine steps to the end" "" "$(screen)"
	fi
	keys Q
fi

# c: a whole compaction of the cursor's zone, the panel says how it ended.
start 80 24 LC_ALL=C.UTF-8 -- tiny.yaml
if wait_step 0 2; then
	keys n n c
	if wait_step 3 3 && wait_for '^ended: |.*| the scanners met' 5 && screen | grep -q 'compact_migrated 6 '; then
		ok "compact c runs a whole compaction"
	else
		fail "compact c runs a whole compaction" "" "$(screen)"
	fi
	keys Q
fi
finish
