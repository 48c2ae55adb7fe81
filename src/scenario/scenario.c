/* Scenario loading and validation (scenario-format.md sections 1, 3, 7).
 *
 * ytree.c turns the text into nodes with positions; check.c checks each
 * value against the keys table (keys.c). This file walks the sections and
 * writes out the rules that tie keys together (free's selectors, steal's
 * from, the zone layout, repeat nesting, the 10^9 operations), then builds
 * the engine's steps. Errors are collected with their positions and sorted
 * into file order at the end.
 */
#include "scenario/scenario.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "engine/stats.h"
#include "scenario/check.h"
#include "scenario/state.h"
#include "scenario/keys.h"
#include "scenario/xalloc.h"
#include "scenario/ytree.h"

/* ---- Steps ------------------------------------------------------------------ */

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

/* Adds the steps' operations to *total; reports the step that first takes
 * the scenario over the limit. */
static void count_ops(struct ctx *c, const struct step *steps, size_t n, uint64_t *total)
{
	for (size_t i = 0; i < n; i++) {
		bool was_over = *total > LIMIT_TOTAL_OPS;
		*total = sat_add(*total, step_op_count(&steps[i]));
		if (!was_over && *total > LIMIT_TOTAL_OPS)
			sc_err_pos(c, steps[i].pos.line, steps[i].pos.col,
				"the scenario exceeds the limit of 10^9 operations here (each allocation of a count, "
				"each workload op, 1 for every other step, times every enclosing repeat)");
	}
}

static void parse_steps(struct ctx *c, const char *key, const struct ynode *v, int depth,
			struct step **out, size_t *nout);

static void copy_tag(char *dst, const struct pval *pv, const char *def)
{
	snprintf(dst, TAG_MAX_LEN + 1, "%s", pv->ok ? pv->val->value : def);
}

static void build_alloc(struct ctx *c, const struct section_spec *sec, const struct pval *v, struct step *out)
{
	struct step_alloc *a = &out->u.alloc;
	a->type = v[AK_TYPE].ok ? v[AK_TYPE].e : MT_MOVABLE;
	a->order = v[AK_ORDER].ok ? (int)v[AK_ORDER].u : 0;
	a->count = v[AK_COUNT].ok ? v[AK_COUNT].u : 1;
	copy_tag(a->tag, &v[AK_TAG], "_");
	a->zone = v[AK_ZONE].ok ? v[AK_ZONE].e : -1;
	a->from = -1;
	a->flags = sec->kind == STEP_ALLOC && v[AK_FLAGS].ok ? (uint32_t)v[AK_FLAGS].u : 0;
	if (a->flags & REQ_CMA) {
		if (!c->cfg.cma)
			sc_err(c, v[AK_FLAGS].val, "flags: cma needs a machine with CMA blocks (machine.cma)");
		else if (v[AK_TYPE].ok && a->type != MT_MOVABLE)
			sc_err(c, v[AK_FLAGS].val, "flags: cma is for movable requests only (ALLOC_CMA), not %s",
			       mtype_word(a->type));
	}
	if (sec->kind == STEP_STEAL && v[AK_FROM].ok) {
		a->from = v[AK_FROM].e;
		if (v[AK_TYPE].ok && a->from == a->type) {
			char allowed[128];
			sc_list_mtypes(allowed, sizeof allowed, true, a->type);
			sc_err(c, v[AK_FROM].val, "from: %s is the requested type itself; allowed: %s",
			       mtype_word(a->from), allowed);
		}
	}
}

