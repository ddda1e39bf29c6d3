/* main.c - dutylist (乡镇职责清单管理系统): the subcommand table and
 * dispatch.  Each subcommand is declared beside its function in
 * src/cmd/<name>.c; this table is the one place that lists them. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct command *const commands[] = {
	&cmd_init, &cmd_import, &cmd_export, &cmd_list, &cmd_verify, &cmd_serve, &cmd_user, &cmd_token,
	&cmd_review, &cmd_diff, &cmd_basis, &cmd_admission, &cmd_adjustment, &cmd_audit,
	&cmd_backup, &cmd_restore, &cmd_whistle, &cmd_screen, &cmd_assess, &cmd_case,
	&cmd_notice,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *out)
{
	fprintf(out, "dutylist - 乡镇职责清单管理系统 (township duty lists)\n\n"
	             "usage: dutylist COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\n'dutylist COMMAND --help' tells more about each.\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("dutylist: libsodium failed to start\n", stderr);
		return 2;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		if (argc > 2)
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(commands[i]->name, argv[2]) == 0) {
					cmd_print_help(commands[i]);
					return 0;
				}
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "dutylist: unknown command '%s'\n\n", name);
	usage(stderr);
	return 2;
}
