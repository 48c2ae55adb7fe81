/* The simulated machine: zones, pageblocks, buddy free lists, allocations.
 *
 * Opaque handle. Pure C: never prints, never touches a terminal or a file.
 * Every entry point appends events (event.h) and returns a status.
 * Linux 6.12 (Debian 6.12.117) rules with per-cpu lists and watermarks off;
 * the kernel function that decides each thing is named where it happens.
 *
 * Addresses: callers speak in pfns (the zone layout may leave gaps between
 * zones). Pageblocks are numbered 0.. across all zones in zone order.
 */
#ifndef BUDDYVIZ_MACHINE_H
#define BUDDYVIZ_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mtype.h"
#include "stats.h"

struct machine;
struct event;

enum profile { PROFILE_LINUX_6_12, PROFILE_NO_GROUPING };

struct zone_config {
	int id;                 /* enum zone_id */
	uint64_t pages;         /* multiple of 1 << max_order */
	uint64_t start_pfn;     /* multiple of 1 << max_order, >= previous end */
};

struct machine_state;

struct machine_config {
	int profile;            /* enum profile */
	int max_order;          /* 1..10 */
	int pageblock_order;    /* 1..max_order */
	bool pcp;               /* per-cpu lists (one CPU), spec 7 */
	bool watermarks;        /* watermark checks and the slow path, spec 8 */
	int64_t min_free_kbytes;       /* -1 = auto (the Debian 12 boot value) */
	int watermark_scale_factor;    /* vm.watermark_scale_factor, 1..3000 */
	int watermark_boost_factor;    /* vm.watermark_boost_factor, 0..10^6 */
	uint64_t seed;
	/* CMA pageblocks reserved at boot (a CONFIG_CMA kernel): global block
	 * numbers cma_first..cma_last, inside one zone. */
	bool cma;
	uint64_t cma_first, cma_last;
	int nzones;             /* 1..3, ascending zone ids */
	struct zone_config zones[ZONE_ID_COUNT];
	/* Extension: start from this state instead of the boot state
	 * (import.c); NULL = boot. Owned by the caller, must outlive it. */
	const struct machine_state *initial;
};

/* ---- Initial state (extension, import.c) ------------------------------- */
struct state_chunk {
	uint64_t pfn;
	int order;
};
struct zone_state {
	uint8_t *block_types;        /* one enum migratetype per block of the zone */
	uint64_t nblocks;
	struct state_chunk *free;    /* free chunks, any order of listing */
	size_t nfree;
};
struct machine_state {
	char tag[TAG_MAX_LEN + 1];   /* tag of the allocations that hold used memory */
	struct zone_state zones[ZONE_ID_COUNT];   /* by zone index in the config */
};
/* Where machine_state_apply() found a problem: zone index and chunk index
 * (chunk -1: the zone's blocks). */
struct state_error {
	int zone;
	long chunk;
};
/* Turns a freshly booted machine into the state st describes. false (with
 * a sentence in msg and the culprit in where) if the state cannot exist. */
bool machine_state_apply(struct machine *m, const struct machine_state *st, struct state_error *where,
			 char *msg, size_t n);

/* Fills the scenario defaults: one 1 GiB Normal zone, max_order 10,
 * pageblock_order 9, seed 1. */
void machine_config_default(struct machine_config *cfg);

/* Checks a config; on error writes a sentence to msg and returns false. */
bool machine_config_valid(const struct machine_config *cfg, char *msg, size_t n);

enum machine_status {
	MS_OK = 0,
	MS_NOMEM_SIM,      /* the simulated allocation failed: no suitable free memory */
	MS_NOTHING,        /* a free selected nothing */
	MS_BAD_ARG,        /* caller error (unknown zone, bad pfn, ...) */
	MS_OUT_OF_HOST_MEMORY,
	MS_BUSY,           /* isolation refused (-EBUSY) */
};

/* Boots a machine (scenario-format.md section 2). NULL if the host is out
 * of memory or cfg is invalid. Untouched pages cost no host memory. */
struct machine *machine_create(const struct machine_config *cfg);
void machine_destroy(struct machine *m);
const struct machine_config *machine_config(const struct machine *m);

/* ---- Events --------------------------------------------------------- */
/* Every event is kept in a bounded ring (the newest EVENT_RING_SIZE) and,
 * when a hook is set, passed to it as it happens (--trace). */
typedef void (*event_hook_fn)(void *ctx, const struct machine *m, const struct event *ev);
void machine_set_event_hook(struct machine *m, event_hook_fn fn, void *ctx);
/* Sequence number of the next event; events [a, b) are the ones in between. */
uint64_t machine_event_seq(const struct machine *m);
/* The event with sequence number seq, or NULL if it left the ring. */
const struct event *machine_event(const struct machine *m, uint64_t seq);

