/* Machine life cycle, boot, pageblock bookkeeping, queries and snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- names --------------------------------------------------------------- */
static const char *const mt_names[] = {
#define X(e, name, letter, word) name,
	MIGRATETYPES(X)
#undef X
};
static const char mt_letters[] = {
#define X(e, name, letter, word) letter,
	MIGRATETYPES(X)
#undef X
};
static const char *const mt_words[] = {
#define X(e, name, letter, word) word,
	MIGRATETYPES(X)
#undef X
};
static const char *const zone_names[] = {
#define X(e, name) name,
	ZONES(X)
#undef X
};
static const char *const stat_names[] = {
#define X(e, name) name,
	STAT_KEYS(X)
#undef X
};

const char *mtype_name(int mt) { return mt >= 0 && mt < MT_COUNT ? mt_names[mt] : "?"; }
char mtype_letter(int mt) { return mt >= 0 && mt < MT_COUNT ? mt_letters[mt] : '?'; }
const char *mtype_word(int mt) { return mt >= 0 && mt < MT_COUNT ? mt_words[mt] : "?"; }

int names_find(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int mtype_from_word(const char *word, int limit)
{
	return names_find(mt_words, limit < MT_COUNT ? limit : MT_COUNT, word);
}

const char *zone_id_name(int id) { return id >= 0 && id < ZONE_ID_COUNT ? zone_names[id] : "?"; }

int zone_id_from_name(const char *name)
{
	return names_find(zone_names, ZONE_ID_COUNT, name);
}

const char *stat_name(int key) { return key >= 0 && key < STAT_COUNT ? stat_names[key] : "?"; }

int stat_from_name(const char *name)
{
	return names_find(stat_names, STAT_COUNT, name);
}

/* ---- config -------------------------------------------------------------- */
void machine_config_default(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = PROFILE_LINUX_6_12;
	cfg->max_order = 10;
	cfg->pageblock_order = 9;
	cfg->seed = 1;
	cfg->min_free_kbytes = -1;
	cfg->watermark_scale_factor = 10;
	cfg->watermark_boost_factor = 15000;
	cfg->nzones = 1;
	cfg->zones[0].id = ZONE_NORMAL;
	cfg->zones[0].pages = 262144;
	cfg->zones[0].start_pfn = 0;
}

#define MAX_TOTAL_PAGES (1ull << 30) /* 4 TiB of 4 KiB pages */

bool machine_config_valid(const struct machine_config *cfg, char *msg, size_t n)
{
	if (cfg->max_order < 1 || cfg->max_order > MAX_ORDER_LIMIT) {
		snprintf(msg, n, "max_order %d out of range 1..%d", cfg->max_order, MAX_ORDER_LIMIT);
		return false;
	}
	if (cfg->pageblock_order < 1 || cfg->pageblock_order > cfg->max_order) {
		snprintf(msg, n, "pageblock_order %d out of range 1..max_order", cfg->pageblock_order);
		return false;
	}
	if (cfg->nzones < 1 || cfg->nzones > ZONE_ID_COUNT) {
		snprintf(msg, n, "a machine has 1..3 zones");
		return false;
	}
	uint64_t maxblk = 1ull << cfg->max_order, end = 0, total = 0;
	for (int i = 0; i < cfg->nzones; i++) {
		const struct zone_config *z = &cfg->zones[i];
		if (z->id < 0 || z->id >= ZONE_ID_COUNT || (i > 0 && z->id <= cfg->zones[i - 1].id)) {
			snprintf(msg, n, "zones must be DMA, DMA32, Normal, each at most once, in that order");
			return false;
		}
		if (z->pages == 0 || z->pages % maxblk || z->start_pfn % maxblk || z->start_pfn < end) {
			snprintf(msg, n, "zone %s: size and start must be multiples of the max-order block", zone_id_name(z->id));
			return false;
		}
		total += z->pages;
		if (total > MAX_TOTAL_PAGES) {
			snprintf(msg, n, "the zones are larger than 4 TiB together");
			return false;
		}
		end = z->start_pfn + z->pages;
	}
	if (cfg->min_free_kbytes != -1 && (cfg->min_free_kbytes < 128 || cfg->min_free_kbytes > 262144)) {
		snprintf(msg, n, "min_free_kbytes %lld out of range 128..262144", (long long)cfg->min_free_kbytes);
		return false;
	}
	if (cfg->watermark_scale_factor < 1 || cfg->watermark_scale_factor > 3000 ||
	    cfg->watermark_boost_factor < 0 || cfg->watermark_boost_factor > 1000000) {
		snprintf(msg, n, "watermark_scale_factor 1..3000, watermark_boost_factor 0..1000000");
		return false;
	}
	if (cfg->cma) {
		uint64_t zfirst = 0;
		bool inside = false;
		for (int i = 0; i < cfg->nzones; i++) {
			uint64_t nb = cfg->zones[i].pages >> cfg->pageblock_order;
			if (cfg->cma_first >= zfirst && cfg->cma_last < zfirst + nb)
				inside = true;
			zfirst += nb;
		}
		if (cfg->cma_first > cfg->cma_last || !inside) {
			snprintf(msg, n, "cma: blocks %llu..%llu must lie inside one zone (first <= last)",
				 (unsigned long long)cfg->cma_first, (unsigned long long)cfg->cma_last);
			return false;
		}
	}
	return true;
}

/* ---- events -------------------------------------------------------------- */
struct event *ev_new(struct machine *m, int kind)
{
	struct event *ev = ev_slot(m);
	memset(ev, 0, sizeof(*ev));
	ev->kind = (uint8_t)kind;
	ev->steal_step = m->in_steal_step;
	return ev;
}

void machine_set_event_hook(struct machine *m, event_hook_fn fn, void *ctx)
{
	m->hook = fn;
	m->hook_ctx = ctx;
}

uint64_t machine_event_seq(const struct machine *m) { return m->ev_seq; }

const struct event *machine_event(const struct machine *m, uint64_t seq)
{
	if (seq >= m->ev_seq || m->ev_seq - seq > EVENT_RING_SIZE)
		return NULL;
	return &m->ring[seq % EVENT_RING_SIZE];
}

/* ---- pageblocks ---------------------------------------------------------- */
static void block_update_mixed(struct machine *m, struct block *b)
{
	bool mixed = false;
	for (int t = 0; t < MT_PCPTYPES; t++)
		if (t != b->type && b->alloc[t])
			mixed = true;
	if (mixed != (bool)b->mixed) {
		b->mixed = mixed;
		if (mixed)
			m->mixed_blocks++;
		else
			m->mixed_blocks--;
	}
}

void block_set_type(struct machine *m, uint32_t block, int mt)
{
	struct block *b = &m->blocks[block];
	if (b->type == mt)
		return;
	m->blocks_by_type[b->type]--;
	m->blocks_by_type[mt]++;
	b->type = (uint8_t)mt;
	if (b->changes < UINT16_MAX)
		b->changes++;
	block_update_mixed(m, b);
}

void block_add_free(struct machine *m, uint32_t idx, int order, int64_t sign)
{
	uint32_t blk = idx >> m->pb_order;
	if (order <= m->pb_order) {
		m->blocks[blk].free += (uint32_t)(sign * ((int64_t)1 << order));
		return;
	}
	for (uint32_t i = 0; i < (1u << (order - m->pb_order)); i++)
		m->blocks[blk + i].free += (uint32_t)(sign * m->pb_pages);
}

/* An allocation above pageblock order: every block it covers, whole. */
static void block_add_alloc_blocks(struct machine *m, uint32_t blk, int order, int type, int64_t sign)
{
	for (uint32_t i = 0; i < (1u << (order - m->pb_order)); i++) {
		struct block *b = &m->blocks[blk + i];
		b->alloc[type] += (uint32_t)(sign * m->pb_pages);
		if (type != b->type)
			block_update_mixed(m, b);
	}
}

void block_add_alloc(struct machine *m, uint32_t idx, int order, int type, int64_t sign)
{
	uint32_t blk = idx >> m->pb_order;
	if (order > m->pb_order) {
		block_add_alloc_blocks(m, blk, order, type, sign);
		return;
	}
	/* One block: every workload operation, kept free of the loop. */
	struct block *b = &m->blocks[blk];
	b->alloc[type] += (uint32_t)(sign * ((int64_t)1 << order));
	/* Pages of the block's own type never change mixed-ness. */
	if (type != b->type)
		block_update_mixed(m, b);
}

/* ---- create / destroy ---------------------------------------------------- */
static void free_tables(struct machine *m)
{
	free(m->pg_state);
	free(m->pg_link);
	free(m->mb_state);
	free(m->mb_link);
	free(m->touched);
	free(m->blocks);
	free(m->ring);
	tags_free_all(m);
	rcl_free_all(m);
}

static bool alloc_tables(struct machine *m)
{
	uint32_t nmb = m->npages >> m->max_order;
	m->pg_state = calloc(m->npages, 1);
	m->pg_link = calloc(m->npages, sizeof(*m->pg_link));
	m->mb_state = calloc(nmb, 1);
	m->mb_link = calloc(nmb, sizeof(*m->mb_link));
	m->nregions = (m->npages + REGION_PAGES - 1) >> REGION_SHIFT;
	m->touched = calloc(m->nregions, 1);
	m->blocks = calloc(m->nblocks, sizeof(*m->blocks));
	m->ring = calloc(EVENT_RING_SIZE, sizeof(*m->ring));
	return m->pg_state && m->pg_link && m->mb_state && m->mb_link && m->touched && m->blocks && m->ring;
}

/* __free_pages_memory(): a free memblock range in the largest naturally
 * aligned chunks, ascending, each through __free_pages_core() with
 * FPI_TO_TAIL. A max-order chunk merges back from its pageblock pieces
 * and ends at the list tail, so it is queued there directly (booting then
 * touches one small entry per chunk); the few smaller chunks at the edges
 * of a CMA area go through the free path. */
static void boot_free_range(struct machine *m, int zi, uint32_t a, uint32_t b)
{
	while (a < b) {
		uint64_t pfn = idx_to_pfn(m, a);
		int order = m->max_order;
		while (order > 0 && (pfn & ((1ull << order) - 1)))
			order--;
		while (a + (1u << order) > b)
			order--;
		if (order == m->max_order)
			list_add(m, zi, a, order, MT_MOVABLE, true);
		else
			free_pages_kernel(m, a, order, 1);
		a += 1u << order;
	}
}

/* memblock_free_all() then, on a CMA machine, cma_init_reserved_areas():
 * every CMA block in ascending order through init_cma_reserved_pageblock()
 * (type CMA, then __free_pages(page, pageblock_order): FPI_NONE). */
static void boot_free_memory(struct machine *m)
{
	uint32_t cs = 0, ce = 0;
	if (m->cfg.cma) {
		cs = (uint32_t)m->cfg.cma_first << m->pb_order;
		ce = (uint32_t)(m->cfg.cma_last + 1) << m->pb_order;
	}
	for (int zi = 0; zi < m->nzones; zi++) {
		struct zone *z = &m->zones[zi];
		uint32_t zs = z->start_idx, ze = z->start_idx + z->npages;
		if (cs < ce && cs >= zs && ce <= ze) {
			boot_free_range(m, zi, zs, cs);
			boot_free_range(m, zi, ce, ze);
		} else {
			boot_free_range(m, zi, zs, ze);
		}
	}
	for (uint32_t idx = cs; idx < ce; idx += m->pb_pages) {
		set_pageblock_migratetype(m, idx >> m->pb_order, MT_CMA);
		free_pages_kernel(m, idx, m->pb_order, 0);
	}
	/* Boot is the initial state: no events, no type changes yet. */
	m->ev_seq = 0;
	for (uint32_t b = 0; b < m->nblocks; b++)
		m->blocks[b].changes = 0;
}

struct machine *machine_create(const struct machine_config *cfg)
{
	char msg[160];
	if (!machine_config_valid(cfg, msg, sizeof(msg)))
		return NULL;
	struct machine *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->cfg = *cfg;
	m->max_order = cfg->max_order;
	m->pb_order = cfg->pageblock_order;
	m->pb_pages = 1u << m->pb_order;
	m->nzones = cfg->nzones;
	m->rng = cfg->seed;
	m->freeing_tag = NIL;
	/* Checkpoint and generation ids of different machines never meet:
	 * each machine counts from its own base (2^40 ids apiece). */
	static uint64_t machines_created;
	m->id_seq = ++machines_created << 40;

	uint32_t idx = 0;
	for (int i = 0; i < m->nzones; i++) {
		struct zone *z = &m->zones[i];
		z->id = cfg->zones[i].id;
		z->start_pfn = cfg->zones[i].start_pfn;
		z->start_idx = idx;
		z->npages = (uint32_t)cfg->zones[i].pages;
		z->first_block = idx >> m->pb_order;
		z->nblocks = z->npages >> m->pb_order;
		z->managed = z->npages;
		for (int o = 0; o < NR_ORDERS_LIMIT; o++)
			for (int t = 0; t < MT_COUNT; t++)
				z->lists[o][t].head = z->lists[o][t].tail = NIL;
		idx += z->npages;
	}
	m->npages = idx;
	m->nblocks = idx >> m->pb_order;
	/* build_all_zonelists(): grouping off below pageblock_nr_pages *
	 * MIGRATE_TYPES usable pages (no watermarks: all pages count; a CMA
	 * kernel has six types). */
	m->grouping_disabled = cfg->profile == PROFILE_NO_GROUPING ||
			       (uint64_t)m->npages < (uint64_t)m->pb_pages * (cfg->cma ? 6 : 5);

	if (!alloc_tables(m)) {
		free_tables(m);
		free(m);
		return NULL;
	}
	/* memmap_init_range(): every block MOVABLE. */
	for (uint32_t b = 0; b < m->nblocks; b++)
		m->blocks[b].type = MT_MOVABLE;
	m->blocks_by_type[MT_MOVABLE] = m->nblocks;
	boot_free_memory(m);
	/* init_per_zone_wmark_min(), hugepage_init(): the marks and the pcp
	 * sizes (computed also with watermarks off: pcp sizes need them). */
	m->kswapd_order = m->kswapd_zone = -1;
	wmark_setup(m);
	for (int zi = 0; zi < m->nzones; zi++)
		pcp_setup(m, zi);
	if (cfg->initial) {
		char why[160];
		struct state_error where;
		if (!machine_state_apply(m, cfg->initial, &where, why, sizeof(why))) {
			machine_destroy(m);
			return NULL;
		}
	}
	return m;
}

void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	free_tables(m);
	free(m);
}

