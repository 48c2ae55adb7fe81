/* buddyviz import: a scenario whose machine starts like the captured one
 * (scenario extension `state:`, docs/scenario-reference.md "Extensions").
 *
 * Measured, from pagetypeinfo: the pageblocks per migratetype of each zone
 * and the free chunks per order and migratetype. Not exported by the
 * kernel, so laid out by this rule (docs/user-guide.md, "import"):
 *   1. Zone sizes: the pageblocks pagetypeinfo counts (holes and offline
 *      sections removed), rounded up to the max-order block with Movable
 *      used blocks (the header says when that happens). A zone starts at
 *      its real start_pfn rounded down to the max-order block, or where the
 *      previous zone ends if that is later.
 *   2. Block types: one run per type in pfn order: first the types that
 *      have free max-order chunks, then the rest, each group in the
 *      kernel's enum order.
 *   3. Free chunks, largest order first, each type inside its own blocks:
 *      each chunk at the lowest naturally aligned place that is empty and
 *      whose buddy is not wholly free; if the buddy holds no used page yet,
 *      its last empty page is kept used, so no later chunk can make the two
 *      mergeable (the kernel never leaves free buddies unmerged).
 * Free lists then hold their chunks in ascending pfn order (the state
 * rule). A ">100000" count is resolved from buddyinfo when only one type
 * of that order overflowed.
 */
#include "live/import.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "live/import_kp.h"

/* The contract's largest machine: 4 TiB of 4 KiB pages together. */
#define IMPORT_MAX_PAGES (UINT64_C(1) << 30)

enum { PG_EMPTY = 0, PG_FREE = 1, PG_USED = 2 };

struct izone {
	int zone_id;
	uint64_t start_pfn, pages, nblocks;
	uint8_t *btype;        /* per block */
	uint8_t *pg;           /* per page: PG_* */
	uint64_t count[LIVE_MAX_TYPES][LIVE_MAX_ORDERS];  /* by engine type */
	uint64_t blocks[MT_COUNT];
	struct { uint64_t pfn; int order; } *chunks;
	size_t nchunks, cap;
};

static bool push_chunk(struct izone *z, uint64_t off, int order)
{
	if (z->nchunks == z->cap) {
		size_t nc = z->cap ? z->cap * 2 : 256;
		void *p = realloc(z->chunks, nc * sizeof(*z->chunks));
		if (!p)
			return false;
		z->chunks = p;
		z->cap = nc;
	}
	z->chunks[z->nchunks].pfn = z->start_pfn + off;
	z->chunks[z->nchunks].order = order;
	z->nchunks++;
	return true;
}

static bool all_state(const uint8_t *pg, uint64_t off, uint64_t n, uint8_t st)
{
	for (uint64_t i = 0; i < n; i++)
		if (pg[off + i] != st)
			return false;
	return true;
}

/* Records a free chunk at pos; if its buddy holds no used page yet, the
 * buddy's last empty page becomes used (rule 3). */
static bool mark_chunk(struct izone *z, uint64_t pos, int o, int max_order)
{
	uint64_t len = 1ull << o;
	memset(z->pg + pos, PG_FREE, len);
	if (o < max_order) {
		uint64_t sib = pos ^ len;
		bool has_used = false;
		uint64_t last_empty = UINT64_MAX;
		for (uint64_t i = 0; i < len; i++) {
			if (z->pg[sib + i] == PG_USED)
				has_used = true;
			else if (z->pg[sib + i] == PG_EMPTY)
				last_empty = sib + i;
		}
		if (!has_used && last_empty != UINT64_MAX)
			z->pg[last_empty] = PG_USED;
	}
	return push_chunk(z, pos, o);
}

/* Can a chunk of order o of type t start at pos? */
static bool fits(const struct izone *z, uint64_t pos, int t, int o, int pb_order, int max_order)
{
	uint64_t len = 1ull << o, pb = 1ull << pb_order;
	if (pos + len > z->pages)
		return false;
	for (uint64_t b = pos / pb; b <= (pos + len - 1) / pb; b++)
		if (z->btype[b] != t)
			return false;
	if (!all_state(z->pg, pos, len, PG_EMPTY))
		return false;
	return o >= max_order || !all_state(z->pg, pos ^ len, len, PG_FREE);
}

