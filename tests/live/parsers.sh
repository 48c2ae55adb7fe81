#!/bin/sh
# The /proc parsers: every fixture (this machine; hand-made Linux 6.1 with
# CMA and three zones; 6.12 with a hole and the page_owner table) reads;
# the fragmentation indexes equal an independent computation (awk, from
# linux-6.12-page-allocator.md 11.4) over the fixture's buddyinfo; bad,
# truncated and garbled files are refused with FILE:LINE: and never crash.
. tests/live/common.inc

# idx V: the kernel's "%d.%03d" of an index x1000.
for d in this-machine linux-6.1-cma linux-6.12-hole; do
	bv live --from "$FIX/$d" --once
	if [ "$rc" != 0 ]; then
		fail "live --once $d" "exit $rc" "$(cat "$T/err")"
		continue
	fi
	ok "live --once $d"
	awk '{
		total = 0; pages = 0; suit = 0; k = 9
		for (o = 0; o <= 10; o++) { n = $(5 + o); total += n; pages += n * 2 ^ o; if (o >= k) suit += n * 2 ^ (o - k) }
		if (total == 0) f = 0; else if (suit > 0) f = -1000; else f = 1000 - int((1000 + int(pages * 1000 / 2 ^ k)) / total)
		u = pages == 0 ? 1000 : int((pages - suit * 2 ^ k) * 1000 / pages)
		fs = sprintf("%s%d.%03d", f < 0 ? "-" : "", (f < 0 ? -f : f) / 1000, (f < 0 ? -f : f) % 1000)
		us = sprintf("%d.%03d", u / 1000, u % 1000)
		printf "%s extfrag_index %s  unusable_index %s\n", $4, fs, us
	}' "$FIX/$d/buddyinfo" >"$T/want"
	awk '/^Node [0-9]+, zone / { z = $4 } /fragmentation at order 9, computed/ { print z, $8, $9, $10, $11 }' "$T/out" |
		sed 's/ extfrag_index \(.*\) unusable_index / extfrag_index \1  unusable_index /' >"$T/got"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
		ok "live $d: fragmentation indexes as the kernel computes them"
	else
		fail "live $d: fragmentation indexes" "" "$(diff "$T/want" "$T/got")"
	fi
done
bv live --from "$FIX/linux-6.1-cma" --once
if grep -q '^  blocks: Unmovable 12 Movable 1444 Reclaimable 8 HighAtomic 0 CMA 64 Isolate 0$' "$T/out" &&
	grep -q '^  CMA  *0  *0  *0  *0  *0  *0  *0  *0  *0  *0  *32$' "$T/out"; then
	ok "live 6.1: CMA rows and blocks"
else
	fail "live 6.1: CMA rows and blocks" "" "$(cat "$T/out")"
fi
bv live --from "$FIX/linux-6.12-hole" --once
if grep -q '^  mixed blocks (page_owner): Unmovable 3 Movable 7 ' "$T/out" &&
	grep -q 'spanned 524288  present 262144' "$T/out"; then
	ok "live 6.12: hole and page_owner mixed-blocks table"
else
	fail "live 6.12: hole and page_owner mixed-blocks table" "" "$(cat "$T/out")"
fi

