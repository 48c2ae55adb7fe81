/* Scenario loader tests: step_parse_text (good and bad), scenario_write ->
 * scenario_load round trips, the default scenario, --profile, and hostile
 * input (random bytes, mutated scenarios) that must never crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "engine/stats.h"
#include "engine/step.h"
#include "scenario/keys.h"
#include "scenario/scenario.h"
#include "unit.h"

static struct machine_config default_cfg(void)
{
	struct machine_config c;
	machine_config_default(&c);
	return c;
}

/* Parses one step that must be valid. */
static bool parse_ok(const char *text, const struct machine_config *cfg, struct step *out)
{
	char err[512] = "";
	bool ok = step_parse_text(text, cfg, out, err, sizeof err);
	if (!ok)
		fprintf(stderr, "  step_parse_text(\"%s\"): %s\n", text, err);
	return ok;
}

/* Parses one step that must be rejected; returns the message. */
static const char *parse_err(const char *text, const struct machine_config *cfg)
{
	static char err[512];
	struct step s;
	err[0] = '\0';
	if (step_parse_text(text, cfg, &s, err, sizeof err)) {
		step_clear(&s);
		return "(accepted)";
	}
	return err;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

UNIT_TEST(scenario_parse_alloc)
{
	struct machine_config cfg = default_cfg();
	struct step s;
	CHECK(parse_ok("alloc: {type: unmovable, order: 3, tag: U}", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_ALLOC);
	CHECK_EQ_INT(s.u.alloc.type, MT_UNMOVABLE);
	CHECK_EQ_INT(s.u.alloc.order, 3);
	CHECK_EQ_INT(s.u.alloc.count, 1);
	CHECK_EQ_STR(s.u.alloc.tag, "U");
	CHECK_EQ_INT(s.u.alloc.zone, -1);
	CHECK_EQ_INT(s.pos.line, 1);
	CHECK_EQ_INT(s.pos.col, 1);
	step_clear(&s);

	CHECK(parse_ok("alloc: {type: movable}", &cfg, &s));
	CHECK_EQ_INT(s.u.alloc.order, 0);
	CHECK_EQ_STR(s.u.alloc.tag, "_");
	step_clear(&s);

	CHECK(parse_ok("alloc: {type: reclaimable, count: 100000000, flags: [], zone: Normal}", &cfg, &s));
	CHECK_EQ_INT(s.u.alloc.count, 100000000);
	CHECK_EQ_INT(s.u.alloc.zone, ZONE_NORMAL);
	step_clear(&s);

	CHECK(parse_ok("steal: {type: unmovable, from: reclaimable, tag: S}", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_STEAL);
	CHECK_EQ_INT(s.u.alloc.from, MT_RECLAIMABLE);
	step_clear(&s);
	CHECK(parse_ok("steal: {type: unmovable}", &cfg, &s));
	CHECK_EQ_INT(s.u.alloc.from, -1);
	step_clear(&s);
}

UNIT_TEST(scenario_parse_other_steps)
{
	struct machine_config cfg = default_cfg();
	struct step s;
	const char *pauses[] = { "pause", "pause:", "pause: {}", "pause: null", "  pause  " };
	for (size_t i = 0; i < sizeof pauses / sizeof pauses[0]; i++) {
		CHECK(parse_ok(pauses[i], &cfg, &s));
		CHECK_EQ_INT(s.kind, STEP_PAUSE);
		step_clear(&s);
	}

	CHECK(parse_ok("say: \"Hello, world: a caption\"", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_SAY);
	CHECK_EQ_STR(s.u.say, "Hello, world: a caption");
	step_clear(&s);

	CHECK(parse_ok("free: {tag: U, every: 3, offset: 2}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_EVERY);
	CHECK_EQ_INT(s.u.free.every, 3);
	CHECK_EQ_INT(s.u.free.offset, 2);
	step_clear(&s);
	CHECK(parse_ok("free: {tag: U}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_ALL);
	step_clear(&s);
	CHECK(parse_ok("free: {tag: U, index: [5, 1, 5, 3]}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_INDEX);
	CHECK_EQ_INT(s.u.free.nindices, 3);   /* sorted, duplicates dropped */
	CHECK(s.u.free.nindices == 3 && s.u.free.indices[0] == 1 && s.u.free.indices[2] == 5);
	step_clear(&s);
	CHECK(parse_ok("free: {pfn: 1536}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_PFN);
	CHECK_EQ_INT(s.u.free.pfn, 1536);
	step_clear(&s);
	CHECK(parse_ok("free: {tag: a.b-c_9, random: .25}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_RANDOM);
	CHECK(s.u.free.p == 0.25);
	step_clear(&s);
	CHECK(parse_ok("free: {tag: a, last: 0}", &cfg, &s));
	CHECK_EQ_INT(s.u.free.sel, SEL_LAST);
	step_clear(&s);

	CHECK(parse_ok("workload: {ops: 10}", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_WORKLOAD);
	CHECK(s.u.workload.mix[MT_UNMOVABLE] == 0.1 && s.u.workload.mix[MT_MOVABLE] == 0.8 &&
	      s.u.workload.mix[MT_RECLAIMABLE] == 0.1);
	CHECK(s.u.workload.orders[0] == 1.0 && s.u.workload.orders[1] == 0);
	CHECK(s.u.workload.free_ratio == 0.5);
	CHECK_EQ_STR(s.u.workload.tag, "w");
	step_clear(&s);
	CHECK(parse_ok("workload: {ops: 7, mix: {movable: 2}, orders: {0: 1e-3, 10: 1}, free_ratio: 0}", &cfg, &s));
	CHECK(s.u.workload.mix[MT_UNMOVABLE] == 0 && s.u.workload.mix[MT_MOVABLE] == 2);
	CHECK(s.u.workload.orders[0] == 1e-3 && s.u.workload.orders[10] == 1);
	step_clear(&s);

	CHECK(parse_ok("repeat: {times: 3, steps: [pause, {say: hi}, {repeat: {times: 2, steps: []}}]}", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_REPEAT);
	CHECK_EQ_INT(s.u.repeat.times, 3);
	CHECK_EQ_INT(s.u.repeat.nsteps, 3);
	if (s.u.repeat.nsteps == 3) {
		CHECK_EQ_INT(s.u.repeat.steps[1].kind, STEP_SAY);
		CHECK_EQ_INT(s.u.repeat.steps[2].kind, STEP_REPEAT);
	}
	step_clear(&s);

	CHECK(parse_ok("expect: {pages_free: 262144, extfrag_index: -1000}", &cfg, &s));
	CHECK_EQ_INT(s.kind, STEP_EXPECT);
	CHECK_EQ_INT(s.u.expect.nitems, 2);
	if (s.u.expect.nitems == 2) {
		CHECK_EQ_INT(s.u.expect.items[0].key, STAT_PAGES_FREE);
		CHECK_EQ_INT(s.u.expect.items[0].value, 262144);
		CHECK_EQ_INT(s.u.expect.items[0].pos.col, 10);
		CHECK_EQ_INT(s.u.expect.items[1].value, -1000);
		CHECK_EQ_INT(s.u.expect.items[1].pos.col, 30);
	}
	step_clear(&s);
}

UNIT_TEST(scenario_parse_errors)
{
	struct machine_config cfg = default_cfg();
	CHECK_EQ_STR(parse_err("alloc: {type: foo}", &cfg),
		     "15: type: unknown type \"foo\"; allowed: unmovable, movable, reclaimable");
	CHECK_EQ_STR(parse_err("alloc: {order: 3}", &cfg), "1: alloc: missing required key \"type\"");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, order: 11}", &cfg),
		     "31: order: 11 is out of range; allowed: 0..10 (max_order)");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, order: \"3\"}", &cfg),
		     "31: order: expected an integer, got the string \"3\" (numbers are written without quotes)");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, colour: red}", &cfg),
		     "24: unknown key \"colour\" in alloc; allowed: type, order, count, tag, flags, zone");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, type: unmovable}", &cfg),
		     "24: duplicate key \"type\"; first given at 1:9");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, flags: [highatomic]}", &cfg), "(accepted)");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, flags: [cma]}", &cfg),
		     "31: flags: cma needs a machine with CMA blocks (machine.cma)");
	CHECK_EQ_STR(parse_err("isolate: {blocks: [2, 1]}", &cfg),
		     "19: blocks: the first block 2 comes after the last 1; allowed: first <= last");
	CHECK_EQ_STR(parse_err("compact: {order: -1}", &cfg), "(accepted)");
	CHECK_EQ_STR(parse_err("compact: {order: 0}", &cfg), "18: order: 0 is out of range; allowed: -1 or 1..10 (max_order)");
	CHECK_EQ_STR(parse_err("compact: {order: -2}", &cfg), "18: order: -2 is out of range; allowed: -1 or 1..10 (max_order)");
	CHECK_EQ_STR(parse_err("compact: {mode: fast}", &cfg),
		     "17: mode: unknown mode \"fast\"; allowed: async, sync_light, sync");
	CHECK_EQ_STR(parse_err("compact: {max_migrate: 0}", &cfg), "24: max_migrate: 0 is out of range; allowed: 1 or more");
	CHECK_EQ_STR(parse_err("steal: {type: movable, from: movable}", &cfg),
		     "30: from: movable is the requested type itself; allowed: any, unmovable, reclaimable");
	CHECK_EQ_STR(parse_err("free: {tag: U, first: 1, last: 1}", &cfg),
		     "26: more than one selector (last after first); allowed: at most one of every, first, "
		     "last, index, random");
	CHECK_EQ_STR(parse_err("free: {pfn: 3, tag: U}", &cfg), "16: tag cannot be combined with pfn; pfn: N stands alone");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, zone: DMA}", &cfg),
		     "30: zone: \"DMA\" is not a zone of this machine; allowed: Normal");
	CHECK_EQ_STR(parse_err("bogus", &cfg),
		     "1: unknown step \"bogus\"; allowed: say, pause, alloc, free, steal, workload, repeat, expect, "
		     "compact, isolate, unisolate, reclaim, quiz");
	CHECK(starts(parse_err("", &cfg), "1: empty step; allowed: say,"));
	CHECK(starts(parse_err("   ", &cfg), "1: empty step"));
	CHECK(starts(parse_err("# only a comment", &cfg), "1: empty step; allowed: say,"));
	CHECK(starts(parse_err(" \n# c\n", &cfg), "1: empty step"));
	CHECK(starts(parse_err("alloc: {type:", &cfg), "14: YAML syntax error"));
	CHECK_EQ_STR(parse_err("alloc: {type: movable}\n---\npause", &cfg),
		     "2:1: a second YAML document; a scenario file holds exactly one");
	CHECK_EQ_STR(parse_err("alloc: {type: movable,\n  order: x}", &cfg),
		     "2:10: order: expected an integer, got \"x\"");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, count: 100000001}", &cfg),
		     "31: count: 100000001 is out of range; allowed: 0..100000000 (count limit 10^8)");
	CHECK(starts(parse_err("repeat: {times: 1000000, steps: [{alloc: {type: movable, count: 1001}}]}", &cfg),
		     "1: the scenario exceeds the limit of 10^9 operations"));
	CHECK_EQ_STR(parse_err("- pause", &cfg),
		     "1: expected a step (a one-key mapping such as alloc: {type: movable}, or pause), got a list");
	CHECK_EQ_STR(parse_err("say", &cfg), "1: say needs a string, e.g. say: \"text\"");
	CHECK(starts(parse_err("expect: {bogus: 1}", &cfg), "10: unknown stats key \"bogus\" in expect; allowed: pages_total,"));

	/* Validated against the given machine. */
	struct machine_config small = default_cfg();
	small.max_order = 4;
	small.pageblock_order = 2;
	small.nzones = 2;
	small.zones[0] = (struct zone_config){ ZONE_DMA, 64, 0 };
	small.zones[1] = (struct zone_config){ ZONE_NORMAL, 64, 64 };
	struct step s;
	CHECK(parse_ok("alloc: {type: movable, zone: DMA, order: 4}", &small, &s));
	CHECK_EQ_INT(s.u.alloc.zone, ZONE_DMA);
	step_clear(&s);
	CHECK_EQ_STR(parse_err("alloc: {type: movable, order: 5}", &small),
		     "31: order: 5 is out of range; allowed: 0..4 (max_order)");
	CHECK_EQ_STR(parse_err("alloc: {type: movable, zone: DMA32}", &small),
		     "30: zone: \"DMA32\" is not a zone of this machine; allowed: DMA, Normal");
	CHECK_EQ_STR(parse_err("workload: {ops: 1, orders: {5: 1}}", &small),
		     "29: orders: order 5 is out of range; allowed: 0..4 (max_order)");

	/* A failed parse leaves nothing to free and a harmless step. */
	char err[8];
	CHECK(!step_parse_text("free: {tag: a, index: [1, x]}", &cfg, &s, err, sizeof err));
	CHECK_EQ_INT(s.kind, STEP_PAUSE);
	CHECK(strlen(err) < sizeof err);
	CHECK(!step_parse_text("free: {tag: a, index: [1, x]}", &cfg, &s, NULL, 0));
}

/* ---- Round trips ---------------------------------------------------------- */

static bool steps_equal(const struct step *a, const struct step *b, size_t n);

static bool step_equal(const struct step *a, const struct step *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case STEP_SAY:
		return strcmp(a->u.say, b->u.say) == 0;
	case STEP_ALLOC:
	case STEP_STEAL: {
		const struct step_alloc *x = &a->u.alloc, *y = &b->u.alloc;
		return x->type == y->type && x->order == y->order && x->count == y->count &&
		       !strcmp(x->tag, y->tag) && x->zone == y->zone && x->from == y->from && x->flags == y->flags;
	}
	case STEP_FREE: {
		const struct step_free *x = &a->u.free, *y = &b->u.free;
		if (x->sel != y->sel || strcmp(x->tag, y->tag) || x->nindices != y->nindices)
			return false;
		for (size_t i = 0; i < x->nindices; i++)
			if (x->indices[i] != y->indices[i])
				return false;
		switch (x->sel) {
		case SEL_EVERY: return x->every == y->every && x->offset == y->offset;
		case SEL_FIRST:
		case SEL_LAST: return x->n == y->n;
		case SEL_RANDOM: return x->p == y->p;
		case SEL_PFN: return x->pfn == y->pfn;
		default: return true;
		}
	}
	case STEP_WORKLOAD: {
		const struct step_workload *x = &a->u.workload, *y = &b->u.workload;
		return x->ops == y->ops && !memcmp(x->mix, y->mix, sizeof x->mix) &&
		       !memcmp(x->orders, y->orders, sizeof x->orders) && x->free_ratio == y->free_ratio &&
		       !strcmp(x->tag, y->tag);
	}
	case STEP_REPEAT:
		return a->u.repeat.times == b->u.repeat.times && a->u.repeat.nsteps == b->u.repeat.nsteps &&
		       steps_equal(a->u.repeat.steps, b->u.repeat.steps, a->u.repeat.nsteps);
	case STEP_EXPECT:
		if (a->u.expect.nitems != b->u.expect.nitems)
			return false;
		for (size_t i = 0; i < a->u.expect.nitems; i++)
			if (a->u.expect.items[i].key != b->u.expect.items[i].key ||
			    a->u.expect.items[i].value != b->u.expect.items[i].value)
				return false;
		return true;
	case STEP_ISOLATE:
	case STEP_UNISOLATE:
		return a->u.isolate.first == b->u.isolate.first && a->u.isolate.last == b->u.isolate.last;
	default:
		return true;
	}
}

