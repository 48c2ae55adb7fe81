#!/bin/sh
# The HTML replay (`buddyviz html`) in a real headless browser: the page
# loads from a file:// address with nothing fetched, its script opens the
# step named in the address (#step=K), and the DOM is compared with the
# contract outputs of that step (run --dump blocks,stats and --trace):
# every cell's type and colour, the mixed marks, the counters, the events,
# the caption. A copy with a test script steps it with the JS hook, the
# keys and the buttons. Without a browser (tools/deps.sh --test installs
# chromium-headless-shell) the browser checks print "skip" lines.

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
LC_ALL=C
export LC_ALL
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-html.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
case $BUDDYVIZ in /*) ;; *) BUDDYVIZ=$PWD/$BUDDYVIZ ;; esac

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	return 0
}

S=scenarios/02a-first-unmovable-claims.yaml
E=scenarios/03a-steal-not-claim.yaml

# ---- the page without a browser: one file, nothing fetched, its data -------------
for f in "$S" "$E"; do
	n=$(basename "$f" .yaml)
	if ! timeout 60 "$BUDDYVIZ" html "$f" -o "$T/$n.html" 2>"$T/err"; then
		fail "html-$n" "exit $?" "$(cat "$T/err")"
		continue
	fi
	steps=$(grep -c '^  - ' "$f")
	if r=$(python3 - "$T/$n.html" "$steps" <<'PY' 2>&1
import json, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
errs = []
for pat in (r'<link\b', r'<script[^>]*\bsrc=', r'<img\b', r'@import', r'url\(', r'https?://'):
    if re.search(pat, page):
        errs.append('external resource: %s' % pat)
m = re.search(r'<script id="data" type="application/json">(.*?)</script>', page, re.S)
d = json.loads(m.group(1))
if len(d['frames']) != int(sys.argv[2]) + 1 or d['nsteps'] != int(sys.argv[2]):
    errs.append('%d frames for %s steps' % (len(d['frames']), sys.argv[2]))
if len(d['frames'][0]['s']) != 512:
    errs.append('%d cells at the boot state' % len(d['frames'][0]['s']))
print('\n'.join(errs))
sys.exit(1 if errs else 0)
PY
	); then
		ok "html-$n-self-contained"
	else
		fail "html-$n-self-contained" "not one self-contained page" "$r"
	fi
done

# ---- the browser ---------------------------------------------------------------------
B=""
for b in chromium-headless-shell chrome-headless-shell chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && B=$b && break
done
if [ -z "$B" ]; then
	echo "skip html-browser: skipped: no headless browser (sh tools/deps.sh --test installs chromium-headless-shell)"
	exit 0
fi
# dom URL OUT: the DOM after the page's script ran.
dom() {
	timeout -k 5 90 "$B" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/profile" \
		--virtual-time-budget=3000 --dump-dom "$1" >"$2" 2>"$T/browser.err"
}
for spec in "$S 0" "$S 2" "$S 12" "$E 10"; do
	set -- $spec
	f=$1 k=$2 n=$(basename "$1" .yaml)
	steps=$(grep -c '^  - ' "$f")
	"$BUDDYVIZ" run "$f" --until "$k" --dump blocks >"$T/blocks" 2>/dev/null
	"$BUDDYVIZ" run "$f" --until "$k" --dump stats >"$T/stats" 2>/dev/null
	"$BUDDYVIZ" run "$f" --until "$k" --trace >"$T/trace" 2>/dev/null
	cap=""
	[ "$f" = "$S" ] && [ "$k" = 12 ] && cap="Blocks 0 and 1 are full."
	[ "$f" = "$S" ] && [ "$k" = 0 ] && cap="worked example (b). On a fresh zone"
	if ! dom "file://$T/$n.html#step=$k" "$T/dom" || ! [ -s "$T/dom" ]; then
		fail "html-browser-$n-$k" "the browser did not load the page" "$(tail -n 5 "$T/browser.err")"
	elif r=$(python3 tests/export/check_html_dom.py "$T/dom" "$k" "$steps" "$T/blocks" "$T/stats" "$T/trace" "$cap" 2>&1); then
		ok "html-browser-$n-$k"
	else
		fail "html-browser-$n-$k" "the page at #step=$k differs from run --until $k" "$r"
	fi
done
# Stepping: the hook, back from 12 to 3 (recomputed from the boot state),
# the Right and End keys, the back button.
sed 's#</body>#<script>(function(){var B=window.buddyviz,r=[],c=function(){return document.querySelector("[data-cell=\\"2\\"]").dataset.type;};B.go(12);r.push(B.step()+":"+c());B.go(3);r.push(B.step()+":"+c());document.dispatchEvent(new KeyboardEvent("keydown",{key:"ArrowRight"}));r.push(B.step());document.dispatchEvent(new KeyboardEvent("keydown",{key:"End"}));r.push(B.step());document.getElementById("prev").click();r.push(B.step()+":"+location.hash);document.body.setAttribute("data-test",r.join(" "));})();</script></body>#' \
	"$T/02a-first-unmovable-claims.html" >"$T/stepped.html"
if dom "file://$T/stepped.html" "$T/dom2" &&
	grep -q 'data-test="12:Unmovable 3:Movable 4 12 11:#step=11"' "$T/dom2"; then
	ok html-browser-stepping
else
	fail html-browser-stepping "expected 12:Unmovable 3:Movable 4 12 11:#step=11" "$(grep -o 'data-test="[^"]*"' "$T/dom2")"
fi
exit 0