/* ---- Operations ------------------------------------------------------- */
/* Request flags (the scenario's `flags:`). */
#define REQ_HIGHATOMIC 1u  /* a high-priority atomic request (GFP_ATOMIC) */
#define REQ_CMA        2u  /* ALLOC_CMA, as movable requests get it anyway */

/* Allocation requests. `zone` is the highest zone the request may use
 * (enum zone_id), or -1 for the highest zone of the machine. */
struct alloc_request {
	int type;          /* MT_UNMOVABLE, MT_MOVABLE or MT_RECLAIMABLE, as asked */
	int order;         /* 0..max_order */
	int zone;          /* -1 = highest */
	uint32_t tag;      /* from machine_tag() */
	int steal_from;    /* steal only: -1 = any, else the only fallback type kept */
	uint32_t flags;    /* REQ_* */
};

/* One allocation through the kernel's fast path: __alloc_pages_noprof() ->
 * get_page_from_freelist() with ALLOC_NOFRAGMENT as alloc_flags_nofragment()
 * sets it and ALLOC_CMA as gfp_to_alloc_flags_cma() sets it, then
 * rmqueue_buddy() -> __rmqueue(). A REQ_HIGHATOMIC request is served as the
 * slow path serves GFP_ATOMIC from its first attempt (watermarks off):
 * ALLOC_NON_BLOCK, plus ALLOC_HIGHATOMIC for order > 0, no ALLOC_NOFRAGMENT;
 * reserve_highatomic_pageblock() follows a success with ALLOC_HIGHATOMIC.
 * On success the allocation gets the tag's next index. Never allocates host
 * memory per call except when a tag's tables grow (amortised). */
enum machine_status machine_alloc(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out);
/* The contract's `steal` step: __rmqueue_claim then __rmqueue_steal on the
 * current lists, zone by zone from the preferred one, no ALLOC_NOFRAGMENT. */
enum machine_status machine_steal(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out);
/* Frees the live allocation (tag, index) through free_one_page(). */
enum machine_status machine_free_index(struct machine *m, uint32_t tag, uint64_t index);
/* Frees the live allocation covering pfn, whatever its tag. MS_NOTHING if none. */
enum machine_status machine_free_pfn(struct machine *m, uint64_t pfn);

/* start_isolate_page_range() on global pageblocks first..last (one zone),
 * migratetype MOVABLE for the undo: MS_BUSY when refused (the blocks
 * isolated before are set back by the kernel's error path). */
enum machine_status machine_isolate(struct machine *m, uint64_t first, uint64_t last);
/* undo_isolate_page_range(..., MIGRATE_MOVABLE) on first..last. */
enum machine_status machine_unisolate(struct machine *m, uint64_t first, uint64_t last);

/* ---- Tags and allocations -------------------------------------------- */
/* Interns a tag name (1..32 chars of [A-Za-z0-9_.-]); returns its id, or
 * UINT32_MAX when the host is out of memory. */
uint32_t machine_tag(struct machine *m, const char *name);
const char *machine_tag_name(const struct machine *m, uint32_t tag);
/* Tags in the order of their first successful allocation (allocs dump). */
size_t machine_tag_order_count(const struct machine *m);
uint32_t machine_tag_order_at(const struct machine *m, size_t i);
uint64_t machine_tag_live(const struct machine *m, uint32_t tag);
uint64_t machine_tag_next_index(const struct machine *m, uint32_t tag);
/* The k-th live allocation of the tag in ascending index order (0-based). */
uint64_t machine_tag_kth_live(const struct machine *m, uint32_t tag, uint64_t k);

struct alloc_info {
	uint32_t tag;
	uint64_t index;
	uint64_t pfn;
	int order;
	int type;          /* the type the scenario asked for */
	bool live;
};
/* Info about (tag, index); false if that index was never handed out. */
bool machine_alloc_info(const struct machine *m, uint32_t tag, uint64_t index, struct alloc_info *out);
/* Info about the live allocation covering pfn; false if the page is free
 * or outside every zone. */
bool machine_alloc_at(const struct machine *m, uint64_t pfn, struct alloc_info *out);

/* ---- Random generator (rng.md) ---------------------------------------- */
uint64_t machine_rng_u64(struct machine *m);
double machine_rng_double(struct machine *m);
uint64_t machine_rng_below(struct machine *m, uint64_t n);