const struct machine_config *machine_config(const struct machine *m) { return &m->cfg; }

/* ---- generator (rng.md: splitmix64) -------------------------------------- */
uint64_t machine_rng_u64(struct machine *m) { return rng_next(m); }
double machine_rng_double(struct machine *m) { return rng_double(m); }

uint64_t machine_rng_below(struct machine *m, uint64_t n)
{
	return rng_next(m) % n;
}

/* ---- addressing ---------------------------------------------------------- */
bool pfn_to_idx(const struct machine *m, uint64_t pfn, uint32_t *idx)
{
	for (int i = 0; i < m->nzones; i++) {
		const struct zone *z = &m->zones[i];
		if (pfn >= z->start_pfn && pfn - z->start_pfn < z->npages) {
			*idx = z->start_idx + (uint32_t)(pfn - z->start_pfn);
			return true;
		}
	}
	return false;
}

/* ---- queries ------------------------------------------------------------- */
bool machine_has_cma(const struct machine *m) { return m->cfg.cma; }
uint64_t machine_reserved_highatomic(const struct machine *m, int zone) { return m->zones[zone].nr_reserved_highatomic; }
uint64_t machine_free_highatomic(const struct machine *m, int zone) { return m->zones[zone].nr_free_highatomic; }
bool machine_grouping_disabled(const struct machine *m) { return m->grouping_disabled; }
int machine_nzones(const struct machine *m) { return m->nzones; }

