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
	bool pcp;               /* only false is supported by this engine */
	bool watermarks;        /* only false is supported by this engine */
	uint64_t seed;
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
/* Allocation requests. `zone` is the highest zone the request may use
 * (enum zone_id), or -1 for the highest zone of the machine. */
struct alloc_request {
	int type;          /* MT_UNMOVABLE, MT_MOVABLE or MT_RECLAIMABLE, as asked */
	int order;         /* 0..max_order */
	int zone;          /* -1 = highest */
	uint32_t tag;      /* from machine_tag() */
	int steal_from;    /* steal only: -1 = any, else the only fallback type kept */
};

/* One allocation through the kernel's fast path: __alloc_pages_noprof() ->
 * get_page_from_freelist() with ALLOC_NOFRAGMENT as alloc_flags_nofragment()
 * sets it, then rmqueue_buddy() -> __rmqueue(). On success the allocation
 * gets the tag's next index. Never allocates host memory per call except
 * when a tag's tables grow (amortised). */
enum machine_status machine_alloc(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out);
/* The contract's `steal` step: __rmqueue_claim then __rmqueue_steal on the
 * current lists, zone by zone from the preferred one, no ALLOC_NOFRAGMENT. */
enum machine_status machine_steal(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out);
/* Frees the live allocation (tag, index) through free_one_page(). */
enum machine_status machine_free_index(struct machine *m, uint32_t tag, uint64_t index);
/* Frees the live allocation covering pfn, whatever its tag. MS_NOTHING if none. */
enum machine_status machine_free_pfn(struct machine *m, uint64_t pfn);

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
/* For a pfn inside a free chunk: its head pfn and order. */
bool machine_free_chunk_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order);

void machine_stats(const struct machine *m, struct machine_stats *out);
/* fragmentation_index() / unusable free index x1000 for order k over all zones. */
int machine_extfrag_index(const struct machine *m, int k);
int machine_unusable_index(const struct machine *m, int k);

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
