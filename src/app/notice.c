/* notice.c - notices to towns (防护屏障): a county department submits the
 * notice it means to send to towns; the system screens it against the
 * addressed towns' lists in force (src/screen, used as it is) and keeps
 * each revision with its findings.  A flagged notice is revised, has a
 * finding turned into an admission request (准入), goes to the office for
 * review, or is issued anyway, which is recorded as evidence for
 * accountability (监管问责).  Every write is one transaction with its
 * audit entry; every state moves through core/machine.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../core/rules.h"
#include "../core/whistle.h"
#include "../io/notice_text.h"
#include "../screen/screen.h"
#include "../util/buf.h"
#include "../util/date.h"
#include "../util/diag.h"
#include "../util/json.h"
#include "internal.h"

#define TITLE_MAX 200
#define NAME_PREFILL 60 /* bytes of the evidence an admission's task name starts from */

static const char *const verdict_name[4] = {"基本履职", "配合履职", "上级部门收回", "清单外"};

/* --- scope --- */

static bool addressed_to(const json_t *n, const char *town)
{
	const char *towns = json_text(n, "towns");
	if (!*towns)
		return true; /* all towns */
	size_t len = strlen(town);
	for (const char *p = towns; *p;) {
		size_t k = strcspn(p, ";");
		if (k == len && strncmp(p, town, len) == 0)
			return true;
		p += k;
		if (*p == ';')
			p++;
	}
	return false;
}

bool notice_own(const struct actor *who, const json_t *n)
{
	return strcmp(who->role, "cli") == 0 ||
	       (app_role(who) == ROLE_DEPARTMENT &&
	        strcmp(who->department, json_text(n, "department")) == 0);
}

bool notice_visible(const struct actor *who, const json_t *n)
{
	switch (app_role(who)) {
	case ROLE_OFFICE:
	case ROLE_SUPERVISOR:
	case ROLE_ADMIN:
		return true;
	case ROLE_DEPARTMENT:
		return notice_own(who, n);
	case ROLE_TOWNSHIP:
		/* a town reads what was sent to it, once it is sent */
		return strcmp(json_text(n, "status"), "issued") == 0 && addressed_to(n, who->town);
	default:
		return false;
	}
}

/* Who acts, as the machine sees it.  The command line acts for the
 * operator: as the office for the office's steps, as the notice's
 * department for the department's. */
static struct machine_actor machine_actor_of(const struct actor *who, const json_t *n,
                                             const char *action)
{
	if (strcmp(who->role, "cli") == 0) {
		bool office = strcmp(action, "clear") == 0 || strcmp(action, "return") == 0;
		return (struct machine_actor){office ? ROLE_OFFICE : ROLE_DEPARTMENT, !office};
	}
	return (struct machine_actor){app_role(who), notice_own(who, n)};
}

/* --- screening --- */

/* The addressed towns as a ';'-list of known codes, each once, in the
 * order given; none: all towns (""). */
static enum status towns_text(const struct catalog_index *ix, const char *const *towns,
                              size_t ntowns, struct buf *out, struct error *e)
{
	for (size_t i = 0; i < ntowns; i++) {
		const char *code = towns[i];
		if (!code || !*code)
			continue;
		if (!index_town(ix, code))
			return error_set(e, STATUS_INVALID, "towns", "no town %s", code);
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= towns[k] && strcmp(towns[k], code) == 0;
		if (seen)
			continue;
		if (out->len)
			buf_putc(out, ';');
		buf_puts(out, code);
	}
	return STATUS_OK;
}

static bool in_list(const char *list, const char *code)
{
	json_t *probe = json_pack("{s:s}", "towns", list);
	bool in = addressed_to(probe, code);
	json_decref(probe);
	return in;
}

/* The bases a task cites, for the record: "B010 中华人民共和国消防法 第三十二条；…". */
static void bases_text(const struct task *t, const struct catalog_index *ix, struct buf *out)
{
	for (size_t i = 0; i < t->nbases; i++) {
		const struct basis *b = index_basis(ix, t->bases[i].basis);
		buf_printf(out, "%s%s", i ? "；" : "", t->bases[i].basis);
		if (b)
			buf_printf(out, " %s", b->title);
		if (t->bases[i].article && *t->bases[i].article)
			buf_printf(out, " %s", t->bases[i].article);
	}
}

