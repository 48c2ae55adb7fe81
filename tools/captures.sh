#!/bin/sh
# Real screen captures for the guides: runs ./buddyviz in tmux at the
# sizes and steps listed below, writes each screen as text into
# docs/captures/NAME.txt and replaces the block between
#   <!-- capture:NAME -->  and  <!-- /capture -->
# in docs/user-guide.md and docs/teachers-guide.md with it (inside a ```
# fence).
#
#   sh tools/captures.sh          # after `make`; needs tmux
#
# Each capture: NAME WIDTH HEIGHT ENV ARGS -- KEYS (tmux key names).
set -eu
cd "$(dirname "$0")/.."
BV=$(pwd)/buddyviz
[ -x "$BV" ] || { echo "captures.sh: build first (make)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "captures.sh: tmux is needed" >&2; exit 2; }
OUT=docs/captures
mkdir -p "$OUT"
SOCK="bvcaptures-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true' EXIT

# capture NAME W H "ENV" "ARGS" KEYS...
capture() {
	name=$1 w=$2 h=$3 envs=$4 args=$5
	shift 5
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	tmux -L "$SOCK" -f /dev/null new-session -d -x "$w" -y "$h" \
		"env TERM=screen-256color LC_ALL=C.UTF-8 $envs $BV $args; sleep 60"
	# Wait for the first frame.
	i=0
	while [ $i -lt 50 ] && ! tmux -L "$SOCK" capture-pane -p | grep -q 'step [0-9]*/[0-9]*\|too small'; do
		sleep 0.1
		i=$((i + 1))
	done
	for k in "$@"; do
		tmux -L "$SOCK" send-keys "$k"
		sleep 0.05
	done
	sleep 0.8
	tmux -L "$SOCK" capture-pane -p | sed 's/[[:space:]]*$//' >"$OUT/$name.txt"
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	echo "captured $OUT/$name.txt (${w}x${h})"
}

steps() {
	# steps N: N times "n"
	n=$1
	s=""
	while [ "$n" -gt 0 ]; do
		s="$s n"
		n=$((n - 1))
	done
	echo "$s"
}

# shellcheck disable=SC2046
capture main-200x55 200 55 "" "" $(steps 23)
# shellcheck disable=SC2046
capture main-80x24 80 24 "" "" $(steps 15)
# shellcheck disable=SC2046
capture mono-80x24 80 24 "NO_COLOR=1" "" $(steps 15)
capture onegib-80x24 80 24 "NO_COLOR=1" "scenarios/03a-steal-not-claim.yaml --step 9"
capture why-80x24 80 24 "" "scenarios/03a-steal-not-claim.yaml --step 9" e
# shellcheck disable=SC2046
capture block-100x32 100 32 "" "" $(steps 19) Enter
capture small-20x8 20 8 "" ""
# Watching compaction: example (f) to its pause, then C three times (the
# begin, block 0 isolated, the free scanner's run).
# shellcheck disable=SC2046
capture compact-100x40 100 40 "" "scenarios/05c-full-compaction.yaml" $(steps 5) C C C
capture compact-mono-80x24 80 24 "NO_COLOR=1" "scenarios/05c-full-compaction.yaml" $(steps 5) C C C
# The quiz: the teacher's questions of example (e2), the first three
# answered, the first verdict with its events.
capture quiz-100x32 100 32 "NO_COLOR=1" "quiz --marked scenarios/03b-half-block-claim.yaml" \
	5 1 1 Enter c l a i m Enter 2 6 2 1 4 2 Enter
# Side by side (buddyviz compare): grouping on and off after the movable
# pages are freed; small grids stack at 80x24, a wide screen splits left/right.
# shellcheck disable=SC2046
capture compare-mono-80x24 80 24 "NO_COLOR=1" "compare scenarios/02c-grouping-on.yaml scenarios/02d-grouping-off.yaml" $(steps 6)
# shellcheck disable=SC2046
capture compare-200x40 200 40 "" "compare scenarios/02c-grouping-on.yaml scenarios/02d-grouping-off.yaml" $(steps 2)

# The teacher's guide (docs/teachers-guide.md): the fragmentation indexes
# of 05a after its free step, and the benchmark after its first huge-page
# attempts.
capture tg-indexes-80x24 80 24 "" "scenarios/05a-order9-fails-plenty-free.yaml --step 6"
capture tg-bench-100x30 100 30 "" "scenarios/10a-highalloc-benchmark.yaml --step 15"

# Not a screen: `buddyviz --list` on the source tree's scenarios.
BUDDYVIZ_PATH=$(pwd)/scenarios "$BV" --list >"$OUT/list.txt"
echo "captured $OUT/list.txt (buddyviz --list)"

# Put them into the guides.
for guide in docs/user-guide.md docs/teachers-guide.md; do
[ -f "$guide" ] || continue
tmp=$(mktemp)
awk -v dir="$OUT" '
	/^<!-- capture:[A-Za-z0-9_.-]+ -->$/ {
		print
		name = $0
		sub(/^<!-- capture:/, "", name)
		sub(/ -->$/, "", name)
		print "```"
		file = dir "/" name ".txt"
		while ((getline line < file) > 0)
			print line
		close(file)
		print "```"
		skip = 1
		next
	}
	/^<!-- \/capture -->$/ { skip = 0 }
	!skip { print }
' "$guide" >"$tmp"
cat "$tmp" >"$guide"
rm -f "$tmp"
echo "updated $guide"
done