static bool steps_equal(const struct step *a, const struct step *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!step_equal(&a[i], &b[i]))
			return false;
	return true;
}

static bool cfg_equal(const struct machine_config *a, const struct machine_config *b)
{
	if (a->profile != b->profile || a->max_order != b->max_order || a->pageblock_order != b->pageblock_order ||
	    a->pcp != b->pcp || a->watermarks != b->watermarks || a->seed != b->seed || a->nzones != b->nzones ||
	    a->cma != b->cma || (a->cma && (a->cma_first != b->cma_first || a->cma_last != b->cma_last)))
		return false;
	for (int i = 0; i < a->nzones; i++)
		if (a->zones[i].id != b->zones[i].id || a->zones[i].pages != b->zones[i].pages ||
		    a->zones[i].start_pfn != b->zones[i].start_pfn)
			return false;
	return true;
}

static struct scenario *load_str(const char *text, struct diag_list *d)
{
	return scenario_load_text("mem.yaml", text, strlen(text), NULL, d);
}

static void print_diags(const struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s\n", d->lines[i]);
}

/* Writes, reads back, writes again: same config, same steps, same text. */
static void round_trip(const char *name, const struct machine_config *cfg, const struct step *steps, size_t n)
{
	char *t1 = NULL, *t2 = NULL;
	size_t l1 = 0, l2 = 0;
	struct diag_list d = { 0 };
	FILE *f = open_memstream(&t1, &l1);
	CHECK(f && scenario_write(f, name, cfg, steps, n));
	fclose(f);
	struct scenario *sc = scenario_load_text("saved.yaml", t1, l1, NULL, &d);
	CHECK(sc != NULL);
	if (!sc) {
		print_diags(&d);
		fprintf(stderr, "%s", t1);
	} else {
		CHECK(cfg_equal(&sc->cfg, cfg));
		CHECK_EQ_INT(sc->nsteps, n);
		CHECK(sc->nsteps == n && steps_equal(sc->steps, steps, n));
		f = open_memstream(&t2, &l2);
		CHECK(scenario_write(f, sc->name, &sc->cfg, sc->steps, sc->nsteps));
		fclose(f);
		CHECK_EQ_STR(t1, t2);
	}
	scenario_free(sc);
	diag_list_clear(&d);
	free(t1);
	free(t2);
}

