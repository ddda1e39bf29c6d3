/* server.h - the HTTP server on libmicrohttpd. */
#ifndef DUTYLIST_WEB_SERVER_H
#define DUTYLIST_WEB_SERVER_H

#include <stdbool.h>

#include "../util/err.h"

struct server_options {
	const char *db_path;
	const char *listen; /* "127.0.0.1:8080" */
	bool secure_cookies;
	unsigned threads;   /* 0: one per core */
};

/* Serves until SIGINT or SIGTERM, then stops cleanly.  Prints the address
 * once listening. */
enum status server_run(const struct server_options *o, struct error *e) MUST_USE;

#endif