/* Screens text for the addressed towns (a ';'-list, "": all) against
 * their lists in force (a town without one: what the catalogue's
 * applies_to selects for it), and writes the revision and its findings.
 * *violations gets the count of reclaimed and out-of-list findings. */
static enum status screen_into(struct store *s, int64_t notice_id, int number, const char *title,
                               const struct notice_text *doc, const char *towns,
                               const char *by, const char *at, int *violations, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	size_t nt = 0;
	struct town_list *lists = xcalloc(c->ntowns + 1, sizeof *lists);
	bool *loaded = xcalloc(c->ntowns + 1, sizeof *loaded);
	struct screen_town *st_towns = xcalloc(c->ntowns + 1, sizeof *st_towns);
	const struct task ***own = xcalloc(c->ntowns + 1, sizeof *own);
	const struct task **all = xcalloc(c->ntasks + 1, sizeof *all);
	struct screen_engine *en = NULL;
	struct screen_result r = {0};
	bool screened = false;
	for (size_t i = 0; i < c->ntasks; i++)
		all[i] = &c->tasks[i];
	for (size_t i = 0; i < c->ntowns; i++) {
		const struct town *t = &c->towns[i];
		if (*towns && !in_list(towns, t->code))
			continue;
		st_towns[nt] = (struct screen_town){.code = t->code, .name = t->name, .tags = t->tags,
		                                    .ntags = t->ntags};
		own[nt] = xcalloc(c->ntasks + 1, sizeof **own);
		size_t n = 0;
		struct error le;
		enum status ls = store_list_load(s, t->code, 0, &lists[nt], &le);
		if (ls == STATUS_OK) {
			loaded[nt] = true;
			for (size_t k = 0; k < lists[nt].cat.ntasks && n < c->ntasks; k++)
				own[nt][n++] = &lists[nt].cat.tasks[k];
		} else if (ls == STATUS_NOT_FOUND) {
			for (size_t k = 0; k < c->ntasks; k++)
				if (task_applies_to(&c->tasks[k], t))
					own[nt][n++] = &c->tasks[k];
		} else {
			*e = le;
			st = ls;
			nt++;
			goto done;
		}
		st_towns[nt].tasks = own[nt];
		st_towns[nt].ntasks = n;
		nt++;
	}
	struct screen_catalog sc = {.tasks = all, .ntasks = c->ntasks, .towns = st_towns,
	                            .ntowns = nt};
	en = screen_engine_new(&sc);
	if (!en || !screen_text(en, NULL, doc->text, doc->len, &r))
		die_nomem();
	screened = true;
	struct notice_revision_new rev = {number, title, doc->text, doc->len, doc->encoding, by, at,
	                                  r.sentences, r.assignments,
	                                  {r.counts[0], r.counts[1], r.counts[2], r.counts[3]}};
	int64_t rev_id;
	if ((st = store_notice_revision_add(s, notice_id, &rev, &rev_id, e)) != STATUS_OK)
		goto done;
	*violations = (int)(r.counts[SCREEN_RECLAIMED] + r.counts[SCREEN_OUT_OF_LIST]);
	for (size_t i = 0; i < r.nfindings && st == STATUS_OK; i++) {
		const struct screen_finding *f = &r.findings[i];
		struct buf tw = {0}, bases = {0};
		for (size_t k = 0; k < f->ntowns; k++) {
			if (k)
				buf_putc(&tw, ';');
			buf_puts(&tw, f->towns[k]);
		}
		if (f->task)
			bases_text(f->task, ix, &bases);
		struct notice_finding_new row = {
			.seq = (int)i + 1,
			.offset = f->sentence.offset,
			.length = f->sentence.length,
			.sentence = doc->text + f->sentence.offset,
			.sentence_len = f->sentence.length,
			.evidence = doc->text + f->evidence.offset,
			.evidence_len = f->evidence.length,
			.towns = buf_str(&tw),
			.verdict = screen_verdict_key[f->verdict],
			.task_code = f->task ? f->task->code : "",
			.task_name = f->task ? f->task->name : "",
			.list_type = f->task ? list_type_info[f->task->list_type].name : "",
			.lead_department = f->task ? f->task->lead_department : "",
			.bases = buf_str(&bases),
			.unlisted_code = f->unlisted ? f->unlisted->code : "",
			.unlisted_name = f->unlisted ? f->unlisted->name : "",
			.score = f->score,
			.low_confidence = f->low_confidence,
		};
		st = store_notice_finding_add(s, rev_id, &row, e);
		buf_free(&tw);
		buf_free(&bases);
	}
done:
	if (screened)
		screen_result_free(&r);
	screen_engine_free(en);
	for (size_t i = 0; i < nt; i++) {
		free(own[i]);
		if (loaded[i])
			town_list_free(&lists[i]);
	}
	free(own);
	free(all);
	free(st_towns);
	free(loaded);
	free(lists);
	return st;
}

