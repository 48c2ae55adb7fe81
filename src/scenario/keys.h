/* The scenario-keys table: every section (top level, machine, zone entry,
 * each step), its keys, their types, ranges, defaults and meaning. One
 * table drives validation, the error messages and docs/scenario-reference.md
 * (scenario_reference()). Internal to src/scenario.
 */
#ifndef BUDDYVIZ_KEYS_H
#define BUDDYVIZ_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits of scenario-format.md section 7. */
#define LIMIT_COUNT        UINT64_C(100000000)     /* alloc/steal count: 10^8 */
#define LIMIT_TIMES        UINT64_C(1000000)       /* repeat.times: 10^6 */
#define LIMIT_OPS          UINT64_C(100000000)     /* workload.ops: 10^8 */
#define LIMIT_REPEAT_DEPTH 8                /* repeat nesting */
#define LIMIT_TOTAL_OPS    UINT64_C(1000000000)    /* whole scenario: 10^9 */
#define LIMIT_ZONE_BYTES   (UINT64_C(4) << 40)     /* all zones together: 4 TiB */
#define LIMIT_PFN_END      (UINT64_C(1) << 52)    /* a zone ends below 2^64 bytes */
#define PAGE_BYTES         UINT64_C(4096)
#define SCENARIO_MAX_FILE  (16u << 20)      /* bytes read from a scenario file */

enum vtype {
	VT_TEXT,        /* a string (any scalar but null) */
	VT_LINE,        /* a non-empty one-line string */
	VT_INT,         /* decimal integer in [min, max] */
	VT_BOOL,        /* true or false */
	VT_PROB,        /* decimal number in [0, 1] */
	VT_SIZE,        /* bytes: integer with optional K M G T KiB MiB GiB TiB */
	VT_TAG,         /* 1-32 of A-Z a-z 0-9 _ . - */
	VT_MTYPE,       /* unmovable, movable, reclaimable */
	VT_FROM,        /* any, or an allocation type */
	VT_ZONE,        /* a zone of this machine */
	VT_ZONE_NAME,   /* DMA, DMA32, Normal */
	VT_PROFILE,     /* linux-6.12, no-grouping */
	VT_FLAGS,       /* list of highatomic, cma */
	VT_BLOCKS,      /* [first, last]: pageblock numbers */
	VT_INDEX_LIST,  /* list of integers >= 0 */
	VT_MIX,         /* mapping type -> weight */
	VT_ORDERS,      /* mapping order -> weight */
	VT_STEPS,       /* list of steps */
	VT_ZONES,       /* list of zone entries */
	VT_MACHINE,     /* the machine mapping */
	VT_MODE,        /* async, sync_light, sync (enum migrate_mode) */
	VT_STATE,       /* extension: the state mapping (state.c) */
	VT_BLOCK_RUNS,  /* extension: list of [type, count] */
	VT_CHUNKS,      /* extension: list of [pfn, order] */
	VT_ANY,         /* anything (a key that is not supported yet) */
	VT_INT_AUTO,    /* `auto` (pv->e = 1) or a decimal integer in [min, max] */
	VT_QUIZ_ABOUT,  /* extension: what a quiz step asks (quiz.h) */
	VT_QUIZ_ANSWER, /* extension: a quiz step's answer, typed by `about` (quiz_load.c) */
	VT_COUNT
};

/* What an upper bound of VT_INT is. */
enum bound { B_CONST, B_MAX_ORDER };

/* Which part is not supported yet. */
enum unsupported { U_NO, U_KEY, U_TRUE };

struct key_spec {
	const char *key;
	uint8_t type;          /* enum vtype */
	bool required;
	bool nullable;         /* an empty value (null) counts as absent */
	uint8_t unsupported;   /* enum unsupported */
	uint8_t max_bound;     /* enum bound */
	int64_t min;
	uint64_t max;          /* B_CONST only */
	const char *limit;     /* names the limit in range errors, or NULL */
	const char *def;       /* the default as the reference shows it, NULL = required/none */
	const char *doc;
};

/* Shape of a section's value. */
enum shape { SH_MAP, SH_TEXT, SH_NONE, SH_STATS };

struct section_spec {
	const char *name;      /* NULL: the step keyword step_kind_word(kind) */
	int kind;              /* enum step_kind, or -1 */
	uint8_t shape;         /* enum shape */
	bool unsupported;      /* the whole step is not supported yet */
	const struct key_spec *keys;
	size_t nkeys;
	const char *doc;
};

/* Key indexes of each section, in table order. */
enum { TK_NAME, TK_DESCRIPTION, TK_CHAPTER, TK_MACHINE, TK_STEPS, TK_STATE, TK__N };
enum { SK_TAG, SK_ZONES, SK__N };            /* extension: state */
enum { SZK_NAME, SZK_BLOCKS, SZK_FREE, SZK__N };  /* extension: state zone entry */
enum { MK_PROFILE, MK_MAX_ORDER, MK_PAGEBLOCK_ORDER, MK_PCP, MK_WATERMARKS, MK_MIN_FREE_KBYTES,
       MK_WATERMARK_SCALE_FACTOR, MK_WATERMARK_BOOST_FACTOR, MK_SEED, MK_CMA, MK_ZONES, MK__N };
enum { ZK_NAME, ZK_SIZE, ZK_PAGES, ZK_START_PFN, ZK__N };
enum { AK_TYPE, AK_FROM, AK_ORDER, AK_COUNT, AK_TAG, AK_FLAGS, AK_ZONE, AK__N };
enum { FK_TAG, FK_EVERY, FK_OFFSET, FK_FIRST, FK_LAST, FK_INDEX, FK_RANDOM, FK_PFN, FK__N };
enum { WK_OPS, WK_MIX, WK_ORDERS, WK_FREE_RATIO, WK_TAG, WK__N };
enum { RK_TIMES, RK_STEPS, RK__N };
enum { CK_PAGES, CK__N };    /* reclaim */
enum { CPK_ORDER, CPK_MODE, CPK_MAX_MIGRATE, CPK_ZONE, CPK__N };
enum { IK_BLOCKS, IK__N };
enum { QZK_ASK, QZK_ABOUT, QZK_BLOCK, QZK_ANSWER, QZK__N };   /* extension: quiz */
#define KEYS_MAX 11    /* the most keys of any section */

extern const struct section_spec sec_top, sec_machine, sec_zone;
extern const struct section_spec sec_state, sec_state_zone;   /* extension */
extern const struct section_spec step_sections[];
extern const size_t n_step_sections;

/* The section's name as scenarios spell it. */
const char *section_name(const struct section_spec *s);
/* The step section named `word`, or NULL. */
const struct section_spec *step_section_find(const char *word);
/* Index of `key` in the section, or -1. */
int section_key_find(const struct section_spec *s, const char *key);

/* Profiles, as `machine.profile` and --profile spell them (enum profile). */
const char *profile_word(int profile);
int profile_from_word(const char *word);   /* -1 if unknown */
#define PROFILE_COUNT 2

/* The built-in default scenario (default.c), a YAML text. */
extern const char scenario_default_yaml[];

/* Writes the Markdown reference of every step and key (the body of
 * docs/scenario-reference.md). */
void scenario_reference(FILE *f);

#endif
