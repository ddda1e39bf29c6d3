/* assess.c - 考核评价 on the web: periods, the office's definition, the
 * towns' scores and 任免建议, and the results with an SVG chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../util/json.h"
#include "render.h"
#include "template.h"
#include "view.h"

static void back_to(struct response *res, long long id, const char *page)
{
	char where[80];
	snprintf(where, sizeof where, "/assessments/%lld%s?saved=1", id, page);
	res->redirect = xstrdup(where);
}

static enum status periods(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *all;
	enum status st = assess_list(req->store, &who, &all, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *p;
		json_array_foreach(all, i, p) view_label(req, p, "status", "ae_s");
	}
	res->model = json_pack("{s:o, s:b}", "periods", all, "may_create",
	                       req->user->role == ROLE_OFFICE);
	return STATUS_OK;
}

static struct assess_def def_of(const struct request *req)
{
	return (struct assess_def){req_text(req, "name"), req_text(req, "start"), req_text(req, "end"),
	                           (int)req_int(req, "min_sample", 3)};
}

static enum status period_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct assess_def d = def_of(req);
	int64_t id;
	enum status st = assess_create(req->store, &who, &d, &id, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	res->status = 201;
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status period_update(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	struct assess_def d = def_of(req);
	enum status st = assess_update(req->store, &who, id, &d, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status period_show(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = assess_view(req->store, &who, id, &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	view_label(req, res->model, "status", "ae_s");
	const char *status = json_text(res->model, "status");
	enum role r = req->user->role;
	json_object_set_new(res->model, "may_edit",
	                    json_boolean(r == ROLE_OFFICE && strcmp(status, "draft") == 0));
	json_object_set_new(res->model, "may_open",
	                    json_boolean(r == ROLE_OFFICE && strcmp(status, "draft") == 0));
	json_object_set_new(res->model, "may_close",
	                    json_boolean(r == ROLE_OFFICE && strcmp(status, "open") == 0));
	bool town_open = r == ROLE_TOWNSHIP && strcmp(status, "open") == 0;
	json_object_set_new(res->model, "town_open", json_boolean(town_open));
	json_object_set_new(res->model, "may_results",
	                    json_boolean(r == ROLE_OFFICE || r == ROLE_SUPERVISOR ||
	                                 strcmp(status, "closed") == 0));
	json_object_set_new(res->model, "may_opinions",
	                    json_boolean(r == ROLE_OFFICE || r == ROLE_SUPERVISOR || r == ROLE_TOWNSHIP));
	/* the subjective indicators, for the towns' forms; agencies, for 任免建议 */
	json_t *subjective = json_array(), *agencies = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(res->model, "indicators"), i, x)
		if (strcmp(json_text(x, "source"), "town_score") == 0)
			json_array_append(subjective, x);
	json_array_foreach(json_object_get(res->model, "units"), i, x) {
		json_object_set_new(x, "period_id", json_integer(id));
		if (json_int(x, "agency") == 1)
			json_array_append(agencies, x);
		if (town_open && json_is_true(json_object_get(x, "may_score")) &&
		    !json_is_true(json_object_get(x, "scored")))
			json_object_set(x, "score_form", subjective);
	}
	json_object_set_new(res->model, "has_agencies", json_boolean(json_array_size(agencies) > 0));
	json_object_set_new(res->model, "subjective", subjective);
	json_object_set_new(res->model, "agencies", agencies);
	json_object_set_new(res->model, "sources", assess_sources());
	return STATUS_OK;
}

