/* Parsers of the /proc files the live view reads (procfs.h). Each line is
 * copied into a bounded, NUL-terminated buffer before it is looked at, so
 * truncated, overlong or binary input is refused, never overrun. */
#include "live/procfs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/mtype.h"

static const char *const vm_names[] = {
#define LV_NAME(e, name) name,
	LIVE_VMSTAT(LV_NAME)
#undef LV_NAME
};

const char *live_vm_name(int k) { return k >= 0 && k < LIVE_VM_COUNT ? vm_names[k] : "?"; }

/* ---- lines and tokens ---------------------------------------------------- */
#define LINE_MAX_LEN 4096

struct lines {
	const char *p, *end;
	const char *file;
	int no;                 /* number of the line in buf */
	char buf[LINE_MAX_LEN];
	char *err;
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static bool fail(struct lines *l, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->n, "%s:%d: %s", l->file, l->no, msg);
	return false;
}

/* Next line into l->buf. 0 at the end, 1 with a line, -1 on a bad line
 * (error already written). A last line without '\n' counts as truncated. */
static int next_line(struct lines *l)
{
	if (l->p >= l->end)
		return 0;
	l->no++;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (!nl) {
		fail(l, "truncated: the last line has no newline");
		return -1;
	}
	size_t len = (size_t)(nl - l->p);
	if (len >= LINE_MAX_LEN) {
		fail(l, "line longer than %d bytes", LINE_MAX_LEN - 1);
		return -1;
	}
	if (memchr(l->p, '\0', len)) {
		fail(l, "binary data (a NUL byte) in a text file");
		return -1;
	}
	memcpy(l->buf, l->p, len);
	l->buf[len] = 0;
	l->p = nl + 1;
	return 1;
}

static void lines_init(struct lines *l, const char *text, size_t len, const char *file, char *err, size_t n)
{
	l->p = text;
	l->end = text + len;
	l->file = file;
	l->no = 0;
	l->err = err;
	l->n = n;
	if (n)
		err[0] = 0;
}

