/* buddyviz command line: the TUI, `run`, `check` (scenario-format.md §4). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/event.h"
#include "engine/machine.h"
#include "engine/step.h"
#include "export/export.h"
#include "live/cli.h"
#include "report/dump.h"
#include "report/progress.h"
#include "report/quiz_line.h"
#include "scenario/library.h"
#include "scenario/scenario.h"
#include "tui/quiz_view.h"
#include "tui/compare.h"
#include "tui/tui.h"

#define BUDDYVIZ_VERSION "0.1.0"

static const char usage_line[] =
	"usage: buddyviz [--mono] [--step N] [SCENARIO.yaml | NAME]\n"
	"       buddyviz run SCENARIO.yaml|NAME [--until N] [--dump LIST] [--trace] [--profile P]\n"
	"       buddyviz check SCENARIO.yaml...\n"
	"       buddyviz compare A.yaml|NAME [B.yaml|NAME] [--profile P]... [--seed N]... [--step N] [--mono]\n"
	"       buddyviz --list\n"
	"       buddyviz svg SCENARIO [--step N] [-o FILE.svg] | html SCENARIO [-o FILE.html]\n"
	"       buddyviz record SCENARIO [-o FILE.cast] | --record FILE.cast [SCENARIO]\n";

static void print_help(void)
{
	printf("buddyviz %s: the Linux 6.12 page allocator's anti-fragmentation machinery, step by step.\n\n",
	       BUDDYVIZ_VERSION);
	fputs(usage_line, stdout);
	fputs(live_usage, stdout);
	fputs(quiz_usage, stdout);
	printf("\n"
	       "  buddyviz                 open the terminal interface on the built-in default scenario\n"
	       "  buddyviz FILE            open the terminal interface on FILE\n"
	       "  buddyviz NAME            the same for an installed scenario (see --list)\n"
	       "  run FILE                 run the scenario without a terminal\n"
	       "    --until N              run only the first N top-level steps (0 = boot state)\n"
	       "    --dump LIST            print dumps after the run, comma-separated, in order:\n"
	       "                           buddyinfo, pagetypeinfo, blocks, allocs, stats\n"
	       "    --trace                print one line per engine event while running\n"
	       "    --profile P            override machine.profile (linux-6.12, or no-grouping:\n"
	       "                           mobility grouping off)\n"
	       "  check FILE...            validate scenarios; prints nothing for a valid file\n"
	       "  compare A B              two scenarios side by side in one split screen, stepped\n"
	       "                           together, one legend and a panel of both sides' counters\n"
	       "  compare A --profile P1 --profile P2   one scenario under two profiles (e.g.\n"
	       "                           linux-6.12 and no-grouping: what mobility grouping buys)\n"
	       "  compare A --seed N1 --seed N2         one scenario under two seeds\n"
	       "                           (an option given once applies to both sides; twice:\n"
	       "                           the first is A's, the second B's)\n"
	       "  live                     watch this machine's allocator (/proc), refreshed every second\n"
	       "    --from DIR             read a directory that capture wrote instead of /proc\n"
	       "    --interval SECONDS     refresh interval (0.1..3600, default 1)\n"
	       "    --once                 print one refresh as text and exit (no terminal)\n"
	       "    --no-kpageflags        skip the pfn grid (/proc/kpageflags, root only)\n"
	       "  capture DIR              copy this machine's /proc files (and debugfs extfrag,\n"
	       "                           kpageflags when readable) into DIR for live --from / import\n"
	       "  import [DIR] [-o FILE]   write a scenario that starts like this machine (or DIR)\n"
	       "  quiz [FILE | NAME]       ask the scenario's expect and quiz steps as questions, step by\n"
	       "                           step, then say the answer and the events that explain it; a\n"
	       "                           score at the end (terminal: the grid with an answer line)\n"
	       "    --plain                ask on lines of stdin/stdout (also without a terminal)\n"
	       "    --marked               only the questions of the scenario's quiz steps\n"
	       "  svg FILE                 the grid at a step as an SVG picture (for slides)\n"
	       "    --step N               after the first N steps (default: all); -o FILE.svg (default stdout)\n"
	       "    --cols N, --width PX   cells per row (default: automatic), picture width (1200)\n"
	       "  html FILE                one self-contained HTML page replaying the scenario step by\n"
	       "    -o FILE.html           step in a browser (no server, nothing fetched)\n"
	       "  record FILE              record the terminal interface playing every step, without a\n"
	       "    -o FILE.cast           terminal, as an asciicast v2 file (asciinema play FILE.cast)\n"
	       "    --size WxH             the terminal's size (default 100x30); --delay S seconds per step\n"
	       "                           (default 1.5); --mono\n"
	       "  --record FILE.cast [...] run the terminal interface as usual, recording it as asciicast v2\n"
	       "                           (svg, html and record also take --profile P)\n"
	       "  --list                   the installed scenarios by chapter: NAME and title\n"
	       "  --mono                   monochrome grid (also NO_COLOR=1)\n"
	       "  --step N                 open the terminal interface at step N\n"
	       "  --help, --version\n"
	       "\n"
	       "Exit status: 0 ok, 1 an expect step failed, 2 bad input, 3 the terminal interface\n"
	       "needs a terminal (stdin and stdout a tty, TERM set); 130/143/129 after SIGINT/SIGTERM/SIGHUP.\n"
	       "A NAME is a scenario file's name without .yaml, a prefix of it, or a word\n"
	       "after a '-' in it; the folders searched are $BUDDYVIZ_PATH, else the\n"
	       "installed library and scenarios/ beside the binary. See buddyviz(1).\n");
}

static int arg_error(const char *fmt, const char *what)
{
	fprintf(stderr, "buddyviz: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	fputs(usage_line, stderr);
	return 2;
}

/* A FILE stays as it is; a NAME becomes an installed scenario's path
 * (malloc'd into *owned). NULL after printing why. */
