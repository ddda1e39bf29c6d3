/* case.c - 监管问责: the supervisor (纪检监察) opens accountability cases
 * against departments or their dispatched agencies, links evidence,
 * investigates, concludes (finding and measure) and closes them, each
 * step within its deadline in working days; the department concerned
 * sees its own cases and answers them.  The system proposes cases from
 * evidence (sources below); the supervisor accepts or dismisses each.
 * Every write is one transaction with its audit entry; every state moves
 * through core/machine.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/case.h"
#include "../core/machine.h"
#include "../core/rules.h"
#include "../core/whistle.h"
#include "../util/date.h"
#include "../util/json.h"
#include "internal.h"

static enum status calendar_of(struct store *s, struct calendar *cal, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	for (size_t i = 0; i < c->ncalendar; i++) {
		long day;
		if (date_parse(c->calendar[i].date, &day))
			calendar_add(cal, day, strcmp(c->calendar[i].kind, "班") == 0 ? CAL_WORK : CAL_REST);
	}
	calendar_sort(cal);
	return STATUS_OK;
}

/* The due day of the step a case in `state` is at, as YYYY-MM-DD. */
static enum status due_of(struct store *s, int state, long opened, long since, char out[11],
                          struct error *e)
{
	struct case_settings set;
	struct calendar cal = {0};
	enum status st = store_case_settings(s, &set, e);
	if (st == STATUS_OK)
		st = calendar_of(s, &cal, e);
	out[0] = '\0';
	if (st == STATUS_OK) {
		long due = case_due(&set, &cal, state, opened, since);
		if (due >= 0)
			date_format(due, out);
	}
	calendar_free(&cal);
	return st;
}

static enum status audit(struct store *s, const struct actor *who, const char *action,
                         const char *kind, int64_t id, json_t *detail, struct error *e)
{
	char object[48];
	snprintf(object, sizeof object, "%s:%lld", kind, (long long)id);
	return app_audit(s, who, action, object, detail, e);
}

bool case_own(const struct actor *who, const json_t *c)
{
	return app_role(who) == ROLE_DEPARTMENT && strcmp(who->department, json_text(c, "department")) == 0;
}

bool case_visible(const struct actor *who, const json_t *c)
{
	enum role r = app_role(who);
	return r == ROLE_OFFICE || r == ROLE_SUPERVISOR || case_own(who, c);
}

/* --- evidence --- */

static bool content_type_ok(const char *t)
{
	/* type/subtype of [a-z0-9.+-] */
	const char *slash = t ? strchr(t, '/') : NULL;
	if (!slash || slash == t || !slash[1] || strlen(t) > 100)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '+' ||
		      *p == '-' || (p == slash)))
			return false;
	return true;
}

/* Checks one piece and adds it to case id; a file arrives as base64 in
 * in->content_base64.  Called inside the caller's transaction. */