void machine_zone_info(const struct machine *m, int zi, struct zone_info *out)
{
	const struct zone *z = &m->zones[zi];
	out->id = z->id;
	out->name = zone_id_name(z->id);
	out->start_pfn = z->start_pfn;
	out->pages = z->npages;
	out->first_block = z->first_block;
	out->nblocks = z->nblocks;
}

int machine_zone_index(const struct machine *m, int zone_id)
{
	for (int i = 0; i < m->nzones; i++)
		if (m->zones[i].id == zone_id)
			return i;
	return -1;
}

uint64_t machine_nblocks(const struct machine *m) { return m->nblocks; }

void machine_block_info(const struct machine *m, uint64_t block, struct block_info *out)
{
	const struct block *b = &m->blocks[block];
	uint32_t idx = (uint32_t)block << m->pb_order;
	out->zone = zone_of_idx(m, idx);
	out->start_pfn = idx_to_pfn(m, idx);
	out->type = b->type;
	out->free = b->free;
	for (int t = 0; t < MT_PCPTYPES; t++)
		out->alloc[t] = b->alloc[t];
	out->mixed = b->mixed;
	out->pcp = b->pcp;
}

uint32_t machine_block_type_changes(const struct machine *m, uint64_t block)
{
	return m->blocks[block].changes;
}

