/* `buddyviz compare`: its command line (compare.h).
 *
 *   buddyviz compare A.yaml B.yaml              two scenarios (files or NAMEs)
 *   buddyviz compare A.yaml --profile linux-6.12 --profile no-grouping
 *   buddyviz compare A.yaml --seed 1 --seed 2
 *
 * An option given once applies to both sides; given twice, the first
 * value is side A's and the second side B's. With one scenario, the two
 * sides must differ by a --profile or a --seed given twice. Both
 * scenarios are loaded and checked (every error as FILE:LINE:COL, like
 * `check`) before the terminal is touched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "scenario/keys.h"
#include "scenario/library.h"
#include "scenario/scenario.h"

static const char compare_usage[] =
	"usage: buddyviz compare A.yaml|NAME B.yaml|NAME [--profile P]... [--seed N]... [--step N] [--mono]\n"
	"       buddyviz compare A.yaml|NAME (--profile P1 --profile P2 | --seed N1 --seed N2) [--step N] [--mono]\n";

static int usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, "buddyviz: compare: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	fputs(compare_usage, stderr);
	return 2;
}

static bool whole_number(const char *s, uint64_t *out)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

/* The value of --opt V or --opt=V at argv[*i]; NULL if it has none. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_opt(const char *a, const char *opt)
{
	size_t n = strlen(opt);
	return strncmp(a, opt, n) == 0 && (a[n] == 0 || a[n] == '=');
}

int compare_cmd(int argc, char **argv)
{
	const char *file[2] = { NULL, NULL }, *profile[2] = { NULL, NULL };
	uint64_t seed[2] = { 0, 0 }, step = 0;
	int nfiles = 0, nprofiles = 0, nseeds = 0;
	bool mono = false;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--mono") == 0) {
			mono = true;
		} else if (is_opt(a, "--profile")) {
			const char *v = opt_value(argc, argv, &i, "--profile");
			if (!v)
				return usage_error("%s needs a name: linux-6.12 or no-grouping", "--profile");
			if (profile_from_word(v) < 0)
				return usage_error("unknown profile '%s'; allowed: linux-6.12, no-grouping", v);
			if (nprofiles == 2)
				return usage_error("%s given more than twice (once: both sides; twice: A's, then B's)",
						   "--profile");
			profile[nprofiles++] = v;
		} else if (is_opt(a, "--seed")) {
			const char *v = opt_value(argc, argv, &i, "--seed");
			if (!v)
				return usage_error("%s needs a number", "--seed");
			if (nseeds == 2)
				return usage_error("%s given more than twice (once: both sides; twice: A's, then B's)",
						   "--seed");
			if (!whole_number(v, &seed[nseeds]))
				return usage_error("--seed takes a whole number 0..2^64-1, not '%s'", v);
			nseeds++;
		} else if (is_opt(a, "--step")) {
			const char *v = opt_value(argc, argv, &i, "--step");
			if (!v)
				return usage_error("%s needs a number", "--step");
			if (!whole_number(v, &step))
				return usage_error("--step takes a whole number >= 0, not '%s'", v);
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (nfiles == 2) {
			return usage_error("takes two scenarios at most, got a third: '%s'", a);
		} else {
			file[nfiles++] = a;
		}
	}
	if (nfiles == 0)
		return usage_error("%s", "needs two scenarios, or one with two --profile or two --seed values");
	if (nfiles == 1 && nprofiles < 2 && nseeds < 2)
		return usage_error("one scenario ('%s') needs two sides: give --profile or --seed twice", file[0]);
	if (nfiles == 1)
		file[1] = file[0];

	/* NAMEs become installed scenarios' paths; every error is reported
	 * (both files) before giving up. */
	char *owned[2] = { NULL, NULL };
	const char *path[2];
	struct scenario *sc[2] = { NULL, NULL };
	int rc = 0;
	for (int i = 0; i < 2; i++) {
		path[i] = file[i];
		if (library_is_name(file[i])) {
			char msg[1024];
			owned[i] = library_resolve(file[i], msg, sizeof(msg));
			if (!owned[i]) {
				if (i == 0 || nfiles == 2)
					fprintf(stderr, "buddyviz: %s\n", msg);
				rc = 2;
				continue;
			}
			path[i] = owned[i];
		}
		struct diag_list diags = { 0 };
		sc[i] = scenario_load(path[i], profile[nprofiles == 2 ? i : 0], &diags);
		if (!sc[i]) {
			/* The same file twice: its errors once. */
			if (i == 0 || nfiles == 2)
				for (size_t k = 0; k < diags.n; k++)
					fprintf(stderr, "%s\n", diags.lines[k]);
			rc = 2;
		}
		diag_list_clear(&diags);
		if (sc[i] && nseeds)
			sc[i]->cfg.seed = seed[nseeds == 2 ? i : 0];
	}
	if (!rc) {
		const struct scenario *const both[2] = { sc[0], sc[1] };
		const char *const label[2] = { file[0], file[1] };
		rc = compare_run(both, label, mono, step);
	}
	for (int i = 0; i < 2; i++) {
		if (sc[i])
			scenario_free(sc[i]);
		free(owned[i]);
	}
	return rc;
}