static enum status evidence_add(struct store *s, const struct actor *who, int64_t id,
                                const struct case_evidence_in *in, const char *at,
                                int64_t *eid, struct error *e)
{
	if (!case_evidence_kind_valid(in->kind))
		return error_set(e, STATUS_INVALID, "kind",
		                 "evidence is a whistle, notice, adjustment, complaint or file");
	struct case_evidence ev = {in->kind, 0, in->note, NULL, NULL, NULL, NULL, 0};
	unsigned char *bytes = NULL;
	char sha[crypto_hash_sha256_BYTES * 2 + 1] = "";
	enum status st = STATUS_OK;
	if (case_evidence_is_link(in->kind)) {
		if (in->ref_id <= 0)
			return error_set(e, STATUS_INVALID, "ref_id", "name the %s's id", in->kind);
		ev.ref_id = in->ref_id;
		json_t *row = NULL;
		if (strcmp(in->kind, "whistle") == 0)
			st = store_whistle_get(s, in->ref_id, &row, e);
		else if (strcmp(in->kind, "notice") == 0)
			st = store_notice_get(s, in->ref_id, &row, e);
		else if (strcmp(in->kind, "adjustment") == 0)
			st = store_adjustment_get(s, in->ref_id, &row, e);
		json_decref(row);
		if (st == STATUS_NOT_FOUND)
			return error_set(e, STATUS_INVALID, "ref_id", "no %s %lld", in->kind,
			                 (long long)in->ref_id);
		if (st != STATUS_OK)
			return st;
	} else if (strcmp(in->kind, "complaint") == 0) {
		if (!in->note || !*in->note)
			return error_set(e, STATUS_INVALID, "note", "a complaint is its text");
	} else { /* file */
		if (!in->file_name || !*in->file_name)
			return error_set(e, STATUS_INVALID, "file_name", "name the file");
		if (!content_type_ok(in->content_type))
			return error_set(e, STATUS_INVALID, "content_type",
			                 "the content type is type/subtype, e.g. application/pdf");
		size_t len = in->content_base64 ? strlen(in->content_base64) : 0;
		if (len == 0)
			return error_set(e, STATUS_INVALID, "content_base64", "the file is empty");
		if (len / 4 * 3 > CASE_FILE_MAX + 3)
			return error_set(e, STATUS_INVALID, "content_base64",
			                 "a file is at most %d bytes", CASE_FILE_MAX);
		bytes = xmalloc(len / 4 * 3 + 4);
		size_t n = 0;
		if (sodium_base642bin(bytes, len / 4 * 3 + 4, in->content_base64, len, "\r\n ", &n, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) != 0) {
			free(bytes);
			return error_set(e, STATUS_INVALID, "content_base64", "the file is not base64");
		}
		if (n > CASE_FILE_MAX) {
			free(bytes);
			return error_set(e, STATUS_INVALID, "content_base64", "a file is at most %d bytes",
			                 CASE_FILE_MAX);
		}
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(digest, bytes, n);
		sodium_bin2hex(sha, sizeof sha, digest, sizeof digest);
		ev.file_name = in->file_name;
		ev.content_type = in->content_type;
		ev.sha256 = sha;
		ev.data = bytes;
		ev.size = n;
	}
	st = store_case_evidence_add(s, id, &ev, who->name, at, eid, e);
	if (st == STATUS_OK)
		st = audit(s, who, "case.evidence", "case", id,
		           json_pack("{s:s, s:I, s:s, s:s, s:I, s:s}", "kind", ev.kind,
		                     "ref_id", (json_int_t)ev.ref_id, "note", ev.note ? ev.note : "",
		                     "file_name", ev.file_name ? ev.file_name : "", "size",
		                     (json_int_t)ev.size, "sha256", sha),
		           e);
	free(bytes);
	return st;
}

/* --- opening and moving a case --- */

static enum status open_case(struct store *s, const struct actor *who, const struct case_def *c,
                             int64_t *id, struct error *e)
{
	const struct catalog *cat;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &cat, &ix, e);
	if (st != STATUS_OK)
		return st;
	const struct department *d = c->department ? index_department(ix, c->department) : NULL;
	if (!d)
		return error_set(e, STATUS_INVALID, "department", "no department %s",
		                 c->department ? c->department : "named");
	if (c->agency && (!d->dispatched_agency || !*d->dispatched_agency))
		return error_set(e, STATUS_INVALID, "agency", "%s %s has no dispatched agency (派出机构)",
		                 d->code, d->name);
	if (case_type_from_key(c->type) < 0)
		return error_set(e, STATUS_INVALID, "type",
		                 "the type is inaction (不作为), misconduct (乱作为), slowness (慢作为), "
		                 "falsity (假作为) or outside_list (清单外派活)");
	if (!c->title || !*c->title)
		return error_set(e, STATUS_INVALID, "title", "say what the case is about");
	char at[21], day[11], due[11];
	iso_time_format(time(NULL), at);
	long today = date_today();
	date_format(today, day);
	if ((st = due_of(s, CASE_OPENED, today, today, due, e)) != STATUS_OK)
		return st;
	struct case_new row = {c->department, c->agency, c->type, c->title, c->summary, who->name,
	                       at, day, due};
	if ((st = store_case_add(s, &row, id, e)) == STATUS_OK)
		st = store_case_event_add(s, *id, "open", who->name, at, c->summary, e);
	if (st == STATUS_OK)
		st = audit(s, who, "case.open", "case", *id,
		           json_pack("{s:s, s:b, s:s, s:s, s:s}", "department", c->department, "agency",
		                     c->agency, "type", c->type, "title", c->title, "due", due),
		           e);
	return st;
}