static const char rich[] =
	"name: Round trip\n"
	"machine:\n"
	"  max_order: 5\n"
	"  pageblock_order: 3\n"
	"  seed: 18446744073709551615\n"
	"  zones:\n"
	"    - {name: DMA, pages: 64}\n"
	"    - {name: DMA32, size: 512KiB, start_pfn: 256}\n"
	"    - name: Normal\n"
	"      size: 1M\n"
	"steps:\n"
	"  - say: \"Quotes \\\" and \\\\ and\\ttabs\\nand lines, caf\xc3\xa9\"\n"
	"  - say: ''\n"
	"  - pause\n"
	"  - alloc: {type: unmovable, order: 5, count: 3, tag: null-ish, zone: DMA32}\n"
	"  - alloc: {type: movable, tag: \"-\"}\n"
	"  - alloc: {type: reclaimable, tag: \"null\"}\n"
	"  - steal: {type: movable, from: unmovable, zone: DMA}\n"
	"  - steal: {type: reclaimable}\n"
	"  - free: {tag: A}\n"
	"  - free: {tag: A, every: 4, offset: 3}\n"
	"  - free: {tag: A, first: 2}\n"
	"  - free: {tag: A, last: 0}\n"
	"  - free: {tag: A, index: [9, 2, 4]}\n"
	"  - free: {tag: A, index: []}\n"
	"  - free: {tag: A, random: 0.1}\n"
	"  - free: {tag: A, random: 1}\n"
	"  - free: {pfn: 300}\n"
	"  - workload: {ops: 100, mix: {unmovable: 0.3333333333333333, reclaimable: 1e-300}, orders: {0: 0.1, 5: 7}, free_ratio: 0.7, tag: w.1}\n"
	"  - workload: {ops: 1}\n"
	"  - repeat:\n"
	"      times: 3\n"
	"      steps:\n"
	"        - alloc: {type: movable}\n"
	"        - repeat: {times: 2, steps: []}\n"
	"        - repeat: {times: 2, steps: [pause, {expect: {pages_total: 384}}]}\n"
	"  - expect: {pages_total: 384, extfrag_index: -1000, largest_free_order: -1}\n"
	"  - expect: {}\n";

