/* test_whistle.c - 吹哨报到: the whistle's machine through the use cases,
 * by role and scope; deadlines on the working-day calendar across a
 * holiday and a 调休 working Saturday; overdue steps; the statistics on
 * constructed data. */
#include "testutil.h"

#include "app/app.h"
#include "core/machine.h"
#include "core/whistle.h"
#include "store/store.h"

#include <sqlite3.h>

static const struct actor office = {"office1", "office", "", ""};
static const struct actor dept1 = {"dept1", "department", "", "D01"};
static const struct actor dept2 = {"dept2", "department", "", "D02"};
static const struct actor town1 = {"t1", "township", "100000001", ""};
static const struct actor town2 = {"t2", "township", "100000002", ""};

static struct store *fresh(char **path)
{
	*path = temp_db();
	struct store *s;
	struct error e;
	assert_int_equal(store_open(*path, STORE_CREATE, &s, &e), STATUS_OK);
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "towns.csv", TOWNS_CSV, &d);
	read_csv(&c, "departments.csv", DEPARTMENTS_CSV, &d);
	read_csv(&c, "bases.csv", BASES_CSV, &d);
	read_csv(&c, "tasks.csv", TASKS_CSV, &d);
	assert_int_equal(d.n, 0);
	struct import_result res;
	assert_int_equal(catalog_import(s, &office, &c, "test", &res, &d, &e), STATUS_OK);
	catalog_free(&c);
	return s;
}

