/* router.c - see router.h.  The one place where every request passes:
 * it decides the language and the caller, finds the route, checks role,
 * scope, CSRF and parameters, then calls the handler and renders its
 * model as JSON (under /api/v1) or HTML.  Handlers never see a request
 * that failed any of these. */
#include "router.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/date.h"
#include "../util/embed.h"
#include "../util/utf8.h"
#include "auth.h"
#include "cache.h"
#include "render.h"
#include "web.h"

#define API_PREFIX "/api/v1"
#define MAX_PATH 1024
#define MAX_SEGMENTS 16

static bool g_secure_cookies;

int http_status_of(enum status s)
{
	switch (s) {
	case STATUS_OK: return 200;
	case STATUS_USAGE: return 400;
	case STATUS_UNAUTHENTICATED: return 401;
	case STATUS_FORBIDDEN: return 403;
	case STATUS_NOT_FOUND: return 404;
	case STATUS_CONFLICT: return 409;
	case STATUS_INVALID: return 422;
	case STATUS_RATE_LIMITED: return 429;
	default: return 500;
	}
}

static const char *error_code(enum status s)
{
	switch (s) {
	case STATUS_USAGE: return "bad_request";
	case STATUS_UNAUTHENTICATED: return "unauthenticated";
	case STATUS_FORBIDDEN: return "forbidden";
	case STATUS_NOT_FOUND: return "not_found";
	case STATUS_CONFLICT: return "conflict";
	case STATUS_INVALID: return "invalid";
	case STATUS_RATE_LIMITED: return "rate_limited";
	default: return "internal";
	}
}

static const struct route *const *g_tables;

const struct route *const *web_route_tables(void)
{
	static const struct route *const tables[] = {meta_routes, town_routes, catalog_routes,
	                                             edit_routes, user_routes, review_routes, procedure_routes, auth_routes,
	                                             consult_routes, whistle_routes, assess_routes,
	                                             case_routes, notice_routes, NULL};
	return tables;
}

/* A request as it goes through the router. */
struct call {
	const struct incoming *in;
	struct request req;
	struct user user;
	char csrf[65];
	char lang_cookie[8]; /* set when ?lang= changed the language */
	bool new_csrf;       /* an anonymous visitor got a new form token */
	char path[MAX_PATH];
	/* {param} values captured from the path, NUL-separated in capbuf */
	const char *cap_name[MAX_SEGMENTS], *cap_value[MAX_SEGMENTS];
	int ncaps;
	char capbuf[MAX_PATH];
	json_t *body; /* a JSON body, parsed */
	char numbuf[MAX_PARAMS][24];
	struct buf here, lang_href; /* see struct request */
	/* an anonymous GET: its answer may come from, and go to, the cache */
	bool cacheable;
	long long version;
	char cache_key[MAX_PATH + 64];
};

/* Appends "&key=value" (or "?key=value" first) for each query argument
 * but lang. */
static void add_query_arg(void *ctx, const char *key, const char *value)
{
	struct buf *b = ctx;
	if (strcmp(key, "lang") == 0)
		return;
	buf_putc(b, strchr(buf_str(b), '?') ? '&' : '?');
	buf_url_encode(b, key, 0);
	buf_putc(b, '=');
	buf_url_encode(b, value, 0);
}

/* The page's own address, and the same in the other language. */
static void page_addresses(struct call *c)
{
	buf_url_encode(&c->here, c->path, 1);
	server_query_each(c->in->conn, add_query_arg, &c->here);
	buf_puts(&c->lang_href, buf_str(&c->here));
	buf_printf(&c->lang_href, "%slang=%s", strchr(buf_str(&c->here), '?') ? "&" : "?",
	           strcmp(c->req.lang, "en") == 0 ? "zh-CN" : "en");
	c->req.here = buf_str(&c->here);
	c->req.lang_href = buf_str(&c->lang_href);
}