UNIT_TEST(scenario_round_trip)
{
	struct diag_list d = { 0 };
	struct scenario *sc = load_str(rich, &d);
	CHECK(sc != NULL);
	print_diags(&d);
	if (sc) {
		CHECK_EQ_INT(sc->cfg.nzones, 3);
		CHECK_EQ_INT(sc->cfg.zones[1].start_pfn, 256);
		CHECK_EQ_INT(sc->cfg.zones[1].pages, 128);
		CHECK_EQ_INT(sc->cfg.zones[2].start_pfn, 384);
		CHECK_EQ_INT(sc->cfg.zones[2].pages, 256);
		CHECK(sc->cfg.seed == UINT64_MAX);
		CHECK_EQ_STR(sc->steps[0].u.say, "Quotes \" and \\ and\ttabs\nand lines, caf\xc3\xa9");
		round_trip(sc->name, &sc->cfg, sc->steps, sc->nsteps);
		/* A name that is not one line is written as one line. */
		round_trip("Two\nlines \"quoted\"", &sc->cfg, sc->steps, 3);
		round_trip(NULL, &sc->cfg, NULL, 0);
	}
	scenario_free(sc);
	diag_list_clear(&d);

	/* The defaults, written out in full. */
	struct machine_config cfg = default_cfg();
	round_trip("defaults", &cfg, NULL, 0);

	/* CMA, no grouping, flags and isolation steps. */
	static const char mt[] = "name: mtypes\nmachine: {profile: no-grouping, cma: [3, 5]}\nsteps:\n"
				 "  - alloc: {type: movable, flags: [highatomic, cma], order: 2}\n"
				 "  - alloc: {type: unmovable, flags: [highatomic]}\n"
				 "  - isolate: {blocks: [7, 9]}\n  - unisolate: {blocks: [0, 511]}\n";
	sc = load_str(mt, &d);
	CHECK(sc != NULL);
	print_diags(&d);
	if (sc) {
		CHECK(sc->cfg.cma && sc->cfg.cma_first == 3 && sc->cfg.cma_last == 5);
		CHECK_EQ_INT(sc->steps[0].u.alloc.flags, REQ_HIGHATOMIC | REQ_CMA);
		CHECK_EQ_INT(sc->steps[3].u.isolate.last, 511);
		round_trip(sc->name, &sc->cfg, sc->steps, sc->nsteps);
	}
	scenario_free(sc);
	diag_list_clear(&d);
}

