/* The drawing module: the only file that includes curses (tuiterm.h). */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "palette.h"
#include "tuiterm.h"
#include "view.h"

/* ---- theme ------------------------------------------------------------------ */

/* One entry per role: colours (-1 = terminal default) and the attributes
 * in colour and in monochrome mode. The type colours are the palette of
 * tui.md; change them here. */
struct theme_entry {
	short fg, bg;
	attr_t colour, mono;
};

static const struct theme_entry theme[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { -1, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_CAPTION] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_ZONE] = { -1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ROLE_LABEL] = { -1, -1, A_DIM, A_DIM },
	[ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[ROLE_HEAD] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_CHANGED] = { COLOR_YELLOW, -1, A_REVERSE | A_BOLD, A_REVERSE },
	[ROLE_EVENT_FN] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_DECISION] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_STATUS] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_KEY] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_NOTICE] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_RUN] = { COLOR_GREEN, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_CMDLINE] = { -1, -1, A_BOLD, A_BOLD },
	/* The type roles take their colours from type_colours[] (palette.h). */
	[ROLE_T_UNMOVABLE] = { -1, -1, A_NORMAL, A_BOLD },
	[ROLE_T_MOVABLE] = { -1, -1, A_NORMAL, A_BOLD },
	[ROLE_T_RECLAIMABLE] = { -1, -1, A_NORMAL, A_BOLD },
	[ROLE_T_HIGHATOMIC] = { -1, -1, A_NORMAL, A_BOLD },
	[ROLE_T_CMA] = { -1, -1, A_NORMAL, A_BOLD },
	[ROLE_T_ISOLATE] = { -1, -1, A_NORMAL, A_BOLD },
};

/* The migratetypes' colours and the marks' colour: palette.h, shared
 * with the exporters (src/export). Its 8-colour entries are ANSI numbers. */
_Static_assert(COLOR_RED == ANSI_RED && COLOR_BLUE == ANSI_BLUE && COLOR_WHITE == ANSI_WHITE,
	       "curses colour numbers are the ANSI ones");

/* Narrow (one-column) cells: the fill level as a shade, UTF-8 and ASCII. */
static const wchar_t *const glyph_utf8[] = { L"\u00b7", L"\u2591", L"\u2592", L"\u2593" };
static const wchar_t *const glyph_ascii[] = { L".", L".", L":", L"#" };
/* Overlay marks (grid.h). */
static const wchar_t *const mark_utf8[] = {
#define GM_U(e, asc, u, w) L"" u,
	GRID_MARKS(GM_U)
#undef GM_U
};
static const wchar_t *const mark_ascii[] = {
#define GM_A(e, asc, u, w) L"" asc,
	GRID_MARKS(GM_A)
#undef GM_A
};

/* ---- state ------------------------------------------------------------------ */

static SCREEN *scr;
static bool is_open, mono, utf8, own_tty, mouse_on;
static short role_pair[ROLE_COUNT];
static short cell_pair[MT_COUNT];   /* dark on the type's colour */
static short mark_pair;
static uint64_t *row_hash;
static int nrow_hash, hash_w;
static bool invalid = true;
static int last_cur_vis = -1;

/* Emergency restore, usable from a signal handler. */
static int out_fd = -1;
static struct termios saved_tio;
static bool have_tio;
static char restore_seq[512];
static size_t restore_len;
static volatile sig_atomic_t pending_sig, busy;

/* ---- colours ---------------------------------------------------------------- */

static short next_pair = 1;

static short make_pair(short fg, short bg)
{
	if (fg == -1 && bg == -1)
		return 0;
	if (next_pair >= COLOR_PAIRS)
		return 0;
	init_pair(next_pair, fg, bg);
	return next_pair++;
}