static enum status audit_notice(struct store *s, const struct actor *who, int64_t id,
                                const char *action, json_t *detail, struct error *e)
{
	char object[48], what[48];
	snprintf(object, sizeof object, "notice:%lld", (long long)id);
	snprintf(what, sizeof what, "notice.%s", action);
	return app_audit(s, who, what, object, detail, e);
}

/* --- writing --- */

static enum status check_title(const char *title, struct error *e)
{
	if (!title || !*title)
		return error_set(e, STATUS_INVALID, "title", "give the notice its title");
	if (strlen(title) > TITLE_MAX)
		return error_set(e, STATUS_INVALID, "title", "the title is longer than %d bytes",
		                 TITLE_MAX);
	return STATUS_OK;
}

enum status notice_submit(struct store *s, const struct actor *who, const struct notice_input *in,
                          int64_t *id, struct error *e)
{
	const char *department = in->department && *in->department ? in->department : who->department;
	bool cli = strcmp(who->role, "cli") == 0;
	if (!cli && app_role(who) != ROLE_DEPARTMENT)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "a department submits its notices to towns for screening");
	if (!cli && strcmp(department, who->department) != 0)
		return error_set(e, STATUS_FORBIDDEN, "department",
		                 "a department submits its own notices only (%s)", who->department);
	if (!department || !*department)
		return error_set(e, STATUS_INVALID, "department", "name the department");
	enum status st = check_title(in->title, e);
	if (st != STATUS_OK)
		return st;
	/* no text at all; an empty one is refused by the decoder, naming its field */
	if (!in->data)
		return error_set(e, STATUS_INVALID, "text", "give the notice's text or upload its file");
	struct notice_text doc;
	if ((st = notice_text_decode(in->data, in->len, in->data_field ? in->data_field : "text",
	                             &doc, e)) != STATUS_OK)
		return st;
	if ((st = store_begin(s, e)) != STATUS_OK) {
		free(doc.text);
		return st;
	}
	const struct catalog *c;
	const struct catalog_index *ix;
	struct buf towns = {0};
	int violations = 0;
	char at[21];
	iso_time_format(time(NULL), at);
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	if (!index_department(ix, department)) {
		st = error_set(e, STATUS_INVALID, "department", "no department %s", department);
		goto done;
	}
	if ((st = towns_text(ix, in->towns, in->ntowns, &towns, e)) != STATUS_OK)
		goto done;
	/* the state it starts in comes from screening: written first as
	 * flagged, set right once the findings are known */
	if ((st = store_notice_add(s, department, in->title, buf_str(&towns), "flagged", 0, who->name,
	                           at, id, e)) != STATUS_OK ||
	    (st = screen_into(s, *id, 1, in->title, &doc, buf_str(&towns), who->name, at, &violations,
	                      e)) != STATUS_OK)
		goto done;
	int to;
	struct machine_actor system = {ROLE_DEPARTMENT, true};
	if ((st = machine_step(MACHINE_NOTICE, NOTICE_SCREENING,
	                       violations ? "found_violations" : "found_clean", &system, &to, e)) !=
	        STATUS_OK ||
	    (st = store_notice_revised(s, *id, in->title, buf_str(&towns), 1, violations,
	                               machine_state_key(MACHINE_NOTICE, to), at, e)) != STATUS_OK ||
	    (st = store_notice_event_add(s, *id, "create", who->name, at, 1, in->note, e)) !=
	        STATUS_OK)
		goto done;
	st = audit_notice(s, who, *id, "create",
	                  json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "department", department, "title",
	                            in->title, "towns", buf_str(&towns), "state",
	                            machine_state_key(MACHINE_NOTICE, to), "revision", 1,
	                            "violations", violations),
	                  e);
done:
	buf_free(&towns);
	free(doc.text);
	return app_finish(s, st, e);
}

