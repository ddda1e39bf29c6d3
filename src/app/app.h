/* app.h - the use cases: one function per action a user can take.
 *
 * Each runs as one transaction: it checks the core's rules, writes
 * through the store, and appends its audit entry, or writes nothing at
 * all.  The CLI and the web both call these, so they cannot disagree. */
#ifndef DUTYLIST_APP_H
#define DUTYLIST_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/catalog.h"
#include "../core/list.h"
#include "../store/store.h"
#include "../util/diag.h"
#include "../util/err.h"

/* Who acts: every write names its actor. */
struct actor {
	const char *name; /* "cli:root", a user name */
	const char *role; /* "cli", "office", "township", ... */
	const char *town;       /* a township user's town code, else "" */
	const char *department; /* a department user's code, else "" */
};

struct import_result {
	size_t towns, departments, bases, guides, days;
	size_t tasks_new, tasks_changed, tasks_unchanged;
	size_t lists_created; /* version 1 for towns that had no list */
};

/* Imports a parsed catalogue (rows carry their file and line): every row
 * is checked against the rules on the catalogue as it would be after the
 * import, and then all of it is written in one transaction, or, when any
 * rule is broken, nothing is written, every problem goes to d, and the
 * result is STATUS_INVALID.  Rows are upserted by code; nothing is
 * removed.  Each town that has no list yet gets version 1, published,
 * derived from applies_to; existing lists change only by procedure. */
enum status catalog_import(struct store *s, const struct actor *who, struct catalog *in,
                           const char *source, struct import_result *res, struct diag *d,
                           struct error *e) MUST_USE;

enum edit_mode {
	EDIT_UPSERT, /* an import: add or update by code */
	EDIT_CREATE, /* the one row must be new (409 otherwise) */
	EDIT_UPDATE, /* the one row must exist (404 otherwise) */
};

/* The same checks and writes as catalog_import, for one row created or
 * edited by a person (the API and the office's forms): `in` holds that
 * row, its source file "" so that problems read "column: reason";
 * `action` and `object` name the audit entry ("task.update", "task:X"). */
enum status catalog_write(struct store *s, const struct actor *who, struct catalog *in,
                          enum edit_mode mode, const char *action, const char *object,
                          const char *source, struct import_result *res, struct diag *d,
                          struct error *e) MUST_USE;

/* Creates the database file at path (refusing an existing file) with the
 * current schema and, unless empty, the demo catalogue embedded in the
 * binary, imported as by catalog_import.  On failure no file is left. */
enum status database_create(const char *path, bool empty, const struct actor *who,
                            struct import_result *res, struct diag *d,
                            struct error *e) MUST_USE;

/* --- users (app/user.c) --- */

struct user;
#define PASSWORD_MAX 128

/* Appends an audit entry for a write in the current transaction; takes
 * the reference to detail (NULL: {}). */
enum status app_audit(struct store *s, const struct actor *who, const char *action,
                      const char *object, json_t *detail, struct error *e) MUST_USE;

/* Adds a user with a role (and, for township and department users, their
 * town or department code).  With password NULL one is generated into
 * `generated`, to be shown once. */
enum status user_add(struct store *s, const struct actor *who, const char *name,
                     const char *role, const char *town, const char *department,
                     const char *password, char generated[PASSWORD_MAX + 1],
                     struct error *e) MUST_USE;
enum status user_set_password(struct store *s, const struct actor *who, const char *name,
                              const char *password, char generated[PASSWORD_MAX + 1],
                              struct error *e) MUST_USE;
enum status user_disable(struct store *s, const struct actor *who, const char *name,
                         struct error *e) MUST_USE;
/* Checks a password and opens a session: session and csrf receive the
 * new random tokens (the session token goes into the cookie).  Failed
 * tries are audited and throttled per name. */
enum status user_login(struct store *s, const char *name, const char *password,
                       const char *client, char session[65], char csrf[65],
                       struct error *e) MUST_USE;
