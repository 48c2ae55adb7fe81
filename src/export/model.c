/* What the exporters share (model.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "scenario/library.h"
#include "scenario/scenario.h"

static const char *usage_of(const char *cmd)
{
	if (strcmp(cmd, "svg") == 0)
		return "usage: buddyviz svg SCENARIO [--step N] [-o FILE.svg] [--cols N] [--width PX] [--profile P]\n";
	if (strcmp(cmd, "html") == 0)
		return "usage: buddyviz html SCENARIO [-o FILE.html] [--profile P]\n";
	return "usage: buddyviz record SCENARIO [-o FILE.cast] [--size WxH] [--delay SECONDS] [--mono] [--profile P]\n";
}

static bool fail(const char *cmd, const char *fmt, const char *what)
{
	fputs("buddyviz: ", stderr);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	fputs(usage_of(cmd), stderr);
	return false;
}

static bool whole(const char *s, uint64_t *out)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	*out = errno ? UINT64_MAX : v;
	return true;
}

/* "--opt V" or "--opt=V": the value, or NULL when not this option. */
static const char *opt_val(const char *opt, int argc, char **argv, int *i, bool *missing)
{
	size_t n = strlen(opt);
	const char *a = argv[*i];
	if (strncmp(a, opt, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

bool xargs_parse(const char *cmd, int argc, char **argv, unsigned opts, struct xargs *x)
{
	memset(x, 0, sizeof(*x));
	x->step = UINT64_MAX;
	x->w = 100;
	x->h = 30;
	x->delay = 1.5;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		bool missing = false;
		uint64_t n;
		if ((v = opt_val("-o", argc, argv, &i, &missing)) || (v = opt_val("--output", argc, argv, &i, &missing))) {
			if (!*v)
				return fail(cmd, "%s needs a file name", "-o");
			x->out = v;
		} else if ((opts & XO_STEP) && (v = opt_val("--step", argc, argv, &i, &missing))) {
			if (!whole(v, &x->step))
				return fail(cmd, "--step takes a step number >= 0, not '%s'", v);
		} else if ((opts & XO_COLS) && (v = opt_val("--cols", argc, argv, &i, &missing))) {
			if (!whole(v, &n) || n < 1 || n > 1024)
				return fail(cmd, "--cols takes a number of cells per row, 1..1024, not '%s'", v);
			x->cols = (int)n;
		} else if ((opts & XO_COLS) && (v = opt_val("--width", argc, argv, &i, &missing))) {
			if (!whole(v, &n) || n < 320 || n > 20000)
				return fail(cmd, "--width takes the picture's width in pixels, 320..20000, not '%s'", v);
			x->width = (int)n;
		} else if ((opts & XO_SIZE) && (v = opt_val("--size", argc, argv, &i, &missing))) {
			unsigned w, h;
			char end;
			if (sscanf(v, "%ux%u%c", &w, &h, &end) != 2 || w < 80 || h < 24 || w > 1000 || h > 500)
				return fail(cmd, "--size takes COLUMNSxLINES, from 80x24 to 1000x500, not '%s'", v);
			x->w = (int)w;
			x->h = (int)h;
		} else if ((opts & XO_DELAY) && (v = opt_val("--delay", argc, argv, &i, &missing))) {
			char *end;
			errno = 0;
			double d = strtod(v, &end);
			if (end == v || *end || errno || !(d >= 0.05 && d <= 600))
				return fail(cmd, "--delay takes seconds per step, 0.05..600, not '%s'", v);
			x->delay = d;
		} else if ((opts & XO_MONO) && strcmp(a, "--mono") == 0) {
			x->mono = true;
		} else if ((v = opt_val("--profile", argc, argv, &i, &missing))) {
			if (strcmp(v, "linux-6.12") != 0 && strcmp(v, "no-grouping") != 0)
				return fail(cmd, "unknown profile '%s'; allowed: linux-6.12, no-grouping", v);
			x->profile = v;
		} else if (missing) {
			return fail(cmd, "%s needs a value", a);
		} else if (a[0] == '-' && a[1]) {
			return fail(cmd, "unknown option '%s'", a);
		} else if (x->file) {
			return fail(cmd, "one scenario at a time, got a second: '%s'", a);
		} else {
			x->file = a;
		}
	}
	if (!x->file)
		return fail(cmd, "%s needs a scenario file (or an installed NAME, see --list)", cmd);
	return true;
}

struct scenario *xload(const struct xargs *x, struct app *a)
{
	const char *file = x->file;
	char *owned = NULL;
	if (library_is_name(file)) {
		char msg[1024];
		owned = library_resolve(file, msg, sizeof(msg));
		if (!owned) {
			fprintf(stderr, "buddyviz: %s\n", msg);
			return NULL;
		}
		file = owned;
	}
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load(file, x->profile, &d);
	free(owned);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.lines[i]);
	diag_list_clear(&d);
	if (!sc)
		return NULL;
	if (!app_init(a, sc)) {
		fprintf(stderr, "buddyviz: out of host memory building the machine\n");
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

void xunload(struct scenario *sc, struct app *a)
{
	app_fini(a);
	scenario_free(sc);
}

FILE *xopen_out(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "buddyviz: cannot write %s: %s\n", path, strerror(errno));
	return f;
}

bool xclose_out(FILE *f, const char *path)
{
	bool bad = ferror(f) != 0;
	int e = errno;
	if (f == stdout) {
		if (fflush(f) != 0 || bad) {
			fprintf(stderr, "buddyviz: cannot write to the standard output: %s\n", strerror(errno));
			return false;
		}
		return true;
	}
	if (fclose(f) != 0 || bad) {
		if (!bad)
			e = errno;
		fprintf(stderr, "buddyviz: cannot write %s: %s\n", path, strerror(e));
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			unlink(path);   /* a half-written file, never a device */
		return false;
	}
	return true;
}

int xzones(const struct app *a, uint64_t max_cells, struct xzone *z)
{
	for (int i = 0; i < a->nzones; i++) {
		uint64_t n = a->zones[i].nblocks;
		int zoom = 0;
		while ((n + (1ull << zoom) - 1) >> zoom > max_cells)
			zoom++;
		z[i] = (struct xzone){ a->zones[i].name, a->zones[i].first_block, n, (n + (1ull << zoom) - 1) >> zoom, zoom };
	}
	return a->nzones;
}

const char *xcaption(const struct app *a)
{
	if (a->caption)
		return a->caption;
	if (app_pos(a) == 0 && a->sc->description)
		return a->sc->description;
	return NULL;
}

/* Length of the valid UTF-8 sequence at s (0: invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (!len || len > n || (len == 2 && c < 0xc2) || (len == 4 && c > 0xf4))
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (len == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
		return 0;
	if (len == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)))
		return 0;
	return len;
}

void json_str(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', f);
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc((int)c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\r') {
			fputs("\\r", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c == '<') {
			fputs("\\u003c", f);   /* safe inside an HTML <script> */
		} else if (c >= 0x80) {
			size_t len = utf8_len(p + i, n - i);
			if (!len) {
				fputs("\\ufffd", f);
				i++;
				continue;
			}
			fwrite(p + i, 1, len, f);
			i += len;
			continue;
		} else {
			fputc((int)c, f);
		}
		i++;
	}
	fputc('"', f);
}

void xml_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 && c != '\n' && c != '\t')
			fputc(' ', f);
		else if (c >= 0x80) {
			size_t len = utf8_len(p + i, n - i);
			if (!len) {
				fputs("\xef\xbf\xbd", f);
				i++;
				continue;
			}
			fwrite(p + i, 1, len, f);
			i += len;
			continue;
		} else
			fputc((int)c, f);
		i++;
	}
}