/* Characters that libyaml refuses raw (C1 controls, U+FFFE, U+FFFF) or
 * folds like a line break (NEL) must be written escaped. */
UNIT_TEST(scenario_round_trip_unusual_characters)
{
	struct diag_list d = { 0 };
	struct scenario *sc = load_str("name: \"N\\Nx\\x80\"\n"
				       "steps:\n"
				       "  - say: \"nel\\Nc1\\x80\\x9F ls\\L ps\\P nc\\uFFFE\\uFFFF bom\\uFEFF\"\n", &d);
	CHECK(sc != NULL);
	print_diags(&d);
	if (sc) {
		CHECK_EQ_STR(sc->steps[0].u.say, "nel\xc2\x85" "c1\xc2\x80\xc2\x9f ls\xe2\x80\xa8 ps\xe2\x80\xa9"
			     " nc\xef\xbf\xbe\xef\xbf\xbf bom\xef\xbb\xbf");
		round_trip(sc->name, &sc->cfg, sc->steps, sc->nsteps);
	}
	scenario_free(sc);
	diag_list_clear(&d);
}

UNIT_TEST(scenario_defaults)
{
	struct diag_list d = { 0 };
	struct scenario *sc = load_str("name: x\nsteps: []\n", &d);
	CHECK(sc != NULL);
	if (sc) {
		struct machine_config cfg = default_cfg();
		CHECK(cfg_equal(&sc->cfg, &cfg));
		CHECK_EQ_INT(sc->cfg.profile, PROFILE_LINUX_6_12);
		CHECK_EQ_INT(sc->cfg.pageblock_order, 9);
		CHECK_EQ_INT(sc->nsteps, 0);
		CHECK(sc->description == NULL);
		CHECK_EQ_STR(sc->path, "mem.yaml");
	}
	scenario_free(sc);

	/* pageblock_order follows a small max_order. */
	sc = load_str("name: x\nmachine: {max_order: 4, zones: [{name: Normal, pages: 64}]}\nsteps: []\n", &d);
	CHECK(sc && sc->cfg.pageblock_order == 4);
	scenario_free(sc);
	CHECK_EQ_INT(d.n, 0);

	sc = scenario_load_default(&d);
	CHECK(sc != NULL);
	print_diags(&d);
	if (sc) {
		CHECK_EQ_STR(sc->path, "(default)");
		CHECK(sc->nsteps > 10);
		CHECK(sc->description != NULL);
	}
	scenario_free(sc);
	diag_list_clear(&d);
}

