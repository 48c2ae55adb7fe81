/* The scenario-keys table (keys.h) and the reference generated from it. */
#include "scenario/keys.h"
#include "scenario/ytree.h"

#include <inttypes.h>
#include <string.h>

#include "engine/machine.h"
#include "engine/mtype.h"
#include "engine/stats.h"
#include "engine/step.h"

/* Shorthands for table rows. */
#define REQ(k, t, txt)                 { .key = k, .type = t, .required = true, .doc = txt }
#define OPT(k, t, d, txt)              { .key = k, .type = t, .def = d, .doc = txt }
#define INT(k, lo, hi, lim, d, txt)    { .key = k, .type = VT_INT, .min = lo, .max = hi, .limit = lim, .def = d, .doc = txt }
#define INT_REQ(k, lo, hi, lim, txt)   { .key = k, .type = VT_INT, .required = true, .min = lo, .max = hi, .limit = lim, .doc = txt }
#define INT_MO(k, lo, d, txt)          { .key = k, .type = VT_INT, .min = lo, .max_bound = B_MAX_ORDER, .limit = "max_order", .def = d, .doc = txt }

static const struct key_spec top_keys[TK__N] = {
	[TK_NAME] = REQ("name", VT_LINE, "title shown by the TUI"),
	[TK_DESCRIPTION] = { .key = "description", .type = VT_TEXT, .nullable = true, .def = "none",
			     .doc = "longer text for the TUI's help and caption" },
	[TK_CHAPTER] = OPT("chapter", VT_LINE, "none",
			   "the library chapter the scenario belongs to, e.g. `\"3. Fallback: claim or steal\"`; "
			   "`buddyviz --list` groups scenarios under it (a leading number orders the chapters)"),
	[TK_MACHINE] = OPT("machine", VT_MACHINE, "see machine", "the simulated machine"),
	[TK_STEPS] = REQ("steps", VT_STEPS, "the steps, in order; may be empty ([])"),
	[TK_STATE] = OPT("state", VT_STATE, "the boot state",
			 "extension: the state the machine starts in (see Extensions)"),
};

/* Extension: `state:` (see Extensions in the reference). */
static const struct key_spec state_keys[SK__N] = {
	[SK_TAG] = OPT("tag", VT_TAG, "`real`", "tag of the allocations that hold the used memory"),
	[SK_ZONES] = REQ("zones", VT_ZONES, "one entry per zone of the machine, in the machine's order"),
};

static const struct key_spec state_zone_keys[SZK__N] = {
	[SZK_NAME] = REQ("name", VT_ZONE_NAME, "the zone, as in machine.zones"),
	[SZK_BLOCKS] = REQ("blocks", VT_BLOCK_RUNS,
			   "the pageblocks' migratetypes in pfn order, as runs; the counts add up to the zone's blocks"),
	[SZK_FREE] = OPT("free", VT_CHUNKS, "`[]`", "the free chunks; every other page is in use"),
};

