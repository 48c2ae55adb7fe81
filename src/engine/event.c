/* Event names and the sentences --trace and the TUI show. */
#include <stdio.h>

#include "internal.h"

static const char *const kind_names[] = {
#define X(e, name, fn) name,
	EVENT_KINDS(X)
#undef X
};
static const char *const kind_functions[] = {
#define X(e, name, fn) fn,
	EVENT_KINDS(X)
#undef X
};

const char *event_kind_name(int kind) { return kind >= 0 && kind < EV_KIND_COUNT ? kind_names[kind] : "?"; }
const char *event_kind_function(int kind) { return kind >= 0 && kind < EV_KIND_COUNT ? kind_functions[kind] : "?"; }

static const char *tag_of(const struct machine *m, uint32_t tag)
{
	return tag == NIL ? "-" : machine_tag_name(m, tag);
}

int event_format(const struct machine *m, const struct event *ev, char *buf, size_t n)
{
	const char *fn = event_kind_function(ev->kind);
	const char *zone = zone_id_name(m->zones[ev->zone].id);
	const char *T = mtype_name(ev->mt), *F = mtype_name(ev->fallback_mt);
	unsigned long long pfn = ev->pfn, pfn2 = ev->pfn2, blk = ev->block;

	switch (ev->kind) {
	case EV_ALLOC: {
		if (ev->flag == VIA_PCP)
			return snprintf(buf, n, "rmqueue_pcplist: %s#%llu order-%d %s got pfn %llu, the head of the %s "
					"order-%d pcp list (%s)", tag_of(m, ev->tag), (unsigned long long)ev->index,
					ev->order, mtype_word(ev->fallback_mt), pfn, T, ev->order, zone);
		if (ev->flag == VIA_CLAIM_BLOCK)
			return snprintf(buf, n,
					"try_to_steal_block: %s#%llu order-%d %s got pfn %llu from the claimed order-%d "
					"chunk taken off the %s order-%d list (%s); expand() put the rest on the %s lists",
					tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order,
					mtype_word(ev->fallback_mt), pfn, ev->cur_order, T, ev->cur_order, zone,
					mtype_name(ev->fallback_mt));
		if (ev->flag == VIA_STEAL)
			return snprintf(buf, n,
					"__rmqueue_steal: %s#%llu order-%d %s got pfn %llu from the %s order-%d list (%s)%s",
					tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order,
					mtype_word(ev->fallback_mt), pfn, T, ev->cur_order, zone,
					ev->cur_order > ev->order
						? "; page_del_and_expand() left the rest on the same type's lists"
						: "");
		char why[160] = "";
		if (ev->c == 1)
			snprintf(why, sizeof(why), " (__rmqueue: free CMA %u > NR_FREE_PAGES %u / 2, so CMA first)", ev->a, ev->b);
		else if (ev->c == 2)
			snprintf(why, sizeof(why), " (__rmqueue_cma_fallback: the own lists were empty, ALLOC_CMA)");
		else if (ev->c == 3)
			snprintf(why, sizeof(why), " (rmqueue_buddy: ALLOC_HIGHATOMIC tries the reserve first)");
		else if (ev->c == 4)
			snprintf(why, sizeof(why), " (rmqueue_buddy: nothing else was free; ALLOC_NON_BLOCK may use the reserve)");
		const char *f2 = ev->c == 1 || ev->c == 2 ? "__rmqueue_cma_fallback" : fn;
		if (ev->cur_order > ev->order)
			return snprintf(buf, n,
					"%s: %s#%llu order-%d %s got pfn %llu from the %s order-%d list (%s), "
					"split by expand(): the upper halves went back to the list heads%s",
					f2, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order,
					mtype_word(ev->fallback_mt), pfn, T, ev->cur_order, zone, why);
		return snprintf(buf, n, "%s: %s#%llu order-%d %s got pfn %llu, the head of the %s order-%d list (%s)%s",
				f2, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order,
				mtype_word(ev->fallback_mt), pfn, T, ev->cur_order, zone, why);
	}
	case EV_CLAIM_BLOCKS: {
		char range[64];
		if (ev->a > 1)
			snprintf(range, sizeof(range), "blocks %llu-%llu are", blk, blk + ev->a - 1);
		else
			snprintf(range, sizeof(range), "block %llu is", blk);
		if (ev->steal_step)
			return snprintf(buf, n,
					"%s: the steal step goes straight to __rmqueue_claim(): the %s order-%d chunk at "
					"pfn %llu is claimed whole: %s now %s (order >= pageblock_order: no counting)",
					fn, F, ev->cur_order, pfn2, range, T);
		return snprintf(buf, n,
				"%s: __rmqueue_smallest() found no %s chunk of order >= %d, so the %s order-%d chunk "
				"at pfn %llu is claimed whole: %s now %s (order >= pageblock_order: no counting)",
				fn, T, ev->order, F, ev->cur_order, pfn2, range, T);
	}
	case EV_CLAIM_MOVE:
		if (ev->flag)
			return snprintf(buf, n,
					"%s: mobility grouping is off, so block %llu (%s, %u free) is claimed: "
					"its %u free pages moved to the %s lists (tail) and it is now %s",
					fn, blk, F, ev->a, ev->c, T, T);
		return snprintf(buf, n,
				"%s: block %llu (%s) has %u free + %u alike pages >= half a block, so it is claimed: "
				"%u free pages moved to the %s lists (tail) and the block is now %s",
				fn, blk, F, ev->a, ev->b, ev->c, T, T);
	case EV_CLAIM_REFUSED:
		return snprintf(buf, n,
				"%s: block %llu (%s, order-%d chunk at pfn %llu) has only %u free + %u alike pages "
				"(< %u): claim refused, the block stays %s",
				fn, blk, F, ev->cur_order, pfn2, ev->a, ev->b, ev->c, F);
	case EV_CLAIM_BREAK:
		return snprintf(buf, n,
				"%s: the next %s fallback chunk is order %d, below pageblock_order/2 = %d, and a %s "
				"request may claim a block only from one that large: stop claiming (no smaller "
				"order is tried), try stealing",
				fn, F, ev->cur_order, m->pb_order / 2, T);
	case EV_STEAL:
		return snprintf(buf, n,
				"%s: no block could be claimed, so %s takes pfn %llu from the smallest %s chunk "
				"(order %d); block %llu stays %s and the rest of the chunk stays on %s lists",
				fn, T, pfn, F, ev->cur_order, blk, F, F);
	case EV_EXTFRAG:
		return snprintf(buf, n,
				"%s: pfn=0x%llx alloc_order=%d fallback_order=%d pageblock_order=%d "
				"alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d (%s)",
				fn, pfn, ev->order, ev->cur_order, m->pb_order, ev->mt, ev->fallback_mt,
				ev->cur_order < m->pb_order, ev->flag, ev->flag ? "claim" : "steal");
	case EV_NOFRAG_RETRY:
		return snprintf(buf, n,
				"%s: no zone could serve the order-%d %s request without fragmenting "
				"(ALLOC_NOFRAGMENT); retrying without it",
				fn, ev->order, T);
	case EV_ALLOC_FAIL:
		if (ev->steal_step && ev->mt >= 0 && ev->mt < MT_PCPTYPES) {
			/* fallbacks[] (alloc.c): the two other pcp types, in order. */
			static const int fb[MT_PCPTYPES][2] = { { MT_RECLAIMABLE, MT_MOVABLE },
								{ MT_RECLAIMABLE, MT_UNMOVABLE },
								{ MT_UNMOVABLE, MT_MOVABLE } };
			if (ev->fallback_mt >= 0 && ev->fallback_mt < MT_COUNT)
				return snprintf(buf, n,
						"%s: order-%d %s steal (%s) failed: __rmqueue_claim() and "
						"__rmqueue_steal() searched only the %s lists (from:) and found no free "
						"chunk of order >= %d in any zone",
						fn, ev->order, mtype_word(ev->mt), tag_of(m, ev->tag), F, ev->order);
			return snprintf(buf, n,
					"%s: order-%d %s steal (%s) failed: __rmqueue_claim() and __rmqueue_steal() "
					"searched fallbacks[%s] = {%s, %s} and found no free chunk of order >= %d "
					"in any zone (a steal never takes the %s lists themselves)",
					fn, ev->order, mtype_word(ev->mt), tag_of(m, ev->tag), mtype_name(ev->mt),
					mtype_name(fb[ev->mt][0]), mtype_name(fb[ev->mt][1]), ev->order, mtype_name(ev->mt));
		}
		return snprintf(buf, n, "%s: order-%d %s request (%s) failed: no suitable free memory in any zone",
				fn, ev->order, mtype_word(ev->mt), tag_of(m, ev->tag));
	case EV_FREE:
		if (ev->tag == NIL && ev->cur_order > ev->order)
			return snprintf(buf, n, "%s: order-%d piece at pfn %llu back on the lists; merged into an order-%d "
					"chunk at pfn %llu, queued at the %s of the %s list",
					fn, ev->order, pfn, ev->cur_order, pfn2, ev->flag ? "tail" : "head", T);
		if (ev->tag == NIL)
			return snprintf(buf, n, "%s: order-%d piece at pfn %llu back on the lists; no free buddy to merge "
					"with (or one of a type it may not merge with), queued at the %s of the %s list",
					fn, ev->order, pfn, ev->flag ? "tail" : "head", T);
		if (ev->cur_order > ev->order)
			return snprintf(buf, n,
					"%s: freed %s#%llu order-%d at pfn %llu; merged with free buddies into an "
					"order-%d chunk at pfn %llu, queued at the %s of the %s list",
					fn, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order, pfn,
					ev->cur_order, pfn2, ev->flag ? "tail" : "head", T);
		return snprintf(buf, n, "%s: freed %s#%llu order-%d at pfn %llu; no free buddy, queued at the %s of the %s list%s",
				fn, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order, pfn,
				ev->flag ? "tail" : "head", T,
				ev->flag ? " (buddy_merge_likely: its parent's buddy is free)" : "");
	case EV_MERGE_RETYPE:
		return snprintf(buf, n,
				"%s: merging at order %d takes the free %s buddy: %u block%s from %llu retyped to %s",
				fn, ev->cur_order, F, ev->a, ev->a == 1 ? "" : "s", blk, T);
	case EV_PCP_REFILL:
		if (!ev->b)
			return snprintf(buf, n, "%s: the %s order-%d pcp list was empty and the buddy lists had nothing "
					"for it (%s)", fn, T, ev->order, zone);
		return snprintf(buf, n,
				"%s: the %s order-%d pcp list was empty: refilled with %u of %u pages in one batch "
				"(pfns %llu..%llu, appended at the tail in the order __rmqueue() gave them)",
				fn, T, ev->order, ev->b, ev->a, pfn, pfn2);
	case EV_PCP_FREE:
		return snprintf(buf, n,
				"%s: freed %s#%llu order-%d at pfn %llu onto the head of the %s pcp list "
				"(%u pages on pcp, high %u): it stays allocated for the buddy allocator",
				fn, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order, pfn, T, ev->a, ev->b);
	case EV_PCP_DRAIN: {
		static const char *const why[] = { "the pcp count reached high", "repeated high-order frees (free_high)",
						   "drain_all_pages() after isolation", "compaction drains this CPU's lists",
						   "drain_all_pages() before the slow path's last retry",
						   "kcompactd drains after its run" };
		return snprintf(buf, n, "%s: %s: %u of %u pcp pages go back to the buddy lists, each list emptied "
				"from its tail, with the block's type read now", fn, ev->c < 6 ? why[ev->c] : "drain",
				ev->a, ev->b);
	}
	case EV_BOOST:
		return snprintf(buf, n, "%s: a fallback into block %llu raised %s's watermark_boost to %u pages%s",
				fn, blk, zone, ev->a, ev->flag ? " (ZONE_BOOSTED_WATERMARK: kswapd will be woken)" : "");
	case EV_BELOW_HIGH:
		return snprintf(buf, n, "%s: %s has %u free pages, not above its high mark %u for order %d: "
				"ZONE_BELOW_HIGH set (pcp frees spill sooner)", fn, zone, ev->a, ev->b, ev->order);
	case EV_WMARK_FAIL: {
		static const char *const mk[] = { "min", "low", "high", "promo" };
		if (ev->flag)
			return snprintf(buf, n, "%s: %s has %u free pages, above the %s mark (%u), but no free chunk of order "
					">= %d that an order-%d %s request may use: zone skipped", fn, zone, ev->a, mk[ev->c & 3],
					ev->b, ev->order, ev->order, mtype_word(ev->mt));
		return snprintf(buf, n, "%s: %s has %u free pages: an order-%d %s request may not go below the %s "
				"mark (%u, boost included): zone skipped", fn, zone, ev->a, ev->order, mtype_word(ev->mt),
				mk[ev->c & 3], ev->b);
	}
	case EV_SLOWPATH:
		return snprintf(buf, n, "%s: the fast path (low mark) failed for order-%d %s; slow path with the min "
				"mark%s", fn, ev->order, mtype_word(ev->mt),
				ev->b ? ", ALLOC_NON_BLOCK and __GFP_HIGH reserves (atomic: no direct reclaim)" : "");
	case EV_KSWAPD_WAKE:
		return snprintf(buf, n, "%s: kswapd woken for order %d (%s: %u free, high mark + boost %u); it runs "
				"at the end of this step", fn, ev->order, zone, ev->a, ev->b);
	case EV_KSWAPD:
		if (ev->flag)
			return snprintf(buf, n, "%s: kswapd: %s has %u free pages, above high + boost (%u): nothing to "
					"reclaim; boost %llu cleared", fn, zone, ev->a, ev->b, pfn2);
		return snprintf(buf, n, "%s: kswapd: %s had %u free pages, below high + boost (%u): reclaimed %u pages "
				"(oldest reclaimable first), now %llu free; boost %llu cleared", fn, zone, ev->a, ev->b,
				ev->c, pfn, pfn2);
	case EV_KCOMPACTD:
		return snprintf(buf, n, "%s: kswapd was woken for order %d: kcompactd compacts %s for that order",
				fn, ev->order, zone);
	case EV_DIRECT_COMPACT: {
		static const char *const prio[] = { "sync_full", "sync_light", "async" };
		static const char *const res[] = { "not suitable", "skipped (not enough free memory, or no compaction)",
						   "deferred after recent failures", "no suitable page", "continue",
						   "complete (scanners met)", "partial (skipped)", "contended",
						   "success: a suitable page exists" };
		return snprintf(buf, n, "%s: direct compaction of %s (%s) for order-%d %s: %s%s", fn, zone,
				prio[ev->a % 3], ev->order, mtype_word(ev->mt), ev->b < 9 ? res[ev->b] : "?",
				ev->c ? "; the page was captured" : "");
	}
	case EV_DIRECT_RECLAIM:
		return snprintf(buf, n, "%s: direct reclaim for order-%d %s freed %u pages (asked %u, oldest reclaimable "
				"first)%s", fn, ev->order, mtype_word(ev->mt), ev->a, ev->b,
				ev->a ? "" : ": nothing reclaimable, no progress");
	case EV_DRAIN_RETRY:
		return snprintf(buf, n, "%s: still no page after reclaim: unreserve_highatomic_pageblock() %s, "
				"drain_all_pages(), one more try", fn, ev->a ? "gave a block back" : "had nothing to give");
	case EV_RETRY:
		if (ev->a)
			return snprintf(buf, n, "should_compact_retry: retry %u, compaction priority now %s", ev->b,
					ev->c == 3 ? "sync_full" : ev->c == 4 ? "sync_light" : "async");
		if (ev->c == 1)
			return snprintf(buf, n, "%s: no-progress loops %u <= 16 and reclaim could still meet the min mark: "
					"retry", fn, ev->b);
		if (ev->c == 2)
			return snprintf(buf, n, "%s: giving up, but unreserve_highatomic_pageblock(force) freed a block: "
					"retry", fn);
		return snprintf(buf, n, "%s: no-progress loops %u, or not even reclaiming everything would meet the "
				"min mark: stop retrying", fn, ev->b);
	case EV_NOPAGE:
		return snprintf(buf, n, "%s: order-%d %s fails: %s", fn, ev->order, mtype_word(ev->mt),
				ev->a ? "a costly order (> 3) without __GFP_RETRY_MAYFAIL does not loop"
				      : "an atomic request cannot reclaim or compact");
	case EV_OOM:
		return snprintf(buf, n, "%s: reclaim and compaction made no progress for order-%d %s (%s: %u free, min %u): "
				"the kernel would call the OOM killer here; the model fails the request",
				fn, ev->order, mtype_word(ev->mt), zone, ev->a, ev->b);
	case EV_RECLAIM:
		return snprintf(buf, n, "reclaim: freed %u pages of the oldest reclaimable allocations (asked %u)%s",
				ev->a, ev->b, ev->a < ev->b ? ": nothing more reclaimable" : "");
	case EV_FREE_NOTHING:
		if (ev->flag && !ev->b) {
			const struct zone *z0 = &m->zones[0], *zl = &m->zones[m->nzones - 1];
			return snprintf(buf, n, "free: pfn %llu is outside the machine (pfns %llu-%llu); nothing changed",
					pfn, (unsigned long long)z0->start_pfn,
					(unsigned long long)(zl->start_pfn + zl->npages - 1));
		}
		if (ev->flag)
			return snprintf(buf, n, "free: no live allocation covers pfn %llu (it is free); nothing changed",
					pfn);
		return snprintf(buf, n, "free: nothing live matched (tag %s); nothing changed", tag_of(m, ev->tag));
	case EV_UNRESERVE:
		return snprintf(buf, n,
				"%s: the HighAtomic order-%d chunk at pfn %llu gives block %llu back as %s "
				"(%u free pages moved%s); nr_reserved_highatomic now %u (%s)",
				fn, ev->cur_order, pfn, blk, T, ev->a, ev->cur_order >= m->pb_order ? " with its chunk" : "",
				ev->b, zone);
	case EV_RESERVE:
		switch (ev->flag) {
		case RESERVE_DONE:
			return snprintf(buf, n,
					"%s: block %llu (%s) becomes HighAtomic for high-order atomic requests%s%u free "
					"pages moved to the HighAtomic lists); nr_reserved_highatomic now %u (limit %u)",
					fn, blk, F, ev->order >= m->pb_order ? " (whole allocation: " : " (",
					ev->a, ev->b, ev->c);
		case RESERVE_ZONE_SMALL:
			return snprintf(buf, n, "%s: nothing reserved: 1%% of the zone (%u pages) is under a pageblock",
					fn, ev->c);
		case RESERVE_LIMIT:
			return snprintf(buf, n, "%s: nothing reserved: nr_reserved_highatomic %u has reached the limit %u "
					"(about 1%% of the zone)", fn, ev->b, ev->c);
		default:
			return snprintf(buf, n, "%s: nothing reserved: block %llu is %s, not a normal (mergeable) block",
					fn, blk, F);
		}
	case EV_ISOLATE:
	case EV_UNISOLATE: {
		const char *what = ev->kind == EV_ISOLATE ? "isolated" : (ev->b ? "set back (undo)" : "unisolated");
		if (ev->flag == ISO_SPLIT)
			return snprintf(buf, n,
					"%s: block %llu %s (%s -> %s); move_freepages_block_isolate: the free order-%d chunk "
					"at pfn %llu spans more than the block: taken off and freed again in pageblock pieces "
					"(split_large_buddy), each under its own block's type",
					fn, blk, what, F, T, ev->cur_order, pfn2);
		if (ev->flag == ISO_PUTBACK)
			return snprintf(buf, n,
					"%s: block %llu %s (%s -> %s): its free order-%d chunk at pfn %llu has a free buddy that is "
					"not isolated: __isolate_free_page, then __putback_isolated_page (FPI_TO_TAIL) merges it",
					fn, blk, what, F, T, ev->cur_order, pfn2);
		return snprintf(buf, n, "%s: block %llu %s (%s -> %s): move_freepages_block_isolate moved its %u free pages "
				"to the tail of the %s lists%s",
				fn, blk, what, F, T, ev->a, T,
				ev->kind == EV_ISOLATE ? " (they leave NR_FREE_PAGES; nothing allocates from them)" : "");
	}
	case EV_ISOLATE_REFUSED:
		switch (ev->flag) {
		case REFUSE_ALREADY:
			return snprintf(buf, n, "set_migratetype_isolate: block %llu is already Isolate: -EBUSY, "
					"isolation refused", blk);
		case REFUSE_CMA:
			return snprintf(buf, n, "has_unmovable_pages: block %llu is CMA and this isolation is not for CMA: "
					"-EBUSY, isolation refused", blk);
		case REFUSE_UNMOVABLE:
			return snprintf(buf, n, "has_unmovable_pages: block %llu holds %s#%llu, an order-%d %s allocation "
					"at pfn %llu (neither LRU nor movable): -EBUSY, isolation refused",
					blk, tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order, mtype_word(ev->mt), pfn);
		case REFUSE_STRADDLE:
			return snprintf(buf, n, "isolate_single_pageblock: %s#%llu, an order-%d compound allocation at pfn %llu, "
					"crosses the range edge at pfn %llu (6.12.117 migrates nothing here): -EBUSY, "
					"isolation refused", tag_of(m, ev->tag), (unsigned long long)ev->index, ev->order, pfn, pfn2);
		default:
			return snprintf(buf, n, "isolate_single_pageblock: the free order-%d chunk at pfn %llu crosses the "
					"range edge at pfn %llu: -EBUSY, isolation refused", ev->order, pfn, pfn2);
		}
	case EV_UNISOLATE_SKIP:
		return snprintf(buf, n, "%s: block %llu is %s, not Isolate: skipped", fn, blk, T);
	default: {
		int r = compact_event_format(m, ev, buf, n);
		return r >= 0 ? r : snprintf(buf, n, "?");
	}
	}
}
