/* Values against the scenario-keys table, and errors with positions
 * (check.h). The generic rules live here: unknown, duplicate and missing
 * keys, wrong types, ranges and limits of the table, "not supported yet".
 */
#include "scenario/check.h"
#include "scenario/quiz.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"
#include "engine/stats.h"
#include "engine/step.h"
#include "scenario/xalloc.h"

/* ---- Diagnostics ------------------------------------------------------- */

static void vdiag(struct ctx *c, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	c->d = xgrow(c->d, &c->capd, c->nd + 1, sizeof *c->d);
	c->d[c->nd] = (struct pdiag){ line, col, c->nd, xstrdup(buf) };
	c->nd++;
}

void sc_err(struct ctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(c, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

void sc_err_pos(struct ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(c, line, col, fmt, ap);
	va_end(ap);
}

static int cmp_pdiag(const void *a, const void *b)
{
	const struct pdiag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void sc_diag_push(struct diag_list *dl, char *line)
{
	dl->lines = xgrow(dl->lines, &dl->cap, dl->n + 1, sizeof *dl->lines);
	dl->lines[dl->n++] = line;
}

void diag_list_clear(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

void sc_sort(struct ctx *c)
{
	if (c->nd > 1)
		qsort(c->d, c->nd, sizeof *c->d, cmp_pdiag);
}

/* Sorts the collected errors into file order and hands them over. */
void sc_flush(struct ctx *c, const char *path, struct diag_list *out)
{
	sc_sort(c);
	for (size_t i = 0; i < c->nd; i++) {
		const struct pdiag *p = &c->d[i];
		size_t n = strlen(path) + strlen(p->msg) + 32;
		char *line = xmalloc(n);
		if (p->line)
			snprintf(line, n, "%s:%" PRIu32 ":%" PRIu32 ": %s", path, p->line, p->col, p->msg);
		else
			snprintf(line, n, "%s: %s", path, p->msg);
		if (out)
			sc_diag_push(out, line);
		else
			free(line);
		free(p->msg);
	}
	free(c->d);
	c->d = NULL;
	c->nd = c->capd = 0;
}

/* ---- Showing values in messages ----------------------------------------- */

/* A node as a message shows it: "abc" in quotes (at most 40 characters,
 * cut at a character boundary, control characters escaped), "a list",
 * "a mapping", "nothing (null)". */
const char *sc_show(const struct ynode *n, char *buf, size_t sz)
{
	if (n->type == YN_SEQ)
		return "a list";
	if (n->type == YN_MAP)
		return "a mapping";
	if (ynode_is_null(n))
		return "nothing (null)";
	size_t o = 1, chars = 0;
	buf[0] = '"';
	for (size_t i = 0; i < n->len && o + 16 < sz; i++) {
		unsigned char ch = (unsigned char)n->value[i];
		if ((ch & 0xC0) != 0x80) {
			if (chars == 40) {
				o += (size_t)snprintf(buf + o, sz - o, "...");
				break;
			}
			chars++;
		}
		if (ch == '"' || ch == '\\')
			o += (size_t)snprintf(buf + o, sz - o, "\\%c", ch);
		else if (ch == '\n')
			o += (size_t)snprintf(buf + o, sz - o, "\\n");
		else if (ch == '\t')
			o += (size_t)snprintf(buf + o, sz - o, "\\t");
		else if (ch < 0x20 || ch == 0x7F)
			o += (size_t)snprintf(buf + o, sz - o, "\\x%02X", ch);
		else
			buf[o++] = (char)ch;
	}
	snprintf(buf + o, sz - o, "\"");
	return buf;
}

/* A number as written (plain ASCII), cut after 40 characters. */
const char *sc_raw(const struct ynode *v, char *buf, size_t n)
{
	snprintf(buf, n, "%.40s%s", v->value, v->len > 40 ? "..." : "");
	return buf;
}

void sc_wrong_type(struct ctx *c, const char *key, const struct ynode *v, const char *expected)
{
	char b[SHOWBUF];
	bool numeric_string = v->type == YN_SCALAR && v->quoted && v->len > 0 &&
			      strspn(v->value, "0123456789+-.eE") == v->len;
	sc_err(c, v, "%s: expected %s, got %s%s%s", key, expected,
	       v->type == YN_SCALAR && v->quoted ? "the string " : "", sc_show(v, b, sizeof b),
	       numeric_string ? " (numbers are written without quotes)" : "");
}

/* ---- Scalars -------------------------------------------------------------- */

/* A plain decimal integer: -?(0|[1-9][0-9]*), as sign and magnitude. */
int sc_scan_int(const struct ynode *n, bool *neg, uint64_t *mag)
{
	if (n->type != YN_SCALAR || n->quoted || n->has_nul)
		return NUM_NOT;
	const char *s = n->value;
	*neg = *s == '-';
	if (*neg)
		s++;
	if (!*s || strspn(s, "0123456789") != strlen(s) || (s[0] == '0' && s[1]))
		return NUM_NOT;
	uint64_t v = 0;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return NUM_OVER;
		v = v * 10 + d;
	}
	*mag = v;
	return NUM_OK;
}

bool sc_in_range(bool neg, uint64_t mag, int64_t min, uint64_t max)
{
	if (neg && mag) {
		if (min >= 0)
			return false;
		return mag <= (uint64_t)(-(min + 1)) + 1;
	}
	if (min > 0 && mag < (uint64_t)min)
		return false;
	return mag <= max;
}

static void range_text(char *buf, size_t n, int64_t min, uint64_t max, const char *limit)
{
	if (max == UINT64_MAX && !limit)
		snprintf(buf, n, "%" PRId64 " or more", min);
	else if (limit)
		snprintf(buf, n, "%" PRId64 "..%" PRIu64 " (%s)", min, max, limit);
	else
		snprintf(buf, n, "%" PRId64 "..%" PRIu64, min, max);
}

/* An integer in [min, max]; reports and returns false otherwise. */
bool sc_get_int(struct ctx *c, const char *key, const struct ynode *v, int64_t min, uint64_t max,
		    const char *limit, bool *neg, uint64_t *mag)
{
	int r = sc_scan_int(v, neg, mag);
	if (r == NUM_NOT) {
		sc_wrong_type(c, key, v, "an integer");
		return false;
	}
	if (r == NUM_OVER || !sc_in_range(*neg, *mag, min, max)) {
		char b[SHOWBUF], allowed[128];
		if (r == NUM_OVER && max == UINT64_MAX && !limit)    /* not "N or more": it is */
			snprintf(allowed, sizeof allowed, "%" PRId64 "..%" PRIu64, min, max);
		else
			range_text(allowed, sizeof allowed, min, max, limit);
		sc_err(c, v, "%s: %s is out of range; allowed: %s", key, sc_raw(v, b, sizeof b), allowed);
		return false;
	}
	return true;
}

/* strtod in the C locale whatever the program's locale (the TUI sets one). */
static double strtod_c(const char *s, char **end)
{
	static locale_t cloc;
	if (!cloc)
		cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!cloc)
		return strtod(s, end);
	locale_t old = uselocale(cloc);
	double d = strtod(s, end);
	uselocale(old);
	return d;
}

/* A decimal number as strtod reads it; no inf, nan or hexadecimal. */
static int scan_double(const struct ynode *n, double *out)
{
	if (n->type != YN_SCALAR || n->quoted || n->has_nul || n->len == 0)
		return NUM_NOT;
	if (strspn(n->value, "0123456789+-.eE") != n->len || !strpbrk(n->value, "0123456789"))
		return NUM_NOT;
	char *end;
	errno = 0;
	double d = strtod_c(n->value, &end);
	if (end != n->value + n->len)
		return NUM_NOT;
	if (!isfinite(d))
		return NUM_OVER;
	*out = d;
	return NUM_OK;
}

static bool get_double(struct ctx *c, const char *key, const struct ynode *v, double min, double max,
		       const char *allowed, double *out)
{
	int r = scan_double(v, out);
	if (r == NUM_NOT) {
		sc_wrong_type(c, key, v, "a decimal number");
		return false;
	}
	if (r == NUM_OVER || *out < min || *out > max) {
		char b[SHOWBUF];
		sc_err(c, v, "%s: %s is out of range; allowed: %s", key, sc_raw(v, b, sizeof b), allowed);
		return false;
	}
	return true;
}

/* A size: bytes, or an integer with a binary unit. */
static int scan_size(const struct ynode *n, uint64_t *bytes)
{
	static const struct { const char *unit; int shift; } units[] = {
		{ "", 0 }, { "K", 10 }, { "M", 20 }, { "G", 30 }, { "T", 40 },
		{ "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 }, { "TiB", 40 },
	};
	if (n->type != YN_SCALAR || n->quoted || n->has_nul)
		return NUM_NOT;
	const char *s = n->value;
	size_t nd = strspn(s, "0123456789");
	if (nd == 0 || (s[0] == '0' && nd > 1))
		return NUM_NOT;
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		if (strcmp(s + nd, units[u].unit) != 0)
			continue;
		uint64_t v = 0;
		for (size_t i = 0; i < nd; i++) {
			unsigned d = (unsigned)(s[i] - '0');
			if (v > (UINT64_MAX - d) / 10)
				return NUM_OVER;
			v = v * 10 + d;
		}
		if (units[u].shift && v > (UINT64_MAX >> units[u].shift))
			return NUM_OVER;
		*bytes = v << units[u].shift;
		return NUM_OK;
	}
	return NUM_NOT;
}

static bool tag_valid(const struct ynode *v)
{
	if (v->len < 1 || v->len > TAG_MAX_LEN || v->has_nul)
		return false;
	for (size_t i = 0; i < v->len; i++) {
		char ch = v->value[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

bool sc_is_string(const struct ynode *v)
{
	return v->type == YN_SCALAR && !ynode_is_null(v);
}

/* ---- Allowed lists --------------------------------------------------------- */

void sc_list_mtypes(char *buf, size_t n, bool any, int except)
{
	size_t o = (size_t)snprintf(buf, n, "%s", any ? "any" : "");
	for (int i = 0; i < MT_PCPTYPES && o < n; i++)
		if (i != except)
			o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? ", " : "", mtype_word(i));
}

static void list_zones(const struct machine_config *cfg, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < cfg->nzones && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "", zone_id_name(cfg->zones[i].id));
}

static void list_keys(const struct section_spec *s, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->nkeys && o < n; i++)
		if (s->keys[i].key)
			o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? ", " : "", s->keys[i].key);
}

void sc_list_steps(char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n_step_sections && o < n; i++)
		if (!step_sections[i].unsupported)
			o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? ", " : "", section_name(&step_sections[i]));
}

