#!/bin/sh
# Runs every test level of buddyviz from the repository root (`make test`).
#
#   unit      ${UNIT:-build/unit_tests}, last line "unit: N passed, N failed"
#   golden    tests/golden/NAME.cmd: args for buddyviz; NAME.out = stdout,
#             NAME.err = stderr (compared only if present), NAME.rc = exit (0)
#   bad       tests/bad/NAME.yaml + NAME.err: check and run exit 2 with that stderr;
#             tests/bad/compare/NAME.args + NAME.err: the same for `compare ARGS`
#   scenario  scenarios/*.yaml: `run` exits 0, `check` is silent
#   screen    tests/screen/*.sh (tmux): lines "ok NAME" / "FAIL NAME: why"
#   meta      tests/meta/*.sh (CLI contract, robustness): same line protocol
#   model     tests/model/diff.py: random scenarios, buddyviz against the
#             independent Python model (MODEL_SEEDS, 40 by default)
#   live      tests/live/*.sh (real machines: parsers, capture, import): same
#
# The last line is always "N passed, N failed" (totals); exit 1 if anything
# failed. Environment: BUDDYVIZ (./buddyviz), UNIT, VERBOSE=1 shows every
# "ok" line, ONLY=LEVEL[,LEVEL] runs only those levels.

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
UNIT=${UNIT:-build/unit_tests}
export BUDDYVIZ UNIT
# Every process gets a time limit, so that nothing can hang `make test`.
TMO=${TEST_TIMEOUT:-60}
# Sanitizer builds: report and fail at the first error. LeakSanitizer stays
# on; where it cannot run (under ptrace), set ASAN_OPTIONS=detect_leaks=0.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS
LC_ALL=C
export LC_ALL

pass=0
fail=0
skipped=0   # "skip NAME: why" lines of the scripts (a tool that could not be installed)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ok() { pass=$((pass + 1)); [ -n "$VERBOSE" ] && printf 'ok %s\n' "$1"; return 0; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; }
# Text indented under a FAIL line.
detail() { sed -e 's/^/    /' | head -n "${1:-20}"; }
# showdiff WHAT EXPECTED GOT: the first lines of a unified diff, indented.
showdiff() {
	printf '    %s (- expected, + got):\n' "$1"
	diff -u "$2" "$3" | sed '1,2d' | detail 20
}
# Which levels run.
want() { [ -z "$ONLY" ] && return 0; case ",$ONLY," in *",$1,"*) return 0;; esac; return 1; }
# capture SECONDS CMD...: runs CMD with a time limit; stdout, stderr and
# exit status go to $tmp/out, $tmp/err and $tmp/rc.
capture() {
	t=$1
	shift
	timeout -k 5 "$t" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
}
# rcname STATUS: an exit status with what it means (after capture).
rcname() {
	if [ "$1" -eq 124 ]; then echo "124 (timed out after ${t}s)"
	elif [ "$1" -ge 125 ] && [ "$1" -le 127 ]; then echo "$1 (could not run)"
	elif [ "$1" -gt 128 ]; then echo "$1 (killed by signal $(($1 - 128)))"
	else echo "$1"
	fi
}
level_start() { lp=$pass; lf=$fail; }
level_end() { printf '%s: %d passed, %d failed\n' "$1" $((pass - lp)) $((fail - lf)); }

if [ ! -x "$BUDDYVIZ" ]; then
	bad "setup: $BUDDYVIZ is missing or not executable (run make)"
else
	# Test a private copy, so that a rebuild in the tree during the run
	# cannot pull the binary away underneath the tests.
	cp "$BUDDYVIZ" "$tmp/buddyviz" && BUDDYVIZ=$tmp/buddyviz
fi
if [ -x "$UNIT" ]; then
	cp "$UNIT" "$tmp/unit_tests" && UNIT=$tmp/unit_tests
fi

