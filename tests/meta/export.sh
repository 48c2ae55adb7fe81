#!/bin/sh
# Exports (src/export): `buddyviz svg` against the blocks dump of the same
# step, `buddyviz record` as a strict asciicast v2 file (and played by
# asciinema when installed), `--record` of a live session in tmux, the
# TUI's x key, and bad inputs (exit 2 with a message). The HTML replay's
# browser test is tests/meta/export_html.sh. Line protocol of tests/run.sh.

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-export.XXXXXX") || exit 2
trap 'rm -rf "$T"; tmux -L "bvx$$" kill-server 2>/dev/null' EXIT
case $BUDDYVIZ in /*) ;; *) BUDDYVIZ=$PWD/$BUDDYVIZ ;; esac
HERE=$PWD

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	return 0
}
bv() {
	timeout -k 2 60 "$BUDDYVIZ" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

S=scenarios/02a-first-unmovable-claims.yaml
E=scenarios/03a-steal-not-claim.yaml

# ---- svg ------------------------------------------------------------------
for spec in "$S 0" "$S 2" "$S 12" "$E 10" "$E 12"; do
	set -- $spec
	f=$1 k=$2 name=svg-$(basename "$1" .yaml)-$2
	n=$("$BUDDYVIZ" run "$f" --dump stats >/dev/null; grep -c '^  - ' "$f")
	"$BUDDYVIZ" run "$f" --until "$k" --dump blocks >"$T/blocks" 2>/dev/null
	bv svg "$f" --step "$k" -o "$T/g.svg"
	if [ "$rc" != 0 ] || [ -s "$T/out" ]; then
		fail "$name" "exit $rc, stdout $(wc -c <"$T/out") bytes" "$(cat "$T/err")"
	elif r=$(python3 tests/export/check_svg.py "$T/g.svg" "$T/blocks" "$k" "$n" 2>&1); then
		ok "$name"
	else
		fail "$name" "the SVG does not match the blocks dump" "$r"
	fi
done
# Known blocks by hand (the scenario's captions): after step 12 blocks 0-3
# are Unmovable (vermillion, xterm 166 = d75f00), block 4 stays Movable
# (sky blue, xterm 74 = 5fafd7); at step 0 no cell is marked changed.
bv svg "$S" --step 12
if grep -q 'data-block="3" data-type="Unmovable"' "$T/out" && grep -q 'data-block="4" data-type="Movable"' "$T/out" &&
	grep -A0 'data-block="0"' "$T/out" | grep -q 'fill="#d75f00"' &&
	grep -A0 'data-block="4"' "$T/out" | grep -q 'fill="#5fafd7"' &&
	grep -q 'class="caption"[^>]*>Blocks 0 and 1 are full' "$T/out"; then
	ok svg-known-blocks
else
	fail svg-known-blocks "blocks 0-3 Unmovable d75f00, block 4 Movable 5fafd7, the step's caption" "$(grep -m3 'data-block="[034]"' "$T/out")"
fi
bv svg "$S" --step 0 -o -
if [ "$rc" = 0 ] && ! grep -q 'data-changed' "$T/out" && [ "$(grep -c 'class="cell"' "$T/out")" = 512 ]; then
	ok svg-boot-state
else
	fail svg-boot-state "512 cells, none changed, at step 0 (exit $rc)"
fi
bv svg "$S" --cols 16 --width 800 -o "$T/c.svg"
if [ "$rc" = 0 ] && python3 -c 'import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$T/c.svg" &&
	grep -q 'width="800"' "$T/c.svg"; then
	ok svg-cols-width
else
	fail svg-cols-width "exit $rc" "$(cat "$T/err")"
fi
if command -v rsvg-convert >/dev/null 2>&1; then
	if rsvg-convert -o "$T/g.png" "$T/g.svg" 2>"$T/err" && [ -s "$T/g.png" ]; then
		ok svg-renders
	else
		fail svg-renders "rsvg-convert could not render it" "$(cat "$T/err")"
	fi
fi

# ---- bad inputs ---------------------------------------------------------------
# expect_bad NAME PATTERN ARGS...: exit 2, nothing on stdout, PATTERN on stderr.
expect_bad() {
	n=$1 pat=$2
	shift 2
	bv "$@"
	if [ "$rc" = 2 ] && [ ! -s "$T/out" ] && grep -q -e "$pat" "$T/err"; then
		ok "$n"
	else
		fail "$n" "exit $rc, expected 2 with '$pat'" "$(cat "$T/err")"
	fi
}
expect_bad bad-svg-step-past-end 'step 13 is past the end: .* has 12 steps' svg "$S" --step 13
expect_bad bad-svg-step-word "step takes a step number" svg "$S" --step five
expect_bad bad-svg-no-dir 'cannot write .*/nodir/x.svg: No such file or directory' svg "$S" -o "$T/nodir/x.svg"
expect_bad bad-html-no-dir 'cannot write .*/nodir/x.html: No such file or directory' html "$S" -o "$T/nodir/x.html"
expect_bad bad-record-no-dir 'cannot write .*/nodir/x.cast' record "$S" -o "$T/nodir/x.cast"
expect_bad bad-svg-no-scenario 'svg needs a scenario file' svg
expect_bad bad-svg-missing-file 'nope.yaml: cannot open' svg "$T/nope.yaml"
expect_bad bad-svg-option "unknown option '--frobnicate'" svg "$S" --frobnicate
expect_bad bad-svg-o-without-file '-o needs a value' svg "$S" -o
expect_bad bad-record-size "size takes COLUMNSxLINES" record "$S" --size 10x10
expect_bad bad-record-delay "delay takes seconds" record "$S" --delay -1
expect_bad bad-html-profile "unknown profile 'x'" html "$S" --profile x
printf 'name: [unclosed\n' >"$T/broken.yaml"
expect_bad bad-svg-broken-yaml 'broken.yaml:' svg "$T/broken.yaml" -o "$T/b.svg"
[ -e "$T/b.svg" ] && fail bad-svg-broken-no-file "a bad scenario left $T/b.svg behind" || ok bad-svg-broken-no-file
if [ "$(id -u)" != 0 ]; then
	touch "$T/ro.svg" && chmod 444 "$T/ro.svg"
	expect_bad bad-svg-unwritable 'cannot write .*ro.svg: Permission denied' svg "$S" -o "$T/ro.svg"
