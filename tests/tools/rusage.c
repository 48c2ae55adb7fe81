/* rusage -o FILE CMD [ARG...]: runs CMD and writes "SECONDS MAXRSS_KIB"
 * (wall time, peak resident set of the child) to FILE, like
 * `/usr/bin/time -o FILE -f '%e %M'` but with millisecond resolution.
 * bench/run.sh falls back to it where GNU time is not installed.
 * Exits with CMD's status (128 + signal if it was killed). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fputs("usage: rusage -o FILE CMD [ARG...]\n", stderr);
		return 2;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "rusage: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 2;
		}
	}
	double t = now() - t0;
	FILE *f = fopen(argv[2], "w");
	if (!f) {
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	fprintf(f, "%.3f %ld\n", t, (long)ru.ru_maxrss);
	fclose(f);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