enum status user_logout(struct store *s, const char *session, struct error *e) MUST_USE;
/* Finds the caller from a session cookie or a bearer token (either may be
 * NULL); u->id stays 0 when neither names a live user. */
enum status user_identify(struct store *s, const char *session, const char *bearer,
                          struct user *u, char csrf[65], struct error *e) MUST_USE;
/* Creates an API bearer token for a user, shown once. */
enum status token_create(struct store *s, const struct actor *who, const char *name,
                         char token[65], struct error *e) MUST_USE;
/* SHA-256 hex of a token, and a new random token (64 hex digits). */
void token_hash(const char *token, char out[65]);
void random_token(char out[65]);

/* --- review rounds (app/review.c) ---
 * The office opens a round for some towns (ntowns 0: all) with a deadline
 * in working days; each town gets a draft of its next list version. */
enum status review_open(struct store *s, const struct actor *who, const char *title,
                        const char *const *towns, size_t ntowns, int days, int64_t *round_id,
                        int *number, struct error *e) MUST_USE;
/* The same, the drafts starting from_catalogue: from what each town's
 * profile selects among the catalogue's (raw) items rather than from its
 * list in force. */
enum status review_open_from(struct store *s, const struct actor *who, const char *title,
                             const char *const *towns, size_t ntowns, int days,
                             bool from_catalogue, int64_t *round_id, int *number,
                             struct error *e) MUST_USE;
/* A proposal to add, remove, move or change a task on a town's draft.
 * payload holds the proposed fields (exchange columns) for a new task, a
 * move (list_type, and lead_department and department_part when the part
 * needs them) or a change; it is checked as an import row would be. */
enum status review_propose(struct store *s, const struct actor *who, int64_t round_id,
                           const char *town, const char *action, const char *task_code,
                           json_t *payload, const char *reason, int64_t meeting_id,
                           int64_t *proposal_id, struct diag *d, struct error *e) MUST_USE;
/* Groups a round's pending proposals: the same action on the same task,
 * or new tasks whose names say the same thing in other words. */
enum status review_merge(struct store *s, const struct actor *who, int64_t round_id,
                         size_t *groups_made, struct error *e) MUST_USE;
/* Puts a proposal in a group by hand (group 0 and !new_group: in none). */
enum status review_place(struct store *s, const struct actor *who, int64_t proposal_id,
                         int64_t group_id, bool new_group, struct error *e) MUST_USE;
/* Agrees or rejects one proposal, or every pending one of a group
 * (proposal_id 0); an agreed one changes its town's draft. */
enum status review_decide(struct store *s, const struct actor *who, int64_t proposal_id,
                          int64_t group_id, bool agree, const char *reason, size_t *decided,
                          struct error *e) MUST_USE;
enum status review_withdraw(struct store *s, const struct actor *who, int64_t proposal_id,
                            struct error *e) MUST_USE;
/* town_confirm, office_confirm, refuse, send_back or publish; *state gets
 * the town's row in the round afterwards (caller owns). */
enum status review_town_act(struct store *s, const struct actor *who, int64_t round_id,
                            const char *town, const char *action, const char *reason,
                            json_t **state, struct error *e) MUST_USE;
enum status review_close(struct store *s, const struct actor *who, int64_t round_id,
                         struct error *e) MUST_USE;
/* The statistics of one round, or of all (round_id 0). */
enum status review_stats(struct store *s, int64_t round_id, json_t **out,
                         struct error *e) MUST_USE;
/* What changed from one version of a town's list to another: added,
 * removed, and changed items with the fields that differ. */
enum status list_diff(struct store *s, const char *town, int from, int to, json_t **out,
                      struct error *e) MUST_USE;

/* --- admission, adjustment, bases (app/procedure.c) --- */

/* A department asks that a new task be admitted (准入): `payload` is the
 * task's row (exchange columns; applies_to selects the towns), resources
 * what comes with it ({staff, funds, equipment} or {none: true, note}).
 * Checked: a basis in force, the towns, not a task already in the
 * catalogue under the same name; *similar gets the alike existing tasks
 * to show beside it (caller owns). */
