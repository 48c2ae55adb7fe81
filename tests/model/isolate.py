"""isolate / unisolate steps: mm/page_isolation.c start_isolate_page_range() /
undo_isolate_page_range() with migratetype MIGRATE_MOVABLE, and
move_freepages_block_isolate() from mm/page_alloc.c (6.12.117)."""
from model import UNM, MOV, REC, HA, CMA, ISO


def blk_pfn(m, b):
    return m.blocklist[b]


def find_large_buddy(m, start):
    order = 0
    pfn = start
    while m.border[pfn] < 0:
        order += 1
        if order > m.maxo:
            return start
        pfn &= ~((1 << order) - 1)
    if pfn + (1 << m.border[pfn]) > start:
        return pfn
    return start


def split_large_buddy(m, z, pfn, order):
    m.free_one_page(z, pfn, order)    # split_large_buddy(..., FPI_NONE)


def move_freepages_block_isolate(m, z, page, mt):
    if m.pb != m.maxo:
        pfn = find_large_buddy(m, page)
        if pfn != page:
            order = m.border[pfn]
            m.unlink(z, pfn)
            m.set_bt(page, mt)
            split_large_buddy(m, z, pfn, order)
            return True
        o = m.border[page]
        if o > m.pb:
            m.unlink(z, page)
            m.set_bt(page, mt)
            split_large_buddy(m, z, page, o)
            return True
    m.move_freepages(z, page, mt)
    return True


def has_unmovable_pages(m, start, end):
    if m.bt(start) == CMA:
        return start      # not isolating for CMA
    pfn = start
    while pfn < end:
        a = m.owner[pfn]
        if a is not None and a.order > 0:          # PageTransCompound
            if a.dtype != MOV:
                return pfn
            pfn = a.pfn + (1 << a.order)
            continue
        if a is None:                              # refcount 0: free
            o = m.border[pfn]
            if o >= 0:
                pfn += 1 << o
            else:
                pfn += 1
            continue
        if a.dtype == MOV:
            pfn += 1
            continue
        return pfn
    return None


def set_migratetype_isolate(m, z, page):
    if m.bt(page) == ISO:
        return 'already isolated'
    bad = has_unmovable_pages(m, page, page + m.pbn)
    if bad is not None:
        return 'unmovable page at pfn %d' % bad
    move_freepages_block_isolate(m, z, page, ISO)
    return None


def unset_migratetype_isolate(m, z, page, mt=MOV):
    if m.bt(page) != ISO:
        return
    isolated = False
    o = m.border[page]
    if o >= 0 and m.pb <= o < m.maxo:
        b = page ^ (1 << o)
        if z.start <= b < z.end and m.border[b] == o and m.bt(b) != ISO:
            # __isolate_free_page(): ISOLATE block, no watermark check
            m.unlink(z, page)
            q = page
            while q < page + (1 << o) - 1:
                bm = m.bt(q)
                if bm in (UNM, MOV, REC):
                    m.move_freepages(z, q & ~(m.pbn - 1), MOV)
                q += m.pbn
            isolated = True
    if not isolated:
        move_freepages_block_isolate(m, z, page, mt)
    else:
        m.set_bt(page, mt)
        # __putback_isolated_page -> __free_one_page(FPI_TO_TAIL) with mt
        m._Model__free_one(z, page, o, mt, True)


def isolate_single_pageblock(m, z, boundary, isolate_before, skip_isolation):
    blk = boundary - m.pbn if isolate_before else boundary
    start = max(blk & ~((1 << m.maxo) - 1), z.start)
    if not skip_isolation:
        r = set_migratetype_isolate(m, z, blk)
        if r:
            return r
    pfn = start
    while pfn < boundary:
        o = m.border[pfn]
        if o >= 0:
            if pfn + (1 << o) <= boundary:
                pfn += 1 << o
                continue
            fail = 'free chunk at %d crosses the range edge' % pfn
            break
        a = m.owner[pfn]
        if a is not None and a.order > 0:
            if a.pfn + (1 << a.order) <= boundary:
                pfn = a.pfn + (1 << a.order)
                continue
            fail = 'allocation at %d crosses the range edge' % a.pfn
            break
        pfn += 1
    else:
        return None
    if not skip_isolation:
        unset_migratetype_isolate(m, z, blk)
    return fail


def isolate_step(m, v):
    a, b = v['blocks']
    s = blk_pfn(m, a)
    e = blk_pfn(m, b) + m.pbn
    z = m.zone_of(s)
    r = isolate_single_pageblock(m, z, s, False, False)
    if r:
        m.trace('isolate refused at block start %d: %s' % (s, r))
        return
    skip = s == e - m.pbn
    r = isolate_single_pageblock(m, z, e, True, skip)
    if r:
        unset_migratetype_isolate(m, z, s)
        m.trace('isolate refused at last block: %s' % r)
        return
    pfn = s + m.pbn
    while pfn < e - m.pbn:
        r = set_migratetype_isolate(m, z, pfn)
        if r:
            undo_range(m, z, s, pfn)
            unset_migratetype_isolate(m, z, e - m.pbn)
            m.trace('isolate refused at block start %d: %s' % (pfn, r))
            return
        pfn += m.pbn
    m.trace('isolated blocks %d..%d' % (a, b))


def undo_range(m, z, s, e):
    pfn = s
    while pfn < e:
        if m.bt(pfn) == ISO:
            unset_migratetype_isolate(m, z, pfn)
        pfn += m.pbn


def unisolate_step(m, v):
    a, b = v['blocks']
    s = blk_pfn(m, a)
    e = blk_pfn(m, b) + m.pbn
    undo_range(m, m.zone_of(s), s, e)