UNIT_TEST(scenario_files_and_profiles)
{
	struct diag_list d = { 0 };
	CHECK(scenario_load("/nonexistent/x.yaml", NULL, &d) == NULL);
	CHECK_EQ_INT(d.n, 1);
	if (d.n)
		CHECK_EQ_STR(d.lines[0], "/nonexistent/x.yaml: cannot open: No such file or directory");
	diag_list_clear(&d);

	const char *ng = "name: x\nmachine: {profile: no-grouping}\nsteps: []\n";
	struct scenario *sc = scenario_load_text("p.yaml", ng, strlen(ng), NULL, &d);
	CHECK(sc && sc->cfg.profile == PROFILE_NO_GROUPING);
	scenario_free(sc);
	/* --profile linux-6.12 overrides the file's profile. */
	sc = scenario_load_text("p.yaml", ng, strlen(ng), "linux-6.12", &d);
	CHECK(sc && sc->cfg.profile == PROFILE_LINUX_6_12);
	scenario_free(sc);
	const char *plain = "name: x\nsteps: []\n";
	sc = scenario_load_text("p.yaml", plain, strlen(plain), "no-grouping", &d);
	CHECK(sc && sc->cfg.profile == PROFILE_NO_GROUPING);
	scenario_free(sc);
	CHECK(scenario_load_text("p.yaml", plain, strlen(plain), "linux-4.4", &d) == NULL);
	CHECK_EQ_INT(d.n, 1);
	if (d.n == 1)
		CHECK_EQ_STR(d.lines[0], "p.yaml: unknown profile \"linux-4.4\" (--profile); allowed: linux-6.12, no-grouping");
	diag_list_clear(&d);

	/* Errors come in file order, whatever order the checks run in. */
	const char *order = "steps: [{alloc: {type: x}}]\nmachine: {seed: -1}\nname: [a]\n";
	CHECK(load_str(order, &d) == NULL);
	CHECK_EQ_INT(d.n, 3);
	if (d.n == 3) {
		CHECK(starts(d.lines[0], "mem.yaml:1:24: type:"));
		CHECK(starts(d.lines[1], "mem.yaml:2:17: seed:"));
		CHECK(starts(d.lines[2], "mem.yaml:3:7: name:"));
	}
	diag_list_clear(&d);
}