enum status admission_submit(struct store *s, const struct actor *who, const char *code,
                             const json_t *payload, const json_t *resources, int64_t *id,
                             json_t **similar, struct diag *d, struct error *e) MUST_USE;
/* accept, return, resubmit (with a changed payload), admit, refuse,
 * withdraw.  Admitting puts the task in the catalogue and publishes a new
 * version of each selected town's list; *lists counts them. */
enum status admission_act(struct store *s, const struct actor *who, int64_t id,
                          const char *action, const char *reason, const char *code,
                          const json_t *payload, const json_t *resources, size_t *lists,
                          struct error *e) MUST_USE;
/* A request with its payload, resources, the alike tasks and whether it
 * is overdue. */
enum status admission_view(struct store *s, int64_t id, json_t **out, struct error *e) MUST_USE;

/* An adjustment of a town's list in force (运行调整), opened by the office
 * or requested by the town or a department. */
enum status adjustment_open(struct store *s, const struct actor *who, const char *town,
                            const char *action, const char *code, const json_t *payload,
                            const char *reason, int64_t *id, struct diag *d,
                            struct error *e) MUST_USE;
/* apply (publishes the town's new version; *version is its number) or
 * dismiss. */
enum status adjustment_act(struct store *s, const struct actor *who, int64_t id,
                           const char *action, const char *reason, int *version,
                           struct error *e) MUST_USE;

/* Repeals a basis on a date: each task resting on it alone gets an
 * adjustment (opened by the system) on every list that holds it
 * (*opened), in the same transaction; a task with another basis in force
 * keeps its citation, marked by the basis's status (*marked). */
enum status basis_repeal(struct store *s, const struct actor *who, const char *code,
                         const char *date, const char *reason, size_t *opened, size_t *marked,
                         struct error *e) MUST_USE;
/* A new version of a basis, in force from effective_date; the old one is
 * kept in its history. */
enum status basis_amend(struct store *s, const struct actor *who, const char *code,
                        const char *title, const char *doc_no, const char *effective_date,
                        const char *note, struct error *e) MUST_USE;

/* --- 吹哨报到 (app/whistle.c) --- */

/* What a town calls a department in for. */
struct whistle_call {
	const char *town;       /* the raising town; NULL or "": the actor's */
	const char *department; /* the department called */
	const char *task;       /* the list task it concerns, or NULL */
	const char *matter, *place;
	const char *urgency; /* urgent or normal */
	/* Several departments called for the matter (ndepartments > 0): one
	 * whistle each, in one transaction; department is then ignored. */
	const char *const *departments;
	size_t ndepartments;
};
/* A township user raises a whistle for its own town: one whistle per
 * department called, all in one transaction (each audited), sharing a
 * matter_id, the id of the first, which *id receives.  The task is checked
 * against the town's list in force for each department: its own 基本履职 is
 * recorded as a warning, a 配合履职 or 上级部门收回 task led by the called
 * department as a fit.  Deadlines come from the office's settings and the
 * calendar.  An unknown or repeated department refuses the whole call
 * (field departments[i], or department). */
enum status whistle_raise(struct store *s, const struct actor *who, const struct whistle_call *w,
                          int64_t *id, struct error *e) MUST_USE;
/* acknowledge (报到) and report (text: what was done) by the department
 * called; resolve or close_unresolved (text: the comment; satisfied 0/1,
 * -1: as the outcome) by the raising town; reassign (department: the new
 * one, text: why) by the office. */
enum status whistle_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                        const char *text, int satisfied, const char *department,
                        struct error *e) MUST_USE;
/* The whistles the actor may see (a town its own, a department those
 * calling it, the office all), filtered, newest first, each annotated. */
enum status whistle_list(struct store *s, const struct actor *who, const char *town,
                         const char *department, bool overdue_only, json_t **out,
                         struct error *e) MUST_USE;
