/* The quiz's questions, answers and checking (quiz.h). Pure: no I/O. */
#include "scenario/quiz.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "scenario/scenario.h"

/* ---- what a question can ask ----------------------------------------------- */

/* The question of each `about`: WHEN stands for "after this step" (or
 * "now"), ORDER for pageblock_order. */
struct about_spec {
	const char *name;      /* NULL: the stats key's name */
	int kind;              /* enum quiz_kind */
	bool none_ok;          /* QK_NUMBER: "none" reads as -1 */
	const char *text;
};

static const struct about_spec abouts[QA_COUNT] = {
	[STAT_PAGES_TOTAL] = { NULL, QK_NUMBER, false, "How many pages does the machine have in all, WHEN?" },
	[STAT_PAGES_FREE] = { NULL, QK_NUMBER, false,
			      "How many pages are free on the buddy lists (Isolate lists not counted) WHEN?" },
	[STAT_PAGES_PCP] = { NULL, QK_NUMBER, false, "How many pages sit on the per-cpu lists WHEN?" },
	[STAT_ALLOCS_LIVE] = { NULL, QK_NUMBER, false, "How many allocations are live WHEN?" },
	[STAT_ALLOCS_FAILED] = { NULL, QK_NUMBER, false, "How many allocations have failed in all, WHEN?" },
	[STAT_BLOCKS_UNMOVABLE] = { NULL, QK_NUMBER, false, "How many pageblocks are Unmovable WHEN?" },
	[STAT_BLOCKS_MOVABLE] = { NULL, QK_NUMBER, false, "How many pageblocks are Movable WHEN?" },
	[STAT_BLOCKS_RECLAIMABLE] = { NULL, QK_NUMBER, false, "How many pageblocks are Reclaimable WHEN?" },
	[STAT_BLOCKS_HIGHATOMIC] = { NULL, QK_NUMBER, false, "How many pageblocks are HighAtomic reserves WHEN?" },
	[STAT_BLOCKS_CMA] = { NULL, QK_NUMBER, false, "How many pageblocks are CMA WHEN?" },
	[STAT_BLOCKS_ISOLATE] = { NULL, QK_NUMBER, false, "How many pageblocks are Isolate WHEN?" },
	[STAT_MIXED_BLOCKS] = { NULL, QK_NUMBER, false,
				"How many pageblocks are mixed (hold allocated pages of another migratetype) WHEN?" },
	[STAT_FALLBACK_EVENTS] = { NULL, QK_NUMBER, false,
				   "How many allocations in all were served from another migratetype's list (fallbacks) WHEN?" },
	[STAT_CLAIM_EVENTS] = { NULL, QK_NUMBER, false,
				"How many fallbacks in all claimed the pageblock (changed its owner) WHEN?" },
	[STAT_STEAL_EVENTS] = { NULL, QK_NUMBER, false,
				"How many fallbacks in all only stole pages (the block kept its owner) WHEN?" },
	[STAT_COMPACT_MIGRATED] = { NULL, QK_NUMBER, false, "How many pages has compaction migrated in all, WHEN?" },
	[STAT_COMPACT_MIGRATE_SCANNED] = { NULL, QK_NUMBER, false,
					   "How many pages has compaction's migrate scanner scanned in all, WHEN?" },
	[STAT_COMPACT_FREE_SCANNED] = { NULL, QK_NUMBER, false,
					"How many pages has compaction's free scanner scanned in all, WHEN?" },
	[STAT_LARGEST_FREE_ORDER] = { NULL, QK_NUMBER, true,
				      "What is the largest order of a free chunk WHEN (none if nothing is free)?" },
	[STAT_EXTFRAG_INDEX] = { NULL, QK_NUMBER, false,
				 "What is the fragmentation index at order ORDER (fragmentation_index() x1000) WHEN?" },
	[STAT_UNUSABLE_INDEX] = { NULL, QK_NUMBER, false,
				  "What is the unusable free space index at order ORDER (x1000) WHEN?" },
	[QA_CHANGED_BLOCKS] = { "changed_blocks", QK_BLOCKS, false,
				"Which pageblocks change migratetype in this step (block numbers, or none)?" },
	[QA_BLOCK_TYPE] = { "block_type", QK_MTYPE, false, "Which migratetype does pageblock BLOCK have WHEN?" },
	[QA_SPLIT_ORDER] = { "split_order", QK_NUMBER, true,
			     "From a free chunk of which order is the step's first allocation cut (its own order "
			     "if nothing is split; none if nothing is allocated)?" },
	[QA_DECISION] = { "decision", QK_DECISION, false,
			  "Does the step's first fallback claim the pageblock or only steal pages (claim, steal, "
			  "or none if there is no fallback)?" },
	[QA_ALLOC_PFN] = { "alloc_pfn", QK_NUMBER, true,
			   "Which pfn does the step's first allocation get (none if it fails)?" },
};