static void skip_sp(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

static bool lit(const char **p, const char *s)
{
	size_t k = strlen(s);
	if (strncmp(*p, s, k) != 0)
		return false;
	*p += k;
	return true;
}

/* Spaces, then an unsigned decimal that fits in 63 bits. */
static bool num(const char **p, uint64_t *v)
{
	skip_sp(p);
	if (**p < '0' || **p > '9')
		return false;
	uint64_t x = 0;
	while (**p >= '0' && **p <= '9') {
		if (x > (UINT64_MAX / 2 - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(**p - '0');
		(*p)++;
	}
	*v = x;
	return true;
}

/* Spaces, then a word of letters and digits (zone and type names). */
static bool word(const char **p, char *out, size_t n)
{
	skip_sp(p);
	size_t k = 0;
	while ((**p >= 'A' && **p <= 'Z') || (**p >= 'a' && **p <= 'z') || (**p >= '0' && **p <= '9')) {
		if (k + 1 >= n)
			return false;
		out[k++] = *(*p)++;
	}
	out[k] = 0;
	return k > 0;
}

static bool at_end(const char *p)
{
	skip_sp(&p);
	return *p == 0;
}

/* "Node N, zone NAME" */
static bool node_zone(const char **p, int *node, char *name, size_t n)
{
	uint64_t v;
	if (!lit(p, "Node ") || !num(p, &v) || v > 4095 || !lit(p, ", zone "))
		return false;
	*node = (int)v;
	return word(p, name, n);
}

static struct live_zone *zone_find(struct live_snap *s, int node, const char *name, bool add)
{
	for (int i = 0; i < s->nzones; i++)
		if (s->zones[i].node == node && !strcmp(s->zones[i].name, name))
			return &s->zones[i];
	if (!add || s->nzones >= LIVE_MAX_ZONES)
		return NULL;
	struct live_zone *z = &s->zones[s->nzones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	return z;
}

/* Reads the number columns of a row: count must match norders (set it if
 * still unknown). over: accepts the ">" prefix of pagetypeinfo. */
static bool order_columns(struct lines *l, const char *p, struct live_snap *s, uint64_t *out, bool *over)
{
	int k = 0;
	for (;;) {
		skip_sp(&p);
		if (!*p)
			break;
		bool gt = false;
		if (over && *p == '>') {
			gt = true;
			p++;
		}
		uint64_t v;
		if (k >= LIVE_MAX_ORDERS)
			return fail(l, "more than %d order columns", LIVE_MAX_ORDERS);
		if (!num(&p, &v) || (*p && *p != ' '))
			return fail(l, "expected a count of free chunks in column %d", k + 1);
		out[k] = v;
		if (over)
			over[k] = gt;
		k++;
	}
	if (s->norders == 0)
		s->norders = k;
	if (k != s->norders)
		return fail(l, "%d order columns, expected %d", k, s->norders);
	return true;
}

/* ---- /proc/buddyinfo ------------------------------------------------------ */
bool live_parse_buddyinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n)
{
	struct lines l;
	int r, rows = 0;
	lines_init(&l, text, len, file, err, n);
	while ((r = next_line(&l)) > 0) {
		const char *p = l.buf;
		int node;
		char name[16];
		if (!node_zone(&p, &node, name, sizeof(name)))
			return fail(&l, "expected \"Node N, zone NAME\" and the free chunks per order");
		struct live_zone *z = zone_find(s, node, name, true);
		if (!z)
			return fail(&l, "more than %d zones", LIVE_MAX_ZONES);
		if (z->have_buddy)
			return fail(&l, "zone %s of node %d is listed twice", name, node);
		if (!order_columns(&l, p, s, z->nr_free, NULL))
			return false;
		z->have_buddy = true;
		rows++;
	}
	if (r < 0)
		return false;
	if (rows == 0) {
		l.no = 1;
		return fail(&l, "empty: no zone rows");
	}
	return true;
}

/* ---- /proc/pagetypeinfo ---------------------------------------------------- */
static const char *const kernel_types[LIVE_MAX_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"
};
static const int kernel_type_mt[LIVE_MAX_TYPES] = {
	MT_UNMOVABLE, MT_MOVABLE, MT_RECLAIMABLE, MT_HIGHATOMIC, MT_CMA, MT_ISOLATE
};

/* A header of type names ("Number of blocks type" ...): must list the
 * types of the free rows, in the same order. */
static bool type_header(struct lines *l, const char *p, struct live_snap *s)
{
	for (int i = 0; i < s->ntypes; i++) {
		char w[16];
		if (!word(&p, w, sizeof(w)))
			return fail(l, "expected %d type names", s->ntypes);
		int want = -1;
		for (int t = 0; t < LIVE_MAX_TYPES; t++)
			if (kernel_type_mt[t] == s->type_mt[i])
				want = t;
		if (want < 0 || strcmp(w, kernel_types[want]) != 0)
			return fail(l, "type column %d is \"%s\", expected %s as in the free counts", i + 1, w,
				    want >= 0 ? kernel_types[want] : "?");
	}
	if (!at_end(p))
		return fail(l, "more type columns than in the free counts");
	return true;
}

static bool count_row(struct lines *l, const char *p, struct live_snap *s, bool mixed)
{
	int node;
	char name[16];
	if (!node_zone(&p, &node, name, sizeof(name)))
		return fail(l, "expected \"Node N, zone NAME\" and a count per type");
	struct live_zone *z = zone_find(s, node, name, true);
	if (!z)
		return fail(l, "more than %d zones", LIVE_MAX_ZONES);
	uint64_t *out = mixed ? z->mixed : z->blocks;
	for (int i = 0; i < s->ntypes; i++)
		if (!num(&p, &out[i]) || (*p && *p != ' '))
			return fail(l, "expected %d block counts", s->ntypes);
	if (!at_end(p))
		return fail(l, "more than %d block counts", s->ntypes);
	if (mixed)
		z->have_mixed = true;
	else
		z->have_blocks = true;
	return true;
}

bool live_parse_pagetypeinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err,
			     size_t n)
{
	struct lines l;
	int r;
	bool first = true, defining = s->ntypes == 0;
	lines_init(&l, text, len, file, err, n);
	/* One section per node: header, free counts, block counts, maybe mixed. */
	while ((r = next_line(&l)) > 0) {
		const char *p = l.buf;
		uint64_t v, ppb;
		if (!lit(&p, "Page block order:") || !num(&p, &v) || !at_end(p) || v > 30)
			return fail(&l, "expected \"Page block order: N\"");
		if (!first && (int)v != s->pb_order)
			return fail(&l, "page block order %d differs from the first node's %d", (int)v, s->pb_order);
		s->pb_order = (int)v;
		first = false;
		if ((r = next_line(&l)) <= 0)
			return r < 0 ? false : fail(&l, "truncated after the page block order");
		p = l.buf;
		if (!lit(&p, "Pages per block:") || !num(&p, &ppb) || !at_end(p))
			return fail(&l, "expected \"Pages per block:  N\"");
		if (ppb != 1ull << s->pb_order)
			return fail(&l, "%llu pages per block do not match page block order %d", (unsigned long long)ppb,
				    s->pb_order);
		if (next_line(&l) <= 0 || l.buf[0])
			return l.err[0] ? false : fail(&l, "expected an empty line");
		if (next_line(&l) <= 0)
			return l.err[0] ? false : fail(&l, "truncated before the free counts");
		p = l.buf;
		if (!lit(&p, "Free pages count per migrate type at order"))
			return fail(&l, "expected \"Free pages count per migrate type at order\"");
		int k = 0;
		while (!at_end(p)) {
			if (!num(&p, &v) || v != (uint64_t)k || k >= LIVE_MAX_ORDERS)
				return fail(&l, "expected the orders 0, 1, ... up to %d", LIVE_MAX_ORDERS - 1);
			k++;
		}
		if (k == 0 || (s->norders && k != s->norders))
			return fail(&l, "%d orders, expected %d", k, s->norders ? s->norders : 1);
		s->norders = k;
		/* Free counts: rows until the empty line. */
		int types_seen = 0, last_t = -1;
		struct live_zone *cur = NULL;
		for (;;) {
			if ((r = next_line(&l)) <= 0)
				return r < 0 ? false : fail(&l, "truncated in the free counts");
			if (!l.buf[0])
				break;
			p = l.buf;
			int node;
			char name[16], tname[16];
			if (!node_zone(&p, &node, name, sizeof(name)) || !lit(&p, ", type ") ||
			    !word(&p, tname, sizeof(tname)))
				return fail(&l, "expected \"Node N, zone NAME, type TYPE\" and the free chunks per order");
			int t = -1;
			for (int i = 0; i < LIVE_MAX_TYPES; i++)
				if (!strcmp(tname, kernel_types[i]))
					t = i;
			if (t < 0)
				return fail(&l, "unknown migratetype \"%s\"; allowed: Unmovable, Movable, Reclaimable, "
					    "HighAtomic, CMA, Isolate", tname);
			struct live_zone *z = zone_find(s, node, name, true);
			if (!z)
				return fail(&l, "more than %d zones", LIVE_MAX_ZONES);
			if (z != cur) {
				if (cur)
					defining = false;
				if (cur && types_seen != s->ntypes)
					return fail(&l, "zone %s lists %d types, the first zone %d", cur->name, types_seen,
						    s->ntypes);
				if (z->have_types)
					return fail(&l, "zone %s of node %d is listed twice", name, node);
				cur = z;
				types_seen = 0;
				last_t = -1;
			}
			if (t <= last_t)
				return fail(&l, "type %s out of the kernel's order", tname);
			last_t = t;
			if (defining && s->ntypes == types_seen && s->ntypes < LIVE_MAX_TYPES)
				s->type_mt[s->ntypes++] = kernel_type_mt[t];
			if (types_seen >= s->ntypes || s->type_mt[types_seen] != kernel_type_mt[t])
				return fail(&l, "type %s is not in the first zone's list", tname);
			if (!order_columns(&l, p, s, z->type_free[types_seen], z->type_over[types_seen]))
				return false;
			types_seen++;
			z->have_types = true;
		}
		if (!cur)
			return fail(&l, "no free-count rows");
		if (types_seen != s->ntypes)
			return fail(&l, "zone %s lists %d types, the first zone %d", cur->name, types_seen, s->ntypes);
		if (s->ntypes < 3 || s->type_mt[0] != MT_UNMOVABLE || s->type_mt[1] != MT_MOVABLE ||
		    s->type_mt[2] != MT_RECLAIMABLE)
			return fail(&l, "the types must start Unmovable, Movable, Reclaimable");
		/* Block counts. */
		if ((r = next_line(&l)) <= 0)
			return r < 0 ? false : fail(&l, "truncated before the block counts");
		p = l.buf;
		if (!lit(&p, "Number of blocks type ") || !type_header(&l, p, s))
			return l.err[0] ? false : fail(&l, "expected \"Number of blocks type\" and the type names");
		bool mixed = false;
		int rows = 0;
		for (;;) {
			if ((r = next_line(&l)) < 0)
				return false;
			if (r == 0)
				break;
			p = l.buf;
			if (!l.buf[0]) {
				/* The optional page_owner table, or nothing. */
				if (mixed)
					return fail(&l, "unexpected empty line");
				if ((r = next_line(&l)) <= 0)
					return r < 0 ? false : fail(&l, "truncated after an empty line");
				p = l.buf;
				if (lit(&p, "Page block order:")) {
					l.p -= strlen(l.buf) + 1;   /* the next node's section */
					l.no--;
					break;
				}
				if (!lit(&p, "Number of mixed blocks ") || !type_header(&l, p, s))
					return l.err[0] ? false : fail(&l, "expected \"Number of mixed blocks\" and the type names");
				mixed = true;
				continue;
			}
			if (lit(&p, "Page block order:"))
				return fail(&l, "expected an empty line before the next node");
			if (!count_row(&l, l.buf, s, mixed))
				return false;
			rows++;
		}
		if (rows == 0)
			return fail(&l, "no block-count rows");
	}
	if (r < 0)
		return false;
	if (first) {
		l.no = 1;
		return fail(&l, "empty: expected \"Page block order: N\"");
	}
	return true;
}

/* ---- /proc/zoneinfo ------------------------------------------------------- */
bool live_parse_zoneinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n)
{
	struct lines l;
	int r, zones = 0;
	struct live_zone tmp, *z = NULL;
	bool have_free = false, have_start = false, have_present = false;
	lines_init(&l, text, len, file, err, n);
#define ZONE_DONE()                                                                  \
	do {                                                                             \
		if (z && have_present && tmp.present > 0) {                              \
			if (!have_free || !have_start)                                   \
				return fail(&l, "truncated: zone %s has no %s", tmp.name,  \
					    have_free ? "start_pfn" : "\"pages free\""); \
			struct live_zone *dst = zone_find(s, tmp.node, tmp.name, true);  \
			if (!dst)                                                        \
				return fail(&l, "more than %d zones", LIVE_MAX_ZONES);   \
			dst->have_zoneinfo = true;                                       \
			dst->pages_free = tmp.pages_free;                                \
			dst->min = tmp.min;                                              \
			dst->low = tmp.low;                                              \
			dst->high = tmp.high;                                            \
			dst->spanned = tmp.spanned;                                      \
			dst->present = tmp.present;                                      \
			dst->managed = tmp.managed;                                      \
			dst->start_pfn = tmp.start_pfn;                                  \
		}                                                                        \
	} while (0)
	while ((r = next_line(&l)) > 0) {
		const char *p = l.buf;
		if (l.buf[0] != ' ') {
			if (!l.buf[0])
				return fail(&l, "unexpected empty line");
			ZONE_DONE();
			memset(&tmp, 0, sizeof(tmp));
			if (!node_zone(&p, &tmp.node, tmp.name, sizeof(tmp.name)) || !at_end(p))
				return fail(&l, "expected \"Node N, zone NAME\"");
			z = &tmp;
			have_free = have_start = have_present = false;
			zones++;
			continue;
		}
		if (!z)
			return fail(&l, "expected \"Node N, zone NAME\" first");
		skip_sp(&p);
		uint64_t v;
		const char *q = p;
		if (lit(&q, "pages free") && num(&q, &v) && at_end(q)) {
			tmp.pages_free = v;
			have_free = true;
		} else if ((q = p, lit(&q, "min ")) && num(&q, &v) && at_end(q)) {
			tmp.min = v;
		} else if ((q = p, lit(&q, "low ")) && num(&q, &v) && at_end(q)) {
			tmp.low = v;
		} else if ((q = p, lit(&q, "high ")) && num(&q, &v) && at_end(q)) {
			tmp.high = v;
		} else if ((q = p, lit(&q, "spanned ")) && num(&q, &v) && at_end(q)) {
			tmp.spanned = v;
		} else if ((q = p, lit(&q, "present ")) && num(&q, &v) && at_end(q)) {
			tmp.present = v;
			have_present = true;
		} else if ((q = p, lit(&q, "managed ")) && num(&q, &v) && at_end(q)) {
			tmp.managed = v;
		} else if ((q = p, lit(&q, "start_pfn:")) && num(&q, &v) && at_end(q)) {
			tmp.start_pfn = v;
			have_start = true;
		} else {
			/* Other lines: "name value", "protection: (...)",
			 * "cpu: N", "pagesets", "per-node stats", ... */
			q = p;
			if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
				return fail(&l, "garbled line");
		}
	}
	if (r < 0)
		return false;
	ZONE_DONE();
#undef ZONE_DONE
	if (zones == 0) {
		l.no = 1;
		return fail(&l, "empty: expected \"Node N, zone NAME\"");
	}
	return true;
}

/* ---- /proc/vmstat ------------------------------------------------------------ */
bool live_parse_vmstat(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n)
{
	struct lines l;
	int r, rows = 0;
	lines_init(&l, text, len, file, err, n);
	while ((r = next_line(&l)) > 0) {
		const char *p = l.buf;
		char name[64];
		size_t k = 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') {
			if (k + 1 >= sizeof(name))
				return fail(&l, "counter name too long");
			name[k++] = *p++;
		}
		name[k] = 0;
		uint64_t v;
		if (!k || *p != ' ' || !num(&p, &v) || *p)
			return fail(&l, "expected \"name value\"");
		for (int i = 0; i < LIVE_VM_COUNT; i++)
			if (!strcmp(name, vm_names[i])) {
				s->vm[i] = v;
				s->have_vm[i] = true;
			}
		rows++;
	}
	if (r < 0)
		return false;
	if (rows == 0) {
		l.no = 1;
		return fail(&l, "empty: no counters");
	}
	return true;
}

