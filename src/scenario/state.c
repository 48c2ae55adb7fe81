/* Extension `state:`: the machine's initial state (keys.c, sec_state).
 * Checks the shape here, then lets the engine place the state on a
 * throwaway machine (machine_state_apply) and reports what it refuses at
 * the chunk or zone that caused it. */
#include "scenario/state.h"

#include <inttypes.h>
#include <string.h>

#include "engine/mtype.h"
#include "scenario/check.h"
#include "scenario/xalloc.h"

void state_free(struct machine_state *st)
{
	if (!st)
		return;
	for (int z = 0; z < ZONE_ID_COUNT; z++) {
		free(st->zones[z].block_types);
		free(st->zones[z].free);
	}
	free(st);
}

static bool pair(struct ctx *c, const char *key, const struct ynode *p, const char *what)
{
	if (p->bad)
		return false;
	if (p->type != YN_SEQ || p->nkids != 2 || p->kids[0]->type != YN_SCALAR || p->kids[1]->type != YN_SCALAR) {
		sc_wrong_type(c, key, p, what);
		return false;
	}
	return true;
}

/* blocks: [[type, count], ...] -> one type per block. */
static bool parse_blocks(struct ctx *c, const struct ynode *v, uint64_t nblocks, struct zone_state *zs)
{
	if (v->type != YN_SEQ) {
		sc_wrong_type(c, "blocks", v, "a list of [type, count] pairs");
		return false;
	}
	zs->block_types = xcalloc(nblocks ? nblocks : 1, 1);
	zs->nblocks = nblocks;
	uint64_t at = 0;
	bool ok = true;
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *p = v->kids[i];
		if (!pair(c, "blocks", p, "a [type, count] pair such as [movable, 8]")) {
			ok = false;
			continue;
		}
		const char *w = p->kids[0]->value;
		int t = mtype_from_word(w, MT_COUNT);
		bool neg;
		uint64_t n;
		if (t < 0 || t == MT_CMA) {
			sc_err(c, p->kids[0], "blocks: %s %s; allowed: unmovable, movable, reclaimable, highatomic, isolate",
			       t == MT_CMA ? "cma blocks are" : "unknown type", t == MT_CMA ? "not supported yet" : w);
			ok = false;
			continue;
		}
		if (!sc_get_int(c, "blocks", p->kids[1], 1, UINT64_MAX, NULL, &neg, &n)) {
			ok = false;
			continue;
		}
		if (n > nblocks - at) {
			sc_err(c, p->kids[1], "blocks: the runs add up to more than the zone's %" PRIu64 " pageblocks",
			       nblocks);
			return false;
		}
		memset(zs->block_types + at, t, n);
		at += n;
	}
	if (ok && at != nblocks) {
		sc_err(c, v, "blocks: the runs add up to %" PRIu64 " pageblocks, the zone has %" PRIu64, at, nblocks);
		ok = false;
	}
	return ok;
}

/* free: [[pfn, order], ...]; nodes keeps each entry's node. */
static bool parse_free(struct ctx *c, const struct ynode *v, int max_order, struct zone_state *zs,
		       const struct ynode ***nodes)
{
	if (v->type != YN_SEQ) {
		sc_wrong_type(c, "free", v, "a list of [pfn, order] pairs");
		return false;
	}
	zs->free = xcalloc(v->nkids ? v->nkids : 1, sizeof(*zs->free));
	*nodes = xcalloc(v->nkids ? v->nkids : 1, sizeof(**nodes));
	bool ok = true;
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *p = v->kids[i];
		bool neg;
		uint64_t pfn, order;
		if (!pair(c, "free", p, "a [pfn, order] pair such as [1024, 10]") ||
		    !sc_get_int(c, "free", p->kids[0], 0, LIMIT_PFN_END - 1, NULL, &neg, &pfn) ||
		    !sc_get_int(c, "free", p->kids[1], 0, (uint64_t)max_order, "max_order", &neg, &order)) {
			ok = false;
			continue;
		}
		(*nodes)[zs->nfree] = p;
		zs->free[zs->nfree++] = (struct state_chunk){ pfn, (int)order };
	}
	return ok;
}