const char *quiz_about_name(int about)
{
	if (about < 0 || about >= QA_COUNT)
		return "?";
	return abouts[about].name ? abouts[about].name : stat_name(about);
}

int quiz_about_from_name(const char *name)
{
	for (int i = 0; i < QA_COUNT; i++)
		if (!strcmp(quiz_about_name(i), name))
			return i;
	return -1;
}

int quiz_about_kind(int about)
{
	return about >= 0 && about < QA_COUNT ? abouts[about].kind : QK_NUMBER;
}

void quiz_about_list(char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = 0;
	for (int i = 0; i < QA_COUNT && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "", quiz_about_name(i));
}

const char *quiz_answer_hint(int about)
{
	switch (quiz_about_kind(about)) {
	case QK_BLOCKS: return "block numbers such as 3 or 3,7 or 3-5, or none";
	case QK_MTYPE: return "a migratetype: unmovable, movable, reclaimable, highatomic, cma or isolate";
	case QK_DECISION: return "claim, steal or none";
	default: return about >= 0 && about < QA_COUNT && abouts[about].none_ok ? "a whole number, or none"
										 : "a whole number";
	}
}

/* ---- values ----------------------------------------------------------------- */

void quiz_value_clear(struct quiz_value *v)
{
	free(v->blocks);
	memset(v, 0, sizeof(*v));
}

bool quiz_value_equal(int about, const struct quiz_value *a, const struct quiz_value *b)
{
	if (quiz_about_kind(about) != QK_BLOCKS)
		return a->n == b->n;
	if (a->nblocks != b->nblocks)
		return false;
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i] != b->blocks[i])
			return false;
	return true;
}

void quiz_value_text(int about, const struct quiz_value *v, char *buf, size_t n)
{
	static const char *const decisions[] = { "none", "claim", "steal" };
	buf[0] = 0;
	switch (quiz_about_kind(about)) {
	case QK_BLOCKS: {
		if (!v->nblocks) {
			snprintf(buf, n, "none");
			return;
		}
		size_t o = 0;
		for (size_t i = 0; i < v->nblocks && o < n; i++) {
			/* Runs of 3 or more read as a range. */
			size_t j = i;
			while (j + 1 < v->nblocks && v->blocks[j + 1] == v->blocks[j] + 1)
				j++;
			if (j - i >= 2) {
				o += (size_t)snprintf(buf + o, n - o, "%s%llu-%llu", o ? ", " : "",
						      (unsigned long long)v->blocks[i], (unsigned long long)v->blocks[j]);
				i = j;
			} else {
				o += (size_t)snprintf(buf + o, n - o, "%s%llu", o ? ", " : "",
						      (unsigned long long)v->blocks[i]);
			}
		}
		return;
	}
	case QK_MTYPE:
		snprintf(buf, n, "%s", v->n >= 0 && v->n < MT_COUNT ? mtype_name((int)v->n) : "?");
		return;
	case QK_DECISION:
		snprintf(buf, n, "%s", v->n >= 0 && v->n <= QD_STEAL ? decisions[v->n] : "?");
		return;
	default:
		if (v->n == -1 && abouts[about].none_ok && about != STAT_LARGEST_FREE_ORDER)
			snprintf(buf, n, "none");
		else
			snprintf(buf, n, "%lld", (long long)v->n);
		return;
	}
}