struct whistle_query {
	const char *town, *department; /* NULL: all the actor may see */
	int64_t matter;                /* 0: all; else this matter's whistles */
	bool overdue_only;
};
/* whistle_list with every filter. */
enum status whistle_query(struct store *s, const struct actor *who, const struct whistle_query *q,
                          json_t **out, struct error *e) MUST_USE;
/* Annotated whistles grouped by matter, in the order each matter first
 * appears: [{matter_id, town, town_name, matter, place, urgency,
 * raised_at, open, overdue (counts), whistles: [...]}]. */
json_t *whistle_matters(const json_t *whistles);
/* One whistle with its steps (events) and the other whistles of its
 * matter (siblings: [{id, department, department_name, status, overdue,
 * satisfied, fit, ack_due, acked_at}], oldest first); STATUS_NOT_FOUND when
 * the actor may not see it. */
enum status whistle_view(struct store *s, const struct actor *who, int64_t id, json_t **out,
                         struct error *e) MUST_USE;
/* Whether the actor is the town that raised it or the department called. */
bool whistle_own(const struct actor *who, const json_t *w);
bool whistle_visible(const struct actor *who, const json_t *w);
/* Adds overdue (the step past its deadline at now, or null), escalated
 * (overdue: the office follows it up) and on_time (final ones). */
void whistle_annotate(json_t *w, time_t now);
enum status whistle_settings_set(struct store *s, const struct actor *who,
                                 const struct whistle_settings *v, struct error *e) MUST_USE;
json_t *whistle_settings_json(const struct whistle_settings *v);
/* Per department and per town, whistles raised in [from, to] (dates, ""
 * or NULL: open-ended): response and resolution hours (median, p90), the
 * on-time rate, resolved and closed_unresolved, satisfaction, and for
 * towns whistles per 10,000 residents.  Departments with fewer whistles
 * than the minimum sample are "insufficient_data", never ranked. */
enum status whistle_stats(struct store *s, const char *from, const char *to, json_t **out,
                          struct error *e) MUST_USE;
/* The same over given annotated whistles, towns [{code, name, population}]
 * and departments [{code, name}]. */
json_t *whistle_stats_of(const json_t *whistles, const json_t *towns, const json_t *departments,
                         int min_sample);

/* --- 考核评价 (app/assess.c) --- */

struct assess_def {
	const char *name;
	const char *start, *end; /* YYYY-MM-DD, both included */
	int min_sample;          /* fewer scoring towns: insufficient data, not ranked */
};
/* The office defines a period (draft) and, while it is draft, edits it:
 * indicators (source: town_score, or an objective source; weight 1-100),
 * assessed units (a department; agency: its dispatched agency 派出机构)
 * and towns assigned to score a unit besides those that whistled it. */
enum status assess_create(struct store *s, const struct actor *who, const struct assess_def *d,
                          int64_t *id, struct error *e) MUST_USE;
enum status assess_update(struct store *s, const struct actor *who, int64_t id,
                          const struct assess_def *d, struct error *e) MUST_USE;
enum status assess_indicator_set(struct store *s, const struct actor *who, int64_t id,
                                 const char *code, const char *name, const char *source,
                                 int weight, struct error *e) MUST_USE;
enum status assess_indicator_remove(struct store *s, const struct actor *who, int64_t id,
                                    const char *code, struct error *e) MUST_USE;
enum status assess_unit_add(struct store *s, const struct actor *who, int64_t id,
                            const char *department, bool agency, int64_t *unit,
                            struct error *e) MUST_USE;
enum status assess_assign(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                          const char *town, struct error *e) MUST_USE;
/* open (needs an indicator and a unit) or close, by the office. */
enum status assess_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                       struct error *e) MUST_USE;
/* A town scores a unit it worked with, once: scores {indicator code:
 * 0-100} for every town_score indicator; a second time is a conflict. */
enum status assess_score(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                         const json_t *scores, const char *comment, struct error *e) MUST_USE;
/* A town's 任免建议 on the head of a dispatched agency (an agency unit):
 * opinion keep, commend, remove or other, with the reason. */