/* A [first, last] pageblock range of this machine, inside one zone. */
static bool blocks_in_machine(struct ctx *c, const struct pval *pv, const char *key)
{
	uint64_t zfirst = 0, total = 0;
	int zf = -1, zl = -1;
	for (int i = 0; i < c->cfg.nzones; i++) {
		uint64_t nb = c->cfg.zones[i].pages >> c->cfg.pageblock_order;
		if (pv->u >= zfirst && pv->u < zfirst + nb)
			zf = i;
		if (pv->u2 >= zfirst && pv->u2 < zfirst + nb)
			zl = i;
		zfirst += nb;
	}
	total = zfirst;
	if (pv->u2 >= total) {
		sc_err(c, pv->val, "%s: block %" PRIu64 " is out of range; allowed: 0..%" PRIu64 " (the machine's pageblocks)",
		       key, pv->u2, total - 1);
		return false;
	}
	if (zf != zl) {
		sc_err(c, pv->val, "%s: blocks %" PRIu64 "..%" PRIu64 " cross from zone %s into %s; a range lies inside one zone",
		       key, pv->u, pv->u2, zone_id_name(c->cfg.zones[zf].id), zone_id_name(c->cfg.zones[zl].id));
		return false;
	}
	return true;
}

static void build_isolate(struct ctx *c, const struct pval *v, struct step *out)
{
	if (!v[IK_BLOCKS].ok)
		return;
	out->u.isolate.first = v[IK_BLOCKS].u;
	out->u.isolate.last = v[IK_BLOCKS].u2;
	if (!blocks_in_machine(c, &v[IK_BLOCKS], "blocks"))
		out->u.isolate.first = out->u.isolate.last = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool node_before(const struct ynode *x, const struct ynode *y)
{
	return x->line < y->line || (x->line == y->line && x->col < y->col);
}

static int cmp_pval_pos(const void *a, const void *b)
{
	const struct pval *x = *(const struct pval *const *)a, *y = *(const struct pval *const *)b;
	return node_before(x->key, y->key) ? -1 : node_before(y->key, x->key);
}

static void build_free(struct ctx *c, const struct section_spec *sec, const struct ynode *owner,
		       const struct pval *v, struct step *out)
{
	static const int selectors[] = { FK_EVERY, FK_FIRST, FK_LAST, FK_INDEX, FK_RANDOM };
	struct step_free *f = &out->u.free;
	f->sel = SEL_ALL;
	if (v[FK_PFN].present) {
		for (size_t i = 0; i < sec->nkeys; i++)
			if (i != FK_PFN && v[i].present)
				sc_err(c, v[i].key, "%s cannot be combined with pfn; pfn: N stands alone",
				       sec->keys[i].key);
		f->sel = SEL_PFN;
		f->pfn = v[FK_PFN].ok ? v[FK_PFN].u : 0;
		return;
	}
	if (!v[FK_TAG].present)
		sc_err(c, owner, "free: missing required key \"tag\" (or pfn)");
	copy_tag(f->tag, &v[FK_TAG], "_");

	const struct pval *given[5];
	size_t ng = 0;
	for (size_t i = 0; i < 5; i++)
		if (v[selectors[i]].present)
			given[ng++] = &v[selectors[i]];
	qsort(given, ng, sizeof given[0], cmp_pval_pos);
	for (size_t i = 1; i < ng; i++)
		sc_err(c, given[i]->key, "more than one selector (%s after %s); allowed: at most one of "
		       "every, first, last, index, random", given[i]->key->value, given[0]->key->value);
	if (v[FK_OFFSET].present && !v[FK_EVERY].present)
		sc_err(c, v[FK_OFFSET].key, "offset works only with every");
	if (ng == 0)
		return;
	const struct pval *s = given[0];
	if (s == &v[FK_EVERY]) {
		f->sel = SEL_EVERY;
		f->every = s->ok ? s->u : 1;
		f->offset = v[FK_OFFSET].ok ? v[FK_OFFSET].u : 0;
		if (s->ok && v[FK_OFFSET].ok && f->offset >= f->every)
			sc_err(c, v[FK_OFFSET].val, "offset: %" PRIu64 " is out of range; allowed: 0..%" PRIu64
			       " (every: %" PRIu64 ")", f->offset, f->every - 1, f->every);
	} else if (s == &v[FK_FIRST] || s == &v[FK_LAST]) {
		f->sel = s == &v[FK_FIRST] ? SEL_FIRST : SEL_LAST;
		f->n = s->ok ? s->u : 0;
	} else if (s == &v[FK_RANDOM]) {
		f->sel = SEL_RANDOM;
		f->p = s->ok ? s->d : 0;
	} else {
		f->sel = SEL_INDEX;
		if (!s->ok)
			return;
		f->indices = xmalloc(s->val->nkids * sizeof *f->indices);
		for (size_t i = 0; i < s->val->nkids; i++) {
			bool neg;
			sc_scan_int(s->val->kids[i], &neg, &f->indices[i]);
		}
		qsort(f->indices, s->val->nkids, sizeof *f->indices, cmp_u64);
		size_t n = 0;
		for (size_t i = 0; i < s->val->nkids; i++)
			if (n == 0 || f->indices[n - 1] != f->indices[i])
				f->indices[n++] = f->indices[i];
		f->nindices = n;
	}
}

static void build_workload(const struct pval *v, struct step *out)
{
	struct step_workload *w = &out->u.workload;
	w->ops = v[WK_OPS].ok ? v[WK_OPS].u : 1;
	if (v[WK_MIX].ok) {
		for (int i = 0; i < MT_PCPTYPES; i++)
			w->mix[i] = v[WK_MIX].w[i];
	} else {
		w->mix[MT_UNMOVABLE] = 0.1;
		w->mix[MT_MOVABLE] = 0.8;
		w->mix[MT_RECLAIMABLE] = 0.1;
	}
	if (v[WK_ORDERS].ok)
		memcpy(w->orders, v[WK_ORDERS].w, sizeof w->orders);
	else
		w->orders[0] = 1.0;
	w->free_ratio = v[WK_FREE_RATIO].ok ? v[WK_FREE_RATIO].d : 0.5;
	copy_tag(w->tag, &v[WK_TAG], "w");
}

static void build_expect(struct ctx *c, const struct ynode *val, struct step *out)
{
	struct step_expect *e = &out->u.expect;
	if (!val || ynode_is_null(val))
		return;
	if (val->type != YN_MAP) {
		sc_wrong_type(c, "expect", val, "a mapping of stats keys to integers");
		return;
	}
	e->items = xcalloc(ynode_npairs(val), sizeof *e->items);
	for (size_t i = 0; i < ynode_npairs(val); i++) {
		const struct ynode *key = ynode_key(val, i), *v = ynode_val(val, i);
		char b[SHOWBUF], allowed[1024];
		if (!sc_key_ok(c, key))
			continue;
		int sk = key->has_nul ? -1 : stat_from_name(key->value);
		if (sk < 0) {
			size_t o = 0;
			for (int s = 0; s < STAT_COUNT && o < sizeof allowed; s++)
				o += (size_t)snprintf(allowed + o, sizeof allowed - o, "%s%s", s ? ", " : "", stat_name(s));
			sc_err(c, key, "unknown stats key %s in expect; allowed: %s", sc_show(key, b, sizeof b), allowed);
			continue;
		}
		bool neg;
		uint64_t mag;
		if (v->bad || !sc_get_int(c, key->value, v, INT64_MIN, INT64_MAX, NULL, &neg, &mag))
			continue;
		struct expect_item *it = &e->items[e->nitems++];
		it->key = sk;
		it->value = neg ? (int64_t)(0 - mag) : (int64_t)mag;
		it->pos = (struct src_pos){ key->line, key->col };
	}
}

/* Parses one step (a list item, or the whole text of step_parse_text).
 * Always leaves a step in *out that step_clear can free; errors go to c. */
static void parse_step(struct ctx *c, const struct ynode *item, int depth, struct step *out)
{
	char b[SHOWBUF], allowed[256];
	const struct ynode *key = NULL, *val = NULL;

	memset(out, 0, sizeof *out);
	out->kind = STEP_PAUSE;
	out->pos = (struct src_pos){ item->line, item->col };
	if (item->bad)
		return;
	if (item->type == YN_SCALAR) {
		if (ynode_is_null(item)) {
			sc_err(c, item, "expected a step, got nothing (null)");
			return;
		}
		key = item;
	} else if (item->type == YN_SEQ) {
		sc_err(c, item, "expected a step (a one-key mapping such as alloc: {type: movable}, or pause), got a list");
		return;
	} else {
		for (size_t i = 0; i < ynode_npairs(item); i++) {
			const struct ynode *k = ynode_key(item, i);
			if (!sc_key_ok(c, k))
				continue;
			if (!key) {
				key = k;
				val = ynode_val(item, i);
				continue;
			}
			const struct section_spec *first = key->has_nul ? NULL : step_section_find(key->value);
			if (first && first->nkeys && section_key_find(first, k->value) >= 0)
				sc_err(c, k, "second key %s in one step; a step is a one-key mapping "
				       "(indent %s under %s)", sc_show(k, b, sizeof b), k->value, key->value);
			else
				sc_err(c, k, "second key %s in one step; a step is a one-key mapping "
				       "(start each step with -)", sc_show(k, b, sizeof b));
		}
		if (!key) {
			if (ynode_npairs(item) == 0) {
				sc_list_steps(allowed, sizeof allowed);
				sc_err(c, item, "empty step; allowed: %s", allowed);
			}
			return;
		}
	}

	const struct section_spec *sec = key->has_nul ? NULL : step_section_find(key->value);
	if (!sec) {
		sc_list_steps(allowed, sizeof allowed);
		sc_err(c, key, "unknown step %s; allowed: %s", sc_show(key, b, sizeof b), allowed);
		return;
	}
	const char *name = section_name(sec);
	if (sec->unsupported) {
		sc_err(c, key, "%s is not supported yet", name);
		return;
	}
	out->kind = sec->kind;
	out->pos = (struct src_pos){ key->line, key->col };

	if (!val && sec->kind == STEP_QUIZ) {    /* `- quiz`: the quiz's own question */
		struct pval v[KEYS_MAX];
		sc_walk_map(c, sec, NULL, key, v);
		sc_build_quiz(c, key, v, depth, out);
		return;
	}
	if (!val) {    /* a bare word */
		if (sec->shape == SH_TEXT)
			sc_err(c, key, "%s needs a string, e.g. %s: \"text\"", name, name);
		else if (sec->shape != SH_NONE)
			sc_err(c, key, "%s needs keys, e.g. %s: {...}", name, name);
		return;
	}
	if (val->bad)
		return;

	switch (sec->shape) {
	case SH_TEXT:
		if (!sc_is_string(val))
			sc_wrong_type(c, name, val, "a string");
		else if (val->has_nul)
			sc_err(c, val, "%s: the string holds a NUL character", name);
		else
			out->u.say = xstrdup(val->value);
		return;
	case SH_NONE:
		if (ynode_is_null(val))
			return;
		if (val->type == YN_MAP) {
			struct pval v[KEYS_MAX];
			sc_walk_map(c, sec, val, key, v);
		} else {
			sc_err(c, val, "%s takes no value, got %s", name, sc_show(val, b, sizeof b));
		}
		return;
	case SH_STATS:
		build_expect(c, val, out);
		return;
	default:
		break;
	}

	const struct ynode *map = val;
	if (ynode_is_null(val)) {
		map = NULL;
	} else if (val->type != YN_MAP) {
		sc_wrong_type(c, name, val, "a mapping of keys");
		return;
	}
	struct pval v[KEYS_MAX];
	sc_walk_map(c, sec, map, key, v);
	switch (sec->kind) {
	case STEP_ALLOC:
	case STEP_STEAL:
		build_alloc(c, sec, v, out);
		break;
	case STEP_FREE:
		build_free(c, sec, key, v, out);
		break;
	case STEP_WORKLOAD:
		build_workload(v, out);
		break;
	case STEP_RECLAIM:
		out->u.reclaim_pages = v[CK_PAGES].ok ? v[CK_PAGES].u : 1;
		break;
	case STEP_COMPACT: {
		struct step_compact *cp = &out->u.compact;
		cp->order = v[CPK_ORDER].ok ? (v[CPK_ORDER].neg ? -(int)v[CPK_ORDER].u : (int)v[CPK_ORDER].u) : -1;
		cp->mode = v[CPK_MODE].ok ? v[CPK_MODE].e : -1;
		cp->max_migrate = v[CPK_MAX_MIGRATE].ok ? v[CPK_MAX_MIGRATE].u : 0;
		cp->zone = v[CPK_ZONE].ok ? v[CPK_ZONE].e : -1;
		break;
	}
	case STEP_ISOLATE:
	case STEP_UNISOLATE:
		build_isolate(c, v, out);
		break;
	case STEP_QUIZ:
		sc_build_quiz(c, key, v, depth, out);
		break;
	case STEP_REPEAT:
		out->u.repeat.times = v[RK_TIMES].ok ? v[RK_TIMES].u : 1;
		/* Reported at the first repeat too deep; the nested steps are
		 * still checked, so that their errors show too (the YAML depth
		 * limit bounds the recursion). */
		if (depth + 1 == LIMIT_REPEAT_DEPTH + 1)
			sc_err(c, key, "repeat nested %d deep; the limit is %d (repeat nesting limit)",
			       depth + 1, LIMIT_REPEAT_DEPTH);
		if (v[RK_STEPS].present && !v[RK_STEPS].val->bad)
			parse_steps(c, "steps", v[RK_STEPS].val, depth + 1, &out->u.repeat.steps,
				    &out->u.repeat.nsteps);
		break;
	default:
		break;
	}
}

static void parse_steps(struct ctx *c, const char *key, const struct ynode *v, int depth,
			struct step **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (v->type != YN_SEQ) {
		sc_wrong_type(c, key, v, "a list of steps (use [] for none)");
		return;
	}
	if (v->nkids == 0)
		return;
	*out = xcalloc(v->nkids, sizeof **out);
	for (size_t i = 0; i < v->nkids; i++)
		parse_step(c, v->kids[i], depth, &(*out)[(*nout)++]);
}

static void free_steps(struct step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		step_clear(&steps[i]);
	free(steps);
}

/* ---- Machine ------------------------------------------------------------------ */

static void parse_zones(struct ctx *c, const struct ynode *zs)
{
	if (zs->type != YN_SEQ) {
		sc_wrong_type(c, "zones", zs, "a list of zones");
		return;
	}
	if (zs->nkids == 0) {
		sc_err(c, zs, "zones: at least one zone is needed");
		return;
	}
	uint64_t block = c->max_order_ok ? 1ull << c->cfg.max_order : 1;
	uint64_t end = 0, total = 0;
	int last_id = -1, nz = 0;
	bool total_reported = false;
	struct zone_config zones[ZONE_ID_COUNT];

	for (size_t i = 0; i < zs->nkids; i++) {
		const struct ynode *z = zs->kids[i];
		struct pval v[KEYS_MAX];
		char b[SHOWBUF];
		if (z->bad)
			continue;
		if (z->type != YN_MAP) {
			sc_wrong_type(c, "zones", z, "a zone entry (a mapping with name and size)");
			continue;
		}
		sc_walk_map(c, &sec_zone, z, z, v);
		bool name_ok = v[ZK_NAME].ok;
		if (name_ok && v[ZK_NAME].e <= last_id) {
			sc_err(c, v[ZK_NAME].val, "zone %s is out of order or repeated; zones are listed DMA, DMA32, "
			       "Normal, each at most once", v[ZK_NAME].val->value);
			name_ok = false;
		}
		if (name_ok)
			last_id = v[ZK_NAME].e;

		/* The size, as pages. */
		const struct pval *sz = NULL;
		uint64_t pages = 0;
		if (v[ZK_SIZE].present && v[ZK_PAGES].present) {
			const struct pval *later = node_before(v[ZK_SIZE].key, v[ZK_PAGES].key)
							   ? &v[ZK_PAGES] : &v[ZK_SIZE];
			sc_err(c, later->key, "give either size or pages, not both");
		} else if (!v[ZK_SIZE].present && !v[ZK_PAGES].present) {
			sc_err(c, z, "zone: missing required key \"size\" (or pages)");
		} else if (v[ZK_SIZE].ok) {
			sz = &v[ZK_SIZE];
			if (sz->u % PAGE_BYTES) {
				sc_err(c, sz->val, "size: %s is not a whole number of 4096-byte pages", sc_raw(sz->val, b, sizeof b));
				sz = NULL;
			} else if (sz->u == 0) {
				sc_err(c, sz->val, "size: 0 is out of range; a zone holds at least one max-order block");
				sz = NULL;
			} else {
				pages = sz->u / PAGE_BYTES;
			}
		} else if (v[ZK_PAGES].ok) {
			sz = &v[ZK_PAGES];
			pages = sz->u;
		}
		if (sz && pages % block) {
			sc_err(c, sz->val, "%s: %s is not a multiple of the max-order block (%" PRIu64 " pages)",
			       sz->key->value, sc_raw(sz->val, b, sizeof b), block);
			sz = NULL;
		}
		if (sz) {
			total = sat_add(total, pages);
			if (total > LIMIT_ZONE_BYTES / PAGE_BYTES && !total_reported) {
				sc_err(c, sz->val, "the zones together exceed the limit of 4 TiB (%" PRIu64 " pages)",
				       LIMIT_ZONE_BYTES / PAGE_BYTES);
				total_reported = true;
			}
		}

		uint64_t start = end;
		if (v[ZK_START_PFN].ok) {
			start = v[ZK_START_PFN].u;
			if (start % block)
				sc_err(c, v[ZK_START_PFN].val, "start_pfn: %" PRIu64 " is not a multiple of the max-order "
				       "block (%" PRIu64 " pages)", start, block);
			else if (start < end)
				sc_err(c, v[ZK_START_PFN].val, "start_pfn: %" PRIu64 " is below the end of the previous "
				       "zone (pfn %" PRIu64 ")", start, end);
			if (start % block || start < end)
				start = end;    /* go on from where the zone would start */
		}
		if (sz && (start >= LIMIT_PFN_END || pages > LIMIT_PFN_END - start)) {
			sc_err(c, v[ZK_START_PFN].ok ? v[ZK_START_PFN].val : sz->val,
			       "the zone ends beyond pfn 2^52 (2^64 bytes); allowed: start_pfn + pages <= %" PRIu64,
			       LIMIT_PFN_END);
			sz = NULL;
		}
		end = sat_add(start, pages);
		if (name_ok && nz < ZONE_ID_COUNT)
			zones[nz++] = (struct zone_config){ v[ZK_NAME].e, sz ? pages : block, start };
	}
	if (nz > 0) {
		c->cfg.nzones = nz;
		memcpy(c->cfg.zones, zones, (size_t)nz * sizeof zones[0]);
	}
}

static void parse_machine(struct ctx *c, const struct ynode *m, const char *profile_override)
{
	machine_config_default(&c->cfg);
	c->max_order_ok = true;
	if (profile_override) {
		int p = profile_from_word(profile_override);
		if (p < 0)
			sc_err(c, NULL, "unknown profile \"%s\" (--profile); allowed: %s, %s", profile_override,
			       profile_word(0), profile_word(1));
		else
			c->cfg.profile = p;
	}
	if (!m || ynode_is_null(m))
		return;
	if (m->type != YN_MAP) {
		sc_wrong_type(c, "machine", m, "a mapping");
		return;
	}
	/* max_order bounds other keys, wherever it is written: read it first. */
	for (size_t i = 0; i < ynode_npairs(m); i++) {
		const struct ynode *k = ynode_key(m, i), *val = ynode_val(m, i);
		bool neg;
		uint64_t mag;
		if (k->type == YN_SCALAR && !k->dup && !strcmp(k->value, "max_order")) {
			c->max_order_ok = sc_scan_int(val, &neg, &mag) == NUM_OK && sc_in_range(neg, mag, 1, MAX_ORDER_LIMIT);
			if (c->max_order_ok)
				c->cfg.max_order = (int)mag;
		}
	}
	struct pval v[KEYS_MAX];
	sc_walk_map(c, &sec_machine, m, m, v);
	if (v[MK_PROFILE].ok && !profile_override)
		c->cfg.profile = v[MK_PROFILE].e;
	c->cfg.pageblock_order = v[MK_PAGEBLOCK_ORDER].ok ? (int)v[MK_PAGEBLOCK_ORDER].u
							  : (c->cfg.max_order < 9 ? c->cfg.max_order : 9);
	c->cfg.pcp = v[MK_PCP].ok && v[MK_PCP].e;
	c->cfg.watermarks = v[MK_WATERMARKS].ok && v[MK_WATERMARKS].e;
	/* The three watermark tunables mean nothing without watermarks. */
	for (int k = MK_MIN_FREE_KBYTES; k <= MK_WATERMARK_BOOST_FACTOR; k++)
		if (v[k].present && !c->cfg.watermarks)
			sc_err(c, v[k].key, "%s: needs watermarks: true", sec_machine.keys[k].key);
	if (v[MK_MIN_FREE_KBYTES].ok && !v[MK_MIN_FREE_KBYTES].e)
		c->cfg.min_free_kbytes = (int64_t)v[MK_MIN_FREE_KBYTES].u;
	if (v[MK_WATERMARK_SCALE_FACTOR].ok)
		c->cfg.watermark_scale_factor = (int)v[MK_WATERMARK_SCALE_FACTOR].u;
	if (v[MK_WATERMARK_BOOST_FACTOR].ok)
		c->cfg.watermark_boost_factor = (int)v[MK_WATERMARK_BOOST_FACTOR].u;
	if (v[MK_SEED].ok)
		c->cfg.seed = v[MK_SEED].u;
	if (v[MK_ZONES].present && !v[MK_ZONES].val->bad)
		parse_zones(c, v[MK_ZONES].val);
	if (v[MK_CMA].ok && c->max_order_ok && (!v[MK_PAGEBLOCK_ORDER].present || v[MK_PAGEBLOCK_ORDER].ok) &&
	    blocks_in_machine(c, &v[MK_CMA], "cma")) {
		c->cfg.cma = true;
		c->cfg.cma_first = v[MK_CMA].u;
		c->cfg.cma_last = v[MK_CMA].u2;
	}
}

/* ---- Loading ------------------------------------------------------------------- */

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	free(sc->path);
	free(sc->name);
	free(sc->description);
	free(sc->chapter);
	free_steps(sc->steps, sc->nsteps);
	state_free(sc->state);
	free(sc);
}