static const struct key_spec machine_keys[MK__N] = {
	[MK_PROFILE] = OPT("profile", VT_PROFILE, "`linux-6.12`",
			   "behaviour profile: `no-grouping` switches mobility grouping off "
			   "(page_group_by_mobility_disabled); `--profile` overrides it"),
	[MK_MAX_ORDER] = INT("max_order", 1, MAX_ORDER_LIMIT, "max_order limit", "`10`",
			     "MAX_PAGE_ORDER: the largest buddy order"),
	[MK_PAGEBLOCK_ORDER] = INT_MO("pageblock_order", 1, "`min(9, max_order)`",
				      "pageblock_nr_pages = 1 << pageblock_order"),
	[MK_PCP] = { .key = "pcp", .type = VT_BOOL, .def = "`false`",
		     .doc = "per-cpu lists of one CPU (batch and high from the zone's size and low mark)" },
	[MK_WATERMARKS] = { .key = "watermarks", .type = VT_BOOL, .def = "`false`",
			    .doc = "min/low/high marks, boost and the slow path (kswapd, direct compaction and reclaim)" },
	[MK_MIN_FREE_KBYTES] = { .key = "min_free_kbytes", .type = VT_INT_AUTO, .min = 128, .max = 262144,
				 .def = "`auto`",
				 .doc = "vm.min_free_kbytes; `auto` = what Debian 12 boots with (calculate_min_free_kbytes, "
					"raised by set_recommended_min_free_kbytes from 512 MiB on); watermarks: true only" },
	[MK_WATERMARK_SCALE_FACTOR] = INT("watermark_scale_factor", 1, 3000, NULL, "`10`",
					  "vm.watermark_scale_factor; watermarks: true only"),
	[MK_WATERMARK_BOOST_FACTOR] = INT("watermark_boost_factor", 0, 1000000, NULL, "`15000`",
					  "vm.watermark_boost_factor; watermarks: true only"),
	[MK_SEED] = INT("seed", 0, UINT64_MAX, "seed limit", "`1`",
			"seeds the one random generator (rng.md)"),
	[MK_CMA] = OPT("cma", VT_BLOCKS, "none",
		       "pageblocks `[first, last]` (inside one zone) reserved as CMA at boot, as "
		       "init_cma_reserved_pageblock() frees them (a CONFIG_CMA kernel: six migratetypes)"),
	[MK_ZONES] = OPT("zones", VT_ZONES, "one Normal zone of 1GiB",
			 "the zones, DMA, DMA32, Normal, each at most once, in that order; "
			 "4 TiB together at most"),
};

static const struct key_spec zone_keys[ZK__N] = {
	[ZK_NAME] = REQ("name", VT_ZONE_NAME, "DMA, DMA32 or Normal"),
	[ZK_SIZE] = OPT("size", VT_SIZE, "required, or pages",
			"bytes, whole pages and a multiple of the max-order block"),
	[ZK_PAGES] = INT("pages", 1, UINT64_MAX, NULL, "required, or size",
			 "the size in 4 KiB pages, a multiple of 1 << max_order"),
	[ZK_START_PFN] = INT("start_pfn", 0, UINT64_MAX, NULL, "the previous zone's end (0 for the first)",
			     "first pfn: a multiple of 1 << max_order, not below the previous zone's end"),
};

static const struct key_spec alloc_keys[AK__N] = {
	[AK_TYPE] = REQ("type", VT_MTYPE, "the allocation's migratetype"),
	[AK_ORDER] = INT_MO("order", 0, "`0`", "size of each allocation: 1 << order pages"),
	[AK_COUNT] = INT("count", 0, LIMIT_COUNT, "count limit 10^8", "`1`",
			 "separate allocations, one after another"),
	[AK_TAG] = OPT("tag", VT_TAG, "`_`", "names the allocations for free; each gets the tag's next index"),
	[AK_FLAGS] = OPT("flags", VT_FLAGS, "`[]`",
			 "`highatomic`: a high-priority atomic request (GFP_ATOMIC), served as the slow path "
			 "serves it (ALLOC_NON_BLOCK; ALLOC_HIGHATOMIC and a reserve for order > 0); "
			 "`cma`: ALLOC_CMA, which movable requests get anyway (only movable, only with `machine.cma`)"),
	[AK_ZONE] = OPT("zone", VT_ZONE, "the highest zone",
			"the highest zone the request may use (GFP_DMA, GFP_DMA32)"),
};

static const struct key_spec steal_keys[AK__N] = {
	[AK_TYPE] = REQ("type", VT_MTYPE, "the requested migratetype"),
	[AK_FROM] = OPT("from", VT_FROM, "`any`",
			"keep only this type of the fallbacks[type] row; not the type itself"),
	[AK_ORDER] = INT_MO("order", 0, "`0`", "size of each allocation: 1 << order pages"),
	[AK_COUNT] = INT("count", 0, LIMIT_COUNT, "count limit 10^8", "`1`", "separate steals"),
	[AK_TAG] = OPT("tag", VT_TAG, "`_`", "names the allocations"),
	[AK_ZONE] = OPT("zone", VT_ZONE, "the highest zone", "the preferred zone"),
};

