/* The compare screen's view model (compare_view.c) without a terminal:
 * the arrangement chosen by the grids' cell size, both panes as insets,
 * one legend, the comparison panel's numbers for grouping on and off, a
 * shorter side at its end, the too-small notice and the key table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "tui/compare.h"
#include "tui/keys.h"
#include "tui/view.h"
#include "unit.h"

struct cfix {
	struct scenario *sc[2];
	struct cmp c;
	struct view v;
};

static bool csetup(struct cfix *f, const char *a, const char *b)
{
	memset(f, 0, sizeof(*f));
	const char *path[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		struct diag_list d = { 0 };
		f->sc[i] = scenario_load(path[i], NULL, &d);
		for (size_t k = 0; k < d.n; k++)
			unit_fail(__FILE__, __LINE__, "scenario: %s", d.lines[k]);
		diag_list_clear(&d);
		if (!f->sc[i] || !app_init(&f->c.side[i].app, f->sc[i]))
			return false;
		ui_init(&f->c.side[i].ui, &f->c.side[i].app);
		view_init(&f->c.side[i].pane);
		f->c.side[i].label = path[i];
	}
	ui_init(&f->c.ui, &f->c.side[0].app);
	f->c.ui.bindings = compare_bindings(&f->c.ui.nbindings);
	f->c.order = -1;
	view_init(&f->v);
	return true;
}

static void cteardown(struct cfix *f)
{
	view_fini(&f->v);
	for (int i = 0; i < 2; i++) {
		view_fini(&f->c.side[i].pane);
		app_fini(&f->c.side[i].app);
		scenario_free(f->sc[i]);
	}
}

/* Both sides to min(pos, their length), as compare.c does. */
static void cgoto(struct cfix *f, size_t pos)
{
	f->c.pos = pos;
	for (int i = 0; i < 2; i++) {
		struct app *a = &f->c.side[i].app;
		size_t want = pos < app_total(a) ? pos : app_total(a);
		app_goto(a, want, 0);
	}
}

static int count_rows(const struct view *v, const char *needle)
{
	int n = 0;
	for (int i = 0; i < v->nrows; i++)
		if (strstr(v->rows[i].text, needle))
			n++;
	return n;
}

/* The A and B values of a panel entry ("mixed blks      0     16"). */
static bool panel_values(const struct view *v, const char *label, char *a, char *b)
{
	for (int i = 0; i < v->nrows; i++) {
		const char *p = strstr(v->rows[i].text, label);
		if (p && sscanf(p + strlen(label), " %15s %15s", a, b) == 2)
			return true;
	}
	return false;
}

#define ON "scenarios/02c-grouping-on.yaml"
#define OFF "scenarios/02d-grouping-off.yaml"

UNIT_TEST(compare_80x24_stacks_small_grids_with_one_legend)
{
	struct cfix f;
	if (!csetup(&f, ON, OFF))
		return;
	cmp_build(&f.v, &f.c, 80, 24, 0);
	CHECK_EQ_INT(f.c.arrangement, CMP_STACKED);
	CHECK_EQ_INT(f.v.ninsets, 2);
	CHECK_EQ_INT(f.v.insets[0].x, 0);
	CHECK_EQ_INT(f.v.insets[1].x, 0);
	CHECK(f.v.insets[1].y >= f.v.insets[0].y + f.c.side[0].pane.nrows);
	CHECK(strstr(f.c.side[0].pane.rows[0].text, " A  " ON) != NULL);
	CHECK(strstr(f.c.side[1].pane.rows[0].text, " B  " OFF) != NULL);
	CHECK(strstr(f.c.side[0].pane.rows[0].text, "linux-6.12") != NULL);
	CHECK(strstr(f.c.side[1].pane.rows[0].text, "no-grouping") != NULL);
	CHECK_EQ_INT(count_rows(&f.v, "Key:"), 1);
	CHECK_EQ_INT(count_rows(&f.c.side[0].pane, "Key:") + count_rows(&f.c.side[1].pane, "Key:"), 0);
	/* Every pane row fits the screen. */
	for (int i = 0; i < 2; i++)
		CHECK(f.v.insets[i].y + f.c.side[i].pane.nrows <= 24 - 1);
	cteardown(&f);
}

