#!/usr/bin/env python3
"""Random scenario generator for the buddyviz differential tester.

    gen.py SEED [--features core,compact,isolate,highatomic,cma,nogroup]  > scenario.yaml

Same seed + same features = same scenario (Python's random.Random(seed) only).
Small machines: max_order 3..5, pageblock_order 2..max_order, 1-3 zones,
at least pageblock_nr_pages*5 pages in all.
"""
import random
import sys

ALL = ('core', 'compact', 'isolate', 'highatomic', 'cma', 'nogroup', 'reclaim', 'big')
TYPES = ('unmovable', 'movable', 'reclaimable')


def gen(seed, features):
    r = random.Random(seed * 7919 + hash(tuple(sorted(features))) % 1000003)
    r = random.Random('%d/%s' % (seed, ','.join(sorted(features))))
    maxo = r.randint(3, 5)
    pb = r.randint(2, maxo)
    if 'big' in features:
        maxo = 10
        pb = r.choice([9, 9, 8, 10])
    pbn = 1 << pb
    mob = 1 << maxo
    nz = r.choice((1, 1, 1, 2, 2, 3))
    names = sorted(r.sample(['DMA', 'DMA32', 'Normal'], nz), key=['DMA', 'DMA32', 'Normal'].index)
    big = 'highatomic' in features and 'big' not in features and r.random() < 0.6
    zones = []
    total = 0
    for nm in names:
        if big:
            # managed/100 >= pageblock_nr_pages needed for a reserve
            need = 100 * pbn
            nblk = max(1, (need + mob - 1) // mob) + r.randint(0, 3)
        elif 'big' in features:
            nblk = r.randint(1, 4)
        else:
            nblk = r.randint(1, 6)
        zones.append([nm, nblk * mob])
        total += nblk * mob
    small = 'nogroup' in features and r.random() < 0.3
    if small:
        # grouping off by the kernel's own rule: total < pageblock_nr_pages * MIGRATE_TYPES
        pb = maxo
        pbn = mob
        zones = [[zones[-1][0], mob * r.randint(2, 4)]]
        names = [zones[0][0]]
        nz = 1
        total = zones[0][1]
    while total < pbn * 5 and not small:
        zones[-1][1] += mob
        total += mob
    lines = []
    lines.append('name: random scenario %d' % seed)
    lines.append('machine:')
    nog = 'nogroup' in features and not small and r.random() < 0.5
    if nog:
        lines.append('  profile: no-grouping')
    lines.append('  max_order: %d' % maxo)
    lines.append('  pageblock_order: %d' % pb)
    lines.append('  seed: %d' % r.randint(0, 2 ** 32))
    cma = None
    if 'cma' in features and r.random() < 0.7:
        # a CMA area lies inside one zone (cma_activate_area)
        zi = r.randrange(len(zones))
        first = sum(n for _, n in zones[:zi]) // pbn
        nzb = zones[zi][1] // pbn
        a = first + r.randrange(nzb)
        b = min(first + nzb - 1, a + r.randint(0, max(0, nzb // 3)))
        cma = (a, b)
        lines.append('  cma: [%d, %d]' % cma)
    lines.append('  zones:')
    pfn = 0
    zranges = []   # (name, first block, last block)
    bno = 0
    for nm, n in zones:
        gap = 0
        if r.random() < 0.15:
            gap = mob * r.randint(1, 2)
        if gap:
            lines.append('    - {name: %s, pages: %d, start_pfn: %d}' % (nm, n, pfn + gap))
        else:
            lines.append('    - {name: %s, pages: %d}' % (nm, n))
        pfn += gap + n
        zranges.append((nm, bno, bno + n // pbn - 1))
        bno += n // pbn
    lines.append('steps:')
    tags = ['A', 'B', 'C', 'w']
    nsteps = r.randint(3, 14)
    kinds = ['alloc'] * 6 + ['free'] * 4 + ['steal', 'workload', 'workload']
    if 'reclaim' in features:
        kinds += ['reclaim']
    if 'compact' in features:
        kinds += ['compact'] * 3
    if 'isolate' in features:
        kinds += ['isolate', 'isolate', 'unisolate', 'unisolate']
    if 'highatomic' in features:
        kinds += ['halloc', 'halloc', 'halloc']
    if 'cma' in features and cma:
        kinds += ['calloc', 'calloc']
    # front-load a fill to make compaction/isolation interesting
    if r.random() < 0.7:
        fo = r.choice([0, 0, 0, 1, 2])
        lines.append('  - alloc: {type: movable, order: %d, count: %d, tag: M}'
                     % (fo, r.randint(total // 4, total) >> fo))
        lines.append('  - free: {tag: M, %s}' % r.choice(
            ['every: 2', 'every: 3, offset: 1', 'random: 0.5', 'random: 0.3', 'every: 4, offset: 2']))
        tags.append('M')
    for _ in range(nsteps):
        k = r.choice(kinds)
        zsel = ''
        if nz > 1 and r.random() < 0.3:
            zsel = ', zone: %s' % r.choice(names)
        if k == 'alloc':
            t = r.choice(TYPES)
            o = r.choice([0, 0, 0, 1, 2, r.randint(0, maxo)])
            c = r.randint(1, max(1, total // (1 << o) // 4))
            lines.append('  - alloc: {type: %s, order: %d, count: %d, tag: %s%s}'
                         % (t, o, c, r.choice(tags[:3]), zsel))
        elif k == 'halloc':
            t = r.choice(TYPES)
            o = r.choice([0, 1, 1, 2, 2, 3, r.randint(0, maxo)])
            c = r.randint(1, 8)
            lines.append('  - alloc: {type: %s, order: %d, count: %d, tag: H, flags: [highatomic]%s}'
                         % (t, o, c, zsel))
        elif k == 'calloc':
            o = r.choice([0, 0, 1, 2])
            c = r.randint(1, max(1, total // (1 << o) // 4))
            fl = ', flags: [cma]' if r.random() < 0.5 else ''
            lines.append('  - alloc: {type: movable, order: %d, count: %d, tag: C%s%s}' % (o, c, fl, zsel))
        elif k == 'free':
            tag = r.choice(tags)
            sel = r.choice(['', ', every: 2', ', every: 3, offset: 2', ', first: 5', ', last: 7',
                            ', index: [0, 2, 3, 9]', ', random: 0.4', ', random: 0.8'])
            if r.random() < 0.1:
                lines.append('  - free: {pfn: %d}' % r.randrange(pfn))
            else:
                lines.append('  - free: {tag: %s%s}' % (tag, sel))
        elif k == 'steal':
            t = r.choice(TYPES)
            fr = r.choice(['any'] + [x for x in TYPES if x != t])
            o = r.choice([0, 0, 1, 2])
            lines.append('  - steal: {type: %s, from: %s, order: %d, count: %d, tag: S%s}'
                         % (t, fr, o, r.randint(1, 5), zsel))
        elif k == 'workload':
            mix = '{unmovable: %.2f, movable: %.2f, reclaimable: %.2f}' % (
                r.random(), r.random() * 3, r.random())
            orders = r.choice(['{0: 1.0}', '{0: 0.7, 1: 0.2, 2: 0.1}', '{0: 0.5, 3: 0.5}'])
            lines.append('  - workload: {ops: %d, mix: %s, orders: %s, free_ratio: %.2f, tag: w}'
                         % (r.randint(10, 3 * total // 2), mix, orders, r.uniform(0.2, 0.7)))
        elif k == 'reclaim':
            lines.append('  - reclaim: {pages: %d}' % r.randint(1, 40))
        elif k == 'compact':
            o = r.choice([-1, -1] + list(range(1, maxo + 1)))
            parts = ['order: %d' % o]
            if r.random() < 0.5:
                parts.append('mode: %s' % r.choice(['async', 'sync_light', 'sync']))
            if r.random() < 0.3:
                parts.append('max_migrate: %d' % r.randint(1, 80))
            if nz > 1 and r.random() < 0.4:
                parts.append('zone: %s' % r.choice(names))
            lines.append('  - compact: {%s}' % ', '.join(parts))
        elif k in ('isolate', 'unisolate'):
            nm, a, b = r.choice(zranges)
            x = r.randint(a, b)
            y = min(b, x + r.randint(0, 3))
            lines.append('  - %s: {blocks: [%d, %d]}' % (k, x, y))
    return '\n'.join(lines) + '\n'


def main():
    seed = int(sys.argv[1])
    feats = ['core']
    for i, a in enumerate(sys.argv):
        if a == '--features':
            feats = sys.argv[i + 1].split(',')
        elif a.startswith('--features='):
            feats = a.split('=', 1)[1].split(',')
    sys.stdout.write(gen(seed, feats))


if __name__ == '__main__':
    main()
