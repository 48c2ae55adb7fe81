/* Engine events: what happened, and which kernel rule decided it.
 *
 * One table generates the enum, the short names used by --trace and the
 * kernel function shown by the TUI. Events are fixed-size records; text is
 * made only on demand by event_format() (never on the hot path).
 */
#ifndef BUDDYVIZ_EVENT_H
#define BUDDYVIZ_EVENT_H

#include <stddef.h>
#include <stdint.h>

struct machine;

/*   X(enum, short name, kernel function that decides it) */
#define EVENT_KINDS(X)                                                   \
	X(EV_ALLOC, "alloc", "__rmqueue_smallest")                      \
	X(EV_CLAIM_BLOCKS, "claim", "try_to_steal_block")               \
	X(EV_CLAIM_MOVE, "claim", "try_to_steal_block")                 \
	X(EV_CLAIM_REFUSED, "claim-refused", "try_to_steal_block")      \
	X(EV_CLAIM_BREAK, "no-claim", "can_steal_fallback")             \
	X(EV_STEAL, "steal", "__rmqueue_steal")                         \
	X(EV_EXTFRAG, "extfrag", "mm_page_alloc_extfrag")               \
	X(EV_NOFRAG_RETRY, "nofragment-retry", "get_page_from_freelist") \
	X(EV_ALLOC_FAIL, "alloc-failed", "get_page_from_freelist")      \
	X(EV_FREE, "free", "__free_one_page")                           \
	X(EV_MERGE_RETYPE, "merge-retype", "__free_one_page")           \
	X(EV_FREE_NOTHING, "free-nothing", "free")                      \
	X(EV_PCP_REFILL, "pcp-refill", "rmqueue_bulk")                  \
	X(EV_PCP_FREE, "pcp-free", "free_unref_page_commit")            \
	X(EV_PCP_DRAIN, "pcp-drain", "free_pcppages_bulk")              \
	X(EV_BOOST, "boost", "boost_watermark")                         \
	X(EV_BELOW_HIGH, "below-high", "get_page_from_freelist")        \
	X(EV_WMARK_FAIL, "watermark-fail", "zone_watermark_fast")       \
	X(EV_SLOWPATH, "slowpath", "__alloc_pages_slowpath")            \
	X(EV_KSWAPD_WAKE, "kswapd-wake", "wakeup_kswapd")               \
	X(EV_KSWAPD, "kswapd", "balance_pgdat")                         \
	X(EV_KCOMPACTD, "kcompactd", "kcompactd_do_work")               \
	X(EV_DIRECT_COMPACT, "direct-compact", "try_to_compact_pages")  \
	X(EV_DIRECT_RECLAIM, "direct-reclaim", "__alloc_pages_direct_reclaim") \
	X(EV_DRAIN_RETRY, "drain-retry", "__alloc_pages_direct_reclaim") \
	X(EV_RETRY, "retry", "should_reclaim_retry")                    \
	X(EV_NOPAGE, "nopage", "__alloc_pages_slowpath")                \
	X(EV_OOM, "oom", "__alloc_pages_may_oom")                       \
	X(EV_RECLAIM, "reclaim", "reclaim")                           \
	X(EV_COMPACT_BEGIN, "mm_compaction_begin", "compact_zone")      \
	X(EV_COMPACT_ISOLATE_MIGRATE, "mm_compaction_isolate_migratepages", "isolate_migratepages_block") \
	X(EV_COMPACT_ISOLATE_FREE, "mm_compaction_isolate_freepages", "isolate_freepages_block") \
	X(EV_COMPACT_FAST_ISOLATE_FREE, "mm_compaction_fast_isolate_freepages", "fast_isolate_freepages") \
	X(EV_COMPACT_FAST_MIGRATE, "compact-fast-migrateblock", "fast_find_migrateblock") \
	X(EV_COMPACT_MIGRATEPAGES, "mm_compaction_migratepages", "migrate_pages") \
	X(EV_COMPACT_FINISHED, "mm_compaction_finished", "__compact_finished") \
	X(EV_COMPACT_END, "mm_compaction_end", "compact_zone")          \
	X(EV_COMPACT_SKIP, "compact-skip-block", "isolate_migratepages") \
	X(EV_COMPACT_SOURCE, "compact-source-block", "isolate_migratepages") \
	X(EV_COMPACT_TARGET, "compact-target-block", "isolate_freepages") \
	X(EV_COMPACT_MOVE, "compact-migrate", "migrate_pages_batch")    \
	X(EV_COMPACT_NOMEM, "compact-no-target", "compaction_alloc")    \
	X(EV_COMPACT_RELEASE, "compact-release", "release_free_list")   \
	X(EV_COMPACT_CAPTURE, "compact-capture", "compaction_capture")  \
	X(EV_COMPACT_STOP, "compact-stop", "compact_zone")          \
	X(EV_UNRESERVE, "unreserve", "unreserve_highatomic_pageblock") \
	X(EV_RESERVE, "reserve", "reserve_highatomic_pageblock")         \
	X(EV_ISOLATE, "isolate", "set_migratetype_isolate")              \
	X(EV_ISOLATE_REFUSED, "isolate-refused", "start_isolate_page_range") \
	X(EV_UNISOLATE, "unisolate", "unset_migratetype_isolate")        \
	X(EV_UNISOLATE_SKIP, "unisolate-skip", "undo_isolate_page_range")

