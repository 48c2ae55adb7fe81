/* The command-line verbs of real machines: live, capture, import (cli.c).
 * Each takes the arguments after the verb and returns the exit status
 * (2: bad arguments, with "buddyviz: MESSAGE" and the usage on stderr). */
#ifndef BUDDYVIZ_LIVE_CLI_H
#define BUDDYVIZ_LIVE_CLI_H

extern const char live_usage[];
int live_cmd(int argc, char **argv);
int capture_cmd(int argc, char **argv);
int import_cmd(int argc, char **argv);

#endif