/* ---- Hostile input ------------------------------------------------------------ */

static uint64_t rng_state = 12345;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void feed(const char *text, size_t len)
{
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load_text("fuzz.yaml", text, len, NULL, &d);
	CHECK(sc != NULL || d.n > 0);
	scenario_free(sc);
	diag_list_clear(&d);
	if (memchr(text, '\0', len) == NULL) {
		struct machine_config cfg = default_cfg();
		struct step s;
		char err[256];
		if (step_parse_text(text, &cfg, &s, err, sizeof err))
			step_clear(&s);
		else
			CHECK(err[0] != '\0');
	}
}

UNIT_TEST(scenario_hostile_input)
{
	static const char alphabet[] = "{}[]:,-&*!|>'\"#%@` \n\t\\0123456789abcdefgnoprstuvwyz._~?";
	char buf[600];
	/* Random bytes, and random YAML-ish characters. */
	for (int i = 0; i < 3000; i++) {
		size_t len = rnd() % 500;
		for (size_t k = 0; k < len; k++)
			buf[k] = (i & 1) ? (char)(rnd() & 0xFF) : alphabet[rnd() % (sizeof alphabet - 1)];
		buf[len] = '\0';
		feed(buf, len);
	}
	/* Mutations of a valid scenario: every kind of error on the way. */
	size_t rl = strlen(rich);
	char *m = malloc(rl + 1);
	for (int i = 0; i < 3000; i++) {
		memcpy(m, rich, rl + 1);
		for (int k = 0, n = 1 + (int)(rnd() % 4); k < n; k++)
			m[rnd() % rl] = alphabet[rnd() % (sizeof alphabet - 1)];
		feed(m, strlen(m));
	}
	free(m);

	/* Deep nesting, long scalars, huge numbers. */
	size_t big = 200000;
	char *deep = malloc(big + 64);
	strcpy(deep, "name: x\nsteps: ");
	size_t o = strlen(deep);
	for (size_t k = 0; k < big / 2; k++)
		deep[o++] = '[';
	deep[o] = '\0';
	feed(deep, o);
	memset(deep, 'a', big);
	memcpy(deep, "name: ", 6);
	deep[big] = '\0';
	feed(deep, big);
	strcpy(deep, "name: x\nsteps: [{alloc: {type: movable, count: ");
	o = strlen(deep);
	memset(deep + o, '9', 5000);
	strcpy(deep + o + 5000, "}}]\n");
	feed(deep, strlen(deep));
	free(deep);
}

