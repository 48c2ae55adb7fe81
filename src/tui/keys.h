/* Key codes of the TUI, independent of curses, and the shape of the one
 * key table (tui.c) that generates both the dispatch and the `?` screen.
 *
 * A key is a Unicode code point (printable keys, control characters) or
 * one of the TK_* codes above the Unicode range; draw.c translates curses
 * key codes into these.
 */
#ifndef BUDDYVIZ_TUI_KEYS_H
#define BUDDYVIZ_TUI_KEYS_H

#include <stddef.h>

#define TK_BASE 0x110000
enum tui_key {
	TK_NONE = 0,
	TK_UP = TK_BASE, TK_DOWN, TK_LEFT, TK_RIGHT,
	TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_ENTER, TK_BACKSPACE, TK_ESC, TK_DELETE,
	TK_RESIZE,          /* the terminal changed size */
	TK_MOUSE,           /* a click or wheel: see struct tui_mouse */
	TK_TIMEOUT,         /* nothing arrived before the deadline */
	TK_F5,              /* a presenter remote's start key */
};

#define TK_CTRL(c) ((c) & 0x1f)

struct tui_mouse {
	int x, y;
	int button;         /* 1 = left click, 4 = wheel up, 5 = wheel down */
};

/* Screens a binding belongs to (a mask). */
enum {
	SC_GRID = 1 << 0,
	SC_DETAIL = 1 << 1,
	SC_HELP = 1 << 2,
	SC_LOG = 1 << 3,
	SC_ALL = SC_GRID | SC_DETAIL | SC_HELP | SC_LOG,
};

struct tui;
/* What a key caused, for the main loop (htop's reaction flags). */
enum {
	R_NONE = 0,
	R_REDRAW = 1 << 0,    /* draw the screen again */
	R_MOVED = 1 << 1,     /* the machine changed (implies a redraw) */
	R_CLEAR = 1 << 2,     /* repaint everything (Ctrl-L, screen switch) */
	R_QUIT = 1 << 3,
};

struct binding {
	int keys[3];                 /* up to three keys, 0-terminated */
	unsigned screens;            /* SC_* mask */
	const char *section;         /* help section */
	const char *help;            /* help line */
	int (*fn)(struct tui *t);    /* returns R_* flags */
	const char *hint;            /* word in the status line's hints, or NULL */
};

/* "space", "Backspace", "Up", "q", "Ctrl-L", ... */
void tui_key_name(int key, char *buf, size_t n);

#endif