static void take_yaml_errors(struct ctx *c, const struct yparse *p)
{
	for (size_t i = 0; i < p->nerrs; i++)
		sc_err_pos(c, p->errs[i].line, p->errs[i].col, "%s", p->errs[i].msg);
}

struct scenario *scenario_load_text(const char *path, const char *text, size_t len,
				    const char *profile_override, struct diag_list *diags)
{
	struct ctx c = { 0 };
	struct yparse yp;
	struct scenario *sc = xcalloc(1, sizeof *sc);

	ytree_parse(text, len, &yp);
	take_yaml_errors(&c, &yp);
	const struct ynode *root = yp.root, *state = NULL;
	if (root && !root->bad && root->type != YN_MAP) {
		char b[SHOWBUF];
		sc_err(&c, root, "the top level must be a mapping with name and steps, got %s", sc_show(root, b, sizeof b));
	} else if (root && !root->bad) {
		struct pval v[KEYS_MAX];
		sc_walk_map(&c, &sec_top, root, root, v);
		parse_machine(&c, v[TK_MACHINE].present && !v[TK_MACHINE].val->bad ? v[TK_MACHINE].val : NULL,
			      profile_override);
		if (v[TK_NAME].ok)
			sc->name = xstrdup(v[TK_NAME].val->value);
		if (v[TK_DESCRIPTION].ok)
			sc->description = xstrdup(v[TK_DESCRIPTION].val->value);
		if (v[TK_CHAPTER].ok)
			sc->chapter = xstrdup(v[TK_CHAPTER].val->value);
		if (v[TK_STEPS].present && !v[TK_STEPS].val->bad) {
			uint64_t total = 0;
			parse_steps(&c, "steps", v[TK_STEPS].val, 0, &sc->steps, &sc->nsteps);
			count_ops(&c, sc->steps, sc->nsteps, &total);
		}
		sc->cfg = c.cfg;
		if (v[TK_STATE].present && !v[TK_STATE].val->bad)
			state = v[TK_STATE].val;
	}
	if (c.nd == 0 && root) {
		char msg[256];
		if (!machine_config_valid(&sc->cfg, msg, sizeof msg))
			sc_err(&c, root, "machine: %s", msg);
	}
	if (state) {
		sc->state = parse_state(&c, state, &sc->cfg, c.nd == 0);
		sc->cfg.initial = sc->state;
	}
	bool ok = c.nd == 0 && root;
	sc_flush(&c, path, diags);
	yparse_clear(&yp);
	if (!ok) {
		scenario_free(sc);
		return NULL;
	}
	sc->path = xstrdup(path);
	return sc;
}

