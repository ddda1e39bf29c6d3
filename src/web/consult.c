/* consult.c - a review round's consultation (征求意见) on the web: its
 * meetings (座谈会) with the proposals that came from them, questionnaires
 * to the towns or to the public, answering them (the public anonymously,
 * limited per client), and the results drawn as SVG bar charts. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/consult.h"
#include "../store/consult.h"
#include "../util/json.h"
#include "render.h"
#include "router.h"
#include "template.h"
#include "view.h"

#define MAY_REVIEW \
	(MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))
#define MAY_OFFICE MAY(ROLE_OFFICE)

/* The cookie that keeps a public questionnaire's respondent key: "qr" and
 * the questionnaire's id. */
#define KEY_COOKIE "qr"
#define KEY_COOKIE_AGE 31536000 /* a year */

static long long jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The caller as the actor of a use case; anonymous callers too. */
static struct actor caller(const struct request *req)
{
	if (!req->user)
		return (struct actor){CONSULT_ANONYMOUS, "public", "", ""};
	return web_actor(req);
}

static bool is_office(const struct request *req)
{
	return req->user && req->user->role == ROLE_OFFICE;
}

/* After a form: 303 to before + id + after. */
static void redirect(struct response *res, const char *before, long long id, const char *after)
{
	char where[128];
	snprintf(where, sizeof where, "%s%lld%s", before, id, after);
	res->redirect = xstrdup(where);
}

/* The client's address as text ("" when unknown). */
static void client_address(const struct request *req, char out[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out,
		          INET6_ADDRSTRLEN);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
		          INET6_ADDRSTRLEN);
}

/* Whether a township user's town is in the round. */
static bool town_in_round(const struct request *req, long long round_id)
{
	if (!req->user || req->user->role != ROLE_TOWNSHIP)
		return false;
	json_t *rt;
	struct error ignored;
	if (store_round_town(req->store, round_id, req->user->town, &rt, &ignored) != STATUS_OK)
		return false;
	json_decref(rt);
	return true;
}

/* --- meetings --- */

static enum status meetings(struct request *req, struct response *res, struct error *e)
{
	long long id = req_int(req, "id", 0);
	json_t *round, *list;
	enum status st = store_round_get(req->store, id, &round, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_meetings(req->store, id, &list, e)) != STATUS_OK) {
		json_decref(round);
		return st;
	}
	bool open = strcmp(json_text(round, "status"), "open") == 0;
	if (!req->api)
		view_label(req, round, "status", "rs");
	res->model = json_pack("{s:o, s:o, s:b}", "round", round, "meetings", list, "may_record",
	                       open && is_office(req));
	return STATUS_OK;
}

static enum status meeting_add(struct request *req, struct response *res, struct error *e)
{
	struct actor who = caller(req);
	long long round = req_int(req, "id", 0);
	int64_t id;
	enum status st = consult_meeting_add(req->store, &who, round, req_text(req, "date"),
	                                     req_text(req, "title"), req_text(req, "attendees"),
	                                     req_text(req, "notes"), &id, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		redirect(res, "/review/meetings/", id, "?saved=1");
		return STATUS_OK;
	}
	res->status = 201;
	return consult_meeting_show(req->store, &who, id, &res->model, e);
}

static enum status meeting_show(struct request *req, struct response *res, struct error *e)
{
	struct actor who = caller(req);
	json_t *m;
	enum status st = consult_meeting_show(req->store, &who, req_int(req, "id", 0), &m, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(m, "proposals"), i, p) {
			view_label(req, p, "action", "pa");
			view_label(req, p, "status", "ps");
			view_label(req, p, "origin", "po");
		}
		/* a proposal can be made here, marked as coming from this meeting */
		bool open = strcmp(json_text(m, "round_status"), "open") == 0;
		bool may_propose = open && req->user->role != ROLE_SUPERVISOR;
		json_t *towns = NULL;
		if (may_propose &&
		    (st = store_round_towns(req->store, jint(m, "round_id"), &towns, e)) != STATUS_OK) {
			json_decref(m);
			return st;
		}
		size_t k;
		json_t *t;
		json_array_foreach(towns, k, t)
			json_object_set_new(t, "mine",
			                    json_boolean(req->user->role == ROLE_TOWNSHIP &&
			                                 strcmp(req->user->town, json_text(t, "town")) == 0));
		json_object_set_new(m, "may_propose", json_boolean(may_propose));
		json_object_set_new(m, "towns", towns ? towns : json_array());
	}
	res->model = m;
	return STATUS_OK;
}

