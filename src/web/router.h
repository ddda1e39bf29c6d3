/* router.h - from a request to a reply: route matching, the caller, role
 * and scope checks, parameter validation, the handler, and rendering. */
#ifndef DUTYLIST_WEB_ROUTER_H
#define DUTYLIST_WEB_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

/* What the server hands over once a request is complete. */
struct incoming {
	void *conn;
	const char *method, *url;
	const char *body;
	size_t body_len;
	bool body_too_large;
	json_t *form; /* the fields of a form body, NULL when not a form */
};

#define MAX_HEADERS 16

struct reply {
	int status;
	struct {
		const char *name;
		char *value; /* owned */
	} headers[MAX_HEADERS];
	size_t nheaders;
	struct buf body;
};

enum status router_init(bool secure_cookies, struct error *e) MUST_USE;
void router_free(void);
/* Answers the request; false only when the connection must be dropped. */
bool router_handle(const struct incoming *in);

/* The server's side (server.c). */
int server_send(void *conn, const struct reply *r);
const char *server_header(void *conn, const char *name);
const char *server_cookie(void *conn, const char *name);
const char *server_query(void *conn, const char *name);
/* Calls fn for each query argument, in order. */
void server_query_each(void *conn, void (*fn)(void *ctx, const char *key, const char *value),
                       void *ctx);
struct store *server_store(struct error *e);

#endif
