/* cmd.c - what the subcommands share: options, the database path, the
 * actor, help and errors. */
#include "cmd.h"

#include "../core/user.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum status cmd_options(int argc, char **argv, const struct option_spec *opts,
                        const char **positional, int max, int *npositional, bool *help,
                        struct error *e)
{
	*npositional = 0;
	*help = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			*help = true;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "-") == 0) {
			if (*npositional == max)
				return error_set(e, STATUS_USAGE, NULL, "unexpected argument '%s'", arg);
			positional[(*npositional)++] = arg;
			continue;
		}
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct option_spec *o = opts;
		while (o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0))
			o++;
		if (!o->name)
			return error_set(e, STATUS_USAGE, NULL, "unknown option --%.*s", (int)len, name);
		if (o->flag) {
			if (eq)
				return error_set(e, STATUS_USAGE, NULL, "--%s takes no value", o->name);
			*o->flag = true;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return error_set(e, STATUS_USAGE, NULL, "--%s needs a value", o->name);
		}
	}
	return STATUS_OK;
}

const char *cmd_db_path(const char *given)
{
	if (given && *given)
		return given;
	const char *env = getenv("DUTYLIST_DB");
	return env && *env ? env : "dutylist.db";
}

struct actor cmd_actor(void)
{
	static char name[96];
	const struct passwd *pw = getpwuid(getuid());
	snprintf(name, sizeof name, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	return (struct actor){name, "cli", "", ""};
}

enum status cmd_actor_as(struct store *s, const char *as, struct actor *who, struct user *u,
                         struct error *e)
{
	*who = cmd_actor();
	if (!as)
		return STATUS_OK;
	char hash[128];
	enum status st = store_user_get(s, as, u, hash, e);
	if (st == STATUS_OK && u->disabled)
		st = error_set(e, STATUS_FORBIDDEN, "as", "the user %s is disabled", as);
	if (st == STATUS_OK)
		*who = (struct actor){u->name, role_key[u->role], u->town, u->department};
	return st;
}

void cmd_print_help(const struct command *c)
{
	printf("usage: dutylist %s %s\n\n%s\n", c->name, c->usage, c->summary);
	if (c->help && *c->help)
		printf("\n%s", c->help);
}

int cmd_fail(const char *name, const struct error *e)
{
	fprintf(stderr, "dutylist %s: %s\n", name, e->message);
	return status_exit_code(e->status);
}

int cmd_start(const struct command *c, int argc, char **argv, const struct option_spec *opts,
              const char **positional, int max, int *npositional)
{
	struct error e;
	bool help;
	if (cmd_options(argc, argv, opts, positional, max, npositional, &help, &e) != STATUS_OK) {
		fprintf(stderr, "dutylist %s: %s\nusage: dutylist %s %s\n", c->name, e.message,
		        c->name, c->usage);
		return 2;
	}
	if (help) {
		cmd_print_help(c);
		return 0;
	}
	return -1;
}

int64_t cmd_id(const char *text)
{
	char *end;
	long long v = text ? strtoll(text, &end, 10) : 0;
	return text && *text && !*end && v > 0 ? v : 0;
}

void cmd_print_json(const json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
}

json_t *cmd_parse_object(const char *text, const char *what, struct error *e)
{
	if (!text)
		return NULL;
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);
	if (!json_is_object(v)) {
		json_decref(v);
		error_set(e, STATUS_USAGE, what, "--%s is not a JSON object", what);
		return NULL;
	}
	return v;
}