/* ---- the plan ------------------------------------------------------------------ */

static bool changes_memory(const struct step *st)
{
	return st->kind != STEP_SAY && st->kind != STEP_PAUSE && st->kind != STEP_EXPECT && st->kind != STEP_QUIZ;
}

static bool push_q(struct quiz *qz, size_t *cap, const struct quiz_point *pt, const struct quiz_question *nq)
{
	/* Asked once per point. */
	for (size_t i = pt->first; i < qz->nq; i++)
		if (qz->q[i].about == nq->about && (nq->about != QA_BLOCK_TYPE || qz->q[i].block == nq->block))
			return true;
	if (qz->nq == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct quiz_question *q = realloc(qz->q, c * sizeof(*q));
		if (!q)
			return false;
		qz->q = q;
		*cap = c;
	}
	qz->q[qz->nq++] = *nq;
	return true;
}

bool quiz_build(struct quiz *qz, const struct scenario *sc, bool marked_only)
{
	memset(qz, 0, sizeof(*qz));
	size_t qcap = 0, pcap = 0;
	size_t last_action = SIZE_MAX;     /* the nearest step that can change memory */
	for (size_t i = 0; i < sc->nsteps; i++) {
		const struct step *st = &sc->steps[i];
		if (changes_memory(st)) {
			last_action = i;
			continue;
		}
		if (st->kind != STEP_EXPECT && st->kind != STEP_QUIZ)
			continue;
		if (st->kind == STEP_EXPECT && marked_only)
			continue;
		/* The point of this step: the last one if it asks about the same step. */
		struct quiz_point *pt = qz->np ? &qz->p[qz->np - 1] : NULL;
		bool same = pt && (last_action == SIZE_MAX ? !pt->has_target
							    : pt->has_target && pt->ask_at == last_action);
		if (!same) {
			if (qz->np == pcap) {
				size_t c = pcap ? pcap * 2 : 8;
				struct quiz_point *p = realloc(qz->p, c * sizeof(*p));
				if (!p)
					goto oom;
				qz->p = p;
				pcap = c;
			}
			pt = &qz->p[qz->np++];
			pt->has_target = last_action != SIZE_MAX;
			pt->ask_at = pt->has_target ? last_action : i;
			pt->first = qz->nq;
			pt->n = 0;
		}
		pt->upto = i + 1;
		if (st->kind == STEP_EXPECT) {
			for (size_t k = 0; k < st->u.expect.nitems; k++) {
				const struct expect_item *it = &st->u.expect.items[k];
				if (it->key == STAT_PAGES_TOTAL)
					continue;
				struct quiz_question q = { .about = it->key, .has_stated = true, .pos = it->pos };
				q.stated.n = it->value;
				if (!push_q(qz, &qcap, pt, &q))
					goto oom;
			}
		} else {
			const struct step_quiz *sq = &st->u.quiz;
			struct quiz_question q = { .about = sq->about, .block = sq->block, .ask = sq->ask, .from_quiz = true,
						   .has_stated = sq->has_answer, .pos = sq->answer_pos };
			q.stated.n = sq->answer;
			if (sq->nblocks) {
				q.stated.blocks = malloc(sq->nblocks * sizeof(uint64_t));
				if (!q.stated.blocks)
					goto oom;
				memcpy(q.stated.blocks, sq->blocks, sq->nblocks * sizeof(uint64_t));
				q.stated.nblocks = sq->nblocks;
			}
			size_t before = qz->nq;
			if (!push_q(qz, &qcap, pt, &q)) {
				quiz_value_clear(&q.stated);
				goto oom;
			}
			if (qz->nq == before)
				quiz_value_clear(&q.stated);
		}
		pt->n = qz->nq - pt->first;
	}
	/* Points left without a question (an expect of pages_total only). */
	size_t w = 0;
	for (size_t i = 0; i < qz->np; i++)
		if (qz->p[i].n)
			qz->p[w++] = qz->p[i];
	qz->np = w;
	return true;
oom:
	quiz_free(qz);
	return false;
}