enum event_kind {
#define EV_ENUM(e, name, fn) e,
	EVENT_KINDS(EV_ENUM)
#undef EV_ENUM
	EV_KIND_COUNT
};

/* EV_RESERVE's flag. */
enum { RESERVE_DONE, RESERVE_ZONE_SMALL, RESERVE_LIMIT, RESERVE_NOT_MERGEABLE };
/* EV_ISOLATE_REFUSED's flag: the kernel's reason. */
enum { REFUSE_ALREADY, REFUSE_CMA, REFUSE_UNMOVABLE, REFUSE_STRADDLE, REFUSE_FREE_STRADDLE };
/* EV_ISOLATE / EV_UNISOLATE's flag: how the free pages moved. */
enum { ISO_MOVED, ISO_SPLIT, ISO_PUTBACK };

/* Field use by kind (pfns are real pfns; mt fields enum migratetype):
 *  EV_ALLOC         pfn returned, order, cur_order = order of the chunk split,
 *                   mt = list type, zone, tag/index, fallback_mt = asked
 *                   type, flag = enum alloc_via (who handed the page out)
 *  EV_CLAIM_BLOCKS  pfn2 = chunk claimed, cur_order, mt = new owner T,
 *                   fallback_mt = F, a = number of blocks retyped, block
 *  EV_CLAIM_MOVE    block, pfn2 = trigger chunk, cur_order, mt = T,
 *                   fallback_mt = F, a = free pages, b = alike pages,
 *                   c = pages moved
 *  EV_CLAIM_REFUSED block, pfn2 = trigger chunk, cur_order, mt, fallback_mt,
 *                   a = free, b = alike, c = threshold
 *  EV_CLAIM_BREAK   cur_order, mt = T, fallback_mt = F
 *  EV_STEAL         pfn returned, cur_order, order, mt = T, fallback_mt = F
 *  EV_EXTFRAG       pfn, order (alloc_order), cur_order (fallback_order),
 *                   mt, fallback_mt, flag = change_ownership
 *  EV_NOFRAG_RETRY  order, mt
 *  EV_ALLOC_FAIL    order, mt (asked type), zone = preferred zone,
 *                   fallback_mt = the steal step's `from` type or -1
 *  EV_FREE          pfn freed, order freed, pfn2 = merged chunk head,
 *                   cur_order = merged order, mt = list type, flag = 1 if
 *                   queued at the tail, tag/index
 *  EV_MERGE_RETYPE  block = buddy's first block, a = blocks retyped,
 *                   mt = new type, fallback_mt = old type, cur_order
 *  EV_FREE_NOTHING  tag; a pfn selector: flag = 1, pfn, b = 1 if the pfn is
 *                   inside the machine
 *  EV_ALLOC         flag = 1 when it came off a pcp list
 *  EV_PCP_REFILL    order, mt, a = pages asked (batch), b = got, c = final
 *                   rmqueue_mode, pfn/pfn2 = first/last page
 *  EV_PCP_FREE      pfn, order, mt = list, a = pcp count, b = high in force
 *  EV_PCP_DRAIN     a = pages to drain, b = pcp count before, c = why
 *  EV_BOOST         a = new watermark_boost, block, flag = kswapd flagged
 *  EV_BELOW_HIGH / EV_WMARK_FAIL  order, mt, a = free, b = mark, c = which
 *  EV_SLOWPATH      order, mt, a = alloc_flags, b = highatomic
 *  EV_KSWAPD_WAKE   order, a = free, b = high mark (+boost), c = boost
 *  EV_KSWAPD        a = free before, b = mark, c = pages reclaimed,
 *                   pfn = free after, pfn2 = boost cleared, flag = balanced
 *  EV_KCOMPACTD     order
 *  EV_DIRECT_COMPACT a = priority (0 sync_full, 1 sync_light, 2 async),
 *                   b = compact_result, c = captured
 *  EV_DIRECT_RECLAIM a = pages reclaimed, b = asked
 *  EV_DRAIN_RETRY   a = a highatomic block was unreserved
 *  EV_RETRY         a = 0 reclaim / 1 compaction retry, b = loops/retries,
 *                   c = (reclaim) 1 retry, 2 retry after unreserve, 0 give up;
 *                   (compaction) priority + 3
 *  EV_NOPAGE        a = 0: cannot reclaim (atomic), 1: costly order
 *  EV_OOM           a = free, b = min mark
 *  EV_RECLAIM       a = pages freed, b = asked
 * Compaction (zone = zone index; pfns real):
 *  EV_COMPACT_BEGIN / _END  pfn = zone_start, pfn2 = migrate_pfn, block =
 *                   free_pfn (a pfn here), index = zone_end, flag = sync,
 *                   order = cc->order, mt = mode, a = status (END), b =
 *                   whole_zone
 *  EV_COMPACT_ISOLATE_MIGRATE / _ISOLATE_FREE / _FAST_ISOLATE_FREE
 *                   pfn = start_pfn, pfn2 = end_pfn, a = nr_scanned,
 *                   b = nr_taken, c = stride (free scanner)
 *  EV_COMPACT_FAST_MIGRATE  pfn = block start chosen (or the unchanged
 *                   migrate_pfn), flag = found, a = entries scanned,
 *                   b = fast_search_fail after
 *  EV_COMPACT_MIGRATEPAGES  a = nr_migrated, b = nr_failed
 *  EV_COMPACT_FINISHED  order, a = ret (enum compact_result), flag = the
 *                   reason (enum cfin_reason of compaction.c)
 *  EV_COMPACT_SKIP  block, a = reason (enum cskip of compaction.c), b = the
 *                   order the reason names, mt = block type
 *  EV_COMPACT_SOURCE / _TARGET  block, mt = block type, pfn = first pfn
 *                   scanned, b = stride (target)
 *  EV_COMPACT_MOVE  pfn = source, pfn2 = destination, order, tag/index
 *  EV_COMPACT_NOMEM pfn = source without a destination, order
 *  EV_COMPACT_RELEASE pfn = chunk head, order
 *  EV_COMPACT_CAPTURE pfn = chunk head, order, mt = its block type
 *  EV_COMPACT_STOP  a = moved pages in this request, b = max_migrate
 *  EV_ALLOC also:    c = how (alloc.c's enum alloc_how), a/b = free CMA
 *                   pages and NR_FREE_PAGES compared (CMA cases)
 *  EV_RESERVE       block, pfn, order of the allocation, fallback_mt = the
 *                   block's type, flag = RESERVE_*, a = free pages moved,
 *                   b = nr_reserved_highatomic after, c = the limit
 *                   (RESERVE_ZONE_SMALL: managed / 100)
 *  EV_ISOLATE       block, flag = ISO_*, a = free pages moved, pfn2/cur_order
 *                   = the chunk split (ISO_SPLIT), mt = new type,
 *                   fallback_mt = old type, b = 1 while undoing a refusal
 *  EV_ISOLATE_REFUSED block, flag = REFUSE_*, pfn = the page found, order,
 *                   tag/index of its allocation (NIL if none), mt = its type,
 *                   pfn2 = the range edge (straddle)
 *  EV_UNISOLATE     block, flag = ISO_*, a = free pages moved, mt = new
 *                   type, pfn2/cur_order = chunk, b = 1 while undoing
 *  EV_UNISOLATE_SKIP block (not isolated: nothing to undo)
 *  EV_UNRESERVE     zone, block, pfn = HighAtomic chunk found, cur_order,
 *                   mt = new type, a = pages moved, b = nr_reserved_highatomic
 *                   after, flag = force
 */
struct event {
	uint8_t kind;
	uint8_t zone;
	int8_t order, cur_order;
	int8_t mt, fallback_mt;
	uint8_t flag;
	uint8_t steal_step;   /* 1 when caused by the contract's steal step */
	uint32_t tag;
	uint32_t a, b, c;
	uint64_t index;
	uint64_t pfn, pfn2;
	uint64_t block;
};

/* Which kernel function handed an allocated page out (EV_ALLOC flag). */
enum alloc_via {
	VIA_SMALLEST,      /* __rmqueue_smallest(): the type's own lists */
	VIA_CLAIM_BLOCK,   /* try_to_steal_block(): a whole-block chunk claimed, split by expand() */
	VIA_STEAL,         /* __rmqueue_steal(): page_del_and_expand() on the fallback list */
	VIA_PCP,           /* rmqueue_pcplist(): the head of a per-cpu list */
};

#define EVENT_RING_SIZE 4096

const char *event_kind_name(int kind);
const char *event_kind_function(int kind);
/* One sentence a student can read, naming the deciding kernel function.
 * Writes at most n bytes (NUL included); returns the snprintf length. */
int event_format(const struct machine *m, const struct event *ev, char *buf, size_t n);

#endif