enum status case_open(struct store *s, const struct actor *who, const struct case_def *c,
                      const struct case_evidence_in *evidence, size_t nevidence, int64_t *id,
                      struct error *e)
{
	if (app_role(who) != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL, "the supervisor (纪检监察) opens cases");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	st = open_case(s, who, c, id, e);
	char at[21];
	iso_time_format(time(NULL), at);
	for (size_t i = 0; st == STATUS_OK && i < nevidence; i++) {
		int64_t eid;
		st = evidence_add(s, who, *id, &evidence[i], at, &eid, e);
	}
	return app_finish(s, st, e);
}

enum status case_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                     const char *text, const char *measure, struct error *e)
{
	action = action ? action : "";
	if (strcmp(action, "evidence") == 0)
		return error_set(e, STATUS_INVALID, "action", "evidence is added with its own fields");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *c = NULL;
	if ((st = store_case_get(s, id, &c, e)) != STATUS_OK)
		goto done;
	if (!case_visible(who, c)) {
		st = error_set(e, STATUS_NOT_FOUND, "id", "case %lld does not exist", (long long)id);
		goto done;
	}
	int from = machine_state_from_key(MACHINE_CASE, json_text(c, "status")), to;
	struct machine_actor ma = {app_role(who), case_own(who, c)};
	if ((st = machine_step(MACHINE_CASE, from, action, &ma, &to, e)) != STATUS_OK)
		goto done;
	bool conclude = strcmp(action, "conclude") == 0, answer = strcmp(action, "answer") == 0;
	if ((conclude || answer) && (!text || !*text)) {
		st = error_set(e, STATUS_INVALID, conclude ? "finding" : "text",
		               conclude ? "a conclusion states the finding" : "say what the answer is");
		goto done;
	}
	if (conclude && (!measure || !*measure)) {
		st = error_set(e, STATUS_INVALID, "measure",
		               "a conclusion states the measure taken (问责措施)");
		goto done;
	}
	char at[21], day[11], due[11] = "";
	iso_time_format(time(NULL), at);
	long today = date_today(), opened = today;
	(void)date_parse(json_text(c, "opened_day"), &opened);
	date_format(today, day);
	if (!answer) {
		if ((st = due_of(s, to, opened, today, due, e)) != STATUS_OK ||
		    (st = store_case_set(s, id, machine_state_key(MACHINE_CASE, to), day, due,
		                         conclude ? text : NULL, conclude ? measure : NULL, who->name,
		                         at, e)) != STATUS_OK)
			goto done;
	}
	if ((st = store_case_event_add(s, id, action, who->name, at, text, e)) != STATUS_OK)
		goto done;
	char what[32];
	snprintf(what, sizeof what, "case.%s", action);
	json_t *detail = json_pack("{s:s, s:s, s:s}", "department", json_text(c, "department"),
	                           "state", machine_state_key(MACHINE_CASE, to), "text",
	                           text ? text : "");
	if (conclude)
		json_object_set_new(detail, "measure", json_string(measure));
	st = audit(s, who, what, "case", id, detail, e);
done:
	json_decref(c);
	return app_finish(s, st, e);
}

