/* The live screen (live_view.h): one zone at a time, refreshed every
 * interval. Reads only the model (src/live); curses only here. The pfn grid
 * and the plots are drawn by their own functions (live_grid, sparkline
 * rows) so that they can move to the main screen's grid module later. */
#include "tui/live_view.h"

#include <curses.h>
#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { C_HEAD = 1, C_FREE, C_SLAB, C_LRU, C_RES, C_OTHER, C_WARN, C_DIM };

char live_block_letter(const struct kp_block *b, uint32_t pb_pages);

static volatile sig_atomic_t live_signal;

static void on_signal(int sig)
{
	live_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* printf at (y, x), clipped to the screen width. */
__attribute__((format(printf, 4, 5)))
static void put(int y, int x, int attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	if (y < 0 || y >= LINES || x >= COLS)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	attron(attr);
	mvaddnstr(y, x, buf, COLS - x);   /* ncursesw clips by columns for UTF-8 too */
	attroff(attr);
}

/* The same, at most w columns wide (ASCII text). */
__attribute__((format(printf, 4, 5)))
static void put_w(int y, int x, int w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (w >= 0 && (size_t)w < sizeof(buf))
		buf[w] = 0;
	put(y, x, 0, "%s", buf);
}

static const char *idx_text(int v, char *buf, size_t n)
{
	snprintf(buf, n, "%s%d.%03d", v < 0 ? "-" : "", abs(v) / 1000, abs(v) % 1000);
	return buf;
}

struct lv {
	struct live_model *m;
	double interval;
	bool paused, mono;
	int zone;
	char status[256];
};

static int class_attr(const struct lv *v, int cls)
{
	static const int pair[KP_CLASSES] = { 0, C_FREE, C_SLAB, C_LRU, C_RES, C_OTHER, 0 };
	if (v->mono || !pair[cls])
		return 0;
	return COLOR_PAIR(pair[cls]);
}

/* The pfn grid: one cell per pageblock, what most of its pages are. */
static void live_grid(const struct lv *v, int top, int bottom)
{
	const struct kp_map *km = &v->m->km;
	int y = top;
	if (!v->m->want_kpage) {
		put(y, 0, 0, "pfn grid: off (--no-kpageflags)");
		return;
	}
	if (!km->have || v->zone >= km->nzones || !km->zones[v->zone].b) {
		put(y, 0, 0, "pfn grid: kpageflags not available: %s", km->why[0] ? km->why : "no zone span (zoneinfo)");
		return;
	}
	const struct kp_zone *kz = &km->zones[v->zone];
	uint32_t pb = 1u << km->pb_order;
	put(y++, 0, A_BOLD, "pfn grid from pfn %" PRIu64 ", one cell per pageblock (%" PRIu64 " blocks); "
		"migratetype: not exported by kpageflags (%s)", kz->first_pfn, kz->nblocks,
		v->m->cur.page_owner ? "page_owner is on, but buddyviz does not read it" : "only page_owner has it");
	int x = 0;
	put(y, x, 0, "legend: ");
	x += 8;
	static const char *const leg[] = { "# all free", "f mostly free", "S slab", "L lru", "R reserved",
					   "o pgtable/offline", ". no flags", "' ' no memory" };
	static const int lc[] = { KP_FREE, KP_FREE, KP_SLAB, KP_LRU, KP_RESERVED, KP_OTHER, KP_NOFLAGS, KP_HOLE };
	for (int i = 0; i < 8; i++) {
		put(y, x, class_attr(v, lc[i]), "%s", leg[i]);
		x += (int)strlen(leg[i]) + 2;
	}
	y++;
	int w = COLS > 4 ? COLS - 2 : 1;
	uint64_t rows = (kz->nblocks + (uint64_t)w - 1) / (uint64_t)w;
	uint64_t per = 1;   /* blocks per cell when the zone does not fit */
	while (rows > (uint64_t)(bottom - y > 0 ? bottom - y : 1) && per < (1u << 20)) {
		per *= 2;
		rows = (kz->nblocks / per + (uint64_t)w) / (uint64_t)w;
	}
	if (per > 1)
		put(y - 1, x, 0, "(%" PRIu64 " blocks a cell)", per);
	for (uint64_t b = 0, cell = 0; b < kz->nblocks && y < bottom; b += per, cell++) {
		struct kp_block sum = { { 0 } };
		for (uint64_t k = b; k < b + per && k < kz->nblocks; k++)
			for (int c = 0; c < KP_CLASSES; c++)
				sum.n[c] += kz->b[k].n[c];
		uint32_t pages = pb * (uint32_t)(per < kz->nblocks - b ? per : kz->nblocks - b);
		char ch = live_block_letter(&sum, pages);
		int cls = ch == '#' || ch == 'f' ? KP_FREE : ch == 'S' ? KP_SLAB : ch == 'L' ? KP_LRU
			  : ch == 'R' ? KP_RESERVED : ch == 'o' ? KP_OTHER : ch == '.' ? KP_NOFLAGS : KP_HOLE;
		int cx = 1 + (int)(cell % (uint64_t)w);
		if (cell && cell % (uint64_t)w == 0)
			y++;
		if (y >= bottom)
			break;
		attron(class_attr(v, cls));
		mvaddch(y, cx, (chtype)ch);
		attroff(class_attr(v, cls));
	}
}

static void draw(struct lv *v)
{
	const struct live_model *m = v->m;
	const struct live_snap *s = &m->cur;
	char a[32], b[32], sp[256];
	erase();
	if (v->zone >= s->nzones)
		v->zone = 0;
	const struct live_zone *z = &s->zones[v->zone];
	int y = 0, k = live_frag_order(s);
	put(y++, 0, A_REVERSE, "buddyviz live  %s  every %.1fs  %s  sample %" PRIu64 "  %-*s",
	    m->dir ? m->dir : "/proc", v->interval, v->paused ? "[PAUSED]" : "[running]", m->samples, COLS, "");
	put(y++, 0, 0, "%s", s->version[0] ? s->version : "kernel version: not known");
	put(y++, 0, A_BOLD, "zone %d/%d: Node %d, %s", v->zone + 1, s->nzones, z->node, z->name);
	if (z->have_zoneinfo) {
		put(y++, 0, 0, "start_pfn %" PRIu64 "  spanned %" PRIu64 "  present %" PRIu64 "  managed %" PRIu64,
		    z->start_pfn, z->spanned, z->present, z->managed);
		int attr = z->pages_free < z->min ? (v->mono ? A_BOLD : COLOR_PAIR(C_WARN)) : 0;
		put(y++, 0, attr, "free %" PRIu64 "  min %" PRIu64 "  low %" PRIu64 "  high %" PRIu64 "  %s  %s",
		    z->pages_free, z->min, z->low, z->high,
		    z->pages_free < z->min ? "BELOW MIN" : z->pages_free < z->low ? "below low"
		    : z->pages_free < z->high ? "below high" : "above high",
		    live_sparkline(&m->free[v->zone], 30, sp, sizeof(sp)));
	} else {
		put(y++, 0, 0, "watermarks: zoneinfo not read (%s)", s->why_zoneinfo[0] ? s->why_zoneinfo : "no row");
		put(y++, 0, 0, "free %" PRIu64 " (buddyinfo)  %s", live_free_pages(z, s->norders),
		    live_sparkline(&m->free[v->zone], 30, sp, sizeof(sp)));
	}
	/* Free chunks per order and type. */
	int x = 0;
	put(y, 0, A_BOLD, "%-12s", "order");
	for (int o = 0; o < s->norders; o++)
		put(y, 12 + 6 * o, A_BOLD, "%6d", o);
	y++;
	if (z->have_types)
		for (int t = 0; t < s->ntypes; t++, y++) {
			put(y, 0, 0, "%-12s", live_type_name(s, t));
			for (int o = 0; o < s->norders; o++)
				put(y, 12 + 6 * o, 0, "%s%*" PRIu64, z->type_over[t][o] ? ">" : "",
				    z->type_over[t][o] ? 5 : 6, z->type_free[t][o]);
			/* History of the type's free pages, where there is room. */
			if (COLS >= 12 + 6 * s->norders + 14)
				put(y, 12 + 6 * s->norders + 2, 0, "%s",
				    live_sparkline(&m->tfree[v->zone][t], COLS - (12 + 6 * s->norders + 2) < 30
				    ? COLS - (12 + 6 * s->norders + 2) : 30, sp, sizeof(sp)));
		}
	else
		put(y++, 0, 0, "per type: pagetypeinfo not read (%s)", s->why_pagetypeinfo);
	put(y, 0, A_BOLD, "%-12s", "all types");
	for (int o = 0; o < s->norders; o++)
		put(y, 12 + 6 * o, A_BOLD, "%6" PRIu64, z->nr_free[o]);
	y++;
	if (z->have_blocks) {
		/* One "Type N" per type, with its history when there is room. */
		x = 0;
		put(y, x, 0, "blocks:");
		x = 8;
		int spw = COLS >= 140 ? 8 : 0;
		for (int t = 0; t < s->ntypes; t++) {
			char item[64];
			int len = snprintf(item, sizeof(item), "%s %" PRIu64, live_type_name(s, t), z->blocks[t]);
			put(y, x, 0, "%s", item);
			x += len + 1;
			if (spw) {
				put(y, x, 0, "%s", live_sparkline(&m->tblocks[v->zone][t], spw, sp, sizeof(sp)));
				x += spw;
			}
			x += 2;
		}
		y++;
	}
	if (z->have_mixed) {
		x = 0;
		put(y, x, 0, "mixed blocks (page_owner):");
		x = 27;
		for (int t = 0; t < s->ntypes; t++) {
			char item[64];
			int len = snprintf(item, sizeof(item), "%s %" PRIu64, live_type_name(s, t), z->mixed[t]);
			put(y, x, 0, "%s", item);
			x += len + 2;
		}
		y++;
	}
	int fw = COLS >= 100 ? 20 : 10;
	put(y++, 0, 0, "order %d (computed): extfrag %s %s  unusable %s %s", k,
	    idx_text(live_extfrag_index(z, s->norders, k), a, sizeof(a)), live_sparkline(&m->frag[v->zone], fw, sp, 128),
	    idx_text(live_unusable_index(z, s->norders, k), b, sizeof(b)),
	    live_sparkline(&m->unus[v->zone], fw, sp + 128, sizeof(sp) - 128));
	if (z->have_dbg_extfrag && z->have_dbg_unusable)
		put(y++, 0, 0, "order %d (debugfs):  extfrag %s  unusable %s", k, idx_text(z->dbg_extfrag[k], a, sizeof(a)),
		    idx_text(z->dbg_unusable[k], b, sizeof(b)));
	else
		put(y++, 0, 0, "debugfs extfrag: not readable (%s)", s->why_debugfs[0] ? s->why_debugfs : "no row");
	/* Counters, two a line: value, rate since the last refresh, history
	 * of the rate when there is room. */
	int cw = COLS / 2, rw = cw >= 58 ? 10 : 0;
	for (int c = 0; c < LIVE_VM_COUNT; c++) {
		int col = (c % 2) * cw;
		if (!s->have_vm[c])
			put_w(y, col, cw - 1, "%-23s n/a", live_vm_name(c));
		else if (m->have_rate[c] && rw)
			put(y, col, 0, "%-23s%10" PRIu64 " %7.1f/s %s", live_vm_name(c), s->vm[c], m->rates[c],
			    live_sparkline(&m->rate[c], rw, sp, sizeof(sp)));
		else if (m->have_rate[c])
			put_w(y, col, cw - 1, "%-23s%9" PRIu64 " %.0f/s", live_vm_name(c), s->vm[c], m->rates[c]);
		else
			put_w(y, col, cw - 1, "%-23s%9" PRIu64, live_vm_name(c), s->vm[c]);
		if (c % 2 == 1 || c + 1 == LIVE_VM_COUNT)
			y++;
	}
	live_grid(v, y, LINES - 1);
	if (v->status[0])
		put(LINES - 1, 0, A_REVERSE, "%s  (p pause  z/Z zone  r refresh  q quit)%-*s", v->status, COLS, "");
	else
		put(LINES - 1, 0, A_REVERSE, "p pause  z/Z zone  r refresh  q quit%-*s", COLS, "");
	refresh();
}

int live_view_run(struct live_model *m, double interval, bool mono)
{
	struct lv v = { .m = m, .interval = interval, .mono = mono };
	setlocale(LC_ALL, "");
	/* Our handlers first (curses then leaves them alone): the loop ends,
	 * the terminal is restored, and the exit status is 128 + signal. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		v.mono = true;
	if (!initscr()) {
		fprintf(stderr, "buddyviz: cannot open the terminal\n");
		return 2;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(100);
	if (!v.mono && has_colors()) {
		start_color();
		use_default_colors();
		init_pair(C_FREE, COLOR_GREEN, -1);
		init_pair(C_SLAB, COLOR_MAGENTA, -1);
		init_pair(C_LRU, COLOR_BLUE, -1);
		init_pair(C_RES, COLOR_RED, -1);
		init_pair(C_OTHER, COLOR_YELLOW, -1);
		init_pair(C_WARN, COLOR_RED, -1);
	} else {
		v.mono = true;
	}
	double next = now_s() + interval;
	char err[512];
	draw(&v);
	while (!live_signal) {
		int ch = getch();
		bool redraw = ch != ERR;
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch == 'p' || ch == ' ') {
			v.paused = !v.paused;
			next = now_s() + interval;
		} else if (ch == 'z' || ch == '\t' || ch == KEY_RIGHT) {
			v.zone = m->cur.nzones ? (v.zone + 1) % m->cur.nzones : 0;
		} else if (ch == 'Z' || ch == KEY_BTAB || ch == KEY_LEFT) {
			v.zone = m->cur.nzones ? (v.zone + m->cur.nzones - 1) % m->cur.nzones : 0;
		}
		double t = now_s();
		if (ch == 'r' || (!v.paused && t >= next)) {
			if (live_model_refresh(m, t, err, sizeof(err)))
				v.status[0] = 0;
			else
				snprintf(v.status, sizeof(v.status), "refresh failed, showing the last good one: %.180s", err);
			next = t + interval;
			redraw = true;
		}
		if (redraw)
			draw(&v);
	}
	endwin();
	return live_signal ? 128 + live_signal : 0;
}
