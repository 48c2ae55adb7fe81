/* The watermark gauge, pcp marks in the views and :set pcp/watermarks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/machine.h"
#include "engine/step.h"
#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/view.h"
#include "unit.h"

static const char pcp_wm[] =
	"name: gauge\n"
	"machine: {pcp: true, watermarks: true, zones: [{name: Normal, size: 64MiB}]}\n"
	"steps:\n"
	"  - alloc: {type: movable, count: 2, tag: M}\n"
	"  - alloc: {type: movable, count: 16000, tag: B}\n";

static int find_row(const struct view *v, const char *needle)
{
	for (int i = 0; i < v->nrows; i++)
		if (v->rows[i].text && strstr(v->rows[i].text, needle))
			return i;
	return -1;
}

UNIT_TEST(view_wmark_gauge_and_pcp_cells)
{
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load_text("t.yaml", pcp_wm, strlen(pcp_wm), NULL, &d);
	CHECK(sc != NULL);
	if (!sc)
		return;
	struct app a;
	struct ui ui;
	struct view v;
	CHECK(app_init(&a, sc));
	ui_init(&ui, &a);
	view_init(&v);
	CHECK(app_forward(&a, 1000));
	view_build_main(&v, &a, &ui, 100, 30, 1100);
	/* Boot marks of 64 MiB: min 256, low 320, high 384; pcp batch 3 high 320. */
	int g = find_row(&v, "Normal marks");
	CHECK(g >= 0);
	if (g >= 0) {
		CHECK(strstr(v.rows[g].text, "min 256 low 320 high 384") != NULL);
		CHECK(strstr(v.rows[g].text, "pcp 1 (batch 3 high 320)") != NULL);
	}
	/* Block 0 holds the page left on the pcp list. */
	const struct view_row *r = &v.rows[v.lay.grid_top + 1];
	CHECK(r->ncells > 0 && (r->cells[0].flags & CF_PCP));
	/* Below the low mark the gauge warns. */
	CHECK(app_forward(&a, 2000));
	view_build_main(&v, &a, &ui, 100, 30, 2100);
	g = find_row(&v, "Normal marks");
	CHECK(g >= 0);
	/* :set pcp off replays the two steps without per-cpu lists. */
	char msg[128];
	CHECK(app_set_mode(&a, "pcp off", 3000, msg, sizeof(msg)));
	CHECK_EQ_INT(app_pos(&a), 2);
	CHECK(!a.cfg->pcp && a.cfg->watermarks);
	struct machine_stats st;
	machine_stats(a.m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_PCP], 0);
	CHECK_EQ_INT(st.v[STAT_ALLOCS_LIVE], 16002);
	CHECK(!app_set_mode(&a, "pcp maybe", 3000, msg, sizeof(msg)));
	CHECK(app_set_mode(&a, "watermarks off", 3000, msg, sizeof(msg)));
	CHECK(!a.cfg->watermarks);
	view_fini(&v);
	app_fini(&a);
	scenario_free(sc);
}

/* scenario_write() keeps the watermark keys and the reclaim step. */
UNIT_TEST(scenario_write_wmark_round_trip)
{
	static const char y[] =
		"name: rt\n"
		"machine: {pcp: true, watermarks: true, min_free_kbytes: 4096, watermark_scale_factor: 20,\n"
		"          watermark_boost_factor: 0}\n"
		"steps:\n"
		"  - reclaim: {pages: 77}\n";
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load_text("rt.yaml", y, strlen(y), NULL, &d);
	CHECK(sc != NULL);
	if (!sc)
		return;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f && scenario_write(f, sc->name, &sc->cfg, sc->steps, sc->nsteps));
	fclose(f);
	struct scenario *back = scenario_load_text("back.yaml", buf, len, NULL, &d);
	CHECK(back != NULL);
	if (back) {
		CHECK(back->cfg.pcp && back->cfg.watermarks);
		CHECK_EQ_INT(back->cfg.min_free_kbytes, 4096);
		CHECK_EQ_INT(back->cfg.watermark_scale_factor, 20);
		CHECK_EQ_INT(back->cfg.watermark_boost_factor, 0);
		CHECK_EQ_INT(back->nsteps, 1);
		CHECK_EQ_INT(back->steps[0].kind, STEP_RECLAIM);
		CHECK_EQ_INT(back->steps[0].u.reclaim_pages, 77);
		scenario_free(back);
	}
	free(buf);
	scenario_free(sc);
}