enum status case_evidence_add(struct store *s, const struct actor *who, int64_t id,
                              const struct case_evidence_in *in, int64_t *eid, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *c = NULL;
	if ((st = store_case_get(s, id, &c, e)) != STATUS_OK)
		goto done;
	if (!case_visible(who, c)) {
		st = error_set(e, STATUS_NOT_FOUND, "id", "case %lld does not exist", (long long)id);
		goto done;
	}
	int from = machine_state_from_key(MACHINE_CASE, json_text(c, "status")), to;
	struct machine_actor ma = {app_role(who), case_own(who, c)};
	if ((st = machine_step(MACHINE_CASE, from, "evidence", &ma, &to, e)) != STATUS_OK)
		goto done;
	char at[21];
	iso_time_format(time(NULL), at);
	st = evidence_add(s, who, id, in, at, eid, e);
done:
	json_decref(c);
	return app_finish(s, st, e);
}

/* --- reading --- */

static void annotate(json_t *c, long today)
{
	long due = -1;
	const char *d = json_text(c, "due");
	if (*d && !date_parse(d, &due))
		due = -1;
	int state = machine_state_from_key(MACHINE_CASE, json_text(c, "status"));
	json_object_set_new(c, "overdue", json_boolean(case_overdue(state, due, today)));
	int t = case_type_from_key(json_text(c, "type"));
	json_object_set_new(c, "type_name", json_string(t >= 0 ? case_type_name[t] : ""));
}

enum status case_list(struct store *s, const struct actor *who, const char *department,
                      bool overdue_only, json_t **out, struct error *e)
{
	enum role r = app_role(who);
	if (r == ROLE_DEPARTMENT)
		department = who->department;
	else if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "cases are for the supervisor, the office and the department concerned");
	json_t *all;
	enum status st = store_cases(s, department, &all, e);
	if (st != STATUS_OK)
		return st;
	long today = date_today();
	*out = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(all, i, c) {
		annotate(c, today);
		if (!overdue_only || json_is_true(json_object_get(c, "overdue")))
			json_array_append(*out, c);
	}
	json_decref(all);
	return STATUS_OK;
}

enum status case_view(struct store *s, const struct actor *who, int64_t id, json_t **out,
                      struct error *e)
{
	enum role r = app_role(who);
	if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR && r != ROLE_DEPARTMENT)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "cases are for the supervisor, the office and the department concerned");
	enum status st = store_case_get(s, id, out, e);
	if (st != STATUS_OK)
		return st;
	if (!case_visible(who, *out)) {
		json_decref(*out);
		*out = NULL;
		return error_set(e, STATUS_NOT_FOUND, "id", "case %lld does not exist", (long long)id);
	}
	annotate(*out, date_today());
	json_t *ev = NULL, *events = NULL;
	if ((st = store_case_evidence_list(s, id, &ev, e)) == STATUS_OK &&
	    (st = store_case_events(s, id, &events, e)) == STATUS_OK) {
		json_object_set_new(*out, "evidence", ev);
		json_object_set_new(*out, "events", events);
		return STATUS_OK;
	}
	json_decref(ev);
	json_decref(*out);
	*out = NULL;
	return st;
}

enum status case_file(struct store *s, const struct actor *who, int64_t id, int64_t evidence,
                      char **name, char **type, struct buf *data, struct error *e)
{
	json_t *c;
	enum status st = case_view(s, who, id, &c, e);
	if (st != STATUS_OK)
		return st;
	json_decref(c);
	return store_case_file(s, id, evidence, name, type, data, e);
}

/* --- settings --- */

enum status case_settings_set(struct store *s, const struct actor *who,
                              const struct case_settings *v, struct error *e)
{
	enum role r = app_role(who);
	if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "the office or the supervisor sets the cases' deadlines and threshold");
	if (v->investigate_days < 1 || v->conclude_days < 1 || v->close_days < 1 ||
	    v->overdue_threshold < 1 || v->window_days < 1)
		return error_set(e, STATUS_INVALID, "settings", "every setting is a whole number above 0");
	if (v->investigate_days > v->conclude_days)
		return error_set(e, STATUS_INVALID, "investigate_days",
		                 "the investigation cannot begin after the conclusion is due");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_case_settings_set(s, v, who->name, e)) == STATUS_OK)
		st = app_audit(s, who, "case.settings", "case:settings", case_settings_json(v), e);
	return app_finish(s, st, e);
}