static bool machine_has_zone(const struct machine_config *cfg, int id)
{
	for (int i = 0; i < cfg->nzones; i++)
		if (cfg->zones[i].id == id)
			return true;
	return false;
}

/* ---- Keys of a mapping ------------------------------------------------------ */

/* Reports keys that cannot be used (not a word, duplicate, already
 * reported); true if the pair may be looked at. */
bool sc_key_ok(struct ctx *c, const struct ynode *key)
{
	if (key->bad)
		return false;
	if (key->type != YN_SCALAR) {
		char b[SHOWBUF];
		sc_err(c, key, "a key must be a word, got %s", sc_show(key, b, sizeof b));
		return false;
	}
	if (key->dup) {
		char b[SHOWBUF];
		sc_err(c, key, "duplicate key %s; first given at %" PRIu32 ":%" PRIu32,
		       sc_show(key, b, sizeof b), key->first->line, key->first->col);
		return false;
	}
	return true;
}

static const char *where(const struct section_spec *s, char *buf, size_t n)
{
	if (s == &sec_top)
		return "at the top level";
	if (s == &sec_zone)
		return "in a zone entry";
	snprintf(buf, n, "in %s", section_name(s));
	return buf;
}

static bool check_flags(struct ctx *c, const struct key_spec *k, const struct ynode *v, struct pval *pv)
{
	if (ynode_is_null(v) || v->type != YN_SEQ) {
		sc_wrong_type(c, k->key, v, "a list of flags such as [highatomic]");
		return false;
	}
	bool ok = true;
	pv->u = 0;
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *f = v->kids[i];
		char b[SHOWBUF];
		if (f->bad) {
			ok = false;
			continue;
		}
		if (!sc_is_string(f)) {
			sc_wrong_type(c, k->key, f, "a flag word");
			ok = false;
		} else if (!f->has_nul && !strcmp(f->value, mtype_word(MT_HIGHATOMIC))) {
			pv->u |= REQ_HIGHATOMIC;
		} else if (!f->has_nul && !strcmp(f->value, mtype_word(MT_CMA))) {
			pv->u |= REQ_CMA;
		} else {
			sc_err(c, f, "%s: unknown flag %s; allowed: %s, %s", k->key, sc_show(f, b, sizeof b),
			       mtype_word(MT_HIGHATOMIC), mtype_word(MT_CMA));
			ok = false;
		}
	}
	return ok;
}