uint64_t machine_list_count(const struct machine *m, int zone, int order, int mt)
{
	return m->zones[zone].lists[order][mt].count;
}

uint64_t machine_nr_free(const struct machine *m, int zone, int order)
{
	return m->zones[zone].nr_free[order];
}

size_t machine_list_pfns(const struct machine *m, int zone, int order, int mt, uint64_t *out, size_t max)
{
	size_t n = 0;
	for (uint32_t i = m->zones[zone].lists[order][mt].head; i != NIL && n < max; i = link_next(m, i, order))
		out[n++] = idx_to_pfn(m, i);
	return n;
}

bool machine_free_chunk_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order)
{
	uint32_t idx;
	if (!pfn_to_idx(m, pfn, &idx))
		return false;
	for (int o = 0; o <= m->max_order; o++) {
		uint32_t h = idx & ~((1u << o) - 1);
		if (is_free_head(m, h, o)) {
			*head = idx_to_pfn(m, h);
			*order = o;
			return true;
		}
		if (is_alloc_head(m, h) && (int)(m->pg_state[h] & PS_ORDER_MASK) >= o)
			return false;
	}
	return false;
}

static void contig_info(const struct machine *m, int k, uint64_t *total, uint64_t *pages, uint64_t *suitable)
{
	*total = *pages = *suitable = 0;
	for (int zi = 0; zi < m->nzones; zi++)
		for (int o = 0; o <= m->max_order; o++) {
			uint64_t n = m->zones[zi].nr_free[o];
			*total += n;
			*pages += n << o;
			if (o >= k)
				*suitable += n << (o - k);
		}
}