json_t *case_settings_json(const struct case_settings *v)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i}", "investigate_days", v->investigate_days,
	                 "conclude_days", v->conclude_days, "close_days", v->close_days,
	                 "overdue_threshold", v->overdue_threshold, "window_days", v->window_days);
}

/* --- proposals ---
 * Each source looks at its evidence in [from, to) and proposes a case per
 * department whose unproposed evidence passes the threshold; a piece of
 * evidence is proposed once (case_proposal_evidence is unique by kind and
 * id), so refreshing twice proposes nothing new.  Sources: late whistles
 * and notices issued despite violations (防护屏障). */

struct proposal_window {
	const struct case_settings *set;
	const char *from, *to; /* ISO times, [from, to) */
	const char *first, *last; /* the same as dates, both included */
	time_t now;
};

/* A whistle that missed a deadline: a step overdue now, or done late. */
static bool whistle_late(const json_t *w)
{
	if (json_is_string(json_object_get(w, "overdue")))
		return true;
	if (json_is_false(json_object_get(w, "on_time")))
		return true;
	const char *acked = json_text(w, "acked_at"), *due = json_text(w, "ack_due");
	return *acked && *due && strcmp(acked, due) > 0;
}

static enum status propose_overdue_whistles(struct store *s, const struct actor *who,
                                            const struct proposal_window *win, int *created,
                                            struct error *e)
{
	json_t *all;
	enum status st = store_whistles(s, NULL, NULL, win->from, win->to, &all, e);
	if (st != STATUS_OK)
		return st;
	/* late whistles not yet proposed, by department: {dept: [ids]} */
	json_t *by = json_object();
	size_t i;
	json_t *w;
	json_array_foreach(all, i, w) {
		whistle_annotate(w, win->now);
		if (!whistle_late(w))
			continue;
		bool done = false;
		if ((st = store_case_proposed(s, "whistle", json_int(w, "id"), &done, e)) != STATUS_OK)
			break;
		if (done)
			continue;
		const char *d = json_text(w, "department");
		json_t *ids = json_object_get(by, d);
		if (!ids)
			json_object_set_new(by, d, ids = json_array());
		json_array_append(ids, w);
	}
	const char *dept;
	json_t *ws;
	json_object_foreach(by, dept, ws) {
		if (st != STATUS_OK)
			break;
		if ((int)json_array_size(ws) < win->set->overdue_threshold)
			continue;
		/* the record's text is Chinese, as the pages show it */
		char summary[256];
		snprintf(summary, sizeof summary, "%s 吹哨超期 %zu 件（%s 至 %s）",
		         json_text(json_array_get(ws, 0), "department_name"), json_array_size(ws),
		         win->first, win->last);
		int64_t pid;
		char at[21];
		iso_time_format(win->now, at);
		if ((st = store_case_proposal_add(s, "whistle_overdue", dept, "slowness", summary, at,
		                                  &pid, e)) != STATUS_OK)
			break;
		size_t k;
		json_t *x;
		json_array_foreach(ws, k, x) {
			char note[160];
			snprintf(note, sizeof note, "%s%s",
			         json_is_string(json_object_get(x, "overdue")) ? "overdue: " : "late",
			         json_is_string(json_object_get(x, "overdue")) ? json_text(x, "overdue") : "");
			if ((st = store_case_proposal_evidence_add(s, pid, "whistle", json_int(x, "id"), note,
			                                           e)) != STATUS_OK)
				break;
		}
		if (st == STATUS_OK)
			st = audit(s, who, "case.propose", "case_proposal", pid,
			           json_pack("{s:s, s:s, s:I}", "source", "whistle_overdue", "department",
			                     dept, "whistles", (json_int_t)json_array_size(ws)),
			           e);
		(*created)++;
	}
	json_decref(by);
	json_decref(all);
	return st;
}

