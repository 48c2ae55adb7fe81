#!/usr/bin/env python3
"""Independent checking model of the Linux 6.12.117 page allocator, for buddyviz.

Written from /work/shared/spec/*.md and mm/{page_alloc,compaction,page_isolation}.c
only (never from buddyviz's C code).  Usage:

    model.py run SCENARIO.yaml [--until N] [--dump LIST] [--trace] [--profile P]

Prints the dumps byte-identical to `buddyviz run`.  Input validation is minimal:
scenarios are assumed valid (the differential tester only generates valid ones).
"""
import sys
import yaml

# internal migratetype ids (names printed through NAMES)
UNM, MOV, REC, HA, CMA, ISO = 0, 1, 2, 3, 4, 5
NAMES = {UNM: 'Unmovable', MOV: 'Movable', REC: 'Reclaimable', HA: 'HighAtomic',
         CMA: 'CMA', ISO: 'Isolate'}
TYPE_OF = {'unmovable': UNM, 'movable': MOV, 'reclaimable': REC}
FALLBACKS = {UNM: (REC, MOV), MOV: (REC, UNM), REC: (UNM, MOV)}

ALLOC_NON_BLOCK = 0x10
ALLOC_MIN_RESERVE = 0x20
ALLOC_CMA = 0x80
ALLOC_NOFRAGMENT = 0x100
ALLOC_HIGHATOMIC = 0x200

M64 = (1 << 64) - 1


def mergeable(mt):
    return mt in (UNM, MOV, REC)


class Rng:
    def __init__(self, seed):
        self.s = seed & M64

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def double(self):
        return (self.u64() >> 11) * (2.0 ** -53)

    def below(self, n):
        return self.u64() % n

    def weighted(self, entries):
        u = self.double()
        total = 0.0
        for _, w in entries:
            total += w
        x = u * total
        c = 0.0
        last = None
        for k, w in entries:
            if w <= 0:
                continue
            last = k
            c += w
            if x < c:
                return k
        return last


class Alloc:
    __slots__ = ('tag', 'idx', 'pfn', 'order', 'dtype', 'mt', 'live', 'seq', 'isolated')


class Zone:
    def __init__(self, name, start, npages, idx):
        self.name = name
        self.start = start
        self.end = start + npages
        self.npages = npages
        self.idx = idx
        self.lists = {}          # (order, mt) -> [head, tail, count]
        self.nr_free = None
        self.free_mt = {}
        self.nr_reserved_highatomic = 0
        # compaction caches
        self.cached_migrate = [start, start]
        self.cached_free = 0
        self.init_migrate = start
        self.init_free = 0
        self.blockskip_flush = False


