#!/usr/bin/env python3
"""Checks an SVG of `buddyviz svg` against `buddyviz run --dump blocks` of
the same step: well-formed XML, one cell per block, each cell's type,
colour, used share and mixed mark as the dump says. The colours are
computed here from xterm's 256-colour table (not read from buddyviz).
usage: check_svg.py FILE.svg BLOCKS_DUMP STEP NSTEPS
Prints nothing and exits 0 when it holds; else the first problems, exit 1."""
import sys
import xml.etree.ElementTree as ET

NS = '{http://www.w3.org/2000/svg}'
# The theme's xterm-256 numbers per type (tui.md: Okabe-Ito's nearest).
XTERM = {'Unmovable': 166, 'Movable': 74, 'Reclaimable': 221, 'HighAtomic': 175, 'CMA': 36, 'Isolate': 248}


def xterm_rgb(i):
    if i >= 232:
        g = 8 + 10 * (i - 232)
        return '#%02x%02x%02x' % (g, g, g)
    i -= 16
    lv = [0, 95, 135, 175, 215, 255]
    return '#%02x%02x%02x' % (lv[i // 36], lv[i // 6 % 6], lv[i % 6])


def main():
    svg, dump, step, nsteps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    root = ET.parse(svg).getroot()
    errs = []
    if root.tag != NS + 'svg':
        errs.append('root is %s' % root.tag)
    if root.get('data-step') != str(step) or root.get('data-steps') != str(nsteps):
        errs.append('data-step %s/%s, expected %d/%d' % (root.get('data-step'), root.get('data-steps'), step, nsteps))
    blocks = {}
    for line in open(dump):
        if line.startswith('#'):
            continue
        b, pfn, typ, free, u, m, r = line.split()
        blocks[int(b)] = (typ, int(free), {'Unmovable': int(u), 'Movable': int(m), 'Reclaimable': int(r)})
    per_block = None
    cells = [g for g in root.iter(NS + 'g') if g.get('class') == 'cell']
    if len(cells) != len(blocks):
        errs.append('%d cells for %d blocks' % (len(cells), len(blocks)))
    total = sum(blocks[b][1] + sum(blocks[b][2].values()) for b in blocks)
    per_block = total // len(blocks) if blocks else 0
    for g in cells:
        b = int(g.get('data-block'))
        typ, free, alloc = blocks[b]
        rect = g.find(NS + 'rect')
        want_col = xterm_rgb(XTERM[typ])
        used = per_block - free
        pct = (used * 255 + per_block - 1) // per_block if used else 0
        pct = (pct * 100 + 254) // 255 if used else 0
        mixed = [t for t in alloc if t != typ and alloc[t] > 0]
        got = (g.get('data-type'), rect.get('fill'), int(g.get('data-used')), g.get('data-mixed'))
        want = (typ, want_col, None, mixed and mixed[0] or None)
        if got[0] != want[0] or got[1] != want[1] or got[3] != want[3] or abs(got[2] - pct) > 1:
            errs.append('block %d: got type/colour/used/mixed %s, expected %s, used ~%d%%' % (b, got, want, pct))
        if used and not any(r.get('fill-opacity') for r in g.findall(NS + 'rect')):
            errs.append('block %d: %d pages used but no used-share bar' % (b, used))
        if mixed and g.find(NS + 'polygon') is None:
            errs.append('block %d: mixed but no mark' % b)
    legend = ''.join(t.text or '' for t in root.iter(NS + 'text'))
    for word in ('Unmovable', 'Movable', 'Reclaimable', 'mixed', 'used share', 'Zone Normal'):
        if word not in legend:
            errs.append('no "%s" in the texts' % word)
    for e in errs[:10]:
        print(e)
    sys.exit(1 if errs else 0)


main()