enum status notice_revise(struct store *s, const struct actor *who, int64_t id,
                          const struct notice_input *in, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *n = NULL;
	struct notice_text doc = {0};
	struct buf towns = {0};
	if ((st = store_notice_get(s, id, &n, e)) != STATUS_OK)
		goto done;
	/* no visibility check: the machine refuses another department (403) */
	int from = machine_state_from_key(MACHINE_NOTICE, json_text(n, "status")), to;
	struct machine_actor ma = machine_actor_of(who, n, "revise");
	if ((st = machine_step(MACHINE_NOTICE, from, "revise", &ma, &to, e)) != STATUS_OK)
		goto done;
	const char *title = in->title && *in->title ? in->title : json_text(n, "title");
	if ((st = check_title(title, e)) != STATUS_OK)
		goto done;
	if (!in->data) {
		st = error_set(e, STATUS_INVALID, "text", "give the revised text or upload its file");
		goto done;
	}
	if ((st = notice_text_decode(in->data, in->len, in->data_field ? in->data_field : "text",
	                             &doc, e)) != STATUS_OK)
		goto done;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	if (in->towns)
		st = towns_text(ix, in->towns, in->ntowns, &towns, e);
	else
		buf_puts(&towns, json_text(n, "towns"));
	if (st != STATUS_OK)
		goto done;
	int number = (int)json_int(n, "revision") + 1, violations = 0;
	char at[21];
	iso_time_format(time(NULL), at);
	if ((st = screen_into(s, id, number, title, &doc, buf_str(&towns), who->name, at, &violations,
	                      e)) != STATUS_OK)
		goto done;
	struct machine_actor system = {ROLE_DEPARTMENT, true};
	if ((st = machine_step(MACHINE_NOTICE, to, violations ? "found_violations" : "found_clean",
	                       &system, &to, e)) != STATUS_OK ||
	    (st = store_notice_revised(s, id, title, buf_str(&towns), number, violations,
	                               machine_state_key(MACHINE_NOTICE, to), at, e)) != STATUS_OK ||
	    (st = store_notice_event_add(s, id, "revise", who->name, at, number, in->note, e)) !=
	        STATUS_OK)
		goto done;
	st = audit_notice(s, who, id, "revise",
	                  json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "department",
	                            json_text(n, "department"), "title", title, "state",
	                            machine_state_key(MACHINE_NOTICE, to), "revision", number,
	                            "violations", violations, "note", in->note ? in->note : ""),
	                  e);
done:
	json_decref(n);
	free(doc.text);
	buf_free(&towns);
	return app_finish(s, st, e);
}

enum status notice_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                       const char *note, struct error *e)
{
	action = action ? action : "";
	if (strcmp(action, "revise") == 0)
		return error_set(e, STATUS_INVALID, "text", "a revision needs its text");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *n = NULL;
	if ((st = store_notice_get(s, id, &n, e)) != STATUS_OK)
		goto done;
	int from = machine_state_from_key(MACHINE_NOTICE, json_text(n, "status")), to;
	struct machine_actor ma = machine_actor_of(who, n, action);
	/* who may, from this state, first; then what the step needs */
	if ((st = machine_step(MACHINE_NOTICE, from, action, &ma, &to, e)) != STATUS_OK)
		goto done;
	bool despite = to == NOTICE_ISSUED && (from == NOTICE_FLAGGED || from == NOTICE_RETURNED);
	bool review = to == NOTICE_CLEARED || to == NOTICE_RETURNED;
	if ((review || despite) && (!note || !*note)) {
		st = error_set(e, STATUS_INVALID, "note",
		               despite ? "say why the notice is issued despite its violations (this is "
		                         "recorded for accountability)"
		                       : "say why, for the department");
		goto done;
	}
	char at[21];
	iso_time_format(time(NULL), at);
	const char *state = machine_state_key(MACHINE_NOTICE, to);
	int revision = (int)json_int(n, "revision");
	if ((st = store_notice_step(s, id, state, review ? "review" : action, who->name, at, note,
	                            despite, e)) != STATUS_OK ||
	    (st = store_notice_event_add(s, id, action, who->name, at, revision, note, e)) !=
	        STATUS_OK)
		goto done;
	json_t *detail = json_pack("{s:s, s:s, s:s, s:i, s:I, s:s}", "department",
	                           json_text(n, "department"), "from", json_text(n, "status"),
	                           "state", state, "revision", revision, "violations",
	                           (json_int_t)json_int(n, "violations"), "note", note ? note : "");
	if (to == NOTICE_ISSUED)
		json_object_set_new(detail, "despite_violations", json_boolean(despite));
	st = audit_notice(s, who, id, action, detail, e);
done:
	json_decref(n);
	return app_finish(s, st, e);
}