/* [first, last]: two pageblock numbers, first <= last. Whether they exist
 * and lie in one zone is the caller's check (it knows the machine). */
static bool check_blocks(struct ctx *c, const struct key_spec *k, const struct ynode *v, struct pval *pv)
{
	if (ynode_is_null(v) || v->type != YN_SEQ || v->nkids != 2) {
		sc_wrong_type(c, k->key, v, "a list of two pageblock numbers such as [0, 3]");
		return false;
	}
	bool neg;
	uint64_t a = 0, b = 0;
	if (v->kids[0]->bad || v->kids[1]->bad)
		return false;
	bool ok0 = sc_get_int(c, k->key, v->kids[0], 0, UINT64_MAX, NULL, &neg, &a);
	bool ok1 = sc_get_int(c, k->key, v->kids[1], 0, UINT64_MAX, NULL, &neg, &b);
	if (!ok0 || !ok1)
		return false;
	if (a > b) {
		sc_err(c, v, "%s: the first block %" PRIu64 " comes after the last %" PRIu64 "; allowed: first <= last",
		       k->key, a, b);
		return false;
	}
	pv->u = a;
	pv->u2 = b;
	return true;
}

static bool check_weights(struct ctx *c, const struct key_spec *k, const struct ynode *v, struct pval *pv)
{
	if (ynode_is_null(v) || v->type != YN_MAP) {
		sc_wrong_type(c, k->key, v, k->type == VT_MIX ? "a mapping of types to weights"
							   : "a mapping of orders to weights");
		return false;
	}
	bool ok = true, seen[NR_ORDERS_LIMIT] = { false };
	double sum = 0;
	for (size_t i = 0; i < ynode_npairs(v); i++) {
		const struct ynode *key = ynode_key(v, i), *val = ynode_val(v, i);
		char b[SHOWBUF], allowed[64];
		int slot;
		if (!sc_key_ok(c, key)) {
			ok = false;
			continue;
		}
		if (k->type == VT_MIX) {
			slot = key->has_nul ? -1 : mtype_from_word(key->value, MT_PCPTYPES);
			if (slot < 0) {
				sc_list_mtypes(allowed, sizeof allowed, false, -1);
				sc_err(c, key, "%s: unknown type %s; allowed: %s", k->key, sc_show(key, b, sizeof b), allowed);
				ok = false;
				continue;
			}
		} else {
			bool neg;
			uint64_t mag;
			int r = sc_scan_int(key, &neg, &mag);
			if (r == NUM_NOT) {
				sc_wrong_type(c, k->key, key, "an order (an integer)");
				ok = false;
				continue;
			}
			if (r == NUM_OVER || !sc_in_range(neg, mag, 0, (uint64_t)c->cfg.max_order)) {
				sc_err(c, key, "%s: order %s is out of range; allowed: 0..%d (max_order)", k->key,
				       sc_raw(key, b, sizeof b), c->cfg.max_order);
				ok = false;
				continue;
			}
			slot = (int)mag;
			if (seen[slot]) {
				sc_err(c, key, "%s: order %d is given twice", k->key, slot);
				ok = false;
				continue;
			}
		}
		seen[slot] = true;
		double w;
		if (val->bad || !get_double(c, k->key, val, 0, HUGE_VAL, "0 or more", &w)) {
			ok = false;
			continue;
		}
		pv->w[slot] = w;
		sum += w;
	}
	if (ok && !(sum > 0)) {
		sc_err(c, v, "%s: the weights sum to 0; at least one must be positive", k->key);
		ok = false;
	} else if (ok && !isfinite(sum)) {
		sc_err(c, v, "%s: the weights are too large (their sum is not finite)", k->key);
		ok = false;
	}
	return ok;
}