static void setup_colours(void)
{
	if (mono)
		return;
	use_default_colors();
	next_pair = 1;
	bool c256 = COLORS >= 256;
	/* Text in colour: with 256 colours a mid blue that reads on dark and
	 * light backgrounds; with 8, cyan (dark terminals) or, with
	 * BUDDYVIZ_THEME=light, blue. */
	const char *th = getenv("BUDDYVIZ_THEME");
	bool light = th && strcmp(th, "light") == 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		short fg = theme[r].fg;
		if (fg == COLOR_CYAN)
			fg = c256 ? PALETTE_TEXT256 : light ? COLOR_BLUE : COLOR_CYAN;
		else if (fg == COLOR_YELLOW && light && !c256)
			fg = COLOR_MAGENTA;
		role_pair[r] = make_pair(fg, theme[r].bg);
	}
	for (int t = 0; t < MT_COUNT; t++) {
		const struct type_colour *c = &type_colours[t];
		cell_pair[t] = c256 ? make_pair(c->fg256, c->bg256) : make_pair(c->fg8, c->bg8);
		/* Type names in the panels are chips of the same colour. */
		role_pair[ROLE_TYPE(t)] = cell_pair[t];
	}
	mark_pair = c256 ? make_pair(mark_colour.fg256, mark_colour.bg256) : make_pair(mark_colour.fg8, mark_colour.bg8);
}

/* ---- signals ---------------------------------------------------------------- */

static void emergency_restore(void)
{
	if (out_fd >= 0 && restore_len) {
		ssize_t r = write(out_fd, restore_seq, restore_len);
		(void)r;
	}
	if (have_tio)
		tcsetattr(out_fd >= 0 ? out_fd : STDIN_FILENO, TCSANOW, &saved_tio);
}

static void on_stop_signal(int sig)
{
	if (busy && is_open) {
		emergency_restore();
		_exit(128 + sig);
	}
	pending_sig = sig;
}

static void on_crash_signal(int sig)
{
	if (is_open)
		emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal;   /* no SA_RESTART: wake up getch */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
}

static void add_restore(const char *cap)
{
	const char *s = tigetstr(cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void build_restore(void)
{
	restore_len = 0;
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmkx");
	if (mouse_on) {
		static const char off[] = "\033[?1000l\033[?1002l\033[?1006l";
		memcpy(restore_seq + restore_len, off, sizeof(off) - 1);
		restore_len += sizeof(off) - 1;
	}
	add_restore("rmcup");
}

static void at_exit_restore(void)
{
	term_close();
}

int term_pending_signal(void) { return pending_sig; }
void term_set_busy(bool b) { busy = b; }
void term_clear_signal(void) { pending_sig = 0; }

/* ---- open / close ----------------------------------------------------------- */

static void common_setup(bool want_mono)
{
	const char *nc = getenv("NO_COLOR");
	mono = want_mono || (nc && *nc) || !has_colors();
	if (!mono) {
		start_color();
		if (COLORS < 8)
			mono = true;
	}
	setup_colours();
	noecho();
	cbreak();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	scrollok(stdscr, FALSE);
	invalid = true;
}

bool term_open(bool want_mono, char *err, size_t errlen)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the terminal interface needs a terminal (use 'buddyviz run FILE')");
		return false;
	}
	const char *tn = getenv("TERM");
	if (!tn || !*tn) {
		snprintf(err, errlen, "TERM is not set; try TERM=xterm-256color");
		return false;
	}
	out_fd = STDOUT_FILENO;
	have_tio = tcgetattr(out_fd, &saved_tio) == 0;
	/* Our handlers first: curses then leaves SIGINT/SIGTERM alone. */
	install_signals();
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, "cannot open the terminal '%s'", tn);
		return false;
	}
	set_term(scr);
	is_open = own_tty = true;
	atexit(at_exit_restore);
	set_escdelay(25);
	common_setup(want_mono);
	mouse_on = mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) != 0;
	mouseinterval(0);
	build_restore();
	return true;
}

bool term_open_file(FILE *out, FILE *in, const char *termname, int w, int h, bool want_mono)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	utf8 = cs && strcmp(cs, "UTF-8") == 0;
	scr = newterm(termname, out, in);
	if (!scr)
		return false;
	set_term(scr);
	is_open = true;
	own_tty = false;
	common_setup(want_mono);
	resizeterm(h, w);
	return true;
}

void term_close(void)
{
	if (!is_open)
		return;
	is_open = false;
	if (mouse_on)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	if (!own_tty) {
		delscreen(scr);
		scr = NULL;
	}
	free(row_hash);
	row_hash = NULL;
	nrow_hash = 0;
}

bool term_is_mono(void) { return mono; }
bool term_is_utf8(void) { return utf8; }

void term_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

/* ---- input ------------------------------------------------------------------ */