struct machine_state *parse_state(struct ctx *c, const struct ynode *v, const struct machine_config *cfg,
				  bool check_place)
{
	if (ynode_is_null(v) || v->type != YN_MAP) {
		sc_wrong_type(c, "state", v, "a mapping with zones");
		return NULL;
	}
	struct pval sv[KEYS_MAX];
	sc_walk_map(c, &sec_state, v, v, sv);
	struct machine_state *st = xcalloc(1, sizeof(*st));
	strcpy(st->tag, "real");
	if (sv[SK_TAG].ok)
		snprintf(st->tag, sizeof(st->tag), "%s", sv[SK_TAG].val->value);
	const struct ynode *zs = sv[SK_ZONES].present ? sv[SK_ZONES].val : NULL;
	const struct ynode **nodes[ZONE_ID_COUNT] = { 0 };
	const struct ynode *znode[ZONE_ID_COUNT] = { 0 };
	bool ok = sv[SK_ZONES].present;
	if (zs && !zs->bad && zs->type != YN_SEQ) {
		sc_wrong_type(c, "zones", zs, "a list of state zone entries");
		ok = false;
	} else if (zs && !zs->bad) {
		if (zs->nkids != (size_t)cfg->nzones) {
			sc_err(c, zs, "state.zones: %zu entries, the machine has %d zones; give one per zone, in order",
			       zs->nkids, cfg->nzones);
			ok = false;
		}
		for (size_t i = 0; i < zs->nkids && i < (size_t)cfg->nzones; i++) {
			const struct ynode *z = zs->kids[i];
			struct pval zv[KEYS_MAX];
			if (z->bad) {
				ok = false;
				continue;
			}
			if (z->type != YN_MAP) {
				sc_wrong_type(c, "zones", z, "a state zone entry (a mapping with name and blocks)");
				ok = false;
				continue;
			}
			znode[i] = z;
			sc_walk_map(c, &sec_state_zone, z, z, zv);
			if (zv[SZK_NAME].ok && zv[SZK_NAME].e != cfg->zones[i].id) {
				sc_err(c, zv[SZK_NAME].val, "state zone %zu is %s, the machine's zone %zu is %s", i + 1,
				       zv[SZK_NAME].val->value, i + 1, zone_id_name(cfg->zones[i].id));
				ok = false;
			}
			uint64_t nblocks = cfg->zones[i].pages >> cfg->pageblock_order;
			if (!zv[SZK_NAME].ok || !zv[SZK_BLOCKS].present ||
			    !parse_blocks(c, zv[SZK_BLOCKS].val, nblocks, &st->zones[i]))
				ok = false;
			if (zv[SZK_FREE].present &&
			    !parse_free(c, zv[SZK_FREE].val, cfg->max_order, &st->zones[i], &nodes[i]))
				ok = false;
		}
	}
	if (ok && check_place) {
		struct machine_config tmp = *cfg;
		tmp.initial = NULL;
		struct machine *m = machine_create(&tmp);
		char msg[256];
		struct state_error where;
		if (!m) {
			sc_err(c, v, "state: the host is out of memory");
		} else if (!machine_state_apply(m, st, &where, msg, sizeof(msg))) {
			const struct ynode *at = v;
			if (where.zone >= 0 && where.chunk >= 0 && nodes[where.zone])
				at = nodes[where.zone][where.chunk];
			else if (where.zone >= 0 && znode[where.zone])
				at = znode[where.zone];
			sc_err(c, at, "state: %s", msg);
			ok = false;
		}
		machine_destroy(m);
	}
	for (int i = 0; i < ZONE_ID_COUNT; i++)
		free(nodes[i]);
	if (!ok) {
		state_free(st);
		return NULL;
	}
	return st;
}

void state_write(FILE *f, const struct machine_config *cfg)
{
	const struct machine_state *st = cfg->initial;
	fprintf(f, "state:\n  tag: %s\n  zones:\n", st->tag[0] ? st->tag : "real");
	for (int i = 0; i < cfg->nzones; i++) {
		const struct zone_state *zs = &st->zones[i];
		fprintf(f, "    - name: %s\n      blocks: [", zone_id_name(cfg->zones[i].id));
		for (uint64_t b = 0, runs = 0; b < zs->nblocks; runs++) {
			uint64_t e = b;
			while (e < zs->nblocks && zs->block_types[e] == zs->block_types[b])
				e++;
			fprintf(f, "%s[%s, %" PRIu64 "]", runs ? ", " : "", mtype_word(zs->block_types[b]), e - b);
			b = e;
		}
		fputs("]\n      free: [", f);
		for (size_t c = 0; c < zs->nfree; c++)
			fprintf(f, "%s[%" PRIu64 ", %d]", c == 0 ? "" : c % 8 ? ", " : ",\n             ", zs->free[c].pfn,
				zs->free[c].order);
		fputs("]\n", f);
	}
}