static const struct key_spec free_keys[FK__N] = {
	[FK_TAG] = OPT("tag", VT_TAG, "required unless pfn", "the tag whose live allocations are freed"),
	[FK_EVERY] = INT("every", 1, UINT64_MAX, NULL, "none", "selector: indices i with i mod K == offset"),
	[FK_OFFSET] = INT("offset", 0, UINT64_MAX, NULL, "`0`", "with every: 0 <= offset < every"),
	[FK_FIRST] = INT("first", 0, UINT64_MAX, NULL, "none", "selector: the N lowest-index live ones"),
	[FK_LAST] = INT("last", 0, UINT64_MAX, NULL, "none", "selector: the N highest-index live ones"),
	[FK_INDEX] = OPT("index", VT_INDEX_LIST, "none", "selector: these indices"),
	[FK_RANDOM] = OPT("random", VT_PROB, "none", "selector: each live one with probability P"),
	[FK_PFN] = INT("pfn", 0, UINT64_MAX, NULL, "none",
		       "alone: frees the live allocation covering page N, whatever its tag"),
};

static const struct key_spec workload_keys[WK__N] = {
	[WK_OPS] = INT_REQ("ops", 0, LIMIT_OPS, "workload.ops limit 10^8", "random operations"),
	[WK_MIX] = OPT("mix", VT_MIX, "`{unmovable: 0.1, movable: 0.8, reclaimable: 0.1}`",
		       "weights of the allocation types; a missing type weighs 0"),
	[WK_ORDERS] = OPT("orders", VT_ORDERS, "`{0: 1.0}`", "weights of the orders 0..max_order"),
	[WK_FREE_RATIO] = OPT("free_ratio", VT_PROB, "`0.5`", "probability that an operation frees"),
	[WK_TAG] = OPT("tag", VT_TAG, "`w`", "tag of the workload's allocations"),
};

static const struct key_spec reclaim_keys[CK__N] = {
	[CK_PAGES] = INT_REQ("pages", 1, UINT64_MAX, NULL, "pages to free at least"),
};

static const struct key_spec repeat_keys[RK__N] = {
	[RK_TIMES] = INT_REQ("times", 0, LIMIT_TIMES, "repeat.times limit 10^6", "repetitions"),
	[RK_STEPS] = REQ("steps", VT_STEPS, "the nested steps (repeat nests at most 8 deep)"),
};

static const struct key_spec compact_keys[CPK__N] = {
	[CPK_ORDER] = { .key = "order", .type = VT_INT, .min = -1, .max_bound = B_MAX_ORDER, .limit = "max_order",
			.def = "`-1`",
			.doc = "-1: a full compaction (/proc/sys/vm/compact_memory); N (1..max_order): kcompactd's "
			       "compaction for order N, which stops as soon as an order-N page is free; 0 is not allowed" },
	[CPK_MODE] = OPT("mode", VT_MODE, "`sync` for order -1, else `sync_light`",
			 "enum migrate_mode: async samples free pages every 32 pfns; sync_light and sync scan every pfn"),
	[CPK_MAX_MIGRATE] = INT("max_migrate", 1, UINT64_MAX, NULL, "unbounded",
				"stop after the first migrate_pages() batch that brings the pages moved to this many"),
	[CPK_ZONE] = OPT("zone", VT_ZONE, "every zone", "compact only this zone"),
};

static const struct key_spec isolate_keys[IK__N] = {
	[IK_BLOCKS] = { .key = "blocks", .type = VT_BLOCKS, .required = true,
			.doc = "pageblocks `[first, last]`, inside one zone" },
};

/* Extension: `quiz` (see Extensions in the reference). */
static const struct key_spec quiz_keys[QZK__N] = {
	[QZK_ASK] = OPT("ask", VT_LINE, "made from `about`", "the question in the author's words"),
	[QZK_ABOUT] = OPT("about", VT_QUIZ_ABOUT, "`changed_blocks`",
			  "what the question asks; the quiz computes the right answer from the engine"),
	[QZK_BLOCK] = INT("block", 0, UINT64_MAX, NULL, "required with `block_type`",
			  "the pageblock `about: block_type` asks about"),
	[QZK_ANSWER] = OPT("answer", VT_QUIZ_ANSWER, "none (the simulation answers)",
			   "the author's answer; `run` checks it like an `expect` and exits 1 when it is wrong"),
};

#define SECTION(n, k, sh, keys, txt) { n, k, sh, false, keys, sizeof(keys) / sizeof(keys[0]), txt }
#define UNSUPPORTED(n, txt) { n, -1, SH_MAP, true, NULL, 0, txt }