class Model:
    def __init__(self, sc, profile=None, trace=False):
        m = sc.get('machine') or {}
        self.trace_on = trace
        self.profile = profile or m.get('profile', 'linux-6.12')
        self.maxo = int(m.get('max_order', 10))
        self.pb = int(m.get('pageblock_order', min(9, self.maxo)))
        self.pbn = 1 << self.pb
        self.pcp = bool(m.get('pcp', False))
        self.wmarks = bool(m.get('watermarks', False))
        if self.pcp or self.wmarks:
            raise SystemExit('model: pcp/watermarks not modelled')
        self.rng = Rng(int(m.get('seed', 1)))
        zl = m.get('zones') or [{'name': 'Normal', 'size': '1GiB'}]
        self.zones = []
        prev_end = 0
        for i, zd in enumerate(zl):
            if 'pages' in zd:
                n = int(zd['pages'])
            else:
                n = parse_size(zd['size']) // 4096
            st = int(zd['start_pfn']) if 'start_pfn' in zd else prev_end
            self.zones.append(Zone(zd['name'], st, n, i))
            prev_end = st + n
        self.zbyname = {z.name: z for z in self.zones}
        npfn = prev_end
        self.npfn = npfn
        self.border = [-1] * npfn     # order if head of a free chunk
        self.fmt = [-1] * npfn        # list type of a free chunk head
        self.nxt = [-1] * npfn
        self.prv = [-1] * npfn
        self.owner = [None] * npfn
        nb = (npfn + self.pbn - 1) >> self.pb
        self.btype = [MOV] * nb
        self.bskip = [False] * nb
        self.cma_blocks = m.get('cma')
        self.has_cma = self.cma_blocks is not None
        ntypes = 6 if self.has_cma else 5
        total = sum(z.npages for z in self.zones)
        self.total = total
        self.grouping_off = (self.profile == 'no-grouping' or total < self.pbn * ntypes)
        for z in self.zones:
            z.nr_free = [0] * (self.maxo + 1)
            z.free_mt = {t: 0 for t in NAMES}
            z.cached_free = pageblock_start(z.end - 1, self.pb)
            z.init_free = z.cached_free
        # block numbering for dumps
        self.blocklist = []   # (number, start_pfn)
        for z in self.zones:
            for p in range(z.start, z.end, self.pbn):
                self.blocklist.append(p)
        self.tags = {}        # tag -> list of Alloc (index = position)
        self.tag_order = []
        self.seq = 0
        self.stats = dict(allocs_failed=0, fallback_events=0, claim_events=0, steal_events=0,
                          compact_migrated=0, compact_migrate_scanned=0, compact_free_scanned=0)
        self.boot()

    # ------------------------------------------------------------------ util
    def trace(self, msg):
        if self.trace_on:
            print(msg)

    def zone_of(self, pfn):
        for z in self.zones:
            if z.start <= pfn < z.end:
                return z
        return None

    def bt(self, pfn):
        return self.btype[pfn >> self.pb]

    def set_bt(self, pfn, mt):
        # set_pageblock_migratetype(): with grouping off PCP types store UNMOVABLE
        if self.grouping_off and mt in (UNM, MOV, REC):
            mt = UNM
        self.btype[pfn >> self.pb] = mt

    def change_pageblock_range(self, pfn, order, mt):
        for i in range(1 << (order - self.pb)):
            self.set_bt(pfn + i * self.pbn, mt)

    # ------------------------------------------------------------ free lists
    def lst(self, z, o, mt):
        k = (o, mt)
        l = z.lists.get(k)
        if l is None:
            l = z.lists[k] = [-1, -1, 0]
        return l

    def add(self, z, pfn, o, mt, tail):
        l = self.lst(z, o, mt)
        if l[0] == -1:
            l[0] = l[1] = pfn
            self.nxt[pfn] = self.prv[pfn] = -1
        elif tail:
            self.prv[pfn] = l[1]
            self.nxt[pfn] = -1
            self.nxt[l[1]] = pfn
            l[1] = pfn
        else:
            self.nxt[pfn] = l[0]
            self.prv[pfn] = -1
            self.prv[l[0]] = pfn
            l[0] = pfn
        l[2] += 1
        self.border[pfn] = o
        self.fmt[pfn] = mt
        z.nr_free[o] += 1
        z.free_mt[mt] += 1 << o

    def unlink(self, z, pfn):
        o = self.border[pfn]
        mt = self.fmt[pfn]
        l = z.lists[(o, mt)]
        p, n = self.prv[pfn], self.nxt[pfn]
        if p == -1:
            l[0] = n
        else:
            self.nxt[p] = n
        if n == -1:
            l[1] = p
        else:
            self.prv[n] = p
        l[2] -= 1
        self.border[pfn] = -1
        self.fmt[pfn] = -1
        z.nr_free[o] -= 1
        z.free_mt[mt] -= 1 << o
        return o, mt

    def move_tail(self, z, pfn, new_mt):
        o, _ = self.unlink(z, pfn)
        self.add(z, pfn, o, new_mt, True)

    def head(self, z, o, mt):
        l = z.lists.get((o, mt))
        return -1 if l is None else l[0]

    def empty(self, z, o, mt):
        l = z.lists.get((o, mt))
        return l is None or l[0] == -1

    def list_pfns(self, z, o, mt):
        out = []
        l = z.lists.get((o, mt))
        p = -1 if l is None else l[0]
        while p != -1:
            out.append(p)
            p = self.nxt[p]
        return out

    def nr_free_pages(self, z):
        return sum(v for t, v in z.free_mt.items() if t != ISO)

    # ------------------------------------------------------------------ boot
    def boot(self):
        cma = set()
        if self.has_cma:
            a, b = self.cma_blocks
            cma = set(range(a, b + 1))
        cma_pfns = [self.blocklist[i] for i in sorted(cma)]
        cma_set = set(cma_pfns)
        # free memory ranges (all zone memory minus CMA blocks), ascending
        for z in self.zones:
            p = z.start
            while p < z.end:
                if p in cma_set:
                    p += self.pbn
                    continue
                e = p
                while e < z.end and e not in cma_set:
                    e += self.pbn
                self.free_range(z, p, e)
                p = e
        for p in cma_pfns:
            z = self.zone_of(p)
            self.set_bt(p, CMA)
            self.free_one_page(z, p, self.pb, tail=False)

    def free_range(self, z, s, e):
        while s < e:
            o = self.maxo
            if s:
                o = min(o, (s & -s).bit_length() - 1)
            while s + (1 << o) > e:
                o -= 1
            self.free_one_page(z, s, o, tail=True)
            s += 1 << o

    # ------------------------------------------------------------------ free
    def free_one_page(self, z, pfn, order, tail=False):
        """free_one_page -> split_large_buddy -> __free_one_page."""
        end = pfn + (1 << order)
        o = min(order, self.pb)
        while pfn < end:
            self.__free_one(z, pfn, o, self.bt(pfn), tail)
            pfn += 1 << o

    def __free_one(self, z, pfn, order, mt, tail):
        buddy_pfn = 0
        while order < self.maxo:
            buddy_pfn = pfn ^ (1 << order)
            if not (z.start <= buddy_pfn < z.end) or self.border[buddy_pfn] != order:
                break
            bmt = mt
            if order >= self.pb:
                bmt = self.bt(buddy_pfn)
                if mt != bmt and (not mergeable(mt) or not mergeable(bmt)):
                    break
            self.unlink(z, buddy_pfn)
            if bmt != mt:
                self.change_pageblock_range(buddy_pfn, order, mt)
            pfn = buddy_pfn & pfn
            order += 1
        if not tail:
            tail = self.buddy_merge_likely(z, pfn, buddy_pfn, order)
        self.add(z, pfn, order, mt, tail)
        return pfn, order

    def buddy_merge_likely(self, z, pfn, buddy_pfn, order):
        if order >= self.maxo - 1:
            return False
        higher = buddy_pfn & pfn
        hb = higher ^ (1 << (order + 1))
        return z.start <= hb < z.end and self.border[hb] == order + 1

    # ----------------------------------------------------------------- alloc
    def expand(self, z, pfn, low, high, mt):
        while high > low:
            high -= 1
            self.add(z, pfn + (1 << high), high, mt, False)

    def del_and_expand(self, z, pfn, low, high, mt):
        self.unlink(z, pfn)
        self.expand(z, pfn, low, high, mt)

    def rmqueue_smallest(self, z, order, mt):
        for o in range(order, self.maxo + 1):
            p = self.head(z, o, mt)
            if p == -1:
                continue
            self.del_and_expand(z, p, order, o, mt)
            return p
        return -1

    def can_steal_fallback(self, o, T):
        return (o >= self.pb or o >= self.pb // 2 or T in (UNM, REC) or self.grouping_off)

    def find_suitable_fallback(self, z, o, T, only_stealable, row=None):
        if z.nr_free[o] == 0:
            return -1, False
        can = False
        for f in (row if row is not None else FALLBACKS[T]):
            if self.empty(z, o, f):
                continue
            if self.can_steal_fallback(o, T):
                can = True
            if not only_stealable:
                return f, can
            if can:
                return f, can
        return -1, can

    def extfrag(self, pfn, order, cur, T, F):
        self.stats['fallback_events'] += 1
        own = self.bt(pfn) == T
        if own:
            self.stats['claim_events'] += 1
        else:
            self.stats['steal_events'] += 1
        self.trace('extfrag pfn=%d alloc_order=%d fallback_order=%d alloc_mt=%s fallback_mt=%s '
                   'change_ownership=%d' % (pfn, order, cur, NAMES[T], NAMES[F], own))

    def try_to_steal_block(self, z, page, cur, order, T):
        B = self.bt(page)
        if B == HA:
            return -1
        if cur >= self.pb:
            self.unlink(z, page)
            self.change_pageblock_range(page, cur, T)
            self.expand(z, page, order, cur, T)
            return page
        start = pageblock_start(page, self.pb)
        end = start + self.pbn
        if not (z.start <= start < z.end and z.start <= end - 1 < z.end):
            return -1
        free, movable = self.count_block(start)
        if T == MOV:
            alike = movable
        elif B == MOV:
            alike = self.pbn - (free + movable)
        else:
            alike = 0
        if free + alike >= (1 << (self.pb - 1)) or self.grouping_off:
            self.move_freepages(z, start, T)
            return self.rmqueue_smallest(z, order, T)
        return -1

    def count_block(self, start):
        free = movable = 0
        p = start
        end = start + self.pbn
        while p < end:
            o = self.border[p]
            if o >= 0:
                free += 1 << o
                p += 1 << o
                continue
            if self.is_lru(p):
                movable += 1
            p += 1
        return free, movable

    def is_lru(self, pfn):
        a = self.owner[pfn]
        return a is not None and a.dtype == MOV

    def move_freepages(self, z, start, new_mt):
        """__move_freepages_block"""
        p = start
        end = start + self.pbn
        moved = 0
        while p < end:
            o = self.border[p]
            if o < 0:
                p += 1
                continue
            self.move_tail(z, p, new_mt)
            p += 1 << o
            moved += 1 << o
        self.set_bt(start, new_mt)
        return moved

    def rmqueue_claim(self, z, order, T, flags, row=None):
        min_order = order
        if order < self.pb and flags & ALLOC_NOFRAGMENT:
            min_order = self.pb
        for cur in range(self.maxo, min_order - 1, -1):
            F, can = self.find_suitable_fallback(z, cur, T, False, row)
            if F == -1:
                continue
            if not can:
                break
            page = self.head(z, cur, F)
            got = self.try_to_steal_block(z, page, cur, order, T)
            if got != -1:
                self.extfrag(got, order, cur, T, F)
                return got
        return -1

    def rmqueue_steal(self, z, order, T, row=None):
        for cur in range(order, self.maxo + 1):
            F, _ = self.find_suitable_fallback(z, cur, T, False, row)
            if F == -1:
                continue
            page = self.head(z, cur, F)
            self.del_and_expand(z, page, order, cur, F)
            self.extfrag(page, order, cur, T, F)
            return page
        return -1

    def rmqueue(self, z, order, T, flags):
        if self.has_cma and flags & ALLOC_CMA and z.free_mt[CMA] > self.nr_free_pages(z) // 2:
            p = self.rmqueue_smallest(z, order, CMA)
            if p != -1:
                return p
        p = self.rmqueue_smallest(z, order, T)
        if p != -1:
            return p
        if flags & ALLOC_CMA:
            p = self.rmqueue_smallest(z, order, CMA)
            if p != -1:
                return p
        p = self.rmqueue_claim(z, order, T, flags)
        if p != -1:
            return p
        if not flags & ALLOC_NOFRAGMENT:
            p = self.rmqueue_steal(z, order, T)
        return p

    def rmqueue_buddy(self, z, order, T, flags):
        p = -1
        if flags & ALLOC_HIGHATOMIC:
            p = self.rmqueue_smallest(z, order, HA)
        if p == -1:
            p = self.rmqueue(z, order, T, flags)
            if p == -1 and flags & ALLOC_NON_BLOCK:
                p = self.rmqueue_smallest(z, order, HA)
        return p

    def reserve_highatomic(self, z, page, order):
        managed = z.npages
        if managed // 100 < self.pbn:
            return
        mx = align_up(managed // 100, self.pbn)
        if z.nr_reserved_highatomic >= mx:
            return
        mt = self.bt(page)
        if not mergeable(mt):
            return
        if order < self.pb:
            start = pageblock_start(page, self.pb)
            if not (z.start <= start and start + self.pbn - 1 < z.end):
                return
            self.move_freepages(z, start, HA)
            z.nr_reserved_highatomic += self.pbn
        else:
            self.change_pageblock_range(page, order, HA)
            z.nr_reserved_highatomic += 1 << order
        self.trace('reserve_highatomic_pageblock: block of %d -> HighAtomic' % page)

    def zonelist(self, zname):
        zi = self.zbyname[zname].idx if zname else len(self.zones) - 1
        return [self.zones[i] for i in range(zi, -1, -1)]

    def alloc_one(self, dtype, order, tag, flags_list, zname):
        T = UNM if self.grouping_off else dtype
        zl = self.zonelist(zname)
        flags = 0
        if self.has_cma and T == MOV:
            flags |= ALLOC_CMA
        if 'highatomic' in flags_list:
            # slow-path flags: ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE, HIGHATOMIC for order > 0
            flags |= ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE
            if order > 0:
                flags |= ALLOC_HIGHATOMIC
        elif zl[0].name == 'Normal':
            flags |= ALLOC_NOFRAGMENT
        page, pz = self.get_page_from_freelist(zl, order, T, flags)
        if page == -1:
            self.stats['allocs_failed'] += 1
            self.trace('alloc %s order %d failed' % (NAMES[dtype], order))
            return None
        return self.record(tag, page, order, dtype, T)

    def get_page_from_freelist(self, zl, order, T, flags):
        while True:
            for z in zl:
                p = self.rmqueue_buddy(z, order, T, flags)
                if p != -1:
                    if flags & ALLOC_HIGHATOMIC:
                        self.reserve_highatomic(z, p, order)
                    return p, z
            if flags & ALLOC_NOFRAGMENT:
                flags &= ~ALLOC_NOFRAGMENT
                continue
            return -1, None

    def record(self, tag, page, order, dtype, T):
        a = Alloc()
        a.tag = tag
        lst = self.tags.get(tag)
        if lst is None:
            lst = self.tags[tag] = []
            self.tag_order.append(tag)
        a.idx = len(lst)
        a.pfn = page
        a.order = order
        a.dtype = dtype
        a.mt = T
        a.live = True
        a.seq = self.seq
        a.isolated = False
        self.seq += 1
        lst.append(a)
        for i in range(page, page + (1 << order)):
            self.owner[i] = a
        self.trace('alloc %s %d -> pfn %d order %d' % (tag, a.idx, page, order))
        return a

    def free_alloc(self, a):
        for i in range(a.pfn, a.pfn + (1 << a.order)):
            self.owner[i] = None
        a.live = False
        z = self.zone_of(a.pfn)
        self.trace('free %s %d pfn %d order %d' % (a.tag, a.idx, a.pfn, a.order))
        self.free_one_page(z, a.pfn, a.order)

    def steal_one(self, dtype, frm, order, tag, zname):
        T = UNM if self.grouping_off else dtype
        row = FALLBACKS[T]
        if frm is not None and frm != 'any':
            row = tuple(f for f in row if f == TYPE_OF[frm])
        for z in self.zonelist(zname):
            p = self.rmqueue_claim(z, order, T, 0, row)
            if p == -1:
                p = self.rmqueue_steal(z, order, T, row)
            if p != -1:
                return self.record(tag, p, order, dtype, T)
        self.stats['allocs_failed'] += 1
        return None

    # ------------------------------------------------------------------ steps
    def live(self, tag):
        return [a for a in self.tags.get(tag, []) if a.live]

    def run_steps(self, steps, until=None):
        n = 0
        for st in steps:
            if until is not None and n >= until:
                break
            self.step(st)
            n += 1

    def step(self, st):
        if isinstance(st, str):
            return  # pause
        (k, v), = st.items()
        if k in ('say', 'pause', 'expect'):
            if k == 'expect':
                self.check_expect(v)
            return
        if k == 'alloc':
            cnt = int(v.get('count', 1))
            dt = TYPE_OF[v['type']]
            o = int(v.get('order', 0))
            tag = str(v.get('tag', '_'))
            fl = v.get('flags') or []
            for _ in range(cnt):
                self.alloc_one(dt, o, tag, fl, v.get('zone'))
        elif k == 'steal':
            cnt = int(v.get('count', 1))
            for _ in range(cnt):
                self.steal_one(TYPE_OF[v['type']], v.get('from'), int(v.get('order', 0)),
                               str(v.get('tag', '_')), v.get('zone'))
        elif k == 'free':
            self.do_free(v)
        elif k == 'workload':
            self.workload(v)
        elif k == 'repeat':
            for _ in range(int(v['times'])):
                for s in v.get('steps') or []:
                    self.step(s)
        elif k == 'reclaim':
            need = int(v['pages'])
            allx = [a for l in self.tags.values() for a in l if a.live and a.dtype == REC]
            allx.sort(key=lambda a: a.seq)
            got = 0
            for a in allx:
                if got >= need:
                    break
                got += 1 << a.order
                self.free_alloc(a)
        elif k == 'compact':
            import compact
            compact.compact_step(self, v)
        elif k == 'isolate':
            import isolate
            isolate.isolate_step(self, v)
        elif k == 'unisolate':
            import isolate
            isolate.unisolate_step(self, v)
        else:
            raise SystemExit('model: unknown step %s' % k)

    def check_expect(self, v):
        s = self.stats_dict()
        for key, val in v.items():
            if s.get(key) != val:
                self.expect_failed = True

    def do_free(self, v):
        if 'pfn' in v:
            p = int(v['pfn'])
            a = self.owner[p] if 0 <= p < self.npfn else None
            if a is not None:
                self.free_alloc(a)
            return
        live = self.live(str(v['tag']))
        if 'every' in v:
            K = int(v['every'])
            O = int(v.get('offset', 0))
            sel = [a for a in live if a.idx % K == O]
        elif 'first' in v:
            sel = live[:int(v['first'])]
        elif 'last' in v:
            n = int(v['last'])
            sel = live[max(0, len(live) - n):] if n > 0 else []
        elif 'index' in v:
            want = set(int(i) for i in v['index'])
            sel = [a for a in live if a.idx in want]
        elif 'random' in v:
            P = float(v['random'])
            sel = [a for a in live if self.rng.double() < P]
        else:
            sel = live
        for a in sel:
            self.free_alloc(a)

    def workload(self, v):
        ops = int(v['ops'])
        mix = v.get('mix') or {'unmovable': 0.1, 'movable': 0.8, 'reclaimable': 0.1}
        mixe = [(t, float(mix.get(t, 0))) for t in ('unmovable', 'movable', 'reclaimable')]
        orders = v.get('orders') or {0: 1.0}
        orde = sorted((int(k), float(w)) for k, w in orders.items())
        fr = float(v.get('free_ratio', 0.5))
        tag = str(v.get('tag', 'w'))
        lst = self.tags.get(tag)
        for _ in range(ops):
            u = self.rng.double()
            lst = self.tags.get(tag)
            live = [a for a in lst if a.live] if lst else []
            if u < fr and live:
                k = self.rng.below(len(live))
                self.free_alloc(live[k])
            else:
                t = self.rng.weighted(mixe)
                o = self.rng.weighted(orde)
                self.alloc_one(TYPE_OF[t], o, tag, [], None)

    # ------------------------------------------------------------------ dumps
    def types_shown(self):
        return [UNM, MOV, REC, HA] + ([CMA] if self.has_cma else []) + [ISO]

    def dump_buddyinfo(self):
        out = []
        for z in self.zones:
            s = 'Node 0, zone %8s ' % z.name
            s += ''.join('%6d ' % n for n in z.nr_free)
            out.append(s + '\n')
        return ''.join(out)

    def dump_pagetypeinfo(self):
        out = ['Page block order: %d\n' % self.pb, 'Pages per block:  %d\n' % self.pbn, '\n']
        s = '%-43s ' % 'Free pages count per migrate type at order'
        s += ''.join('%6d ' % o for o in range(self.maxo + 1))
        out.append(s + '\n')
        types = self.types_shown()
        for z in self.zones:
            for t in types:
                s = 'Node %4d, zone %8s, type %12s ' % (0, z.name, NAMES[t])
                for o in range(self.maxo + 1):
                    l = z.lists.get((o, t))
                    n = l[2] if l else 0
                    if n >= 100000:
                        s += '>%6d ' % 100000
                    else:
                        s += '%6d ' % n
                out.append(s + '\n')
        s = '\n%-23s' % 'Number of blocks type '
        s += ''.join('%12s ' % NAMES[t] for t in types)
        out.append(s + '\n')
        for z in self.zones:
            cnt = {t: 0 for t in types}
            for p in range(z.start, z.end, self.pbn):
                cnt[self.bt(p)] = cnt.get(self.bt(p), 0) + 1
            s = 'Node %d, zone %8s ' % (0, z.name)
            s += ''.join('%12d ' % cnt[t] for t in types)
            out.append(s + '\n')
        return ''.join(out)

    def block_free_counts(self):
        free = {}
        for z in self.zones:
            p = z.start
            while p < z.end:
                o = self.border[p]
                if o >= 0:
                    n = 1 << o
                    # a chunk may span several blocks
                    q = p
                    while q < p + n:
                        b = q >> self.pb
                        free[b] = free.get(b, 0) + min(self.pbn, n)
                        q += self.pbn
                    p += n
                else:
                    p += 1
        return free

    def block_alloc_counts(self):
        cnt = {}
        for l in self.tags.values():
            for a in l:
                if not a.live:
                    continue
                n = 1 << a.order
                p = a.pfn
                while p < a.pfn + n:
                    b = p >> self.pb
                    c = cnt.setdefault(b, [0, 0, 0])
                    k = min(self.pbn, a.pfn + n - p)
                    c[a.dtype] += k
                    p += k
        return cnt

    def dump_blocks(self):
        free = self.block_free_counts()
        cnt = self.block_alloc_counts()
        out = ['# block start_pfn type free unmovable movable reclaimable\n']
        for i, p in enumerate(self.blocklist):
            b = p >> self.pb
            c = cnt.get(b, [0, 0, 0])
            out.append('%d %d %s %d %d %d %d\n' % (i, p, NAMES[self.btype[b]], free.get(b, 0),
                                                   c[0], c[1], c[2]))
        return ''.join(out)

    def dump_allocs(self):
        out = ['# tag index pfn order type\n']
        for t in self.tag_order:
            for a in self.tags[t]:
                if a.live:
                    out.append('%s %d %d %d %s\n' % (t, a.idx, a.pfn, a.order, NAMES[a.dtype]))
        return ''.join(out)

    def stats_dict(self):
        s = {}
        s['pages_total'] = self.total
        s['pages_free'] = sum(self.nr_free_pages(z) for z in self.zones)
        s['pages_pcp'] = 0
        s['allocs_live'] = sum(1 for l in self.tags.values() for a in l if a.live)
        s['allocs_failed'] = self.stats['allocs_failed']
        bc = {t: 0 for t in NAMES}
        for p in self.blocklist:
            bc[self.bt(p)] += 1
        s['blocks_unmovable'] = bc[UNM]
        s['blocks_movable'] = bc[MOV]
        s['blocks_reclaimable'] = bc[REC]
        s['blocks_highatomic'] = bc[HA]
        s['blocks_cma'] = bc[CMA]
        s['blocks_isolate'] = bc[ISO]
        cnt = self.block_alloc_counts()
        mixed = 0
        for p in self.blocklist:
            b = p >> self.pb
            c = cnt.get(b)
            if c and any(c[t] for t in (UNM, MOV, REC) if t != self.btype[b]):
                mixed += 1
        s['mixed_blocks'] = mixed
        for k in ('fallback_events', 'claim_events', 'steal_events', 'compact_migrated',
                  'compact_migrate_scanned', 'compact_free_scanned'):
            s[k] = self.stats[k]
        nr = [sum(z.nr_free[o] for z in self.zones) for o in range(self.maxo + 1)]
        lfo = -1
        for o in range(self.maxo + 1):
            if nr[o]:
                lfo = o
        s['largest_free_order'] = lfo
        k = self.pb
        blocks_total = sum(nr)
        pages = sum(nr[o] << o for o in range(self.maxo + 1))
        suitable = sum(nr[o] << (o - k) for o in range(k, self.maxo + 1))
        if blocks_total == 0:
            fi = 0
        elif suitable > 0:
            fi = -1000
        else:
            fi = 1000 - (1000 + (pages * 1000 // (1 << k))) // blocks_total
        s['extfrag_index'] = fi
        s['unusable_index'] = 1000 if pages == 0 else (pages - (suitable << k)) * 1000 // pages
        return s

    def dump_stats(self):
        s = self.stats_dict()
        return ''.join('%s: %d\n' % (k, v) for k, v in s.items())

    def dump(self, name):
        return getattr(self, 'dump_' + name)()


def pageblock_start(pfn, pb):
    return pfn & ~((1 << pb) - 1)


def align_up(x, a):
    return (x + a - 1) // a * a


def parse_size(v):
    if isinstance(v, int):
        return v
    s = str(v).strip()
    units = {'KiB': 10, 'MiB': 20, 'GiB': 30, 'TiB': 40, 'K': 10, 'M': 20, 'G': 30, 'T': 40}
    for u in ('KiB', 'MiB', 'GiB', 'TiB', 'K', 'M', 'G', 'T'):
        if s.endswith(u):
            return int(s[:-len(u)]) << units[u]
    return int(s)


def main(argv):
    args = argv[1:]
    if args and args[0] == 'run':
        args = args[1:]
    until = None
    dumps = []
    trace = False
    profile = None
    f = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == '--until':
            until = int(args[i + 1]); i += 2; continue
        if a.startswith('--dump='):
            dumps += a[7:].split(','); i += 1; continue
        if a == '--dump':
            dumps += args[i + 1].split(','); i += 2; continue
        if a == '--trace':
            trace = True; i += 1; continue
        if a == '--profile':
            profile = args[i + 1]; i += 2; continue
        if a.startswith('--profile='):
            profile = a[10:]; i += 1; continue
        f = a
        i += 1
    with open(f) as fh:
        sc = yaml.safe_load(fh)
    m = Model(sc, profile=profile, trace=trace)
    m.expect_failed = False
    m.run_steps(sc.get('steps') or [], until)
    sys.stdout.write(''.join(m.dump(d) for d in dumps))
    return 1 if m.expect_failed else 0


if __name__ == '__main__':
    sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
    sys.exit(main(sys.argv))
