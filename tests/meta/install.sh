#!/bin/sh
# `make install` / `make uninstall` with DESTDIR, the installed scenario
# library (`--list`, scenario NAMEs) and the man page. Run from the
# repository root by tests/run.sh; prints "ok NAME" or "FAIL NAME: why".

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-install.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	return 0
}

# Every scenario file's stem and `name:`, as --list must show them: sorted
# by file name, each run of files with the same `chapter:` headed by
# "Chapter TEXT" (a blank line before every heading but the first), each
# scenario on a line "  STEM<padding>  TITLE".
width=0
for f in scenarios/*.yaml; do
	stem=${f##*/}
	stem=${stem%.yaml}
	[ ${#stem} -gt $width ] && width=${#stem}
done
prev="" first=1
for f in $(ls scenarios/*.yaml | sort); do
	stem=${f##*/}
	stem=${stem%.yaml}
	title=$(sed -n 's/^name: *//p' "$f" | head -n 1 | sed 's/^"\(.*\)"$/\1/')
	chap=$(sed -n 's/^chapter: *//p' "$f" | head -n 1 | sed 's/^"\(.*\)"$/\1/')
	if [ -n "$chap" ] && [ "$chap" != "$prev" ]; then
		[ $first = 1 ] || echo
		echo "Chapter $chap"
	fi
	first=0 prev=$chap
	printf '  %-*s  %s\n' "$width" "$stem" "$title"
done >"$T/want"

# --list from the source tree (scenarios/ beside the binary), via BUDDYVIZ_PATH.
BUDDYVIZ_PATH=$(pwd)/scenarios timeout 20 "$BUDDYVIZ" --list >"$T/list" 2>"$T/err"
rc=$?
if [ $rc = 0 ] && cmp -s "$T/want" "$T/list"; then
	ok list_shows_every_scenario_by_chapter
else
	fail list_shows_every_scenario_by_chapter "exit $rc" "$(diff "$T/want" "$T/list"; cat "$T/err")"
fi
# Every shipped scenario names its chapter, and the files of one chapter
# number (the two digits that start the file name) share one chapter line.
bad_ch=$(for f in scenarios/*.yaml; do
	n=${f##*/}
	n=$(echo "$n" | cut -c1-2)
	printf '%s\t%s\n' "$n" "$(sed -n 's/^chapter: *//p' "$f" | head -n 1)"
done | sort -u | awk -F '\t' '$2 == "" || seen[$1]++ { print }')
if [ -z "$bad_ch" ]; then ok chapters_one_per_number; else fail chapters_one_per_number "missing or differing chapter lines" "$bad_ch"; fi

# NAME lookup: exact, prefix, word, ambiguous, unknown.
bvp() { BUDDYVIZ_PATH=$(pwd)/scenarios timeout 20 "$BUDDYVIZ" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }
bvp run 02a-first-unmovable-claims --dump stats
cp "$T/out" "$T/exact"
timeout 20 "$BUDDYVIZ" run scenarios/02a-first-unmovable-claims.yaml --dump stats >"$T/file" 2>/dev/null
if [ $rc = 0 ] && [ -s "$T/exact" ] && cmp -s "$T/exact" "$T/file"; then ok name_exact; else fail name_exact "exit $rc" "$(cat "$T/err")"; fi
bvp run 02a --dump stats
if [ $rc = 0 ] && cmp -s "$T/out" "$T/file"; then ok name_prefix; else fail name_prefix "exit $rc" "$(cat "$T/err")"; fi
bvp run first-unmovable --dump stats
if [ $rc = 0 ] && cmp -s "$T/out" "$T/file"; then ok name_word; else fail name_word "exit $rc" "$(cat "$T/err")"; fi
bvp run 03
if [ $rc = 2 ] && grep -q "^buddyviz: scenario name '03' is ambiguous: 03a-steal-not-claim, 03b-half-block-claim, 03c-" "$T/err"; then
	ok name_ambiguous
else
	fail name_ambiguous "exit $rc" "$(cat "$T/err")"
fi
bvp no-such-scenario-name
if [ $rc = 2 ] && grep -q "no scenario file or installed scenario named 'no-such-scenario-name'.*buddyviz --list" "$T/err" &&
	[ ! -s "$T/out" ]; then
	ok name_unknown
else
	fail name_unknown "exit $rc" "$(cat "$T/err")"
fi
bvp --list extra
if [ $rc = 2 ] && grep -q '^buddyviz: --list takes nothing' "$T/err"; then ok list_extra_arg; else fail list_extra_arg "exit $rc" "$(cat "$T/err")"; fi
BUDDYVIZ_PATH=$T/empty timeout 20 "$BUDDYVIZ" --list >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 2 ] && grep -q "no scenarios found in $T/empty" "$T/err"; then ok list_empty; else fail list_empty "exit $rc" "$(cat "$T/err")"; fi

# make install / uninstall into a DESTDIR (the default PREFIX, so the
# binary under test is not rebuilt).
if ! command -v make >/dev/null 2>&1; then
	ok install_skipped_no_make
else
	D=$T/dest
	make -s install DESTDIR="$D" >"$T/out" 2>&1
	rc=$?
	p=$D/usr/local
	n_want=$(ls scenarios/*.yaml | wc -l)
	n_got=$(ls "$p/share/buddyviz/scenarios/"*.yaml 2>/dev/null | wc -l)
	if [ $rc = 0 ] && [ -x "$p/bin/buddyviz" ] && [ -f "$p/share/man/man1/buddyviz.1" ] && [ "$n_got" = "$n_want" ]; then
		ok install_destdir
	else
		fail install_destdir "exit $rc, $n_got of $n_want scenarios" "$(cat "$T/out"; find "$D" | head)"
	fi
	BUDDYVIZ_PATH=$p/share/buddyviz/scenarios timeout 20 "$p/bin/buddyviz" --list >"$T/list2" 2>&1
	if [ $? = 0 ] && cmp -s "$T/list" "$T/list2"; then ok installed_list; else fail installed_list "differs" "$(diff "$T/list" "$T/list2")"; fi
	make -s install DESTDIR="$D" PREFIX=/opt/bv >"$T/out" 2>&1
	if [ -f "$D/opt/bv/share/buddyviz/scenarios/00-tour.yaml" ] && [ -f "$D/opt/bv/share/man/man1/buddyviz.1" ]; then
		ok install_prefix
	else
		fail install_prefix "files missing under PREFIX=/opt/bv" "$(cat "$T/out")"
	fi
	make -s uninstall DESTDIR="$D" >"$T/out" 2>&1
	make -s uninstall DESTDIR="$D" PREFIX=/opt/bv >>"$T/out" 2>&1
	left=$(find "$D" -type f | head -n 5)
	if [ -z "$left" ]; then ok uninstall_removes_everything; else fail uninstall_removes_everything "files left" "$left"; fi
	# PREFIX=/opt/bv rebuilt the library object: build the default back.
	make -s buddyviz >/dev/null 2>&1
fi

# The man page renders without warnings and names every command.
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -P-cbou -ww docs/buddyviz.1 >"$T/man" 2>"$T/err"
	if [ ! -s "$T/err" ] && grep -q 'buddyviz run' "$T/man" && grep -q -- '--list' "$T/man" &&
		grep -q 'EXIT STATUS' "$T/man"; then
		ok man_page_renders
	else
		fail man_page_renders "groff warnings or missing sections" "$(cat "$T/err")"
	fi
else
	ok man_page_skipped_no_groff
fi
