/* cmd.h - subcommands.  Each file in src/cmd/ defines one struct command
 * beside its function; src/main.c lists them in its table, and `--help`
 * and `dutylist help` are made from these declarations.
 *
 * Exit status: 0 success, 1 a finding or a refusal (invalid input, a
 * broken rule), 2 bad usage or an error of the system. */
#ifndef DUTYLIST_CMD_H
#define DUTYLIST_CMD_H

#include <jansson.h>
#include <stdbool.h>

#include "../app/app.h"
#include "../store/store.h"
#include "../util/err.h"

struct command {
	const char *name;
	const char *usage;   /* the arguments, after the name */
	const char *summary; /* one line */
	const char *help;    /* the options and what the command does */
	int (*run)(int argc, char **argv);
};

/* One option a command accepts.  A value option sets *value; a flag sets
 * *flag. */
struct option_spec {
	const char *name; /* without the dashes: "db" */
	const char **value;
	bool *flag;
};

/* Parses argv[1..] (argv[0] is the command's name) against opts, which
 * ends with a zeroed entry.  Accepts --name VALUE, --name=VALUE and
 * flags; anything not starting with "--" is positional and is gathered
 * into positional[] (at most max).  --help sets *help.  Returns
 * STATUS_USAGE with a message on anything unknown or missing. */
enum status cmd_options(int argc, char **argv, const struct option_spec *opts,
                        const char **positional, int max, int *npositional, bool *help,
                        struct error *e) MUST_USE;

/* --db, else $DUTYLIST_DB, else ./dutylist.db. */
const char *cmd_db_path(const char *given);

/* The actor of a command line: "cli:<login name>", role "cli". */
struct actor cmd_actor(void);

/* The actor of a command acting --as a user (their role, town or
 * department); without `as`, the command line itself (cmd_actor).  A
 * disabled user is refused. */
enum status cmd_actor_as(struct store *s, const char *as, struct actor *who, struct user *u,
                         struct error *e) MUST_USE;

/* A positive id written in decimal, or 0 for anything else (NULL, empty,
 * trailing letters, zero, negative). */
int64_t cmd_id(const char *text);

/* Prints v to stdout as indented JSON, keys in their order, and a newline. */
void cmd_print_json(const json_t *v);

/* The JSON object an option (--what) holds, as a new reference; NULL for
 * no text, or, with e set (STATUS_USAGE naming the option), for text that
 * is not a JSON object. */
json_t *cmd_parse_object(const char *text, const char *what, struct error *e);

/* Prints the command's usage and help to stdout. */
void cmd_print_help(const struct command *c);

/* Prints "dutylist NAME: message" to stderr and returns the exit status
 * of the error's kind. */
int cmd_fail(const char *name, const struct error *e);

/* The usual start of a command: parse options, print help, or report a
 * usage error.  Returns -1 to go on, or the exit status to return. */
int cmd_start(const struct command *c, int argc, char **argv, const struct option_spec *opts,
              const char **positional, int max, int *npositional);

/* Prints what an import wrote (init and import). */
void print_import_result(const struct import_result *r);

extern const struct command cmd_init, cmd_import, cmd_export, cmd_list, cmd_verify, cmd_serve,
	cmd_user, cmd_token, cmd_review, cmd_diff, cmd_basis, cmd_admission, cmd_adjustment,
	cmd_audit, cmd_backup, cmd_restore, cmd_whistle, cmd_screen, cmd_assess, cmd_case,
	cmd_notice;

#endif