/* __fragmentation_index() over fill_contig_page_info() of all zones. */
int machine_extfrag_index(const struct machine *m, int k)
{
	uint64_t total, pages, suitable;
	contig_info(m, k, &total, &pages, &suitable);
	if (total == 0)
		return 0;
	if (suitable > 0)
		return -1000;
	return (int)(1000 - (1000 + pages * 1000 / (1ull << k)) / total);
}

/* unusable_free_index(): 1000 when nothing is free. */
int machine_unusable_index(const struct machine *m, int k)
{
	uint64_t total, pages, suitable;
	contig_info(m, k, &total, &pages, &suitable);
	if (pages == 0)
		return 1000;
	return (int)((pages - (suitable << k)) * 1000 / pages);
}

void machine_stats(const struct machine *m, struct machine_stats *out)
{
	int64_t *v = out->v;
	memset(out, 0, sizeof(*out));
	v[STAT_PAGES_TOTAL] = m->npages;
	int largest = -1;
	for (int zi = 0; zi < m->nzones; zi++) {
		v[STAT_PAGES_FREE] += (int64_t)m->zones[zi].nr_free_pages;
		v[STAT_PAGES_PCP] += m->zones[zi].pcp.count;
		for (int o = 0; o <= m->max_order; o++)
			if (m->zones[zi].nr_free[o] && o > largest)
				largest = o;
	}
	v[STAT_ALLOCS_LIVE] = (int64_t)m->allocs_live;
	v[STAT_ALLOCS_FAILED] = (int64_t)m->allocs_failed;
	v[STAT_BLOCKS_UNMOVABLE] = (int64_t)m->blocks_by_type[MT_UNMOVABLE];
	v[STAT_BLOCKS_MOVABLE] = (int64_t)m->blocks_by_type[MT_MOVABLE];
	v[STAT_BLOCKS_RECLAIMABLE] = (int64_t)m->blocks_by_type[MT_RECLAIMABLE];
	v[STAT_BLOCKS_HIGHATOMIC] = (int64_t)m->blocks_by_type[MT_HIGHATOMIC];
	v[STAT_BLOCKS_CMA] = (int64_t)m->blocks_by_type[MT_CMA];
	v[STAT_BLOCKS_ISOLATE] = (int64_t)m->blocks_by_type[MT_ISOLATE];
	v[STAT_MIXED_BLOCKS] = (int64_t)m->mixed_blocks;
	v[STAT_FALLBACK_EVENTS] = (int64_t)m->fallback_events;
	v[STAT_CLAIM_EVENTS] = (int64_t)m->claim_events;
	v[STAT_STEAL_EVENTS] = (int64_t)m->steal_events;
	v[STAT_COMPACT_MIGRATED] = (int64_t)m->ccount.compact_migrated;
	v[STAT_COMPACT_MIGRATE_SCANNED] = (int64_t)m->ccount.compact_migrate_scanned;
	v[STAT_COMPACT_FREE_SCANNED] = (int64_t)m->ccount.compact_free_scanned;
	v[STAT_LARGEST_FREE_ORDER] = largest;
	v[STAT_EXTFRAG_INDEX] = machine_extfrag_index(m, m->pb_order);
	v[STAT_UNUSABLE_INDEX] = machine_unusable_index(m, m->pb_order);
}

