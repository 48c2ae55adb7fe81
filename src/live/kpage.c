/* /proc/kpageflags per pageblock (kpage.h). */
#include "live/kpage.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const class_names[KP_CLASSES] = { "hole", "free", "slab", "lru", "reserved", "other", "noflags" };

const char *kp_class_name(int c) { return c >= 0 && c < KP_CLASSES ? class_names[c] : "?"; }

int kp_class_of(uint64_t f)
{
	if (f & (1ull << KPF_NOPAGE))
		return KP_HOLE;
	if (f & (1ull << KPF_BUDDY))
		return KP_FREE;
	if (f & (1ull << KPF_SLAB))
		return KP_SLAB;
	if (f & (1ull << KPF_LRU))
		return KP_LRU;
	if (f & (1ull << KPF_RESERVED))
		return KP_RESERVED;
	if (f & ((1ull << KPF_PGTABLE) | (1ull << KPF_OFFLINE)))
		return KP_OTHER;
	return KP_NOFLAGS;
}

void kp_free(struct kp_map *km)
{
	for (int i = 0; i < km->nzones; i++)
		free(km->zones[i].b);
	memset(km, 0, sizeof(*km));
}

static bool kp_init(struct kp_map *km, const struct live_snap *s)
{
	memset(km, 0, sizeof(*km));
	km->pb_order = s->pb_order >= 0 && s->pb_order < 20 ? s->pb_order : 9;
	uint64_t pb = 1ull << km->pb_order;
	km->nzones = s->nzones;
	for (int i = 0; i < s->nzones; i++) {
		const struct live_zone *z = &s->zones[i];
		struct kp_zone *kz = &km->zones[i];
		if (!z->have_zoneinfo || z->spanned == 0)
			continue;
		uint64_t span = z->spanned < KPF_MAX_PFNS ? z->spanned : KPF_MAX_PFNS;
		kz->first_pfn = z->start_pfn & ~(pb - 1);
		kz->nblocks = (z->start_pfn + span - kz->first_pfn + pb - 1) / pb;
		kz->b = calloc(kz->nblocks, sizeof(*kz->b));
		if (!kz->b) {
			kp_free(km);
			return false;
		}
	}
	return true;
}

/* Adds a run of pfns of one class to the blocks of every zone it meets
 * (inside the zone's span only; what no run covers stays a hole). */
static void add_run(struct kp_map *km, const struct live_snap *s, uint64_t pfn, uint64_t count, int cls)
{
	if (cls == KP_HOLE)
		return;
	uint64_t pb = 1ull << km->pb_order;
	for (int i = 0; i < km->nzones; i++) {
		const struct kp_zone *kz = &km->zones[i];
		if (!kz->b)
			continue;
		uint64_t zs = s->zones[i].start_pfn;
		uint64_t ze = kz->first_pfn + kz->nblocks * pb;
		if (ze > zs + s->zones[i].spanned)
			ze = zs + s->zones[i].spanned;
		uint64_t a = pfn > zs ? pfn : zs, e = pfn + count < ze ? pfn + count : ze;
		while (a < e) {
			uint64_t blk = (a - kz->first_pfn) / pb;
			uint64_t bend = kz->first_pfn + (blk + 1) * pb;
			uint64_t take = (e < bend ? e : bend) - a;
			kz->b[blk].n[cls] += (uint32_t)take;
			a += take;
		}
	}
}

static void finish(struct kp_map *km)
{
	uint32_t pb = 1u << km->pb_order;
	for (int i = 0; i < km->nzones; i++)
		for (uint64_t b = 0; b < km->zones[i].nblocks; b++) {
			struct kp_block *x = &km->zones[i].b[b];
			uint32_t sum = 0;
			for (int c = 1; c < KP_CLASSES; c++)
				sum += x->n[c];
			x->n[KP_HOLE] = sum <= pb ? pb - sum : 0;
		}
	km->have = true;
}

/* Calls fn for each run of equal kept flags over the zones' spans. */

static bool walk_kpageflags(const struct live_snap *s, run_fn fn, void *ctx)
{
	int fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		return false;
	enum { N = 8192 };
	uint64_t *buf = malloc(N * sizeof(uint64_t));
	bool ok = buf != NULL;
	for (int i = 0; ok && i < s->nzones; i++) {
		const struct live_zone *z = &s->zones[i];
		if (!z->have_zoneinfo || !z->spanned)
			continue;
		uint64_t end = z->start_pfn + (z->spanned < KPF_MAX_PFNS ? z->spanned : KPF_MAX_PFNS);
		uint64_t run_pfn = z->start_pfn, run_n = 0, run_f = 0;
		for (uint64_t pfn = z->start_pfn; ok && pfn < end;) {
			size_t want = end - pfn < N ? (size_t)(end - pfn) : N;
			ssize_t r = pread(fd, buf, want * sizeof(uint64_t), (off_t)(pfn * sizeof(uint64_t)));
			if (r <= 0 || r % sizeof(uint64_t)) {
				ok = false;
				if (r >= 0)
					errno = EIO;
				break;
			}
			size_t got = (size_t)r / sizeof(uint64_t);
			for (size_t k = 0; k < got; k++) {
				uint64_t f = buf[k] & KPF_KEEP;
				if (run_n && f == run_f) {
					run_n++;
					continue;
				}
				if (run_n && !fn(ctx, run_pfn, run_n, run_f))
					ok = false;
				run_pfn = pfn + k;
				run_n = 1;
				run_f = f;
			}
			pfn += got;
		}
		if (ok && run_n && !fn(ctx, run_pfn, run_n, run_f))
			ok = false;
	}
	int e = errno;
	free(buf);
	close(fd);
	errno = e;
	return ok;
}

