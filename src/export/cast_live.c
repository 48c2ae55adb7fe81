/* `buddyviz --record FILE.cast`: a live session recorded as asciicast v2
 * (export.h: cast_live_begin()). The interface runs in a child on a
 * pseudo-terminal of this terminal's size; the parent puts this terminal
 * in raw mode and relays keys to the child and the child's output to this
 * terminal and, with its time, to the cast, like script(1). A resize of
 * this terminal resizes the child's (which redraws) and is recorded as an
 * "r" event. The terminal plumbing only: no curses here. */
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cast.h"
#include "export.h"
#include "tui/tui.h"

static volatile sig_atomic_t winch, stop_sig;

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void on_stop(int sig)
{
	stop_sig = sig;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* The parent's relay until the child closes its terminal; its status. */
static int relay(int master, pid_t child, struct cast *c)
{
	double t0 = seconds();
	char buf[16384];
	bool in_open = true;
	for (;;) {
		if (winch) {
			winch = 0;
			struct winsize ws;
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
				ioctl(master, TIOCSWINSZ, &ws);
				cast_resize(c, seconds() - t0, ws.ws_col, ws.ws_row);
			}
		}
		if (stop_sig) {
			kill(child, stop_sig);
			stop_sig = 0;
		}
		struct pollfd p[2] = { { master, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
		int r = poll(p, in_open ? 2 : 1, -1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;   /* EIO: the child closed its terminal */
			write_all(STDOUT_FILENO, buf, (size_t)n);
			cast_output(c, seconds() - t0, buf, (size_t)n);
		}
		if (in_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				in_open = false;
			else
				write_all(master, buf, (size_t)n);
		}
	}
	int st = 0;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}

int cast_live_begin(const char *path, const char *title)
{
	const char *term = getenv("TERM");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term) {
		fprintf(stderr, "buddyviz: --record needs a terminal (stdin and stdout a tty, TERM set); "
				"'buddyviz record FILE -o FILE.cast' records without one\n");
		return TUI_EXIT_NO_TERMINAL;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "buddyviz: cannot write %s: %s\n", path, strerror(errno));
		return 2;
	}
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || !ws.ws_col || !ws.ws_row)
		ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	const char *slave_name = master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : NULL;
	if (!slave_name) {
		fprintf(stderr, "buddyviz: --record: cannot open a pseudo-terminal: %s\n", strerror(errno));
		fclose(f);
		unlink(path);
		return TUI_EXIT_NO_TERMINAL;
	}
	ioctl(master, TIOCSWINSZ, &ws);
	struct termios saved;
	tcgetattr(STDIN_FILENO, &saved);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "buddyviz: --record: cannot fork: %s\n", strerror(errno));
		fclose(f);
		unlink(path);
		return 2;
	}
	if (pid == 0) {
		/* The child: the interface on the pseudo-terminal. */
		fclose(f);
		setsid();
		int s = open(slave_name, O_RDWR);
		if (s < 0)
			_exit(TUI_EXIT_NO_TERMINAL);
		ioctl(s, TIOCSCTTY, 0);
		tcsetattr(s, TCSANOW, &saved);
		dup2(s, STDIN_FILENO);
		dup2(s, STDOUT_FILENO);
		dup2(s, STDERR_FILENO);
		if (s > STDERR_FILENO)
			close(s);
		close(master);
		return -1;
	}
	struct termios raw = saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	struct cast c;
	cast_begin(&c, f, ws.ws_col, ws.ws_row, title, term);
	int rc = relay(master, pid, &c);
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	close(master);
	bool ok = cast_end(&c);
	if (fclose(f) != 0 || !ok) {
		fprintf(stderr, "buddyviz: cannot write %s: %s\n", path, strerror(errno));
		return rc ? rc : 2;
	}
	fprintf(stderr, "buddyviz: session recorded in %s (asciinema play %s)\n", path, path);
	return rc;
}