static const char *scenario_arg(const char *arg, char **owned)
{
	*owned = NULL;
	if (!library_is_name(arg))
		return arg;
	char msg[1024];
	*owned = library_resolve(arg, msg, sizeof(msg));
	if (!*owned)
		fprintf(stderr, "buddyviz: %s\n", msg);
	return *owned;
}

static int cmd_list(void)
{
	struct library lib;
	if (!library_scan(&lib, true)) {
		fprintf(stderr, "buddyviz: out of memory while reading the scenario library\n");
		return 2;
	}
	if (lib.n == 0) {
		char pathbuf[8192];
		fprintf(stderr, "buddyviz: no scenarios found in %s\n", library_search_path(pathbuf, sizeof(pathbuf)));
		library_free(&lib);
		return 2;
	}
	int width = 0;
	for (size_t i = 0; i < lib.n; i++)
		if ((int)strlen(lib.e[i].stem) > width)
			width = (int)strlen(lib.e[i].stem);
	/* Scenarios come sorted by file name; a `chapter:` line heads each run
	 * of scenarios that share one (the library's files are numbered by
	 * chapter, so each chapter is one run). */
	const char *chapter = NULL;
	for (size_t i = 0; i < lib.n; i++) {
		const char *c = lib.e[i].chapter;
		if (c && (!chapter || strcmp(c, chapter) != 0))
			printf("%sChapter %s\n", i ? "\n" : "", c);
		else if (!c && chapter)
			printf("\nOther scenarios\n");
		chapter = c;
		printf("  %-*s  %s\n", width, lib.e[i].stem,
		       lib.e[i].title ? lib.e[i].title : "(does not load: buddyviz check it)");
	}
	library_free(&lib);
	return 0;
}

static void print_diags(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", d->lines[i]);
	diag_list_clear(d);
}

struct trace_ctx {
	size_t step;
};

static void trace_hook(void *ctx, const struct machine *m, const struct event *ev)
{
	char buf[512];
	event_format(m, ev, buf, sizeof(buf));
	printf("[%zu] %s\n", ((struct trace_ctx *)ctx)->step, buf);
}

/* Parses "a,b,c" into dump kinds; false on an unknown name. */
static bool parse_dumps(const char *list, int *kinds, size_t *n, size_t max, const char **bad)
{
	static char name[64];
	const char *p = list;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = 0;
		int k = dump_from_name(name);
		if (k < 0 || *n >= max) {
			*bad = name;
			return false;
		}
		kinds[(*n)++] = k;
		p = e ? e + 1 : p + len;
	}
	if (*n == 0) {
		*bad = list;
		return false;
	}
	return true;
}

static bool parse_count(const char *s, uint64_t *out)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno)
		v = UINT64_MAX; /* more than there are = all */
	*out = v;
	return true;
}