int term_read_key(int timeout_ms, struct tui_mouse *mouse)
{
	wint_t ch;
	wtimeout(stdscr, timeout_ms);
	int r = wget_wch(stdscr, &ch);
	if (r == ERR)
		return TK_TIMEOUT;
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return TK_UP;
		case KEY_DOWN: return TK_DOWN;
		case KEY_LEFT: return TK_LEFT;
		case KEY_RIGHT: return TK_RIGHT;
		case KEY_PPAGE: return TK_PGUP;
		case KEY_NPAGE: return TK_PGDN;
		case KEY_HOME: return TK_HOME;
		case KEY_END: return TK_END;
		case KEY_ENTER: return TK_ENTER;
		case KEY_BACKSPACE: return TK_BACKSPACE;
		case KEY_DC: return TK_DELETE;
		case KEY_RESIZE: return TK_RESIZE;
		case KEY_F(5): return TK_F5;
		case KEY_MOUSE: {
			MEVENT me;
			if (getmouse(&me) != OK || !mouse)
				return TK_TIMEOUT;
			mouse->x = me.x;
			mouse->y = me.y;
			mouse->button = (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) ? 1
				      : (me.bstate & BUTTON4_PRESSED)			 ? 4
				      : (me.bstate & BUTTON5_PRESSED)			 ? 5
												 : 0;
			return mouse->button ? TK_MOUSE : TK_TIMEOUT;
		}
		default: return TK_TIMEOUT;
		}
	}
	switch (ch) {
	case '\r':
	case '\n': return TK_ENTER;
	case 27: {
		/* A lone Esc, or the rest of a sequence curses did not know
		 * (ESC [ ... final, ESC O x, Alt-key): swallow it whole rather
		 * than read it as keys. */
		wint_t c2;
		wtimeout(stdscr, 0);
		if (wget_wch(stdscr, &c2) == ERR)
			return TK_ESC;
		if (c2 == '[' || c2 == 'O') {
			for (int i = 0; i < 16; i++) {
				if (wget_wch(stdscr, &c2) == ERR)
					break;
				if (c2 >= 0x40 && c2 <= 0x7e)
					break;
			}
		}
		return TK_TIMEOUT;
	}
	case 127:
	case 8: return TK_BACKSPACE;
	default: return (int)ch;
	}
}

/* ---- drawing ---------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t row_digest(const struct view_row *r)
{
	uint64_t h = 1469598103934665603ull;
	h = fnv(h, &r->kind, 1);
	h = fnv(h, &r->role, 1);
	h = fnv(h, r->text, r->len);
	h = fnv(h, r->segs, (size_t)r->nsegs * sizeof(r->segs[0]));
	h = fnv(h, &r->split, sizeof(r->split));
	if (r->kind == ROW_CELLS)
		h = fnv(h, r->cells, (size_t)r->ncells * sizeof(r->cells[0]));
	return h;
}

static void set_role(int role)
{
	const struct theme_entry *t = &theme[role];
	if (mono)
		wattr_set(stdscr, t->mono, 0, NULL);
	else
		wattr_set(stdscr, t->colour, role_pair[role], NULL);
}

static void put_glyph(const wchar_t *g, attr_t a, short pair)
{
	cchar_t cc;
	setcchar(&cc, g, a, pair, NULL);
	wadd_wch(stdscr, &cc);
}

/* Marks a one-column cell shows (the scanners and the block just scanned). */
#define NARROW_MARKS ((1u << GM_SCAN_MIGRATE) | (1u << GM_SCAN_FREE) | (1u << GM_SCANNING))

