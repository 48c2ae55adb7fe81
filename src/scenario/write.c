/* scenario_write(): steps back to YAML that scenario_load reads to the same
 * config and steps (the TUI's "save session"). Every key is written out,
 * defaults included, so that a saved file does not depend on defaults. */
#include <inttypes.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "engine/stats.h"
#include "scenario/keys.h"
#include "scenario/quiz.h"
#include "scenario/scenario.h"
#include "scenario/state.h"

/* Tags need no escaping (A-Z a-z 0-9 _ . -) but are always quoted: "null"
 * or "-" would not read back as tags when plain. */

/* A YAML double-quoted string. Control characters (C0, DEL, C1) and the
 * noncharacters U+FFFE/U+FFFF are escaped, since libyaml refuses them raw;
 * so are NEL, LS and PS, which it reads raw as line breaks (folding them,
 * or dropping the spaces around them); with
 * one_line, line breaks become spaces (a name is one line). */
static void put_str(FILE *f, const char *s, bool one_line)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n' || *p == '\r')
			fputs(one_line ? " " : (*p == '\n' ? "\\n" : "\\r"), f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7F)
			fprintf(f, "\\x%02X", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fprintf(f, "\\x%02X", *++p);   /* U+0080..U+009F: NEL folds, the rest do not read */
		else if (*p == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			fputs((p += 2)[0] == 0xBE ? "\\uFFFE" : "\\uFFFF", f);   /* not read raw */
		else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			fputs((p += 2)[0] == 0xA8 ? "\\L" : "\\P", f);   /* LS, PS: breaks, would eat spaces */
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The shortest decimal form that reads back as exactly d (C locale). */
static void put_double(FILE *f, double d)
{
	char buf[64];
	locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (cloc) {
		uselocale(old);
		freelocale(cloc);
	}
	/* "1" reads as an integer in YAML terms but the loader takes it as a
	 * number; keep a decimal point anyway for readers. */
	if (!strpbrk(buf, ".eE"))
		strcat(buf, ".0");
	fputs(buf, f);
}

static void put_alloc(FILE *f, const struct step *s)
{
	const struct step_alloc *a = &s->u.alloc;
	fprintf(f, "%s: {type: %s", step_kind_word(s->kind), mtype_word(a->type));
	if (s->kind == STEP_STEAL && a->from >= 0)
		fprintf(f, ", from: %s", mtype_word(a->from));
	fprintf(f, ", order: %d, count: %" PRIu64 ", tag: \"%s\"", a->order, a->count, a->tag);
	if (a->zone >= 0)
		fprintf(f, ", zone: %s", zone_id_name(a->zone));
	if (s->kind == STEP_ALLOC && a->flags)
		fprintf(f, ", flags: [%s%s%s]", a->flags & REQ_HIGHATOMIC ? "highatomic" : "",
			(a->flags & REQ_HIGHATOMIC) && (a->flags & REQ_CMA) ? ", " : "", a->flags & REQ_CMA ? "cma" : "");
	fputc('}', f);
}

static void put_free(FILE *f, const struct step_free *fr)
{
	if (fr->sel == SEL_PFN) {
		fprintf(f, "free: {pfn: %" PRIu64 "}", fr->pfn);
		return;
	}
	fprintf(f, "free: {tag: \"%s\"", fr->tag);
	switch (fr->sel) {
	case SEL_EVERY:
		fprintf(f, ", every: %" PRIu64 ", offset: %" PRIu64, fr->every, fr->offset);
		break;
	case SEL_FIRST:
		fprintf(f, ", first: %" PRIu64, fr->n);
		break;
	case SEL_LAST:
		fprintf(f, ", last: %" PRIu64, fr->n);
		break;
	case SEL_INDEX:
		fputs(", index: [", f);
		for (size_t i = 0; i < fr->nindices; i++)
			fprintf(f, "%s%" PRIu64, i ? ", " : "", fr->indices[i]);
		fputc(']', f);
		break;
	case SEL_RANDOM:
		fputs(", random: ", f);
		put_double(f, fr->p);
		break;
	default:
		break;
	}
	fputc('}', f);
}

static void put_workload(FILE *f, const struct step_workload *w)
{
	bool first = true;
	fprintf(f, "workload: {ops: %" PRIu64 ", mix: {", w->ops);
	for (int t = 0; t < MT_PCPTYPES; t++) {
		if (w->mix[t] == 0)
			continue;
		fprintf(f, "%s%s: ", first ? "" : ", ", mtype_word(t));
		put_double(f, w->mix[t]);
		first = false;
	}
	fputs("}, orders: {", f);
	first = true;
	for (int o = 0; o < NR_ORDERS_LIMIT; o++) {
		if (w->orders[o] == 0)
			continue;
		fprintf(f, "%s%d: ", first ? "" : ", ", o);
		put_double(f, w->orders[o]);
		first = false;
	}
	fputs("}, free_ratio: ", f);
	put_double(f, w->free_ratio);
	fprintf(f, ", tag: \"%s\"}", w->tag);
}

/* Extension: a quiz step, every key written. */
static void put_quiz(FILE *f, const struct step_quiz *q)
{
	fprintf(f, "quiz: {about: %s", quiz_about_name(q->about));
	if (q->about == QA_BLOCK_TYPE)
		fprintf(f, ", block: %" PRIu64, q->block);
	if (q->ask) {
		fputs(", ask: ", f);
		put_str(f, q->ask, true);
	}
	if (q->has_answer) {
		fputs(", answer: ", f);
		if (quiz_about_kind(q->about) == QK_BLOCKS) {
			fputc('[', f);
			for (size_t i = 0; i < q->nblocks; i++)
				fprintf(f, "%s%" PRIu64, i ? ", " : "", q->blocks[i]);
			fputc(']', f);
		} else if (quiz_about_kind(q->about) == QK_MTYPE) {
			fputs(mtype_word((int)q->answer), f);
		} else if (quiz_about_kind(q->about) == QK_DECISION) {
			fputs(q->answer == QD_CLAIM ? "claim" : q->answer == QD_STEAL ? "steal" : "none", f);
		} else if (q->answer == -1 && q->about != STAT_LARGEST_FREE_ORDER &&
			   (q->about == QA_SPLIT_ORDER || q->about == QA_ALLOC_PFN)) {
			fputs("none", f);
		} else {
			fprintf(f, "%" PRId64, q->answer);
		}
	}
	fputc('}', f);
}

static void put_steps(FILE *f, const struct step *steps, size_t n, int indent)
{
	for (size_t i = 0; i < n; i++) {
		const struct step *s = &steps[i];
		fprintf(f, "%*s- ", indent, "");
		switch (s->kind) {
		case STEP_SAY:
			fputs("say: ", f);
			put_str(f, s->u.say ? s->u.say : "", false);
			break;
		case STEP_PAUSE:
			fputs("pause", f);
			break;
		case STEP_ALLOC:
		case STEP_STEAL:
			put_alloc(f, s);
			break;
		case STEP_FREE:
			put_free(f, &s->u.free);
			break;
		case STEP_WORKLOAD:
			put_workload(f, &s->u.workload);
			break;
		case STEP_REPEAT:
			fprintf(f, "repeat:\n%*stimes: %" PRIu64 "\n%*ssteps:", indent + 4, "", s->u.repeat.times,
				indent + 4, "");
			if (s->u.repeat.nsteps == 0) {
				fputs(" []", f);
			} else {
				fputc('\n', f);
				put_steps(f, s->u.repeat.steps, s->u.repeat.nsteps, indent + 6);
				continue;
			}
			break;
		case STEP_RECLAIM:
			fprintf(f, "reclaim: {pages: %" PRIu64 "}", s->u.reclaim_pages);
			break;
		case STEP_COMPACT: {
			const struct step_compact *c = &s->u.compact;
			fprintf(f, "compact: {order: %d", c->order);
			if (c->mode >= 0)
				fprintf(f, ", mode: %s", migrate_mode_word(c->mode));
			if (c->max_migrate)
				fprintf(f, ", max_migrate: %" PRIu64, c->max_migrate);
			if (c->zone >= 0)
				fprintf(f, ", zone: %s", zone_id_name(c->zone));
			fputc('}', f);
			break;
		}
		case STEP_ISOLATE:
		case STEP_UNISOLATE:
			fprintf(f, "%s: {blocks: [%" PRIu64 ", %" PRIu64 "]}", step_kind_word(s->kind),
				s->u.isolate.first, s->u.isolate.last);
			break;
		case STEP_EXPECT:
			fputs("expect: {", f);
			for (size_t k = 0; k < s->u.expect.nitems; k++)
				fprintf(f, "%s%s: %" PRId64, k ? ", " : "", stat_name(s->u.expect.items[k].key),
					s->u.expect.items[k].value);
			fputc('}', f);
			break;
		case STEP_QUIZ:
			put_quiz(f, &s->u.quiz);
			break;
		default:
			fputs("pause", f);
			break;
		}
		fputc('\n', f);
	}
}

void scenario_write_step(FILE *f, const struct step *s)
{
	put_steps(f, s, 1, 0);
}

void scenario_step_text(const struct step *s, char *buf, size_t n)
{
	if (!n)
		return;
	buf[0] = 0;
	FILE *f = fmemopen(buf, n, "w");
	if (!f)
		return;
	setvbuf(f, NULL, _IONBF, 0);
	put_steps(f, s, 1, 0);
	fclose(f);
	buf[n - 1] = 0;
	/* "- alloc: {...}\n": the step itself, its first line. */
	char *nl = strchr(buf, '\n');
	bool more = nl && nl[1];
	if (nl)
		*nl = 0;
	if (buf[0] == '-' && buf[1] == ' ')
		memmove(buf, buf + 2, strlen(buf + 2) + 1);
	if (more && strlen(buf) + 5 < n)
		strcat(buf, " ...");
}

bool scenario_write(FILE *f, const char *name, const struct machine_config *cfg,
		    const struct step *steps, size_t nsteps)
{
	fputs("name: ", f);
	put_str(f, name && *name ? name : "Saved session", true);
	fprintf(f, "\nmachine:\n"
		"  profile: %s\n"
		"  max_order: %d\n"
		"  pageblock_order: %d\n"
		"  pcp: %s\n"
		"  watermarks: %s\n",
		profile_word(cfg->profile), cfg->max_order, cfg->pageblock_order,
		cfg->pcp ? "true" : "false", cfg->watermarks ? "true" : "false");
	if (cfg->watermarks) {
		if (cfg->min_free_kbytes >= 0)
			fprintf(f, "  min_free_kbytes: %" PRId64 "\n", cfg->min_free_kbytes);
		fprintf(f, "  watermark_scale_factor: %d\n  watermark_boost_factor: %d\n", cfg->watermark_scale_factor,
			cfg->watermark_boost_factor);
	}
	fprintf(f, "  seed: %" PRIu64 "\n", cfg->seed);
	if (cfg->cma)
		fprintf(f, "  cma: [%" PRIu64 ", %" PRIu64 "]\n", cfg->cma_first, cfg->cma_last);
	fputs("  zones:\n", f);
	for (int i = 0; i < cfg->nzones; i++)
		fprintf(f, "    - {name: %s, pages: %" PRIu64 ", start_pfn: %" PRIu64 "}\n",
			zone_id_name(cfg->zones[i].id), cfg->zones[i].pages, cfg->zones[i].start_pfn);
	if (cfg->initial)
		state_write(f, cfg);     /* extension: the initial state */
	if (nsteps == 0) {
		fputs("steps: []\n", f);
	} else {
		fputs("steps:\n", f);
		put_steps(f, steps, nsteps, 2);
	}
	return fflush(f) == 0 && !ferror(f);
}