void quiz_free(struct quiz *qz)
{
	for (size_t i = 0; i < qz->nq; i++)
		quiz_value_clear(&qz->q[i].stated);
	free(qz->q);
	free(qz->p);
	memset(qz, 0, sizeof(*qz));
}

/* ---- the question in words ------------------------------------------------------ */

void quiz_question_text(const struct quiz_question *q, const struct machine_config *cfg, bool after_step,
			char *buf, size_t n)
{
	if (q->ask) {
		snprintf(buf, n, "%s", q->ask);
		return;
	}
	const char *t = q->about >= 0 && q->about < QA_COUNT ? abouts[q->about].text : "?";
	size_t o = 0;
	buf[0] = 0;
	while (*t && o + 1 < n) {
		int w;
		if (!strncmp(t, "WHEN", 4)) {
			w = snprintf(buf + o, n - o, "%s", after_step ? "after this step" : "now");
			t += 4;
		} else if (!strncmp(t, "ORDER", 5)) {
			w = snprintf(buf + o, n - o, "%d", cfg ? cfg->pageblock_order : 9);
			t += 5;
		} else if (!strncmp(t, "BLOCK", 5)) {
			w = snprintf(buf + o, n - o, "%llu", (unsigned long long)q->block);
			t += 5;
		} else {
			buf[o] = *t++;
			buf[o + 1] = 0;
			w = 1;
		}
		o += (size_t)w < n - o ? (size_t)w : n - o - 1;
	}
}

/* ---- reading an answer ------------------------------------------------------------ */

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* The word without surrounding blanks and a final '.', lowercased. */
static void word_of(const char *text, char *w, size_t n)
{
	text = skip_space(text);
	size_t len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r' ||
		       text[len - 1] == '\n' || text[len - 1] == '.'))
		len--;
	if (len >= n)
		len = n - 1;
	for (size_t i = 0; i < len; i++)
		w[i] = (char)tolower((unsigned char)text[i]);
	w[len] = 0;
}

static bool is_none(const char *w)
{
	return !strcmp(w, "none") || !strcmp(w, "no") || !strcmp(w, "nothing") || !strcmp(w, "-");
}

static bool parse_int(const char *w, int64_t *out)
{
	const char *p = w;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (const char *c = p; *c; c++)
		if (!isdigit((unsigned char)*c))
			return false;
	errno = 0;
	long long v = strtoll(w, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Block numbers: "3", "3 5", "3,5", "3-5", "block 3", "blocks 3 and 5". */
static int parse_blocks(const char *w, struct quiz_value *out, char *err, size_t n)
{
	size_t cap = 0;
	const char *p = w;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == ';')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, "blocks", 6) || !strncmp(p, "block", 5) || !strncmp(p, "and", 3)) {
			p += !strncmp(p, "blocks", 6) ? 6 : !strncmp(p, "block", 5) ? 5 : 3;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			goto bad;
		char *e;
		errno = 0;
		unsigned long long a = strtoull(p, &e, 10), b = a;
		if (errno)
			goto bad;
		if (*e == '-' && isdigit((unsigned char)e[1])) {
			b = strtoull(e + 1, &e, 10);
			if (errno || b < a || b - a > 1000000)
				goto bad;
		}
		if (*e && *e != ' ' && *e != ',' && *e != ';')
			goto bad;
		for (unsigned long long x = a; x <= b; x++) {
			if (out->nblocks == cap) {
				size_t c = cap ? cap * 2 : 8;
				uint64_t *nb = realloc(out->blocks, c * sizeof(uint64_t));
				if (!nb)
					goto bad;
				out->blocks = nb;
				cap = c;
			}
			out->blocks[out->nblocks++] = x;
		}
		p = e;
	}
	if (!out->nblocks)
		goto bad;
	qsort(out->blocks, out->nblocks, sizeof(uint64_t), cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < out->nblocks; i++)
		if (!k || out->blocks[k - 1] != out->blocks[i])
			out->blocks[k++] = out->blocks[i];
	out->nblocks = k;
	return QP_OK;