/* 防护屏障: each department's notices issued despite violations in the
 * window and not proposed before become one proposal of a case of
 * 清单外派活 (outside_list), each notice linked as evidence.  A notice
 * issued despite its violations is itself the breach, so one suffices. */
static enum status propose_notice_violations(struct store *s, const struct actor *who,
                                             const struct proposal_window *win, int *created,
                                             struct error *e)
{
	json_t *all;
	enum status st = store_notices_despite(s, NULL, win->from, win->to, &all, e);
	if (st != STATUS_OK)
		return st;
	json_t *by = json_object(); /* {dept: [notices]} */
	size_t i;
	json_t *n;
	json_array_foreach(all, i, n) {
		bool done = false;
		if ((st = store_case_proposed(s, "notice", json_int(n, "id"), &done, e)) != STATUS_OK)
			break;
		if (done)
			continue;
		const char *d = json_text(n, "department");
		json_t *ns = json_object_get(by, d);
		if (!ns)
			json_object_set_new(by, d, ns = json_array());
		json_array_append(ns, n);
	}
	const char *dept;
	json_t *ns;
	json_object_foreach(by, dept, ns) {
		if (st != STATUS_OK)
			break;
		char summary[256], at[21];
		snprintf(summary, sizeof summary, "%s 带违规印发文件 %zu 件（%s 至 %s）",
		         json_text(json_array_get(ns, 0), "department_name"), json_array_size(ns),
		         win->first, win->last);
		iso_time_format(win->now, at);
		int64_t pid;
		if ((st = store_case_proposal_add(s, "notice_violations", dept, "outside_list", summary,
		                                  at, &pid, e)) != STATUS_OK)
			break;
		size_t k;
		json_t *x;
		json_array_foreach(ns, k, x) {
			char note[320];
			snprintf(note, sizeof note, "%lld violations: %s",
			         (long long)json_int(x, "violations"), json_text(x, "title"));
			if ((st = store_case_proposal_evidence_add(s, pid, "notice", json_int(x, "id"), note,
			                                           e)) != STATUS_OK)
				break;
		}
		if (st == STATUS_OK)
			st = audit(s, who, "case.propose", "case_proposal", pid,
			           json_pack("{s:s, s:s, s:I}", "source", "notice_violations", "department",
			                     dept, "notices", (json_int_t)json_array_size(ns)),
			           e);
		(*created)++;
	}
	json_decref(by);
	json_decref(all);
	return st;
}

static const struct proposal_source {
	const char *key;
	enum status (*propose)(struct store *s, const struct actor *who,
	                       const struct proposal_window *win, int *created, struct error *e);
} proposal_sources[] = {
	{"whistle_overdue", propose_overdue_whistles},
	{"notice_violations", propose_notice_violations},
};

enum status case_proposals_refresh(struct store *s, const struct actor *who, const char *from,
                                   const char *to, int *created, struct error *e)
{
	enum role r = app_role(who);
	if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "the supervisor or the office refreshes the proposed cases");
	struct case_settings set;
	enum status st = store_case_settings(s, &set, e);
	if (st != STATUS_OK)
		return st;
	long lo, hi = date_today();
	if (to && *to && !date_parse(to, &hi))
		return error_set(e, STATUS_INVALID, "to", "to is a date, YYYY-MM-DD");
	lo = hi - set.window_days + 1;
	if (from && *from && !date_parse(from, &lo))
		return error_set(e, STATUS_INVALID, "from", "from is a date, YYYY-MM-DD");
	if (lo > hi)
		return error_set(e, STATUS_INVALID, "from", "from is after to");
	char a[21], b[21], first[11], last[11];
	iso_time_format((time_t)lo * 86400, a);
	iso_time_format((time_t)(hi + 1) * 86400, b);
	date_format(lo, first);
	date_format(hi, last);
	struct proposal_window win = {&set, a, b, first, last, time(NULL)};
	*created = 0;
	if ((st = store_begin(s, e)) != STATUS_OK)
		return st;
	for (size_t i = 0; st == STATUS_OK && i < sizeof proposal_sources / sizeof *proposal_sources;
	     i++)
		st = proposal_sources[i].propose(s, who, &win, created, e);
	return app_finish(s, st, e);
}

