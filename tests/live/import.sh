#!/bin/sh
# buddyviz import: the imported scenario reproduces the captured
# pagetypeinfo (and buddyinfo, when the capture's two files agree) byte for
# byte, its expect step holds, and it starts in a state machine_check
# accepts (the loader places it on a throwaway machine first).
. tests/live/common.inc

for d in this-machine linux-6.12-hole linux-6.12-hole-later; do
	bv import "$FIX/$d" -o "$T/$d.yaml"
	if [ "$rc" != 0 ]; then
		fail "import $d" "exit $rc" "$(cat "$T/err")"
		continue
	fi
	bv run "$T/$d.yaml" --dump pagetypeinfo
	strip_mixed "$FIX/$d/pagetypeinfo" >"$T/want"
	if [ "$rc" = 0 ] && cmp -s "$T/want" "$T/out"; then
		ok "import $d: pagetypeinfo round trip"
	else
		fail "import $d: pagetypeinfo round trip" "exit $rc" "$(diff "$T/want" "$T/out"; cat "$T/err")"
	fi
	bv run "$T/$d.yaml" --until 0 --dump buddyinfo
	if [ "$rc" = 0 ] && cmp -s "$FIX/$d/buddyinfo" "$T/out"; then
		ok "import $d: buddyinfo round trip (boot state, --until 0)"
	else
		fail "import $d: buddyinfo round trip" "exit $rc" "$(diff "$FIX/$d/buddyinfo" "$T/out")"
	fi
	# Placement rule: chunks only inside blocks of their type, no free
	# buddies left unmerged (the blocks dump: free pages per block must
	# match the chunk list); the allocs of tag real cover the rest.
	bv run "$T/$d.yaml" --dump stats
	mixed=$(sed -n 's/^mixed_blocks: //p' "$T/out")
	special=$(awk '/^blocks_(highatomic|isolate): / { n += $2 } END { print n + 0 }' "$T/out")
	# Used memory in HighAtomic/Isolate blocks is allocated as Unmovable/
	# Movable (the state rule), so only those blocks can count as mixed.
	if [ "$rc" = 0 ] && [ -n "$mixed" ] && [ "$mixed" -le "$special" ]; then
		ok "import $d: used memory is not mixed"
	else
		fail "import $d: used memory is not mixed" "exit $rc" "$(cat "$T/out" "$T/err")"
	fi
	if grep -q '^# MEASURED' "$T/$d.yaml" && grep -q '^# APPROXIMATED' "$T/$d.yaml"; then
		ok "import $d: header says what is measured and what is approximated"
	else
		fail "import $d: header" "" "$(head -20 "$T/$d.yaml")"
	fi
done

# With kpageflags captured, block types and most chunks follow it, and the
# header counts how many; without (--no-kpageflags), the rule, said so.
bv import "$FIX/this-machine" -o "$T/kp.yaml"
if [ "$rc" = 0 ] && grep -q '^#   zone DMA32: block types from kpageflags .*; [1-9][0-9]* of [0-9]* free chunks where kpageflags shows free pages' "$T/kp.yaml"; then
	ok "import follows kpageflags where it was captured"
else
	fail "import follows kpageflags where it was captured" "exit $rc" "$(grep '^#' "$T/kp.yaml"; cat "$T/err")"
fi
# The chunks taken from kpageflags sit on pages kpageflags showed free:
# DMA's real free pages (pfns 512.. and the order-10 runs) map 1:1 (DMA
# has no hole), so its order-10 chunks are at real free pfns.
grep -A3 '    - name: DMA$' "$T/kp.yaml" | grep 'free:' >"$T/dma"
awk 'NR > 1 && $3 ~ /^4[0-9a-f]*$/ && ($1 + 0) < 4096 { for (p = $1; p < $1 + $2; p++) f[p] = 1 }
     END { for (p = 0; p < 4096; p += 1024) { n = 0; for (q = p; q < p + 1024; q++) n += f[q]; if (n == 1024) print p } }' \
	"$FIX/this-machine/kpageflags.rle" >"$T/dma-free10"
missing=""
while read -r p; do
	grep -q "\[$p, 10\]" "$T/dma" || missing="$missing $p"
done <"$T/dma-free10"
if [ -s "$T/dma-free10" ] && [ -z "$missing" ]; then
	ok "import: DMA's order-10 chunks are where kpageflags shows wholly free 1024-page runs"
else
	fail "import: DMA's order-10 chunks" "missing:$missing" "$(cat "$T/dma" "$T/dma-free10")"
fi
bv import "$FIX/this-machine" --no-kpageflags -o "$T/nokp.yaml"
if [ "$rc" = 0 ] && ! grep -q 'from kpageflags' "$T/nokp.yaml"; then
	ok "import --no-kpageflags uses the rule"
else
	fail "import --no-kpageflags uses the rule" "exit $rc" "$(grep '^#' "$T/nokp.yaml")"
fi

# CMA blocks cannot be imported yet: a clear refusal, exit 2, no output file.
bv import "$FIX/linux-6.1-cma" -o "$T/cma.yaml"
if [ "$rc" = 2 ] && [ ! -e "$T/cma.yaml" ] &&
	[ "$(cat "$T/err")" = "import: zone DMA32 has CMA pageblocks; the simulator's state cannot hold CMA yet" ]; then
	ok "import refuses CMA blocks"
else
	fail "import refuses CMA blocks" "exit $rc" "$(cat "$T/err")"
fi

# An odd number of pageblocks is rounded up, and the header says so.
mkdir -p "$T/odd"
cp "$FIX/linux-6.12-hole/"* "$T/odd/"
sed -i 's/^Node 0, zone   Normal           20          486 /Node 0, zone   Normal           21          486 /' "$T/odd/pagetypeinfo"
bv import "$T/odd" -o "$T/odd.yaml"
if [ "$rc" = 0 ] && grep -q '^#   zone Normal: 513 pageblocks rounded up to 514' "$T/odd.yaml" &&
	grep -q 'name: Normal, pages: 263168' "$T/odd.yaml"; then
	ok "import rounds an odd block count up and says so"
else
	fail "import rounds an odd block count up and says so" "exit $rc" "$(cat "$T/err"; grep '^#' "$T/odd.yaml")"
fi

# A state the kernel cannot be in is refused where it stands.
cat >"$T/bad.yaml" <<'Y'
name: bad state
machine: {zones: [{name: Normal, pages: 2048}]}
state:
  zones:
    - name: Normal
      blocks: [[movable, 4]]
      free: [[0, 9], [512, 9]]
steps: []
Y
bv check "$T/bad.yaml"
want="$T/bad.yaml:7:14: state: free chunk at pfn 0 (order 9): its buddy at pfn 512 is free too, the kernel would have merged them"
if [ "$rc" = 2 ] && [ "$(cat "$T/err")" = "$want" ]; then
	ok "state: unmerged free buddies are refused at the chunk"
else
	fail "state: unmerged free buddies are refused at the chunk" "exit $rc" "$(cat "$T/err")"
fi
