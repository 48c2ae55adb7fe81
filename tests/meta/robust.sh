#!/bin/sh
# Robustness of the scenario loader: `buddyviz check` on ~200 deterministic
# mutations of the shipped scenarios plus hand-made nasty inputs (truncated
# files, binary junk, very long lines, deep nesting, alias bombs). Every run
# must end by itself within 10 s with exit 0 (silent) or 2 (errors on stderr
# that start with the file name), never a crash. Prints "ok NAME" /
# "FAIL NAME: why". ROBUST_N sets the number of mutations (200).

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
N=${ROBUST_N:-200}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-robust.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

# try NAME FILE: runs check on FILE and judges the outcome.
try() {
	timeout -k 2 10 "$BUDDYVIZ" check "$2" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	why=""
	case $rc in
	0) [ -s "$T/out" ] || [ -s "$T/err" ] && why="exit 0 but printed something";;
	2)
		[ -s "$T/out" ] && why="stdout not empty"
		if [ ! -s "$T/err" ]; then
			why="exit 2 with an empty stderr"
		elif ! awk -v p="$2:" 'index($0, p) != 1 { bad = 1 } END { exit bad }' "$T/err"; then
			why="an error line does not start with '$2:'"
		fi
		;;
	124 | 137) why="hang: no exit within 10 s";;
	*)
		if [ "$rc" -gt 128 ]; then
			why="crash: killed by signal $((rc - 128))"
		else
			why="exit $rc, expected 0 or 2"
		fi
		;;
	esac
	if [ -z "$why" ]; then
		echo "ok robust $1"
	else
		echo "FAIL robust $1: $why"
		# Keep the input for a bug report.
		keep=${TMPDIR:-/tmp}/buddyviz-robust-fail-$1.yaml
		cp "$2" "$keep" 2>/dev/null && echo "    input kept as $keep"
		head -c 600 "$T/err" | head -n 6 | sed 's/^/    /'
	fi
}

# ---- a seed that touches every step kind and machine key -------------------
cat >"$T/seed-all.yaml" <<'EOF'
name: every key
description: |
  Two lines of
  description.
machine:
  profile: linux-6.12
  pageblock_order: 2
  max_order: 4
  pcp: false
  watermarks: false
  seed: 18446744073709551615
  cma: [2, 3]
  zones:
    - name: DMA
      pages: 64
    - name: Normal
      size: 1MiB
      start_pfn: 128
steps:
  - say: "hello"
  - pause
  - alloc: {type: unmovable, order: 1, count: 3, tag: U, flags: [highatomic], zone: DMA}
  - alloc: {type: movable, order: 0, count: 2, tag: M-1.x, flags: [cma]}
  - free: {tag: U, every: 2, offset: 1}
  - free: {tag: U, first: 1}
  - free: {tag: M-1.x, index: [0, 1]}
  - free: {tag: U, random: 0.5}
  - free: {pfn: 3}
  - steal: {type: reclaimable, from: movable, order: 0, count: 1, tag: S}
  - compact: {order: -1, mode: sync, max_migrate: 32, zone: Normal}
  - reclaim: {pages: 4}
  - isolate: {blocks: [4, 5]}
  - unisolate: {blocks: [4, 5]}
  - workload: {ops: 100, mix: {unmovable: 0.1, movable: .8, reclaimable: 1e-1}, orders: {0: 1, 2: 0.5}, free_ratio: 0.5, tag: w}
  - repeat:
      times: 2
      steps:
        - repeat: {times: 3, steps: [{alloc: {type: movable}}, pause]}
  - expect: {pages_total: 320, largest_free_order: -1, extfrag_index: -1000}
EOF

