/* The quiz's line front end (`buddyviz quiz` without a terminal, or with
 * --plain) and `run`'s check of quiz answers. The questions, answers and
 * scoring are src/scenario/quiz.h; this file only reads and writes lines.
 */
#ifndef BUDDYVIZ_QUIZ_LINE_H
#define BUDDYVIZ_QUIZ_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/event.h"
#include "engine/machine.h"

struct scenario;

/* Asks the scenario's questions on `in`/`out` (one answer a line; a blank
 * line skips, q quits, end of input stops), then prints the score.
 * Problems of the scenario itself (an expect or a stated answer the
 * simulation contradicts) go to `err`. Returns the exit status: 0, 1 when
 * the scenario contradicts itself, 2 when it has no question. */
int quiz_line_run(const struct scenario *sc, bool marked_only, FILE *in, FILE *out, FILE *err);

/* `run`: checks each quiz step's `answer` against what the step before it
 * did. NULL (and every call a no-op) when no quiz step states an answer.
 * chain/chain_ctx: an event hook to keep (--trace), or NULL. */
struct quiz_check;
struct quiz_check *quiz_check_new(const struct scenario *sc, struct machine *m, event_hook_fn chain, void *chain_ctx);
/* Around step i (0-based) of the scenario's steps. after: prints each
 * wrong answer to err as "FILE:LINE:COL: quiz answer wrong: ..." and
 * returns 1 if there was one, else 0. */
void quiz_check_before(struct quiz_check *qc, size_t i);
int quiz_check_after(struct quiz_check *qc, size_t i, FILE *err);
void quiz_check_free(struct quiz_check *qc);

#endif