/* ---- Queries ----------------------------------------------------------- */
bool machine_has_cma(const struct machine *m);     /* CMA in the profile's type list */
/* zone->nr_reserved_highatomic and nr_free_highatomic of a zone index. */
uint64_t machine_reserved_highatomic(const struct machine *m, int zone);
uint64_t machine_free_highatomic(const struct machine *m, int zone);
bool machine_grouping_disabled(const struct machine *m); /* page_group_by_mobility_disabled */
int machine_nzones(const struct machine *m);
struct zone_info {
	int id;
	const char *name;
	uint64_t start_pfn, pages;
	uint64_t first_block, nblocks;  /* global block numbers */
};
void machine_zone_info(const struct machine *m, int zi, struct zone_info *out);
/* Index of the zone with that enum zone_id, or -1. */
int machine_zone_index(const struct machine *m, int zone_id);

uint64_t machine_nblocks(const struct machine *m);
struct block_info {
	uint64_t start_pfn;
	int zone;                 /* zone index */
	int type;                 /* enum migratetype of the block */
	uint32_t free;            /* pages in free chunks inside the block */
	uint32_t alloc[MT_PCPTYPES]; /* allocated pages by the asked type */
	bool mixed;               /* holds pages whose asked type != block type */
	uint32_t pcp;             /* of alloc[], pages sitting on pcp lists */
};
void machine_block_info(const struct machine *m, uint64_t block, struct block_info *out);
/* Number of type changes ever made to a block, for the detail view. */
uint32_t machine_block_type_changes(const struct machine *m, uint64_t block);

/* nr_free of one free_area list (zone index, order, type), as pagetypeinfo. */
uint64_t machine_list_count(const struct machine *m, int zone, int order, int mt);
/* nr_free[order] of a zone, as buddyinfo. */
uint64_t machine_nr_free(const struct machine *m, int zone, int order);
/* Walks a free list from its head: returns up to max chunk pfns. */
size_t machine_list_pfns(const struct machine *m, int zone, int order, int mt, uint64_t *out, size_t max);
/* For a pfn on a per-cpu list: its head pfn, order and list type. */
bool machine_pcp_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order, int *mt);

/* Watermarks of a zone (computed also with watermarks off). */
struct zone_wmark_info {
	uint64_t min, low, high, promo, boost;   /* _watermark[] and watermark_boost */
	uint64_t managed, nr_free_pages, pcp_pages;
	int64_t min_free_kbytes;
	int batch, high_min, high_max;           /* pcp sizes */
	bool below_high, boosted;                /* ZONE_BELOW_HIGH, ZONE_BOOSTED_WATERMARK */
};
void machine_zone_wmark(const struct machine *m, int zi, struct zone_wmark_info *out);

/* The contract's `reclaim` step: frees live RECLAIMABLE allocations,
 * oldest first, until `pages` pages are freed; returns the pages freed. */
uint64_t machine_reclaim(struct machine *m, uint64_t pages);
/* kswapd / kcompactd woken during a step run at its end (step_run does). */
void machine_end_step(struct machine *m);

/* For a pfn inside a free chunk: its head pfn and order. */
bool machine_free_chunk_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order);

void machine_stats(const struct machine *m, struct machine_stats *out);
/* fragmentation_index() / unusable free index x1000 for order k over all zones. */
int machine_extfrag_index(const struct machine *m, int k);
int machine_unusable_index(const struct machine *m, int k);

/* ---- Compaction (compaction.c) ---------------------------------------- */
/* enum compact_result of include/linux/compaction.h, in the kernel's order;
 * X(enum, name as the mm_compaction_* tracepoints print it) */
#define COMPACT_RESULTS(X)                                  \
	X(COMPACT_NOT_SUITABLE_ZONE, "not_suitable_zone")   \
	X(COMPACT_SKIPPED, "skipped")                       \
	X(COMPACT_DEFERRED, "deferred")                     \
	X(COMPACT_NO_SUITABLE_PAGE, "no_suitable_page")     \
	X(COMPACT_CONTINUE, "continue")                     \
	X(COMPACT_COMPLETE, "complete")                     \
	X(COMPACT_PARTIAL_SKIPPED, "partial_skipped")       \
	X(COMPACT_CONTENDED, "contended")                   \
	X(COMPACT_SUCCESS, "success")

enum compact_result {
#define CR_ENUM(e, name) e,
	COMPACT_RESULTS(CR_ENUM)
#undef CR_ENUM
	COMPACT_RESULT_COUNT
};
const char *compact_result_name(int r);

/* enum compact_priority (include/linux/compaction.h). */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL = 0,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT = 1,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC = 2,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

/* enum migrate_mode (include/linux/migrate_mode.h). */
enum migrate_mode { MIGRATE_ASYNC = 0, MIGRATE_SYNC_LIGHT = 1, MIGRATE_SYNC = 2 };
const char *migrate_mode_word(int mode);   /* "async", "sync_light", "sync" */

