/* `buddyviz quiz [--plain] [--marked] [--mono] [FILE | NAME]`: the quiz in
 * the terminal (quiz_view.c) or, without one or with --plain, on lines
 * (src/report/quiz_line.c). No curses here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/quiz_line.h"
#include "scenario/library.h"
#include "scenario/scenario.h"
#include "tui/quiz_view.h"

const char quiz_usage[] = "       buddyviz quiz [--plain] [--marked] [--mono] [SCENARIO.yaml | NAME]\n";

static int quiz_arg_error(const char *msg, const char *what)
{
	fprintf(stderr, "buddyviz: ");
	fprintf(stderr, msg, what);
	fprintf(stderr, "\nusage:%s", quiz_usage + 6);
	return 2;
}

int quiz_cmd(int argc, char **argv)
{
	const char *file = NULL;
	bool plain = false, marked = false, mono = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--plain"))
			plain = true;
		else if (!strcmp(argv[i], "--marked"))
			marked = true;
		else if (!strcmp(argv[i], "--mono"))
			mono = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return quiz_arg_error("unknown option '%s'", argv[i]);
		else if (file)
			return quiz_arg_error("quiz takes one scenario, got a second: '%s'", argv[i]);
		else
			file = argv[i];
	}
	char *owned = NULL, msg[1024];
	if (file && library_is_name(file)) {
		owned = library_resolve(file, msg, sizeof(msg));
		if (!owned) {
			fprintf(stderr, "buddyviz: %s\n", msg);
			return 2;
		}
		file = owned;
	}
	struct diag_list diags = { 0 };
	struct scenario *sc = file ? scenario_load(file, NULL, &diags) : scenario_load_default(&diags);
	free(owned);
	if (!sc) {
		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.lines[i]);
		diag_list_clear(&diags);
		return 2;
	}
	const char *term = getenv("TERM");
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb");
	int rc = tty && !plain ? tui_quiz_run(sc, mono, marked) : quiz_line_run(sc, marked, stdin, stdout, stderr);
	scenario_free(sc);
	return rc;
}
