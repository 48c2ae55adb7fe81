"""Compaction for the model: mm/compaction.c (6.12.117) compact_zone() and helpers,
pcp off, watermarks off (all marks 0), no direct compaction (the contract's
`compact` step: order -1 = compact_node() control, order N = kcompactd_do_work()
control without its deferral/suitability gate).

Environment switches (to classify discrepancies, default = kernel as written):
  MODEL_SUIT=1         run compaction_suit_allocation_order() inside compact_zone() as the
                       kernel does (default off: the contract says the step always scans)
  MODEL_CACHE_EDGES=1  zone compaction caches start at the zone edges instead of 0
  MODEL_CC_PER_ZONE=1  a fresh compact_control per zone (kcompactd_do_work shares one)
"""
import os

from model import UNM, MOV, REC, HA, CMA, ISO, mergeable

ASYNC, SYNC_LIGHT, SYNC = 0, 1, 2
MODES = {'async': ASYNC, 'sync_light': SYNC_LIGHT, 'sync': SYNC}
CONTINUE, SUCCESS, SKIPPED, COMPLETE, PARTIAL_SKIPPED, CONTENDED = range(6)
RNAMES = ['continue', 'success', 'skipped', 'complete', 'partial_skipped', 'contended']
ISOLATE_NONE, ISOLATE_SUCCESS = 1, 2
ULONG_MAX = (1 << 64) - 1
CLUSTER = 32
COMPACTION_HPAGE_ORDER = 9
ENOMEM = -12


class Placeholder:
    """A migration destination between compaction_alloc() and the copy."""
    __slots__ = ('order', 'dtype', 'pfn')

    def __init__(self, pfn, order):
        self.pfn = pfn
        self.order = order
        self.dtype = None


class CC:
    pass


def compact_step(m, v):
    order = int(v.get('order', -1))
    mode = MODES[v.get('mode') or ('sync' if order == -1 else 'sync_light')]
    zones = [m.zbyname[v['zone']]] if v.get('zone') else list(m.zones)
    if not getattr(m, 'compact_init_done', False):
        m.compact_init_done = True
        for z in m.zones:
            if os.environ.get('MODEL_CACHE_EDGES'):
                z.cached_migrate = [z.start, z.start]
                z.cached_free = pbstart(m, z.end - 1)
                z.init_migrate = z.start
                z.init_free = z.cached_free
            else:
                # struct zone is zeroed at boot; nothing initialises these
                z.cached_migrate = [0, 0]
                z.cached_free = 0
                z.init_migrate = 0
                z.init_free = 0
    cc = CC()
    cc.order = order
    cc.mode = mode
    cc.ignore_skip_hint = order == -1
    cc.whole_zone = order == -1
    cc.search_order = order if order > 0 else 0
    cc.fast_search_fail = 0
    cc.migratetype = UNM          # gfp_migratetype(GFP_KERNEL)
    cc.max_migrate = int(v['max_migrate']) if v.get('max_migrate') is not None else None
    cc.step_migrated = 0
    cc.stop = False
    for z in zones:
        cc.zone = z
        if os.environ.get('MODEL_CC_PER_ZONE'):
            cc.whole_zone = order == -1
            if 's' in os.environ.get('MODEL_CC_PER_ZONE'):
                cc.search_order = order if order > 0 else 0
            if 'f' in os.environ.get('MODEL_CC_PER_ZONE'):
                cc.fast_search_fail = 0
        r = compact_zone(m, cc)
        m.trace('compact_zone %s order %d: %s' % (z.name, order, RNAMES[r]))
        if cc.stop:
            break


def pbstart(m, pfn):
    return pfn & ~(m.pbn - 1)


def pbend(m, pfn):
    return (pfn + m.pbn) & ~(m.pbn - 1)   # ALIGN(pfn + 1, pbn)


def aligned(m, pfn):
    return pfn & (m.pbn - 1) == 0