bad:
	quiz_value_clear(out);
	snprintf(err, n, "not block numbers; answer with %s", quiz_answer_hint(QA_CHANGED_BLOCKS));
	return QP_BAD;
}

int quiz_parse_answer(const struct quiz_question *q, const char *text, struct quiz_value *out, char *err, size_t n)
{
	char w[256];
	memset(out, 0, sizeof(*out));
	word_of(text, w, sizeof(w));
	if (!w[0])
		return QP_EMPTY;
	int kind = quiz_about_kind(q->about);
	switch (kind) {
	case QK_BLOCKS:
		if (is_none(w))
			return QP_OK;
		return parse_blocks(w, out, err, n);
	case QK_MTYPE:
		/* A name as scenarios or /proc spell it, or its first letters. */
		for (int t = 0; t < MT_COUNT; t++)
			if (!strncmp(mtype_word(t), w, strlen(w))) {
				out->n = t;
				return QP_OK;
			}
		snprintf(err, n, "not a migratetype; answer with %s", quiz_answer_hint(q->about));
		return QP_BAD;
	case QK_DECISION: {
		static const char *const words[] = { "none", "claim", "steal" };
		if (is_none(w)) {
			out->n = QD_NONE;
			return QP_OK;
		}
		for (int d = QD_CLAIM; d <= QD_STEAL; d++)
			if (!strncmp(words[d], w, strlen(w)) || (d == QD_CLAIM && !strcmp(w, "claims")) ||
			    (d == QD_STEAL && !strcmp(w, "steals"))) {
				out->n = d;
				return QP_OK;
			}
		snprintf(err, n, "answer with %s", quiz_answer_hint(q->about));
		return QP_BAD;
	}
	default:
		if (abouts[q->about].none_ok && is_none(w)) {
			out->n = -1;
			return QP_OK;
		}
		if (parse_int(w, &out->n))
			return QP_OK;
		snprintf(err, n, "not a whole number; answer with %s", quiz_answer_hint(q->about));
		return QP_BAD;
	}
}

/* ---- what the step did ---------------------------------------------------------------- */

bool quiz_probe_begin(struct quiz_probe *p, const struct machine *m)
{
	memset(p, 0, sizeof(*p));
	p->nblocks = machine_nblocks(m);
	p->before = malloc(p->nblocks ? p->nblocks : 1);
	if (!p->before)
		return false;
	for (uint64_t b = 0; b < p->nblocks; b++) {
		struct block_info bi;
		machine_block_info(m, b, &bi);
		p->before[b] = (uint8_t)bi.type;
	}
	p->split_order = -1;
	p->decision = QD_NONE;
	return true;
}

/* The events that decide what a step did (quiz_why() shows them first). */
static bool deciding(int kind)
{
	switch (kind) {
	case EV_CLAIM_BLOCKS: case EV_CLAIM_MOVE: case EV_CLAIM_REFUSED: case EV_CLAIM_BREAK: case EV_STEAL:
	case EV_ALLOC_FAIL: case EV_MERGE_RETYPE: case EV_RESERVE: case EV_UNRESERVE: case EV_ISOLATE:
	case EV_ISOLATE_REFUSED: case EV_UNISOLATE: case EV_COMPACT_FINISHED: case EV_COMPACT_END:
	case EV_COMPACT_CAPTURE: case EV_KSWAPD: case EV_DIRECT_COMPACT: case EV_DIRECT_RECLAIM: case EV_OOM:
	case EV_NOFRAG_RETRY: case EV_BOOST:
		return true;
	default:
		return false;
	}
}

void quiz_probe_event(struct quiz_probe *p, const struct event *ev)
{
	uint64_t seq = p->nevents++;
	if (p->nfirst < QUIZ_KEEP) {
		p->first_seq[p->nfirst] = seq;
		p->first[p->nfirst++] = *ev;
	}
	if (deciding(ev->kind) && p->nkey < QUIZ_KEEP) {
		p->key_seq[p->nkey] = seq;
		p->key[p->nkey++] = *ev;
	}
	if (ev->kind == EV_ALLOC && !p->have_alloc) {
		p->have_alloc = true;
		p->alloc_pfn = ev->pfn;
		p->split_order = ev->cur_order;
	}
	/* mm_page_alloc_extfrag's change_ownership: the claim_events /
	 * steal_events split of the stats. */
	if (ev->kind == EV_EXTFRAG && p->decision == QD_NONE)
		p->decision = ev->flag ? QD_CLAIM : QD_STEAL;
}