static const char *text(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static int64_t raise(struct store *s, const struct actor *who, const char *dept, const char *task,
                     const char *urgency, enum status want)
{
	struct whistle_call w = {NULL, dept, task, "河道垃圾堆积", "东村桥下", urgency, NULL, 0};
	struct error e;
	int64_t id = 0;
	enum status st = whistle_raise(s, who, &w, &id, &e);
	if (st != want)
		fail_msg("raise: want %d, got %d: %s", want, st, e.message);
	return id;
}

static json_t *get(struct store *s, int64_t id)
{
	json_t *w;
	struct error e;
	assert_int_equal(whistle_view(s, &office, id, &w, &e), STATUS_OK);
	return w;
}

static void test_raise_checks_the_list(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	/* only a town raises, and only for itself */
	raise(s, &office, "D01", NULL, "normal", STATUS_FORBIDDEN);
	raise(s, &dept1, "D01", NULL, "normal", STATUS_FORBIDDEN);
	struct whistle_call other = {"100000001", "D01", NULL, "事", "地", "normal", NULL, 0};
	int64_t id;
	assert_int_equal(whistle_raise(s, &town2, &other, &id, &e), STATUS_FORBIDDEN);
	raise(s, &town1, "D01", NULL, "soon", STATUS_INVALID);
	raise(s, &town1, "D99", NULL, "normal", STATUS_INVALID);
	/* 上级部门收回, led by the department called: a fit */
	json_t *w = get(s, raise(s, &town1, "D01", "ST-02", "normal", STATUS_OK));
	assert_string_equal(text(w, "fit"), "fit");
	assert_string_equal(text(w, "warning"), "");
	assert_string_equal(text(w, "status"), "raised");
	json_decref(w);
	/* the town's own 基本履职: recorded with a warning, not refused */
	w = get(s, raise(s, &town1, "D01", "ST-01", "urgent", STATUS_OK));
	assert_string_equal(text(w, "fit"), "own_duty");
	assert_non_null(strstr(text(w, "warning"), "may not pass its own duty up"));
	json_decref(w);
	/* 配合履职 led by another department */
	w = get(s, raise(s, &town1, "D01", "JJ-01", "normal", STATUS_OK));
	assert_string_equal(text(w, "fit"), "other_lead");
	json_decref(w);
	/* 配合履职 led by the one called */
	w = get(s, raise(s, &town1, "D02", "JJ-01", "normal", STATUS_OK));
	assert_string_equal(text(w, "fit"), "fit");
	json_decref(w);
	/* the audit has each raise */
	json_t *rows;
	assert_int_equal(store_audit_find(s, "whistle:", NULL, "whistle.raise", 0, 100, &rows, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(rows), 4);
	json_decref(rows);
	store_close(s);
	temp_db_free(path);
}

static void test_machine_by_role_and_scope(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	int64_t id = raise(s, &town1, "D01", "ST-02", "normal", STATUS_OK);
	/* 报到: the department called, no one else */
	assert_int_equal(whistle_act(s, &dept2, id, "acknowledge", NULL, -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &town1, id, "acknowledge", NULL, -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &office, id, "acknowledge", NULL, -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &dept1, id, "report", "已清理", -1, NULL, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(whistle_act(s, &dept1, id, "acknowledge", NULL, -1, NULL, &e), STATUS_OK);
	/* the report says what was done */
	assert_int_equal(whistle_act(s, &dept1, id, "report", "", -1, NULL, &e), STATUS_INVALID);
	assert_string_equal(e.field, "text");
	assert_int_equal(whistle_act(s, &dept2, id, "report", "已清理", -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &dept1, id, "report", "已清理", -1, NULL, &e), STATUS_OK);
	/* the raising town evaluates */
	assert_int_equal(whistle_act(s, &town2, id, "resolve", "好", -1, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &dept1, id, "resolve", "好", -1, NULL, &e), STATUS_FORBIDDEN);
	/* the role and the state are checked before what the step needs */
	assert_int_equal(whistle_act(s, &dept1, id, "resolve", "", -1, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &town1, id, "resolve", "", -1, NULL, &e), STATUS_INVALID);
	assert_int_equal(whistle_act(s, &town1, id, "resolve", "处理及时", -1, NULL, &e), STATUS_OK);
	assert_int_equal(whistle_act(s, &town1, id, "close_unresolved", "x", -1, NULL, &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.message, "cannot close_unresolved a whistle that is resolved; "
	                               "allowed: nothing, it is final");
	json_t *w = get(s, id);
	assert_string_equal(text(w, "status"), "resolved");
	assert_int_equal(json_integer_value(json_object_get(w, "satisfied")), 1);
	assert_true(json_is_true(json_object_get(w, "on_time")));
	assert_int_equal(json_array_size(json_object_get(w, "events")), 4);
	json_decref(w);

	/* reassignment by the office; the old department can no longer act */
	int64_t id2 = raise(s, &town1, "D01", "JJ-01", "normal", STATUS_OK);
	assert_int_equal(whistle_act(s, &dept1, id2, "acknowledge", NULL, -1, NULL, &e), STATUS_OK);
	assert_int_equal(whistle_act(s, &town1, id2, "reassign", "牵头部门是农业局", -1, "D02", &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &office, id2, "reassign", "", -1, "D02", &e), STATUS_INVALID);
	assert_int_equal(whistle_act(s, &office, id2, "reassign", "x", -1, "D01", &e),
	                 STATUS_CONFLICT);
	assert_int_equal(whistle_act(s, &office, id2, "reassign", "牵头部门是农业局", -1, "D02", &e),
	                 STATUS_OK);
	w = get(s, id2);
	assert_string_equal(text(w, "status"), "raised");
	assert_string_equal(text(w, "department"), "D02");
	/* called when reassigned: the statistics count its response from then */
	assert_true(*text(w, "assigned_at") && strcmp(text(w, "assigned_at"), text(w, "raised_at")) >= 0);
	json_t *events = json_object_get(w, "events");
	assert_string_equal(text(json_array_get(events, 2), "action"), "reassign");
	assert_string_equal(text(json_array_get(events, 2), "department"), "D02");
	json_decref(w);
	assert_int_equal(whistle_act(s, &dept1, id2, "acknowledge", NULL, -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &dept2, id2, "acknowledge", NULL, -1, NULL, &e), STATUS_OK);
	assert_int_equal(whistle_act(s, &dept2, id2, "report", "已协调", -1, NULL, &e), STATUS_OK);
	assert_int_equal(whistle_act(s, &office, id2, "reassign", "x", -1, "D01", &e),
	                 STATUS_CONFLICT);
	/* not satisfied: closed unresolved */
	assert_int_equal(whistle_act(s, &town1, id2, "close_unresolved", "未根治", -1, NULL, &e),
	                 STATUS_OK);
	w = get(s, id2);
	assert_string_equal(text(w, "status"), "closed_unresolved");
	assert_int_equal(json_integer_value(json_object_get(w, "satisfied")), 0);
	json_decref(w);

	/* who sees what */
	json_t *list;
	assert_int_equal(whistle_list(s, &town2, NULL, NULL, false, &list, &e), STATUS_OK);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(whistle_list(s, &dept2, "100000001", "D01", false, &list, &e), STATUS_OK);
	assert_int_equal(json_array_size(list), 1); /* its own, whatever it asks */
	json_decref(list);
	assert_int_equal(whistle_list(s, &office, NULL, NULL, false, &list, &e), STATUS_OK);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	assert_int_equal(whistle_view(s, &town2, id, &w, &e), STATUS_NOT_FOUND);
	assert_int_equal(whistle_view(s, &dept2, id, &w, &e), STATUS_NOT_FOUND);
	assert_int_equal(whistle_view(s, &dept2, id2, &w, &e), STATUS_OK);
	json_decref(w);

	/* the audit has every step */
	json_t *rows;
	assert_int_equal(store_audit_find(s, "whistle:", NULL, "whistle", 0, 100, &rows, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(rows), (1 + 3) + (1 + 5)); /* raise and steps */
	json_decref(rows);
	store_close(s);
	temp_db_free(path);
}

static void test_settings(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	struct whistle_settings set;
	assert_int_equal(store_whistle_settings(s, &set, &e), STATUS_OK);
	assert_int_equal(set.urgent_ack_hours, 1);
	assert_int_equal(set.urgent_onsite_hours, 24);
	assert_int_equal(set.normal_ack_days, 1);
	assert_int_equal(set.normal_report_days, 3);
	assert_int_equal(set.normal_resolve_days, 5);
	assert_int_equal(set.min_sample, 5);
	set.urgent_ack_hours = 2;
	set.min_sample = 3;
	assert_int_equal(whistle_settings_set(s, &town1, &set, &e), STATUS_FORBIDDEN);
	struct whistle_settings bad = set;
	bad.normal_report_days = 0;
	assert_int_equal(whistle_settings_set(s, &office, &bad, &e), STATUS_INVALID);
	assert_int_equal(whistle_settings_set(s, &office, &set, &e), STATUS_OK);
	struct whistle_settings now;
	assert_int_equal(store_whistle_settings(s, &now, &e), STATUS_OK);
	assert_int_equal(now.urgent_ack_hours, 2);
	assert_int_equal(now.min_sample, 3);
	/* an urgent whistle raised now is due two hours later */
	json_t *w = get(s, raise(s, &town1, "D01", NULL, "urgent", STATUS_OK));
	time_t raised, ack;
	assert_true(iso_time_parse(text(w, "raised_at"), &raised));
	assert_true(iso_time_parse(text(w, "ack_due"), &ack));
	assert_int_equal((long)(ack - raised), 2 * 3600);
	json_decref(w);
	store_close(s);
	temp_db_free(path);
}

static long day_of(const char *d)
{
	long v;
	assert_true(date_parse(d, &v));
	return v;
}

static time_t at(const char *iso)
{
	time_t t;
	assert_true(iso_time_parse(iso, &t));
	return t;
}

/* 国庆: 10-01 to 10-07 rest; Saturday 10-10 is a working day (调休). */
static void national_day(struct calendar *cal)
{
	for (long d = day_of("2026-10-01"); d <= day_of("2026-10-07"); d++)
		calendar_add(cal, d, CAL_REST);
	calendar_add(cal, day_of("2026-10-10"), CAL_WORK);
	calendar_sort(cal);
}

static void test_deadlines_on_the_calendar(void **state)
{
	(void)state;
	struct calendar cal = {0};
	national_day(&cal);
	struct whistle_deadlines d;
	/* normal, raised the Wednesday before the holiday: the days count from
	 * Thursday 10-08; Saturday 10-10 is worked, Sunday 10-11 is not */
	whistle_deadlines_at(&whistle_defaults, &cal, false, at("2026-09-30T10:00:00Z"), &d);
	assert_string_equal(d.ack, "2026-10-08T23:59:59Z");
	assert_string_equal(d.report, "2026-10-10T23:59:59Z");
	assert_string_equal(d.resolve, "2026-10-13T23:59:59Z");
	/* raised on the Friday after: acknowledged by the 调休 Saturday */
	whistle_deadlines_at(&whistle_defaults, &cal, false, at("2026-10-09T16:00:00Z"), &d);
	assert_string_equal(d.ack, "2026-10-10T23:59:59Z");
	assert_string_equal(d.report, "2026-10-13T23:59:59Z");
	/* urgent ones count hours, holiday or not */
	whistle_deadlines_at(&whistle_defaults, &cal, true, at("2026-10-01T08:30:00Z"), &d);
	assert_string_equal(d.ack, "2026-10-01T09:30:00Z");
	assert_string_equal(d.report, "2026-10-02T08:30:00Z");
	assert_string_equal(d.resolve, "");
	/* without the holiday, a normal Wednesday raise is due Thursday */
	struct calendar plain = {0};
	whistle_deadlines_at(&whistle_defaults, &plain, false, at("2026-09-30T10:00:00Z"), &d);
	assert_string_equal(d.ack, "2026-10-01T23:59:59Z");

	/* days are local days: in China (UTC+8) 2026-09-30T20:00Z is already
	 * 10-01, a holiday; the deadline is the end of the local day */
	setenv("TZ", "CST-8", 1);
	tzset();
	whistle_deadlines_at(&whistle_defaults, &cal, false, at("2026-09-30T20:00:00Z"), &d);
	assert_string_equal(d.ack, "2026-10-08T15:59:59Z");
	assert_string_equal(d.report, "2026-10-10T15:59:59Z");
	setenv("TZ", "UTC", 1);
	tzset();

	/* overdue, derived from the state and the time */
	whistle_deadlines_at(&whistle_defaults, &cal, false, at("2026-09-30T10:00:00Z"), &d);
	assert_null(whistle_overdue(WHISTLE_RAISED, &d, at("2026-10-08T23:59:59Z")));
	assert_string_equal(whistle_overdue(WHISTLE_RAISED, &d, at("2026-10-09T00:00:00Z")),
	                    "acknowledge");
	assert_null(whistle_overdue(WHISTLE_ACKNOWLEDGED, &d, at("2026-10-09T00:00:00Z")));
	assert_string_equal(whistle_overdue(WHISTLE_ACKNOWLEDGED, &d, at("2026-10-11T00:00:00Z")),
	                    "report");
	assert_string_equal(whistle_overdue(WHISTLE_REPORTED, &d, at("2026-10-14T00:00:00Z")),
	                    "resolve");
	assert_null(whistle_overdue(WHISTLE_RESOLVED, &d, at("2026-12-01T00:00:00Z")));

	/* annotated on read: escalated to the office when overdue */
	json_t *w = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "status", "raised", "ack_due",
	                      d.ack, "report_due", d.report, "resolve_due", d.resolve, "acked_at", "",
	                      "raised_at", "2026-09-30T10:00:00Z");
	whistle_annotate(w, at("2026-10-09T08:00:00Z"));
	assert_string_equal(text(w, "overdue"), "acknowledge");
	assert_true(json_is_true(json_object_get(w, "escalated")));
	json_decref(w);
	/* a whistle finished late is not on time */
	w = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status", "resolved", "ack_due", d.ack,
	              "report_due", d.report, "resolve_due", d.resolve, "acked_at",
	              "2026-10-09T08:00:00Z", "reported_at", "2026-10-09T09:00:00Z", "evaluated_at",
	              "2026-10-12T09:00:00Z");
	whistle_annotate(w, at("2026-12-01T00:00:00Z"));
	assert_true(json_is_false(json_object_get(w, "on_time")));
	assert_true(json_is_null(json_object_get(w, "overdue")));
	json_decref(w);
	calendar_free(&cal);
}

static json_t *made(const char *town, const char *dept, const char *status, int response_h,
                    int resolution_h, bool on_time, int satisfied)
{
	char acked[21], evaluated[21];
	time_t raised = at("2026-03-02T08:00:00Z");
	iso_time_format(raised + response_h * 3600, acked);
	iso_time_format(raised + resolution_h * 3600, evaluated);
	bool final = strcmp(status, "resolved") == 0 || strcmp(status, "closed_unresolved") == 0;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "town", town, "department",
	                 dept, "status", status, "raised_at", "2026-03-02T08:00:00Z", "acked_at",
	                 response_h >= 0 ? acked : "", "evaluated_at", final ? evaluated : "",
	                 "on_time", final ? json_boolean(on_time) : json_null(), "satisfied",
	                 final ? json_integer(satisfied) : json_null());
}

static json_t *find(const json_t *rows, const char *code)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) if (strcmp(text(r, "code"), code) == 0) return r;
	fail_msg("no row %s", code);
	return NULL;
}

static double num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	return json_number_value(v);
}