struct scenario *scenario_load(const char *path, const char *profile_override, struct diag_list *diags)
{
	char line[1024];
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(line, sizeof line, "%s: cannot open: %s", path, strerror(errno));
		sc_diag_push(diags, xstrdup(line));
		return NULL;
	}
	size_t len = 0, cap = 0;
	char *buf = NULL;
	for (;;) {
		buf = xgrow(buf, &cap, len + 65536, 1);
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (len > SCENARIO_MAX_FILE || r == 0)
			break;
	}
	int read_errno = ferror(f) ? errno : 0;
	fclose(f);
	if (read_errno || len > SCENARIO_MAX_FILE) {
		if (read_errno)
			snprintf(line, sizeof line, "%s: cannot open: %s", path, strerror(read_errno));
		else
			snprintf(line, sizeof line, "%s: cannot open: larger than %u MiB", path, SCENARIO_MAX_FILE >> 20);
		sc_diag_push(diags, xstrdup(line));
		free(buf);
		return NULL;
	}
	struct scenario *sc = scenario_load_text(path, buf, len, profile_override, diags);
	free(buf);
	return sc;
}

struct scenario *scenario_load_default(struct diag_list *diags)
{
	return scenario_load_text("(default)", scenario_default_yaml, strlen(scenario_default_yaml), NULL, diags);
}