const struct section_spec sec_top = SECTION("scenario", -1, SH_MAP, top_keys, "The top-level mapping");
const struct section_spec sec_machine = SECTION("machine", -1, SH_MAP, machine_keys, "Optional; every key has a default");
const struct section_spec sec_zone = SECTION("zone", -1, SH_MAP, zone_keys, "An entry of machine.zones");
const struct section_spec sec_state = SECTION("state", -1, SH_MAP, state_keys, "Extension: the initial state");
const struct section_spec sec_state_zone = SECTION("state zone", -1, SH_MAP, state_zone_keys, "An entry of state.zones");

const struct section_spec step_sections[] = {
	{ NULL, STEP_SAY, SH_TEXT, false, NULL, 0, "A string: the caption for the steps that follow" },
	{ NULL, STEP_PAUSE, SH_NONE, false, NULL, 0,
	  "No value (`- pause`, or `pause:` with nothing): auto-run in the TUI stops here" },
	SECTION(NULL, STEP_ALLOC, SH_MAP, alloc_keys, "`count` allocations, one after another, through the profile's allocation path"),
	SECTION(NULL, STEP_FREE, SH_MAP, free_keys,
		"Frees live allocations of `tag` in ascending index order, with at most one selector (none = all), or the one covering `pfn`"),
	SECTION(NULL, STEP_STEAL, SH_MAP, steal_keys,
		"Runs the fallback path (`__rmqueue_claim`, then `__rmqueue_steal`) on the current lists"),
	SECTION(NULL, STEP_WORKLOAD, SH_MAP, workload_keys,
		"`ops` random operations: allocations by `mix`/`orders`, or frees with probability `free_ratio`"),
	SECTION(NULL, STEP_REPEAT, SH_MAP, repeat_keys, "The nested steps, `times` times"),
	{ NULL, STEP_EXPECT, SH_STATS, false, NULL, 0,
	  "A mapping of `--dump stats` keys to exact integers; a mismatch is reported and `run` exits 1" },
	SECTION(NULL, STEP_COMPACT, SH_MAP, compact_keys,
		"Runs `compact_zone()` on each zone (ascending) as mm/compaction.c does: the migrate scanner "
		"rises from the zone start, the free scanner falls from the zone end, until they meet or "
		"(order N) an order-N page is free. Only movable allocations move; each keeps its tag and index"),
	SECTION(NULL, STEP_ISOLATE, SH_MAP, isolate_keys,
		"start_isolate_page_range(): the first block, the last, then the ones between; free pages move to "
		"the Isolate lists; refused (with the reason) when a block is already Isolate or CMA, holds an "
		"unmovable or reclaimable allocation, or a compound allocation crosses the range's edge, and then "
		"the blocks isolated before are set back to Movable"),
	SECTION(NULL, STEP_UNISOLATE, SH_MAP, isolate_keys,
		"undo_isolate_page_range(..., MIGRATE_MOVABLE): every Isolate block of the range becomes Movable "
		"(whatever it was before; Unmovable with grouping off, as set_pageblock_migratetype() stores it), "
		"its free pages merge back; blocks that are not Isolate are skipped"),
	SECTION(NULL, STEP_RECLAIM, SH_MAP, reclaim_keys,
		"Frees live reclaimable allocations, oldest first, until at least `pages` pages are freed "
		"(a simulator definition; direct reclaim and kswapd use it too)"),
	SECTION(NULL, STEP_QUIZ, SH_MAP, quiz_keys,
		"Extension (see Extensions): a question for `buddyviz quiz` about the step before it; no state change"),
};
const size_t n_step_sections = sizeof(step_sections) / sizeof(step_sections[0]);

const char *section_name(const struct section_spec *s)
{
	return s->name ? s->name : step_kind_word(s->kind);
}

const struct section_spec *step_section_find(const char *word)
{
	for (size_t i = 0; i < n_step_sections; i++)
		if (strcmp(section_name(&step_sections[i]), word) == 0)
			return &step_sections[i];
	return NULL;
}