enum status assess_opinion(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                           const char *person, const char *opinion, const char *reason,
                           int64_t *oid, struct error *e) MUST_USE;
enum status assess_list(struct store *s, const struct actor *who, json_t **out,
                        struct error *e) MUST_USE;
/* The period with its indicators and units; for a town, which units it
 * may score, which it scored and its own scores. */
enum status assess_view(struct store *s, const struct actor *who, int64_t id, json_t **out,
                        struct error *e) MUST_USE;
/* {period, indicators, results: [unit + towns_scored, values, total,
 * insufficient_data, rank]}: ranked units first.  Before the period
 * closes only the office and the supervisor see it (STATUS_FORBIDDEN). */
enum status assess_results(struct store *s, const struct actor *who, int64_t id, json_t **out,
                           struct error *e) MUST_USE;
/* The same over given rows: objective[k * nindicators + i] (and
 * objective_has) is unit k's value of objective indicator i. */
json_t *assess_results_of(const json_t *indicators, json_t *units, const json_t *scores,
                          const double *objective, const bool *objective_has, int min_sample);
/* 任免建议 of a period: the office and the supervisor see all, a town its
 * own; departments never (STATUS_FORBIDDEN). */
enum status assess_opinions(struct store *s, const struct actor *who, int64_t id, json_t **out,
                            struct error *e) MUST_USE;
/* [{key, summary, subjective}] of the indicator sources. */
json_t *assess_sources(void);

/* --- 监管问责 (app/case.c) --- */

struct case_def {
	const char *department;
	bool agency; /* against the department's dispatched agency */
	const char *type; /* inaction, misconduct, slowness, falsity, outside_list */
	const char *title, *summary;
};
/* Evidence as given: ref_id for whistle, notice, adjustment; note (the
 * text) for a complaint; a file as base64 with its name and type. */
struct case_evidence_in {
	const char *kind;
	int64_t ref_id;
	const char *note;
	const char *file_name, *content_type, *content_base64;
};
/* The supervisor opens a case, with its evidence, in one transaction. */
enum status case_open(struct store *s, const struct actor *who, const struct case_def *c,
                      const struct case_evidence_in *evidence, size_t nevidence, int64_t *id,
                      struct error *e) MUST_USE;
/* investigate, conclude (text: the finding; measure), close (the
 * supervisor); answer (text) by the department concerned. */
enum status case_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                     const char *text, const char *measure, struct error *e) MUST_USE;
enum status case_evidence_add(struct store *s, const struct actor *who, int64_t id,
                              const struct case_evidence_in *in, int64_t *eid,
                              struct error *e) MUST_USE;
/* The cases the actor may see (the department its own), newest first,
 * each with overdue and type_name. */
enum status case_list(struct store *s, const struct actor *who, const char *department,
                      bool overdue_only, json_t **out, struct error *e) MUST_USE;
/* One case with evidence and events; STATUS_NOT_FOUND when the actor may
 * not see it. */
enum status case_view(struct store *s, const struct actor *who, int64_t id, json_t **out,
                      struct error *e) MUST_USE;
enum status case_file(struct store *s, const struct actor *who, int64_t id, int64_t evidence,
                      char **name, char **type, struct buf *data, struct error *e) MUST_USE;
bool case_own(const struct actor *who, const json_t *c);
bool case_visible(const struct actor *who, const json_t *c);
enum status case_settings_set(struct store *s, const struct actor *who,
                              const struct case_settings *v, struct error *e) MUST_USE;
json_t *case_settings_json(const struct case_settings *v);
/* Proposes cases from evidence in [from, to] (dates; default: the
 * settings' window up to today); *created new proposals.  Idempotent. */
enum status case_proposals_refresh(struct store *s, const struct actor *who, const char *from,
                                   const char *to, int *created, struct error *e) MUST_USE;
enum status case_proposal_list(struct store *s, const struct actor *who, const char *status,
                               json_t **out, struct error *e) MUST_USE;
enum status case_proposal_view(struct store *s, const struct actor *who, int64_t id,
                               json_t **out, struct error *e) MUST_USE;