/* One column of a block cell (grid.h paint codes). */
static void put_block_code(const struct view_cell *c, int code)
{
	wchar_t wc[2] = { 0, 0 };
	const wchar_t *g = wc;
	attr_t a = A_NORMAL;
	short pair = mono ? 0 : cell_pair[c->type];
	char l = mtype_letter(c->type);
	wchar_t letter = (wchar_t)(c->flags & CF_USED ? l : l - 'A' + 'a');
	switch (code) {
	case P_GAP:
	case P_BLANK:
		put_glyph(L" ", A_NORMAL, 0);
		return;
	case P_FRAME_L:
	case P_FRAME_R:
		if (mono || !utf8)
			g = code == P_FRAME_L ? L"[" : L"]";
		else
			g = code == P_FRAME_L ? L"\u2590" : L"\u258c";
		put_glyph(g, A_BOLD, 0);
		return;
	case P_NARROW:
		if (c->marks & NARROW_MARKS) {
			/* A scanner on a one-column cell: its glyph in colour;
			 * in mono the letter stays, reverse and underlined. */
			int m = 0;
			while (!(c->marks & NARROW_MARKS & (1u << m)))
				m++;
			if (mono) {
				wc[0] = letter;
				a = A_REVERSE | A_UNDERLINE | A_BOLD;
			} else {
				const wchar_t *const *tab = utf8 ? mark_utf8 : mark_ascii;
				g = tab[m];
				a = A_BOLD;
				pair = mark_pair;
			}
			break;
		}
		if (mono) {
			wc[0] = letter;
			a = c->fill == FILL_FREE ? A_DIM : c->fill >= FILL_HALF ? A_BOLD : A_NORMAL;
			if (c->flags & CF_MIXED)
				a |= A_UNDERLINE;
			if (c->flags & CF_CHANGED)
				a |= A_REVERSE;
			if (c->flags & CF_CURSOR)
				a = (a & ~A_DIM) | A_REVERSE | A_BLINK | A_BOLD;
		} else if (c->flags & CF_CURSOR) {
			wc[0] = letter;
			a = A_BOLD;
			pair = mark_pair;
		} else {
			g = (utf8 ? glyph_utf8 : glyph_ascii)[c->fill];
			if (c->flags & CF_MIXED)
				a |= A_UNDERLINE;
			if (c->flags & CF_CHANGED)
				a |= A_REVERSE;
		}
		break;
	case P_LETTER:
		wc[0] = letter;
		a = A_BOLD;
		if (mono && (c->flags & CF_USED))
			a |= A_REVERSE;
		break;
	case P_USED:
		if (mono) {
			wc[0] = L' ';
			a = A_REVERSE;
		} else {
			g = utf8 ? L"\u2592" : L"#";
		}
		break;
	case P_PCP:
		/* Pages on per-cpu lists in the block. */
		wc[0] = L'%';
		a = A_BOLD;
		break;
	case P_FREE:
		if (mono) {
			g = utf8 ? L"\u00b7" : L".";
			a = A_DIM;
		} else {
			wc[0] = L' ';
		}
		break;
	case P_MIXED:
		g = mono || !utf8 ? L"*" : L"\u25c6";
		a = A_BOLD;
		if (!mono && c->other < MT_COUNT)
			pair = cell_pair[c->other];
		break;
	case P_CHANGED:
		g = mono || !utf8 ? L"+" : L"\u25cf";
		a = A_BOLD | (mono ? A_REVERSE : 0);
		if (!mono)
			pair = mark_pair;
		break;
	default:
		if (code >= P_MARK0 && code < P_MARK0 + GM_COUNT) {
			const wchar_t *const *tab = utf8 && !mono ? mark_utf8 : mark_ascii;
			g = tab[code - P_MARK0];
			a = A_BOLD;
			if (!mono)
				pair = mark_pair;
		} else {
			wc[0] = L' ';
		}
		break;
	}
	put_glyph(g, a, pair);
}

static void put_page_cell(const struct view_cell *c)
{
	wchar_t wc[2] = { 0, 0 };
	const wchar_t *s = wc;
	attr_t a = A_NORMAL;
	short pair = 0;
	if (c->kind == CELL_PAGE) {
		if (c->flags & CF_USED) {
			wc[0] = (wchar_t)(unsigned char)c->ch;
			a = c->flags & CF_HEAD ? A_BOLD : A_NORMAL;
		} else {
			s = utf8 ? L"\u00b7" : L".";
			a = A_DIM;
		}
		if (!mono)
			pair = cell_pair[c->type];
		if (c->flags & CF_MIXED)
			a |= A_UNDERLINE;
		/* Compaction: an isolated source keeps its letter, bold and
		 * underlined; a destination still free shows the target mark. */
		if (c->marks & (1u << GM_ISOLATED)) {
			a = (a & ~A_DIM) | A_BOLD | A_UNDERLINE;
			if (!mono)
				pair = mark_pair;
		} else if (c->marks & (1u << GM_DEST)) {
			if (!(c->flags & CF_USED))
				s = utf8 && !mono ? mark_utf8[GM_DEST] : mark_ascii[GM_DEST];
			a = (a & ~A_DIM) | A_BOLD;
			if (!mono)
				pair = mark_pair;
		}
		if (c->flags & CF_CURSOR)
			a = (a & ~A_DIM) | A_REVERSE | A_BOLD;
	} else {
		wc[0] = L' ';
	}
	put_glyph(s, a, pair);
}