/* ---- snapshots ----------------------------------------------------------- */
/* The tables small enough to copy whole: max-order chunks, blocks, events. */
static void copy_whole_tables(struct machine *dst, const struct machine *src)
{
	uint32_t nmb = dst->npages >> dst->max_order;
	memcpy(dst->mb_state, src->mb_state, nmb);
	memcpy(dst->mb_link, src->mb_link, (size_t)nmb * sizeof(*dst->mb_link));
	memcpy(dst->blocks, src->blocks, (size_t)dst->nblocks * sizeof(*dst->blocks));
	memcpy(dst->ring, src->ring, EVENT_RING_SIZE * sizeof(*dst->ring));
}

/* Copies or clears the per-page entries of one region. */
static void region_copy(struct machine *dst, const struct machine *src, uint32_t r)
{
	uint32_t first = r << REGION_SHIFT;
	uint32_t n = dst->npages - first < REGION_PAGES ? dst->npages - first : REGION_PAGES;
	if (src->touched[r]) {
		memcpy(dst->pg_state + first, src->pg_state + first, n);
		memcpy(dst->pg_link + first, src->pg_link + first, n * sizeof(*dst->pg_link));
	} else {
		memset(dst->pg_state + first, 0, n);
		memset(dst->pg_link + first, 0, n * sizeof(*dst->pg_link));
	}
	dst->touched[r] = src->touched[r] & TOUCH_EVER;
}

struct machine *machine_clone(const struct machine *src)
{
	struct machine *m = malloc(sizeof(*m));
	if (!m)
		return NULL;
	*m = *src;
	m->tags = NULL;
	m->ntags = m->tags_cap = 0;
	m->tag_order = NULL;
	m->tag_hash = NULL;
	m->tag_hash_cap = 0;
	m->hook = NULL;
	m->hook_ctx = NULL;
	m->snap_id = 0;
	m->rcl = NULL;
	m->rcl_cap = 0;
	if (!alloc_tables(m) || !tags_clone(m, src) || !rcl_copy(m, src)) {
		free_tables(m);
		free(m);
		return NULL;
	}
	for (uint32_t r = 0; r < m->nregions; r++)
		if (src->touched[r])
			region_copy(m, src, r);
	copy_whole_tables(m, src);
	return m;
}