enum status case_proposal_list(struct store *s, const struct actor *who, const char *status,
                               json_t **out, struct error *e)
{
	enum role r = app_role(who);
	if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "proposed cases are for the supervisor and the office");
	enum status st = store_case_proposals(s, status, out, e);
	if (st != STATUS_OK)
		return st;
	size_t i;
	json_t *p;
	json_array_foreach(*out, i, p) {
		json_t *ev;
		if ((st = store_case_proposal_evidence(s, json_int(p, "id"), &ev, e)) != STATUS_OK) {
			json_decref(*out);
			*out = NULL;
			return st;
		}
		json_object_set_new(p, "evidence", ev);
	}
	return STATUS_OK;
}

enum status case_proposal_view(struct store *s, const struct actor *who, int64_t id,
                               json_t **out, struct error *e)
{
	enum role r = app_role(who);
	if (r != ROLE_OFFICE && r != ROLE_SUPERVISOR)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "proposed cases are for the supervisor and the office");
	enum status st = store_case_proposal_get(s, id, out, e);
	if (st != STATUS_OK)
		return st;
	json_t *ev;
	if ((st = store_case_proposal_evidence(s, id, &ev, e)) != STATUS_OK) {
		json_decref(*out);
		*out = NULL;
		return st;
	}
	json_object_set_new(*out, "evidence", ev);
	return STATUS_OK;
}

enum status case_proposal_decide(struct store *s, const struct actor *who, int64_t id,
                                 const char *action, const char *reason, int64_t *case_id,
                                 struct error *e)
{
	action = action ? action : "";
	*case_id = 0;
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *ev = NULL;
	if ((st = store_case_proposal_get(s, id, &p, e)) != STATUS_OK)
		goto done;
	int from = machine_state_from_key(MACHINE_CASE_PROPOSAL, json_text(p, "status")), to;
	struct machine_actor ma = {app_role(who), false};
	if ((st = machine_step(MACHINE_CASE_PROPOSAL, from, action, &ma, &to, e)) != STATUS_OK)
		goto done;
	bool accept = to == CASE_PROPOSAL_ACCEPTED;
	if (!accept && (!reason || !*reason)) {
		st = error_set(e, STATUS_INVALID, "reason", "say why the proposal is dismissed");
		goto done;
	}
	char at[21];
	iso_time_format(time(NULL), at);
	if (accept) {
		struct case_def c = {json_text(p, "department"), false, json_text(p, "type"),
		                     json_text(p, "summary"), reason};
		if ((st = open_case(s, who, &c, case_id, e)) != STATUS_OK ||
		    (st = store_case_proposal_evidence(s, id, &ev, e)) != STATUS_OK)
			goto done;
		size_t i;
		json_t *x;
		json_array_foreach(ev, i, x) {
			struct case_evidence_in in = {json_text(x, "kind"), json_int(x, "ref_id"),
			                              json_text(x, "note"), NULL, NULL, NULL};
			int64_t eid;
			if ((st = evidence_add(s, who, *case_id, &in, at, &eid, e)) != STATUS_OK)
				goto done;
		}
	}
	if ((st = store_case_proposal_set(s, id, machine_state_key(MACHINE_CASE_PROPOSAL, to), reason,
	                                  *case_id, who->name, at, e)) == STATUS_OK)
		st = audit(s, who, accept ? "case.proposal_accept" : "case.proposal_dismiss",
		           "case_proposal", id,
		           json_pack("{s:s, s:I, s:s}", "department", json_text(p, "department"), "case",
		                     (json_int_t)*case_id, "reason", reason ? reason : ""),
		           e);
done:
	json_decref(p);
	json_decref(ev);
	return app_finish(s, st, e);
}
