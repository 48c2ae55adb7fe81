/* Migratetypes, zones and other small shared enums of the engine.
 *
 * One X-macro table per concept generates the enum and its names, so the
 * /proc spelling, the grid letter and the colour role can never drift apart.
 */
#ifndef BUDDYVIZ_MTYPE_H
#define BUDDYVIZ_MTYPE_H

/* enum migratetype of a CONFIG_CMA kernel (mmzone.h). Debian's amd64 build
 * has no CMA: the profile then hides MT_CMA from every dump (see
 * machine_has_cma()), but the numbering stays fixed inside the engine.
 *   X(enum, /proc spelling, grid letter, scenario keyword) */
#define MIGRATETYPES(X)                                          \
	X(MT_UNMOVABLE,   "Unmovable",   'U', "unmovable")       \
	X(MT_MOVABLE,     "Movable",     'M', "movable")         \
	X(MT_RECLAIMABLE, "Reclaimable", 'R', "reclaimable")     \
	X(MT_HIGHATOMIC,  "HighAtomic",  'H', "highatomic")      \
	X(MT_CMA,         "CMA",         'C', "cma")             \
	X(MT_ISOLATE,     "Isolate",     'I', "isolate")

enum migratetype {
#define MT_ENUM(e, name, letter, word) e,
	MIGRATETYPES(MT_ENUM)
#undef MT_ENUM
	MT_COUNT
};

/* MIGRATE_PCPTYPES: the types that have fallbacks and can be requested. */
#define MT_PCPTYPES 3

/* Index of name in names[0..n), or -1: the one lookup behind every
 * "word -> enum" function (types, zones, stats keys, dumps). */
int names_find(const char *const *names, int n, const char *name);

const char *mtype_name(int mt);    /* "Movable", as /proc/pagetypeinfo spells it */
char mtype_letter(int mt);         /* 'M' */
const char *mtype_word(int mt);    /* "movable", as scenarios spell it */
/* Scenario keyword -> type among the first `limit` types; -1 if unknown. */
int mtype_from_word(const char *word, int limit);

/* Zones in the kernel's order (zone_type). */
#define ZONES(X)               \
	X(ZONE_DMA,    "DMA")     \
	X(ZONE_DMA32,  "DMA32")   \
	X(ZONE_NORMAL, "Normal")

enum zone_id {
#define ZONE_ENUM(e, name) e,
	ZONES(ZONE_ENUM)
#undef ZONE_ENUM
	ZONE_ID_COUNT
};

const char *zone_id_name(int id);
int zone_id_from_name(const char *name); /* -1 if unknown */

/* Hard limits of the machine model (scenario-format.md section 7). */
#define MAX_ORDER_LIMIT 10                 /* max_order 1..10 */
#define NR_ORDERS_LIMIT (MAX_ORDER_LIMIT + 1)
#define TAG_MAX_LEN 32

#endif