/* The contract's `compact` step: order -1 = /proc/sys/vm/compact_memory's
 * compact_control, order >= 1 = kcompactd's (without its deferral and
 * suitability gates); mode -1 = the default (sync for -1, else sync_light);
 * zone -1 = every zone, ascending; max_migrate 0 = unbounded. */
struct compact_request {
	int order;
	int mode;
	int zone;                /* enum zone_id, or -1 */
	uint64_t max_migrate;
};

/* Why a compaction run stopped (besides compact_result). */
enum compact_stop { CSTOP_NONE, CSTOP_FINISHED, CSTOP_NOMEM, CSTOP_MAX_MIGRATE, CSTOP_ABORTED };

/* What a watcher sees between two machine_compact_step() calls. pfns are
 * real pfns; `block` is a global block number (UINT64_MAX if none). */
struct compact_state {
	bool active;             /* a compaction is running (between begin and its end) */
	int zone;                /* zone index */
	int order, mode;
	bool whole_zone;
	uint64_t migrate_pfn, free_pfn;
	uint64_t zone_start, zone_end;
	uint64_t block;          /* block the last step worked on */
	const char *phase;       /* what the next step does, in words */
	uint64_t nr_migratepages, nr_freepages;   /* isolated now */
	/* Sources isolated by the last isolate_migratepages() (list order:
	 * descending pfn); machine_compact_pair() gives each one. */
	size_t nsources;
	uint64_t moved_step;     /* pages moved in this compact request */
	int last_result;         /* enum compact_result of the last zone finished, -1 none */
	int stop;                /* enum compact_stop */
	uint64_t total_migrate_scanned, total_free_scanned;  /* this zone's run */
};

/* Starts a compaction request; MS_BAD_ARG for a bad order/mode/zone or
 * when one is already running. Nothing moves until the first step. */
enum machine_status machine_compact_begin(struct machine *m, const struct compact_request *rq);
/* One small step: one isolate_migratepages() call, one isolate_freepages()
 * call with the destinations it serves, or the copy-and-free half of a
 * migrate_pages() batch; also the zone's begin/end. Returns true while more
 * remains. */
bool machine_compact_step(struct machine *m);
/* Runs the request to its end (the `compact` step): begin + steps. */
enum machine_status machine_compact(struct machine *m, const struct compact_request *rq);
void machine_compact_state(const struct machine *m, struct compact_state *out);
/* Source i (0 = list head) of the last isolation and its destination in
 * the migrate_pages() batch (UINT64_MAX while it has none); `moved` once
 * the allocation has moved there. False if i is out of range. */
bool machine_compact_pair(const struct machine *m, size_t i, uint64_t *src_pfn, uint64_t *dst_pfn, bool *moved);
/* Ends a running compaction now as compact_zone() ends: unmigrated sources
 * stay, isolated free pages are released. */
void machine_compact_abort(struct machine *m);
bool machine_compact_running(const struct machine *m);
/* For the grid and the block detail: is pfn inside a free chunk the free
 * scanner isolated (on cc->freepages, off the free lists)? Gives its head
 * and order. */
bool machine_compact_isolated_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order);
/* The free chunks the free scanner isolated (cc->freepages), orders
 * ascending, each list from its head: up to max heads and orders; returns
 * how many there are. */
size_t machine_compact_freepages(const struct machine *m, uint64_t *pfn, int *order, size_t max);
/* A block's PB_migrate_skip bit. */
bool machine_block_skip(const struct machine *m, uint64_t block);
/* Compaction and migration counters, as /proc/vmstat names them. */
struct compact_counters {
	uint64_t compact_migrated, compact_migrate_scanned, compact_free_scanned, compact_isolated;
	uint64_t pgmigrate_success, pgmigrate_fail;
	uint64_t compact_stall, compact_fail, compact_success;
	uint64_t compact_daemon_wake, compact_daemon_migrate_scanned, compact_daemon_free_scanned;
};
void machine_compact_counters(const struct machine *m, struct compact_counters *out);

/* ---- Snapshots (undo) --------------------------------------------------- */
/* A deep copy of the whole state, generator included; NULL if the host is
 * out of memory. Restoring makes `m` equal to the machine at the copy. */
struct machine *machine_clone(const struct machine *m);
bool machine_restore(struct machine *m, const struct machine *snapshot);
/* A copy like machine_clone() that m is then in sync with: restoring it
 * into m later copies only what m changed since (a step back costs what
 * the steps after the checkpoint touched, not the machine's size). */
struct machine *machine_checkpoint(struct machine *m);
/* Host memory held by the machine's tables, for budgeting snapshots. */
size_t machine_footprint(const struct machine *m);

/* Checks every invariant (lists, alignment, counters against a recount).
 * Returns true if all hold, else writes the first violation to msg.
 * O(pages): for tests only. */
bool machine_check(const struct machine *m, char *msg, size_t n);

#endif