/* Places the chunks of one type and order (rule 3). */
static bool place(struct izone *z, int t, int o, uint64_t n, int pb_order, int max_order)
{
	uint64_t len = 1ull << o, pb = 1ull << pb_order;
	uint64_t pos = 0;
	while (n > 0) {
		if (pos + len > z->pages)
			return false;
		/* Every block the region covers must be of type t. */
		bool ok = true;
		for (uint64_t b = pos / pb; b <= (pos + len - 1) / pb; b++)
			if (z->btype[b] != t) {
				ok = false;
				break;
			}
		if (!ok) {
			pos = ((pos / pb) + 1) * pb;
			pos = (pos + len - 1) & ~(len - 1);
			continue;
		}
		if (!all_state(z->pg, pos, len, PG_EMPTY)) {
			pos += len;
			continue;
		}
		if (o < max_order) {
			uint64_t sib = pos ^ len;
			if (all_state(z->pg, sib, len, PG_FREE)) {
				pos += len;
				continue;
			}
		}
		if (!mark_chunk(z, pos, o, max_order))
			return false;
		n--;
		pos += len;
	}
	return true;
}

static void say(char *err, size_t n, const char *fmt, const char *a, const char *b)
{
	snprintf(err, n, fmt, a, b);
}

/* Rule 2: the block-type runs. */
static void lay_blocks(struct izone *z, int max_order, int pb_order)
{
	uint64_t at = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int t = 0; t < MT_COUNT; t++) {
			bool big = z->count[t][max_order] > 0;
			if (big != (pass == 0))
				continue;
			for (uint64_t i = 0; i < z->blocks[t] && at < z->nblocks; i++)
				z->btype[at++] = (uint8_t)t;
		}
	while (at < z->nblocks)
		z->btype[at++] = MT_MOVABLE;   /* padding to the max-order block */
	(void)pb_order;
}

/* With kpageflags: the blocks with the most used pages that are not on an
 * LRU become Unmovable, then Reclaimable, HighAtomic, Isolate; the rest
 * Movable (padding blocks too). */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool lay_blocks_kp(struct izone *z, const struct kp_layout *L)
{
	uint64_t nb = L->nblocks, *key = malloc((nb ? nb : 1) * sizeof(*key));
	if (!key)
		return false;
	for (uint64_t i = 0; i < nb; i++)
		key[i] = ((uint64_t)(UINT32_MAX - L->score[i]) << 32) | i;
	qsort(key, nb, sizeof(*key), cmp_u64);
	memset(z->btype, MT_MOVABLE, z->nblocks);
	static const int order[] = { MT_UNMOVABLE, MT_RECLAIMABLE, MT_HIGHATOMIC, MT_ISOLATE };
	uint64_t at = 0;
	for (int k = 0; k < 4; k++)
		for (uint64_t i = 0; i < z->blocks[order[k]] && at < nb; i++)
			z->btype[key[at++] & 0xffffffffu] = (uint8_t)order[k];
	free(key);
	return true;
}

/* The free chunks kpageflags shows, merged as the kernel merges them: each
 * the largest naturally aligned wholly free run (at most max order). */
struct kchunk {
	uint64_t pos;
	int order;
	bool used;
};

static struct kchunk *kp_chunks(const uint8_t *kfree, uint64_t pages, int max_order, size_t *nout)
{
	size_t n = 0, cap = 256;
	struct kchunk *c = malloc(cap * sizeof(*c));
	for (uint64_t off = 0; c && off < pages;) {
		if (!kfree[off]) {
			off++;
			continue;
		}
		int o = max_order;
		while (o > 0 && ((off & ((1ull << o) - 1)) || off + (1ull << o) > pages ||
				 !all_state(kfree, off, 1ull << o, 1)))
			o--;
		if (n == cap) {
			struct kchunk *nc = realloc(c, cap * 2 * sizeof(*c));
			if (!nc) {
				free(c);
				return NULL;
			}
			c = nc;
			cap *= 2;
		}
		c[n++] = (struct kchunk){ off, o, false };
		off += 1ull << o;
	}
	*nout = n;
	return c;
}

