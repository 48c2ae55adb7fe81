/* Engine internals shared by the engine sources only. Never include from
 * outside the engine: callers use machine.h.
 *
 * Pages are addressed by a dense index `idx` over all zones (gaps between
 * zones removed). Zones start on max-order boundaries, so buddy arithmetic
 * on idx equals the kernel's arithmetic on pfns.
 */
#ifndef BUDDYVIZ_INTERNAL_H
#define BUDDYVIZ_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "machine.h"

#define NIL UINT32_MAX

/* Asserts on the per-operation paths (list_add/list_del, the rank index):
 * on in the sanitizer builds (make asan/ubsan define BUDDYVIZ_DEBUG), off
 * in the benchmarked one; machine_check(), which every scenario test
 * runs, recounts the same invariants (free heads, list membership, live
 * counts) from scratch. */
#ifdef BUDDYVIZ_DEBUG
#define hot_assert(x) assert(x)
#else
#define hot_assert(x) ((void)0)
#endif

#define REGION_SHIFT 9
#define REGION_PAGES (1u << REGION_SHIFT)
#define TOUCH_EVER 1u
#define TOUCH_DIRTY 2u

/* pg_state bits. A page is a free-chunk head (PageBuddy + order), an
 * allocation head, or neither (inside a chunk or an allocation). */
#define PS_FREE   0x80u
#define PS_ALLOC  0x40u
#define PS_MT_SHIFT 4          /* free head: the list it is on (3 bits) */
#define PS_MT_MASK  0x70u
#define PS_ORDER_MASK 0x0fu
/* A page on a per-cpu list (pcp.c): neither PageBuddy nor an allocation;
 * PS_PCP | code, code = 3 * order + mt for orders 0..3, 12 + mt for the
 * THP order (see pcp_state()). */
#define PS_PCP 0x10u

/* Free-list links. For an allocation head, `next` holds the tag id and
 * `prev` the low 32 bits of the index (the tag table keeps the full one). */
struct link {
	uint32_t next, prev;
};

struct free_list {
	uint32_t head, tail;
	uint64_t count;
};

/* alloc_flags bits (mm/internal.h), kernel values. */
#ifndef ALLOC_WMARK_MIN
#define ALLOC_WMARK_MIN     0x00u
#define ALLOC_WMARK_LOW     0x01u
#define ALLOC_WMARK_HIGH    0x02u
#define ALLOC_WMARK_MASK    0x03u
#define ALLOC_NO_WATERMARKS 0x04u
#define ALLOC_OOM           0x08u
#define ALLOC_NON_BLOCK     0x10u
#define ALLOC_MIN_RESERVE   0x20u
#define ALLOC_CMA           0x80u
#define ALLOC_NOFRAGMENT    0x100u
#define ALLOC_HIGHATOMIC    0x200u
#define ALLOC_KSWAPD        0x800u
#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)
#endif

enum { WMARK_MIN, WMARK_LOW, WMARK_HIGH, WMARK_PROMO, NR_WMARK };

/* zone->flags bits the model keeps (mmzone.h enum zone_flags). */
#define ZF_BOOSTED_WATERMARK 0x1u   /* ZONE_BOOSTED_WATERMARK */
#define ZF_RECLAIM_ACTIVE    0x2u   /* ZONE_RECLAIM_ACTIVE: kswapd reclaims it */
#define ZF_BELOW_HIGH        0x4u   /* ZONE_BELOW_HIGH */

/* pcp lists: 3 per order 0..PAGE_ALLOC_COSTLY_ORDER, then the two THP
 * lists (order_to_pindex()). */
#define PAGE_ALLOC_COSTLY_ORDER 3
#define HPAGE_PMD_ORDER 9
#define NR_LOWORDER_PCP_LISTS (MT_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + 2)
#define PCP_BATCH_SCALE_MAX 5        /* CONFIG_PCP_BATCH_SCALE_MAX */
#define PCPF_PREV_FREE_HIGH_ORDER 0x1u

/* struct per_cpu_pages of the one CPU. Lists are linked through pg_link
 * (head = first entry). `high` stays at high_min (spec 7.4). */
