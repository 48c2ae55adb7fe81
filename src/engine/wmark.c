/* Watermarks (mm/page_alloc.c): __setup_per_zone_wmarks(),
 * calculate_min_free_kbytes(), set_recommended_min_free_kbytes()
 * (mm/khugepaged.c), setup_per_zone_lowmem_reserve(), boost_watermark(),
 * __zone_watermark_ok() and zone_watermark_fast().
 * linux-6.12-page-allocator.md section 8.1-8.2.
 */
#include "internal.h"

/* sysctl_lowmem_reserve_ratio[] defaults by zone id (DMA, DMA32, Normal). */
static const uint64_t lowmem_reserve_ratio[ZONE_ID_COUNT] = { 256, 256, 32 };

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0;
	for (uint64_t bit = 1ull << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/* mult_frac(x, n, d) without overflow for our sizes. */
static uint64_t mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + (x % d) * n / d;
}

/* __setup_per_zone_wmarks(): every zone here is lowmem (DMA, DMA32,
 * Normal: no highmem, no ZONE_MOVABLE). */
static void setup_per_zone_wmarks(struct machine *m)
{
	uint64_t pages_min = (uint64_t)m->min_free_kbytes >> 2;   /* PAGE_SHIFT - 10 */
	uint64_t lowmem = 0;
	for (int zi = 0; zi < m->nzones; zi++)
		lowmem += m->zones[zi].managed;
	for (int zi = 0; zi < m->nzones; zi++) {
		struct zone *z = &m->zones[zi];
		uint64_t tmp = pages_min * z->managed / lowmem;
		z->wmark[WMARK_MIN] = tmp;
		uint64_t gap = mult_frac(z->managed, (uint64_t)m->cfg.watermark_scale_factor, 10000);
		if (tmp >> 2 > gap)
			gap = tmp >> 2;
		z->boost = 0;
		z->wmark[WMARK_LOW] = z->wmark[WMARK_MIN] + gap;
		z->wmark[WMARK_HIGH] = z->wmark[WMARK_LOW] + gap;
		z->wmark[WMARK_PROMO] = z->wmark[WMARK_HIGH] + gap;
	}
}

/* nr_free_buffer_pages(): managed pages above the high mark, all zones. */
static uint64_t nr_free_buffer_pages(const struct machine *m)
{
	uint64_t sum = 0;
	for (int zi = 0; zi < m->nzones; zi++) {
		const struct zone *z = &m->zones[zi];
		if (z->managed > wmark_pages(z, WMARK_HIGH))
			sum += z->managed - wmark_pages(z, WMARK_HIGH);
	}
	return sum;
}

/* setup_per_zone_lowmem_reserve(): zone i keeps, against requests that
 * may use zone j > i, the managed pages of zones i+1..j over its ratio. */
static void setup_lowmem_reserve(struct machine *m)
{
	for (int i = 0; i < m->nzones; i++) {
		struct zone *z = &m->zones[i];
		uint64_t ratio = lowmem_reserve_ratio[z->id], managed = 0;
		for (int j = 0; j < ZONE_ID_COUNT; j++)
			z->lowmem_reserve[j] = 0;
		for (int j = i + 1; j < m->nzones; j++) {
			managed += m->zones[j].managed;
			z->lowmem_reserve[j] = ratio ? managed / ratio : 0;
		}
	}
}

void wmark_setup(struct machine *m)
{
	uint64_t total = 0;
	for (int zi = 0; zi < m->nzones; zi++) {
		m->zones[zi].managed = m->zones[zi].npages;   /* no reserved pages */
		total += m->zones[zi].managed;
	}
	if (m->cfg.min_free_kbytes >= 0) {
		/* Written to vm.min_free_kbytes: min_free_kbytes_sysctl_handler()
		 * only recomputes the marks. */
		m->min_free_kbytes = m->cfg.min_free_kbytes;
		setup_per_zone_wmarks(m);
	} else {
		/* init_per_zone_wmark_min() (postcore): the marks are 0, so
		 * nr_free_buffer_pages() is every managed page. */
		uint64_t mfk = int_sqrt(total * 4 * 16);
		m->min_free_kbytes = mfk < 128 ? 128 : mfk > 262144 ? 262144 : (int64_t)mfk;
		setup_per_zone_wmarks(m);
		/* hugepage_init() (subsys): THP stays off below 512 MiB of RAM;
		 * otherwise khugepaged starts (THP "always" on Debian) and
		 * set_recommended_min_free_kbytes() may raise the value. */
		if (total >= 131072) {
			uint64_t nz = (uint64_t)m->nzones;   /* populated zones <= ZONE_NORMAL */
			uint64_t rec = (uint64_t)m->pb_pages * nz * 2 +
				       (uint64_t)m->pb_pages * nz * MT_PCPTYPES * MT_PCPTYPES;
			uint64_t cap = nr_free_buffer_pages(m) / 20;
			if (rec > cap)
				rec = cap;
			rec <<= 2;
			if ((int64_t)rec > m->min_free_kbytes) {
				m->min_free_kbytes = (int64_t)rec;
				setup_per_zone_wmarks(m);
			}
		}
	}
	setup_lowmem_reserve(m);
}

