/* placeholder */
#include "export.h"
int export_html_cmd(int argc, char **argv) { (void)argc; (void)argv; return 2; }
