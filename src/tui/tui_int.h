/* Internal to the terminal interface (tui.c: actions, key table, screens;
 * tui_loop.c: the command line, auto-run and the main loop). No curses. */
#ifndef BUDDYVIZ_TUI_INT_H
#define BUDDYVIZ_TUI_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "keys.h"
#include "view.h"

#define CMD_HISTORY 32
#define FRAME_MS 33          /* auto-run draws at most ~30 frames a second */
#define IDLE_MS 100          /* longest wait for a key (signals are polled) */
#define RUN_BUDGET_MS 25     /* engine time per frame at "max" speed */
#define BUSY_SHOW_MS 200     /* a step this long shows its progress */

struct screen {
	unsigned mask;          /* SC_*: which bindings apply */
	void (*init)(struct tui *t);
	void (*draw)(struct tui *t, uint64_t now);
	int (*key)(struct tui *t, int key);
};

struct tui {
	struct app app;
	struct ui ui;
	struct view view;
	int w, h;
	const struct screen *scr;
	char hist[CMD_HISTORY][UI_CMD_MAX];
	int nhist, hist_at;
	uint64_t next_step_ms;
	uint64_t run_t0, run_steps;  /* speeds above one step a frame: steps since run_t0 */
	struct tui_mouse mouse;
	int key;                 /* the key being handled */
	uint64_t now;
	bool confirm_quit;       /* asked "quit without saving? (y/n)" */
	/* A step running with progress (tui_loop.c on_progress): */
	struct step_progress prog;
	bool slow;               /* one operation at a time at the run speed */
	bool cancelled;          /* the last move was cancelled */
	uint64_t busy_t0, busy_draw, busy_poll, busy_next_op;
	size_t marks[32];        /* steps marked with m, ascending */
	int nmarks;
};

uint64_t now_ms(void);
void status(struct tui *t, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The next step, drawn with progress when it takes longer than
 * BUSY_SHOW_MS (Esc, q or Ctrl-C cancel it back to the state before);
 * slow: one operation at a time. False at the end or when cancelled
 * (t->cancelled). */
bool move_forward(struct tui *t);
bool move_forward_slow(struct tui *t);
int stop_running(struct tui *t);
/* A failed expect of the step just run, in the status line. */
bool report_expect(struct tui *t);
/* Runs a hand-made step given as text; errors go to the status line. */
int run_text(struct tui *t, const char *text);
/* The command line's keys; `:goto N` and the event search are its own. */
int cmd_key(struct tui *t, int key);
/* Event log search from the selection, forward (dir > 0) or back. */
int log_search(struct tui *t, const char *q, int dir);
/* x: the grid at this step as an SVG file in the current directory
 * (tui_record.c, through src/export's svg_save()). */
int act_export_svg(struct tui *t);
/* Switches screens (init runs). */
int go_screen(struct tui *t, int id);

#endif