int section_key_find(const struct section_spec *s, const char *key)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].key && strcmp(s->keys[i].key, key) == 0)
			return (int)i;
	return -1;
}

static const char *const profile_words[PROFILE_COUNT] = {
	[PROFILE_LINUX_6_12] = "linux-6.12",
	[PROFILE_NO_GROUPING] = "no-grouping",
};

const char *profile_word(int profile)
{
	return profile >= 0 && profile < PROFILE_COUNT ? profile_words[profile] : "?";
}

int profile_from_word(const char *word)
{
	for (int i = 0; i < PROFILE_COUNT; i++)
		if (strcmp(word, profile_words[i]) == 0)
			return i;
	return -1;
}

/* ---- The reference ------------------------------------------------------ */

static void type_text(FILE *f, const struct key_spec *k)
{
	switch (k->type) {
	case VT_TEXT: fputs("string", f); break;
	case VT_LINE: fputs("string, one line, not empty", f); break;
	case VT_INT:
		if (k->max_bound == B_MAX_ORDER && k->min < 0)
			fprintf(f, "integer %" PRId64 " or 1..max_order", k->min);
		else if (k->max_bound == B_MAX_ORDER)
			fprintf(f, "integer %" PRId64 "..max_order", k->min);
		else if (k->max == UINT64_MAX)
			fprintf(f, "integer >= %" PRId64 "%s", k->min, k->min == 0 && !strcmp(k->key, "seed") ? " (up to 2^64-1)" : "");
		else
			fprintf(f, "integer %" PRId64 "..%" PRIu64, k->min, k->max);
		if (k->limit && k->max_bound == B_CONST && k->max != UINT64_MAX)
			fprintf(f, " (%s)", k->limit);
		break;
	case VT_BOOL: fputs("`true` or `false`", f); break;
	case VT_INT_AUTO: fprintf(f, "`auto` or integer %" PRId64 "..%" PRIu64, k->min, k->max); break;
	case VT_PROB: fputs("number 0..1", f); break;
	case VT_SIZE: fputs("size: bytes, or an integer with K M G T KiB MiB GiB TiB (powers of 1024)", f); break;
	case VT_TAG: fputs("tag: 1-32 of `A-Z a-z 0-9 _ . -`", f); break;
	case VT_MTYPE:
	case VT_FROM:
		if (k->type == VT_FROM)
			fputs("`any`, ", f);
		for (int i = 0; i < MT_PCPTYPES; i++)
			fprintf(f, "%s`%s`", i ? (i == MT_PCPTYPES - 1 ? " or " : ", ") : "", mtype_word(i));
		break;
	case VT_ZONE: fputs("a zone of the machine", f); break;
	case VT_ZONE_NAME:
		for (int i = 0; i < ZONE_ID_COUNT; i++)
			fprintf(f, "%s`%s`", i ? ", " : "", zone_id_name(i));
		break;
	case VT_PROFILE:
		for (int i = 0; i < PROFILE_COUNT; i++)
			fprintf(f, "%s`%s`", i ? ", " : "", profile_word(i));
		break;
	case VT_FLAGS: fprintf(f, "list of `%s`, `%s`", mtype_word(MT_HIGHATOMIC), mtype_word(MT_CMA)); break;
	case VT_BLOCKS: fputs("list of two pageblock numbers `[first, last]`, first <= last", f); break;
	case VT_INDEX_LIST: fputs("list of integers >= 0", f); break;
	case VT_MIX: fputs("mapping: type -> weight >= 0 (positive sum)", f); break;
	case VT_ORDERS: fputs("mapping: order 0..max_order -> weight >= 0 (positive sum)", f); break;
	case VT_STEPS: fputs("list of steps", f); break;
	case VT_ZONES: fputs("list of zone entries", f); break;
	case VT_MACHINE: fputs("mapping (machine)", f); break;
	case VT_MODE: fputs("`async`, `sync_light` or `sync`", f); break;
	case VT_STATE: fputs("mapping (state)", f); break;
	case VT_BLOCK_RUNS: fputs("list of `[TYPE, COUNT]`: TYPE one of `unmovable`, `movable`, `reclaimable`, "
				  "`highatomic`, `isolate`; COUNT >= 1", f); break;
	case VT_CHUNKS: fputs("list of `[PFN, ORDER]`: integers, ORDER 0..max_order", f); break;
	case VT_QUIZ_ABOUT: fputs("a `--dump stats` key, `changed_blocks`, `block_type`, `split_order`, `decision` or `alloc_pfn`", f); break;
	case VT_QUIZ_ANSWER: fputs("by `about`: an integer (`none` where nothing may be the answer), block numbers (an integer, a list or `none`), a migratetype word, or `claim` / `steal` / `none`", f); break;
	default: fputs("anything", f); break;
	}
}