/* Checks one value against its key's type and stores it in pv. */
static bool check_value(struct ctx *c, const struct key_spec *k, const struct ynode *v, struct pval *pv)
{
	char b[SHOWBUF], allowed[256];
	switch (k->type) {
	case VT_TEXT:
	case VT_LINE:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a string");
			return false;
		}
		if (v->has_nul) {
			sc_err(c, v, "%s: the string holds a NUL character", k->key);
			return false;
		}
		if (k->type == VT_LINE && v->len == 0) {
			sc_err(c, v, "%s: must not be empty", k->key);
			return false;
		}
		if (k->type == VT_LINE && strpbrk(v->value, "\r\n")) {    /* CR too: a line break */
			sc_err(c, v, "%s: must be one line", k->key);
			return false;
		}
		return true;
	case VT_INT:
		if (k->max_bound == B_MAX_ORDER && k->min < 0) {
			/* compact.order: -1 or 1..max_order */
			int r = sc_scan_int(v, &pv->neg, &pv->u);
			if (r == NUM_NOT) {
				sc_wrong_type(c, k->key, v, "an integer");
				return false;
			}
			if (r == NUM_OVER || (pv->neg ? pv->u != 1 : pv->u < 1 || pv->u > (uint64_t)c->cfg.max_order)) {
				sc_err(c, v, "%s: %s is out of range; allowed: -1 or 1..%d (max_order)", k->key,
				       sc_raw(v, b, sizeof b), c->cfg.max_order);
				return false;
			}
			return true;
		}
		if (k->max_bound == B_MAX_ORDER)
			return sc_get_int(c, k->key, v, k->min, (uint64_t)c->cfg.max_order, k->limit, &pv->neg, &pv->u);
		return sc_get_int(c, k->key, v, k->min, k->max, k->limit, &pv->neg, &pv->u);
	case VT_INT_AUTO:
		if (v->type == YN_SCALAR && !v->has_nul && !strcmp(v->value, "auto")) {
			pv->e = 1;
			return true;
		}
		if (sc_scan_int(v, &pv->neg, &pv->u) == NUM_NOT) {
			sc_wrong_type(c, k->key, v, "auto or an integer");
			return false;
		}
		pv->e = 0;
		return sc_get_int(c, k->key, v, k->min, k->max, k->limit, &pv->neg, &pv->u);
	case VT_BOOL:
		if (v->type != YN_SCALAR || v->quoted || (strcmp(v->value, "true") && strcmp(v->value, "false"))) {
			sc_wrong_type(c, k->key, v, "true or false");
			return false;
		}
		pv->e = v->value[0] == 't';
		if (pv->e && k->unsupported == U_TRUE) {
			sc_err(c, v, "%s: true is not supported yet; allowed: false", k->key);
			return false;
		}
		return true;
	case VT_PROB:
		return get_double(c, k->key, v, 0, 1, "0..1", &pv->d);
	case VT_SIZE: {
		int r = scan_size(v, &pv->u);
		if (r == NUM_NOT) {
			sc_wrong_type(c, k->key, v, "a size such as 1GiB, 512M or 4194304 (bytes)");
			return false;
		}
		if (r == NUM_OVER) {
			sc_err(c, v, "%s: %s is out of range; the zones hold at most 4 TiB together",
			       k->key, sc_raw(v, b, sizeof b));
			return false;
		}
		return true;
	}
	case VT_TAG:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a tag");
			return false;
		}
		if (!tag_valid(v)) {
			sc_err(c, v, "%s: %s is not a valid tag; allowed: 1-%d characters of A-Z a-z 0-9 _ . -",
			       k->key, sc_show(v, b, sizeof b), TAG_MAX_LEN);
			return false;
		}
		return true;
	case VT_MTYPE:
	case VT_FROM:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a migratetype word");
			return false;
		}
		if (k->type == VT_FROM && !strcmp(v->value, "any")) {
			pv->e = -1;
			return true;
		}
		pv->e = v->has_nul ? -1 : mtype_from_word(v->value, MT_PCPTYPES);
		if (pv->e < 0) {
			sc_list_mtypes(allowed, sizeof allowed, k->type == VT_FROM, -1);
			sc_err(c, v, "%s: unknown type %s; allowed: %s", k->key, sc_show(v, b, sizeof b), allowed);
			return false;
		}
		return true;
	case VT_ZONE:
	case VT_ZONE_NAME:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a zone name");
			return false;
		}
		pv->e = v->has_nul ? -1 : zone_id_from_name(v->value);
		if (k->type == VT_ZONE && (pv->e < 0 || !machine_has_zone(&c->cfg, pv->e))) {
			list_zones(&c->cfg, allowed, sizeof allowed);
			sc_err(c, v, "%s: %s is not a zone of this machine; allowed: %s", k->key,
			       sc_show(v, b, sizeof b), allowed);
			return false;
		}
		if (pv->e < 0) {
			size_t o = 0;
			for (int i = 0; i < ZONE_ID_COUNT; i++)
				o += (size_t)snprintf(allowed + o, sizeof allowed - o, "%s%s", i ? ", " : "", zone_id_name(i));
			sc_err(c, v, "%s: unknown zone %s; allowed: %s", k->key, sc_show(v, b, sizeof b), allowed);
			return false;
		}
		return true;
	case VT_PROFILE:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a profile name");
			return false;
		}
		pv->e = v->has_nul ? -1 : profile_from_word(v->value);
		if (pv->e < 0) {
			sc_err(c, v, "%s: unknown profile %s; allowed: %s, %s", k->key, sc_show(v, b, sizeof b),
			       profile_word(0), profile_word(1));
			return false;
		}
		return true;
	case VT_FLAGS:
		return check_flags(c, k, v, pv);
	case VT_BLOCKS:
		return check_blocks(c, k, v, pv);
	case VT_MODE:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a migrate mode word");
			return false;
		}
		pv->e = -1;
		for (int i = MIGRATE_ASYNC; i <= MIGRATE_SYNC && !v->has_nul; i++)
			if (!strcmp(v->value, migrate_mode_word(i)))
				pv->e = i;
		if (pv->e < 0) {
			sc_err(c, v, "%s: unknown mode %s; allowed: async, sync_light, sync", k->key,
			       sc_show(v, b, sizeof b));
			return false;
		}
		return true;
	case VT_INDEX_LIST: {
		if (ynode_is_null(v) || v->type != YN_SEQ) {
			sc_wrong_type(c, k->key, v, "a list of indices such as [0, 2]");
			return false;
		}
		bool ok = true, neg;
		uint64_t mag;
		for (size_t i = 0; i < v->nkids; i++)
			if (v->kids[i]->bad || !sc_get_int(c, k->key, v->kids[i], 0, UINT64_MAX, NULL, &neg, &mag))
				ok = false;
		return ok;
	}
	case VT_MIX:
	case VT_ORDERS:
		return check_weights(c, k, v, pv);
	case VT_QUIZ_ABOUT:
		if (!sc_is_string(v)) {
			sc_wrong_type(c, k->key, v, "a stats key or a quiz word");
			return false;
		}
		pv->e = v->has_nul ? -1 : quiz_about_from_name(v->value);
		if (pv->e < 0) {
			char list[1024];
			quiz_about_list(list, sizeof list);
			sc_err(c, v, "%s: unknown %s; allowed: %s", k->key, sc_show(v, b, sizeof b), list);
			return false;
		}
		return true;
	default:   /* VT_QUIZ_ANSWER: quiz_load.c, by `about` */   /* VT_STEPS, VT_ZONES, VT_MACHINE: the section's own code */
		return true;
	}
}