uint64_t wmark_pages(const struct zone *z, int which)
{
	return z->wmark[which] + z->boost;
}

uint64_t compaction_mark(const struct machine *m, int zone, int which)
{
	return m->cfg.watermarks ? wmark_pages(&m->zones[zone], which) : 0;
}

/* __zone_watermark_unusable_free(): nr_free_highatomic and
 * NR_FREE_CMA_PAGES are the zone's counters (freelist.c keeps them). */
static int64_t unusable_free(const struct zone *z, int order, uint32_t flags)
{
	int64_t u = ((int64_t)1 << order) - 1;
	if (!(flags & ALLOC_RESERVES))
		u += (int64_t)z->nr_free_highatomic;
	if (!(flags & ALLOC_CMA))
		u += (int64_t)z->nr_free_cma;
	return u;
}

/* __zone_watermark_ok() */
bool zone_watermark_ok(const struct machine *m, int zone, int order, uint64_t mark, int highest_zone,
		       uint32_t flags, int64_t free_pages)
{
	const struct zone *z = &m->zones[zone];
	int64_t min = (int64_t)mark;
	free_pages -= unusable_free(z, order, flags);
	if (flags & ALLOC_RESERVES) {
		if (flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + (int64_t)z->lowmem_reserve[highest_zone])
		return false;
	if (order == 0)
		return true;
	for (int o = order; o <= m->max_order; o++) {
		if (!z->nr_free[o])
			continue;
		for (int mt = 0; mt < MT_PCPTYPES; mt++)
			if (z->lists[o][mt].count)
				return true;
		if ((flags & ALLOC_CMA) && z->lists[o][MT_CMA].count)
			return true;
		if ((flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) && z->lists[o][MT_HIGHATOMIC].count)
			return true;
	}
	return false;
}

/* zone_watermark_fast() */
bool zone_watermark_fast(const struct machine *m, int zone, int order, uint64_t mark, int highest_zone,
			 uint32_t flags)
{
	const struct zone *z = &m->zones[zone];
	int64_t free_pages = (int64_t)z->nr_free_pages;
	if (order == 0) {
		int64_t usable = free_pages, reserved = unusable_free(z, 0, flags);
		usable -= usable < reserved ? usable : reserved;
		if (usable > (int64_t)(mark + z->lowmem_reserve[highest_zone]))
			return true;
	}
	if (zone_watermark_ok(m, zone, order, mark, highest_zone, flags, free_pages))
		return true;
	/* __GFP_HIGH order-0 requests ignore the boost at the min mark. */
	if (order == 0 && (flags & ALLOC_MIN_RESERVE) && z->boost && (flags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN)
		return zone_watermark_ok(m, zone, order, z->wmark[WMARK_MIN], highest_zone, flags, free_pages);
	return false;
}

/* boost_watermark(): called by try_to_steal_block() for every below-PB
 * claim attempt. */
bool boost_watermark(struct machine *m, int zone)
{
	struct zone *z = &m->zones[zone];
	if (!m->cfg.watermark_boost_factor)
		return false;
	if ((uint64_t)m->pb_pages * 4 > z->managed)
		return false;
	uint64_t max_boost = mult_frac(z->wmark[WMARK_HIGH], (uint64_t)m->cfg.watermark_boost_factor, 10000);
	if (!max_boost)
		return false;
	if (max_boost < m->pb_pages)
		max_boost = m->pb_pages;
	uint64_t nb = z->boost + m->pb_pages;
	z->boost = nb < max_boost ? nb : max_boost;
	return true;
}

void machine_zone_wmark(const struct machine *m, int zi, struct zone_wmark_info *out)
{
	const struct zone *z = &m->zones[zi];
	out->min = z->wmark[WMARK_MIN];
	out->low = z->wmark[WMARK_LOW];
	out->high = z->wmark[WMARK_HIGH];
	out->promo = z->wmark[WMARK_PROMO];
	out->boost = z->boost;
	out->managed = z->managed;
	out->nr_free_pages = z->nr_free_pages;
	out->pcp_pages = (uint64_t)z->pcp.count;
	out->min_free_kbytes = m->min_free_kbytes;
	out->batch = z->pcp.batch;
	out->high_min = z->pcp.high_min;
	out->high_max = z->pcp.high_max;
	out->below_high = (z->flags & ZF_BELOW_HIGH) != 0;
	out->boosted = (z->flags & ZF_BOOSTED_WATERMARK) != 0;
}