/* --- questionnaires --- */

static void label_questionnaire(const struct request *req, json_t *q)
{
	view_label(req, q, "audience", "cs_aud");
	view_label(req, q, "status", "cs_st");
}

static enum status round_questionnaires(struct request *req, struct response *res,
                                        struct error *e)
{
	long long id = req_int(req, "id", 0);
	json_t *round, *list;
	enum status st = store_round_get(req->store, id, &round, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_questionnaires(req->store, id, NULL, NULL, &list, e)) != STATUS_OK) {
		json_decref(round);
		return st;
	}
	bool open = strcmp(json_text(round, "status"), "open") == 0;
	if (!req->api) {
		size_t i;
		json_t *q;
		json_array_foreach(list, i, q) label_questionnaire(req, q);
	}
	res->model = json_pack("{s:o, s:o, s:b, s:b}", "round", round, "questionnaires", list,
	                       "may_create", open && is_office(req), "staff", 1);
	return STATUS_OK;
}

static enum status questionnaire_add(struct request *req, struct response *res, struct error *e)
{
	struct actor who = caller(req);
	long long round = req_int(req, "id", 0);
	json_t *questions;
	enum status st = consult_parse_questions(req_text(req, "questions"), &questions, e);
	if (st != STATUS_OK)
		return st;
	int64_t id;
	st = consult_questionnaire_create(req->store, &who, round, req_text(req, "title"),
	                                  req_text(req, "audience"),
	                                  (int)req_int(req, "per_client", 1), questions, &id, e);
	json_decref(questions);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		redirect(res, "/questionnaires/", id, "?saved=1");
		return STATUS_OK;
	}
	res->status = 201;
	return consult_questionnaire_get(req->store, id, &res->model, e);
}

/* The questionnaires open now: the public's to anyone; to a logged-in
 * user also those to towns (to a township user, of rounds its town is in). */
static enum status open_questionnaires(struct request *req, struct response *res,
                                       struct error *e)
{
	json_t *all;
	enum status st =
		store_questionnaires(req->store, 0, req->user ? NULL : "public", "open", &all, e);
	if (st != STATUS_OK)
		return st;
	json_t *shown = json_array();
	size_t i;
	json_t *q;
	json_array_foreach(all, i, q) {
		if (strcmp(json_text(q, "round_status"), "open") != 0)
			continue;
		if (strcmp(json_text(q, "audience"), "towns") == 0 && req->user &&
		    req->user->role == ROLE_TOWNSHIP && !town_in_round(req, jint(q, "round_id")))
			continue;
		if (!req->api)
			label_questionnaire(req, q);
		json_array_append(shown, q);
	}
	json_decref(all);
	res->model = json_pack("{s:o, s:b}", "questionnaires", shown, "staff",
	                       req->user && (MAY_REVIEW & MAY(req->user->role)));
	return STATUS_OK;
}

/* A questionnaire to towns is for logged-in users only. */
static enum status visible(const struct request *req, const json_t *q, struct error *e)
{
	if (strcmp(json_text(q, "audience"), "public") != 0 && !req->user)
		return error_set(e, STATUS_UNAUTHENTICATED, NULL,
		                 "this questionnaire is addressed to towns: log in to see it");
	return STATUS_OK;
}