/* The reference in docs/ is generated from the keys table; keep it so. */
UNIT_TEST(scenario_reference_in_sync)
{
	char *have = unit_read_file("docs/scenario-reference.md");
	CHECK(have != NULL);
	if (!have)
		return;
	char *want = NULL;
	size_t wl = 0;
	FILE *f = open_memstream(&want, &wl);
	scenario_reference(f);
	fclose(f);
	if (strcmp(want, have) != 0)
		fprintf(stderr, "  docs/scenario-reference.md is stale: build/tools/scenario-ref > docs/scenario-reference.md\n");
	CHECK(strcmp(want, have) == 0);
	free(want);
	free(have);
}

/* The built-in default is scenarios/00-tour.yaml, so that file's expect
 * steps (run by `make test`) test the default too. */
UNIT_TEST(default_scenario_is_the_tour_file)
{
	char *tour = unit_read_file("scenarios/00-tour.yaml");
	CHECK(tour != NULL);
	CHECK_EQ_STR(scenario_default_yaml, tour);
	free(tour);
}

/* Null is spelled ~, null, Null, NULL or left empty (YAML core schema). */
UNIT_TEST(scenario_null_spellings)
{
	static const char *const spellings[] = { "", "~", "null", "Null", "NULL" };
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "name: x\nmachine: %s\nsteps: []\n", spellings[i]);
		struct diag_list d = { 0 };
		struct scenario *sc = load_str(text, &d);
		CHECK(sc != NULL);
		print_diags(&d);
		scenario_free(sc);
		diag_list_clear(&d);
	}
}