static int cmd_run(int argc, char **argv)
{
	const char *file = NULL, *profile = NULL, *bad = NULL;
	uint64_t until = UINT64_MAX;
	int dumps[64];
	size_t ndumps = 0;
	bool trace = false;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--trace") == 0) {
			trace = true;
		} else if (strcmp(a, "--until") == 0 || strncmp(a, "--until=", 8) == 0) {
			const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return arg_error("%s needs a number", "--until");
			if (!parse_count(v, &until))
				return arg_error("--until takes a whole number >= 0, not '%s'", v);
		} else if (strcmp(a, "--dump") == 0 || strncmp(a, "--dump=", 7) == 0) {
			const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return arg_error("%s needs a list: buddyinfo,pagetypeinfo,blocks,allocs,stats", "--dump");
			if (!parse_dumps(v, dumps, &ndumps, 64, &bad))
				return arg_error("unknown dump '%s'; allowed: buddyinfo, pagetypeinfo, blocks, allocs, stats",
						 bad);
		} else if (strcmp(a, "--profile") == 0 || strncmp(a, "--profile=", 10) == 0) {
			profile = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
			if (!profile)
				return arg_error("%s needs a name: linux-6.12 or no-grouping", "--profile");
			if (strcmp(profile, "linux-6.12") != 0 && strcmp(profile, "no-grouping") != 0)
				return arg_error("unknown profile '%s'; allowed: linux-6.12, no-grouping", profile);
		} else if (a[0] == '-' && a[1]) {
			return arg_error("unknown option '%s'", a);
		} else if (file) {
			return arg_error("run takes one scenario file, got a second: '%s'", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return arg_error("%s", "run needs a scenario file");
	char *owned;
	file = scenario_arg(file, &owned);
	if (!file)
		return 2;

	struct diag_list diags = { 0 };
	struct scenario *sc = scenario_load(file, profile, &diags);
	if (!sc) {
		print_diags(&diags);
		free(owned);
		return 2;
	}
	struct machine *m = machine_create(&sc->cfg);
	if (!m) {
		fprintf(stderr, "%s: cannot build the machine: out of memory\n", file);
		scenario_free(sc);
		free(owned);
		return 2;
	}
	struct trace_ctx tctx = { 0 };
	if (trace)
		machine_set_event_hook(m, trace_hook, &tctx);

	int rc = 0;
	struct step_result res = { 0 };
	/* Extension: quiz steps' answers are checked like expect steps. */
	struct quiz_check *qc = quiz_check_new(sc, m, trace ? trace_hook : NULL, &tctx);
	/* Progress line and Ctrl-C: src/report/progress.h. No line when the
	 * trace writes to the same terminal. */
	size_t nrun = sc->nsteps < until ? sc->nsteps : (size_t)until;
	struct run_progress rp;
	if (!run_progress_begin(&rp, sc->steps, nrun, !(trace && isatty(1)))) {
		fprintf(stderr, "%s: out of memory\n", file);
		quiz_check_free(qc);
		machine_destroy(m);
		scenario_free(sc);
		free(owned);
		return 2;
	}
	for (size_t i = 0; i < nrun; i++) {
		tctx.step = i + 1;
		const struct step *st = &sc->steps[i];
		if (trace && st->kind == STEP_SAY)
			printf("[%zu] say: %s\n", i + 1, st->u.say);
		quiz_check_before(qc, i);
		bool going = run_progress_step(&rp, m, i, &res);
		if (res.nexpect_failed)
			run_progress_clear(&rp);
		rc |= quiz_check_after(qc, i, stderr);
		for (size_t k = 0; k < res.nexpect_failed; k++) {
			const struct expect_failure *f = &res.expect_failed[k];
			fprintf(stderr, "%s:%u:%u: expect failed: %s: expected %lld, got %lld\n", file, f->item->pos.line,
				f->item->pos.col, stat_name(f->item->key), (long long)f->item->value, (long long)f->got);
			rc = 1;
		}
		bool oom = res.host_oom;
		step_result_clear(&res);
		if (oom) {
			run_progress_end(&rp);
			fprintf(stderr, "%s: the host ran out of memory at step %zu\n", file, i + 1);
			quiz_check_free(qc);
			machine_destroy(m);
			scenario_free(sc);
			free(owned);
			return 2;
		}
		if (!going)
			break;
	}
	int sig = run_progress_end(&rp);
	if (sig) {
		/* Stopped between two operations; the state is not the run's
		 * end, so no dumps (docs/user-guide.md, "Long runs"). */
		char where[256];
		run_progress_where(&rp, where, sizeof(where));
		fflush(stdout);
		fprintf(stderr, "buddyviz: %s%s\n", where, ndumps ? "; no dumps printed" : "");
		quiz_check_free(qc);
		machine_destroy(m);
		scenario_free(sc);
		free(owned);
		return 128 + sig;
	}
	quiz_check_free(qc);
	fflush(stdout);
	for (size_t i = 0; i < ndumps; i++)
		dump_write(stdout, m, dumps[i]);
	machine_destroy(m);
	scenario_free(sc);
	free(owned);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	int rc = 0, files = 0;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return arg_error("check takes no option '%s'", argv[i]);
	}
	for (int i = 0; i < argc; i++) {
		struct diag_list diags = { 0 };
		struct scenario *sc = scenario_load(argv[i], NULL, &diags);
		files++;
		if (!sc) {
			print_diags(&diags);
			rc = 2;
		} else {
			scenario_free(sc);
		}
	}
	if (!files)
		return arg_error("%s", "check needs at least one scenario file");
	return rc;
}