static void keys_table(FILE *f, const struct section_spec *s)
{
	fputs("| key | type | default | meaning |\n|---|---|---|---|\n", f);
	for (size_t i = 0; i < s->nkeys; i++) {
		const struct key_spec *k = &s->keys[i];
		if (!k->key)
			continue;
		fprintf(f, "| `%s` | ", k->key);
		type_text(f, k);
		fprintf(f, " | %s | %s |\n", k->required || !k->def ? "**required**" : k->def, k->doc);
	}
}

/* Extension: the quiz step (quiz.h). */
static void quiz_reference(FILE *f)
{
	fputs("\n### `quiz` (a step)\n\n"
	      "A question for `buddyviz quiz` about the step before it (the nearest one that is\n"
	      "not `say`, `pause`, `expect` or `quiz`; with none, about the state as it is).\n"
	      "It changes nothing: `check` validates it and `run` checks its `answer`, if\n"
	      "given, against what that step did, as it checks an `expect` (a wrong answer\n"
	      "prints `FILE:LINE:COL: quiz answer wrong: ABOUT: expected X, got Y` and `run`\n"
	      "exits 1). `buddyviz quiz` stops before that step and asks; it also asks every\n"
	      "key of an `expect` step (but `pages_total`) the same way. A bare `- quiz`\n"
	      "asks `changed_blocks` in the quiz's own words. Allowed only at the top level\n"
	      "of `steps` (not inside a `repeat`). It is a step like any other: `--until N`\n"
	      "and the TUI's k/N count it. `about`:\n\n"
	      "| about | answer |\n|---|---|\n"
	      "| a `--dump stats` key | its value after the step, an integer (`largest_free_order`: `none` = -1) |\n"
	      "| `changed_blocks` | the pageblocks whose migratetype the step changes: block numbers, or `none` |\n"
	      "| `block_type` | the migratetype of pageblock `block` after the step |\n"
	      "| `split_order` | the order of the free chunk the step's first allocation was cut from "
	      "(its own order when nothing was split; a pcp allocation: its list's order); `none` without one |\n"
	      "| `decision` | the step's first fallback (`mm_page_alloc_extfrag`): `claim` when it changed the "
	      "block's owner, `steal` when not, `none` without a fallback |\n"
	      "| `alloc_pfn` | the pfn the step's first allocation got; `none` without one |\n\n"
	      "Example:\n\n```yaml\n"
	      "  - alloc: {type: unmovable, order: 0, tag: U}\n"
	      "  - quiz: {ask: \"Which pageblock turns Unmovable?\", answer: 511}\n"
	      "  - quiz: {about: alloc_pfn, answer: 261632}\n```\n", f);
}