static enum status period_open(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	const char *action = strstr(req->route->api ? req->route->api : req->route->html, "/close")
	                             ? "close"
	                             : "open";
	enum status st = assess_act(req->store, &who, id, action, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status indicator_put(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = assess_indicator_set(req->store, &who, id, req_text(req, "code"),
	                                      req_text(req, "name"), req_text(req, "source"),
	                                      (int)req_int(req, "weight", 0), e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status unit_put(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	int64_t unit;
	enum status st = assess_unit_add(req->store, &who, id, req_text(req, "department"),
	                                 req_bool(req, "agency"), &unit, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	res->status = 201;
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status assign(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = assess_assign(req->store, &who, id, req_int(req, "unit", 0),
	                               req_text(req, "town"), e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status score(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = assess_score(req->store, &who, id, req_int(req, "unit", 0),
	                              req_object(req, "scores"), req_text(req, "comment"), e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	res->status = 201;
	return assess_view(req->store, &who, id, &res->model, e);
}

static enum status opinion_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	int64_t oid;
	enum status st = assess_opinion(req->store, &who, id, req_int(req, "unit", 0),
	                                req_text(req, "person"), req_text(req, "opinion"),
	                                req_text(req, "reason"), &oid, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id, "");
		return STATUS_OK;
	}
	res->status = 201;
	res->model = json_pack("{s:I}", "id", (json_int_t)oid);
	return STATUS_OK;
}

static enum status opinions(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	json_t *all, *p;
	enum status st = assess_opinions(req->store, &who, id, &all, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_assess_period_get(req->store, id, &p, e)) != STATUS_OK) {
		json_decref(all);
		return st;
	}
	if (!req->api) {
		size_t i;
		json_t *o;
		json_array_foreach(all, i, o) view_label(req, o, "opinion", "ae_op");
	}
	res->model = json_pack("{s:o, s:o}", "period", p, "opinions", all);
	return STATUS_OK;
}

/* Bars of the results: one per ranked unit, its total out of 100; built
 * with the escaping helpers (labels are names from the catalogue). */
static void results_svg(const json_t *rows, struct buf *out)
{
	size_t n = 0, i;
	json_t *r;
	json_array_foreach(rows, i, r) n += json_is_number(json_object_get(r, "total"));
	const int row_h = 22, width = 560, left = 170;
	int h = (int)n * row_h + 10;
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	           "width=\"%d\" height=\"%d\" role=\"img\">",
	           width, h, width, h);
	int k = 0;
	json_array_foreach(rows, i, r) {
		const json_t *t = json_object_get(r, "total");
		if (!json_is_number(t))
			continue;
		double v = json_number_value(t);
		int y = 5 + k++ * row_h;
		int w = (int)((width - left - 60) * (v < 0 ? 0 : v > 100 ? 100 : v) / 100);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"label\">", left - 6, y + 14);
		html_escape(out, json_text(r, "label"));
		buf_printf(out,
		           "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" class=\"agreed\"/>"
		           "<text x=\"%d\" y=\"%d\" class=\"value\">%.2f</text>",
		           left, y, w, left + w + 4, y + 13, v);
	}
	buf_puts(out, "</svg>");
}

static enum status results(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	enum status st = assess_results(req->store, &who, req_int(req, "id", 0), &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(res->model, "results"), i, r) {
		char label[160];
		snprintf(label, sizeof label, "%s%s%s", json_text(r, "department_name"),
		         json_int(r, "agency") == 1 ? " · " : "", json_text(r, "agency_name"));
		json_object_set_new(r, "label", json_string(label));
		const json_t *t = json_object_get(r, "total");
		char total[16] = "";
		if (json_is_number(t))
			snprintf(total, sizeof total, "%.2f", json_number_value(t));
		json_object_set_new(r, "total_text", json_string(total));
		/* the values in the indicators' order, for the table */
		json_t *cells = json_array();
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(res->model, "indicators"), k, x) {
			const json_t *v = json_object_get(json_object_get(r, "values"), json_text(x, "code"));
			char text[16] = "–";
			if (json_is_number(v))
				snprintf(text, sizeof text, "%.1f", json_number_value(v));
			json_array_append_new(cells, json_pack("{s:s}", "text", text));
		}
		json_object_set_new(r, "cells", cells);
	}
	struct buf svg = {0};
	results_svg(json_object_get(res->model, "results"), &svg);
	json_object_set_new(res->model, "chart", json_string(buf_str(&svg)));
	buf_free(&svg);
	return STATUS_OK;
}

static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{0},
};
static const struct param def_params[] = {
	{"name", IN_BODY, PARAM_TEXT, true, 200, "the period's name"},
	{"start", IN_BODY, PARAM_DATE, true, 0, "its first day"},
	{"end", IN_BODY, PARAM_DATE, true, 0, "its last day"},
	{"min_sample", IN_BODY, PARAM_COUNT, false, 1000,
	 "fewer scoring towns than this: insufficient data, not ranked (default 3)"},
	{0},
};
static const struct param update_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"name", IN_BODY, PARAM_TEXT, true, 200, "the period's name"},
	{"start", IN_BODY, PARAM_DATE, true, 0, "its first day"},
	{"end", IN_BODY, PARAM_DATE, true, 0, "its last day"},
	{"min_sample", IN_BODY, PARAM_COUNT, false, 1000, "the minimum number of scoring towns"},
	{0},
};
static const struct param indicator_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"code", IN_BODY, PARAM_CODE, true, 0, "the indicator's code (added or changed by it)"},
	{"name", IN_BODY, PARAM_TEXT, true, 200, "its name"},
	{"source", IN_BODY, PARAM_CODE, true, 0,
	 "town_score (subjective), whistle_ack_on_time, whistle_on_time, whistle_resolution or "
	 "whistle_satisfaction"},
	{"weight", IN_BODY, PARAM_COUNT, true, 100, "its weight, 1-100"},
	{0},
};
static const struct param unit_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"department", IN_BODY, PARAM_CODE, true, 0, "the department assessed"},
	{"agency", IN_BODY, PARAM_BOOL, false, 0, "its dispatched agency (派出机构) instead"},
	{0},
};
static const struct param assign_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"unit", IN_BODY, PARAM_COUNT, true, 0, "the unit's id"},
	{"town", IN_BODY, PARAM_CODE, true, 0, "the town that scores it"},
	{0},
};
static const struct param score_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"unit", IN_BODY, PARAM_COUNT, true, 0, "the unit scored"},
	{"scores", IN_BODY, PARAM_OBJECT, true, 0, "{indicator code: 0-100} for each town_score indicator"},
	{"comment", IN_BODY, PARAM_TEXT, false, 2000, "a comment"},
	{0},
};
static const struct param opinion_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the period's id"},
	{"unit", IN_BODY, PARAM_COUNT, true, 0, "the dispatched agency (its unit id)"},
	{"person", IN_BODY, PARAM_TEXT, true, 100, "the head concerned"},
	{"opinion", IN_BODY, PARAM_CODE, true, 0, "keep, commend, remove or other"},
	{"reason", IN_BODY, PARAM_TEXT, true, 2000, "why"},
	{0},
};