static int cmd_tui(int argc, char **argv)
{
	const char *file = NULL;
	bool mono = false;
	uint64_t step = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--mono") == 0)
			mono = true;
		else if (strcmp(argv[i], "--step") == 0 || strncmp(argv[i], "--step=", 7) == 0) {
			const char *v = argv[i][6] == '=' ? argv[i] + 7 : i + 1 < argc ? argv[++i] : NULL;
			if (!v)
				return arg_error("%s needs a number", "--step");
			if (!parse_count(v, &step))
				return arg_error("--step takes a whole number >= 0, not '%s'", v);
		} else if (argv[i][0] == '-' && argv[i][1])
			return arg_error("unknown option '%s'", argv[i]);
		else if (file)
			return arg_error("one scenario file at a time, got a second: '%s'", argv[i]);
		else
			file = argv[i];
	}
	char *owned = NULL;
	if (file && !(file = scenario_arg(file, &owned)))
		return 2;
	struct diag_list diags = { 0 };
	struct scenario *sc = file ? scenario_load(file, NULL, &diags) : scenario_load_default(&diags);
	free(owned);
	if (!sc) {
		print_diags(&diags);
		return 2;
	}
	int rc = tui_run(sc, mono, step);
	scenario_free(sc);
	return rc;
}

/* --record FILE.cast [TUI ARGS]: the parent relays and records, the
 * child (cast_live_begin() returns -1) runs the interface as usual. The
 * scenario is checked first, so bad input never opens a recording. */
static int cmd_record_live(int argc, char **argv)
{
	const char *path = strchr(argv[0], '=') ? strchr(argv[0], '=') + 1 : argc > 1 ? argv[1] : NULL;
	int skip = strchr(argv[0], '=') ? 1 : 2;
	if (!path || !*path)
		return arg_error("%s needs a file name: buddyviz --record FILE.cast [SCENARIO]", "--record");
	char *owned = NULL;
	const char *file = NULL;
	for (int i = skip; i < argc; i++) {
		if (strcmp(argv[i], "--step") == 0)
			i++;
		else if (argv[i][0] != '-' || !argv[i][1])
			file = file ? "" : argv[i];   /* "": a second one, refused below */
		else if (strcmp(argv[i], "--mono") != 0 && strncmp(argv[i], "--step=", 7) != 0)
			return arg_error("unknown option '%s'", argv[i]);
	}
	if (file && !*file)
		return arg_error("%s", "--record records one scenario at a time");
	if (file && !(file = scenario_arg(file, &owned)))
		return 2;
	struct diag_list diags = { 0 };
	struct scenario *sc = file ? scenario_load(file, NULL, &diags) : scenario_load_default(&diags);
	free(owned);
	if (!sc) {
		print_diags(&diags);
		return 2;
	}
	char title[300];
	snprintf(title, sizeof(title), "buddyviz: %s", sc->name);
	scenario_free(sc);
	int rc = cast_live_begin(path, title);
	if (rc >= 0)
		return rc;
	return cmd_tui(argc - skip, argv + skip);
}

int main(int argc, char **argv)
{
	if (argc >= 2) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			print_help();
			return 0;
		}
		if (strcmp(argv[1], "--version") == 0) {
			printf("buddyviz %s (Linux 6.12 page allocator, Debian 6.12.117 rules)\n", BUDDYVIZ_VERSION);
			return 0;
		}
		if (strcmp(argv[1], "--list") == 0) {
			if (argc > 2)
				return arg_error("--list takes nothing after it, got '%s'", argv[2]);
			return cmd_list();
		}
		if (strcmp(argv[1], "run") == 0)
			return cmd_run(argc - 2, argv + 2);
		if (strcmp(argv[1], "check") == 0)
			return cmd_check(argc - 2, argv + 2);
		if (strcmp(argv[1], "quiz") == 0)
			return quiz_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "compare") == 0)
			return compare_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "live") == 0)
			return live_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "capture") == 0)
			return capture_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "import") == 0)
			return import_cmd(argc - 2, argv + 2);
		/* Exports (src/export): svg, html, record, and --record of a live session. */
		if (strcmp(argv[1], "svg") == 0)
			return export_svg_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "html") == 0)
			return export_html_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "record") == 0)
			return export_record_cmd(argc - 2, argv + 2);
		if (strcmp(argv[1], "--record") == 0 || strncmp(argv[1], "--record=", 9) == 0)
			return cmd_record_live(argc - 1, argv + 1);
	}
	return cmd_tui(argc - 1, argv + 1);
}