struct pcp {
	uint32_t head[NR_PCP_LISTS], tail[NR_PCP_LISTS];
	uint32_t len[NR_PCP_LISTS];
	int64_t count;
	int batch, high, high_min, high_max;
	int free_count, alloc_factor;
	uint32_t flags;
};

struct zone {
	int id;
	uint64_t start_pfn;
	uint32_t start_idx, npages;
	uint32_t first_block, nblocks;
	struct free_list lists[NR_ORDERS_LIMIT][MT_COUNT];
	uint64_t nr_free[NR_ORDERS_LIMIT];   /* chunks of each order, all types */
	uint64_t free_pages;                 /* all free pages, isolate included */
	uint64_t nr_free_pages;              /* NR_FREE_PAGES: isolate excluded */
	uint64_t nr_free_cma;                /* NR_FREE_CMA_PAGES */
	uint64_t nr_free_highatomic;         /* zone->nr_free_highatomic */
	uint64_t nr_reserved_highatomic;     /* zone->nr_reserved_highatomic */
	/* Watermarks (wmark.c): _watermark[], watermark_boost, lowmem_reserve[]
	 * indexed by zone index in zones[]; flags ZF_*. */
	uint64_t managed;                    /* zone_managed_pages() */
	uint64_t wmark[NR_WMARK];
	uint64_t boost;
	uint64_t lowmem_reserve[ZONE_ID_COUNT];
	uint32_t flags;
	uint64_t rcl_pages;      /* pages of live RECLAIMABLE allocations */
	struct pcp pcp;
	/* Compaction (struct zone of mmzone.h; zeroed at boot as there). */
	uint64_t compact_cached_free_pfn;
	uint64_t compact_cached_migrate_pfn[2];   /* [0] async, [1] sync */
	uint64_t compact_init_migrate_pfn, compact_init_free_pfn;
	uint32_t compact_considered, compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;
};

/* One allocation of a tag. A tag keeps only its live allocations (and
 * dead ones not yet dropped), so memory follows the live set, not the
 * history of the run. */
struct alloc_rec {
	uint32_t index;        /* the tag's index (indices stay below 2^32:
				* at most 10^9 operations per scenario) */
	uint32_t idx;          /* page index of the head */
	uint8_t order;
	uint8_t type;          /* asked type */
	uint8_t pad[2];        /* live or not: the tag's rank index */
};

/* A bit array with "the k-th set bit" (rank.c): 16-bit counts per word
 * within its group of 8 words and per group within its node of 8
 * groups, four to a uint64_t; a Fenwick tree over the nodes. */
struct live_rank {
	uint64_t *bits;          /* `words` words */
	uint64_t *low;           /* words / 4: per word, set bits of its group up to it */
	uint64_t *mid;           /* 2 per node: per group, set bits of its node up to it */
	uint32_t *fen;           /* 1-based Fenwick tree over the node totals */
	uint64_t words;          /* 64 * nodes */
	uint64_t nodes;          /* a power of two (0 before the first record) */
	uint64_t cap;            /* words the buffers hold (>= words: a copy reuses them) */
};
/* Position of the k-th set bit (0-based): the portable search or, on hosts
 * where it is fast, the BMI2 one (chosen at the first call). */
extern uint64_t (*rank_select_impl)(const struct live_rank *r, uint64_t k);
static inline uint64_t rank_select(const struct live_rank *r, uint64_t k) { return rank_select_impl(r, k); }
void rank_set_portable(bool portable);   /* tests: the portable search even where BMI2 is fast */
void rank_mark(struct live_rank *r, uint64_t pos);      /* a clear bit becomes set */
void rank_unmark(struct live_rank *r, uint64_t pos);    /* a set bit becomes clear */
bool rank_resize(struct live_rank *r, uint64_t nbits);
void rank_fill(struct live_rank *r, uint64_t n);                /* exactly bits 0..n-1 set */
void rank_free(struct live_rank *r);
size_t rank_bytes(const struct live_rank *r);
bool rank_copy(struct live_rank *dst, const struct live_rank *src);
bool rank_check(const struct live_rank *r, uint64_t nbits);     /* machine_check() */
static inline bool rank_get(const struct live_rank *r, uint64_t pos)
{
	return (r->bits[pos >> 6] >> (pos & 63)) & 1;
}

