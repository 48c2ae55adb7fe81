/* The `--dump stats` keys (scenario-format.md section 6), in output order.
 * The same table drives the dump, `expect` validation and the TUI panel. */
#ifndef BUDDYVIZ_STATS_H
#define BUDDYVIZ_STATS_H

#include <stdint.h>

#define STAT_KEYS(X)                  \
	X(STAT_PAGES_TOTAL, "pages_total")               \
	X(STAT_PAGES_FREE, "pages_free")                 \
	X(STAT_PAGES_PCP, "pages_pcp")                   \
	X(STAT_ALLOCS_LIVE, "allocs_live")               \
	X(STAT_ALLOCS_FAILED, "allocs_failed")           \
	X(STAT_BLOCKS_UNMOVABLE, "blocks_unmovable")     \
	X(STAT_BLOCKS_MOVABLE, "blocks_movable")         \
	X(STAT_BLOCKS_RECLAIMABLE, "blocks_reclaimable") \
	X(STAT_BLOCKS_HIGHATOMIC, "blocks_highatomic")   \
	X(STAT_BLOCKS_CMA, "blocks_cma")                 \
	X(STAT_BLOCKS_ISOLATE, "blocks_isolate")         \
	X(STAT_MIXED_BLOCKS, "mixed_blocks")             \
	X(STAT_FALLBACK_EVENTS, "fallback_events")       \
	X(STAT_CLAIM_EVENTS, "claim_events")             \
	X(STAT_STEAL_EVENTS, "steal_events")             \
	X(STAT_COMPACT_MIGRATED, "compact_migrated")     \
	X(STAT_COMPACT_MIGRATE_SCANNED, "compact_migrate_scanned") \
	X(STAT_COMPACT_FREE_SCANNED, "compact_free_scanned")       \
	X(STAT_LARGEST_FREE_ORDER, "largest_free_order") \
	X(STAT_EXTFRAG_INDEX, "extfrag_index")           \
	X(STAT_UNUSABLE_INDEX, "unusable_index")

enum stat_key {
#define STAT_ENUM(e, name) e,
	STAT_KEYS(STAT_ENUM)
#undef STAT_ENUM
	STAT_COUNT
};

const char *stat_name(int key);
int stat_from_name(const char *name); /* -1 if unknown */

struct machine_stats {
	int64_t v[STAT_COUNT];
};

#endif
