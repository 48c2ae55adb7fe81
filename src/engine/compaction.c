/* Memory compaction (mm/compaction.c): first stubs of the entry points. */
#include "internal.h"

static const char *const result_names[] = {
#define X(e, name) name,
	COMPACT_RESULTS(X)
#undef X
};
const char *compact_result_name(int r) { return r >= 0 && r < COMPACT_RESULT_COUNT ? result_names[r] : "?"; }

bool compaction_capture(struct machine *m, int zone, uint32_t idx, int order, int mt)
{
	(void)m; (void)zone; (void)idx; (void)order; (void)mt;
	return false;
}

int compact_zone_direct(struct machine *m, int zone, int order, int migratetype, int prio, uint32_t *captured_idx)
{
	(void)m; (void)zone; (void)order; (void)migratetype; (void)prio;
	*captured_idx = NIL;
	return COMPACT_SKIPPED;
}

int compact_zone_kcompactd(struct machine *m, int zone, int order)
{
	(void)m; (void)zone; (void)order;
	return COMPACT_SKIPPED;
}