struct tag {
	char name[TAG_MAX_LEN + 1];
	/* Records in ascending index order (appended as indices are handed
	 * out), dead ones kept until fewer than half are live. A bit per
	 * position says live, in a rank index that finds the k-th live
	 * record (small enough to stay in the L1 cache for a churn). */
	struct alloc_rec *recs;
	uint64_t nrecs, cap;
	struct live_rank live;
	uint64_t nlive;
	uint64_t next_index;     /* indices handed out so far */
	/* Record generation (tags_restore's shortcut): one machine only
	 * appends records under a generation, and its checkpoints carry it,
	 * so two states of one generation agree on their common records.
	 * Rewriting a record or restoring starts a new one (0: none, as in
	 * a plain clone); a restored tag remembers that its first base_n
	 * records are those of generation base_gen. */
	uint64_t gen, base_gen, base_n;
	bool ordered;            /* appears in tag_order */
	bool dirty;              /* changed since the machine's base checkpoint */
};

struct block {
	uint8_t type;
	uint8_t mixed;
	uint8_t skip;            /* PB_migrate_skip (compaction's skip hint) */
	uint16_t changes;        /* type changes, saturating */
	uint32_t free;
	uint32_t alloc[MT_PCPTYPES];
	uint32_t pcp;            /* pages of alloc[] on pcp lists (pcp.c) */
	uint32_t pcp_movable;    /* of those, on Movable lists: not PageLRU */
};

/* Live RECLAIMABLE allocations in allocation order (reclaim.c): the
 * contract's `reclaim` takes the oldest first. Dead entries are skipped. */
struct rcl_entry {
	uint32_t tag, index;
};

/* The part of struct alloc_context the engine's paths share: set by
 * machine_alloc() for the request in progress (prepare_alloc_pages()). */
struct alloc_ctx {
	int preferred_zone;      /* index into zones[]; the zonelist walks down from it */
	int migratetype;         /* gfp_migratetype(): UNMOVABLE with grouping off */
	int order;
	uint32_t alloc_flags;    /* ALLOC_* below */
};

#define COMPACT_CLUSTER_MAX 32
#define NR_MAX_BATCHED_MIGRATION 512
#define CC_MAX_SOURCES (1u << MAX_ORDER_LIMIT)  /* a whole block of order-0 pages */

/* struct compact_control (mm/internal.h) as plain data, plus where the
 * stepping engine is. Positions are pfns of cc.zone. Lives inside struct
 * machine, so snapshots and undo hold it, mid-compaction included. */
struct compact_control {
	uint8_t active;          /* a request is running */
	uint8_t in_zone;         /* compact_zone() of `zone` is running */
	uint8_t phase;           /* enum cc_phase (compaction.c) */
	uint8_t mode;            /* enum migrate_mode */
	uint8_t direct_compaction, whole_zone, ignore_skip_hint, ignore_block_suitable;
	uint8_t finish_pageblock, update_cached, rescan_pending, stop;
	int8_t order, search_order, migratetype, last_result;
	int zone;
	int zone_mask;           /* zones (indices) still to run, request-wide */
	uint32_t fast_search_fail;
	uint64_t migrate_pfn, free_pfn, fast_start_pfn, last_migrated_pfn;
	uint64_t nr_migratepages, nr_freepages;
	uint64_t total_migrate_scanned, total_free_scanned;
	uint64_t max_migrate, moved_step;
	uint64_t block;          /* last block a step worked on (global), or UINT64_MAX */
	int request_order, request_mode, request_mt, request_prio;
	uint8_t kind;            /* enum cc_kind (compaction.c) */
	uint8_t suit_check;      /* compaction_suit_allocation_order() in compact_zone() */
	int8_t highest_zone;     /* cc->highest_zoneidx (lowmem_reserve of the checks) */
	uint32_t alloc_flags;    /* cc->alloc_flags: the direct compactor's, 0 for kcompactd */
	uint64_t batch_failed_pages;
	/* cc->migratepages: heads in isolation order; the list order (head
	 * first) is the reverse, descending pfn. */
	uint32_t src[CC_MAX_SOURCES];
	uint32_t dst[CC_MAX_SOURCES];      /* destination of src[i], NIL if none yet */
	uint32_t nsrc;
	uint32_t batch_lo, batch_hi;       /* migrate_pages(): list positions of this batch */
	uint32_t alloc_pos;                /* next list position to get a destination */
	uint8_t alloc_isolated;            /* compaction_alloc() already called isolate_freepages() */
	uint32_t batch_moved, batch_failed;
	uint64_t batch_nr_migratepages;    /* nr_migratepages at migrate_pages() entry */
	int batch_err;
	/* cc->freepages[order]: isolated free chunks, linked through pg_link
	 * of their heads (next), NIL-terminated. */
	uint32_t fp_head[NR_ORDERS_LIMIT], fp_tail[NR_ORDERS_LIMIT];
};

