#!/bin/sh
# Command-line contract checks (scenario-format.md section 4) and the
# engine purity rule of style.md. Run from the repository root by
# tests/run.sh; prints "ok NAME" or "FAIL NAME: why" (details indented).

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	if [ -n "$3" ]; then
		printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	fi
}
# bv ARGS...: runs buddyviz; sets rc, output in $T/out and $T/err.
bv() {
	timeout -k 2 20 "$BUDDYVIZ" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
# check NAME COND-DESCRIPTION: records the result of the last `test` chain.
# Usage: if COND; then ok NAME; else fail NAME "why" "$(cat $T/err)"; fi
errtxt() { head -n 8 "$T/err"; }
first_err_is_buddyviz() { head -n 1 "$T/err" | grep -q '^buddyviz: '; }
has_usage() { grep -qi '^ *usage:' "$T/err"; }

# A tiny machine (64 pages, grouping on) with one allocation and a failing
# expect at line 8, column 14.
cat >"$T/fail.yaml" <<'EOF'
name: cli test
machine:
  max_order: 4
  pageblock_order: 2
  zones: [{name: Normal, pages: 64}]
steps:
  - alloc: {type: unmovable, order: 2, tag: U}
  - expect: {pages_free: 0}
EOF
sed 's/pages_free: 0/pages_free: 60/' "$T/fail.yaml" >"$T/ok.yaml"
cat >"$T/bad.yaml" <<'EOF'
name: bad
no_such_key: 1
steps: []
EOF
OK=$T/ok.yaml
FAILY=$T/fail.yaml

# ---- help and version -----------------------------------------------------
bv --help
if [ "$rc" = 0 ] && grep -qi 'usage' "$T/out" && grep -q 'run' "$T/out" &&
	grep -q 'check' "$T/out" && [ ! -s "$T/err" ]; then
	ok help
else
	fail help "exit $rc; want 0, a usage text naming run and check on stdout, empty stderr" "$(errtxt)"
fi

bv --version
if [ "$rc" = 0 ] && head -n 1 "$T/out" | grep -q '^buddyviz .*[0-9]' && [ ! -s "$T/err" ]; then
	ok version
else
	fail version "exit $rc; want 0 and 'buddyviz VERSION' on stdout" "$(cat "$T/out" "$T/err")"
fi

# ---- argument errors: "buddyviz: MESSAGE", a usage line, exit 2 ----------
argerr() { # NAME ARGS...
	n=$1
	shift
	bv "$@"
	if [ "$rc" = 2 ] && first_err_is_buddyviz && has_usage && [ ! -s "$T/out" ]; then
		ok "$n"
	else
		fail "$n" "buddyviz $*: exit $rc; want 2, stderr 'buddyviz: ...' with a usage line, empty stdout" "$(errtxt)"
	fi
}
argerr unknown-option --no-such-option
argerr unknown-option-run run "$OK" --no-such-option
argerr unknown-option-run-before run --no-such-option "$OK"
argerr run-no-file run
argerr run-no-file-with-options run --dump stats
argerr check-no-file check
argerr unknown-dump run "$OK" --dump nosuch
argerr unknown-dump-in-list run "$OK" --dump=stats,nosuch
argerr dump-no-list run "$OK" --dump
argerr until-negative run "$OK" --until -1
argerr until-not-a-number run "$OK" --until x
argerr until-no-number run "$OK" --until
argerr unknown-profile run "$OK" --profile nosuch

# ---- dumps ------------------------------------------------------------------
bv run "$OK" --dump=buddyinfo,stats
cp "$T/out" "$T/eq1"
rc1=$rc
bv run "$OK" --dump buddyinfo,stats
if [ "$rc1" = 0 ] && [ "$rc" = 0 ] && [ -s "$T/out" ] && cmp -s "$T/eq1" "$T/out"; then
	ok dump-equals-forms
else
	fail dump-equals-forms "--dump=a,b (exit $rc1) and --dump a,b (exit $rc) differ or fail" \
		"$(diff "$T/eq1" "$T/out" | head; errtxt)"
fi

# Each dump alone, then all of them together: back to back, nothing between.
: >"$T/concat"
all=""
for d in buddyinfo pagetypeinfo blocks allocs stats; do
	bv run "$OK" --dump "$d"
	if [ "$rc" != 0 ] || [ ! -s "$T/out" ]; then
		fail "dump-$d" "exit $rc or empty output" "$(errtxt)"
	else
		ok "dump-$d"
	fi
	cat "$T/out" >>"$T/concat"
	cp "$T/out" "$T/dump.$d"
	all=${all:+$all,}$d
done
bv run "$OK" --dump "$all"
if [ "$rc" = 0 ] && cmp -s "$T/concat" "$T/out"; then
	ok dumps-back-to-back
else
	fail dumps-back-to-back "--dump $all is not the dumps one after another (exit $rc)" \
		"$(diff "$T/concat" "$T/out" | head)"
fi
bv run "$OK" --dump stats,buddyinfo,stats
cat "$T/dump.stats" "$T/dump.buddyinfo" "$T/dump.stats" >"$T/want"
if [ "$rc" = 0 ] && cmp -s "$T/want" "$T/out"; then
	ok dumps-in-given-order
else
	fail dumps-in-given-order "--dump stats,buddyinfo,stats: wrong order or separators (exit $rc)" \
		"$(diff "$T/want" "$T/out" | head)"
fi

# stats: the keys of section 6, in that order, integer values.
keys="pages_total pages_free pages_pcp allocs_live allocs_failed
blocks_unmovable blocks_movable blocks_reclaimable blocks_highatomic blocks_cma blocks_isolate
mixed_blocks fallback_events claim_events steal_events
compact_migrated compact_migrate_scanned compact_free_scanned
largest_free_order extfrag_index unusable_index"
# shellcheck disable=SC2086 # one key a line
printf '%s\n' $keys >"$T/want"
sed 's/: .*//' "$T/dump.stats" >"$T/got"
if cmp -s "$T/want" "$T/got" && ! grep -qv '^[a-z_]*: -\{0,1\}[0-9][0-9]*$' "$T/dump.stats"; then
	ok stats-keys
else
	fail stats-keys "stats dump keys/format differ from scenario-format.md section 6" \
		"$(diff "$T/want" "$T/got" | head; grep -v '^[a-z_]*: -\{0,1\}[0-9][0-9]*$' "$T/dump.stats" | head -3)"
fi
if head -n 1 "$T/dump.blocks" | grep -qx '# block start_pfn type free unmovable movable reclaimable' &&
	[ "$(wc -l <"$T/dump.blocks")" -eq 17 ]; then
	ok blocks-format
else
	fail blocks-format "want the section-6 header and 16 block lines" "$(head -3 "$T/dump.blocks")"
fi
if [ "$(cat "$T/dump.allocs")" = "# tag index pfn order type
U 0 0 2 Unmovable" ]; then
	ok allocs-format
else
	fail allocs-format "want header + 'U 0 0 2 Unmovable'" "$(cat "$T/dump.allocs")"
fi

# ---- option placement and --until ------------------------------------------
bv run "$OK" --until 1 --dump stats
cp "$T/out" "$T/after"
rc1=$rc
bv run --dump stats --until 1 "$OK"
if [ "$rc1" = 0 ] && [ "$rc" = 0 ] && [ -s "$T/out" ] && cmp -s "$T/after" "$T/out"; then
	ok options-before-file
else
	fail options-before-file "options before and after the file differ (exit $rc1/$rc)" "$(errtxt)"
fi
bv run --dump stats "$OK" --until 1
if [ "$rc" = 0 ] && cmp -s "$T/after" "$T/out"; then
	ok options-around-file
else
	fail options-around-file "options on both sides of the file (exit $rc)" "$(errtxt)"
fi

stat_of() { sed -n "s/^$1: //p" "$T/out"; }
bv run "$FAILY" --until 0 --dump stats
if [ "$rc" = 0 ] && [ "$(stat_of pages_free)" = 64 ] && [ "$(stat_of allocs_live)" = 0 ] &&
	[ ! -s "$T/err" ]; then
	ok until-0-boot-state
else
	fail until-0-boot-state "want exit 0, pages_free 64, allocs_live 0 (exit $rc)" "$(cat "$T/out" "$T/err" | head)"
fi
bv run "$FAILY" --until=1 --dump stats
if [ "$rc" = 0 ] && [ "$(stat_of pages_free)" = 60 ] && [ "$(stat_of allocs_live)" = 1 ]; then
	ok until-1
else
	fail until-1 "want exit 0 (the failing expect not reached), pages_free 60 (exit $rc)" "$(errtxt)"
fi
bv run "$FAILY" --until 99 --dump stats
if [ "$rc" = 1 ]; then
	ok until-beyond-end
else
	fail until-beyond-end "--until more than there are = all steps; want exit 1, got $rc" "$(errtxt)"
fi

# ---- expect failures: exit 1, FILE:LINE:COL, dumps still printed ------------
bv run "$FAILY" --dump stats
want="$FAILY:8:14: expect failed: pages_free: expected 0, got 60"
if [ "$rc" = 1 ] && [ "$(cat "$T/err")" = "$want" ] && [ "$(stat_of pages_free)" = 60 ]; then
	ok expect-failed
else
	fail expect-failed "want exit 1, stderr '$want' and the stats dump (exit $rc)" "$(cat "$T/err" "$T/out" | head)"
fi
bv run "$OK"
if [ "$rc" = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ]; then
	ok run-quiet
else
	fail run-quiet "run without --dump/--trace: want exit 0 and no output (exit $rc)" "$(cat "$T/out" "$T/err" | head)"
fi

# ---- --trace comes before the dumps -------------------------------------------
bv run "$OK" --trace --dump stats
n=$(wc -l <"$T/dump.stats")
if [ "$rc" = 0 ] && [ "$(wc -l <"$T/out")" -gt "$n" ] && tail -n "$n" "$T/out" | cmp -s - "$T/dump.stats"; then
	ok trace-before-dumps
else
	fail trace-before-dumps "want trace lines, then the stats dump last (exit $rc)" "$(head "$T/out")"
fi

# ---- --profile ---------------------------------------------------------------
# --profile no-grouping switches mobility grouping off (every block a request
# claims reads Unmovable, as set_pageblock_migratetype() stores it).
bv run scenarios/02c-grouping-on.yaml --profile no-grouping --until 2 --dump stats
if [ "$rc" = 0 ] && grep -q '^mixed_blocks: 16$' "$T/out" && grep -q '^blocks_unmovable: 16$' "$T/out"; then
	ok profile-no-grouping
else
	fail profile-no-grouping "exit $rc" "$(errtxt)"
fi
bv run "$OK" --profile=linux-6.12
if [ "$rc" = 0 ]; then ok profile-equals-form; else fail profile-equals-form "exit $rc" "$(errtxt)"; fi

# ---- files ---------------------------------------------------------------------
for sub in run check; do
	bv "$sub" "$T/missing.yaml"
	want="$T/missing.yaml: cannot open: No such file or directory"
	if [ "$rc" = 2 ] && [ "$(cat "$T/err")" = "$want" ] && [ ! -s "$T/out" ]; then
		ok "$sub-missing-file"
	else
		fail "$sub-missing-file" "want exit 2 and exactly '$want' (exit $rc)" "$(errtxt)"
	fi
done
bv check "$OK"
if [ "$rc" = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ]; then
	ok check-valid-silent
else
	fail check-valid-silent "exit $rc; want 0 and no output" "$(cat "$T/out" "$T/err" | head)"
fi
bv check "$OK" "$FAILY"
if [ "$rc" = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ]; then
	ok check-several-valid
else
	fail check-several-valid "exit $rc; want 0 and no output (check does not run expects)" "$(errtxt)"
fi
for sub in check run; do
	bv "$sub" "$T/bad.yaml"
	if [ "$rc" = 2 ] && grep -q "^$T/bad.yaml:2:1: " "$T/err" && [ ! -s "$T/out" ]; then
		ok "$sub-bad-file"
	else
		fail "$sub-bad-file" "want exit 2, '$T/bad.yaml:2:1: ...' on stderr, empty stdout (exit $rc)" "$(errtxt)"
	fi
done
bv check "$OK" "$T/bad.yaml" "$OK"
if [ "$rc" = 2 ] && [ "$(wc -l <"$T/err")" -ge 1 ] && ! grep -qv "^$T/bad.yaml:" "$T/err"; then
	ok check-mixed-files
else
	fail check-mixed-files "want exit 2 and errors for bad.yaml only (exit $rc)" "$(errtxt)"
fi
: >"$T/empty.yaml"
bv check "$T/empty.yaml"
if [ "$rc" = 2 ] && grep -q "^$T/empty.yaml" "$T/err"; then
	ok check-empty-file
else
	fail check-empty-file "an empty file is an error (section 7); exit $rc" "$(errtxt)"
fi

# ---- layering (style.md) ----------------------------------------------------------
# Comments are stripped first (a line of block comment, // comments) so that
# prose may name these functions.
strip_comments() {
	awk '{
		line = $0; out = ""
		while (length(line) > 0) {
			if (inc) {
				e = index(line, "*/")
				if (!e) { line = ""; break }
				line = substr(line, e + 2); inc = 0
			} else {
				s = index(line, "/*"); d = index(line, "//")
				if (d && (!s || d < s)) { out = out substr(line, 1, d - 1); line = ""; break }
				if (!s) { out = out line; line = ""; break }
				out = out substr(line, 1, s - 1); line = substr(line, s + 2); inc = 1
			}
		}
		print FILENAME ":" FNR ": " out
	}' "$@"
}
engine_files=$(ls src/engine/*.[ch] 2>/dev/null)
if [ -z "$engine_files" ]; then
	fail engine-purity "no sources in src/engine"
else
	# shellcheck disable=SC2086
	strip_comments $engine_files >"$T/engine.txt"
	inc=$(grep -E '#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?(n?curses|curses|ncursesw/[a-z]*|term|yaml|panel|menu|form)\.h' "$T/engine.txt"
		grep -E '#[[:space:]]*include[[:space:]]*"(\.\./)?(scenario|tui|report)/' "$T/engine.txt")
	if [ -z "$inc" ]; then
		ok engine-no-curses-yaml-includes
	else
		fail engine-no-curses-yaml-includes "src/engine includes curses, yaml or an upper layer" "$inc"
	fi
	io=$(grep -E '(^|[^_a-zA-Z0-9])(printf|fprintf|vprintf|vfprintf|dprintf|vdprintf|puts|fputs|putchar|fputc|putc|fwrite|fread|perror|fopen|fdopen|freopen|fflush|popen|getchar|fgets|scanf|fscanf|FILE|stdout|stderr|stdin|write|syslog)[[:space:]]*[(;,)*]' "$T/engine.txt")
	if [ -z "$io" ]; then
		ok engine-no-io
	else
		fail engine-no-io "src/engine does I/O (only snprintf into a caller's buffer is allowed)" "$io"
	fi
fi
other=$(ls src/*.c src/scenario/*.[ch] src/report/*.[ch] 2>/dev/null)
if [ -n "$other" ]; then
	# shellcheck disable=SC2086
	curses=$(strip_comments $other | grep -E '#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?(n?curses|term|panel)\.h')
	if [ -z "$curses" ]; then
		ok curses-only-in-tui
	else
		fail curses-only-in-tui "curses headers outside src/tui" "$curses"
	fi
fi