/* What a finding suggests for an admission request: the task as the
 * notice gives it to the towns, for the department to complete (its
 * code, category, bases and resources are for it to say). */
json_t *notice_admission_prefill(const json_t *finding, const char *department)
{
	const char *evidence = json_text(finding, "evidence");
	/* the name: the evidence, cut at a character boundary */
	size_t n = strlen(evidence);
	if (n > NAME_PREFILL) {
		n = NAME_PREFILL;
		while (n > 0 && ((unsigned char)evidence[n] & 0xc0) == 0x80)
			n--;
	}
	struct buf applies = {0};
	const char *towns = json_text(finding, "towns");
	for (const char *p = towns; *p;) {
		size_t k = strcspn(p, ";");
		buf_printf(&applies, "%stown:%.*s", applies.len ? ";" : "", (int)k, p);
		p += k;
		if (*p == ';')
			p++;
	}
	json_t *o = json_pack("{s:s%, s:s, s:s, s:s, s:s, s:s, s:s}", "name", evidence, n, "duty", "",
	                      "list_type", "配合履职", "lead_department", department, "township_part",
	                      json_text(finding, "sentence"), "department_part", "",
	                      "applies_to", applies.len ? buf_str(&applies) : "全部");
	buf_free(&applies);
	return o;
}

enum status notice_admission(struct store *s, const struct actor *who, int64_t finding_id,
                             const char *code, const json_t *payload, const json_t *resources,
                             int64_t *admission, json_t **similar, struct diag *d,
                             struct error *e)
{
	*similar = NULL;
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *f = NULL, *n = NULL, *full = NULL;
	if ((st = store_notice_finding_get(s, finding_id, &f, e)) != STATUS_OK ||
	    (st = store_notice_get(s, json_int(f, "notice"), &n, e)) != STATUS_OK)
		goto done;
	if (!notice_own(who, n)) {
		st = error_set(e, STATUS_FORBIDDEN, "finding",
		               "only the department that wrote the notice requests admission from it");
		goto done;
	}
	int state = machine_state_from_key(MACHINE_NOTICE, json_text(n, "status"));
	if (state == NOTICE_ISSUED || state == NOTICE_WITHDRAWN) {
		st = error_set(e, STATUS_CONFLICT, "finding", "the notice is %s: nothing to request",
		               json_text(n, "status"));
		goto done;
	}
	if (json_int(f, "revision") != json_int(n, "revision")) {
		st = error_set(e, STATUS_CONFLICT, "finding",
		               "the finding is of revision %lld; the notice is at revision %lld",
		               (long long)json_int(f, "revision"), (long long)json_int(n, "revision"));
		goto done;
	}
	if (strcmp(json_text(f, "verdict"), "out_of_list") != 0) {
		st = error_set(e, STATUS_CONFLICT, "finding",
		               "only work on no list (out_of_list) goes through admission; a %s "
		               "finding is %s",
		               json_text(f, "verdict"),
		               strcmp(json_text(f, "verdict"), "reclaimed") == 0
		                       ? "a task a department took back: take it out of the notice"
		                       : "on the list already");
		goto done;
	}
	if (json_is_integer(json_object_get(f, "admission"))) {
		st = error_set(e, STATUS_CONFLICT, "finding",
		               "this finding is in admission request %lld already",
		               (long long)json_int(f, "admission"));
		goto done;
	}
	/* the finding's suggestion, with what the department gave laid over it */
	full = notice_admission_prefill(f, json_text(n, "department"));
	if (payload)
		json_object_update(full, (json_t *)payload);
	if ((st = admission_submit_in(s, who, json_text(n, "department"), code, full, resources,
	                              admission, similar, d, e)) != STATUS_OK ||
	    (st = store_notice_finding_link(s, finding_id, *admission, e)) != STATUS_OK)
		goto done;
	char at[21], note[96];
	iso_time_format(time(NULL), at);
	snprintf(note, sizeof note, "finding %lld → admission %lld", (long long)finding_id,
	         (long long)*admission);
	if ((st = store_notice_event_add(s, json_int(n, "id"), "admission", who->name, at,
	                                 (int)json_int(n, "revision"), note, e)) != STATUS_OK)
		goto done;
	st = audit_notice(s, who, json_int(n, "id"), "admission",
	                  json_pack("{s:I, s:I, s:s, s:s}", "finding", (json_int_t)finding_id,
	                            "admission", (json_int_t)*admission, "task", code ? code : "",
	                            "evidence", json_text(f, "evidence")),
	                  e);
done:
	json_decref(f);
	json_decref(n);
	json_decref(full);
	st = app_finish(s, st, e);
	if (st != STATUS_OK) {
		json_decref(*similar);
		*similar = NULL;
	}
	return st;
}