/* struct capture_control (direct compaction only). */
struct capture_control {
	uint8_t active;
	int zone, order, migratetype;
	uint32_t page;           /* captured chunk head, NIL if none */
};

struct machine {
	struct machine_config cfg;
	int max_order, pb_order;
	uint32_t pb_pages;
	bool grouping_disabled;
	int nzones;
	struct zone zones[ZONE_ID_COUNT];
	uint32_t npages, nblocks;

	/* Per-page state; calloc'd so untouched pages cost nothing. */
	uint8_t *pg_state;
	struct link *pg_link;
	/* Free max-order chunks keep their state and links here instead, so
	 * booting touches one small entry per max-order block. */
	uint8_t *mb_state;
	struct link *mb_link;
	/* Per region of REGION_PAGES pages: TOUCH_EVER once its pg_* entries
	 * were written (snapshots copy only those, never reading untouched
	 * memory), TOUCH_DIRTY while written since the checkpoint base_id
	 * (restoring that checkpoint copies only those). */
	uint8_t *touched;
	uint32_t nregions;
	uint64_t snap_id;        /* nonzero in a checkpoint: its id */
	uint64_t base_id;        /* checkpoint this state equals but for dirty regions */
	uint64_t id_seq;         /* last checkpoint or record generation id handed out */

	struct block *blocks;

	struct tag *tags;
	uint32_t ntags, tags_cap;
	uint32_t *tag_order;
	uint32_t ntag_order;
	uint32_t *tag_hash;      /* open addressing: tag id + 1, 0 = empty */
	uint32_t tag_hash_cap;

	uint64_t rng;

	/* min_free_kbytes in effect (wmark.c); kswapd's pending wake-up
	 * (kswapd_order / kswapd_zone = highest zone index; -1 = not woken). */
	int64_t min_free_kbytes;
	int kswapd_order, kswapd_zone;
	uint8_t in_kswapd;
	uint8_t step_depth;      /* step_run() nesting: kswapd runs when it returns to 0 */
	/* Set by step.c during a progress-driven step only: long engine loops
	 * (isolate, unisolate) ask it between blocks; false = cancelled (the
	 * loop stops where it is, the caller restores the state). */
	bool (*tick)(void *ctx);
	void *tick_ctx;
	struct rcl_entry *rcl;
	uint64_t rcl_head, rcl_len, rcl_cap;
	/* The request being served (its alloc_context), for the slow path. */
	struct alloc_ctx ac;

	/* Counters that are not derivable cheaply. */
	uint64_t allocs_live, allocs_failed;
	uint64_t fallback_events, claim_events, steal_events;
	uint64_t blocks_by_type[MT_COUNT];
	uint64_t mixed_blocks;

	/* Event ring. */
	struct event *ring;
	uint64_t ev_seq;
	event_hook_fn hook;
	void *hook_ctx;
	uint8_t in_steal_step;
	/* Compaction: the running compact_control, its capture control and
	 * the /proc/vmstat counters. */
	struct compact_control cc;
	struct capture_control capc;
	struct compact_counters ccount;
	/* The allocation being freed, named on its free events (NIL if none). */
	uint32_t freeing_tag;
	uint64_t freeing_index;
};