# Exact refusals: FILE:LINE: message, exit 2, nothing on stdout.
# bad NAME FILE 'sed expression' 'expected stderr'
bad() {
	rm -rf "$T/b"
	cp -r "$FIX/linux-6.12-hole" "$T/b"
	sed -i "$3" "$T/b/$2"
	bv live --from "$T/b" --once
	if [ "$rc" = 2 ] && [ ! -s "$T/out" ] && [ "$(cat "$T/err")" = "$T/b/$4" ]; then
		ok "bad $1"
	else
		fail "bad $1" "exit $rc" "$(cat "$T/err")"
	fi
}
bad "buddyinfo: a letter in a count" buddyinfo '1s/ 480 / 48x /' 'buddyinfo:1: expected a count of free chunks in column 11'
bad "buddyinfo: a column missing" buddyinfo '2s/ 200 $//' 'buddyinfo:2: 10 order columns, expected 11'
bad "pagetypeinfo: unknown type" pagetypeinfo '7s/Reclaimable/Reclaimible/' 'pagetypeinfo:7: unknown migratetype "Reclaimible"; allowed: Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate'
bad "pagetypeinfo: pages per block" pagetypeinfo '2s/512/1024/' 'pagetypeinfo:2: 1024 pages per block do not match page block order 9'
bad "pagetypeinfo: block-count header" pagetypeinfo '16s/Movable/Moveable/' 'pagetypeinfo:16: type column 2 is "Moveable", expected Movable as in the free counts'
bad "pagetypeinfo: types out of order" pagetypeinfo '5s/Unmovable/Movable  /;6s/ Movable/Unmovable/' 'pagetypeinfo:6: type Unmovable out of the kernel'"'"'s order'
bad "zoneinfo: garbled line" zoneinfo '5s/.*/  \$\$\$/' 'zoneinfo:5: garbled line'
bad "zoneinfo: truncated zone" zoneinfo '/start_pfn:           1048576/d' 'zoneinfo:47: truncated: zone Normal has no start_pfn'
bad "vmstat: no value" vmstat '3s/ [0-9]*$//' 'vmstat:3: expected "name value"'
bad "version: not Linux" version '1s/Linux/Lunix/' 'version:1: expected "Linux version ..."'

# Truncated and garbled copies of every file of every fixture: exit 0 or 2,
# never a crash; a refusal names FILE:LINE.
n=0
bad_rc=""
for d in linux-6.1-cma linux-6.12-hole; do
	for f in buddyinfo pagetypeinfo zoneinfo vmstat version; do
		size=$(wc -c <"$FIX/$d/$f")
		for cut in 0 1 17 40 $((size / 3)) $((size / 2)) $((size - 1)) $((size - 2)); do
			[ "$cut" -ge 0 ] || continue
			rm -rf "$T/g"
			cp -r "$FIX/$d" "$T/g"
			head -c "$cut" "$FIX/$d/$f" >"$T/g/$f"
			bv live --from "$T/g" --once
			n=$((n + 1))
			if [ "$rc" != 0 ] && { [ "$rc" != 2 ] || ! grep -q "^$T/g/[a-z_]*:[0-9]*: " "$T/err"; }; then
				bad_rc="$bad_rc $d/$f@$cut:rc=$rc"
			fi
			# Garbled: bytes overwritten in the middle.
			cp "$FIX/$d/$f" "$T/g/$f"
			printf '\377\000\n9999999999999999999999 ,,' | dd of="$T/g/$f" bs=1 seek="$cut" conv=notrunc 2>/dev/null
			bv live --from "$T/g" --once
			n=$((n + 1))
			if [ "$rc" != 0 ] && { [ "$rc" != 2 ] || ! grep -q "^$T/g/[a-z_]*:[0-9]*: " "$T/err"; }; then
				bad_rc="$bad_rc $d/$f@$cut+junk:rc=$rc"
			fi
		done
	done
done
if [ -z "$bad_rc" ]; then
	ok "$n truncated or garbled files: refused with FILE:LINE: or read, never a crash"
else
	fail "truncated or garbled files" "$bad_rc"
fi

# kpageflags.rle: garbled lines are refused with FILE:LINE:.
rm -rf "$T/k"
cp -r "$FIX/this-machine" "$T/k"
sed -i '3s/.*/12 x 400/' "$T/k/kpageflags.rle"
bv live --from "$T/k" --once
if [ "$rc" = 2 ] && [ "$(cat "$T/err")" = "$T/k/kpageflags.rle:3: expected \"PFN COUNT FLAGS\" (decimal, decimal, hex)" ]; then
	ok "bad kpageflags.rle line"
else
	fail "bad kpageflags.rle line" "exit $rc" "$(cat "$T/err")"
fi