/* --- reading --- */

static json_t *split(const char *list)
{
	json_t *out = json_array();
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ";");
		if (k)
			json_array_append_new(out, json_stringn(p, k));
		p += k;
		if (*p == ';')
			p++;
	}
	return out;
}

static json_t *town_refs(const struct catalog_index *ix, const char *list)
{
	json_t *codes = split(list), *out = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c) {
		const struct town *t = index_town(ix, json_string_value(c));
		json_array_append_new(out, json_pack("{s:s, s:s}", "code", json_string_value(c), "name",
		                                     t ? t->name : json_string_value(c)));
	}
	json_decref(codes);
	return out;
}

/* The notice row as the API shows it: towns as [{code, name}] ([] for
 * all), despite as a boolean, the verdict of its current revision. */
static void annotate(json_t *n, const struct catalog_index *ix)
{
	json_object_set_new(n, "all_towns", json_boolean(!*json_text(n, "towns")));
	json_object_set_new(n, "towns", town_refs(ix, json_text(n, "towns")));
	json_object_set_new(n, "despite", json_boolean(json_int(n, "despite") != 0));
	json_object_set_new(n, "verdict",
	                    json_string(json_int(n, "violations") ? "violations" : "clean"));
}

static void finding_view(json_t *f, const struct catalog_index *ix)
{
	const char *verdict = json_text(f, "verdict");
	bool violation = strcmp(verdict, "reclaimed") == 0 || strcmp(verdict, "out_of_list") == 0;
	json_object_set_new(f, "score", json_real((double)json_int(f, "score_milli") / 1000.0));
	json_object_del(f, "score_milli");
	json_object_set_new(f, "low_confidence", json_boolean(json_int(f, "low_confidence") != 0));
	json_object_set_new(f, "violation", json_boolean(violation));
	json_object_set_new(f, "towns", town_refs(ix, json_text(f, "towns")));
	int v = strcmp(verdict, "basic") == 0    ? 0
	        : strcmp(verdict, "assist") == 0 ? 1
	        : strcmp(verdict, "reclaimed") == 0 ? 2
	                                            : 3;
	json_object_set_new(f, "verdict_name", json_string(verdict_name[v]));
	const struct department *d = index_department(ix, json_text(f, "lead_department"));
	json_object_set_new(f, "lead_department_name", json_string(d ? d->name : ""));
	/* why it is a violation, in the reform's words */
	const char *why = "";
	if (v == 2)
		why = "上级部门收回: a department took this task back; it may not be given to towns";
	else if (v == 3 && *json_text(f, "unlisted"))
		why = "一镇一单: the task is not on the list of the town(s) named; admission (准入) first";
	else if (v == 3)
		why = "on no list: new work for towns goes through admission (准入) first";
	json_object_set_new(f, "why", json_string(why));
}

enum status notice_list(struct store *s, const struct actor *who, const char *department,
                        const char *status, json_t **out, struct error *e)
{
	enum role r = app_role(who);
	if (r == ROLE_PUBLIC)
		return error_set(e, STATUS_FORBIDDEN, NULL, "log in to see notices");
	if (r == ROLE_DEPARTMENT && strcmp(who->role, "cli") != 0)
		department = who->department;
	if (status && *status && machine_state_from_key(MACHINE_NOTICE, status) < 1)
		return error_set(e, STATUS_INVALID, "status", "'%s' is not a state of a notice", status);
	json_t *all;
	enum status st = store_notices(s, department, status, &all, e);
	if (st != STATUS_OK)
		return st;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK) {
		json_decref(all);
		return st;
	}
	*out = json_array();
	size_t i;
	json_t *n;
	json_array_foreach(all, i, n) {
		if (!notice_visible(who, n))
			continue;
		annotate(n, ix);
		json_array_append(*out, n);
	}
	json_decref(all);
	return STATUS_OK;
}