bool step_parse_text(const char *text, const struct machine_config *cfg, struct step *out,
		     char *err, size_t errlen)
{
	struct ctx c = { 0 };
	struct yparse yp;

	memset(out, 0, sizeof *out);
	out->kind = STEP_PAUSE;
	ytree_parse(text, strlen(text), &yp);
	if (yp.empty || text[strspn(text, " \t\r\n")] == '\0') {    /* not "empty file" */
		char allowed[256];
		yparse_clear(&yp);
		sc_list_steps(allowed, sizeof allowed);
		snprintf(err, errlen, "1: empty step; allowed: %s", allowed);
		return false;
	}
	c.cfg = *cfg;
	c.max_order_ok = true;
	take_yaml_errors(&c, &yp);
	if (yp.root) {
		uint64_t total = 0;
		parse_step(&c, yp.root, 0, out);
		count_ops(&c, out, 1, &total);
	}
	yparse_clear(&yp);
	if (c.nd == 0)
		return true;
	step_clear(out);
	memset(out, 0, sizeof *out);
	out->kind = STEP_PAUSE;
	sc_sort(&c);
	if (errlen) {
		const struct pdiag *p = &c.d[0];
		uint32_t col = p->col ? p->col : 1;
		if (!strchr(text, '\n') && p->line > 1) {
			/* libyaml puts an error at the end of the text on the next
			 * line: show it after the last character instead. */
			col = 1;
			for (const char *t = text; *t; t++)
				col += ((unsigned char)*t & 0xC0) != 0x80;
		}
		if (strchr(text, '\n'))
			snprintf(err, errlen, "%" PRIu32 ":%" PRIu32 ": %s", p->line, col, p->msg);
		else
			snprintf(err, errlen, "%" PRIu32 ": %s", col, p->msg);
	}
	sc_flush(&c, "", NULL);
	return false;
}