/* ---- helpers (machine.c) ---- */
static inline int zone_of_idx(const struct machine *m, uint32_t idx)
{
	for (int z = m->nzones - 1; z > 0; z--)
		if (idx >= m->zones[z].start_idx)
			return z;
	return 0;
}
/* The pfn of page idx of zone zi (the caller knows the zone). */
static inline uint64_t zone_idx_to_pfn(const struct machine *m, int zi, uint32_t idx)
{
	const struct zone *z = &m->zones[zi];
	return z->start_pfn + (idx - z->start_idx);
}
static inline uint64_t idx_to_pfn(const struct machine *m, uint32_t idx)
{
	return zone_idx_to_pfn(m, zone_of_idx(m, idx), idx);
}
bool pfn_to_idx(const struct machine *m, uint64_t pfn, uint32_t *idx);

struct event *ev_new(struct machine *m, int kind);
/* The event is in the ring: count it, and hand it to the hook if any. */
static inline void ev_commit(struct machine *m, struct event *ev)
{
	m->ev_seq++;
	if (m->hook)
		m->hook(m->hook_ctx, m, ev);
}
/* The ring slot of the next event (ev_new(), ev_emit()). */
static inline struct event *ev_slot(struct machine *m)
{
	return &m->ring[m->ev_seq % EVENT_RING_SIZE];
}
/* ev_new() and ev_commit() of a whole event (the fields not named are
 * zero): for the per-operation events, written once instead of cleared
 * and then filled. */
static inline void ev_emit(struct machine *m, struct event e)
{
	struct event *ev = ev_slot(m);
	e.steal_step = m->in_steal_step;
	*ev = e;
	ev_commit(m, ev);
}

/* Free lists and chunk state (freelist.c). */
bool is_free_head(const struct machine *m, uint32_t idx, int order);
int free_head_order(const struct machine *m, uint32_t idx);  /* -1 if not a free head */
int free_head_list(const struct machine *m, uint32_t idx);
void list_add(struct machine *m, int zone, uint32_t idx, int order, int mt, bool tail);
void list_del(struct machine *m, int zone, uint32_t idx, int order);
void list_move_tail(struct machine *m, int zone, uint32_t idx, int order, int new_mt);
uint32_t list_head(const struct machine *m, int zone, int order, int mt);
uint32_t link_next(const struct machine *m, uint32_t idx, int order);

/* Block bookkeeping (machine.c). */
void block_set_type(struct machine *m, uint32_t block, int mt);
void block_add_free(struct machine *m, uint32_t idx, int order, int64_t sign);
void block_add_alloc(struct machine *m, uint32_t idx, int order, int type, int64_t sign);

/* Tags (tags.c). */
uint64_t tag_add_alloc(struct machine *m, uint32_t tag, uint32_t idx, int order, int type);
/* Position of a live allocation in the tag's records, or UINT64_MAX when
 * the index is not live. O(log live). */
uint64_t tag_find_live(const struct machine *m, uint32_t tag, uint64_t index);
/* The same for a walk in allocation order (the reclaim queue): a search
 * after one of a lower index of the same tag looks only as far as the
 * index difference. Start with a zeroed cursor (index 0 of tag 0 is at
 * position 0 or after: true of any tag); a drop of records during the
 * walk (nrecs changes) makes the cursor start over. */
struct live_cursor {
	uint32_t tag;
	uint64_t index, pos, nrecs;   /* the last search: where index is or would be */
};
uint64_t tag_find_live_next(const struct machine *m, uint32_t tag, uint64_t index, struct live_cursor *c);
/* Position of the k-th live allocation (0-based, ascending index). */
uint64_t tag_kth_live_pos(const struct machine *m, uint32_t tag, uint64_t k);
/* Marks the record at pos freed; may drop dead records, which moves the
 * positions of the others. */
void tag_mark_freed(struct machine *m, uint32_t tag, uint64_t pos);
/* Indices of the tag's live allocations in ascending order into a new
 * array (caller frees); NULL with *n = 0 when there are none or the host
 * is out of memory (*oom tells which). */
uint64_t *tag_live_indices(const struct machine *m, uint32_t tag, uint64_t *n, bool *oom);
void tags_free_all(struct machine *m);
bool tags_clone(struct machine *dst, const struct machine *src);
/* Makes dst's tag tables equal to src's, reusing dst's buffers. On false
 * (host out of memory) dst's tags are unchanged or still consistent. */
bool tags_restore(struct machine *dst, const struct machine *src, bool only_dirty);

