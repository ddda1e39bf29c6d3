/* serve.c - `dutylist serve`: the web server. */
#include <stdio.h>
#include <stdlib.h>

#include "../core/user.h"
#include "../util/fs.h"
#include "../web/server.h"
#include "cmd.h"

/* A database without users gets an administrator whose password is
 * generated and shown once: there is no default password. */
static int ensure_admin(const char *path)
{
	struct actor who = cmd_actor();
	struct store *s;
	struct error e;
	json_t *users = NULL;
	if (store_open(path, STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("serve", &e);
	enum status st = store_user_list(s, &users, &e);
	char password[PASSWORD_MAX + 1] = "";
	if (st == STATUS_OK && json_array_size(users) == 0)
		st = user_add(s, &who, "admin", "admin", NULL, NULL, NULL, password, &e);
	json_decref(users);
	store_close(s);
	if (st != STATUS_OK)
		return cmd_fail("serve", &e);
	if (password[0])
		printf("administrator: user 'admin', password '%s' (shown once; change it with "
		       "'dutylist user passwd admin')\n",
		       password);
	return -1;
}

/* A new database gets the demo catalogue. */
static int create_demo(const char *path)
{
	struct actor who = cmd_actor();
	struct import_result res;
	struct diag d = {0};
	struct error e;
	if (database_create(path, false, &who, &res, &d, &e) != STATUS_OK) {
		diag_print(&d, stderr);
		diag_free(&d);
		return cmd_fail("serve", &e);
	}
	diag_free(&d);
	printf("created %s with the demo catalogue of Dongning (东宁市)\n", path);
	return -1;
}

static int run_serve(int argc, char **argv)
{
	const char *db = NULL, *listen = "127.0.0.1:8080", *threads_text = NULL, *pos[1];
	bool secure = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL},
	                                   {"listen", &listen, NULL},
	                                   {"threads", &threads_text, NULL},
	                                   {"secure-cookies", NULL, &secure},
	                                   {0}};
	int rc = cmd_start(&cmd_serve, argc, argv, opts, pos, 0, &npos);
	if (rc >= 0)
		return rc;
	unsigned threads = 0;
	if (threads_text) {
		char *end;
		long n = strtol(threads_text, &end, 10);
		if (*end || n < 1 || n > 256) {
			fprintf(stderr, "dutylist serve: --threads: '%s' is not from 1 to 256\n",
			        threads_text);
			return 2;
		}
		threads = (unsigned)n;
	}
	const char *path = cmd_db_path(db);
	if (!fs_exists(path) && (rc = create_demo(path)) >= 0)
		return rc;
	if ((rc = ensure_admin(path)) >= 0)
		return rc;
	struct server_options o = {path, listen, secure, threads};
	struct error e;
	if (server_run(&o, &e) != STATUS_OK)
		return cmd_fail("serve", &e);
	return 0;
}

const struct command cmd_serve = {
	.name = "serve",
	.usage = "[--db PATH] [--listen ADDR:PORT] [--threads N] [--secure-cookies]",
	.summary = "Serve the web pages and the JSON API.",
	.help = "  --db PATH           the database (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080)\n"
	        "  --threads N         worker threads (default: one per core)\n"
	        "  --secure-cookies    mark session cookies Secure (behind HTTPS)\n\n"
	        "A missing database is created with the demo catalogue; a database\n"
	        "without users gets an administrator 'admin' whose generated password\n"
	        "is printed once (there are no default passwords).\n"
	        "SIGINT or SIGTERM stops the server cleanly.\n",
	.run = run_serve,
};