fi
if [ -w /dev/full ]; then
	expect_bad bad-svg-disk-full 'cannot write /dev/full' svg "$S" -o /dev/full
	expect_bad bad-html-disk-full 'cannot write /dev/full' html "$S" -o /dev/full
fi
expect_bad bad-record-live-no-file '--record needs a file name' --record
bv --record "$T/t.cast" "$S"
if [ "$rc" = 3 ] && grep -q 'needs a terminal' "$T/err" && [ ! -e "$T/t.cast" ]; then
	ok record-live-needs-terminal
else
	fail record-live-needs-terminal "exit $rc, expected 3 and no file" "$(cat "$T/err")"
fi
expect_bad bad-record-live-bad-scenario 'broken.yaml:' --record "$T/u.cast" "$T/broken.yaml"

# ---- record (headless) --------------------------------------------------------
bv record "$S" -o "$T/s.cast" --size 100x30 --delay 0.5
if [ "$rc" != 0 ]; then
	fail record-headless "exit $rc" "$(cat "$T/err")"
elif r=$(python3 tests/export/check_cast.py "$T/s.cast" "The first unmovable page claims two whole pageblocks" 100 30 2>&1); then
	ok record-headless
else
	fail record-headless "not a valid asciicast v2" "$r"
fi
# One frame per step: 12 steps, the first frame and the closing one; a
# step every 0.5 s, a say step held 0.5 s more (4 of them), the end 1 s.
nev=$(grep -c '^\[' "$T/s.cast")
last=$(tail -n 1 "$T/s.cast" | sed 's/^\[\([0-9.]*\),.*/\1/')
if [ "$nev" = 14 ] && [ "$last" = "9.000000" ]; then
	ok record-headless-timing
else
	fail record-headless-timing "$nev events ending at $last s; expected 14 ending at 9 s"
fi
grep -q 'step 12/12' "$T/s.cast" && ok record-headless-last-step || fail record-headless-last-step "no 'step 12/12' frame"
bv record "$S" --mono --size 80x24
if [ "$rc" = 0 ] && printf '%s\n' "$(cat "$T/out")" >"$T/m.cast" && python3 tests/export/check_cast.py "$T/m.cast" "" 80 24 >"$T/err" 2>&1; then
	ok record-headless-stdout-mono
else
	fail record-headless-stdout-mono "exit $rc" "$(cat "$T/err")"
fi
if command -v asciinema >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then
	# asciinema cat wants a terminal: give it one with script(1).
	if timeout 30 script -qec "LC_ALL=C.UTF-8 asciinema cat '$T/s.cast'" /dev/null >"$T/played" 2>&1 &&
		grep -q 'end of the scenario: step 12/12' "$T/played"; then
		ok record-asciinema-cat
	else
		fail record-asciinema-cat "asciinema cat did not replay it" "$(tail -c 400 "$T/played")"
	fi
fi

# ---- --record of a live session, and the x key, in tmux -------------------------
if command -v tmux >/dev/null 2>&1; then
	TM="tmux -L bvx$$"
	mkdir -p "$T/cwd"
	$TM -f /dev/null new-session -d -x 100 -y 30 -c "$T/cwd" \
		"TERM=xterm-256color $BUDDYVIZ --record $T/live.cast $HERE/$S; echo exit=\$? >$T/live.rc; sleep 30"
	sleep 1
	$TM send-keys n; sleep 0.3; $TM send-keys n; sleep 0.3; $TM send-keys x; sleep 0.5
	$TM capture-pane -p >"$T/screen"
	$TM resize-window -x 90 -y 28 2>/dev/null; sleep 0.5
	$TM send-keys q
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/live.rc" ] && break; sleep 0.3; done
	if grep -q 'exit=0' "$T/live.rc" 2>/dev/null &&
		python3 tests/export/check_cast.py "$T/live.cast" "step 2/12" 100 30 >"$T/err" 2>&1; then
		ok record-live
	else
		fail record-live "exit $(cat "$T/live.rc" 2>/dev/null), cast check" "$(cat "$T/err")"
	fi
	if grep -q '"r", "90x28"' "$T/live.cast"; then
		ok record-live-resize
	else
		fail record-live-resize "no resize event 90x28" "$(grep -c . "$T/live.cast") lines"
	fi
	f=$T/cwd/buddyviz-02a-first-unmovable-claims-step2.svg
	if grep -q 'written to buddyviz-02a-first-unmovable-claims-step2.svg' "$T/screen" && [ -s "$f" ] &&
		"$BUDDYVIZ" run "$S" --until 2 --dump blocks >"$T/blocks2" &&
		python3 tests/export/check_svg.py "$f" "$T/blocks2" 2 12 >"$T/err" 2>&1; then
		ok tui-key-x-svg
	else
		fail tui-key-x-svg "x did not write the step's SVG" "$(tail -n 3 "$T/screen"; cat "$T/err")"
	fi
	$TM kill-server 2>/dev/null
fi
exit 0
