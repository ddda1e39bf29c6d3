/* user.c - `dutylist user` and `dutylist token`: user administration. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/* Reads one line from stdin as a password (for --password-stdin). */
static const char *read_password(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

static int open_db(const char *db, struct store **s)
{
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, s, &e) != STATUS_OK)
		return cmd_fail("user", &e);
	return -1;
}

static int run_user(int argc, char **argv)
{
	const char *db = NULL, *role = NULL, *town = NULL, *department = NULL, *pos[3];
	bool from_stdin = false, json = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL},
	                                   {"role", &role, NULL},
	                                   {"town", &town, NULL},
	                                   {"department", &department, NULL},
	                                   {"password-stdin", NULL, &from_stdin},
	                                   {"json", NULL, &json},
	                                   {0}};
	int rc = cmd_start(&cmd_user, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "";
	bool needs_name = strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0 ||
	                  strcmp(verb, "disable") == 0;
	if (!(needs_name && npos == 2) && !(strcmp(verb, "list") == 0 && npos == 1)) {
		fprintf(stderr, "usage: dutylist user %s\n", cmd_user.usage);
		return 2;
	}
	struct store *s;
	if ((rc = open_db(db, &s)) >= 0)
		return rc;
	struct actor who = cmd_actor();
	struct error e;
	char line[PASSWORD_MAX + 2], generated[PASSWORD_MAX + 1];
	const char *password = NULL;
	if (from_stdin && !(password = read_password(line, sizeof line))) {
		store_close(s);
		fprintf(stderr, "dutylist user: no password on stdin\n");
		return 2;
	}
	enum status st;
	if (strcmp(verb, "list") == 0) {
		json_t *users;
		st = store_user_list(s, &users, &e);
		if (st == STATUS_OK) {
			if (json) {
				json_dumpf(users, stdout, JSON_INDENT(2));
				putchar('\n');
			} else {
				size_t i;
				json_t *u;
				json_array_foreach(users, i, u) printf(
					"%-20s %-11s %-10s %-6s %s\n",
					json_string_value(json_object_get(u, "name")),
					json_string_value(json_object_get(u, "role")),
					json_string_value(json_object_get(u, "town")),
					json_string_value(json_object_get(u, "department")),
					json_is_true(json_object_get(u, "disabled")) ? "disabled" : "");
			}
			json_decref(users);
		}
	} else if (strcmp(verb, "add") == 0) {
		if (!role) {
			store_close(s);
			fprintf(stderr, "dutylist user add: --role is required (office, township, "
			                "department, supervisor, admin)\n");
			return 2;
		}
		st = user_add(s, &who, pos[1], role, town, department, password, generated, &e);
		if (st == STATUS_OK && generated[0])
			printf("added %s (%s); password: %s\n", pos[1], role, generated);
		else if (st == STATUS_OK)
			printf("added %s (%s)\n", pos[1], role);
	} else if (strcmp(verb, "passwd") == 0) {
		st = user_set_password(s, &who, pos[1], password, generated, &e);
		if (st == STATUS_OK)
			printf("changed the password of %s%s%s\n", pos[1], generated[0] ? "; new password: " : "",
			       generated);
	} else {
		st = user_disable(s, &who, pos[1], &e);
		if (st == STATUS_OK)
			printf("disabled %s; their sessions and tokens are ended\n", pos[1]);
	}
	store_close(s);
	return st == STATUS_OK ? 0 : cmd_fail("user", &e);
}

const struct command cmd_user = {
	.name = "user",
	.usage = "add NAME --role ROLE [--town CODE | --department CODE] [--password-stdin] | "
	         "list [--json] | passwd NAME [--password-stdin] | disable NAME  [--db PATH]",
	.summary = "Manage users: add, list, change a password, disable.",
	.help = "Roles: office (county 编办), township (with --town), department (with\n"
	        "--department), supervisor (纪检监察), admin.  Without --password-stdin a\n"
	        "password is generated and printed once.  Passwords are stored as\n"
	        "argon2id hashes only.\n",
	.run = run_user,
};

static int run_token(int argc, char **argv)
{
	const char *db = NULL, *pos[2];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {0}};
	int rc = cmd_start(&cmd_token, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 2 || strcmp(pos[0], "create") != 0) {
		fprintf(stderr, "usage: dutylist token %s\n", cmd_token.usage);
		return 2;
	}
	struct store *s;
	if ((rc = open_db(db, &s)) >= 0)
		return rc;
	struct actor who = cmd_actor();
	struct error e;
	char token[65];
	enum status st = token_create(s, &who, pos[1], token, &e);
	store_close(s);
	if (st != STATUS_OK)
		return cmd_fail("token", &e);
	printf("%s\n", token);
	return 0;
}

const struct command cmd_token = {
	.name = "token",
	.usage = "create USER [--db PATH]",
	.summary = "Create an API bearer token for a user (printed once).",
	.help = "Use it as 'Authorization: Bearer TOKEN' on /api/v1.  Only its SHA-256\n"
	        "hash is stored; disabling the user ends it.\n",
	.run = run_token,
};