UNIT_TEST(compare_panel_shows_what_grouping_buys)
{
	struct cfix f;
	if (!csetup(&f, ON, OFF))
		return;
	char a[16], b[16];
	cgoto(&f, 2);   /* the 16 interleaved rounds */
	cmp_build(&f.v, &f.c, 80, 24, 0);
	CHECK(panel_values(&f.v, "U blocks", a, b));
	CHECK_EQ_STR(a, "4");
	CHECK_EQ_STR(b, "16");
	CHECK(panel_values(&f.v, "mixed blks", a, b));
	CHECK_EQ_STR(a, "0");
	CHECK_EQ_STR(b, "16");
	CHECK(panel_values(&f.v, "claims", a, b));
	CHECK_EQ_STR(a, "1");
	CHECK_EQ_STR(b, "4");
	cgoto(&f, 6);   /* the movable pages freed */
	cmp_build(&f.v, &f.c, 80, 24, 0);
	CHECK(panel_values(&f.v, "unusable(2)", a, b));
	CHECK_EQ_STR(a, "0.000");
	CHECK_EQ_STR(b, "0.428");
	CHECK(panel_values(&f.v, "free pages", a, b));
	CHECK_EQ_STR(a, "112");
	CHECK_EQ_STR(b, "112");
	/* Back again: the numbers of step 2. */
	cgoto(&f, 2);
	cmp_build(&f.v, &f.c, 80, 24, 0);
	CHECK(panel_values(&f.v, "mixed blks", a, b));
	CHECK_EQ_STR(b, "16");
	/* Another order for the indexes. */
	f.c.order = 4;
	cmp_build(&f.v, &f.c, 80, 24, 0);
	CHECK(panel_values(&f.v, "unusable(4)", a, b));
	cteardown(&f);
}

UNIT_TEST(compare_wide_screen_puts_sides_next_to_each_other)
{
	struct cfix f;
	if (!csetup(&f, ON, OFF))
		return;
	cmp_build(&f.v, &f.c, 200, 40, 0);
	CHECK_EQ_INT(f.c.arrangement, CMP_SIDE_BY_SIDE);
	CHECK_EQ_INT(f.v.insets[0].y, f.v.insets[1].y);
	CHECK_EQ_INT(f.v.insets[1].x, f.c.side[0].pane.w + 1);
	CHECK(f.c.side[0].pane.w + 1 + f.c.side[1].pane.w <= 200);
	/* Same data, a tall narrow terminal: stacked. */
	CHECK_EQ_INT(cmp_arrangement(&f.c, 80, 60), CMP_STACKED);
	cteardown(&f);
}

UNIT_TEST(compare_shorter_side_stays_at_its_end)
{
	struct cfix f;
	if (!csetup(&f, ON, "scenarios/02b-free-merges.yaml"))
		return;
	size_t na = app_total(&f.c.side[0].app), nb = app_total(&f.c.side[1].app);
	CHECK(na < nb);
	CHECK_EQ_INT(cmp_total(&f.c), nb);
	cgoto(&f, nb);
	cmp_build(&f.v, &f.c, 120, 40, 0);
	CHECK_EQ_INT(app_pos(&f.c.side[0].app), na);
	CHECK(strstr(f.c.side[0].pane.rows[0].text, "at its end") != NULL);
	CHECK(strstr(f.c.side[1].pane.rows[0].text, "at its end") == NULL);
	cgoto(&f, na);
	cmp_build(&f.v, &f.c, 120, 40, 0);
	CHECK(strstr(f.c.side[0].pane.rows[0].text, "at its end") == NULL);
	cteardown(&f);
}

UNIT_TEST(compare_too_small_shows_the_notice_only)
{
	struct cfix f;
	if (!csetup(&f, ON, OFF))
		return;
	cmp_build(&f.v, &f.c, 79, 24, 0);
	CHECK(f.v.too_small);
	CHECK_EQ_INT(f.v.ninsets, 0);
	cteardown(&f);
}

UNIT_TEST(compare_key_table_binds_the_stepping_keys)
{
	size_t n;
	const struct binding *b = compare_bindings(&n);
	int want[] = { 'n', ' ', 'b', TK_BACKSPACE, 'r', 'g', 'G', TK_HOME, TK_END, '?', 'q' };
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			for (int j = 0; j < 3 && b[i].keys[j]; j++)
				if (b[i].keys[j] == want[k] && (b[i].screens & SC_GRID))
					found = true;
		if (!found)
			unit_fail(__FILE__, __LINE__, "key %d not bound on the compare screen", want[k]);
	}
	for (size_t i = 0; i < n; i++)
		CHECK(b[i].help && b[i].help[0] && b[i].section);
}
