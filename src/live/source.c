/* Where the live view's files come from: the running kernel or a captured
 * directory (procfs.h, live_read). */
#include "live/procfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *live_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n == cap) {
			if (cap >= LIVE_MAX_FILE) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	int bad = !buf || ferror(f);
	int e = errno;
	fclose(f);
	if (bad) {
		free(buf);
		errno = e ? e : EIO;
		return NULL;
	}
	*len = n;
	return buf;
}

typedef bool (*parse_fn)(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n);

/* 1 parsed, 0 not readable (why says so), -1 does not parse (err). */
static int one(struct live_snap *s, const char *path, parse_fn fn, char *why, size_t whyn, char *err, size_t n)
{
	size_t len = 0;
	char *text = live_read_file(path, &len);
	if (!text) {
		snprintf(why, whyn, "%.120s: %.60s", path, strerror(errno));
		return 0;
	}
	bool ok = fn(s, text, len, path, err, n);
	free(text);
	return ok ? 1 : -1;
}

static bool parse_extfrag_yes(struct live_snap *s, const char *t, size_t len, const char *f, char *e, size_t n)
{
	return live_parse_extfrag(s, true, t, len, f, e, n);
}

static bool parse_extfrag_no(struct live_snap *s, const char *t, size_t len, const char *f, char *e, size_t n)
{
	return live_parse_extfrag(s, false, t, len, f, e, n);
}

bool live_read(struct live_snap *s, const char *dir, char *err, size_t n)
{
	char path[4096], dummy[160];
	memset(s, 0, sizeof(*s));
	s->pb_order = -1;
#define PATH(live, name) (dir ? (snprintf(path, sizeof(path), "%s/%s", dir, name), path) : live)
	if (one(s, PATH("/proc/buddyinfo", "buddyinfo"), live_parse_buddyinfo, s->why_buddyinfo,
		sizeof(s->why_buddyinfo), err, n) <= 0) {
		if (!s->why_buddyinfo[0])
			return false;
		snprintf(err, n, "%s", s->why_buddyinfo);
		return false;
	}
	if (one(s, PATH("/proc/pagetypeinfo", "pagetypeinfo"), live_parse_pagetypeinfo, s->why_pagetypeinfo,
		sizeof(s->why_pagetypeinfo), err, n) < 0)
		return false;
	if (one(s, PATH("/proc/zoneinfo", "zoneinfo"), live_parse_zoneinfo, s->why_zoneinfo,
		sizeof(s->why_zoneinfo), err, n) < 0)
		return false;
	if (one(s, PATH("/proc/vmstat", "vmstat"), live_parse_vmstat, s->why_vmstat, sizeof(s->why_vmstat), err, n) < 0)
		return false;
	if (one(s, PATH("/proc/version", "version"), live_parse_version, dummy, sizeof(dummy), err, n) < 0)
		return false;
	int a = one(s, PATH("/sys/kernel/debug/extfrag/extfrag_index", "extfrag_index"), parse_extfrag_yes,
		    s->why_debugfs, sizeof(s->why_debugfs), err, n);
	if (a < 0)
		return false;
	if (a > 0 && one(s, PATH("/sys/kernel/debug/extfrag/unusable_index", "unusable_index"), parse_extfrag_no,
			 s->why_debugfs, sizeof(s->why_debugfs), err, n) < 0)
		return false;
#undef PATH
	s->page_owner = !dir && access("/sys/kernel/debug/page_owner", F_OK) == 0;
	/* Zones only some files list (zoneinfo's unpopulated ones are skipped
	 * already) stay, with their have_ flags saying what is known. */
	return true;
}