static void add_header(struct reply *r, const char *name, const char *value)
{
	if (r->nheaders == MAX_HEADERS)
		return;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

static void reply_free(struct reply *r)
{
	for (size_t i = 0; i < r->nheaders; i++)
		free(r->headers[i].value);
	buf_free(&r->body);
}

/* The headers every response carries. */
static void security_headers(struct reply *r)
{
	add_header(r, "Content-Security-Policy",
	           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "same-origin");
	add_header(r, "X-Frame-Options", "DENY");
}

static bool send(struct call *c, struct reply *r)
{
	security_headers(r);
	if (c->new_csrf) {
		char cookie[160];
		snprintf(cookie, sizeof cookie,
		         "csrf=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400", c->csrf);
		add_header(r, "Set-Cookie", cookie);
	}
	if (c->lang_cookie[0]) {
		char cookie[96];
		snprintf(cookie, sizeof cookie, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax",
		         c->lang_cookie);
		add_header(r, "Set-Cookie", cookie);
	}
	bool ok = server_send(c->in->conn, r) != 0;
	reply_free(r);
	return ok;
}

/* Answers with an error, as JSON or as a page. */
static bool send_error(struct call *c, const struct error *e)
{
	struct reply r = {.status = http_status_of(e->status)};
	if (c->req.api) {
		json_t *err = json_pack("{s:s, s:s}", "code", error_code(e->status), "message",
		                        e->message);
		if (e->field[0])
			json_object_set_new(err, "field", json_string(e->field));
		json_t *root = json_pack("{s:o}", "error", err);
		char *text = json_dumps(root, JSON_COMPACT);
		buf_puts(&r.body, text);
		free(text);
		json_decref(root);
		add_header(&r, "Content-Type", "application/json; charset=utf-8");
	} else {
		render_error_page(&c->req, e, &r.body);
		add_header(&r, "Content-Type", "text/html; charset=utf-8");
	}
	add_header(&r, "Cache-Control", "no-store");
	if (e->status == STATUS_UNAUTHENTICATED && c->req.api)
		add_header(&r, "WWW-Authenticate", "Bearer realm=\"dutylist\"");
	return send(c, &r);
}

static bool fail(struct call *c, enum status s, const char *field, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
static bool fail(struct call *c, enum status s, const char *field, const char *fmt, ...)
{
	struct error e;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set(&e, s, field, "%s", msg);
	return send_error(c, &e);
}

/* An anonymous visitor's forms (the login form) carry a token that must
 * match a SameSite=Strict cookie: another site can neither read the cookie
 * nor make the browser send it (double submit). */
static void anonymous_csrf(struct call *c)
{
	const char *cookie = server_cookie(c->in->conn, "csrf");
	if (cookie && strlen(cookie) == 64 && strspn(cookie, "0123456789abcdef") == 64) {
		memcpy(c->csrf, cookie, 65);
		return;
	}
	random_token(c->csrf);
	c->new_csrf = true;
}

/* Decides the language: ?lang= (remembered in a cookie), the lang cookie,
 * then Accept-Language; Chinese unless English is asked for. */
static void pick_language(struct call *c)
{
	const char *q = server_query(c->in->conn, "lang");
	if (q && (strcmp(q, "en") == 0 || strcmp(q, "zh-CN") == 0)) {
		c->req.lang = strcmp(q, "en") == 0 ? "en" : "zh-CN";
		snprintf(c->lang_cookie, sizeof c->lang_cookie, "%s", c->req.lang);
		return;
	}
	const char *cookie = server_cookie(c->in->conn, "lang");
	if (cookie && (strcmp(cookie, "en") == 0 || strcmp(cookie, "zh-CN") == 0)) {
		c->req.lang = strcmp(cookie, "en") == 0 ? "en" : "zh-CN";
		return;
	}
	const char *accept = server_header(c->in->conn, "Accept-Language");
	c->req.lang = accept && strncasecmp(accept, "en", 2) == 0 ? "en" : "zh-CN";
}

/* Checks the path: valid UTF-8, no NUL, no dot segments, not too long. */
static bool path_ok(const char *url)
{
	size_t n = strlen(url);
	if (n == 0 || n >= MAX_PATH || url[0] != '/' || utf8_invalid_at(url, n) != n)
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f) /* server.c turns %00 into 0x7f */
			return false;
	for (const char *p = url; (p = strstr(p, "/.")) != NULL; p++)
		if (p[2] == '\0' || p[2] == '/' || (p[2] == '.' && (p[3] == '\0' || p[3] == '/')))
			return false;
	return true;
}

/* Matches url against pattern ("/towns/{code}/list"), capturing {names}. */
static bool match(struct call *c, const char *pattern, const char *url)
{
	c->ncaps = 0;
	size_t used = 0;
	const char *p = pattern, *u = url;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(u, '/');
			size_t vlen = end ? (size_t)(end - u) : strlen(u);
			size_t nlen = (size_t)(close - p - 1);
			if (vlen == 0 || c->ncaps == MAX_SEGMENTS || used + nlen + vlen + 2 > MAX_PATH)
				return false;
			char *name = c->capbuf + used;
			memcpy(name, p + 1, nlen);
			name[nlen] = '\0';
			used += nlen + 1;
			char *value = c->capbuf + used;
			memcpy(value, u, vlen);
			value[vlen] = '\0';
			used += vlen + 1;
			c->cap_name[c->ncaps] = name;
			c->cap_value[c->ncaps] = value;
			c->ncaps++;
			p = close + 1;
			u += vlen;
		} else if (*p == *u) {
			p++;
			u++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *u == '\0';
}

static const char *capture(const struct call *c, const char *name)
{
	for (int i = 0; i < c->ncaps; i++)
		if (strcmp(c->cap_name[i], name) == 0)
			return c->cap_value[i];
	return NULL;
}

/* Finds the route for the method and path; *other_method is set when
 * the path exists with another method. */
static const struct route *find_route(struct call *c, const char *path, bool *other_method)
{
	*other_method = false;
	/* Literal paths first, so /tasks/new is not taken for /tasks/{code}. */
	for (int literal = 1; literal >= 0; literal--) {
		for (const struct route *const *t = g_tables; *t; t++) {
			for (const struct route *r = *t; r->method; r++) {
				const char *pattern = c->req.api ? r->api : r->html;
				if (!pattern || (strchr(pattern, '{') == NULL) != literal ||
				    !match(c, pattern, path))
					continue;
				if (strcmp(r->method, c->in->method) == 0 ||
				    (strcmp(c->in->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
					return r;
				*other_method = true;
			}
		}
	}
	return NULL;
}

static bool is_code(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	return n > 0 && n <= 32 && s[n] == '\0';
}

/* A form's fields NAME.KEY, as the object {KEY: value, ...} into *out
 * (NULL when there is none): a form sends an object whose keys are data
 * (a questionnaire's answers) that way.  Values are checked as UTF-8. */
static enum status form_object(json_t *form, const char *name, json_t **out, struct error *e)
{
	size_t n = strlen(name);
	const char *key;
	json_t *v;
	*out = NULL;
	json_object_foreach(form, key, v) {
		const char *text = json_string_value(v);
		if (strncmp(key, name, n) != 0 || key[n] != '.' || !key[n + 1] || !text)
			continue;
		size_t len = json_string_length(v); /* a NUL inside is invalid too */
		if (utf8_invalid_at(text, len) != len) {
			json_decref(*out);
			*out = NULL;
			return error_set(e, STATUS_USAGE, name, "%s is not valid UTF-8", key);
		}
		if (!*out)
			*out = json_object();
		json_object_set(*out, key + n + 1, v);
	}
	return STATUS_OK;
}

#define MAX_CODES 64

/* A list of codes into *out (NULL when none is given): a JSON array of
 * strings, or text "A,B"; in a form also fields NAME.CODE that are set
 * (checkboxes).  Each is checked; an error names NAME[i]. */
static enum status read_codes(const struct param *p, json_t *jv, json_t *form, json_t **out,
                              struct error *e)
{
	json_t *list = json_array();
	*out = NULL;
	if (jv && json_is_array(jv)) {
		size_t i;
		json_t *x;
		json_array_foreach(jv, i, x) {
			if (!json_is_string(x)) {
				char field[64];
				snprintf(field, sizeof field, "%s[%zu]", p->name, i);
				json_decref(list);
				return error_set(e, STATUS_INVALID, field, "%s: wrong JSON type", field);
			}
			json_array_append(list, x);
		}
	} else if (jv && json_is_string(jv)) {
		char *text = xstrdup(json_string_value(jv)), *save = NULL;
		for (char *t = strtok_r(text, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
			json_array_append_new(list, json_string_nocheck(t));
		free(text);
	} else if (jv && !json_is_null(jv)) {
		json_decref(list);
		return error_set(e, STATUS_INVALID, p->name, "%s: wrong JSON type", p->name);
	}
	if (form) {
		size_t n = strlen(p->name);
		const char *key;
		json_t *v;
		json_object_foreach(form, key, v) {
			const char *text = json_string_value(v);
			if (strncmp(key, p->name, n) == 0 && key[n] == '.' && key[n + 1] && text && *text &&
			    strcmp(text, "false") != 0 && strcmp(text, "0") != 0)
				json_array_append_new(list, json_string_nocheck(key + n + 1));
		}
	}
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		char field[64];
		snprintf(field, sizeof field, "%s[%zu]", p->name, i);
		const char *code = json_string_value(x);
		size_t len = json_string_length(x);
		enum status st = STATUS_OK;
		if (utf8_invalid_at(code, len) != len)
			st = error_set(e, STATUS_USAGE, field, "%s is not valid UTF-8", field);
		else if (!is_code(code))
			st = error_set(e, STATUS_INVALID, field,
			               "%s: '%.40s' is not a code (letters, digits, '-', '_')", field, code);
		else if (i >= MAX_CODES)
			st = error_set(e, STATUS_INVALID, field, "%s: at most %d codes", p->name,
			               MAX_CODES);
		if (st != STATUS_OK) {
			json_decref(list);
			return st;
		}
	}
	if (json_array_size(list) == 0)
		json_decref(list);
	else
		*out = list;
	return STATUS_OK;
}

/* A file parameter: a form's field holds the file's bytes as they came
 * (any encoding, NULs included); a JSON body gives them as base64.  The
 * bytes are kept as a JSON string the request owns (arg.json), so that
 * their length survives a NUL. */
static enum status read_file_param(struct call *c, const struct param *p, json_t *jv, int i,
                                   struct error *e)
{
	long max = p->max ? p->max : 1024 * 1024;
	if (!jv || json_is_null(jv)) {
		if (p->required)
			return error_set(e, STATUS_INVALID, p->name, "%s is required", p->name);
		return STATUS_OK;
	}
	if (!json_is_string(jv))
		return error_set(e, STATUS_INVALID, p->name, "%s: wrong JSON type", p->name);
	const char *text = json_string_value(jv);
	size_t len = json_string_length(jv);
	if (len == 0)
		return STATUS_OK; /* an empty file input: no file chosen */
	json_t *bytes;
	if (c->body) {
		size_t cap = len / 4 * 3 + 3, n;
		unsigned char *bin = xmalloc(cap + 1);
		if (sodium_base642bin(bin, cap, text, len, " \t\r\n", &n, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) != 0) {
			free(bin);
			return error_set(e, STATUS_INVALID, p->name, "%s is not base64", p->name);
		}
		bytes = json_stringn_nocheck((const char *)bin, n);
		free(bin);
	} else {
		bytes = json_incref(jv);
	}
	if ((long)json_string_length(bytes) > max) {
		json_decref(bytes);
		return error_set(e, STATUS_INVALID, p->name, "%s is larger than %ld bytes", p->name,
		                 max);
	}
	c->req.arg[i].json = bytes;
	c->req.arg[i].text = json_string_value(bytes);
	c->req.arg[i].len = json_string_length(bytes);
	return STATUS_OK;
}

/* Finds, types and checks every declared parameter. */
static enum status read_params(struct call *c, struct error *e)
{
	const struct route *r = c->req.route;
	for (int i = 0; r->params && r->params[i].name; i++) {
		const struct param *p = &r->params[i];
		const char *text = NULL;
		json_t *jv = NULL;
		if (p->in == IN_PATH)
			text = capture(c, p->name);
		else if (p->in == IN_QUERY)
			text = server_query(c->in->conn, p->name);
		else if (c->body)
			jv = json_object_get(c->body, p->name);
		else if (c->in->form)
			jv = json_object_get(c->in->form, p->name);
		if (p->type == PARAM_CODES) {
			json_t *q = text ? json_string_nocheck(text) : NULL; /* in the query: "A,B" */
			enum status st = read_codes(p, q ? q : jv,
			                            c->body || p->in != IN_BODY ? NULL : c->in->form,
			                            &c->req.arg[i].json, e);
			json_decref(q);
			if (st != STATUS_OK)
				return st;
			if (c->req.arg[i].json)
				c->req.arg[i].text = "";
			else if (p->required)
				return error_set(e, STATUS_INVALID, p->name, "%s is required", p->name);
			continue;
		}
		if (!jv && p->in == IN_BODY && p->type == PARAM_OBJECT && c->in->form) {
			enum status st = form_object(c->in->form, p->name, &c->req.arg[i].json, e);
			if (st != STATUS_OK)
				return st;
			if (c->req.arg[i].json) {
				c->req.arg[i].text = "";
				continue;
			}
		}
		if (p->type == PARAM_FILE) {
			enum status st = read_file_param(c, p, jv, i, e);
			if (st != STATUS_OK)
				return st;
			continue;
		}
		if (jv && json_is_object(jv) && p->type == PARAM_OBJECT) {
			c->req.arg[i].json = json_incref(jv);
			c->req.arg[i].text = "";
			continue;
		}
		if (jv && !json_is_null(jv)) {
			if (json_is_string(jv))
				text = json_string_value(jv);
			else if (json_is_integer(jv) && (p->type == PARAM_INT || p->type == PARAM_COUNT)) {
				snprintf(c->numbuf[i], sizeof c->numbuf[i], "%lld",
				         (long long)json_integer_value(jv));
				text = c->numbuf[i];
			} else if (json_is_boolean(jv) && p->type == PARAM_BOOL)
				text = json_is_true(jv) ? "true" : "false";
			else
				return error_set(e, STATUS_INVALID, p->name, "%s: wrong JSON type", p->name);
		}
		if (text && !*text && p->in != IN_PATH && p->type != PARAM_TEXT)
			text = NULL; /* an empty form field is an absent one */
		if (!text) {
			if (p->required)
				return error_set(e, STATUS_INVALID, p->name, "%s is required", p->name);
			continue;
		}
		size_t len = strlen(text);
		long max = p->max ? p->max : (p->type == PARAM_TEXT ? 4000 : 0);
		if (utf8_invalid_at(text, len) != len)
			return error_set(e, STATUS_USAGE, p->name, "%s is not valid UTF-8", p->name);
		switch (p->type) {
		case PARAM_FILE: /* read by read_file_param, never here */
			break;
		case PARAM_TEXT:
			if ((long)len > max)
				return error_set(e, STATUS_INVALID, p->name,
				                 "%s is longer than %ld bytes", p->name, max);
			break;
		case PARAM_CODE:
			if (!is_code(text))
				return error_set(e, STATUS_INVALID, p->name,
				                 "%s: '%.40s' is not a code (letters, digits, '-', '_')",
				                 p->name, text);
			break;
		case PARAM_INT:
		case PARAM_COUNT: {
			char *end;
			long min = p->type == PARAM_COUNT;
			long long v = strtoll(text, &end, 10);
			if (*end || end == text || v < min || (max && v > max))
				return error_set(e, STATUS_INVALID, p->name,
				                 "%s: '%.40s' is not a whole number from %ld to %ld",
				                 p->name, text, min, max);
			c->req.arg[i].num = v;
			break;
		}
		case PARAM_DATE: {
			long day;
			if (!date_parse(text, &day))
				return error_set(e, STATUS_INVALID, p->name,
				                 "%s: '%.40s' is not a date YYYY-MM-DD", p->name, text);
			c->req.arg[i].num = day;
			break;
		}
		case PARAM_CODES: /* read above */
			break;
		case PARAM_OBJECT: {
			json_error_t jerr;
			json_t *o = json_loads(text, 0, &jerr);
			if (!json_is_object(o)) {
				json_decref(o);
				return error_set(e, STATUS_INVALID, p->name, "%s is not a JSON object",
				                 p->name);
			}
			c->req.arg[i].json = o;
			break;
		}
		case PARAM_BOOL: {
			static const char *const yes[] = {"true", "1", "on", "是", NULL};
			static const char *const no[] = {"false", "0", "off", "否", NULL};
			int v = -1;
			for (int k = 0; yes[k]; k++) {
				if (strcmp(text, yes[k]) == 0)
					v = 1;
				if (strcmp(text, no[k]) == 0)
					v = 0;
			}
			if (v < 0)
				return error_set(e, STATUS_INVALID, p->name,
				                 "%s: '%.40s' is not true or false", p->name, text);
			c->req.arg[i].num = v;
			break;
		}
		}
		c->req.arg[i].text = text;
	}
	return STATUS_OK;
}

static int param_index(const struct request *r, const char *name)
{
	for (int i = 0; r->route->params && r->route->params[i].name; i++)
		if (strcmp(r->route->params[i].name, name) == 0)
			return i;
	return -1;
}

struct actor web_actor(const struct request *req)
{
	const struct user *u = req->user;
	assert(u); /* only routes for logged-in roles act */
	return (struct actor){u->name, role_key[u->role], u->town, u->department};
}

const char *req_text(const struct request *r, const char *name)
{
	int i = param_index(r, name);
	return i < 0 ? NULL : r->arg[i].text;
}

long long req_int(const struct request *r, const char *name, long long fallback)
{
	int i = param_index(r, name);
	return i < 0 || !r->arg[i].text ? fallback : r->arg[i].num;
}

json_t *req_object(const struct request *r, const char *name)
{
	int i = param_index(r, name);
	return i < 0 ? NULL : r->arg[i].json;
}

json_t *req_codes(const struct request *r, const char *name)
{
	return req_object(r, name);
}

const char *req_bytes(const struct request *r, const char *name, size_t *len)
{
	int i = param_index(r, name);
	*len = i < 0 || !r->arg[i].text ? 0 : r->arg[i].len;
	return *len ? r->arg[i].text : NULL;
}

bool req_bool(const struct request *r, const char *name)
{
	int i = param_index(r, name);
	return i >= 0 && r->arg[i].text && r->arg[i].num;
}

/* Role, scope and, for forms, CSRF. */
static enum status check_access(struct call *c, struct error *e)
{
	const struct route *r = c->req.route;
	enum role role = c->req.user ? c->req.user->role : ROLE_PUBLIC;
	if (!(r->may & MAY(role))) {
		if (!c->req.user)
			return error_set(e, STATUS_UNAUTHENTICATED, NULL,
			                 "log in first: only some roles may do this");
		return error_set(e, STATUS_FORBIDDEN, NULL, "the role %s may not do this",
		                 role_key[role]);
	}
	if (r->scope && c->req.user) {
		const char *v = capture(c, r->scope);
		const struct user *u = c->req.user;
		if (u->role == ROLE_TOWNSHIP && (!v || strcmp(v, u->town) != 0))
			return error_set(e, STATUS_FORBIDDEN, r->scope,
			                 "a township user acts only for their own town (%s)", u->town);
		if (u->role == ROLE_DEPARTMENT && (!v || strcmp(v, u->department) != 0))
			return error_set(e, STATUS_FORBIDDEN, r->scope,
			                 "a department user acts only for their own department (%s)",
			                 u->department);
	}
	/* A form that changes something must carry the session's token. */
	if (!c->req.api && strcmp(r->method, "POST") == 0) {
		json_t *t = c->in->form ? json_object_get(c->in->form, "csrf") : NULL;
		const char *sent = t ? json_string_value(t) : NULL;
		if (!sent || !c->csrf[0] || strlen(sent) != strlen(c->csrf) ||
		    sodium_memcmp(sent, c->csrf, strlen(c->csrf)) != 0)
			return error_set(e, STATUS_FORBIDDEN, "csrf",
			                 "the form is stale or did not come from this site; reload the "
			                 "page and try again");
	}
	return STATUS_OK;
}

static bool serve_static(struct call *c, const char *path)
{
	char name[MAX_PATH + 8];
	snprintf(name, sizeof name, "web%s", path);
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		return fail(c, STATUS_NOT_FOUND, NULL, "%s does not exist", path);
	struct reply r = {.status = 200};
	buf_append(&r.body, f->data, f->size);
	const char *ext = strrchr(path, '.');
	add_header(&r, "Content-Type",
	           ext && strcmp(ext, ".css") == 0  ? "text/css; charset=utf-8"
	           : ext && strcmp(ext, ".js") == 0 ? "text/javascript; charset=utf-8"
	           : ext && strcmp(ext, ".svg") == 0 ? "image/svg+xml"
	                                             : "application/octet-stream");
	add_header(&r, "Cache-Control", "public, max-age=3600");
	return send(c, &r);
}

/* Answers from a cached body: 304 when the client has it already. */
static bool send_cached(struct call *c, const struct cached *hit)
{
	const char *have = server_header(c->in->conn, "If-None-Match");
	struct reply r = {.status = have && strcmp(have, hit->etag) == 0 ? 304 : 200};
	if (r.status == 200 && strcmp(c->in->method, "HEAD") != 0)
		buf_append(&r.body, hit->body, hit->len);
	add_header(&r, "Content-Type", hit->content_type);
	add_header(&r, "ETag", hit->etag);
	add_header(&r, "Cache-Control", "no-cache");
	return send(c, &r);
}

static bool send_response(struct call *c, struct response *res)
{
	struct reply r = {.status = res->status ? res->status : 200};
	const char *content_type = NULL;
	if (res->redirect) {
		r.status = 303;
		add_header(&r, "Location", res->redirect);
	} else if (res->body.len || res->content_type) {
		buf_append(&r.body, buf_str(&res->body), res->body.len);
		content_type = res->content_type ? res->content_type : "text/plain";
	} else if (c->req.api) {
		json_t *empty = res->model ? NULL : json_object();
		char *text = json_dumps(res->model ? res->model : empty,
		                        JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(empty);
		buf_puts(&r.body, text);
		free(text);
		content_type = "application/json; charset=utf-8";
	} else {
		render_page(&c->req, res, &r.body);
		content_type = "text/html; charset=utf-8";
	}
	if (content_type)
		add_header(&r, "Content-Type", content_type);
	/* A page that carries the visitor's form token is theirs alone. */
	bool personal = c->csrf[0] && strstr(buf_str(&r.body), c->csrf);
	if (c->cacheable && r.status == 200 && !res->redirect && !res->set_cookie[0] &&
	    !res->cache && content_type && !personal) {
		const struct cached *kept =
			cache_put(c->cache_key, c->version, buf_str(&r.body), r.body.len, content_type);
		if (kept && !res->etag)
			res->etag = kept->etag;
	}
	for (int i = 0; i < 2; i++)
		if (res->set_cookie[i])
			add_header(&r, "Set-Cookie", res->set_cookie[i]);
	if (res->etag)
		add_header(&r, "ETag", res->etag);
	if (res->download) {
		char disposition[160];
		snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", res->download);
		add_header(&r, "Content-Disposition", disposition);
	}
	add_header(&r, "Cache-Control",
	           res->cache ? res->cache : c->req.user ? "private, no-store" : "no-cache");
	if (strcmp(c->in->method, "HEAD") == 0)
		buf_reset(&r.body);
	return send(c, &r);
}

static void response_free(struct response *res)
{
	json_decref(res->model);
	free(res->redirect);
	buf_free(&res->body);
	free(res->set_cookie[0]);
	free(res->set_cookie[1]);
}

static bool route_request(struct call *c);

bool router_handle(const struct incoming *in)
{
	struct call c = {.in = in};
	c.req.method = in->method;
	c.req.conn = in->conn;
	c.req.csrf = c.csrf;
	c.req.lang = "zh-CN";
	if (!path_ok(in->url)) {
		c.req.api = strncmp(in->url, API_PREFIX, strlen(API_PREFIX)) == 0;
		return fail(&c, STATUS_USAGE, "path", "the path is not valid");
	}
	snprintf(c.path, sizeof c.path, "%s", in->url);
	c.req.path = c.path;
	c.req.api = strncmp(c.path, API_PREFIX "/", strlen(API_PREFIX) + 1) == 0;
	if (strcmp(c.path, "/healthz") == 0) {
		struct reply r = {.status = 200};
		buf_puts(&r.body, "ok\n");
		add_header(&r, "Content-Type", "text/plain; charset=utf-8");
		return send(&c, &r);
	}
	pick_language(&c);
	if (strncmp(c.path, "/static/", 8) == 0)
		return serve_static(&c, c.path);
	page_addresses(&c);
	bool ok = route_request(&c);
	buf_free(&c.here);
	buf_free(&c.lang_href);
	return ok;
}

/* The routed part of router_handle: the caller, the route, the checks,
 * the handler. */
static bool route_request(struct call *c)
{
	const struct incoming *in = c->in;
	struct error e;
	c->req.store = server_store(&e);
	if (!c->req.store)
		return send_error(c, &e);
	/* Nobody logged in asking to read: perhaps answered already. */
	c->cacheable = (strcmp(in->method, "GET") == 0 || strcmp(in->method, "HEAD") == 0) &&
	               in->body_len == 0 && !in->body_too_large && !server_cookie(in->conn, "sid") &&
	               !(c->req.api && server_header(in->conn, "Authorization"));
	if (c->cacheable) {
		if (store_data_version(c->req.store, &c->version, &e) != STATUS_OK)
			return send_error(c, &e);
		snprintf(c->cache_key, sizeof c->cache_key, "%s|%s|%s|%s", in->method,
		         c->req.api ? "api" : "page", c->req.lang, c->req.here);
		const struct cached *hit = cache_get(c->cache_key, c->version);
		if (hit) {
			if (!c->req.api)
				anonymous_csrf(c);
			return send_cached(c, hit);
		}
	}
	enum status st = auth_identify(&c->req, &c->user, c->csrf, &e);
	if (st != STATUS_OK)
		return send_error(c, &e);
	if (c->user.id)
		c->req.user = &c->user;
	else if (!c->req.api)
		anonymous_csrf(c);

	bool other_method;
	const char *path = c->req.api ? c->path + strlen(API_PREFIX) : c->path;
	c->req.route = find_route(c, path, &other_method);
	if (!c->req.route)
		return other_method ? fail(c, STATUS_USAGE, NULL, "method %s is not allowed here",
		                           in->method)
		                    : fail(c, STATUS_NOT_FOUND, NULL, "%s does not exist", c->path);
	if (in->body_too_large)
		return fail(c, STATUS_USAGE, "body", "the request body is larger than 1 MiB");
	if (c->req.api && in->body_len && !in->form) {
		json_error_t jerr;
		c->body = json_loadb(in->body, in->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!c->body) /* jansson counts lines from 1 */
			return fail(c, STATUS_USAGE, "body", "the body is not JSON (line %d: %s)",
			            jerr.line, jerr.text);
		if (!json_is_object(c->body)) {
			json_decref(c->body);
			return fail(c, STATUS_USAGE, "body", "the body must be a JSON object");
		}
	}
	if ((st = check_access(c, &e)) == STATUS_OK)
		st = read_params(c, &e);
	struct response res = {0};
	if (st == STATUS_OK)
		st = c->req.route->handler(&c->req, &res, &e);
	bool ok = st == STATUS_OK ? send_response(c, &res) : send_error(c, &e);
	response_free(&res);
	for (int i = 0; i < MAX_PARAMS; i++)
		json_decref(c->req.arg[i].json);
	json_decref(c->body);
	return ok;
}

enum status router_init(bool secure_cookies, struct error *e)
{
	g_secure_cookies = secure_cookies;
	g_tables = web_route_tables();
	auth_set_secure(secure_cookies);
	return render_init(e);
}

void router_free(void)
{
	render_free();
}