static void test_statistics(void **state)
{
	(void)state;
	json_t *w = json_array();
	/* D01: five whistles, 3 resolved and 2 closed unresolved */
	json_array_append_new(w, made("100000001", "D01", "resolved", 1, 10, true, 1));
	json_array_append_new(w, made("100000001", "D01", "resolved", 2, 20, true, 1));
	json_array_append_new(w, made("100000001", "D01", "resolved", 3, 30, false, 1));
	json_array_append_new(w, made("100000002", "D01", "closed_unresolved", 4, 40, true, 0));
	json_array_append_new(w, made("100000002", "D01", "closed_unresolved", 10, 50, false, 1));
	/* D02: two, below the minimum sample (one reassigned to it 5 hours
	 * after it was raised, acknowledged an hour later); D03: none */
	json_array_append_new(w, made("100000002", "D02", "resolved", 1, 5, true, 1));
	json_t *moved = made("100000002", "D02", "resolved", 6, 8, true, 1);
	json_object_set_new(moved, "assigned_at", json_string("2026-03-02T13:00:00Z"));
	json_array_append_new(w, moved);
	json_array_append_new(w, made("100000002", "D02", "raised", -1, 0, false, 0));
	json_t *towns = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "code", "100000001", "name",
	                          "甲镇", "population", 1000, "code", "100000002", "name", "乙乡",
	                          "population", 20000);
	json_t *depts = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "code", "D01", "name",
	                          "林业局", "code", "D02", "name", "农业局", "code", "D03", "name",
	                          "水务局");
	json_t *st = whistle_stats_of(w, towns, depts, 5);
	json_t *ds = json_object_get(st, "departments");
	json_t *d1 = find(ds, "D01"), *d2 = find(ds, "D02"), *d3 = find(ds, "D03");
	assert_int_equal(num(d1, "whistles", NULL), 5);
	assert_int_equal(num(d1, "resolved", NULL), 3);
	assert_int_equal(num(d1, "closed_unresolved", NULL), 2);
	/* nearest rank: median of 1,2,3,4,10 is 3; p90 is 10 */
	assert_true(num(d1, "response_hours", "median") == 3);
	assert_true(num(d1, "response_hours", "p90") == 10);
	/* resolution over resolved ones only: 10, 20, 30 */
	assert_true(num(d1, "resolution_hours", "median") == 20);
	assert_true(num(d1, "resolution_hours", "p90") == 30);
	assert_true(num(d1, "on_time_rate", NULL) == 0.6);
	assert_true(num(d1, "satisfaction", NULL) == 0.8);
	assert_false(json_is_true(json_object_get(d1, "insufficient_data")));
	assert_int_equal(json_integer_value(json_object_get(d1, "rank")), 1);
	/* fewer than the minimum: shown, never ranked, however good */
	assert_true(json_is_true(json_object_get(d2, "insufficient_data")));
	assert_true(json_is_null(json_object_get(d2, "rank")));
	assert_int_equal(num(d2, "open", NULL), 1);
	assert_true(num(d2, "response_hours", "p90") == 1); /* 1 and 1: from its own call */
	assert_true(num(d2, "on_time_rate", NULL) == 1.0);
	assert_true(json_is_true(json_object_get(d3, "insufficient_data")));
	assert_true(json_is_null(json_object_get(d3, "response_hours")->type == JSON_OBJECT
	                                 ? json_object_get(json_object_get(d3, "response_hours"),
	                                                   "median")
	                                 : NULL));
	/* ranked ones come first */
	assert_string_equal(text(json_array_get(ds, 0), "code"), "D01");
	/* towns: whistles per 10,000 residents */
	json_t *ts = json_object_get(st, "towns");
	assert_true(num(find(ts, "100000001"), "per_10k", NULL) == 30);
	assert_true(num(find(ts, "100000002"), "per_10k", NULL) == 2.5);
	assert_int_equal(num(find(ts, "100000002"), "whistles", NULL), 5);
	json_decref(st);

	/* with a smaller minimum both are ranked, D02 first (on time 100%) */
	st = whistle_stats_of(w, towns, depts, 2);
	ds = json_object_get(st, "departments");
	assert_string_equal(text(json_array_get(ds, 0), "code"), "D02");
	assert_int_equal(json_integer_value(json_object_get(find(ds, "D01"), "rank")), 2);
	json_decref(st);
	json_decref(w);
	json_decref(towns);
	json_decref(depts);
}

