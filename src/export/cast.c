/* The asciicast v2 writer (cast.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cast.h"
#include "model.h"

bool cast_begin(struct cast *c, FILE *f, int w, int h, const char *title, const char *term)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long ts = sde && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL);
	fprintf(f, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %lld, \"title\": ", w, h, ts);
	json_str(f, title, strlen(title));
	fputs(", \"env\": {\"TERM\": ", f);
	json_str(f, term, strlen(term));
	fputs(", \"SHELL\": \"/bin/sh\"}}\n", f);
	return !ferror(f);
}

static double when(struct cast *c, double t)
{
	if (t < c->last)
		t = c->last;
	c->last = t;
	return t;
}

/* Bytes at the end of [p, p+n) that start a UTF-8 character not yet whole. */
static size_t split_tail(const unsigned char *p, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned ch = p[n - k];
		if ((ch & 0xc0) == 0x80)
			continue;
		size_t need = (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : (ch & 0xf8) == 0xf0 ? 4 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

void cast_output(struct cast *c, double t, const char *data, size_t n)
{
	if (!n && !c->ncarry)
		return;
	size_t total = c->ncarry + n;
	unsigned char *buf = malloc(total ? total : 1);
	if (!buf)
		return;
	memcpy(buf, c->carry, c->ncarry);
	memcpy(buf + c->ncarry, data, n);
	size_t tail = split_tail(buf, total);
	c->ncarry = tail;
	memcpy(c->carry, buf + total - tail, tail);
	if (total > tail) {
		fprintf(c->f, "[%.6f, \"o\", ", when(c, t));
		json_str(c->f, (const char *)buf, total - tail);
		fputs("]\n", c->f);
	}
	free(buf);
}

void cast_resize(struct cast *c, double t, int w, int h)
{
	fprintf(c->f, "[%.6f, \"r\", \"%dx%d\"]\n", when(c, t), w, h);
}

bool cast_end(struct cast *c)
{
	if (c->ncarry) {
		fprintf(c->f, "[%.6f, \"o\", ", c->last);
		json_str(c->f, (const char *)c->carry, c->ncarry);
		fputs("]\n", c->f);
		c->ncarry = 0;
	}
	return fflush(c->f) == 0 && !ferror(c->f);
}