static void put_cells(const struct view_row *r)
{
	if (!r->ncells)
		return;
	if (r->cells[0].kind != CELL_BLOCK) {
		for (int i = 0; i < r->ncells; i++)
			put_page_cell(&r->cells[i]);
		return;
	}
	enum { MAXW = 1024 };
	uint8_t code[MAXW];
	int16_t cell[MAXW];
	int n = grid_paint_row(r, code, cell, MAXW);
	for (int x = 0; x < n; x++) {
		if (cell[x] < 0)
			put_glyph(L" ", A_NORMAL, 0);
		else
			put_block_code(&r->cells[cell[x]], code[x]);
	}
}

static void put_segs(const struct view_row *r, size_t from, size_t to)
{
	for (int i = 0; i < r->nsegs; i++) {
		const struct view_seg *s = &r->segs[i];
		size_t a = s->off, b = (size_t)s->off + s->len;
		if (a < from)
			a = from;
		if (b > to)
			b = to;
		if (a >= b)
			continue;
		set_role(s->role);
		waddnstr(stdscr, r->text + a, (int)(b - a));
	}
}

/* Row r at (x, y), then blanks up to column `end`. */
static void draw_row_at(const struct view_row *r, int y, int x, int end, bool clear_eol)
{
	wmove(stdscr, y, x);
	if (r->kind == ROW_CELLS) {
		put_segs(r, 0, r->split);
		/* Cells carry their own attributes: none from the window. */
		wattr_set(stdscr, A_NORMAL, 0, NULL);
		put_cells(r);
		put_segs(r, r->split, r->len);
	} else {
		put_segs(r, 0, r->len);
	}
	int used = x + view_row_width(r);
	set_role(r->role);
	if (r->role != ROLE_NORMAL || !clear_eol) {
		for (int i = used; i < end; i++)
			waddch(stdscr, ' ');
	} else if (used < end) {
		wclrtoeol(stdscr);
	}
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

/* The inset row covering screen row y, or NULL. */
static const struct view_row *inset_row(const struct view_inset *in, int y)
{
	if (!in->v || y < in->y || y >= in->y + in->v->nrows)
		return NULL;
	return &in->v->rows[y - in->y];
}

/* Row y, then the insets over it (a split screen's panes), left to right. */
static void draw_row(const struct view *v, int y)
{
	draw_row_at(&v->rows[y], y, 0, v->w, true);
	for (int i = 0; i < v->ninsets; i++) {
		const struct view_row *r = inset_row(&v->insets[i], y);
		if (r)
			draw_row_at(r, y, v->insets[i].x, v->insets[i].x + v->insets[i].v->w, false);
	}
}

void term_invalidate(void) { invalid = true; }

static void draw(const struct view *v, bool flush, bool force)
{
	if (!is_open)
		return;
	if (nrow_hash != v->nrows || hash_w != v->w) {
		free(row_hash);
		row_hash = calloc((size_t)v->nrows + 1, sizeof(*row_hash));
		nrow_hash = row_hash ? v->nrows : 0;
		hash_w = v->w;
		invalid = true;
	}
	if (invalid) {
		werase(stdscr);
		clearok(stdscr, TRUE);
	}
	for (int y = 0; y < v->nrows && y < LINES; y++) {
		uint64_t h = row_digest(&v->rows[y]);
		for (int i = 0; i < v->ninsets; i++) {
			const struct view_row *r = inset_row(&v->insets[i], y);
			if (r)
				h = h * 31 + row_digest(r) + (uint64_t)v->insets[i].x;
		}
		if (!invalid && !force && row_hash && row_hash[y] == h)
			continue;
		draw_row(v, y);
		if (row_hash)
			row_hash[y] = h;
	}
	invalid = false;
	int vis = v->cur_y >= 0 ? 1 : 0;
	if (vis != last_cur_vis) {
		curs_set(vis);
		last_cur_vis = vis;
	}
	if (vis)
		wmove(stdscr, v->cur_y, v->cur_x);
	wnoutrefresh(stdscr);
	if (flush)
		doupdate();
}

void term_draw(const struct view *v, bool flush) { draw(v, flush, false); }
void term_draw_force(const struct view *v, bool flush) { draw(v, flush, true); }
