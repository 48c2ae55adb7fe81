/* Extension: the `quiz` step of a scenario file (quiz.h says what it asks;
 * keys.c holds its keys). Its `answer` is typed by `about`, so it is read
 * here, after the table's checks. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "scenario/check.h"
#include "scenario/quiz.h"
#include "scenario/xalloc.h"

static uint64_t machine_blocks(const struct ctx *c)
{
	uint64_t n = 0;
	for (int i = 0; i < c->cfg.nzones; i++)
		n += c->cfg.zones[i].pages >> c->cfg.pageblock_order;
	return n;
}

static bool is_word(const struct ynode *v, const char *w)
{
	return v->type == YN_SCALAR && !v->quoted && !v->has_nul && !strcmp(v->value, w);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Block numbers: one integer, a list of them, `none` or []. */
static bool answer_blocks(struct ctx *c, const struct ynode *v, struct step_quiz *q)
{
	if (is_word(v, "none"))
		return true;
	const struct ynode *const *items = &v;
	size_t n = 1;
	if (v->type == YN_SEQ) {
		items = (const struct ynode *const *)v->kids;
		n = v->nkids;
	} else if (v->type != YN_SCALAR || sc_scan_int(v, &(bool){ false }, &(uint64_t){ 0 }) == NUM_NOT) {
		sc_wrong_type(c, "answer", v, "block numbers (an integer, a list of them, or none)");
		return false;
	}
	uint64_t total = machine_blocks(c);
	q->blocks = xcalloc(n, sizeof(uint64_t));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		bool neg;
		uint64_t mag;
		if (items[i]->bad || !sc_get_int(c, "answer", items[i], 0, total ? total - 1 : 0, "the machine's pageblocks",
						 &neg, &mag)) {
			ok = false;
			continue;
		}
		q->blocks[q->nblocks++] = mag;
	}
	qsort(q->blocks, q->nblocks, sizeof(uint64_t), cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < q->nblocks; i++)
		if (!k || q->blocks[k - 1] != q->blocks[i])
			q->blocks[k++] = q->blocks[i];
	q->nblocks = k;
	return ok;
}

static bool answer_of(struct ctx *c, const struct ynode *v, struct step_quiz *q)
{
	char b[SHOWBUF];
	switch (quiz_about_kind(q->about)) {
	case QK_BLOCKS:
		return answer_blocks(c, v, q);
	case QK_MTYPE:
		if (sc_is_string(v) && !v->has_nul)
			for (int t = 0; t < MT_COUNT; t++)
				if (!strcmp(v->value, mtype_word(t))) {
					q->answer = t;
					return true;
				}
		sc_err(c, v, "answer: %s is not a migratetype; allowed: unmovable, movable, reclaimable, highatomic, "
		       "cma, isolate", sc_show(v, b, sizeof b));
		return false;
	case QK_DECISION:
		if (is_word(v, "claim") || is_word(v, "steal") || is_word(v, "none")) {
			q->answer = v->value[0] == 'c' ? QD_CLAIM : v->value[0] == 's' ? QD_STEAL : QD_NONE;
			return true;
		}
		sc_err(c, v, "answer: %s is not a decision; allowed: claim, steal, none", sc_show(v, b, sizeof b));
		return false;
	default: {
		bool none_ok = q->about == STAT_LARGEST_FREE_ORDER || q->about == QA_SPLIT_ORDER || q->about == QA_ALLOC_PFN;
		if (none_ok && is_word(v, "none")) {
			q->answer = -1;
			return true;
		}
		bool neg;
		uint64_t mag;
		if (!sc_get_int(c, "answer", v, INT64_MIN, INT64_MAX, NULL, &neg, &mag))
			return false;
		q->answer = neg ? (int64_t)(0 - mag) : (int64_t)mag;
		return true;
	}
	}
}

void sc_build_quiz(struct ctx *c, const struct ynode *key, const struct pval *v, int depth, struct step *out)
{
	struct step_quiz *q = &out->u.quiz;
	if (depth > 0)
		sc_err(c, key, "quiz: only at the top level of steps (it asks about the step before it), not inside a repeat");
	q->about = v[QZK_ABOUT].ok ? v[QZK_ABOUT].e : QA_CHANGED_BLOCKS;
	if (v[QZK_ASK].ok)
		q->ask = xstrdup(v[QZK_ASK].val->value);
	if (v[QZK_ABOUT].present && !v[QZK_ABOUT].ok)
		return;    /* reported; the rest depends on it */
	if (q->about == QA_BLOCK_TYPE) {
		uint64_t total = machine_blocks(c);
		if (!v[QZK_BLOCK].present)
			sc_err(c, key, "quiz: about: block_type needs the key \"block\"");
		else if (v[QZK_BLOCK].ok && v[QZK_BLOCK].u >= total && c->max_order_ok)
			sc_err(c, v[QZK_BLOCK].val, "block: %" PRIu64 " is out of range; allowed: 0..%" PRIu64
			       " (the machine's pageblocks)", v[QZK_BLOCK].u, total ? total - 1 : 0);
		else
			q->block = v[QZK_BLOCK].u;
	} else if (v[QZK_BLOCK].present) {
		sc_err(c, v[QZK_BLOCK].key, "quiz: block goes only with about: block_type");
	}
	const struct pval *a = &v[QZK_ANSWER];
	if (a->present && !a->val->bad) {
		q->answer_pos = (struct src_pos){ a->val->line, a->val->col };
		if (ynode_is_null(a->val))
			sc_wrong_type(c, "answer", a->val, "an answer");
		else
			q->has_answer = answer_of(c, a->val, q);
	}
}