/* Lays out one zone: block types, then chunks largest order first, those
 * kpageflags shows first (L not NULL), the rest by the rule. */
static bool layout_zone(struct izone *z, const struct kp_layout *L, int pb_order, int max_order, uint64_t *from_kp,
			uint64_t *total)
{
	struct kchunk *kc = NULL;
	size_t nkc = 0;
	memset(z->pg, PG_EMPTY, z->pages);
	z->nchunks = 0;
	*from_kp = *total = 0;
	if (L) {
		if (!lay_blocks_kp(z, L))
			return false;
		kc = kp_chunks(L->free, z->pages, max_order, &nkc);
		if (!kc)
			return false;
	} else {
		lay_blocks(z, max_order, pb_order);
	}
	bool ok = true;
	for (int o = max_order; o >= 0 && ok; o--)
		for (int t = 0; t < MT_COUNT && ok; t++) {
			uint64_t want = z->count[t][o];
			*total += want;
			for (size_t i = 0; i < nkc && want; i++)
				if (!kc[i].used && kc[i].order == o && fits(z, kc[i].pos, t, o, pb_order, max_order)) {
					kc[i].used = true;
					if (!mark_chunk(z, kc[i].pos, o, max_order))
						ok = false;
					want--;
					(*from_kp)++;
				}
			if (ok && want && !place(z, t, o, want, pb_order, max_order))
				ok = false;
		}
	free(kc);
	return ok;
}

static const char *type_word(int t)
{
	return mtype_word(t);
}