/* accept (a case opens with the evidence linked; *case_id) or dismiss
 * (reason required), by the supervisor. */
enum status case_proposal_decide(struct store *s, const struct actor *who, int64_t id,
                                 const char *action, const char *reason, int64_t *case_id,
                                 struct error *e) MUST_USE;

/* --- notices to towns, screened (防护屏障, app/notice.c) --- */

/* A notice as submitted or revised. */
struct notice_input {
	const char *department; /* submit: the department's code; NULL: the actor's */
	const char *title;      /* revise: NULL keeps the title */
	/* the addressed towns (codes); ntowns 0: all towns.  revise: towns
	 * NULL keeps them */
	const char *const *towns;
	size_t ntowns;
	const char *data; /* the text, or an uploaded file's bytes (UTF-8, GBK/GB18030) */
	size_t len;
	const char *data_field; /* the field errors about the text name: "text", "file" */
	const char *note;       /* what changed, for the history */
};
/* A department user submits its notice (the command line: for the
 * department named).  It is screened against the addressed towns' lists
 * in force and stored as revision 1 with its findings; it starts clean or
 * flagged (core/machine.h's notice_state). */
enum status notice_submit(struct store *s, const struct actor *who, const struct notice_input *in,
                          int64_t *id, struct error *e) MUST_USE;
/* The department revises its notice: a new revision, screened again
 * (each revision is kept), clean or flagged by what is found. */
enum status notice_revise(struct store *s, const struct actor *who, int64_t id,
                          const struct notice_input *in, struct error *e) MUST_USE;
/* request_review (the department asks the office about a flagged or
 * returned notice), clear or return (the office, with a note), issue (the
 * department; from flagged or returned it is recorded as issued despite
 * violations, and needs a note), withdraw. */
enum status notice_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                       const char *note, struct error *e) MUST_USE;
/* Turns an out-of-list finding of the notice's current revision into an
 * admission request (准入) of the notice's department, in one step: the
 * request's task starts from notice_admission_prefill, with payload's
 * fields laid over it; the finding is linked to it. */
enum status notice_admission(struct store *s, const struct actor *who, int64_t finding,
                             const char *code, const json_t *payload, const json_t *resources,
                             int64_t *admission, json_t **similar, struct diag *d,
                             struct error *e) MUST_USE;
/* The task a finding suggests: {name, duty, list_type, lead_department,
 * township_part, department_part, applies_to} (caller owns). */
json_t *notice_admission_prefill(const json_t *finding, const char *department);
/* The notices the actor may see (a department its own, a town those issued
 * to it, the office, supervisors and admins all), newest first. */
enum status notice_list(struct store *s, const struct actor *who, const char *department,
                        const char *status, json_t **out, struct error *e) MUST_USE;
/* One notice with a revision (0: the current one) as `shown` (its text),
 * that revision's findings, every revision's counts and the steps. */
enum status notice_view(struct store *s, const struct actor *who, int64_t id, int revision,
                        json_t **out, struct error *e) MUST_USE;
bool notice_own(const struct actor *who, const json_t *n);
bool notice_visible(const struct actor *who, const json_t *n);
/* Per department, notices created in [from, to] (dates; "" or NULL:
 * open-ended): notices, with_violations (any revision had one), issued,
 * issued_despite, violation_findings (of the first revision) and
 * violation_rate; and the totals.  An objective indicator for assessment. */
enum status notice_stats(struct store *s, const char *from, const char *to, json_t **out,
                         struct error *e) MUST_USE;
/* Notices issued despite violations, of a department ("" or NULL: all),
 * issued in [from, to]: what accountability (监管问责) proposes cases from. */
enum status notice_issued_despite(struct store *s, const char *department, const char *from,
                                  const char *to, json_t **out, struct error *e) MUST_USE;

/* The JSON view of a town's list: the object `list --json` prints and the
 * API serves.  The caller owns the returned reference. */
json_t *list_view(const struct town_list *l);

#endif