# ---- (a) unit tests -------------------------------------------------------
if want unit; then
	level_start
	if [ ! -x "$UNIT" ]; then
		bad "unit: $UNIT is missing (run make test)"
	else
		capture "${UNIT_TIMEOUT:-300}" "$UNIT"
		rc=$(cat "$tmp/rc")
		last=$(tail -n 1 "$tmp/out")
		np=$(printf '%s\n' "$last" | sed -n 's/^unit: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
		nf=$(printf '%s\n' "$last" | sed -n 's/^unit: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
		if [ -z "$np" ]; then
			bad "unit: no summary line (exit $(rcname "$rc"))"
			cat "$tmp/out" "$tmp/err" | tail -n 20 | detail
		else
			pass=$((pass + np))
			fail=$((fail + nf))
			if [ "$nf" -gt 0 ]; then
				grep -h '^FAIL' "$tmp/err" "$tmp/out" | head -n 40
			fi
			if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
				bad "unit: exit $(rcname "$rc") with 0 failed"
				tail -n 20 "$tmp/err" | detail
			fi
		fi
	fi
	level_end unit
fi

# ---- (b) golden tests -----------------------------------------------------
if want golden; then
	level_start
	for cmd in tests/golden/*.cmd; do
		[ -e "$cmd" ] || continue
		base=${cmd%.cmd}
		name=${base##*/}
		if [ ! -f "$base.out" ]; then
			bad "golden $name: $base.out is missing"
			continue
		fi
		set -f
		# shellcheck disable=SC2046 # the .cmd file holds words
		capture "$TMO" "$BUDDYVIZ" $(cat "$cmd")
		set +f
		rc=$(cat "$tmp/rc")
		want_rc=0
		[ -f "$base.rc" ] && want_rc=$(tr -d ' \n' <"$base.rc")
		why=""
		cmp -s "$base.out" "$tmp/out" || why="stdout differs"
		if [ -f "$base.err" ] && ! cmp -s "$base.err" "$tmp/err"; then
			why="${why:+$why, }stderr differs"
		fi
		[ "$rc" = "$want_rc" ] || why="${why:+$why, }exit $(rcname "$rc"), expected $want_rc"
		if [ -z "$why" ]; then
			ok "golden $name"
		else
			bad "golden $name: $why"
			cmp -s "$base.out" "$tmp/out" || showdiff stdout "$base.out" "$tmp/out"
			if [ -f "$base.err" ]; then
				cmp -s "$base.err" "$tmp/err" || showdiff stderr "$base.err" "$tmp/err"
			elif [ "$rc" != "$want_rc" ]; then
				detail 10 <"$tmp/err"
			fi
		fi
	done
	level_end golden
fi

# ---- (c) bad-input tests --------------------------------------------------
if want bad; then
	level_start
	for y in tests/bad/*.yaml; do
		[ -e "$y" ] || continue
		base=${y%.yaml}
		name=${base##*/}
		[ -f "$base.err" ] || continue
		why=""
		for sub in check run; do
			capture "$TMO" "$BUDDYVIZ" "$sub" "$y"
			rc=$(cat "$tmp/rc")
			w=""
			[ "$rc" = 2 ] || w="exit $(rcname "$rc"), expected 2"
			cmp -s "$base.err" "$tmp/err" || w="${w:+$w, }stderr differs"
			[ -s "$tmp/out" ] && w="${w:+$w, }stdout not empty"
			if [ -n "$w" ]; then
				why="${why:+$why; }$sub: $w"
				cp "$tmp/err" "$tmp/err.$sub"
				cp "$tmp/out" "$tmp/out.$sub"
			fi
		done
		if [ -z "$why" ]; then
			ok "bad $name"
		else
			bad "bad $name: $why"
			for sub in check run; do
				[ -f "$tmp/err.$sub" ] || continue
				cmp -s "$base.err" "$tmp/err.$sub" || showdiff "$sub stderr" "$base.err" "$tmp/err.$sub"
				detail 5 <"$tmp/out.$sub"
				rm -f "$tmp/err.$sub" "$tmp/out.$sub"
				break
			done
			rm -f "$tmp/err.run" "$tmp/out.run"
		fi
	done
	# `compare`'s command line: tests/bad/compare/NAME.args (one argument a
	# line, after the word compare) + NAME.err: exit 2, that stderr, no stdout.
	for a in tests/bad/compare/*.args; do
		[ -e "$a" ] || continue
		base=${a%.args}
		set --
		while IFS= read -r x; do set -- "$@" "$x"; done <"$a"
		capture "$TMO" "$BUDDYVIZ" compare "$@"
		rc=$(cat "$tmp/rc")
		w=""
		[ "$rc" = 2 ] || w="exit $(rcname "$rc"), expected 2"
		cmp -s "$base.err" "$tmp/err" || w="${w:+$w, }stderr differs"
		[ -s "$tmp/out" ] && w="${w:+$w, }stdout not empty"
		if [ -z "$w" ]; then
			ok "bad compare ${base##*/}"
		else
			bad "bad compare ${base##*/}: $w"
			cmp -s "$base.err" "$tmp/err" || showdiff "stderr" "$base.err" "$tmp/err"
		fi
	done
	level_end bad
fi