#define OFFICE_ONLY MAY(ROLE_OFFICE)
#define MAY_SEE_AS (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))

const struct route assess_routes[] = {
	{"GET", "/assessments", "/assessments", MAY_SEE_AS, NULL, NULL, "assessments",
	 "Assessment periods (考核评价)", periods},
	{"POST", "/assessments", "/assessments", OFFICE_ONLY, NULL, def_params, NULL,
	 "The office defines an assessment period (draft)", period_new},
	{"GET", "/assessments/{id}", "/assessments/{id}", MAY_SEE_AS, NULL, id_params, "assessment",
	 "A period with its indicators and assessed units (a town: which it may score)",
	 period_show},
	{"POST", "/assessments/{id}", "/assessments/{id}", OFFICE_ONLY, NULL, update_params, NULL,
	 "The office changes a draft period's name, dates or minimum sample", period_update},
	{"POST", "/assessments/{id}/indicators", "/assessments/{id}/indicators", OFFICE_ONLY, NULL,
	 indicator_params, NULL, "The office adds or changes an indicator of a draft period",
	 indicator_put},
	{"POST", "/assessments/{id}/units", "/assessments/{id}/units", OFFICE_ONLY, NULL,
	 unit_params, NULL, "The office adds a unit assessed (a department or its agency)",
	 unit_put},
	{"POST", "/assessments/{id}/assignments", "/assessments/{id}/assignments", OFFICE_ONLY, NULL,
	 assign_params, NULL, "The office assigns a town to score a unit", assign},
	{"POST", "/assessments/{id}/open", "/assessments/{id}/open", OFFICE_ONLY, NULL, id_params,
	 NULL, "The office opens a draft period for the towns' scores", period_open},
	{"POST", "/assessments/{id}/close", "/assessments/{id}/close", OFFICE_ONLY, NULL, id_params,
	 NULL, "The office closes an open period: the results become visible", period_open},
	{"POST", "/assessments/{id}/scores", "/assessments/{id}/scores", MAY(ROLE_TOWNSHIP), NULL,
	 score_params, NULL, "A town scores a unit it worked with, once per period", score},
	{"POST", "/assessments/{id}/opinions", "/assessments/{id}/opinions", MAY(ROLE_TOWNSHIP), NULL,
	 opinion_params, NULL, "A town's opinion on the head of a dispatched agency (任免建议)",
	 opinion_new},
	{"GET", "/assessments/{id}/opinions", "/assessments/{id}/opinions",
	 MAY(ROLE_OFFICE) | MAY(ROLE_SUPERVISOR) | MAY(ROLE_TOWNSHIP), NULL, id_params,
	 "assessment_opinions", "任免建议 reported to the office (a town: its own)", opinions},
	{"GET", "/assessments/{id}/results", "/assessments/{id}/results", MAY_SEE_AS, NULL, id_params,
	 "assessment_results",
	 "The ranked results (office and supervisor any time, others once closed)", results},
	{0},
};
