/* render.c - see render.h. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/embed.h"
#include "router.h"
#include "template.h"

#define TEMPLATE_DIR "web/templates/"
#define MAX_TEMPLATES 64

static struct {
	char name[48];
	struct template *t;
} g_templates[MAX_TEMPLATES];
static int g_ntemplates;
static json_t *g_messages[2]; /* zh-CN, en */

static const char *partial_source(void *ctx, const char *name)
{
	(void)ctx;
	char path[128];
	snprintf(path, sizeof path, TEMPLATE_DIR "%s.html", name);
	const struct embedded_file *f = embedded_find(path);
	return f ? (const char *)f->data : NULL;
}

static const struct template *find_template(const char *name)
{
	for (int i = 0; i < g_ntemplates; i++)
		if (strcmp(g_templates[i].name, name) == 0)
			return g_templates[i].t;
	return NULL;
}

/* A language's messages: web/i18n/LANG.json and any web/i18n/AREA.LANG.json
 * (one file per feature), merged; a key defined twice is an error. */
static enum status load_messages(const char *lang, json_t **out, struct error *e)
{
	char suffix[32];
	snprintf(suffix, sizeof suffix, "%s.json", lang);
	*out = json_object();
	size_t files = 0;
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		size_t n = strlen(f->path), m = strlen(suffix);
		if (strncmp(f->path, "web/i18n/", 9) != 0 || n < m ||
		    strcmp(f->path + n - m, suffix) != 0 ||
		    (n > m && f->path[n - m - 1] != '.' && f->path[n - m - 1] != '/'))
			continue;
		json_error_t jerr;
		json_t *part = json_loadb((const char *)f->data, f->size, 0, &jerr);
		if (!json_is_object(part)) {
			json_decref(part);
			return error_set(e, STATUS_INVALID, NULL, "%s: %s", f->path, jerr.text);
		}
		const char *key;
		json_t *v;
		json_object_foreach(part, key, v) {
			if (json_object_get(*out, key)) {
				json_decref(part);
				return error_set(e, STATUS_INVALID, NULL, "%s: message '%s' is defined twice",
				                 f->path, key);
			}
		}
		json_object_update(*out, part);
		json_decref(part);
		files++;
	}
	if (!files)
		return error_set(e, STATUS_INVALID, NULL, "no messages for %s in the binary", lang);
	return STATUS_OK;
}

/* Every key of a must be in b: a page in one language never shows a hole. */
static enum status same_keys(const json_t *a, const json_t *b, const char *bname,
                             struct error *e)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)a, key, v) {
		if (!json_object_get(b, key))
			return error_set(e, STATUS_INVALID, NULL, "the %s messages lack '%s'", bname, key);
	}
	return STATUS_OK;
}

enum status render_init(struct error *e)
{
	enum status st = load_messages("zh-CN", &g_messages[0], e);
	if (st == STATUS_OK)
		st = load_messages("en", &g_messages[1], e);
	if (st != STATUS_OK) {
		render_free();
		return st;
	}
	if (st == STATUS_OK)
		st = same_keys(g_messages[0], g_messages[1], "en", e);
	if (st == STATUS_OK)
		st = same_keys(g_messages[1], g_messages[0], "zh-CN", e);
	for (const struct embedded_file *f = embedded_files; st == STATUS_OK && f->path; f++) {
		size_t dir = strlen(TEMPLATE_DIR), n = strlen(f->path);
		if (strncmp(f->path, TEMPLATE_DIR, dir) != 0 || n < dir + 6 ||
		    strcmp(f->path + n - 5, ".html") != 0)
			continue;
		if (g_ntemplates == MAX_TEMPLATES)
			return error_set(e, STATUS_INVALID, NULL, "more than %d templates", MAX_TEMPLATES);
		snprintf(g_templates[g_ntemplates].name, sizeof g_templates[0].name, "%.*s",
		         (int)(n - dir - 5), f->path + dir);
		st = template_compile(g_templates[g_ntemplates].name, (const char *)f->data,
		                      partial_source, NULL, &g_templates[g_ntemplates].t, e);
		if (st == STATUS_OK)
			g_ntemplates++;
	}
	for (const struct route *const *t = web_route_tables(); st == STATUS_OK && *t; t++)
		for (const struct route *r = *t; r->method; r++)
			if (r->template && !find_template(r->template))
				st = error_set(e, STATUS_INVALID, NULL, "route %s %s names template '%s', "
				               "which does not exist", r->method, r->html ? r->html : r->api,
				               r->template);
	if (st == STATUS_OK && !find_template("error"))
		st = error_set(e, STATUS_INVALID, NULL, "the template 'error' is missing");
	if (st != STATUS_OK)
		render_free();
	return st;
}