# ---- mutations: a deterministic Park-Miller generator in awk ---------------
cat >"$T/mutate.awk" <<'EOF'
function rnd(n) { x = (x * 16807) % 2147483647; return x % n }
function pick(s,   a, k) { k = split(s, a, "|"); return a[rnd(k) + 1] }
BEGIN {
	x = seed * 7919 + 1
	words = "alloc|free|steal|compact|reclaim|isolate|unisolate|workload|repeat|expect|say|pause|type|order|count|tag|flags|zone|every|offset|first|last|index|random|pfn|from|mode|max_migrate|pages|blocks|ops|mix|orders|free_ratio|times|steps|name|machine|zones|size|start_pfn|profile|pageblock_order|max_order|pcp|watermarks|seed|cma|unmovable|movable|reclaimable|highatomic|any|sync|async|sync_light|Normal|DMA|DMA32|true|false|null|~|yes|no-grouping|linux-6.12|description"
	values = "0|-1|1|-0|1e309|-1e309|nan|inf|.inf|0x10|010|1.5|18446744073709551616|99999999999999999999999|-9223372036854775809|4294967297|1000000000|100000000|1e-400|0.0000001|\"1\"|''|[]|{}|[1, 2]|256GiB|257GiB|1TiB|16EiB|4KiB|3|11|10|9|2|~|null|true|\"\"|'\\x00'|\"\\u0000\"|*a|&a 1"
	chars = ":|{|}|[|]|,|-|#|&|*|!|%|@|`|\"|'|?|>|\\t| |\\\\|\\n"
	snips = "---|...|%YAML 1.1|%TAG ! tag:x:|&a [1, 2]|<<: *a|? complex|!!binary aGVsbG8=|!!str 1|- [[[[]]]]|  - alloc: {type: movable, count: 100000000}|  - repeat: {times: 1000000, steps: [{workload: {ops: 100000000}}]}|  - free: {tag: U, every: 0}|  - free: {tag: U, first: 1, last: 1}|  - steal: {type: movable, from: movable}|  - expect: {nosuch: 1}|  - isolate: {blocks: [5, 4]}|x: 'unterminated|y: \"unterminated|z: [1, 2|{a: 1, a: 2}|\t- tab|  - alloc:|  -|- - - -|name: second|steps: []|machine: {zones: []}|machine: {zones: [{name: Normal, pages: 1}]}"
}
{ line[NR] = $0 }
END {
	n = NR
	if (n == 0) { line[1] = ""; n = 1 }
	m = 1 + rnd(3)
	for (k = 0; k < m; k++) {
		op = rnd(11); i = 1 + rnd(n); s = line[i]
		if (op == 0 && n > 1) {                       # delete a line
			for (j = i; j < n; j++) line[j] = line[j + 1]
			n--
		} else if (op == 1) {                         # duplicate a line
			for (j = n; j >= i; j--) line[j + 1] = line[j]
			n++
		} else if (op == 2) {                         # swap two lines
			j = 1 + rnd(n); t = line[i]; line[i] = line[j]; line[j] = t
		} else if (op == 3) {                         # replace a number or word value
			if (match(s, /-?[0-9][0-9.]*/))
				line[i] = substr(s, 1, RSTART - 1) pick(values) substr(s, RSTART + RLENGTH)
			else if (match(s, /: [^ ,}\]]+/))
				line[i] = substr(s, 1, RSTART + 1) pick(values) substr(s, RSTART + RLENGTH)
			else
				line[i] = s " " pick(values)
		} else if (op == 4) {                         # insert a character
			p = rnd(length(s) + 1)
			c = pick(chars); if (c == "\\t") c = "\t"; if (c == "\\n") c = "\n"
			line[i] = substr(s, 1, p) c substr(s, p + 1)
		} else if (op == 5) {                         # delete a few characters
			p = rnd(length(s) + 1); line[i] = substr(s, 1, p) substr(s, p + 1 + rnd(6))
		} else if (op == 6) {                         # re-indent
			r = rnd(4)
			if (r == 0) line[i] = "  " s
			else if (r == 1) { sub(/^  /, "", s); line[i] = s }
			else if (r == 2) line[i] = "\t" s
			else line[i] = " " s
		} else if (op == 7) {                         # swap a word for another key or value
			if (match(s, /[a-z_]+/))
				line[i] = substr(s, 1, RSTART - 1) pick(words) substr(s, RSTART + RLENGTH)
		} else if (op == 8) {                         # insert a YAML oddity
			for (j = n; j >= i; j--) line[j + 1] = line[j]
			line[i] = pick(snips); n++
		} else if (op == 9) {                         # truncate the file mid-line
			n = i; line[i] = substr(s, 1, rnd(length(s) + 1)); if (rnd(2)) nonl = 1
		} else {                                      # a value turned into a nested structure
			if (match(s, /: [^ ,}\]]+/))
				line[i] = substr(s, 1, RSTART + 1) pick("[|{|[[|{a: [") substr(s, RSTART + 2)
		}
	}
	for (j = 1; j < n; j++) print line[j]
	if (nonl) printf "%s", line[n]; else print line[n]
}
EOF