/* ---- debugfs extfrag ----------------------------------------------------------- */
bool live_parse_extfrag(struct live_snap *s, bool extfrag, const char *text, size_t len, const char *file,
			char *err, size_t n)
{
	struct lines l;
	int r, rows = 0;
	lines_init(&l, text, len, file, err, n);
	while ((r = next_line(&l)) > 0) {
		const char *p = l.buf;
		int node;
		char name[16];
		if (!node_zone(&p, &node, name, sizeof(name)))
			return fail(&l, "expected \"Node N, zone NAME\" and an index per order");
		struct live_zone *z = zone_find(s, node, name, false);
		int vals[LIVE_MAX_ORDERS], k = 0;
		for (;;) {
			skip_sp(&p);
			if (!*p)
				break;
			bool neg = *p == '-';
			if (neg)
				p++;
			uint64_t ip, fp;
			const char *f0;
			if (k >= LIVE_MAX_ORDERS || !num(&p, &ip) || ip > 1 || *p++ != '.' || (f0 = p, !num(&p, &fp)) ||
			    p - f0 != 3 || (*p && *p != ' '))
				return fail(&l, "expected an index such as 0.123 or -1.000 in column %d", k + 1);
			vals[k++] = (neg ? -1 : 1) * (int)(ip * 1000 + fp);
		}
		if (s->norders && k != s->norders)
			return fail(&l, "%d order columns, expected %d", k, s->norders);
		if (z) {
			memcpy(extfrag ? z->dbg_extfrag : z->dbg_unusable, vals, (size_t)k * sizeof(int));
			if (extfrag)
				z->have_dbg_extfrag = true;
			else
				z->have_dbg_unusable = true;
		}
		rows++;
	}
	return r == 0;
}