/* Restores in place: the page tables are overwritten where they differ,
 * so a step back costs a copy of what is in use, not new page faults. */
bool machine_restore(struct machine *m, const struct machine *snapshot)
{
	if (m->npages != snapshot->npages || m->max_order != snapshot->max_order ||
	    m->pb_order != snapshot->pb_order) {
		struct machine *c = machine_clone(snapshot);
		if (!c)
			return false;
		event_hook_fn hook = m->hook;
		void *ctx = m->hook_ctx;
		uint64_t id_seq = m->id_seq;
		free_tables(m);
		*m = *c;
		free(c);
		m->hook = hook;
		m->hook_ctx = ctx;
		m->base_id = 0;
		m->id_seq = id_seq;
		return true;
	}
	/* In sync with this very checkpoint: only what changed since. */
	bool only_dirty = snapshot->snap_id != 0 && m->base_id == snapshot->snap_id;
	if (!tags_restore(m, snapshot, only_dirty)) {
		m->base_id = 0;   /* partly restored: no shortcut next time */
		return false;
	}
	struct machine keep = *m;   /* after tags_restore: its tables may move */
	*m = *snapshot;
	m->pg_state = keep.pg_state;
	m->pg_link = keep.pg_link;
	m->mb_state = keep.mb_state;
	m->mb_link = keep.mb_link;
	m->blocks = keep.blocks;
	m->ring = keep.ring;
	m->hook = keep.hook;
	m->hook_ctx = keep.hook_ctx;
	m->snap_id = 0;
	m->base_id = snapshot->snap_id;
	m->id_seq = keep.id_seq;
	m->tags = keep.tags;
	m->ntags = keep.ntags;
	m->tags_cap = keep.tags_cap;
	m->tag_order = keep.tag_order;
	m->ntag_order = keep.ntag_order;
	m->tag_hash = keep.tag_hash;
	m->tag_hash_cap = keep.tag_hash_cap;
	m->touched = keep.touched;
	m->rcl = keep.rcl;
	m->rcl_cap = keep.rcl_cap;
	if (!rcl_copy(m, snapshot)) {
		m->base_id = 0;
		return false;
	}
	uint8_t need = only_dirty ? TOUCH_DIRTY : TOUCH_EVER;
	for (uint32_t r = 0; r < m->nregions; r++)
		if ((m->touched[r] & need) || (!only_dirty && snapshot->touched[r]))
			region_copy(m, snapshot, r);
	copy_whole_tables(m, snapshot);
	return true;
}

struct machine *machine_checkpoint(struct machine *m)
{
	struct machine *snap = machine_clone(m);
	if (!snap)
		return NULL;
	snap->snap_id = ++m->id_seq;
	m->base_id = snap->snap_id;
	for (uint32_t r = 0; r < m->nregions; r++)
		m->touched[r] &= TOUCH_EVER;
	for (uint32_t t = 0; t < m->ntags; t++) {
		m->tags[t].dirty = false;
		snap->tags[t].gen = m->tags[t].gen;
		snap->tags[t].base_gen = m->tags[t].base_gen;
		snap->tags[t].base_n = m->tags[t].base_n;
	}
	return snap;
}

size_t machine_footprint(const struct machine *m)
{
	size_t n = (size_t)m->nblocks * sizeof(struct block) + m->rcl_cap * sizeof(struct rcl_entry);
	for (uint32_t r = 0; r < m->nregions; r++)
		if (m->touched[r])
			n += REGION_PAGES * (1 + sizeof(struct link));
	for (uint32_t t = 0; t < m->ntags; t++)
		n += m->tags[t].cap * sizeof(struct alloc_rec) + rank_bytes(&m->tags[t].live);
	return n;
}