/* Every write to pg_state / pg_link goes through here first. */
static inline void mark_touched(struct machine *m, uint32_t idx)
{
	m->touched[idx >> REGION_SHIFT] = TOUCH_EVER | TOUCH_DIRTY;
}

/* splitmix64 (rng.md), inline for the workload loop. The n-th draw after
 * state s is rng_mix(s + n * RNG_GAMMA): draws can be computed ahead. */
#define RNG_GAMMA 0x9E3779B97F4A7C15ull
static inline uint64_t rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline double rng_unit(uint64_t v)
{
	return (double)(v >> 11) * 0x1.0p-53;
}

static inline uint64_t rng_next(struct machine *m)
{
	return rng_mix(m->rng += RNG_GAMMA);
}

static inline double rng_double(struct machine *m)
{
	return rng_unit(rng_next(m));
}

/* Allocation state of a page head. */
static inline bool is_alloc_head(const struct machine *m, uint32_t idx)
{
	return (m->pg_state[idx] & PS_ALLOC) != 0;
}

/* Pageblock types (alloc.c): the kernel's setters, grouping rule included. */
void set_pageblock_migratetype(struct machine *m, uint32_t block, int mt);
uint32_t change_pageblock_range(struct machine *m, uint32_t idx, int order, int mt);
static inline int block_type_of(const struct machine *m, uint32_t idx)
{
	return m->blocks[idx >> m->pb_order].type;
}

/* move_freepages_block() (alloc.c): every free chunk of the block to the
 * tail of new_mt's list, then the block's type; returns the pages moved. */
uint32_t move_freepages_block(struct machine *m, int zone, uint32_t block, int new_mt);

/* free_one_page() (free.c): pages back to the buddy lists; also used to
 * undo an allocation the host could not record. */
void free_pages_kernel(struct machine *m, uint32_t idx, int order, int fpi_to_tail);
/* __free_one_page() on one chunk of any order with the given type, as
 * __putback_isolated_page() calls it. */
void free_one_chunk(struct machine *m, uint32_t idx, int order, int mt, bool to_tail);

/* unreserve_highatomic_pageblock() (highatomic.c): gives one HighAtomic
 * pageblock back to ac->migratetype. `zone_or_ac` is the preferred zone's
 * index in zones[] (ac->preferred_zoneref); the zones from it down to 0 are
 * walked like for_each_zone_zonelist_nodemask(); the new type is
 * m->ac.migratetype (set by machine_alloc() before the first attempt).
 * Without `force`, a zone keeps its last reserved pageblock. Returns true
 * when a block's free pages were moved (the kernel's `ret > 0`). */
bool unreserve_highatomic_pageblock(struct machine *m, int zone_or_ac, bool force);
/* reserve_highatomic_pageblock() (highatomic.c): after a successful
 * ALLOC_HIGHATOMIC allocation of `order` at idx in zone zi. */
void reserve_highatomic_pageblock(struct machine *m, uint32_t idx, int order, int zi);
static inline bool mt_mergeable(int mt) { return mt < MT_PCPTYPES; }

/* How an allocation was served, for its event (alloc.c). */
struct alloc_path {
	int cur_order;      /* order of the chunk that was split */
	int list_mt;        /* list it came from (__rmqueue_smallest) */
	int via;            /* enum alloc_via (event.h): which function handed it out */
	int how;            /* enum alloc_how (alloc.c) */
	uint64_t cma_free, nr_free;   /* HOW_CMA_*: the counters compared */
	bool from_pcp;      /* handed out by rmqueue_pcplist() */
	uint32_t flags;     /* alloc_flags of the attempt that succeeded */
};
/* get_page_from_freelist(): the zonelist walk from zone index zp down,
 * with the marks when watermarks are on. NIL if no zone served it. */
uint32_t get_page_from_freelist(struct machine *m, int zp, int order, int T, uint32_t flags, int *zone_out,
				struct alloc_path *path);
/* The index in zones[] the zonelist walk starts from for a request's
 * zone id (-1: the highest zone); -1 if the machine has no such zone. */
int preferred_zone(const struct machine *m, int zone_id);
/* machine_alloc() after its argument check, for a request known to pass
 * it (the workload checks its types and orders once per step); zp: its
 * preferred_zone(). */
