#!/bin/sh
# Usage errors of live, capture and import: "buddyviz: MESSAGE" and the
# usage on stderr, exit 2, nothing on stdout; --help names the verbs.
BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-livecli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; [ -n "$3" ] && printf '%s\n' "$3" | head -n 10 | sed 's/^/    /'; }
bv() {
	timeout -k 2 20 "$BUDDYVIZ" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
# usage NAME 'first stderr line' ARGS...
usage() {
	name=$1
	want=$2
	shift 2
	bv "$@"
	if [ "$rc" = 2 ] && [ ! -s "$T/out" ] && [ "$(head -n 1 "$T/err")" = "$want" ] &&
		grep -q '^ *buddyviz live \[--from DIR\]' "$T/err"; then
		ok "usage: $name"
	else
		fail "usage: $name" "exit $rc" "$(cat "$T/out" "$T/err")"
	fi
}
usage "live --bogus" "buddyviz: unknown option '--bogus'" live --bogus
usage "live FILE" "buddyviz: live takes no file; did you mean --from x?" live x
usage "live --from without a directory" "buddyviz: --from needs a directory (one that buddyviz capture wrote)" live --from
usage "live --interval 0" "buddyviz: --interval takes seconds from 0.1 to 3600, not '0'" live --interval 0
usage "live --interval abc" "buddyviz: --interval takes seconds from 0.1 to 3600, not 'abc'" live --interval=abc
usage "live --interval without a value" "buddyviz: --interval needs a number of seconds" live --interval
usage "capture without a directory" "buddyviz: capture needs a directory to write" capture
usage "capture two directories" "buddyviz: capture takes one directory, got a second: 'b'" capture a b
usage "capture --x" "buddyviz: capture takes no option '--x'" capture --x
usage "import -o without a file" "buddyviz: -o needs a file name" import -o
usage "import two directories" "buddyviz: import takes one directory, got a second: 'b'" import a b
usage "import --bogus" "buddyviz: unknown option '--bogus'" import --bogus

bv live --from "$T/nope" --once
if [ "$rc" = 2 ] && [ "$(cat "$T/err")" = "$T/nope: cannot open: No such file or directory" ]; then
	ok "live --from a missing directory"
else
	fail "live --from a missing directory" "exit $rc" "$(cat "$T/err")"
fi
mkdir "$T/empty"
bv live --from "$T/empty" --once
if [ "$rc" = 2 ] && [ "$(cat "$T/err")" = "$T/empty/buddyinfo: No such file or directory" ]; then
	ok "live --from a directory without buddyinfo"
else
	fail "live --from a directory without buddyinfo" "exit $rc" "$(cat "$T/err")"
fi
bv import "$T/empty"
if [ "$rc" = 2 ] && [ ! -s "$T/out" ] && [ "$(cat "$T/err")" = "$T/empty/buddyinfo: No such file or directory" ]; then
	ok "import of a directory without buddyinfo"
else
	fail "import of a directory without buddyinfo" "exit $rc" "$(cat "$T/err")"
fi
bv --help
if [ "$rc" = 0 ] && grep -q '^  live ' "$T/out" && grep -q '^  capture DIR' "$T/out" && grep -q '^  import \[DIR\]' "$T/out"; then
	ok "--help describes live, capture and import"
else
	fail "--help describes live, capture and import" "exit $rc" "$(cat "$T/out")"
fi
