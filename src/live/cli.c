/* live, capture, import (cli.h). */
#include "live/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "live/import.h"
#include "live/kpage.h"
#include "live/model.h"
#include "tui/live_view.h"

const char live_usage[] =
	"       buddyviz live [--from DIR] [--interval SECONDS] [--once] [--no-kpageflags] [--mono]\n"
	"       buddyviz capture DIR\n"
	"       buddyviz import [DIR] [-o FILE] [--no-kpageflags]\n";

static int usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, "buddyviz: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	fputs("usage:\n", stderr);
	fputs(live_usage, stderr);
	return 2;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int live_cmd(int argc, char **argv)
{
	const char *dir = NULL;
	double interval = 1.0;
	bool once = false, mono = false, kpage = true;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--from") || !strncmp(a, "--from=", 7)) {
			dir = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!dir || !*dir)
				return usage_error("%s needs a directory (one that buddyviz capture wrote)", "--from");
		} else if (!strcmp(a, "--interval") || !strncmp(a, "--interval=", 11)) {
			const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
			char *e;
			if (!v)
				return usage_error("%s needs a number of seconds", "--interval");
			errno = 0;
			interval = strtod(v, &e);
			if (errno || e == v || *e || !(interval >= 0.1 && interval <= 3600))
				return usage_error("--interval takes seconds from 0.1 to 3600, not '%s'", v);
		} else if (!strcmp(a, "--once")) {
			once = true;
		} else if (!strcmp(a, "--mono")) {
			mono = true;
		} else if (!strcmp(a, "--no-kpageflags")) {
			kpage = false;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else {
			return usage_error("live takes no file; did you mean --from %s?", a);
		}
	}
	if (dir && !is_dir(dir)) {
		fprintf(stderr, "%s: cannot open: %s\n", dir, errno ? strerror(errno) : "not a directory");
		return 2;
	}
	struct live_model *m = malloc(sizeof(*m));
	if (!m) {
		fprintf(stderr, "buddyviz: out of memory\n");
		return 2;
	}
	live_model_init(m, dir, kpage);
	char err[512];
	int rc = 0;
	if (!live_model_refresh(m, now_seconds(), err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		rc = 2;
	} else if (once) {
		live_report(stdout, m);
	} else {
		rc = live_view_run(m, interval, mono);
	}
	live_model_free(m);
	free(m);
	return rc;
}

/* ---- capture ---------------------------------------------------------------- */
static const struct {
	const char *src, *name;
} capture_files[] = {
	{ "/proc/version", "version" },
	{ "/proc/buddyinfo", "buddyinfo" },
	{ "/proc/pagetypeinfo", "pagetypeinfo" },
	{ "/proc/zoneinfo", "zoneinfo" },
	{ "/proc/vmstat", "vmstat" },
	{ "/sys/kernel/debug/extfrag/extfrag_index", "extfrag_index" },
	{ "/sys/kernel/debug/extfrag/unusable_index", "unusable_index" },
};

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

int capture_cmd(int argc, char **argv)
{
	const char *dir = NULL;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return usage_error("capture takes no option '%s'", argv[i]);
		if (dir)
			return usage_error("capture takes one directory, got a second: '%s'", argv[i]);
		dir = argv[i];
	}
	if (!dir)
		return usage_error("%s", "capture needs a directory to write");
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create: %s\n", dir, strerror(errno));
		return 2;
	}
	if (!is_dir(dir)) {
		fprintf(stderr, "%s: cannot create: not a directory\n", dir);
		return 2;
	}
	char path[4096], manifest[4096] = "";
	size_t ml = 0;
	bool have_buddy = false;
	for (size_t i = 0; i < sizeof(capture_files) / sizeof(capture_files[0]); i++) {
		size_t len;
		char *data = live_read_file(capture_files[i].src, &len);
		snprintf(path, sizeof(path), "%s/%s", dir, capture_files[i].name);
		if (!data) {
			ml += (size_t)snprintf(manifest + ml, sizeof(manifest) - ml, "%s: not captured: %s: %s\n",
					       capture_files[i].name, capture_files[i].src, strerror(errno));
			remove(path);
			continue;
		}
		if (!write_file(path, data, len)) {
			fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
			free(data);
			return 1;
		}
		free(data);
		ml += (size_t)snprintf(manifest + ml, sizeof(manifest) - ml, "%s: from %s\n", capture_files[i].name,
				       capture_files[i].src);
		if (!strcmp(capture_files[i].name, "buddyinfo"))
			have_buddy = true;
		if (ml >= sizeof(manifest))
			ml = sizeof(manifest) - 1;
	}
	/* kpageflags: masked and run-length encoded (kpage.h), over the zones
	 * the captured zoneinfo names. */
	struct live_snap *s = malloc(sizeof(*s));
	char err[512];
	int rc = 0;
	snprintf(path, sizeof(path), "%s/kpageflags.rle", dir);
	if (!s || !live_read(s, dir, err, sizeof(err))) {
		fprintf(stderr, "%s\n", s ? err : "out of memory");
		rc = 1;
		remove(path);
	} else {
		FILE *f = fopen(path, "w");
		bool ok = f && kp_capture(f, s);
		int e = errno;
		if (f && fclose(f) != 0)
			ok = false;
		if (ok) {
			ml += (size_t)snprintf(manifest + ml, sizeof(manifest) - ml,
					       "kpageflags.rle: from /proc/kpageflags (flags masked to 0x%llx, runs)\n",
					       (unsigned long long)KPF_KEEP);
		} else {
			remove(path);
			ml += (size_t)snprintf(manifest + ml, sizeof(manifest) - ml,
					       "kpageflags.rle: not captured: /proc/kpageflags: %s\n", strerror(e));
		}
	}
	free(s);
	if (ml >= sizeof(manifest))
		ml = sizeof(manifest) - 1;
	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	if (!write_file(path, manifest, ml)) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		return 1;
	}
	fputs(manifest, stderr);
	return have_buddy ? rc : 1;
}

/* ---- import ----------------------------------------------------------------- */
int import_cmd(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL;
	bool kpage = true;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--no-kpageflags")) {
			kpage = false;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			out = i + 1 < argc ? argv[++i] : NULL;
			if (!out)
				return usage_error("%s needs a file name", a);
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (dir) {
			return usage_error("import takes one directory, got a second: '%s'", a);
		} else {
			dir = a;
		}
	}
	if (dir && !is_dir(dir)) {
		fprintf(stderr, "%s: cannot open: %s\n", dir, errno ? strerror(errno) : "not a directory");
		return 2;
	}
	struct live_snap *s = malloc(sizeof(*s));
	char err[512];
	if (!s || !live_read(s, dir, err, sizeof(err))) {
		fprintf(stderr, "%s\n", s ? err : "out of memory");
		free(s);
		return 2;
	}
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		fprintf(stderr, "%s: cannot write: %s\n", out, strerror(errno));
		free(s);
		return 2;
	}
	bool ok = live_import(f, s, dir, kpage, err, sizeof(err));
	if (out && fclose(f) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "%s\n", err);
		if (out)
			remove(out);
	}
	free(s);
	return ok ? 0 : 2;
}
