/* web.h - the HTTP side: requests, responses, roles and the route table.
 *
 * Every route is declared once, beside its handler (a `const struct route
 * xxx_routes[]` in each src/web/ file), with its method, its API path
 * (served as JSON under /api/v1) and/or its HTML path, who may call it,
 * the parameters it takes and their types, its template and a summary.
 * The router, the role and scope checks, parameter validation and
 * /api/v1/openapi.json all read that one declaration: a handler runs only
 * after its caller's role was checked and its parameters were parsed. */
#ifndef DUTYLIST_WEB_H
#define DUTYLIST_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../app/app.h"
#include "../core/user.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/err.h"

/* Who may call a route, as a bit mask of roles (core/user.h); anonymous
 * is a role. */
#define MAY(r) (1u << (r))
#define MAY_ANYONE 0x3fu                     /* every role, anonymous included */
#define MAY_STAFF (MAY_ANYONE & ~MAY(ROLE_PUBLIC)) /* any logged-in user */


enum param_in { IN_PATH, IN_QUERY, IN_BODY };
enum param_type {
	PARAM_TEXT, /* UTF-8 text, up to max bytes */
	PARAM_CODE, /* letters, digits, '-', '_', up to 32 */
	PARAM_INT,  /* a whole number from 0 to max */
	PARAM_COUNT, /* a whole number from 1 to max */
	PARAM_DATE, /* YYYY-MM-DD */
	PARAM_BOOL, /* true/false, 1/0, on */
	PARAM_OBJECT, /* a JSON object (in a form: its JSON text, or fields NAME.KEY) */
	PARAM_CODES,  /* a list of codes: a JSON array of strings, or "A,B" (in a form:
	                 also fields NAME.CODE that are set, checkboxes); errors name NAME[i] */
	PARAM_FILE, /* bytes, up to max (default 1 MiB): a form's uploaded file as it came,
	             * or base64 text in a JSON body; not checked as UTF-8 here
	             * (req_bytes gives them with their length) */
};

struct param {
	const char *name;
	enum param_in in;
	enum param_type type;
	bool required;
	long max; /* bytes for text, largest value for ints; 0: the default */
	const char *help;
};

#define MAX_PARAMS 16

struct request {
	const char *method;
	const char *path;
	bool api;         /* under /api/v1: answers JSON */
	const char *lang; /* "zh-CN" (the default) or "en" */
	const struct user *user; /* NULL when anonymous */
	const char *csrf;        /* the session's CSRF token, "" when none */
	struct store *store;     /* this thread's connection */
	const struct route *route;
	/* parameter values, validated and typed, in the order of route->params */
	struct {
		const char *text; /* NULL when absent */
		long long num;
		json_t *json; /* PARAM_OBJECT: the object; PARAM_CODES: the array of
		                 strings; PARAM_FILE: the bytes as a string; owned by the
		                 request */
		size_t len;   /* PARAM_FILE: the bytes' length (text points at them) */
	} arg[MAX_PARAMS];
	void *conn; /* the server's connection, for headers */
	const char *here;      /* this page's path and query, URL-encoded */
	const char *lang_href; /* this page in the other language */
};

/* Returns the text of parameter `name` (NULL when absent); the name must
 * be one the route declares. */
const char *req_text(const struct request *r, const char *name);
long long req_int(const struct request *r, const char *name, long long fallback);
bool req_bool(const struct request *r, const char *name);
json_t *req_object(const struct request *r, const char *name); /* borrowed; NULL when absent */
/* PARAM_CODES: the array of code strings (borrowed; NULL when none given). */
json_t *req_codes(const struct request *r, const char *name);
/* A PARAM_FILE's bytes (NULL when absent or empty) and their length. */
const char *req_bytes(const struct request *r, const char *name, size_t *len);

struct response {
	int status;          /* 200 unless set */
	json_t *model;       /* the view model; JSON for the API, the template's data for HTML */
	const char *template; /* overrides the route's template */
	char *redirect;      /* after a form: 303 to this path (owned) */
	struct buf body;     /* a body made by the handler itself (CSV, SVG, ...) */
	const char *content_type;
	char *set_cookie[2]; /* owned */
	const char *etag;
	const char *cache;   /* Cache-Control */
	const char *download; /* a file name: sent as an attachment */
};

typedef enum status (*handler_fn)(struct request *req, struct response *res, struct error *e);

struct route {
	const char *method;    /* "GET", "POST" or "PUT" */
	const char *api;       /* path under /api/v1 with {params}, NULL: HTML only */
	const char *html;      /* HTML path, NULL: API only */
	unsigned may;          /* MAY(...) mask */
	const char *scope;     /* a path parameter that names the caller's own town or
	                        * department (checked for township and department users) */
	const struct param *params; /* ends with a zeroed entry; may be NULL */
	const char *template;  /* for the HTML path */
	const char *summary;   /* for OpenAPI and help */
	handler_fn handler;
};

/* Each src/web/ file of handlers exports its table, ending with a zeroed
 * entry; router.c lists the tables. */
extern const struct route town_routes[], catalog_routes[], meta_routes[], auth_routes[],
	edit_routes[], user_routes[], review_routes[], procedure_routes[];
extern const struct route consult_routes[];
extern const struct route whistle_routes[];
extern const struct route assess_routes[], case_routes[];
extern const struct route notice_routes[];

/* The whole route table, for the router and openapi.c. */
const struct route *const *web_route_tables(void);

/* The logged-in caller as the actor of a use case. */
struct actor web_actor(const struct request *req);

/* Answers with an error: the status kind picks the HTTP status. */
int http_status_of(enum status s);

#endif