# ---- (d) shipped scenarios ------------------------------------------------
if want scenario; then
	level_start
	for y in scenarios/*.yaml; do
		[ -e "$y" ] || continue
		name=${y##*/}
		why=""
		capture "$TMO" "$BUDDYVIZ" check "$y"
		rc=$(cat "$tmp/rc")
		if [ "$rc" != 0 ] || [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
			why="check: exit $(rcname "$rc")$( [ -s "$tmp/out" ] && echo ', stdout not empty')$( [ -s "$tmp/err" ] && echo ', stderr not empty')"
			cp "$tmp/err" "$tmp/err.check"
		fi
		capture "${SCENARIO_TIMEOUT:-120}" "$BUDDYVIZ" run "$y"
		rc=$(cat "$tmp/rc")
		[ "$rc" = 0 ] || why="${why:+$why; }run: exit $(rcname "$rc")"
		if [ -z "$why" ]; then
			ok "scenario $name"
		else
			bad "scenario $name: $why"
			{ cat "$tmp/err.check" 2>/dev/null; cat "$tmp/err"; } | detail 20
		fi
		rm -f "$tmp/err.check"
	done
	# Every invariant (machine_check) after every step of every small
	# scenario we ship or test with, through the fuzz target's code.
	REPLAY=${REPLAY:-build/tools/fuzz_replay}
	if [ -x "$REPLAY" ]; then
		for y in scenarios/*.yaml tests/golden/*.yaml tests/fuzz/corpus/*.yaml; do
			[ -e "$y" ] || continue
			capture "${SCENARIO_TIMEOUT:-120}" "$REPLAY" "$y"
			if [ "$(cat "$tmp/rc")" = 0 ]; then
				ok "invariants ${y#tests/}"
			else
				bad "invariants $y: exit $(rcname "$(cat "$tmp/rc")")"
				detail 10 <"$tmp/err"
			fi
		done
	else
		bad "invariants: $REPLAY is missing (run make test)"
	fi
	level_end scenario
fi

# ---- independent model: random scenarios, buddyviz against tests/model ---
# A Python model of the kernel rules written from the spec and the kernel
# source only (tests/model/README.md). Each seed is one random scenario with
# every modelled feature; its five dumps and exit status must be identical.
if want model; then
	level_start
	if ! python3 -c 'import yaml' 2>/dev/null; then
		bad "model: python3 with PyYAML is missing (tools/deps.sh installs python3-yaml)"
	else
		capture "${MODEL_TIMEOUT:-600}" python3 tests/model/diff.py --bin "$BUDDYVIZ" \
			--n "${MODEL_SEEDS:-40}" --start "${MODEL_START:-1}" --quiet --faildir "$tmp/model-fail" \
			--features core,compact,isolate,highatomic,cma,nogroup
		sum=$(sed -n 's/^features=.* seeds [0-9.]*: \([0-9]*\) agree, \([0-9]*\) differ, \([0-9]*\) rejected.*/\1 \2 \3/p' "$tmp/out")
		if [ -z "$sum" ]; then
			bad "model: no summary (exit $(rcname "$(cat "$tmp/rc")"))"
			tail -n 10 "$tmp/out" "$tmp/err" | detail
		else
			set -- $sum
			pass=$((pass + $1))
			fail=$((fail + $2 + $3))
			[ "$2" -gt 0 ] || [ "$3" -gt 0 ] && grep -A5 'DIFF\|rejected' "$tmp/out" | head -n 40
		fi
	fi
	level_end model
fi

# ---- line-protocol scripts: screen (e) and meta (f, g) -------------------
# run_script LEVEL FILE: counts "ok ..." and "FAIL ..." lines; a script that
# exits non-zero without a FAIL line, or reports nothing, is one failure.
run_script() {
	sname=$2
	shell="sh"
	head -n 1 "$2" | grep -q bash && shell=bash
	capture "${SCRIPT_TIMEOUT:-600}" "$shell" "$2"
	rc=$(cat "$tmp/rc")
	np=$(grep -c '^ok ' "$tmp/out")
	nf=$(grep -c '^FAIL' "$tmp/out")
	ns=$(grep -c '^skip ' "$tmp/out")
	skipped=$((skipped + ns))
	grep '^skip ' "$tmp/out"
	pass=$((pass + np))
	fail=$((fail + nf))
	if [ -n "$VERBOSE" ]; then
		cat "$tmp/out"
	elif [ "$nf" -gt 0 ]; then
		# FAIL lines and the indented detail lines under them.
		awk -v f="$2" '/^FAIL/ { show = 1; n = 0; print $0 "  [" f "]"; next }
		     /^ok / { show = 0; next }
		     show && n++ < 20 { print }' "$tmp/out"
	fi
	if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
		bad "$1 $sname: exit $(rcname "$rc") without a FAIL line"
		tail -n 10 "$tmp/err" | detail
	elif [ "$np" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$ns" -eq 0 ]; then
		bad "$1 $sname: reported no results"
		tail -n 10 "$tmp/err" | detail
	fi
}

if want screen; then
	level_start
	have_tmux=yes
	command -v tmux >/dev/null 2>&1 || have_tmux=""
	# Screen scripts start their own tmux server; give them a terminal type
	# even where CI has none.
	: "${TERM:=xterm-256color}"
	[ "$TERM" = dumb ] && TERM=xterm-256color
	export TERM
	for s in tests/screen/*.sh; do
		[ -e "$s" ] || continue
		if [ -z "$have_tmux" ]; then
			bad "screen $s: skipped, tmux is not installed (sh tools/deps.sh)"
			continue
		fi
		run_script screen "$s"
	done
	level_end screen
fi

if want meta; then
	level_start
	for s in tests/meta/*.sh; do
		[ -e "$s" ] || continue
		run_script meta "$s"
	done
	level_end meta
fi

if want live; then
	level_start
	for s in tests/live/*.sh; do
		[ -e "$s" ] || continue
		run_script live "$s"
	done
	level_end live
fi

[ "$skipped" -gt 0 ] && printf '%d skipped (see the skip lines above)\n' "$skipped"
printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