bool live_import(FILE *f, const struct live_snap *s, const char *dir, bool use_kp, char *err, size_t n)
{
	struct izone zs[ZONE_ID_COUNT];
	int nz = 0;
	bool ok = false;
	memset(zs, 0, sizeof(zs));
	char notes[2048] = "";
	size_t nl = 0;
#define NOTE(...) (nl += (size_t)snprintf(notes + nl, nl < sizeof(notes) ? sizeof(notes) - nl : 0, __VA_ARGS__), \
		   nl = nl < sizeof(notes) ? nl : sizeof(notes))

	if (s->pb_order < 0 || s->ntypes == 0) {
		snprintf(err, n, "import: needs pagetypeinfo (%s)", s->why_pagetypeinfo[0] ? s->why_pagetypeinfo : "missing");
		return false;
	}
	int max_order = s->norders - 1;
	if (max_order < 1 || max_order > MAX_ORDER_LIMIT || s->pb_order < 1 || s->pb_order > max_order) {
		snprintf(err, n, "import: %d orders with pageblock order %d cannot be simulated (max_order 1..%d, "
			 "pageblock_order 1..max_order)", s->norders, s->pb_order, MAX_ORDER_LIMIT);
		return false;
	}
	uint64_t maxblk = 1ull << max_order, pb = 1ull << s->pb_order, end = 0;
	for (int i = 0; i < s->nzones; i++) {
		const struct live_zone *lz = &s->zones[i];
		int id = zone_id_from_name(lz->name);
		if (lz->node != 0 || id < 0 || (nz && id <= zs[nz - 1].zone_id)) {
			char b[64];
			snprintf(b, sizeof(b), "%d", lz->node);
			say(err, n, "import: node %s, zone %s: the simulator has one node with DMA, DMA32 and Normal", b,
			    lz->name);
			goto out;
		}
		if (!lz->have_types || !lz->have_blocks) {
			say(err, n, "import: zone %s%s has no rows in pagetypeinfo", lz->name, "");
			goto out;
		}
		struct izone *z = &zs[nz++];
		z->zone_id = id;
		uint64_t nb = 0, total_pages = 0;
		for (int j = 0; j < nz - 1; j++)
			total_pages += zs[j].pages;
		for (int t = 0; t < s->ntypes; t++) {
			int mt = s->type_mt[t];
			if (mt == MT_CMA && lz->blocks[t]) {
				say(err, n, "import: zone %s has CMA pageblocks%s; the simulator's state cannot hold CMA yet",
				    lz->name, "");
				goto out;
			}
			if (lz->blocks[t] > IMPORT_MAX_PAGES) {
				say(err, n, "import: zone %s is larger than the simulator's 4 TiB%s", lz->name, "");
				goto out;
			}
			z->blocks[mt] = lz->blocks[t];
			nb += lz->blocks[t];
			for (int o = 0; o < s->norders; o++) {
				uint64_t c = lz->type_free[t][o];
				if (lz->type_over[t][o]) {
					uint64_t others = 0;
					int over = 0;
					for (int u = 0; u < s->ntypes; u++) {
						over += lz->type_over[u][o];
						if (u != t)
							others += lz->type_free[u][o];
					}
					if (over == 1 && lz->have_buddy && lz->nr_free[o] >= others) {
						c = lz->nr_free[o] - others;
						NOTE("#   zone %s %s order %d: pagetypeinfo says >100000; %" PRIu64 " from buddyinfo\n",
						     lz->name, mtype_name(mt), o, c);
					} else {
						NOTE("#   zone %s %s order %d: pagetypeinfo says >100000; 100000 used (APPROXIMATED)\n",
						     lz->name, mtype_name(mt), o);
					}
				}
				z->count[mt][o] = c;
			}
		}
		for (int o = 0; o < s->norders && lz->have_buddy; o++) {
			uint64_t sum = 0;
			for (int t = 0; t < MT_COUNT; t++)
				sum += z->count[t][o];
			if (sum != lz->nr_free[o]) {
				NOTE("#   zone %s: buddyinfo and pagetypeinfo disagree at order %d (%" PRIu64 " vs %" PRIu64
				     "; read at different moments): the state follows pagetypeinfo\n", lz->name, o,
				     lz->nr_free[o], sum);
				break;
			}
		}
		uint64_t per = maxblk / pb;
		z->nblocks = (nb + per - 1) / per * per;
		if (z->nblocks == 0)
			z->nblocks = per;
		if (z->nblocks != nb)
			NOTE("#   zone %s: %" PRIu64 " pageblocks rounded up to %" PRIu64
			     " (a multiple of the max-order block); the added blocks are Movable and in use, so "
			     "pagetypeinfo's block counts differ by that much\n", lz->name, nb, z->nblocks);
		z->blocks[MT_MOVABLE] += z->nblocks - nb;
		z->pages = z->nblocks * pb;
		if (total_pages + z->pages > IMPORT_MAX_PAGES) {
			say(err, n, "import: the zones up to %s are larger than the simulator's 4 TiB%s", lz->name, "");
			goto out;
		}
		uint64_t start = lz->have_zoneinfo ? lz->start_pfn & ~(maxblk - 1) : end;
		if (start < end)
			start = end;
		z->start_pfn = start;
		end = start + z->pages;
		z->btype = calloc(z->nblocks, 1);
		z->pg = calloc(z->pages, 1);
		if (!z->btype || !z->pg) {
			snprintf(err, n, "import: out of memory");
			goto out;
		}
		struct kp_layout L = { 0 };
		int r = use_kp ? import_kp_layout(&L, s, i, nb, z->pages, dir, err, n) : 0;
		if (r < 0)
			goto out;
		uint64_t from_kp = 0, total = 0;
		bool placed = r > 0 && layout_zone(z, &L, s->pb_order, max_order, &from_kp, &total);
		if (r > 0 && placed)
			NOTE("#   zone %s: block types from kpageflags (most used non-LRU pages: Unmovable, then "
			     "Reclaimable, HighAtomic, Isolate); %" PRIu64 " of %" PRIu64 " free chunks where kpageflags "
			     "shows free pages, the rest by the rule\n", lz->name, from_kp, total);
		else if (r > 0)
			NOTE("#   zone %s: kpageflags' free pages did not fit pagetypeinfo's counts; laid out by the "
			     "rule\n", lz->name);
		else if (use_kp)
			NOTE("#   zone %s: laid out by the rule: kpageflags %s\n", lz->name, L.why);
		import_kp_free(&L);
		if (!placed && !layout_zone(z, NULL, s->pb_order, max_order, &from_kp, &total)) {
			say(err, n, "import: zone %s: the free chunks do not fit the zone's pageblocks of their types "
				    "by the placement rule (docs/user-guide.md)%s", lz->name, "");
			goto out;
		}
	}
	if (nz == 0) {
		snprintf(err, n, "import: no zones");
		goto out;
	}

	/* ---- the scenario ---- */
	uint64_t pages_free = 0, blocks[MT_COUNT] = { 0 };
	for (int i = 0; i < nz; i++) {
		for (int t = 0; t < MT_COUNT; t++) {
			blocks[t] += zs[i].blocks[t];
			for (int o = 0; o <= max_order; o++)
				if (t != MT_ISOLATE)
					pages_free += zs[i].count[t][o] << o;
		}
	}
	const char *source = dir ? dir : "this machine (/proc)";
	fprintf(f, "# Written by `buddyviz import` from %s.\n", source);
	fprintf(f, "# %s\n", s->version[0] ? s->version : "Kernel version: not captured.");
	fprintf(f, "#\n# MEASURED (pagetypeinfo): the pageblocks per migratetype of each zone and the free\n"
		   "# chunks per order and migratetype; running this scenario reproduces that pagetypeinfo\n"
		   "# and the matching buddyinfo (checked by the expect step below).\n"
		   "# APPROXIMATED (the kernel does not export them): where the blocks and chunks lie,\n"
		   "# laid out by the rule of docs/user-guide.md (\"import\"); the free lists' order\n"
		   "# (ascending pfn); used memory, shown as allocations of tag `real` of each block's\n"
		   "# type; zones hold only the blocks pagetypeinfo counts (holes removed), so pfns\n"
		   "# past the first hole differ from the real machine's.\n");
	if (nl)
		fprintf(f, "# Notes:\n%s", notes);
	fprintf(f, "name: \"Imported machine (%d zone%s)\"\n", nz, nz > 1 ? "s" : "");
	fprintf(f, "description: |\n  Starts like the machine captured in %s. Blocks per type and free\n"
		   "  chunks per order and type are measured; their placement is a documented rule.\n", source);
	fprintf(f, "machine:\n  max_order: %d\n  pageblock_order: %d\n  zones:\n", max_order, s->pb_order);
	for (int i = 0; i < nz; i++)
		fprintf(f, "    - {name: %s, pages: %" PRIu64 ", start_pfn: %" PRIu64 "}\n", zone_id_name(zs[i].zone_id),
			zs[i].pages, zs[i].start_pfn);
	fprintf(f, "state:\n  tag: real\n  zones:\n");
	for (int i = 0; i < nz; i++) {
		struct izone *z = &zs[i];
		fprintf(f, "    - name: %s\n      blocks: [", zone_id_name(z->zone_id));
		int runs = 0;
		for (uint64_t b = 0; b < z->nblocks;) {
			uint64_t e = b;
			while (e < z->nblocks && z->btype[e] == z->btype[b])
				e++;
			fprintf(f, "%s[%s, %" PRIu64 "]", runs++ ? ", " : "", type_word(z->btype[b]), e - b);
			b = e;
		}
		fprintf(f, "]\n      free: [");
		for (size_t c = 0; c < z->nchunks; c++)
			fprintf(f, "%s[%" PRIu64 ", %d]", c == 0 ? "" : c % 8 ? ", " : ",\n             ", z->chunks[c].pfn,
				z->chunks[c].order);
		fprintf(f, "]\n");
	}
	fprintf(f, "steps:\n  - expect: {pages_free: %" PRIu64 ", blocks_unmovable: %" PRIu64 ", blocks_movable: %" PRIu64
		   ", blocks_reclaimable: %" PRIu64 ", blocks_highatomic: %" PRIu64 ", blocks_isolate: %" PRIu64 "}\n",
		pages_free, blocks[MT_UNMOVABLE], blocks[MT_MOVABLE], blocks[MT_RECLAIMABLE], blocks[MT_HIGHATOMIC],
		blocks[MT_ISOLATE]);
	ok = !ferror(f);
	if (!ok)
		snprintf(err, n, "import: write error");
out:
	for (int i = 0; i < ZONE_ID_COUNT; i++) {
		free(zs[i].btype);
		free(zs[i].pg);
		free(zs[i].chunks);
	}
	return ok;
#undef NOTE
}