/* The extension part: what the v1 contract does not define. */
static void scenario_reference_extensions(FILE *f)
{
	fputs("\n## Extensions\n\n"
	      "Keys beyond the v1 contract (`scenario-format.md`). They add to it and change\n"
	      "nothing it defines: a scenario without them means what the contract says.\n\n"
	      "### `state` (top level)\n\n"
	      "The machine starts in this state instead of the boot state of the contract's\n"
	      "section 2. `buddyviz import` writes it from a real machine's /proc files.\n"
	      "Every pageblock gets the type `blocks` gives; the `free` chunks go on the free\n"
	      "list of their pageblock's type (`__add_to_free_list()`), each list holding its\n"
	      "chunks in ascending pfn order from the head (the kernel does not export the real\n"
	      "order); every other page is in use: it is cut, in ascending pfn order, into the\n"
	      "largest naturally aligned pieces that stay inside one pageblock and hold no free\n"
	      "page, and each piece is a live allocation of `tag` (indices 0, 1, ... in pfn\n"
	      "order) of its block's type (Unmovable in HighAtomic blocks, Movable in Isolate\n"
	      "blocks). Refused, with the chunk's position: a chunk outside its zone, not\n"
	      "aligned to its order, overlapping another, spanning pageblocks of different\n"
	      "types, or whose buddy is wholly free (`__free_one_page()` would have merged\n"
	      "them; allowed only at order >= pageblock_order between blocks of different types\n"
	      "where one is HighAtomic or Isolate, which 6.12 does not merge). `cma` blocks are\n"
	      "not supported yet. The steps then run from this state; `--until 0` shows it,\n"
	      "and a session saved from the TUI keeps the section.\n\n", f);
	keys_table(f, &sec_state);
	fputs("\n#### Zone entries (`state.zones`)\n\n", f);
	keys_table(f, &sec_state_zone);
	fputs("\nExample:\n\n```yaml\nstate:\n  zones:\n    - name: Normal\n"
	      "      blocks: [[unmovable, 1], [movable, 511]]\n"
	      "      free: [[512, 9], [1024, 10], [3, 0]]\n```\n", f);
	quiz_reference(f);
}

void scenario_reference(FILE *f)
{
	fputs("# Scenario reference\n\n"
	      "Generated from the scenario-keys table in `src/scenario/keys.c`\n"
	      "(`build/tools/scenario-ref > docs/scenario-reference.md`); the contract is\n"
	      "`scenario-format.md`. Every key not listed is an error, and so is a key\n"
	      "given twice. Integers are plain decimal (`\"3\"` in quotes is a string);\n"
	      "numbers between 0 and 1 and weights are decimal (`0.5`, `.5`, `1e-3`;\n"
	      "no `inf`, `nan` or hexadecimal). Errors print as `FILE:LINE:COL: message`,\n"
	      "all of them, in file order.\n\n", f);
	fprintf(f, "## Top level\n\n");
	keys_table(f, &sec_top);
	fprintf(f, "\n## `machine`\n\n%s.\n\n", sec_machine.doc);
	keys_table(f, &sec_machine);
	fprintf(f, "\n### Zone entries (`machine.zones`)\n\n"
		"Give `size` or `pages`, not both.\n\n");
	keys_table(f, &sec_zone);
	fputs("\n## Steps\n\n"
	      "A step is a one-key mapping (`- alloc: {type: movable}`), or the bare\n"
	      "word `pause`.\n", f);
	for (size_t i = 0; i < n_step_sections; i++) {
		const struct section_spec *s = &step_sections[i];
		fprintf(f, "\n### `%s`\n\n%s%s.\n", section_name(s),
			s->doc, s->unsupported ? "" : "");
		if (s->shape == SH_MAP && !s->unsupported) {
			fputc('\n', f);
			keys_table(f, s);
		}
		if (s->kind == STEP_FREE)
			fputs("\nAt most one of `every` (with `offset`), `first`, `last`, `index`, `random`;\n"
			      "`pfn` takes no other key.\n", f);
		if (s->kind == STEP_EXPECT) {
			fputs("\nKeys:", f);
			for (int k = 0; k < STAT_COUNT; k++)
				fprintf(f, " `%s`", stat_name(k));
			fputs(".\n", f);
		}
	}
	fprintf(f, "\n## Limits\n\n"
		"| what | limit |\n|---|---|\n"
		"| `max_order` | 1..%d |\n"
		"| zones together | 4 TiB (gaps do not count); each zone ends below pfn 2^52 |\n"
		"| `count` | 10^8 |\n"
		"| `repeat.times` | 10^6 |\n"
		"| `repeat` nesting | %d deep |\n"
		"| `workload.ops` | 10^8 |\n"
		"| the whole scenario | 10^9 operations: each allocation of a `count`, each workload op, "
		"1 for every other step (a `repeat` counts its nested steps), times every enclosing `repeat` |\n"
		"| file | %u MiB, %d levels of YAML nesting; one document; no aliases or tags but `!!str` |\n",
		MAX_ORDER_LIMIT, LIMIT_REPEAT_DEPTH, SCENARIO_MAX_FILE >> 20, YTREE_MAX_DEPTH);
	scenario_reference_extensions(f);
}