static enum status questionnaire_show(struct request *req, struct response *res,
                                      struct error *e)
{
	json_t *q;
	enum status st = consult_questionnaire_get(req->store, req_int(req, "id", 0), &q, e);
	if (st == STATUS_OK && (st = visible(req, q, e)) != STATUS_OK)
		json_decref(q);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		bool open = json_is_true(json_object_get(q, "open"));
		bool public = strcmp(json_text(q, "audience"), "public") == 0;
		label_questionnaire(req, q);
		size_t i, k;
		json_t *question, *option;
		json_array_foreach(json_object_get(q, "questions"), i, question) {
			const char *kind = json_text(question, "kind");
			view_label(req, question, "kind", "cs_kind");
			json_object_set_new(question, "single", json_boolean(strcmp(kind, "single") == 0));
			json_object_set_new(question, "multiple",
			                    json_boolean(strcmp(kind, "multiple") == 0));
			json_object_set_new(question, "free", json_boolean(strcmp(kind, "text") == 0));
			json_t *choices = json_array();
			json_array_foreach(json_object_get(question, "options"), k, option)
				json_array_append_new(choices, json_pack("{s:I, s:O}", "index",
				                                         (json_int_t)k, "text", option));
			json_object_set_new(question, "choices", choices);
		}
		json_object_set_new(q, "may_answer",
		                    json_boolean(open && (public || town_in_round(req, jint(q, "round_id")))));
		json_object_set_new(q, "may_close",
		                    json_boolean(is_office(req) &&
		                                 strcmp(json_text(q, "status"), "open") == 0));
		json_object_set_new(q, "may_results", json_boolean(req->user &&
		                                                   (MAY_REVIEW & MAY(req->user->role))));
		json_object_set_new(q, "answered", json_boolean(req_bool(req, "answered")));
		json_object_set_new(q, "public", json_boolean(public));
	}
	res->model = q;
	return STATUS_OK;
}

/* A form sends a multiple choice as fields answers.ID.INDEX: the indexes
 * become the array under ID.  A new object. */
static json_t *normal_answers(const json_t *raw)
{
	json_t *out = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)raw, key, v) {
		const char *dot = strchr(key, '.');
		if (!dot) {
			if (!json_is_array(json_object_get(out, key)))
				json_object_set(out, key, v);
			continue;
		}
		char id[32];
		snprintf(id, sizeof id, "%.*s", (int)(dot - key < 31 ? dot - key : 31), key);
		json_t *list = json_object_get(out, id);
		if (!json_is_array(list)) {
			list = json_array();
			json_object_set_new(out, id, list);
		}
		json_array_append_new(list, json_string(dot + 1));
	}
	return out;
}

static enum status answer(struct request *req, struct response *res, struct error *e)
{
	struct actor who = caller(req);
	long long id = req_int(req, "id", 0);
	char cookie_name[48], client[INET6_ADDRSTRLEN];
	snprintf(cookie_name, sizeof cookie_name, KEY_COOKIE "%lld", id);
	client_address(req, client);
	const char *cookie = server_cookie(req->conn, cookie_name);
	struct respondent r = {.client = client, .cookie = cookie};
	json_t *answers = normal_answers(req_object(req, "answers"));
	int64_t response;
	enum status st = consult_answer(req->store, &who, id, req_text(req, "town"), &r, answers,
	                                &response, e);
	json_decref(answers);
	if (st != STATUS_OK)
		return st;
	if (r.key[0] && (!cookie || strcmp(cookie, r.key) != 0)) {
		struct buf c = {0};
		buf_printf(&c, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d", cookie_name, r.key,
		           KEY_COOKIE_AGE);
		res->set_cookie[0] = c.data;
	}
	if (!req->api) {
		redirect(res, "/questionnaires/", id, "?answered=1");
		return STATUS_OK;
	}
	res->status = 201;
	res->model = json_pack("{s:I, s:I}", "response", (json_int_t)response, "questionnaire",
	                       (json_int_t)id);
	return STATUS_OK;
}