set -- "$T/seed-all.yaml"
for f in scenarios/*.yaml tests/golden/*.yaml tests/bad/*.yaml; do
	[ -f "$f" ] && set -- "$@" "$f"
done
nseeds=$#

# The seeds themselves must not crash either.
i=0
for f in "$@"; do
	i=$((i + 1))
	try "seed-$i" "$f"
done

i=1
while [ "$i" -le "$N" ]; do
	k=$((i % nseeds + 1))
	src=""
	eval "src=\${$k}"
	awk -v seed="$i" -f "$T/mutate.awk" "$src" >"$T/m.yaml"
	try "mutation-$i" "$T/m.yaml"
	i=$((i + 1))
done

# ---- truncated files: every ~1/8 of a few seeds ------------------------------
k=0
for f in "$@"; do
	k=$((k + 1))
	[ "$k" -gt 4 ] && break
	size=$(wc -c <"$f")
	j=1
	while [ "$j" -lt 8 ]; do
		head -c $((size * j / 8)) "$f" >"$T/trunc.yaml"
		try "truncated-$k-$j" "$T/trunc.yaml"
		j=$((j + 1))
	done
done

# ---- binary junk, odd encodings ----------------------------------------------
head -c 4096 "$BUDDYVIZ" >"$T/junk.yaml"
try junk-elf "$T/junk.yaml"
printf '\000\000\000\000' >"$T/junk.yaml"
try junk-nul "$T/junk.yaml"
{ printf 'name: a\000b\nsteps: []\n'; } >"$T/junk.yaml"
try junk-nul-in-value "$T/junk.yaml"
printf 'name: \377\376\200\nsteps: []\n' >"$T/junk.yaml"
try junk-bad-utf8 "$T/junk.yaml"
printf '\357\273\277name: bom\nsteps: []\n' >"$T/junk.yaml"
try utf8-bom "$T/junk.yaml"
printf '\377\376n\000a\000m\000e\000:\000 \000x\000\n\000' >"$T/junk.yaml"
try utf16 "$T/junk.yaml"
sed 's/$/\r/' "$T/seed-all.yaml" >"$T/junk.yaml"
try crlf "$T/junk.yaml"
printf 'name: x\nsteps: []' >"$T/junk.yaml"
try no-final-newline "$T/junk.yaml"
printf '# only a comment\n' >"$T/junk.yaml"
try only-comment "$T/junk.yaml"
printf 'name: x\nsteps: []\n---\nname: y\nsteps: []\n' >"$T/junk.yaml"
try two-documents "$T/junk.yaml"
printf -- '- a\n- b\n' >"$T/junk.yaml"
try top-level-sequence "$T/junk.yaml"
printf 'just a string\n' >"$T/junk.yaml"
try top-level-scalar "$T/junk.yaml"
try dev-null /dev/null
try directory "$T"

# ---- very long lines -----------------------------------------------------------
awk 'BEGIN { printf "name: "; for (i = 0; i < 100000; i++) printf "xxxxxxxxxx"; print ""; print "steps: []" }' >"$T/long.yaml"
try long-name "$T/long.yaml"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "kkkkk"; print ": 1"; print "name: x"; print "steps: []" }' >"$T/long.yaml"
try long-key "$T/long.yaml"
awk 'BEGIN { printf "name: x\nsteps:\n  - alloc: {type: movable, count: "; for (i = 0; i < 10000; i++) printf "9"; print "}" }' >"$T/long.yaml"
try long-number "$T/long.yaml"
awk 'BEGIN { printf "name: x\nsteps:\n  - alloc: {type: movable, tag: "; for (i = 0; i < 10000; i++) printf "T"; print "}" }' >"$T/long.yaml"
try long-tag "$T/long.yaml"
awk 'BEGIN { printf "name: x\nsteps:\n  - free: {tag: U, index: [0"; for (i = 1; i < 200000; i++) printf ", %d", i; print "]}" }' >"$T/long.yaml"
try long-index-list "$T/long.yaml"
awk 'BEGIN { print "name: x"; print "steps:"; for (i = 0; i < 50000; i++) print "  - nosuch: 1" }' >"$T/long.yaml"
try many-errors "$T/long.yaml"
awk 'BEGIN { print "name: x"; print "steps:"; for (i = 0; i < 100000; i++) print "  - say: hi" }' >"$T/long.yaml"
try many-steps "$T/long.yaml"

# ---- deep nesting --------------------------------------------------------------
awk 'BEGIN { printf "name: x\nsteps: "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >"$T/deep.yaml"
try deep-flow-sequence "$T/deep.yaml"
awk 'BEGIN { printf "name: x\nsteps: []\nmachine: "; for (i = 0; i < 50000; i++) printf "{a: "; printf "1"; for (i = 0; i < 50000; i++) printf "}"; print "" }' >"$T/deep.yaml"
try deep-flow-mapping "$T/deep.yaml"
awk 'BEGIN { printf "name: x\nsteps: []\nmachine:\n"; for (i = 1; i < 2000; i++) { for (j = 0; j < i; j++) printf " "; print "k" i ":" } }' >"$T/deep.yaml"
try deep-block-mapping "$T/deep.yaml"
awk 'BEGIN { printf "name: x\nsteps: "; for (i = 0; i < 30; i++) printf "[{repeat: {times: 2, steps: "; printf "[say: x]"; for (i = 0; i < 30; i++) printf "}}]"; print "" }' >"$T/deep.yaml"
try deep-repeat "$T/deep.yaml"
awk 'BEGIN { printf "name: x\nsteps: "; for (i = 0; i < 8; i++) printf "[{repeat: {times: 1000000, steps: "; printf "[{alloc: {type: movable, count: 100000000}}]"; for (i = 0; i < 8; i++) printf "}}]"; print "" }' >"$T/deep.yaml"
try op-limit-overflow "$T/deep.yaml"

# ---- alias bombs -------------------------------------------------------------------
cat >"$T/bomb.yaml" <<'EOF'
name: laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
steps: *i
EOF
try billion-laughs "$T/bomb.yaml"
cat >"$T/bomb.yaml" <<'EOF'
name: x
s: &s [{repeat: {times: 1000000, steps: [{workload: {ops: 100000000}}]}}]
steps: [{repeat: {times: 1000000, steps: *s}}]
EOF
try alias-op-bomb "$T/bomb.yaml"
printf 'name: &a x\nsteps: [*b]\n' >"$T/bomb.yaml"
try undefined-alias "$T/bomb.yaml"
