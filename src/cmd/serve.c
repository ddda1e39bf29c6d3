/* serve.c - `dutylist serve`: the web server. */
#include <stdio.h>
#include <stdlib.h>

#include "../core/user.h"
#include "../util/fs.h"
#include "../web/server.h"
#include "cmd.h"

/* A new database gets the demo catalogue and an administrator whose
 * password is generated and shown once: there is no default password. */
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
	struct store *s;
	char password[PASSWORD_MAX + 1];
	if (store_open(path, STORE_EXISTING, &s, &e) != STATUS_OK ||
	    user_add(s, &who, "admin", "admin", NULL, NULL, NULL, password, &e) != STATUS_OK)
		return cmd_fail("serve", &e);
	store_close(s);
	printf("created %s with the demo catalogue of Dongning (东宁市)\n"
	       "administrator: user 'admin', password '%s' (shown once; change it with "
	       "'dutylist user passwd admin')\n",
	       path, password);
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
	        "A missing database is created with the demo catalogue and an\n"
	        "administrator 'admin' whose generated password is printed once.\n"
	        "SIGINT or SIGTERM stops the server cleanly.\n",
	.run = run_serve,
};