void render_free(void)
{
	for (int i = 0; i < g_ntemplates; i++)
		template_free(g_templates[i].t);
	g_ntemplates = 0;
	for (int i = 0; i < 2; i++) {
		json_decref(g_messages[i]);
		g_messages[i] = NULL;
	}
}

const json_t *render_messages(const char *lang)
{
	return g_messages[strcmp(lang, "en") == 0 ? 1 : 0];
}

/* What every page has besides its own model. */
static json_t *page_model(const struct request *req, json_t *own)
{
	json_t *m = own ? json_copy(own) : json_object();
	if (!json_is_object(m)) {
		json_decref(m);
		m = json_pack("{s:O}", "data", own);
	}
	bool en = strcmp(req->lang, "en") == 0;
	json_object_set(m, "t", (json_t *)render_messages(req->lang)); /* atomic refcount */
	json_object_set_new(m, "lang", json_string(req->lang));
	json_object_set_new(m, "en", json_boolean(en));
	json_object_set_new(m, "other_lang", json_string(en ? "zh-CN" : "en"));
	json_object_set_new(m, "path", json_string(req->path));
	const char *saved = server_query(req->conn, "saved");
	json_object_set_new(m, "saved", json_boolean(saved && strcmp(saved, "1") == 0));
	if (req->here) {
		struct buf login = {0};
		buf_puts(&login, "/login?next=");
		buf_url_encode(&login, req->here, 0);
		json_object_set_new(m, "lang_href", json_string(req->lang_href));
		json_object_set_new(m, "login_href", json_string(buf_str(&login)));
		buf_free(&login);
	}
	json_object_set_new(m, "csrf", json_string(req->csrf ? req->csrf : ""));
	if (req->user) {
		const struct user *u = req->user;
		json_object_set_new(
			m, "me",
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "name", u->name, "role",
		                  role_key[u->role], "role_name", role_name[u->role], "town", u->town,
		                  "department", u->department, "office",
		                  u->role == ROLE_OFFICE || u->role == ROLE_ADMIN, "admin",
		                  u->role == ROLE_ADMIN, "audit",
		                  u->role == ROLE_OFFICE || u->role == ROLE_SUPERVISOR ||
		                          u->role == ROLE_ADMIN));
		/* the areas this role may open, for the header's links */
		json_t *me = json_object_get(m, "me");
		bool procedures = u->role != ROLE_ADMIN;
		json_object_set_new(me, "reviews", json_boolean(procedures));
		json_object_set_new(me, "adjustments", json_boolean(procedures));
		json_object_set_new(me, "admissions",
		                    json_boolean(procedures && u->role != ROLE_TOWNSHIP));
		/* 监管问责: the supervisor, the office and the departments concerned */
		json_object_set_new(me, "cases",
		                    json_boolean(u->role == ROLE_SUPERVISOR || u->role == ROLE_OFFICE ||
		                                 u->role == ROLE_DEPARTMENT));
		json_object_set_new(me, "notices", json_boolean(procedures));
	}
	return m;
}

void render_page(const struct request *req, const struct response *res, struct buf *out)
{
	const char *name = res->template ? res->template : req->route->template;
	const struct template *t = name ? find_template(name) : NULL;
	if (!t) { /* a route without a template answers its model as JSON */
		char *text = json_dumps(res->model, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		buf_puts(out, text ? text : "{}");
		free(text);
		return;
	}
	json_t *m = page_model(req, res->model);
	template_render(t, m, out);
	json_decref(m);
}

void render_error_page(const struct request *req, const struct error *e, struct buf *out)
{
	json_t *own = json_pack("{s:s, s:s, s:i, s:b}", "message", e->message, "field", e->field,
	                        "status", http_status_of(e->status), "login_first",
	                        e->status == STATUS_UNAUTHENTICATED);
	json_t *m = page_model(req, own);
	json_decref(own);
	template_render(find_template("error"), m, out);
	json_decref(m);
}
