#!/bin/sh
# The scenario library's rules (docs/teachers-guide.md): at least 20
# scenarios; each has a chapter line, a description, `say` captions,
# `pause` points and `expect` steps; every caption fits the two caption
# lines of an 80x24 terminal (146 characters, with "Next: " in front and
# room for word wrapping). Run from the repository root by tests/run.sh;
# prints "ok NAME" or "FAIL NAME: why".

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	return 0
}

n=$(ls scenarios/*.yaml | wc -l)
[ "$n" -ge 20 ] && ok "library has at least 20 scenarios ($n)" || fail "library has at least 20 scenarios" "$n"

bad=""
for f in scenarios/*.yaml; do
	miss=""
	grep -q '^chapter: ' "$f" || miss="$miss chapter"
	grep -q '^description: ' "$f" || miss="$miss description"
	grep -q '^ *- say: ' "$f" || miss="$miss say"
	grep -q '^ *- pause *$' "$f" || miss="$miss pause"
	grep -q '^ *- expect: ' "$f" || miss="$miss expect"
	[ -z "$miss" ] || bad="$bad$f: no$miss
"
done
[ -z "$bad" ] && ok "library scenarios have chapter, description, say, pause and expect" ||
	fail "library scenarios have chapter, description, say, pause and expect" "" "$bad"

long=$(grep -n '^ *- say: ' scenarios/*.yaml | awk '{
	s = $0; sub(/^[^:]*:[0-9]*: *- say: */, "", s); sub(/^"/, "", s); sub(/"$/, "", s)
	if (length(s) > 146) print $1 " " length(s) " characters"
}')
[ -z "$long" ] && ok "library captions fit two lines at 80 columns" || fail "library captions fit two lines at 80 columns" "" "$long"
