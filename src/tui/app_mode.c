/* `:set pcp on|off`, `:set watermarks on|off`: the same steps replayed on
 * a machine with per-cpu lists or watermarks switched (app.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "engine/step.h"
#include "scenario/scenario.h"

/* The scenario the rebuilt session was made from: it must outlive the app
 * (a->sc points to it). Its steps are copies owned here. */
static struct scenario mode_sc;
static struct step *mode_steps;
static size_t mode_nsteps;

static void free_steps(struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		step_clear(&s[i]);
	free(s);
}

bool app_set_mode(struct app *a, const char *args, uint64_t now, char *msg, size_t n)
{
	char what[32] = "", val[16] = "";
	if (sscanf(args, "%31s %15s", what, val) != 2 || (strcmp(val, "on") && strcmp(val, "off")) ||
	    (strcmp(what, "pcp") && strcmp(what, "watermarks"))) {
		snprintf(msg, n, "use :set pcp on|off or :set watermarks on|off");
		return false;
	}
	bool on = !strcmp(val, "on");
	struct scenario ns = *a->sc;
	ns.cfg = *a->cfg;
	if (!strcmp(what, "pcp"))
		ns.cfg.pcp = on;
	else
		ns.cfg.watermarks = on;
	size_t total = app_total(a), pos = app_pos(a);
	struct step *steps = calloc(total ? total : 1, sizeof(*steps));
	if (!steps) {
		snprintf(msg, n, "out of host memory");
		return false;
	}
	for (size_t i = 0; i < total; i++) {
		if (!step_copy(&steps[i], session_step(a->s, i))) {
			free_steps(steps, i + 1);
			snprintf(msg, n, "out of host memory");
			return false;
		}
	}
	ns.steps = steps;
	ns.nsteps = total;
	struct step *old = mode_steps;
	size_t nold = mode_nsteps;
	app_fini(a);
	mode_sc = ns;
	mode_steps = steps;
	mode_nsteps = total;
	if (!app_init(a, &mode_sc)) {
		snprintf(msg, n, "out of host memory rebuilding the machine");
		return false;
	}
	free_steps(old, nold);
	app_goto(a, pos, now);
	snprintf(msg, n, "%s %s", what, on ? "on" : "off");
	return true;
}
