#!/usr/bin/env python3
"""Checks an asciicast v2 file strictly: a JSON header (version 2, width,
height, timestamp, env.TERM), then JSON arrays [time, "o"|"r", string]
with times that never go back; optionally that the output contains TEXT
and that the width/height are W H.
usage: check_cast.py FILE.cast [TEXT [W H]]"""
import json
import sys


def main():
    path = sys.argv[1]
    text = sys.argv[2] if len(sys.argv) > 2 else None
    lines = open(path, encoding='utf-8').read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    errs = []
    h = json.loads(lines[0])
    if h.get('version') != 2 or not isinstance(h.get('width'), int) or not isinstance(h.get('height'), int):
        errs.append('bad header %r' % h)
    if not isinstance(h.get('timestamp'), int) or not isinstance(h.get('env', {}).get('TERM'), str):
        errs.append('header lacks timestamp or env.TERM: %r' % h)
    if len(sys.argv) > 4 and (h.get('width'), h.get('height')) != (int(sys.argv[3]), int(sys.argv[4])):
        errs.append('size %sx%s' % (h.get('width'), h.get('height')))
    last, out, n = 0.0, [], 0
    for i, line in enumerate(lines[1:], 2):
        e = json.loads(line)
        if not (isinstance(e, list) and len(e) == 3 and isinstance(e[0], (int, float)) and e[1] in ('o', 'r', 'i')
                and isinstance(e[2], str)):
            errs.append('line %d: not [time, code, string]: %s' % (i, line[:80]))
            continue
        if e[0] < last:
            errs.append('line %d: time %f before %f' % (i, e[0], last))
        last = e[0]
        if e[1] == 'o':
            out.append(e[2])
            n += 1
    if n < 2:
        errs.append('only %d output events' % n)
    if text and text not in ''.join(out):
        errs.append('the output never shows %r' % text)
    for e in errs[:10]:
        print(e)
    sys.exit(1 if errs else 0)


main()