# ---------------------------------------------------------------- helpers
def fragmentation_index(m, z, order):
    total = sum(z.nr_free)
    pages = sum(z.nr_free[o] << o for o in range(m.maxo + 1))
    suitable = sum(z.nr_free[o] << (o - order) for o in range(order, m.maxo + 1))
    if total == 0:
        return 0
    if suitable:
        return -1000
    return 1000 - (1000 + pages * 1000 // (1 << order)) // total


def suit_allocation_order(m, z, order):
    # zone_watermark_ok(zone, order, min mark = 0, ..., alloc_flags = 0)
    free = m.nr_free_pages(z) - ((1 << order) - 1) - z.free_mt[HA] - z.free_mt[CMA]
    if free > 0:
        for o in range(order, m.maxo + 1):
            if z.nr_free[o] and any(not m.empty(z, o, t) for t in (UNM, MOV, REC)):
                return SUCCESS
    # compaction_suitable(): order-0 check of mark + compact_gap(order), ALLOC_CMA
    free0 = m.nr_free_pages(z) - z.free_mt[HA]
    if not free0 > (2 << order):
        return SKIPPED
    if order > 3:
        fi = fragmentation_index(m, z, order)
        if 0 <= fi <= 500:
            return SKIPPED
    return CONTINUE


def isolation_suitable(m, cc, pfn):
    return cc.ignore_skip_hint or not m.bskip[pfn >> m.pb]


def set_skip(m, pfn):
    m.bskip[pfn >> m.pb] = True


def update_cached_migrate(m, cc, pfn):
    z = cc.zone
    pfn = pbend(m, pfn)
    if pfn > z.cached_migrate[0]:
        z.cached_migrate[0] = pfn
    if cc.mode != ASYNC and pfn > z.cached_migrate[1]:
        z.cached_migrate[1] = pfn


def update_pageblock_skip(m, cc, page, pfn):
    set_skip(m, page)
    if pfn >= 0 and pfn < cc.zone.cached_free:
        cc.zone.cached_free = pfn
        m.trace('  update_pageblock_skip: cached_free_pfn -> %d' % pfn)


def reset_cached_positions(m, z):
    z.cached_migrate = [z.start, z.start]
    z.cached_free = pbstart(m, z.end - 1)


def scanners_met(m, cc):
    return (cc.free_pfn >> m.pb) <= (cc.migrate_pfn >> m.pb)


def rebuild_list(m, z, o, mt, order):
    l = m.lst(z, o, mt)
    prev = -1
    for p in order:
        m.prv[p] = prev
        if prev != -1:
            m.nxt[prev] = p
        prev = p
    if order:
        m.nxt[order[-1]] = -1
        l[0], l[1] = order[0], order[-1]


def move_freelist_head(m, z, o, mt, fp):
    lst = m.list_pfns(z, o, mt)
    i = lst.index(fp)
    if i:
        if os.environ.get('MODEL_HYP_ROT1'):
            rebuild_list(m, z, o, mt, [fp] + lst[:i] + lst[i + 1:])
            return
        rebuild_list(m, z, o, mt, lst[i:] + lst[:i])


def move_freelist_tail(m, z, o, mt, fp):
    lst = m.list_pfns(z, o, mt)
    i = lst.index(fp)
    if i != len(lst) - 1:
        if os.environ.get('MODEL_HYP_ROT2'):
            rebuild_list(m, z, o, mt, lst[:i] + lst[i + 1:] + [fp])
            return
        rebuild_list(m, z, o, mt, lst[i + 1:] + lst[:i + 1])


def isolate_free_page(m, z, p, o):
    """__isolate_free_page(): watermark with marks 0, then unlink; order >= PB-1
    retypes the mergeable blocks it touches to MOVABLE."""
    mt = m.bt(p)
    if mt != ISO:
        if not (m.nr_free_pages(z) - z.free_mt[HA] > (1 << o)):
            return 0
    m.unlink(z, p)
    if o >= m.pb - 1:
        q = p
        endp = p + (1 << o) - 1
        while q < endp:
            bmt = m.bt(q)
            if mergeable(bmt):
                start = pbstart(m, q)
                if z.start <= start and start + m.pbn - 1 < z.end:
                    m.move_freepages(z, start, MOV)
            q += m.pbn
    return 1 << o


# ---------------------------------------------------------------- compact_zone
def compact_zone(m, cc):
    z = cc.zone
    cc.total_migrate_scanned = 0
    cc.total_free_scanned = 0
    cc.nr_migratepages = 0
    cc.nr_freepages = 0
    cc.freepages = [[] for _ in range(m.maxo + 1)]
    cc.migratepages = []
    cc.finish_pageblock = False
    if cc.order != -1 and os.environ.get('MODEL_SUIT'):
        r = suit_allocation_order(m, z, cc.order)
        if r != CONTINUE:
            return r
    cc.fast_start_pfn = 0
    start, end = z.start, z.end
    sync = 1 if cc.mode != ASYNC else 0
    if cc.whole_zone:
        cc.migrate_pfn = start
        cc.free_pfn = pbstart(m, end - 1)
    else:
        cc.migrate_pfn = z.cached_migrate[sync]
        cc.free_pfn = z.cached_free
        if cc.free_pfn < start or cc.free_pfn >= end:
            cc.free_pfn = pbstart(m, end - 1)
            z.cached_free = cc.free_pfn
        if cc.migrate_pfn < start or cc.migrate_pfn >= end:
            cc.migrate_pfn = start
            z.cached_migrate = [start, start]
        if cc.migrate_pfn <= z.init_migrate:
            cc.whole_zone = True
    m.trace('mm_compaction_begin zone=%s migrate_pfn=%d free_pfn=%d sync=%d'
            % (z.name, cc.migrate_pfn, cc.free_pfn, sync))
    last_migrated = 0
    update_cached = (not sync) and z.cached_migrate[0] == z.cached_migrate[1]
    while True:
        ret = compact_finished(m, cc)
        if ret != CONTINUE:
            break
        iteration_start = cc.migrate_pfn
        cc.finish_pageblock = pbstart(m, last_migrated) == pbstart(m, iteration_start)
        out = False
        while True:   # rescan:
            r = isolate_migratepages(m, cc)
            if r == ISOLATE_NONE:
                if update_cached:
                    z.cached_migrate[1] = z.cached_migrate[0]
                break
            update_cached = False
            last_migrated = max(z.start, pbstart(m, cc.migrate_pfn - 1))
            err = migrate_pages(m, cc)
            cc.nr_migratepages = 0
            if cc.max_migrate is not None and cc.step_migrated >= cc.max_migrate:
                cc.stop = True
                out = True
                ret = SUCCESS
                break
            if err:
                if err == ENOMEM and not scanners_met(m, cc):
                    ret = CONTENDED
                    out = True
                    break
                if (not aligned(m, cc.migrate_pfn) and not cc.ignore_skip_hint
                        and not cc.finish_pageblock and cc.mode < SYNC):
                    cc.finish_pageblock = True
                    if cc.order == COMPACTION_HPAGE_ORDER:
                        last_migrated = 0
                    continue
            break
        if out:
            break
        # check_drain
        if cc.order > 0 and last_migrated:
            cur = cc.migrate_pfn & ~((1 << cc.order) - 1)
            if last_migrated < cur:
                last_migrated = 0
    # out:
    if cc.nr_freepages > 0:
        high = 0
        for o in range(m.maxo + 1):
            for p in cc.freepages[o]:
                m.free_one_page(z, p, o)
                if p > high:
                    high = p
            cc.freepages[o] = []
        cc.nr_freepages = 0
        fp = pbstart(m, high)
        if fp > z.cached_free:
            z.cached_free = fp
    m.stats['compact_migrate_scanned'] += cc.total_migrate_scanned
    m.stats['compact_free_scanned'] += cc.total_free_scanned
    m.trace('mm_compaction_end zone=%s status=%s migrate_scanned=%d free_scanned=%d'
            % (z.name, RNAMES[ret], cc.total_migrate_scanned, cc.total_free_scanned))
    return ret


def compact_finished(m, cc):
    z = cc.zone
    if scanners_met(m, cc):
        reset_cached_positions(m, z)
        return COMPLETE if cc.whole_zone else PARTIAL_SKIPPED
    if cc.order == -1:
        return CONTINUE
    if not aligned(m, cc.migrate_pfn):
        return CONTINUE
    for o in range(cc.order, m.maxo + 1):
        if not m.empty(z, o, cc.migratetype):
            return SUCCESS
        if cc.migratetype == MOV and m.has_cma and not m.empty(z, o, CMA):
            return SUCCESS
        f, _ = m.find_suitable_fallback(z, o, cc.migratetype, True)
        if f != -1:
            return SUCCESS
    return CONTINUE


# ---------------------------------------------------------------- migrate scanner
def fast_find_migrateblock(m, cc):
    z = cc.zone
    pfn = cc.migrate_pfn
    if cc.ignore_skip_hint or cc.finish_pageblock:
        return pfn
    if pfn != z.start and pfn != pbstart(m, pfn):
        return pfn
    if cc.order <= 3:
        return pfn
    limit = (CLUSTER >> min(63, cc.fast_search_fail)) + 1
    nr_scanned = 0
    distance = (cc.free_pfn - cc.migrate_pfn) >> 1
    if cc.migrate_pfn != z.start:
        distance >>= 2
    high_pfn = pbstart(m, cc.migrate_pfn + distance)
    found = False
    order = cc.order - 1
    while order >= 3 and not found and nr_scanned < limit:
        if z.nr_free[order]:
            for fp in m.list_pfns(z, order, MOV):
                old = nr_scanned
                nr_scanned += 1
                if old >= limit:
                    move_freelist_tail(m, z, order, MOV, fp)
                    break
                if fp < high_pfn:
                    if m.bskip[fp >> m.pb]:
                        continue
                    move_freelist_tail(m, z, order, MOV, fp)
                    if cc.fast_start_pfn != ULONG_MAX:
                        if not cc.fast_start_pfn:
                            cc.fast_start_pfn = fp
                        cc.fast_start_pfn = min(cc.fast_start_pfn, fp)
                    pfn = max(pbstart(m, fp), z.start)
                    cc.fast_search_fail = 0
                    found = True
                    break
        order -= 1
    cc.total_migrate_scanned += nr_scanned
    m.trace('  fast_find_migrateblock: %d looked at, found %s, high_pfn %d' % (nr_scanned, found, high_pfn))
    if not found:
        cc.fast_search_fail += 1
        if cc.fast_start_pfn and cc.fast_start_pfn != ULONG_MAX:
            cc.migrate_pfn = cc.fast_start_pfn
            cc.fast_start_pfn = ULONG_MAX
        pfn = cc.migrate_pfn
    return pfn


def suitable_migration_source(m, cc, page):
    a = m.owner[page]
    if a is not None and a.order >= m.pb:
        return False   # pageblock_skip_persistent
    return True        # never direct async here


def isolate_migratepages(m, cc):
    z = cc.zone
    low = fast_find_migrateblock(m, cc)
    bstart = max(pbstart(m, low), z.start)
    fast_find_block = low != cc.migrate_pfn and not cc.fast_search_fail
    bend = pbend(m, low)
    while bend <= cc.free_pfn:
        page = bstart
        ok = True
        if ((aligned(m, low) or low == z.start) and not fast_find_block
                and not isolation_suitable(m, cc, page)):
            ok = False
        elif not suitable_migration_source(m, cc, page):
            update_cached_migrate(m, cc, bend)
            ok = False
        if ok:
            isolate_migratepages_block(m, cc, low, bend)
            break
        fast_find_block = False
        cc.migrate_pfn = low = bend
        bstart = bend
        bend += m.pbn
    return ISOLATE_SUCCESS if cc.nr_migratepages else ISOLATE_NONE


def skip_isolation_on_order(m, order, target):
    if target != -1 and order >= target:
        return True
    return order >= m.pb


def isolate_migratepages_block(m, cc, low, end):
    z = cc.zone
    nr_scanned = nr_isolated = 0
    valid_page = None
    skip_updated = False
    start = low
    cc.migrate_pfn = low
    aborted = False
    while low < end:
        nr_scanned += 1
        if valid_page is None and (aligned(m, low) or low == z.start):
            if not isolation_suitable(m, cc, low):
                low = end
                aborted = True
                break
            valid_page = low
        o = m.border[low]
        if o >= 0:
            if 0 < o <= m.maxo:
                low += (1 << o) - 1
                nr_scanned += (1 << o) - 1
            low += 1
            continue
        a = m.owner[low]
        if a is not None and a.order > 0 and low == a.pfn:
            if skip_isolation_on_order(m, a.order, cc.order):
                low += (1 << a.order) - 1
                nr_scanned += (1 << a.order) - 1
                low += 1
                continue
        if a is None or a.dtype != MOV or low != a.pfn or getattr(a, 'isolated', False):
            low += 1
            continue
        if not skip_updated and valid_page is not None:
            skip_updated = True
            was = False
            if not cc.ignore_skip_hint:
                was = m.bskip[valid_page >> m.pb]
                m.bskip[valid_page >> m.pb] = True
            if was and not cc.finish_pageblock:
                low = end
                aborted = True
                break
        n = 1 << a.order
        low += n - 1
        a.isolated = True
        cc.migratepages.insert(0, a)
        cc.nr_migratepages += n
        nr_isolated += n
        nr_scanned += n - 1
        if cc.nr_migratepages >= CLUSTER and not cc.finish_pageblock:
            low += 1
            break
        low += 1
    if not aborted and low > end:
        low = end
    if low == end and (not nr_isolated or cc.finish_pageblock):
        if valid_page is not None and not skip_updated:
            set_skip(m, valid_page)
        update_cached_migrate(m, cc, low)
    m.trace('mm_compaction_isolate_migratepages start=%d end=%d nr_scanned=%d nr_taken=%d'
            % (start, low, nr_scanned, nr_isolated))
    cc.total_migrate_scanned += nr_scanned
    cc.migrate_pfn = low


# ---------------------------------------------------------------- free scanner
def suitable_migration_target(m, cc, page):
    o = m.border[page]
    if o >= 0:
        lim = cc.order if cc.order > 0 else m.pb
        if o >= lim:
            return False
    return m.bt(page) in (MOV, CMA)


def isolate_freepages_block(m, cc, start, end, stride):
    z = cc.zone
    nr_scanned = total = 0
    p = start
    while p < end:
        nr_scanned += 1
        a = m.owner[p]
        if a is not None and a.order > 0:
            if p == a.pfn:
                n = 1 << a.order
                if p + n <= end:
                    p += n - 1
                    nr_scanned += n - 1
            p += stride
            continue
        o = m.border[p]
        if o < 0:
            p += stride
            continue
        got = isolate_free_page(m, z, p, o)
        if not got:
            break
        nr_scanned += got - 1
        total += got
        cc.nr_freepages += got
        cc.freepages[o].append(p)
        if cc.nr_migratepages <= cc.nr_freepages:
            p += got
            break
        p += got - 1
        p += stride
    if p > end:
        p = end
    m.trace('mm_compaction_isolate_freepages start=%d end=%d nr_scanned=%d nr_taken=%d'
            % (start, p, nr_scanned, total))
    cc.total_free_scanned += nr_scanned
    return total, p


def fast_isolate_around(m, cc, pfn):
    z = cc.zone
    if cc.nr_freepages >= cc.nr_migratepages:
        return
    start = max(pbstart(m, pfn), z.start)
    end = min(pbend(m, pfn), z.end)
    _, p = isolate_freepages_block(m, cc, start, end, 1)
    if p == end:
        set_skip(m, start)


def next_search_order(cc, order):
    order -= 1
    if order < 0:
        order = cc.order - 1
    if order == cc.search_order:
        cc.search_order -= 1
        if cc.search_order < 0:
            cc.search_order = cc.order - 1
        return -1
    return order


def fast_isolate_freepages(m, cc):
    z = cc.zone
    if cc.order <= 0:
        return
    limit = max(1, ((CLUSTER >> min(63, cc.fast_search_fail)) + 1) >> 1)
    nr_scanned = 0
    highest = 0
    page = None
    scan_start = False
    if cc.free_pfn >= z.init_free:
        limit = m.pbn >> 1
        scan_start = True
    distance = cc.free_pfn - cc.migrate_pfn
    low_pfn = pbstart(m, cc.free_pfn - (distance >> 2))
    min_pfn = pbstart(m, cc.free_pfn - (distance >> 1))
    if min_pfn > low_pfn:
        low_pfn = min_pfn
    cc.search_order = min(cc.order - 1, cc.search_order)
    order = cc.search_order
    while page is None and order >= 0:
        if z.nr_free[order]:
            if os.environ.get('MODEL_DEBUG'):
                m.trace('   fast order %d limit %d list(tail first) %s' % (order, limit, list(reversed(m.list_pfns(z, order, MOV)))))
            order_scanned = 0
            high_pfn = 0
            freepage = None
            for fp in reversed(m.list_pfns(z, order, MOV)):
                order_scanned += 1
                nr_scanned += 1
                if fp >= highest:
                    highest = max(pbstart(m, fp), z.start)
                if fp >= low_pfn:
                    cc.fast_search_fail = 0
                    cc.search_order = order
                    page = fp
                    freepage = fp
                    break
                if fp >= min_pfn and fp > high_pfn:
                    high_pfn = fp
                    limit >>= 1
                if order_scanned >= limit:
                    freepage = fp
                    break
            if page is None and high_pfn:
                page = high_pfn
                freepage = page
            if freepage is not None:
                move_freelist_head(m, z, order, MOV, freepage)
            if page is not None:
                got = isolate_free_page(m, z, page, order)
                if got:
                    nr_scanned += got - 1
                    cc.nr_freepages += got
                    cc.freepages[order].append(page)
                else:
                    order = cc.search_order + 1
                    page = None
            if cc.nr_freepages >= cc.nr_migratepages:
                break
            if order_scanned >= limit:
                limit = max(1, limit >> 1)
        order = next_search_order(cc, order)
    if page is None:
        cc.fast_search_fail += 1
        if scan_start and highest >= min_pfn:
            page = highest
            cc.free_pfn = highest
    if highest and highest >= z.cached_free:
        highest -= m.pbn
        z.cached_free = highest
        m.trace('  fast_isolate_freepages: cached_free_pfn -> %d' % highest)
    m.trace('mm_compaction_fast_isolate_freepages min_pfn=%d free_pfn=%d nr_scanned=%d'
            % (min_pfn, cc.free_pfn, nr_scanned))
    cc.total_free_scanned += nr_scanned
    if page is None:
        return
    fast_isolate_around(m, cc, page)


def isolate_freepages(m, cc):
    z = cc.zone
    fast_isolate_freepages(m, cc)
    if cc.nr_freepages:
        return
    isolate_start = cc.free_pfn
    bstart = pbstart(m, isolate_start)
    bend = min(bstart + m.pbn, z.end)
    low = pbend(m, cc.migrate_pfn)
    stride = CLUSTER if cc.mode == ASYNC else 1
    while bstart >= low:
        page = bstart
        if suitable_migration_target(m, cc, page) and isolation_suitable(m, cc, page):
            nr, isolate_start = isolate_freepages_block(m, cc, isolate_start, bend, stride)
            if isolate_start == bend:
                update_pageblock_skip(m, cc, page, bstart - m.pbn)
            if cc.nr_freepages >= cc.nr_migratepages:
                if isolate_start >= bend:
                    isolate_start = bstart - m.pbn
                break
            elif isolate_start < bend:
                break
            if nr:
                stride = 1
            else:
                stride = min(CLUSTER, stride << 1)
        bend = bstart
        bstart -= m.pbn
        isolate_start = bstart
    cc.free_pfn = isolate_start


def compaction_alloc(m, cc, order):
    has_isolated = False
    while True:
        s = order
        while s <= m.maxo and not cc.freepages[s]:
            s += 1
        if s > m.maxo:
            if has_isolated:
                return None
            isolate_freepages(m, cc)
            has_isolated = True
            continue
        p = cc.freepages[s].pop(0)
        while s > order:
            s -= 1
            cc.freepages[s].insert(0, p + (1 << s))
        cc.nr_freepages -= 1 << order
        cc.nr_migratepages -= 1 << order
        return p


def migrate_pages(m, cc):
    srcs = cc.migratepages
    pairs = []
    err = 0
    moved = 0
    if os.environ.get('MODEL_HYP_INTERLEAVE'):
        for a in srcs:
            d = compaction_alloc(m, cc, a.order)
            if d is None:
                err = ENOMEM
                break
            pairs.append((a, d))
            n = 1 << a.order
            src = a.pfn
            for i in range(d, d + n):
                m.owner[i] = a
            for i in range(src, src + n):
                m.owner[i] = None
            a.pfn = d
            m.free_one_page(m.zone_of(src), src, a.order)
            moved += n
        for a in srcs:
            a.isolated = False
        cc.migratepages = []
        m.stats['compact_migrated'] += moved
        cc.step_migrated += moved
        return err
    # migrate_pages() hands migrate_pages_batch() at most NR_MAX_BATCHED_MIGRATION
    # (HPAGE_PMD_NR = 512) pages at a time: the folio that reaches 512 closes a batch
    # (mm/migrate.c:2066-2078); a batch that fails with -ENOMEM ends migrate_pages().
    batches = []
    cur = []
    nr = 0
    for a in srcs:
        cur.append(a)
        nr += 1 << a.order
        if nr >= 512:
            batches.append(cur)
            cur = []
            nr = 0
    if cur:
        batches.append(cur)
    for batch in batches:
        pairs = []
        for a in batch:
            d = compaction_alloc(m, cc, a.order)
            if d is None:
                err = ENOMEM
                break
            ph = Placeholder(d, a.order)
            for i in range(d, d + (1 << a.order)):
                m.owner[i] = ph
            pairs.append((a, d))
        moved += move_pairs(m, pairs)
        if err:
            break
    for a in srcs:
        a.isolated = False
    cc.migratepages = []
    m.stats['compact_migrated'] += moved
    cc.step_migrated += moved
    m.trace('mm_compaction_migratepages nr_migrated_pages=%d' % moved)
    return err


def move_pairs(m, pairs):
    moved = 0
    for a, d in pairs:
        n = 1 << a.order
        src = a.pfn
        for i in range(d, d + n):
            m.owner[i] = a
        for i in range(src, src + n):
            m.owner[i] = None
        a.pfn = d
        m.trace('migrate %s %d: pfn %d -> %d' % (a.tag, a.idx, src, d))
        m.free_one_page(m.zone_of(src), src, a.order)
        moved += n
    return moved
