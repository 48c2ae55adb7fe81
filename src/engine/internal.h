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
#include <stdint.h>

#include "event.h"
#include "machine.h"

#define NIL UINT32_MAX

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

/* Free-list links. For an allocation head, `next` holds the tag id and
 * `prev` the low 32 bits of the index (the tag table keeps the full one). */
struct link {
	uint32_t next, prev;
};

struct free_list {
	uint32_t head, tail;
	uint64_t count;
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
	uint8_t live;
	uint8_t pad;
};

struct tag {
	char name[TAG_MAX_LEN + 1];
	/* Records in ascending index order (appended as indices are handed
	 * out), dead ones kept until fewer than half are live. A bit per
	 * position says live; a Fenwick tree over the 64-bit words counts
	 * them (small enough to stay in the L1 cache). */
	struct alloc_rec *recs;
	uint64_t nrecs, cap;
	uint64_t *live_bits;     /* cap / 64 words */
	uint32_t *fen;           /* 1-based Fenwick tree over words, fen_size entries */
	uint64_t fen_size;       /* power of two >= words in use */
	uint64_t nlive;
	uint64_t next_index;     /* indices handed out so far */
	bool ordered;            /* appears in tag_order */
	bool dirty;              /* changed since the machine's base checkpoint */
};

struct block {
	uint8_t type;
	uint8_t mixed;
	uint16_t changes;        /* type changes, saturating */
	uint32_t free;
	uint32_t alloc[MT_PCPTYPES];
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
	uint64_t id_seq;         /* last checkpoint id handed out */

	struct block *blocks;

	struct tag *tags;
	uint32_t ntags, tags_cap;
	uint32_t *tag_order;
	uint32_t ntag_order;
	uint32_t *tag_hash;      /* open addressing: tag id + 1, 0 = empty */
	uint32_t tag_hash_cap;

	uint64_t rng;

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
static inline uint64_t idx_to_pfn(const struct machine *m, uint32_t idx)
{
	const struct zone *z = &m->zones[zone_of_idx(m, idx)];
	return z->start_pfn + (idx - z->start_idx);
}
bool pfn_to_idx(const struct machine *m, uint64_t pfn, uint32_t *idx);

struct event *ev_new(struct machine *m, int kind);
void ev_commit(struct machine *m, struct event *ev);

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

/* splitmix64 (rng.md), inline for the workload loop. */
static inline uint64_t rng_next(struct machine *m)
{
	uint64_t z = (m->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline double rng_double(struct machine *m)
{
	return (double)(rng_next(m) >> 11) * 0x1.0p-53;
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

/* free_one_page() (free.c): pages back to the buddy lists; also used to
 * undo an allocation the host could not record. */
void free_pages_kernel(struct machine *m, uint32_t idx, int order, int fpi_to_tail);
/* Frees a tag's live allocation by its record position (free.c). */
enum machine_status free_alloc_rec(struct machine *m, uint32_t tag, uint64_t pos);

#endif