enum machine_status alloc_pages_checked(struct machine *m, const struct alloc_request *rq, int zp, uint64_t *pfn_out);
/* __alloc_pages_slowpath() (slowpath.c). */
uint32_t alloc_slowpath(struct machine *m, int zp, int order, int T, int asked_type, bool highatomic,
			int *zone_out, struct alloc_path *path);

/* ---- Watermarks (wmark.c) ---- */
void wmark_setup(struct machine *m);
uint64_t wmark_pages(const struct zone *z, int which);        /* _watermark + boost */
/* The mark compaction's checks use: wmark_pages() with watermarks on, 0
 * with them off (contract: "with all marks zero"). */
uint64_t compaction_mark(const struct machine *m, int zone, int which);
bool zone_watermark_ok(const struct machine *m, int zone, int order, uint64_t mark, int highest_zone,
		       uint32_t alloc_flags, int64_t free_pages);
bool zone_watermark_fast(const struct machine *m, int zone, int order, uint64_t mark, int highest_zone,
			 uint32_t alloc_flags);
/* boost_watermark(): true when the boost was raised. */
bool boost_watermark(struct machine *m, int zone);

/* ---- Per-cpu lists (pcp.c) ---- */
static inline bool pcp_allowed_order(int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == HPAGE_PMD_ORDER;
}
static inline bool is_pcp_head(const struct machine *m, uint32_t idx)
{
	return (m->pg_state[idx] & 0xF0u) == PS_PCP;
}
static inline uint8_t pcp_state(int order, int mt)
{
	return (uint8_t)(PS_PCP | (order <= PAGE_ALLOC_COSTLY_ORDER ? 3 * order + mt : 12 + mt));
}
static inline int pcp_state_order(uint8_t s)
{
	int c = s & 0x0f;
	return c >= 12 ? HPAGE_PMD_ORDER : c / 3;
}
static inline int pcp_state_mt(uint8_t s)
{
	int c = s & 0x0f;
	return c >= 12 ? c - 12 : c % 3;
}
void pcp_setup(struct machine *m, int zone);
/* rmqueue_pcplist(): NIL when the list stays empty after a refill. */
uint32_t rmqueue_pcplist(struct machine *m, int zone, int order, int mt, uint32_t alloc_flags);
/* free_unref_page(): a freed allocation's pages onto the pcp list (or to
 * the buddy when the order or the block type says so). */
void free_unref_page(struct machine *m, uint32_t idx, int order);
/* __free_pages(): through the pcp lists when they are on, else
 * free_one_page(). */
static inline void free_pages_path(struct machine *m, uint32_t idx, int order)
{
	if (m->cfg.pcp)
		free_unref_page(m, idx, order);
	else
		free_pages_kernel(m, idx, order, 0);
}
/* drain_pages_zone() / drain_all_pages(): `why` names the caller. */
enum { DRAIN_HIGH, DRAIN_FREE_HIGH, DRAIN_ISOLATE, DRAIN_COMPACT, DRAIN_SLOWPATH, DRAIN_KCOMPACTD };
void drain_pages_zone(struct machine *m, int zone, int why);
void drain_all_pages(struct machine *m, int why);

/* __rmqueue() with a rmqueue_mode kept by the caller (alloc.c). */
enum { RMQUEUE_NORMAL, RMQUEUE_CMA, RMQUEUE_CLAIM, RMQUEUE_STEAL };
uint32_t rmqueue_mode(struct machine *m, int zone, int order, int T, uint32_t alloc_flags, int *mode);

/* ---- Reclaim, kswapd and the slow path (reclaim.c, slowpath.c) ---- */
void rcl_note_alloc(struct machine *m, uint32_t tag, uint64_t index);
/* Frees live RECLAIMABLE allocations, oldest first, in zones 0..max_zone,
 * or only in zone only_zone when >= 0, until `pages` are freed; returns
 * the pages freed. */
uint64_t reclaim_pages(struct machine *m, uint64_t pages, int max_zone, int only_zone);
/* The EV_RECLAIM event machine_reclaim() ends with. */
void reclaim_note(struct machine *m, uint64_t freed, uint64_t pages);
static inline bool eng_tick(struct machine *m) { return !m->tick || m->tick(m->tick_ctx); }
void rcl_free_all(struct machine *m);
bool rcl_copy(struct machine *dst, const struct machine *src);
void wakeup_kswapd(struct machine *m, int zone, int order, int highest_zone);
/* kswapd (and kcompactd) at the end of a step that woke it. */
void kswapd_run(struct machine *m);