static size_t count_rows(struct store *s, const char *action)
{
	json_t *rows;
	struct error e;
	assert_int_equal(store_audit_find(s, "whistle:", NULL, action, 0, 1000, &rows, &e),
	                 STATUS_OK);
	size_t n = json_array_size(rows);
	json_decref(rows);
	return n;
}

static size_t count_whistles(struct store *s)
{
	json_t *all;
	struct error e;
	assert_int_equal(whistle_list(s, &office, NULL, NULL, false, &all, &e), STATUS_OK);
	size_t n = json_array_size(all);
	json_decref(all);
	return n;
}

/* Runs SQL on the database through a connection of its own (the tests
 * set times the use cases take from the clock). */
static void sql(const char *path, const char *text)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	char *msg = NULL;
	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg ? msg : "?");
	sqlite3_close(db);
}

static void test_several_departments(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	/* JJ-01 is 配合履职 led by D02: the fit is each department's own */
	const char *both[] = {"D01", "D02"};
	struct whistle_call w = {NULL, NULL, "JJ-01", "河道垃圾堆积", "东村桥下", "normal", both, 2};
	int64_t matter;
	assert_int_equal(whistle_raise(s, &town1, &w, &matter, &e), STATUS_OK);
	json_t *a = get(s, matter);
	int64_t other = json_integer_value(json_object_get(
		json_array_get(json_object_get(a, "siblings"), 0), "id"));
	json_t *b = get(s, other);
	assert_int_equal(json_array_size(json_object_get(a, "siblings")), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "matter_id")), matter);
	assert_int_equal(json_integer_value(json_object_get(b, "matter_id")), matter);
	assert_string_equal(text(a, "department"), "D01");
	assert_string_equal(text(a, "fit"), "other_lead");
	assert_string_equal(text(b, "department"), "D02");
	assert_string_equal(text(b, "fit"), "fit");
	assert_string_equal(text(b, "ack_due"), text(a, "ack_due"));
	/* each sees the other in its siblings, with its state */
	json_t *sib = json_array_get(json_object_get(b, "siblings"), 0);
	assert_int_equal(json_integer_value(json_object_get(sib, "id")), matter);
	assert_string_equal(text(sib, "status"), "raised");
	json_decref(a);
	json_decref(b);
	assert_int_equal(count_rows(s, "whistle.raise"), 2);

	/* one unknown or repeated department refuses them all: nothing made,
	 * nothing audited; the error names the department's place */
	size_t before = count_whistles(s);
	const char *unknown[] = {"D01", "D99"}, *twice[] = {"D02", "D02"}, *blank[] = {"D01", ""};
	w.departments = unknown;
	assert_int_equal(whistle_raise(s, &town1, &w, &matter, &e), STATUS_INVALID);
	assert_string_equal(e.field, "departments[1]");
	assert_non_null(strstr(e.message, "D99"));
	w.departments = twice;
	assert_int_equal(whistle_raise(s, &town1, &w, &matter, &e), STATUS_INVALID);
	assert_string_equal(e.field, "departments[1]");
	w.departments = blank;
	assert_int_equal(whistle_raise(s, &town1, &w, &matter, &e), STATUS_INVALID);
	assert_string_equal(e.field, "departments[1]");
	struct whistle_call none = {NULL, NULL, NULL, "事", "地", "normal", NULL, 0};
	assert_int_equal(whistle_raise(s, &town1, &none, &matter, &e), STATUS_INVALID);
	assert_string_equal(e.field, "departments");
	assert_int_equal(count_whistles(s), before);
	assert_int_equal(count_rows(s, "whistle.raise"), 2);
	/* a department raises none, for one department or several */
	w.departments = both;
	assert_int_equal(whistle_raise(s, &dept1, &w, &matter, &e), STATUS_FORBIDDEN);

	/* each whistle moves on its own: D01 reports in, D02's is untouched,
	 * and D01 cannot act on D02's */
	int64_t first = other - 1; /* made in order in one transaction */
	assert_int_equal(whistle_act(s, &dept1, other, "acknowledge", NULL, -1, NULL, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(whistle_act(s, &dept1, first, "acknowledge", NULL, -1, NULL, &e), STATUS_OK);
	json_t *x = get(s, other);
	assert_string_equal(text(x, "status"), "raised");
	assert_string_equal(text(json_array_get(json_object_get(x, "siblings"), 0), "status"),
	                    "acknowledged");
	json_decref(x);
	/* reassignment is per whistle, never to a department the matter calls */
	assert_int_equal(whistle_act(s, &office, first, "reassign", "转", -1, "D02", &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.field, "to_department");
	int64_t lone = raise(s, &town1, "D01", NULL, "normal", STATUS_OK);
	assert_int_equal(whistle_act(s, &office, lone, "reassign", "转", -1, "D02", &e), STATUS_OK);
	x = get(s, lone);
	assert_int_equal(json_integer_value(json_object_get(x, "matter_id")), lone);
	assert_string_equal(text(x, "department"), "D02");
	assert_true(*text(x, "assigned_at"));
	assert_int_equal(json_array_size(json_object_get(x, "siblings")), 0);
	json_decref(x);

	/* the list by matter */
	json_t *all;
	struct whistle_query q = {NULL, NULL, first, false};
	assert_int_equal(whistle_query(s, &office, &q, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 2);
	json_t *m = whistle_matters(all);
	json_decref(all);
	assert_int_equal(json_array_size(m), 1);
	assert_int_equal(json_array_size(json_object_get(json_array_get(m, 0), "whistles")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(m, 0), "open")), 2);
	json_decref(m);
	q.matter = 0;
	assert_int_equal(whistle_query(s, &office, &q, &all, &e), STATUS_OK);
	m = whistle_matters(all);
	assert_int_equal(json_array_size(m), 2); /* the matter of two, and the lone one */
	json_decref(m);
	json_decref(all);
	/* a department sees its own whistle and the matter's others beside it,
	 * not the others in its list */
	assert_int_equal(whistle_list(s, &dept1, NULL, NULL, false, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 1);
	json_decref(all);

	/* overdue: only a whistle not evaluated yet, by its own deadlines */
	sql(path, "UPDATE whistle SET ack_due = '2020-01-01T00:00:00Z' WHERE department_id = "
	          "(SELECT id FROM department WHERE code = 'D02')");
	q = (struct whistle_query){NULL, NULL, 0, true};
	assert_int_equal(whistle_query(s, &office, &q, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 2); /* D02's of the matter, and the lone one's */
	size_t i;
	json_array_foreach(all, i, x) {
		assert_string_equal(text(x, "department"), "D02");
		assert_string_equal(text(x, "overdue"), "acknowledge");
	}
	json_decref(all);
	store_close(s);
	temp_db_free(path);
}

/* The statistics as whistle_stats counts them (one pass in SQL) agree
 * with whistle_stats_of over the same whistles read whole. */
static void test_statistics_from_the_store(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	int64_t id[8];
	for (int i = 0; i < 8; i++)
		id[i] = raise(s, &town1, i < 6 ? "D01" : "D02", NULL, "normal", STATUS_OK);
	for (int i = 0; i < 7; i++) {
		const struct actor *d = i < 6 ? &dept1 : &dept2;
		assert_int_equal(whistle_act(s, d, id[i], "acknowledge", NULL, -1, NULL, &e), STATUS_OK);
		if (i == 5)
			continue; /* acknowledged, not reported */
		assert_int_equal(whistle_act(s, d, id[i], "report", "做了", -1, NULL, &e), STATUS_OK);
		if (i < 4)
			assert_int_equal(whistle_act(s, &town1, id[i], i < 3 ? "resolve" : "close_unresolved",
			                             "评", i == 2 ? 0 : -1, NULL, &e),
			                 STATUS_OK);
	}
	/* times the clock did not give: D01's responses of 2, 4, 6, 54, 3 and
	 * 1 hours, resolutions of 10, 20 and 100; one late acknowledgement;
	 * D02's called 5 hours in (as a reassignment would) */
	sql(path,
	    "UPDATE whistle SET raised_at = '2026-03-02T08:00:00Z', "
	    "  assigned_at = '2026-03-02T08:00:00Z', ack_due = '2026-03-03T23:59:59Z', "
	    "  report_due = '2026-03-05T23:59:59Z', resolve_due = '2026-03-09T23:59:59Z';"
	    "UPDATE whistle SET acked_at = '2026-03-02T10:00:00Z', reported_at = "
	    "  '2026-03-02T12:00:00Z', evaluated_at = '2026-03-02T18:00:00Z' WHERE id = 1;"
	    "UPDATE whistle SET acked_at = '2026-03-02T12:00:00Z', reported_at = "
	    "  '2026-03-02T13:00:00Z', evaluated_at = '2026-03-03T04:00:00Z' WHERE id = 2;"
	    "UPDATE whistle SET acked_at = '2026-03-02T14:00:00Z', reported_at = "
	    "  '2026-03-03T13:00:00Z', evaluated_at = '2026-03-06T12:00:00Z' WHERE id = 3;"
	    "UPDATE whistle SET acked_at = '2026-03-04T14:00:00Z', reported_at = "
	    "  '2026-03-04T15:00:00Z', evaluated_at = '2026-03-04T16:00:00Z' WHERE id = 4;"
	    "UPDATE whistle SET acked_at = '2026-03-02T11:00:00Z', reported_at = "
	    "  '2026-03-02T12:00:00Z' WHERE id = 5;"
	    "UPDATE whistle SET acked_at = '2026-03-02T09:00:00Z', reported_at = '' WHERE id = 6;"
	    "UPDATE whistle SET assigned_at = '2026-03-02T13:00:00Z', acked_at = "
	    "  '2026-03-02T14:00:00Z', reported_at = '2026-03-02T15:00:00Z' WHERE id = 7;");
	json_t *fast;
	assert_int_equal(whistle_stats(s, NULL, NULL, &fast, &e), STATUS_OK);
	/* the reference: every whistle read whole and annotated */
	json_t *all;
	assert_int_equal(store_whistles(s, NULL, NULL, NULL, NULL, &all, &e), STATUS_OK);
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x) whistle_annotate(x, time(NULL));
	json_t *towns = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "code", "100000001", "name",
	                          "甲镇", "population", 1000, "code", "100000002", "name", "乙乡",
	                          "population", 20000);
	json_t *depts = json_pack("[{s:s, s:s}, {s:s, s:s}]", "code", "D01", "name", "市林业局",
	                          "code", "D02", "name", "市农业局");
	json_t *slow = whistle_stats_of(all, towns, depts, 5);
	json_t *fd = json_object_get(fast, "departments"), *sd = json_object_get(slow, "departments");
	assert_int_equal(json_array_size(fd), 2);
	for (int k = 0; k < 2; k++) {
		const char *code = k ? "D02" : "D01";
		json_t *f = find(fd, code), *r = find(sd, code);
		if (!json_equal(f, r)) {
			char *a = json_dumps(f, JSON_SORT_KEYS), *b = json_dumps(r, JSON_SORT_KEYS);
			fail_msg("%s: store %s, reference %s", code, a, b);
		}
	}
	json_t *d1 = find(fd, "D01");
	assert_int_equal(num(d1, "whistles", NULL), 6);
	assert_int_equal(num(d1, "resolved", NULL), 3);
	assert_int_equal(num(d1, "closed_unresolved", NULL), 1);
	assert_int_equal(num(d1, "open", NULL), 2);
	/* responses 2, 4, 6, 54, 3, 1: median 3, p90 54 (nearest rank) */
	assert_true(num(d1, "response_hours", "median") == 3);
	assert_true(num(d1, "response_hours", "p90") == 54);
	assert_true(num(d1, "resolution_hours", "median") == 20);
	assert_true(num(d1, "resolution_hours", "p90") == 100);
	assert_true(num(d1, "on_time_rate", NULL) == 0.75); /* id 4 acknowledged late */
	assert_true(num(d1, "satisfaction", NULL) == 0.5);  /* 2 of 4: one unsatisfied, one unresolved */
	/* D02: from its own call, an hour */
	assert_true(num(find(fd, "D02"), "response_hours", "median") == 1);
	assert_true(json_is_true(json_object_get(find(fd, "D02"), "insufficient_data")));
	assert_int_equal(num(find(json_object_get(fast, "towns"), "100000001"), "whistles", NULL), 8);
	assert_int_equal(num(fast, "whistles", NULL), 8);
	json_decref(fast);
	json_decref(slow);
	json_decref(all);
	json_decref(towns);
	json_decref(depts);
	store_close(s);
	temp_db_free(path);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The quickselect the statistics use gives what sorting gives, on sizes
 * from 1 up, with many equal values and already sorted input. */
static void test_percentile_select(void **state)
{
	(void)state;
	static const double ps[] = {0, 0.1, 0.25, 0.5, 0.9, 0.99, 1};
	unsigned seed = 7;
	for (int n = 1; n <= 300; n += (n < 20 ? 1 : 37)) {
		for (int kind = 0; kind < 3; kind++) {
			double *v = malloc((size_t)n * sizeof *v), *sorted = malloc((size_t)n * sizeof *v);
			for (int i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				v[i] = kind == 0   ? (double)(seed >> 16) / 7.0
				       : kind == 1 ? (double)((seed >> 16) % 4) /* many equal */
				                   : (double)i;                  /* sorted */
			}
			memcpy(sorted, v, (size_t)n * sizeof *v);
			qsort(sorted, (size_t)n, sizeof *sorted, cmp_d);
			for (size_t k = 0; k < sizeof ps / sizeof *ps; k++) {
				double want = percentile_sorted(sorted, n, ps[k]);
				double got = percentile_select(v, n, ps[k]);
				if (got != want)
					fail_msg("n %d, kind %d, p %.2f: %g, sorted gives %g", n, kind, ps[k], got,
					         want);
			}
			free(v);
			free(sorted);
		}
	}
}

int main(void)
{
	/* the working-day deadlines count the server's local days */
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raise_checks_the_list),
		cmocka_unit_test(test_machine_by_role_and_scope),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_deadlines_on_the_calendar),
		cmocka_unit_test(test_statistics),
		cmocka_unit_test(test_several_departments),
		cmocka_unit_test(test_statistics_from_the_store),
		cmocka_unit_test(test_percentile_select),
	};
	return cmocka_run_group_tests_name("whistle", tests, NULL, NULL);
}