bool live_parse_version(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n)
{
	struct lines l;
	lines_init(&l, text, len, file, err, n);
	int r = next_line(&l);
	if (r < 0)
		return false;
	const char *p = l.buf;
	if (r == 0 || !lit(&p, "Linux version ")) {
		l.no = 1;
		return fail(&l, "expected \"Linux version ...\"");
	}
	/* A longer banner is cut: only the start names the version. */
	size_t vl = strnlen(l.buf, sizeof(s->version) - 1);
	memcpy(s->version, l.buf, vl);
	s->version[vl] = 0;
	return true;
}

/* ---- the kernel's fragmentation arithmetic ------------------------------------ */
static void contig(const struct live_zone *z, int norders, int k, uint64_t *total, uint64_t *pages, uint64_t *suit)
{
	*total = *pages = *suit = 0;
	for (int o = 0; o < norders; o++) {
		uint64_t c = z->nr_free[o];
		*total += c;
		*pages += c << o;
		if (o >= k)
			*suit += c << (o - k);
	}
}

int live_extfrag_index(const struct live_zone *z, int norders, int k)
{
	uint64_t total, pages, suit;
	contig(z, norders, k, &total, &pages, &suit);
	if (total == 0)
		return 0;
	if (suit > 0)
		return -1000;
	return (int)(1000 - (1000 + pages * 1000 / (1ull << k)) / total);
}

int live_unusable_index(const struct live_zone *z, int norders, int k)
{
	uint64_t total, pages, suit;
	contig(z, norders, k, &total, &pages, &suit);
	if (pages == 0)
		return 1000;
	return (int)((pages - (suit << k)) * 1000 / pages);
}

uint64_t live_free_pages(const struct live_zone *z, int norders)
{
	uint64_t total, pages, suit;
	contig(z, norders, 0, &total, &pages, &suit);
	return pages;
}
