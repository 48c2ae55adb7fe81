#!/usr/bin/env python3
"""Checks the DOM of a `buddyviz html` page after a headless browser ran
its script (chromium --dump-dom) against buddyviz's own contract outputs
for that step: `run --until K --dump blocks,stats` and `run --trace`.
usage: check_html_dom.py DOM STEP NSTEPS BLOCKS STATS TRACE [CAPTION]"""
import html.parser
import re
import sys

XTERM = {'Unmovable': 166, 'Movable': 74, 'Reclaimable': 221, 'HighAtomic': 175, 'CMA': 36, 'Isolate': 248}


def xterm_rgb(i):
    if i >= 232:
        g = 8 + 10 * (i - 232)
        return (g, g, g)
    i -= 16
    lv = [0, 95, 135, 175, 215, 255]
    return (lv[i // 36], lv[i // 6 % 6], lv[i % 6])


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.ids, self.stack, self.events, self.body = {}, {}, [], [], {}
        self.in_li = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'body':
            self.body = a
        if tag == 'div' and 'cell' in (a.get('class') or '').split():
            self.cells[int(a['data-cell'])] = a
        self.stack.append((tag, a.get('id')))
        if tag == 'li':
            self.in_li = ''

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == 'li' and self.in_li is not None:
            self.events.append(self.in_li)
            self.in_li = None

    def handle_data(self, data):
        for t, i in self.stack:
            if i:
                self.ids[i] = self.ids.get(i, '') + data
        if self.in_li is not None:
            self.in_li += data


def main():
    dom_f, step, nsteps, blocks_f, stats_f, trace_f = sys.argv[1:7]
    caption = sys.argv[7] if len(sys.argv) > 7 else None
    step, nsteps = int(step), int(nsteps)
    d = Dom()
    d.feed(open(dom_f, encoding='utf-8').read())
    errs = []
    if d.ids.get('step', '').strip() != 'step %d/%d' % (step, nsteps):
        errs.append('step text %r' % d.ids.get('step'))
    if caption and caption not in d.ids.get('caption', ''):
        errs.append('caption %r lacks %r' % (d.ids.get('caption'), caption))
    blocks = [l.split() for l in open(blocks_f) if not l.startswith('#')]
    if len(d.cells) != len(blocks):
        errs.append('%d cells for %d blocks' % (len(d.cells), len(blocks)))
    for b in blocks:
        i, typ = int(b[0]), b[2]
        c = d.cells.get(i, {})
        rgb = 'rgb(%d, %d, %d)' % xterm_rgb(XTERM[typ])
        if c.get('data-type') != typ or rgb not in (c.get('style') or ''):
            errs.append('block %d: %s %s, expected %s %s' % (i, c.get('data-type'), c.get('style'), typ, rgb))
        alloc = {'Unmovable': int(b[4]), 'Movable': int(b[5]), 'Reclaimable': int(b[6])}
        mixed = any(v for t, v in alloc.items() if t != typ)
        if mixed != ('data-mixed' in c):
            errs.append('block %d: mixed %s in the dump, %s in the page' % (i, mixed, c.get('data-mixed')))
    for line in open(stats_f):
        k, v = line.split(':')
        got = d.ids.get('stat-' + k, '').strip()
        want = v.strip()
        if k.endswith('index'):
            want = '%.3f' % (int(want) / 1000)
        if got != want:
            errs.append('%s: page %r, run %r' % (k, got, want))
    # The events of the last step up to this one that had any (say,
    # pause and expect steps show the step before theirs, as the TUI does).
    ev = [l for l in open(trace_f) if not re.match(r'\[\d+\] say: ', l)]
    last = ev[-1].split(']')[0] + '] ' if ev else None
    want_ev = [l.split('] ', 1)[1].rstrip('\n') for l in ev if last and l.startswith(last)]
    got_ev = [e for e in d.events]
    if want_ev[-100:] != got_ev:
        errs.append('events differ from --trace: page %r, trace %r' % (got_ev[:3], want_ev[:3]))
    for e in errs[:10]:
        print(e)
    sys.exit(1 if errs else 0)


main()
