/* `buddyviz record`: the terminal interface playing a whole scenario,
 * recorded without a terminal as asciicast v2 (tui_record() draws, cast.c
 * writes). */
#include <string.h>
#include <unistd.h>

#include "cast.h"
#include "export.h"
#include "model.h"
#include "scenario/scenario.h"
#include "tui/tui.h"

#define RECORD_TERM "xterm-256color"

static void to_cast(void *ctx, double t, const char *bytes, size_t n)
{
	cast_output(ctx, t, bytes, n);
}

int export_record_cmd(int argc, char **argv)
{
	struct xargs x;
	if (!xargs_parse("record", argc, argv, XO_SIZE | XO_DELAY | XO_MONO, &x))
		return 2;
	struct app a;
	struct scenario *sc = xload(&x, &a);
	if (!sc)
		return 2;
	app_fini(&a);   /* tui_record() builds its own */
	FILE *f = xopen_out(x.out);
	if (!f) {
		scenario_free(sc);
		return 2;
	}
	char title[300];
	snprintf(title, sizeof(title), "buddyviz: %s", sc->name);
	struct cast c;
	cast_begin(&c, f, x.w, x.h, title, RECORD_TERM);
	int rc = tui_record(sc, RECORD_TERM, x.w, x.h, x.mono, x.delay, to_cast, &c);
	bool ok = cast_end(&c);
	ok = xclose_out(f, x.out) && ok;
	if (rc && x.out && strcmp(x.out, "-") != 0)
		unlink(x.out);   /* no half recording */
	scenario_free(sc);
	return rc ? rc : ok ? 0 : 2;
}