static enum status questionnaire_close(struct request *req, struct response *res,
                                       struct error *e)
{
	struct actor who = caller(req);
	long long id = req_int(req, "id", 0);
	enum status st = consult_questionnaire_close(req->store, &who, id, e);
	json_t *q;
	if (st == STATUS_OK)
		st = consult_questionnaire_get(req->store, id, &q, e);
	if (st != STATUS_OK)
		return st;
	if (req->api) {
		res->model = q;
	} else {
		redirect(res, "/review/", jint(q, "round_id"), "/questionnaires?saved=1");
		json_decref(q);
	}
	return STATUS_OK;
}

/* Appends at most max characters of s, with "…" when cut. */
static void cut_label(struct buf *out, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max)
			break;
	}
	struct buf b = {0};
	buf_append(&b, s, i);
	if (s[i])
		buf_puts(&b, "…");
	html_escape(out, buf_str(&b));
	buf_free(&b);
}

/* A choice question's tally as an SVG bar chart: a bar per option, its
 * count and share.  Every text goes through html_escape. */
static void chart_svg(const json_t *question, struct buf *out)
{
	const json_t *options = json_object_get(question, "options");
	long long max = 1;
	size_t i;
	json_t *o;
	json_array_foreach(options, i, o)
		if (jint(o, "count") > max)
			max = jint(o, "count");
	const int row_h = 22, width = 600, left = 220;
	int h = (int)json_array_size(options) * row_h + 10;
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	           "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
	           width, h, width, h);
	html_escape(out, json_text(question, "text"));
	buf_puts(out, "\">");
	json_array_foreach(options, i, o) {
		int y = 5 + (int)i * row_h;
		long long v = jint(o, "count");
		int w = (int)((width - left - 90) * v / max);
		buf_puts(out, "<g><title>");
		html_escape(out, json_text(o, "text"));
		buf_printf(out, ": %lld</title><text x=\"%d\" y=\"%d\" class=\"label\">", v, left - 6,
		           y + 14);
		cut_label(out, json_text(o, "text"), 16);
		buf_printf(out,
		           "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" class=\"added\"/>"
		           "<text x=\"%d\" y=\"%d\" class=\"value\">%lld (%lld%%)</text></g>",
		           left, y, w, left + w + 4, y + 13, v, jint(o, "percent"));
	}
	buf_puts(out, "</svg>");
}

static enum status results(struct request *req, struct response *res, struct error *e)
{
	json_t *r;
	enum status st = consult_results(req->store, req_int(req, "id", 0), &r, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		label_questionnaire(req, r);
		size_t i;
		json_t *q;
		json_array_foreach(json_object_get(r, "questions"), i, q) {
			view_label(req, q, "kind", "cs_kind");
			if (strcmp(json_text(q, "kind"), "text") == 0)
				continue;
			struct buf svg = {0};
			chart_svg(q, &svg);
			json_object_set_new(q, "chart", json_string(buf_str(&svg)));
			buf_free(&svg);
		}
		json_object_set_new(r, "may_close",
		                    json_boolean(is_office(req) && strcmp(json_text(r, "status"), "open") == 0));
	}
	res->model = r;
	return STATUS_OK;
}

