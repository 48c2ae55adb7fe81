#!/bin/sh
# The fragmentation indexes buddyviz computes from buddyinfo equal the
# kernel's own in debugfs (extfrag/extfrag_index, extfrag/unusable_index),
# order by order and zone by zone. Needs root: mounts debugfs for the test
# when it is not mounted, and unmounts it afterwards.
. tests/live/common.inc

mounted=""
if [ ! -r /sys/kernel/debug/extfrag/unusable_index ]; then
	if [ "$(id -u)" = 0 ] && mount -t debugfs none /sys/kernel/debug 2>/dev/null; then
		mounted=yes
	fi
fi
if [ ! -r /sys/kernel/debug/extfrag/unusable_index ]; then
	ok "debugfs: not readable here, nothing to compare (skipped)"
	exit 0
fi
# rows NAME LABEL: "zone values" lines of one row of every zone.
rows() { awk -v l="$1" '/^Node [0-9]+, zone / { z = $4 } index($0, "  " l) == 1 { $1 = ""; if (l ~ / /) $2 = ""; print z $0 }' "$T/out" | tr -s ' '; }
same=""
for try in 1 2 3 4 5; do
	bv live --once --no-kpageflags
	[ "$rc" = 0 ] || break
	rows "unusable" >"$T/u1"
	rows "debugfs unu" >"$T/u2"
	rows "extfrag" >"$T/e1"
	rows "debugfs ext" >"$T/e2"
	if [ -s "$T/u1" ] && cmp -s "$T/u1" "$T/u2" && cmp -s "$T/e1" "$T/e2"; then
		same=yes
		break
	fi
	sleep 0.2   # memory moved between the two reads: read again
done
if [ -n "$same" ]; then
	ok "debugfs: computed extfrag and unusable indexes equal the kernel's, every zone and order"
else
	fail "debugfs: computed indexes differ from the kernel's" "exit $rc" "$(diff "$T/u1" "$T/u2"; diff "$T/e1" "$T/e2"; cat "$T/err")"
fi
bv capture "$T/cap"
if [ "$rc" = 0 ] && [ -s "$T/cap/extfrag_index" ] && [ -s "$T/cap/unusable_index" ]; then
	bv live --from "$T/cap" --once
	if [ "$rc" = 0 ] && grep -q '^  debugfs ext ' "$T/out" && grep -q '^  debugfs unu ' "$T/out"; then
		ok "debugfs: captured and shown by live --from"
	else
		fail "debugfs: captured and shown by live --from" "exit $rc" "$(cat "$T/err")"
	fi
else
	fail "debugfs: capture" "exit $rc" "$(cat "$T/err"; ls "$T/cap")"
fi
[ -n "$mounted" ] && umount /sys/kernel/debug
exit 0
