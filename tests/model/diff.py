#!/usr/bin/env python3
"""Differential tester: random scenarios through buddyviz and the model.

    diff.py --bin /path/to/buddyviz [--n 300] [--start 1]
            [--features core,compact,isolate,highatomic,cma,nogroup]
            [--dumps stats,buddyinfo,blocks,allocs,pagetypeinfo] [--quiet]

Each seed gets a scenario from gen.py; a mismatch (dumps or exit status) is
reported with the first differing lines and saved as fail/<features>-<seed>.yaml
(+ .bin / .model outputs).  A scenario the binary rejects with exit 2 (feature
not supported) is counted as 'rejected', not as a failure.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return 99, '', 'timeout'
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True)
    ap.add_argument('--n', type=int, default=300)
    ap.add_argument('--start', type=int, default=1)
    ap.add_argument('--features', default='core')
    ap.add_argument('--dumps', default='stats,buddyinfo,blocks,allocs,pagetypeinfo')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('--faildir', default=os.path.join(HERE, 'fail'))
    a = ap.parse_args()
    feats = a.features.split(',')
    os.makedirs(a.faildir, exist_ok=True)
    ok = bad = rej = 0
    tmp = tempfile.mkdtemp(prefix='bvdiff')
    for seed in range(a.start, a.start + a.n):
        sc = gen.gen(seed, feats)
        f = os.path.join(tmp, 's%d.yaml' % seed)
        with open(f, 'w') as fh:
            fh.write(sc)
        rb, ob, eb = run([a.bin, 'run', f, '--dump', a.dumps])
        if rb == 2:
            rej += 1
            if not a.quiet:
                print('seed %d: rejected by binary: %s' % (seed, eb.strip().splitlines()[:1]))
            continue
        rm, om, em = run([sys.executable, os.path.join(HERE, 'model.py'), 'run', f, '--dump', a.dumps])
        if rm not in (0, 1):
            print('seed %d: MODEL ERROR %s' % (seed, em.strip()[-300:]))
            bad += 1
            continue
        if ob == om and rb == rm:
            ok += 1
            continue
        bad += 1
        name = '%s-%d' % ('_'.join(feats), seed)
        base = os.path.join(a.faildir, name)
        with open(base + '.yaml', 'w') as fh:
            fh.write(sc)
        with open(base + '.bin', 'w') as fh:
            fh.write(ob)
        with open(base + '.model', 'w') as fh:
            fh.write(om)
        lb, lm = ob.splitlines(), om.splitlines()
        print('seed %d: DIFF (saved %s.yaml) rc bin=%d model=%d' % (seed, base, rb, rm))
        shown = 0
        for i in range(max(len(lb), len(lm))):
            x = lb[i] if i < len(lb) else '<none>'
            y = lm[i] if i < len(lm) else '<none>'
            if x != y:
                print('   line %d\n     bin:   %s\n     model: %s' % (i + 1, x, y))
                shown += 1
                if shown >= 4:
                    break
    print('features=%s seeds %d..%d: %d agree, %d differ, %d rejected by binary'
          % (a.features, a.start, a.start + a.n - 1, ok, bad, rej))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
