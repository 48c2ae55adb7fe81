/* Compaction internals shared by compaction.c, compact_scan.c and
 * compact_policy.c (engine only). The compact_control itself is in
 * internal.h (struct machine holds it). */
#ifndef BUDDYVIZ_COMPACTION_H
#define BUDDYVIZ_COMPACTION_H

#include "internal.h"

#define PAGE_ALLOC_COSTLY_ORDER 3
#define COMPACTION_HPAGE_ORDER 9     /* HPAGE_PMD_ORDER on x86-64 */

/* Where the stepping compact_zone() is. */
enum cc_phase { PH_NEXT_ZONE, PH_CHECK, PH_ISOLATE, PH_ALLOC, PH_MOVE, PH_END };

/* Why a scanner passed over a block or took it (EV_COMPACT_SKIP .a). */
#define CSKIP_REASONS(X)                                                                         \
	X(CSKIP_HINT, "its skip bit is set (isolation_suitable)")                                \
	X(CSKIP_PERSISTENT, "it starts inside an allocation of order >= pageblock_order (pageblock_skip_persistent)") \
	X(CSKIP_ASYNC_TYPE, "direct async compaction only takes blocks of the request's type (suitable_migration_source)") \
	X(CSKIP_TGT_LARGE_FREE, "its first page heads a free chunk of order >= %d, already what compaction builds (suitable_migration_target)") \
	X(CSKIP_TGT_TYPE, "it is not a Movable block (suitable_migration_target)")               \
	X(CSKIP_TGT_HINT, "its skip bit is set: isolation failed there recently (isolation_suitable)")

enum cskip {
#define CS_ENUM(e, text) e,
	CSKIP_REASONS(CS_ENUM)
#undef CS_ENUM
	CSKIP_COUNT
};
const char *cskip_text(int reason);

/* Why __compact_finished() answered (EV_COMPACT_FINISHED .flag). */
enum cfin { CFIN_MET, CFIN_FULL, CFIN_MIDBLOCK, CFIN_FREE_PAGE, CFIN_FALLBACK, CFIN_NONE, CFIN_CAPTURED,
	    CFIN_NOMEM, CFIN_MAX_MIGRATE, CFIN_SUIT, CFIN_ABORT };

/* ---- addressing ---------------------------------------------------------- */
static inline struct zone *cz(struct machine *m) { return &m->zones[m->cc.zone]; }
static inline uint32_t p2i(const struct zone *z, uint64_t pfn) { return z->start_idx + (uint32_t)(pfn - z->start_pfn); }
static inline uint64_t i2p(const struct zone *z, uint32_t idx) { return z->start_pfn + (idx - z->start_idx); }
static inline uint64_t zend(const struct zone *z) { return z->start_pfn + z->npages; }
static inline uint64_t pb_start(const struct machine *m, uint64_t pfn) { return pfn & ~(uint64_t)(m->pb_pages - 1); }
static inline uint64_t pb_end(const struct machine *m, uint64_t pfn) { return pb_start(m, pfn) + m->pb_pages; }
static inline bool pb_aligned(const struct machine *m, uint64_t pfn) { return (pfn & (m->pb_pages - 1)) == 0; }
static inline uint32_t blk_of(const struct machine *m, const struct zone *z, uint64_t pfn)
{
	return p2i(z, pfn) >> m->pb_order;
}

/* ---- page state as compaction sees it ------------------------------------ */
/* PageBuddy: order of the free chunk headed here, or -1. */
static inline int buddy_order(const struct machine *m, uint32_t idx) { return free_head_order(m, idx); }

/* Order of the allocation headed here, or -1 (not a head, or free). */
static inline int alloc_order(const struct machine *m, uint32_t idx)
{
	uint8_t s = m->pg_state[idx];
	if ((s & PS_FREE) || !(s & PS_ALLOC))
		return -1;
	return s & PS_ORDER_MASK;
}

/* The type the scenario asked for (every MOVABLE allocation is LRU). */
static inline int alloc_type(const struct machine *m, uint32_t idx)
{
	uint32_t tag = m->pg_link[idx].next;
	return m->tags[tag].recs[tag_find_live(m, tag, m->pg_link[idx].prev)].type;
}

/* pageblock_skip_persistent(): the block's first page belongs to a
 * compound allocation of order >= pageblock_order. */
static inline bool pageblock_skip_persistent(const struct machine *m, uint32_t first)
{
	for (int o = m->pb_order; o <= m->max_order; o++) {
		uint32_t h = first & ~((1u << o) - 1);
		int ao = alloc_order(m, h);
		if (ao >= o)
			return true;
		if (buddy_order(m, h) >= o)
			return false;
	}
	return false;
}

static inline bool is_migrate_movable(int mt) { return mt == MT_MOVABLE || mt == MT_CMA; }


/* compact_scanners_met() */
static inline bool scanners_met(const struct machine *m)
{
	return (m->cc.free_pfn >> m->pb_order) <= (m->cc.migrate_pfn >> m->pb_order);
}

/* compact_policy.c */
bool isolation_suitable(const struct machine *m, uint32_t blk);
bool test_and_set_skip(struct machine *m, uint32_t blk);
void update_cached_migrate(struct machine *m, uint64_t pfn);
void update_pageblock_skip(struct machine *m, uint32_t blk, uint64_t pfn);
void reset_cached_positions(const struct machine *m, struct zone *z);
bool compaction_restarting(const struct machine *m, int zi, int order);
int compaction_suit_allocation_order(struct machine *m, int zi, int order, int highest_zone, uint32_t alloc_flags);

/* compaction.c */
struct event *cev(struct machine *m, int kind);
void ev_isolate(struct machine *m, int kind, uint64_t start, uint64_t end, uint64_t scanned, uint64_t taken,
		uint32_t stride);
void ev_block(struct machine *m, int kind, uint32_t blk, int reason, int order, uint64_t pfn, uint32_t stride);

/* compact_scan.c */
enum { ISOLATE_ABORT, ISOLATE_NONE, ISOLATE_SUCCESS };
int isolate_migratepages(struct machine *m);
void isolate_freepages(struct machine *m);

#endif