/* Walks the keys of a mapping (map may be NULL: no keys) against a section
 * of the table. Missing required keys are reported at `owner`. */
void sc_walk_map(struct ctx *c, const struct section_spec *sec, const struct ynode *map,
		     const struct ynode *owner, struct pval *vals)
{
	char b[SHOWBUF], w[64], allowed[256];
	memset(vals, 0, KEYS_MAX * sizeof *vals);
	for (size_t i = 0; map && i < ynode_npairs(map); i++) {
		const struct ynode *key = ynode_key(map, i), *val = ynode_val(map, i);
		if (!sc_key_ok(c, key))
			continue;
		int idx = key->has_nul ? -1 : section_key_find(sec, key->value);
		if (idx < 0) {
			list_keys(sec, allowed, sizeof allowed);
			if (sec->nkeys)
				sc_err(c, key, "unknown key %s %s; allowed: %s", sc_show(key, b, sizeof b),
				       where(sec, w, sizeof w), allowed);
			else
				sc_err(c, key, "unknown key %s %s; it takes no keys", sc_show(key, b, sizeof b),
				       where(sec, w, sizeof w));
			continue;
		}
		const struct key_spec *k = &sec->keys[idx];
		struct pval *pv = &vals[idx];
		pv->present = true;
		pv->key = key;
		pv->val = val;
		if (k->unsupported == U_KEY) {
			sc_err(c, key, "%s: %s is not supported yet", section_name(sec), k->key);
			continue;
		}
		if (k->nullable && ynode_is_null(val))
			pv->present = false;
		else if (!val->bad)
			pv->ok = check_value(c, k, val, pv);
	}
	for (size_t i = 0; i < sec->nkeys; i++)
		if (sec->keys[i].required && !vals[i].present) {
			if (sec == &sec_top || sec == &sec_zone)
				sc_err(c, owner, "%s: missing required key \"%s\"", sec == &sec_top ? "scenario" : "zone",
				       sec->keys[i].key);
			else
				sc_err(c, owner, "%s: missing required key \"%s\"", section_name(sec), sec->keys[i].key);
		}
}

