/* The quiz in the terminal: the grid as the TUI shows it, the question in
 * the caption, a text input in the status line (quiz_view.c). */
#ifndef BUDDYVIZ_TUI_QUIZ_VIEW_H
#define BUDDYVIZ_TUI_QUIZ_VIEW_H

#include <stdbool.h>

struct scenario;

/* Runs the quiz until its end or q. Returns the exit status: 0; 1 when
 * the scenario contradicts itself (said on stderr after the terminal is
 * restored); 2 when it has no question; TUI_EXIT_NO_TERMINAL without a
 * terminal; 128 + signal. The score is printed on stdout at the end. */
int tui_quiz_run(const struct scenario *sc, bool mono, bool marked_only);

/* `buddyviz quiz ARGS` (quiz_cmd.c): this front end in a terminal, the
 * line one (src/report/quiz_line.h) without. Returns the exit status.
 * quiz_usage is its usage line, "       buddyviz quiz ...\n". */
int quiz_cmd(int argc, char **argv);
extern const char quiz_usage[];

#endif