enum status notice_view(struct store *s, const struct actor *who, int64_t id, int revision,
                        json_t **out, struct error *e)
{
	*out = NULL;
	json_t *n, *rev = NULL, *findings = NULL, *revisions = NULL, *events = NULL;
	enum status st = store_notice_get(s, id, &n, e);
	if (st != STATUS_OK)
		return st;
	if (!notice_visible(who, n)) {
		json_decref(n);
		if (app_role(who) == ROLE_DEPARTMENT)
			return error_set(e, STATUS_FORBIDDEN, "id",
			                 "a department sees its own notices only (%s)", who->department);
		return error_set(e, STATUS_NOT_FOUND, "id", "notice %lld does not exist", (long long)id);
	}
	int current = (int)json_int(n, "revision");
	if (revision <= 0)
		revision = current;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_notice_revision_get(s, id, revision, &rev, e)) != STATUS_OK ||
	    (st = store_notice_findings(s, json_int(rev, "id"), &findings, e)) != STATUS_OK ||
	    (st = store_notice_revisions(s, id, &revisions, e)) != STATUS_OK ||
	    (st = store_notice_events(s, id, &events, e)) != STATUS_OK ||
	    (st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK) {
		json_decref(n);
		json_decref(rev);
		json_decref(findings);
		json_decref(revisions);
		json_decref(events);
		return st;
	}
	annotate(n, ix);
	size_t i;
	json_t *x;
	json_array_foreach(findings, i, x)
		finding_view(x, ix);
	json_array_foreach(revisions, i, x)
		json_object_del(x, "body");
	json_object_set_new(rev, "current", json_boolean(revision == current));
	json_object_set_new(n, "shown", rev);
	json_object_set_new(n, "findings", findings);
	json_object_set_new(n, "revisions", revisions);
	json_object_set_new(n, "events", events);
	*out = n;
	return STATUS_OK;
}

/* --- the register's figures and the evidence --- */

static enum status period(const char *from, const char *to, char lo[21], char hi[21],
                          struct error *e)
{
	long day;
	lo[0] = hi[0] = '\0';
	if (from && *from) {
		if (!date_parse(from, &day))
			return error_set(e, STATUS_INVALID, "from", "from is a date, YYYY-MM-DD");
		iso_time_format((time_t)day * 86400, lo);
	}
	if (to && *to) {
		if (!date_parse(to, &day))
			return error_set(e, STATUS_INVALID, "to", "to is a date, YYYY-MM-DD");
		iso_time_format((time_t)(day + 1) * 86400, hi); /* the whole last day */
	}
	return STATUS_OK;
}

enum status notice_stats(struct store *s, const char *from, const char *to, json_t **out,
                         struct error *e)
{
	char lo[21], hi[21];
	enum status st = period(from, to, lo, hi, e);
	if (st != STATUS_OK)
		return st;
	json_t *rows;
	if ((st = store_notice_counts(s, lo, hi, &rows, e)) != STATUS_OK)
		return st;
	json_int_t totals[5] = {0};
	static const char *const keys[5] = {"notices", "with_violations", "issued", "issued_despite",
	                                    "violation_findings"};
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		for (int k = 0; k < 5; k++)
			totals[k] += json_int(r, keys[k]);
		json_int_t n = json_int(r, "notices");
		/* the share of notices first written with violations: the
		 * indicator an assessment can use; null without notices */
		json_object_set_new(r, "violation_rate",
		                    n ? json_real((double)json_int(r, "with_violations") / (double)n)
		                      : json_null());
	}
	json_t *total = json_object();
	for (int k = 0; k < 5; k++)
		json_object_set_new(total, keys[k], json_integer(totals[k]));
	*out = json_pack("{s:o, s:o, s:s, s:s}", "departments", rows, "total", total, "from",
	                 from ? from : "", "to", to ? to : "");
	return STATUS_OK;
}

enum status notice_issued_despite(struct store *s, const char *department, const char *from,
                                  const char *to, json_t **out, struct error *e)
{
	char lo[21], hi[21];
	enum status st = period(from, to, lo, hi, e);
	if (st != STATUS_OK)
		return st;
	json_t *rows;
	if ((st = store_notices_despite(s, department, lo, hi, &rows, e)) != STATUS_OK)
		return st;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	json_t *n;
	json_array_foreach(rows, i, n)
		annotate(n, ix);
	*out = rows;
	return STATUS_OK;
}
