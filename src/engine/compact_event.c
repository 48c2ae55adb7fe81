/* The sentences of compaction's events: the mm_compaction_* tracepoints
 * with the kernel's TP_printk fields, then what happened in words. */
#include <stdio.h>

#include "compaction.h"

static const char *const skip_texts[] = {
#define X(e, text) text,
	CSKIP_REASONS(X)
#undef X
};

const char *cskip_text(int reason) { return reason >= 0 && reason < CSKIP_COUNT ? skip_texts[reason] : "?"; }

static const char *fin_text(int why)
{
	switch (why) {
	case CFIN_MET: return "the free scanner reached the migrate scanner's block: the scanners met";
	case CFIN_FULL: return "a full compaction (order -1) only ends when the scanners meet";
	case CFIN_MIDBLOCK: return "the migrate scanner is in the middle of a block: finish it first";
	case CFIN_FREE_PAGE: return "a free chunk of the wanted order (or larger) is on the request type's list";
	case CFIN_FALLBACK: return "a free chunk of the wanted order could be claimed from another type (find_suitable_fallback)";
	default: return "no free chunk of the wanted order yet: go on";
	}
}

int compact_event_format(const struct machine *m, const struct event *ev, char *buf, size_t n)
{
	const char *zone = zone_id_name(m->zones[ev->zone].id);
	unsigned long long pfn = ev->pfn, pfn2 = ev->pfn2, blk = ev->block;

	switch (ev->kind) {
	case EV_COMPACT_BEGIN:
		return snprintf(buf, n,
				"mm_compaction_begin: zone_start=0x%llx migrate_pfn=0x%llx free_pfn=0x%llx "
				"zone_end=0x%llx, mode=%s (compact_zone() on %s, order %d, %s%s: the migrate scanner "
				"starts at pfn %llu, the free scanner at pfn %llu)",
				pfn, pfn2, blk, (unsigned long long)ev->index, ev->flag ? "sync" : "async", zone, ev->order,
				migrate_mode_word(ev->mt), ev->b ? ", whole zone" : "", pfn2, blk);
	case EV_COMPACT_END:
		return snprintf(buf, n,
				"mm_compaction_end: zone_start=0x%llx migrate_pfn=0x%llx free_pfn=0x%llx "
				"zone_end=0x%llx, mode=%s status=%s (compact_zone() on %s ends)",
				pfn, pfn2, blk, (unsigned long long)ev->index, ev->flag ? "sync" : "async",
				compact_result_name((int)ev->a), zone);
	case EV_COMPACT_ISOLATE_MIGRATE:
		return snprintf(buf, n,
				"mm_compaction_isolate_migratepages: range=(0x%llx ~ 0x%llx) nr_scanned=%u nr_taken=%u "
				"(isolate_migratepages_block(): the migrate scanner went from pfn %llu to %llu and took "
				"%u movable page%s)",
				pfn, pfn2, ev->a, ev->b, pfn, pfn2, ev->b, ev->b == 1 ? "" : "s");
	case EV_COMPACT_ISOLATE_FREE: {
		char every[32] = "every pfn";
		if (ev->c > 1)
			snprintf(every, sizeof(every), "one pfn in %u", ev->c);
		return snprintf(buf, n,
				"mm_compaction_isolate_freepages: range=(0x%llx ~ 0x%llx) nr_scanned=%u nr_taken=%u "
				"(isolate_freepages_block(): the free scanner looked at %s from %llu to %llu "
				"and took %u free page%s)",
				pfn, pfn2, ev->a, ev->b, every, pfn, pfn2, ev->b, ev->b == 1 ? "" : "s");
	}
	case EV_COMPACT_FAST_ISOLATE_FREE:
		return snprintf(buf, n,
				"mm_compaction_fast_isolate_freepages: range=(0x%llx ~ 0x%llx) nr_scanned=%u nr_taken=%u "
				"(fast_isolate_freepages(): the tails of the Movable lists below order %d)",
				pfn, pfn2, ev->a, ev->b, m->cc.order);
	case EV_COMPACT_FAST_MIGRATE:
		if (ev->flag)
			return snprintf(buf, n,
					"fast_find_migrateblock: a free Movable chunk low in the zone marks block of pfn "
					"%llu as a good source (%u list entries looked at)",
					pfn, ev->a);
		return snprintf(buf, n,
				"fast_find_migrateblock: no suitable free chunk on the Movable lists (%u looked at, "
				"fast_search_fail %u): the linear scan goes on from pfn %llu",
				ev->a, ev->b, pfn);
	case EV_COMPACT_MIGRATEPAGES:
		return snprintf(buf, n,
				"mm_compaction_migratepages: nr_migrated=%u nr_failed=%u (migrate_pages(): %u page%s "
				"moved%s)",
				ev->a, ev->b, ev->a, ev->a == 1 ? "" : "s",
				ev->b ? "; the rest stay where they are" : "");
	case EV_COMPACT_FINISHED:
		return snprintf(buf, n, "mm_compaction_finished: node=0 zone=%-8s order=%d ret=%s (%s)", zone,
				ev->order, compact_result_name((int)ev->a), fin_text(ev->flag));
	case EV_COMPACT_SKIP: {
		char why[200];
		snprintf(why, sizeof(why), cskip_text((int)ev->a), ev->order);
		bool tgt = ev->a >= CSKIP_TGT_LARGE_FREE;
		return snprintf(buf, n, "%s: block %llu (%s) skipped as a %s: %s",
				tgt ? "isolate_freepages" : "isolate_migratepages", blk, mtype_name(ev->mt),
				tgt ? "target" : "source", why);
	}
	case EV_COMPACT_SOURCE:
		return snprintf(buf, n,
				"isolate_migratepages: block %llu (%s) chosen as a source: its movable pages are "
				"isolated from pfn %llu (suitable_migration_source)",
				blk, mtype_name(ev->mt), pfn);
	case EV_COMPACT_TARGET:
		return snprintf(buf, n,
				"isolate_freepages: block %llu (%s) chosen as a target: free pages taken from pfn %llu, "
				"stride %u (suitable_migration_target)",
				blk, mtype_name(ev->mt), pfn, ev->b);
	case EV_COMPACT_MOVE:
		return snprintf(buf, n, "migrate_pages_batch: %s#%llu order-%d moved from pfn %llu to pfn %llu",
				ev->tag < m->ntags ? machine_tag_name(m, ev->tag) : "-", (unsigned long long)ev->index,
				ev->order, pfn, pfn2);
	case EV_COMPACT_NOMEM:
		return snprintf(buf, n,
				"compaction_alloc: no free page left for the order-%d source at pfn %llu: migrate_pages() "
				"ends with -ENOMEM (an allocation is never split)",
				ev->order, pfn);
	case EV_COMPACT_RELEASE:
		return snprintf(buf, n,
				"release_free_list: the unused isolated order-%d chunk at pfn %llu goes back to the "
				"free lists",
				ev->order, pfn);
	case EV_COMPACT_CAPTURE:
		return snprintf(buf, n,
				"compaction_capture: the order-%d chunk at pfn %llu (a %s block) is handed straight to the "
				"compacting request",
				ev->order, pfn, mtype_name(ev->mt));
	case EV_COMPACT_STOP:
		return snprintf(buf, n,
				"compact: max_migrate reached (%u pages moved, max_migrate %u): compaction stops after "
				"this migrate_pages() batch",
				ev->a, ev->b);
	default:
		return -1;
	}
}