struct add_ctx {
	struct kp_map *km;
	const struct live_snap *s;
};

static bool add_cb(void *ctx, uint64_t pfn, uint64_t count, uint64_t flags)
{
	struct add_ctx *a = ctx;
	add_run(a->km, a->s, pfn, count, kp_class_of(flags));
	return true;
}

static bool write_cb(void *ctx, uint64_t pfn, uint64_t count, uint64_t flags)
{
	return fprintf((FILE *)ctx, "%" PRIu64 " %" PRIu64 " %" PRIx64 "\n", pfn, count, flags) > 0;
}

bool kp_capture(FILE *out, const struct live_snap *s)
{
	if (fprintf(out, "# buddyviz kpageflags-rle 1 keep 0x%" PRIx64 "\n", (uint64_t)KPF_KEEP) < 0)
		return false;
	return walk_kpageflags(s, write_cb, out);
}

static bool rle_fail(char *err, size_t n, const char *file, int line, const char *msg)
{
	snprintf(err, n, "%s:%d: %s", file, line, msg);
	return false;
}

/* Calls fn for each run of a .rle text; false with FILE:LINE: in err. */
static bool rle_walk(const char *text, size_t len, const char *file, run_fn fn, void *ctx, char *err, size_t n)
{
	const char *p = text, *end = text + len;
	int line = 0;
	uint64_t prev_end = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		line++;
		if (!nl)
			return rle_fail(err, n, file, line, "truncated: the last line has no newline");
		char buf[128];
		size_t l = (size_t)(nl - p);
		if (l >= sizeof(buf) || memchr(p, 0, l))
			return rle_fail(err, n, file, line, "expected \"PFN COUNT FLAGS\"");
		memcpy(buf, p, l);
		buf[l] = 0;
		p = nl + 1;
		if (line == 1) {
			if (strncmp(buf, "# buddyviz kpageflags-rle 1 ", 28) != 0)
				return rle_fail(err, n, file, line, "expected \"# buddyviz kpageflags-rle 1 keep 0x...\"");
			continue;
		}
		char *q = buf, *e1;
		uint64_t v[3];
		bool ok = true;
		for (int k = 0; k < 3 && ok; k++) {
			if (*q < '0' || (*q > '9' && (k < 2 || !((*q >= 'a' && *q <= 'f')))))
				ok = false;
			errno = 0;
			v[k] = strtoull(q, &e1, k < 2 ? 10 : 16);
			if (errno || e1 == q || (k < 2 && *e1 != ' ') || (k == 2 && *e1))
				ok = false;
			q = e1 + (k < 2);
		}
		if (!ok || v[1] == 0 || v[0] > (UINT64_C(1) << 52) || v[1] > (UINT64_C(1) << 52))
			return rle_fail(err, n, file, line, "expected \"PFN COUNT FLAGS\" (decimal, decimal, hex)");
		if (v[0] < prev_end)
			return rle_fail(err, n, file, line, "runs must be in ascending pfn order without overlap");
		prev_end = v[0] + v[1];
		if (!fn(ctx, v[0], v[1], v[2]))
			return rle_fail(err, n, file, line, "out of memory");
	}
	if (line == 0)
		return rle_fail(err, n, file, 1, "empty: expected \"# buddyviz kpageflags-rle 1 keep 0x...\"");
	return true;
}

bool kp_parse_rle(struct kp_map *km, const struct live_snap *s, const char *text, size_t len, const char *file,
		  char *err, size_t n)
{
	if (!kp_init(km, s))
		return rle_fail(err, n, file, 0, "out of memory");
	struct add_ctx a = { km, s };
	if (!rle_walk(text, len, file, add_cb, &a, err, n)) {
		kp_free(km);
		return false;
	}
	finish(km);
	return true;
}

int kp_walk(const struct live_snap *s, const char *dir, run_fn fn, void *ctx, char *why, char *err, size_t n)
{
	if (!dir) {
		if (!walk_kpageflags(s, fn, ctx)) {
			snprintf(why, 200, "/proc/kpageflags: %s", strerror(errno));
			return 0;
		}
		return 1;
	}
	char path[4096];
	size_t len;
	snprintf(path, sizeof(path), "%s/kpageflags.rle", dir);
	char *text = live_read_file(path, &len);
	if (!text) {
		snprintf(why, 200, "not captured (%.120s: %.60s)", path, strerror(errno));
		return 0;
	}
	bool ok = rle_walk(text, len, path, fn, ctx, err, n);
	free(text);
	return ok ? 1 : -1;
}

bool kp_read(struct kp_map *km, const struct live_snap *s, const char *dir, char *err, size_t n)
{
	if (dir) {
		char path[4096];
		size_t len;
		snprintf(path, sizeof(path), "%s/kpageflags.rle", dir);
		char *text = live_read_file(path, &len);
		if (!text) {
			memset(km, 0, sizeof(*km));
			snprintf(km->why, sizeof(km->why), "not captured (%.120s: %.60s)", path, strerror(errno));
			return true;
		}
		bool ok = kp_parse_rle(km, s, text, len, path, err, n);
		free(text);
		return ok;
	}
	if (!kp_init(km, s)) {
		snprintf(km->why, sizeof(km->why), "out of memory");
		return true;
	}
	struct add_ctx a = { km, s };
	if (!walk_kpageflags(s, add_cb, &a)) {
		int e = errno;
		kp_free(km);
		snprintf(km->why, sizeof(km->why), "/proc/kpageflags: %s", strerror(e));
		return true;
	}
	finish(km);
	return true;
}
