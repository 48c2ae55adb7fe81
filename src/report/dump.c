/* Dumps. The /proc formats follow mm/vmstat.c: frag_show_print(),
 * pagetypeinfo_showfree_print(), pagetypeinfo_showblockcount_print(). */
#include "dump.h"

static const char *const dump_names[] = {
#define X(e, name) name,
	DUMP_KINDS(X)
#undef X
};

const char *dump_name(int kind) { return kind >= 0 && kind < DUMP_KIND_COUNT ? dump_names[kind] : "?"; }

int dump_from_name(const char *name)
{
	return names_find(dump_names, DUMP_KIND_COUNT, name);
}

/* The types the profile has, in enum order (CMA only on CMA machines). */
static int profile_types(const struct machine *m, int *types)
{
	int n = 0;
	for (int t = 0; t < MT_COUNT; t++)
		if (t != MT_CMA || machine_has_cma(m))
			types[n++] = t;
	return n;
}

static void buddyinfo(FILE *f, const struct machine *m)
{
	int maxo = machine_config(m)->max_order;
	for (int z = 0; z < machine_nzones(m); z++) {
		struct zone_info zi;
		machine_zone_info(m, z, &zi);
		fprintf(f, "Node %d, zone %8s ", 0, zi.name);
		for (int o = 0; o <= maxo; o++)
			fprintf(f, "%6lu ", (unsigned long)machine_nr_free(m, z, o));
		fputc('\n', f);
	}
}

static void pagetypeinfo(FILE *f, const struct machine *m)
{
	const struct machine_config *cfg = machine_config(m);
	int types[MT_COUNT], nt = profile_types(m, types);

	fprintf(f, "Page block order: %d\n", cfg->pageblock_order);
	fprintf(f, "Pages per block:  %lu\n", 1ul << cfg->pageblock_order);
	fputc('\n', f);
	fprintf(f, "%-43s ", "Free pages count per migrate type at order");
	for (int o = 0; o <= cfg->max_order; o++)
		fprintf(f, "%6d ", o);
	fputc('\n', f);
	for (int z = 0; z < machine_nzones(m); z++) {
		struct zone_info zi;
		machine_zone_info(m, z, &zi);
		for (int i = 0; i < nt; i++) {
			fprintf(f, "Node %4d, zone %8s, type %12s ", 0, zi.name, mtype_name(types[i]));
			for (int o = 0; o <= cfg->max_order; o++) {
				/* The kernel stops walking a list at 100000 entries
				 * and prints ">100000". */
				unsigned long n = (unsigned long)machine_list_count(m, z, o, types[i]);
				fprintf(f, "%s%6lu ", n >= 100000 ? ">" : "", n >= 100000 ? 100000ul : n);
			}
			fputc('\n', f);
		}
	}
	fprintf(f, "\n%-23s", "Number of blocks type ");
	for (int i = 0; i < nt; i++)
		fprintf(f, "%12s ", mtype_name(types[i]));
	fputc('\n', f);
	for (int z = 0; z < machine_nzones(m); z++) {
		struct zone_info zi;
		unsigned long count[MT_COUNT] = { 0 };
		machine_zone_info(m, z, &zi);
		for (uint64_t b = zi.first_block; b < zi.first_block + zi.nblocks; b++) {
			struct block_info bi;
			machine_block_info(m, b, &bi);
			count[bi.type]++;
		}
		fprintf(f, "Node %d, zone %8s ", 0, zi.name);
		for (int i = 0; i < nt; i++)
			fprintf(f, "%12lu ", count[types[i]]);
		fputc('\n', f);
	}
}

static void blocks(FILE *f, const struct machine *m)
{
	fprintf(f, "# block start_pfn type free unmovable movable reclaimable\n");
	for (uint64_t b = 0; b < machine_nblocks(m); b++) {
		struct block_info bi;
		machine_block_info(m, b, &bi);
		fprintf(f, "%llu %llu %s %u %u %u %u\n", (unsigned long long)b, (unsigned long long)bi.start_pfn,
			mtype_name(bi.type), bi.free, bi.alloc[MT_UNMOVABLE], bi.alloc[MT_MOVABLE],
			bi.alloc[MT_RECLAIMABLE]);
	}
}

static void allocs(FILE *f, const struct machine *m)
{
	fprintf(f, "# tag index pfn order type\n");
	for (size_t i = 0; i < machine_tag_order_count(m); i++) {
		uint32_t tag = machine_tag_order_at(m, i);
		uint64_t n = machine_tag_live(m, tag);
		for (uint64_t k = 0; k < n; k++) {
			struct alloc_info ai;
			uint64_t ix = machine_tag_kth_live(m, tag, k);
			if (machine_alloc_info(m, tag, ix, &ai) && ai.live)
				fprintf(f, "%s %llu %llu %d %s\n", machine_tag_name(m, tag), (unsigned long long)ix,
					(unsigned long long)ai.pfn, ai.order, mtype_name(ai.type));
		}
	}
}

static void stats(FILE *f, const struct machine *m)
{
	struct machine_stats st;
	machine_stats(m, &st);
	for (int k = 0; k < STAT_COUNT; k++)
		fprintf(f, "%s: %lld\n", stat_name(k), (long long)st.v[k]);
}

void dump_write(FILE *f, const struct machine *m, int kind)
{
	switch (kind) {
	case DUMP_BUDDYINFO: buddyinfo(f, m); break;
	case DUMP_PAGETYPEINFO: pagetypeinfo(f, m); break;
	case DUMP_BLOCKS: blocks(f, m); break;
	case DUMP_ALLOCS: allocs(f, m); break;
	case DUMP_STATS: stats(f, m); break;
	default: break;
	}
}
