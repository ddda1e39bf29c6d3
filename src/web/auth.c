/* auth.c - sessions, bearer tokens, login and logout. */
#include "auth.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "router.h"

#define SESSION_COOKIE "sid"

static bool g_secure;

void auth_set_secure(bool secure)
{
	g_secure = secure;
}

enum status auth_identify(struct request *req, struct user *u, char csrf[65], struct error *e)
{
	const char *session = server_cookie(req->conn, SESSION_COOKIE);
	/* Pages use the session only: a stray Authorization header (a browser's
	 * saved Basic credentials) must not lock anyone out of them. */
	const char *authz = req->api ? server_header(req->conn, "Authorization") : NULL;
	const char *bearer = NULL;
	if (authz && strncmp(authz, "Bearer ", 7) == 0)
		bearer = authz + 7;
	else if (authz)
		return error_set(e, STATUS_UNAUTHENTICATED, NULL,
		                 "only 'Authorization: Bearer TOKEN' is understood");
	/* The API takes bearer tokens only; a cookie on an API call would let
	 * another site's form act for a logged-in user without a CSRF check. */
	if (req->api)
		session = NULL;
	else
		bearer = NULL;
	enum status st = user_identify(req->store, session, bearer, u, csrf, e);
	if (st == STATUS_OK && bearer && !u->id)
		return error_set(e, STATUS_UNAUTHENTICATED, NULL, "the bearer token is not valid");
	return st;
}

static char *session_cookie(const char *value, long max_age)
{
	struct buf b = {0};
	buf_printf(&b, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", value,
	           max_age, g_secure ? "; Secure" : "");
	return b.data;
}

static const char *client_address(const struct request *req)
{
	static _Thread_local char text[INET6_ADDRSTRLEN];
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	text[0] = '\0';
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, text,
		          sizeof text);
	return text;
}

/* A redirect target must stay on this site: a path, not "//host". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/')
		return "/";
	/* Browsers drop tabs and newlines from URLs ("/\t/x" is "//x") and read
	 * '\\' as '/': none of them may appear anywhere. */
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	return next;
}

/* The login page, or the caller's identity when logged in. */
static enum status login_page(struct request *req, struct response *res, struct error *e)
{
	(void)e;
	res->model = json_object();
	const char *next = req_text(req, "next");
	json_object_set_new(res->model, "next", json_string(safe_next(next)));
	return STATUS_OK;
}

static enum status login(struct request *req, struct response *res, struct error *e)
{
	char session[65], csrf[65];
	const char *name = req_text(req, "name"), *password = req_text(req, "password");
	enum status st = user_login(req->store, name, password, client_address(req), session, csrf, e);
	if (st == STATUS_UNAUTHENTICATED || st == STATUS_RATE_LIMITED) {
		/* Show the form again, with the reason and the name kept. */
		res->status = http_status_of(st);
		const json_t *t = render_messages(req->lang);
		res->model = json_pack("{s:O, s:s, s:s}", "error",
		                       json_object_get(t, st == STATUS_RATE_LIMITED ? "login_throttled"
		                                                                     : "login_wrong"),
		                       "name", name, "next", safe_next(req_text(req, "next")));
		return STATUS_OK;
	}
	if (st != STATUS_OK)
		return st;
	res->set_cookie[0] = session_cookie(session, 12 * 3600);
	res->redirect = xstrdup(safe_next(req_text(req, "next")));
	return STATUS_OK;
}

static enum status logout(struct request *req, struct response *res, struct error *e)
{
	const char *session = server_cookie(req->conn, SESSION_COOKIE);
	if (session) {
		enum status st = user_logout(req->store, session, e);
		if (st != STATUS_OK)
			return st;
	}
	res->set_cookie[0] = session_cookie("", 0);
	res->redirect = xstrdup("/");
	return STATUS_OK;
}

/* The caller, for the API: who the token belongs to. */
static enum status whoami(struct request *req, struct response *res, struct error *e)
{
	(void)e;
	const struct user *u = req->user;
	res->model = json_pack("{s:s, s:s, s:s, s:s}", "name", u->name, "role", role_key[u->role],
	                       "town", u->town, "department", u->department);
	return STATUS_OK;
}

static const struct param login_params[] = {
	{"name", IN_BODY, PARAM_TEXT, true, USER_NAME_MAX, "user name"},
	{"password", IN_BODY, PARAM_TEXT, true, PASSWORD_MAX, "password"},
	{"next", IN_BODY, PARAM_TEXT, false, 512, "where to go after logging in"},
	{0},
};
static const struct param next_params[] = {
	{"next", IN_QUERY, PARAM_TEXT, false, 512, "where to go after logging in"},
	{0},
};

const struct route auth_routes[] = {
	{"GET", NULL, "/login", MAY_ANYONE, NULL, next_params, "login", "The login form", login_page},
	{"POST", NULL, "/login", MAY_ANYONE, NULL, login_params, "login", "Log in", login},
	{"POST", NULL, "/logout", MAY_STAFF, NULL, NULL, NULL, "Log out", logout},
	{"GET", "/me", NULL, MAY_STAFF, NULL, NULL, NULL, "The caller (bearer token's user)", whoami},
	{0},
};