void quiz_probe_fini(struct quiz_probe *p)
{
	free(p->before);
	p->before = NULL;
}

bool quiz_correct(const struct quiz_probe *p, const struct machine *m, const struct quiz_question *q,
		  struct quiz_value *out)
{
	memset(out, 0, sizeof(*out));
	if (q->about < STAT_COUNT) {
		struct machine_stats st;
		machine_stats(m, &st);
		out->n = st.v[q->about];
		return true;
	}
	switch (q->about) {
	case QA_CHANGED_BLOCKS: {
		size_t cap = 0;
		for (uint64_t b = 0; b < p->nblocks; b++) {
			struct block_info bi;
			machine_block_info(m, b, &bi);
			if (bi.type == p->before[b])
				continue;
			if (out->nblocks == cap) {
				size_t c = cap ? cap * 2 : 8;
				uint64_t *nb = realloc(out->blocks, c * sizeof(uint64_t));
				if (!nb) {
					quiz_value_clear(out);
					return false;
				}
				out->blocks = nb;
				cap = c;
			}
			out->blocks[out->nblocks++] = b;
		}
		return true;
	}
	case QA_BLOCK_TYPE: {
		struct block_info bi;
		machine_block_info(m, q->block < p->nblocks ? q->block : 0, &bi);
		out->n = bi.type;
		return true;
	}
	case QA_SPLIT_ORDER:
		out->n = p->have_alloc ? p->split_order : -1;
		return true;
	case QA_DECISION:
		out->n = p->decision;
		return true;
	case QA_ALLOC_PFN:
		out->n = p->have_alloc ? (int64_t)p->alloc_pfn : -1;
		return true;
	default:
		return true;
	}
}

size_t quiz_why(const struct quiz_probe *p, const struct event **out, size_t max)
{
	if (max > QUIZ_KEEP)
		max = QUIZ_KEEP;
	if (p->nevents <= max) {
		for (size_t i = 0; i < p->nfirst; i++)
			out[i] = &p->first[i];
		return p->nfirst;
	}
	/* The deciding events, then the first ones, merged in event order. */
	const struct event *pick[2 * QUIZ_KEEP];
	uint64_t seq[2 * QUIZ_KEEP];
	size_t n = 0;
	for (size_t i = 0; i < p->nkey && n < max; i++) {
		pick[n] = &p->key[i];
		seq[n++] = p->key_seq[i];
	}
	for (size_t i = 0; i < p->nfirst && n < max; i++) {
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= seq[k] == p->first_seq[i];
		if (!dup) {
			pick[n] = &p->first[i];
			seq[n++] = p->first_seq[i];
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && seq[k - 1] > seq[k]; k--) {
			uint64_t s = seq[k];
			seq[k] = seq[k - 1];
			seq[k - 1] = s;
			const struct event *e = pick[k];
			pick[k] = pick[k - 1];
			pick[k - 1] = e;
		}
	for (size_t i = 0; i < n; i++)
		out[i] = pick[i];
	return n;
}

void quiz_score_text(const struct quiz_score *s, char *buf, size_t n)
{
	int o = snprintf(buf, n, "%u of %u right", s->right, s->asked);
	if (s->skipped && o >= 0 && (size_t)o < n)
		snprintf(buf + o, n - (size_t)o, " (%u skipped)", s->skipped);
}

bool quiz_say_held(const struct scenario *sc, size_t i, size_t ask_at)
{
	if (i >= ask_at)
		return false;
	for (size_t k = i + 1; k < ask_at; k++)
		if (changes_memory(&sc->steps[k]))
			return false;
	return true;
}