static const struct param round_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{0},
};
static const struct param meeting_add_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{"date", IN_BODY, PARAM_DATE, true, 0, "the day it was held (YYYY-MM-DD), not after today"},
	{"title", IN_BODY, PARAM_TEXT, true, CONSULT_TITLE_MAX, "what meeting it was"},
	{"attendees", IN_BODY, PARAM_TEXT, true, CONSULT_ATTENDEES_MAX, "who attended"},
	{"notes", IN_BODY, PARAM_TEXT, true, CONSULT_NOTES_MAX, "what was said"},
	{0},
};
static const struct param meeting_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the meeting's id"},
	{0},
};
static const struct param questionnaire_add_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{"title", IN_BODY, PARAM_TEXT, true, CONSULT_TITLE_MAX, "the questionnaire's title"},
	{"audience", IN_BODY, PARAM_CODE, true, 0,
	 "towns (each town's user answers for its town) or public (anyone, anonymously)"},
	{"per_client", IN_BODY, PARAM_COUNT, false, CONSULT_PER_CLIENT_MAX,
	 "responses one respondent (a town, a client) may give; default 1"},
	{"questions", IN_BODY, PARAM_TEXT, true, 200000,
	 "one a line, 'single: question | option | option', 'multiple: ...' or 'text: question' "
	 "(单选, 多选, 填空); or the JSON text of an array of {kind, text, options}"},
	{0},
};
static const struct param questionnaire_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the questionnaire's id"},
	{0},
};
static const struct param show_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the questionnaire's id"},
	{"answered", IN_QUERY, PARAM_BOOL, false, 0, "the page thanks for an answer"},
	{0},
};
static const struct param answer_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the questionnaire's id"},
	{"answers", IN_BODY, PARAM_OBJECT, true, 0,
	 "{question id: an option's index from 0 (single), an array of them (multiple), or text}; "
	 "a form sends fields answers.ID, and answers.ID.INDEX per option of a multiple choice"},
	{"town", IN_BODY, PARAM_CODE, false, 0, "a questionnaire to towns: the user's own town"},
	{0},
};

const struct route consult_routes[] = {
	{"GET", "/review/rounds/{id}/meetings", "/review/{id}/meetings", MAY_REVIEW, NULL,
	 round_params, "consult_meetings", "A round's meetings (座谈会), newest first", meetings},
	{"POST", "/review/rounds/{id}/meetings", "/review/{id}/meetings", MAY_OFFICE, NULL,
	 meeting_add_params, NULL, "Record a meeting: its date, who attended, what was said",
	 meeting_add},
	{"GET", "/review/meetings/{id}", "/review/meetings/{id}", MAY_REVIEW, NULL, meeting_params,
	 "consult_meeting", "A meeting with the proposals that came from it (a town sees its own)",
	 meeting_show},
	{"GET", "/review/rounds/{id}/questionnaires", "/review/{id}/questionnaires", MAY_REVIEW,
	 NULL, round_params, "consult_questionnaires", "A round's questionnaires (征求意见)",
	 round_questionnaires},
	{"POST", "/review/rounds/{id}/questionnaires", "/review/{id}/questionnaires", MAY_OFFICE,
	 NULL, questionnaire_add_params, NULL,
	 "Make a questionnaire for the towns or the public: single and multiple choices, free text",
	 questionnaire_add},
	{"GET", "/questionnaires", "/questionnaires", MAY_ANYONE, NULL, NULL,
	 "consult_questionnaires",
	 "The questionnaires open now: the public's, and to logged-in users those to towns",
	 open_questionnaires},
	{"GET", "/questionnaires/{id}", "/questionnaires/{id}", MAY_ANYONE, NULL, show_params,
	 "consult_questionnaire",
	 "A questionnaire and its questions, the form to answer it (one to towns: logged in)",
	 questionnaire_show},
	{"POST", "/questionnaires/{id}/answers", "/questionnaires/{id}/answers", MAY_ANYONE, NULL,
	 answer_params, NULL,
	 "Answer a questionnaire: a town for itself, the public anonymously, at most per_client "
	 "times",
	 answer},
	{"POST", "/review/questionnaires/{id}/close", "/review/questionnaires/{id}/close",
	 MAY_OFFICE, NULL, questionnaire_params, NULL, "Close a questionnaire: no more answers",
	 questionnaire_close},
	{"GET", "/review/questionnaires/{id}/results", "/review/questionnaires/{id}/results",
	 MAY_REVIEW, NULL, questionnaire_params, "consult_results",
	 "A questionnaire's tallies per question and option, and its free-text answers", results},
	{0},
};