/* Page state of a chunk isolated by compaction's free scanner (neither on
 * a free list nor allocated): PS_ISOFREE | order on its head. */
#define PS_ISOFREE 0x20u

/* Shared with compaction (alloc.c). */
uint32_t move_freepages_block(struct machine *m, int zone, uint32_t block, int new_mt);
int find_suitable_fallback(const struct machine *m, int zone, int cur, int T, int from, bool *can_steal);

/* Free-list rotations of fast_isolate_freepages()/fast_find_migrateblock()
 * (freelist.c): move_freelist_head() makes idx the head keeping the cyclic
 * order; move_freelist_tail() makes idx the tail. */
void list_rotate_head(struct machine *m, int zone, uint32_t idx, int order);
void list_rotate_tail(struct machine *m, int zone, uint32_t idx, int order);

/* The allocation (tag, index) now lives at new_idx (compaction moved it). */
void tag_move_alloc(struct machine *m, uint32_t tag, uint64_t index, uint32_t new_idx);

/* ---- Compaction entry points for the slow path and kcompactd ---------- */
/* try_to_compact_pages() -> compact_zone_order(): direct compaction of one
 * zone (index) at priority prio (enum compact_priority), with the capture
 * control. Runs to the end. On COMPACT_SUCCESS by capture, *captured_idx
 * is the head of a free chunk of 2^order pages now owned by the caller (on
 * no list; commit it as the allocation, or free_pages_kernel() it);
 * otherwise NIL. migratetype: the request's (gfp_migratetype). Counts
 * compact_stall only via the caller. Returns enum compact_result. */
int compact_zone_direct(struct machine *m, int zone, int order, int migratetype, int prio, uint32_t alloc_flags,
			int highest_zone, uint32_t *captured_idx);
/* kcompactd_do_work() for one zone (index): the deferral and suitability
 * gates, then compact_zone() with kcompactd's compact_control. */
int compact_zone_kcompactd(struct machine *m, int zone, int order);
/* Deferral (compaction_deferred(), defer_compaction(),
 * compaction_defer_reset()) and compaction_suitable(), for the slow path. */
bool compaction_deferred(struct machine *m, int zone, int order);
void defer_compaction(struct machine *m, int zone, int order);
void compaction_defer_reset(struct machine *m, int zone, int order, bool alloc_success);
bool compaction_suitable(struct machine *m, int zone, int order, int highest_zone);
/* __compaction_suitable() with its wmark_target (compaction_zonelist_suitable()
 * passes free plus a share of the reclaimable pages). */
bool compaction_watermark_suitable(const struct machine *m, int zone, int order, int highest_zone,
				   int64_t wmark_target);
/* __reset_isolation_suitable() (kswapd before sleeping; compaction_restarting()). */
void reset_isolation_suitable(struct machine *m, int zone);
/* The watermark checks compaction makes, through zone_watermark_ok():
 * __isolate_free_page()'s zone_watermark_ok(0, min + 2^order, 0, ALLOC_CMA),
 * and the one of compaction_suit_allocation_order(). With
 * `watermarks: false` every mark is zero. */
bool compaction_free_page_ok(const struct machine *m, int zone, int order);
bool compaction_zone_watermark_ok(const struct machine *m, int zone, int order, int highest_zone, uint32_t alloc_flags);
/* compaction_capture() hook of __free_one_page() (free.c): true if the
 * chunk (idx, order, mt) was handed to the running direct compaction. */
bool compaction_capture(struct machine *m, int zone, uint32_t idx, int order, int mt);
/* Sentences of the compaction events (compact_event.c); -1 if not one. */
int compact_event_format(const struct machine *m, const struct event *ev, char *buf, size_t n);
/* For machine_check(): pages compaction holds outside the lists. */
bool compaction_cover(const struct machine *m, uint8_t *cover, char *msg, size_t n);
/* Frees a tag's live allocation by its record position (free.c). */
enum machine_status free_alloc_rec(struct machine *m, uint32_t tag, uint64_t pos);

#endif
