/* store.h - persistence.  All SQL of the program lives behind this
 * interface, in src/store/, written in the subset of SQL that SQLite and
 * PostgreSQL share (ON CONFLICT, RETURNING, ISO dates as text, integers for
 * booleans), so that another backend can implement the same functions.
 *
 * A struct store is one connection; it is not shared between threads.
 * Writes happen between store_begin and store_commit; a failed write
 * leaves the transaction for the caller to roll back. */
#ifndef DUTYLIST_STORE_H
#define DUTYLIST_STORE_H

#include <stdbool.h>
#include <jansson.h>
#include <stdint.h>

#include "../core/catalog.h"
#include "../core/list.h"
#include "../core/whistle.h"
#include "../core/case.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/err.h"

struct store;

enum store_mode {
	STORE_CREATE,   /* the file must not exist; make it with the schema */
	STORE_EXISTING, /* the file must exist; bring its schema up to date */
};

enum status store_open(const char *path, enum store_mode mode, struct store **out,
                       struct error *e) MUST_USE;
void store_close(struct store *s);
/* The schema version the database is at, and the one this program makes. */
int store_schema_version(struct store *s);
int store_schema_latest(void);

/* BEGIN IMMEDIATE: takes the write lock now, so a write transaction never
 * fails half-way on a lock. */
enum status store_begin(struct store *s, struct error *e) MUST_USE;
enum status store_commit(struct store *s, struct error *e) MUST_USE;
void store_rollback(struct store *s);

/* --- catalogue (store/catalog.c) --- */

/* Loads the whole current catalogue (each task as its current revision). */
enum status store_catalog_load(struct store *s, struct catalog *c, struct error *e) MUST_USE;
/* Each inserts the row or updates the row with its code, and sets the
 * row's id. */
enum status store_town_put(struct store *s, struct town *t, struct error *e) MUST_USE;
enum status store_department_put(struct store *s, struct department *d, struct error *e) MUST_USE;
enum status store_basis_put(struct store *s, struct basis *b, struct error *e) MUST_USE;
/* Inserts the task if new, and a new revision of it which becomes its
 * current one; sets t->id and t->rev_id.  Its bases and lead department
 * must exist. */
enum status store_task_put(struct store *s, struct task *t, struct error *e) MUST_USE;
/* Adds a revision of the task (inserting the task if new) without making
 * it the catalogue's current one unless `current`: a list of one town can
 * carry a change agreed for that town alone.  Sets t->id and t->rev_id. */
enum status store_task_revise(struct store *s, struct task *t, bool current,
                              struct error *e) MUST_USE;
enum status store_guide_put(struct store *s, const struct guide *g, struct error *e) MUST_USE;
enum status store_calendar_put(struct store *s, const struct calendar_entry *day,
                               struct error *e) MUST_USE;

/* --- town lists (store/list.c) --- */

/* Sets *has to whether the town has any list version. */
enum status store_list_exists(struct store *s, int64_t town_id, bool *has,
                              struct error *e) MUST_USE;
/* Creates the next version of the town's list with the given status,
 * made by `procedure` (e.g. "import"); sets *version_id and *version. */
enum status store_list_create(struct store *s, int64_t town_id, enum list_status status,
                              const char *procedure, int64_t *version_id, int *version,
                              struct error *e) MUST_USE;
enum status store_list_add(struct store *s, int64_t version_id, int64_t rev_id,
                           struct error *e) MUST_USE;
/* Loads a version of the town's list: `version` > 0 names it, 0 asks for
 * the newest published one.  STATUS_NOT_FOUND names what is missing. */
enum status store_list_load(struct store *s, const char *town_code, int version,
                            struct town_list *out, struct error *e) MUST_USE;

/* A number that changes whenever the database does: with every commit
 * of this connection or of any other (PRAGMA data_version and the
 * connection's own change count). */
enum status store_data_version(struct store *s, long long *version, struct error *e) MUST_USE;

/* --- views for pages and the API (store/views.c) --- */

struct catalog_index;

/* Towns with their list in force and its size by part, as a JSON array;
 * code "" or NULL: every town, else just that one (an empty array when
 * it does not exist).  The caller owns *out. */
enum status store_town_summaries(struct store *s, const char *code, json_t **out,
                                 struct error *e) MUST_USE;
/* The towns whose list in force holds the task: [{code, name, version}]. */
enum status store_task_towns(struct store *s, const char *task_code, json_t **out,
                             struct error *e) MUST_USE;
/* The whole catalogue and its index, read once and kept by the connection
 * until the database changes; valid until the next call on s. */
enum status store_catalog_cached(struct store *s, const struct catalog **c,
                                 const struct catalog_index **ix, struct error *e) MUST_USE;

/* Finds tasks, bases and departments whose text holds q, best first:
 * [{kind, code, title, snippet}].  The caller owns *out. */
enum status store_search(struct store *s, const char *q, int limit, json_t **out,
                         struct error *e) MUST_USE;

/* --- users, sessions, tokens (store/user.c) --- */

struct user;

/* Adds a user; town and department are codes ("" when not scoped). */
enum status store_user_add(struct store *s, const char *name, const char *role,
                           const char *town, const char *department,
                           const char *password_hash, int64_t *id, struct error *e) MUST_USE;
/* Loads a user by name into *u, and its password hash into hash (which
 * holds 128 bytes); STATUS_NOT_FOUND when there is none. */
enum status store_user_get(struct store *s, const char *name, struct user *u, char hash[128],
                           struct error *e) MUST_USE;
/* All users, in name order, as a JSON array of objects (caller owns). */
enum status store_user_list(struct store *s, json_t **out, struct error *e) MUST_USE;
enum status store_user_set_password(struct store *s, int64_t id, const char *hash,
                                    struct error *e) MUST_USE;
/* Disables the user and ends their sessions and tokens. */
enum status store_user_disable(struct store *s, int64_t id, struct error *e) MUST_USE;

enum status store_session_add(struct store *s, const char *token_hash, int64_t user_id,
                              const char *csrf, const char *expires_at,
                              struct error *e) MUST_USE;
/* The user of a live session (expires_at after now, user not disabled);
 * u->id stays 0 when there is none. */
enum status store_session_get(struct store *s, const char *token_hash, const char *now,
                              struct user *u, char csrf[65], struct error *e) MUST_USE;
enum status store_session_delete(struct store *s, const char *token_hash,
                                 struct error *e) MUST_USE;
enum status store_token_add(struct store *s, const char *token_hash, int64_t user_id,
                            struct error *e) MUST_USE;
enum status store_token_get(struct store *s, const char *token_hash, struct user *u,
                            struct error *e) MUST_USE;

/* Failed logins of a name since a time, for throttling. */
enum status store_login_failures(struct store *s, const char *name, const char *since,
                                 int *count, struct error *e) MUST_USE;
enum status store_login_failure_add(struct store *s, const char *name,
                                    struct error *e) MUST_USE;

/* --- review rounds (store/review.c) ---
 * Rows come back as JSON objects named after their columns; the caller
 * owns every json_t ** it is given. */

enum status store_round_create(struct store *s, const char *title, const char *by,
                               const char *deadline, int64_t *id, int *number,
                               struct error *e) MUST_USE;
enum status store_round_get(struct store *s, int64_t id, json_t **out, struct error *e) MUST_USE;
enum status store_rounds(struct store *s, json_t **out, struct error *e) MUST_USE;
enum status store_round_close(struct store *s, int64_t id, struct error *e) MUST_USE;
enum status store_round_town_add(struct store *s, int64_t round_id, int64_t town_id,
                                 int64_t base_version_id, int64_t draft_version_id,
                                 int start_items, struct error *e) MUST_USE;
/* One town in a round: {town_id, town, town_name, base_version_id,
 * draft_version_id, draft_version, start_items, status, refusals,
 * last_refusal, items}. */
enum status store_round_town(struct store *s, int64_t round_id, const char *town,
                             json_t **out, struct error *e) MUST_USE;
enum status store_round_towns(struct store *s, int64_t round_id, json_t **out,
                              struct error *e) MUST_USE;
/* Sets the town's state in the round; a refusal (not NULL) is counted. */
enum status store_round_town_set(struct store *s, int64_t round_id, int64_t town_id,
                                 const char *status, const char *refusal,
                                 struct error *e) MUST_USE;
/* The number of the open round the town's draft is in, 0 when none. */
enum status store_town_open_round(struct store *s, int64_t town_id, int *number,
                                  struct error *e) MUST_USE;

/* The town's draft in an open round, if it has one: {round_id, town,
 * draft_version_id, draft_version, status}; *out NULL when none. */
enum status store_town_draft(struct store *s, int64_t town_id, json_t **out,
                             struct error *e) MUST_USE;
enum status store_list_newest_published(struct store *s, int64_t town_id, int64_t *version_id,
                                        struct error *e) MUST_USE;
enum status store_list_copy(struct store *s, int64_t from, int64_t to, int *count,
                            struct error *e) MUST_USE;
enum status store_list_set_round(struct store *s, int64_t version_id, int64_t round_id,
                                 struct error *e) MUST_USE;
/* The revision of the task on that version, 0 when it is not on it. */
enum status store_list_item_rev(struct store *s, int64_t version_id, const char *task_code,
                                int64_t *rev_id, struct error *e) MUST_USE;
enum status store_list_drop(struct store *s, int64_t version_id, int64_t rev_id,
                            struct error *e) MUST_USE;
enum status store_list_set_status(struct store *s, int64_t version_id, enum list_status status,
                                  struct error *e) MUST_USE;
/* Publishes the version: the one in force before becomes superseded. */
enum status store_list_publish(struct store *s, int64_t town_id, int64_t version_id,
                               struct error *e) MUST_USE;
/* The version of the town's list in force at the end of a day. */
enum status store_list_version_at(struct store *s, const char *town, const char *date,
                                  int *version, struct error *e) MUST_USE;
enum status store_list_versions(struct store *s, const char *town, json_t **out,
                                struct error *e) MUST_USE;

enum status store_proposal_add(struct store *s, int64_t round_id, int64_t town_id,
                               const char *origin, const char *author, const char *action,
                               const char *task_code, bool new_task, const char *payload,
                               const char *reason, int64_t meeting_id, int64_t *id,
                               struct error *e) MUST_USE;
enum status store_proposal_get(struct store *s, int64_t id, json_t **out,
                               struct error *e) MUST_USE;
/* Every proposal of a round, in groups (coalesce(group_id, 0), id). */
enum status store_proposals(struct store *s, int64_t round_id, json_t **out,
                            struct error *e) MUST_USE;
/* The proposals of one group, by id. */
enum status store_group_proposals(struct store *s, int64_t group_id, json_t **out,
                                  struct error *e) MUST_USE;
/* Which of a round's proposals a page shows: those after the cursor
 * (after_group, after_id) in the order (coalesce(group_id, 0), id), of one
 * town and one state (NULL: any), at most limit (> 0). */
struct proposal_filter {
	const char *town, *status;
	int64_t after_group, after_id;
	int limit;
};
enum status store_proposal_page(struct store *s, int64_t round_id,
                                const struct proposal_filter *f, json_t **out,
                                struct error *e) MUST_USE;
/* A group's label, its proposals (members), how many are pending and how
 * many towns they come from. */
enum status store_group_summary(struct store *s, int64_t group_id, json_t **out,
                                struct error *e) MUST_USE;
enum status store_proposal_decide(struct store *s, int64_t id, const char *status,
                                  const char *reason, const char *by,
                                  struct error *e) MUST_USE;
enum status store_proposal_set_group(struct store *s, int64_t id, int64_t group_id,
                                     struct error *e) MUST_USE;
/* Puts a proposal in a group by hand (0: in none); merging leaves it. */
enum status store_proposal_place(struct store *s, int64_t id, int64_t group_id,
                                 struct error *e) MUST_USE;
/* Undoes the groups merging made of a round's pending proposals. */
enum status store_groups_reset(struct store *s, int64_t round_id, struct error *e) MUST_USE;
enum status store_group_create(struct store *s, int64_t round_id, const char *label,
                               bool manual, int64_t *id, struct error *e) MUST_USE;
enum status store_group_round(struct store *s, int64_t group_id, int64_t *round_id,
                              struct error *e) MUST_USE;
enum status store_groups_tidy(struct store *s, int64_t round_id, struct error *e) MUST_USE;

/* The round statistics (all rounds when round_id is 0), counted from the
 * recorded proposals and versions: {rounds, first_round, added, removed,
 * town_proposals, merged, agreed, rejected, confirmed, proposals}. */
enum status store_review_counts(struct store *s, int64_t round_id, json_t **out,
                                struct error *e) MUST_USE;
enum status store_review_by_town(struct store *s, int64_t round_id, json_t **out,
                                 struct error *e) MUST_USE;
enum status store_review_by_round(struct store *s, json_t **out, struct error *e) MUST_USE;

/* --- admission, adjustment, bases' lifecycle (store/procedure.c) --- */

enum status store_admission_add(struct store *s, const char *department, const char *by,
                                const char *task_code, const char *payload,
                                const char *resources, int64_t *id, struct error *e) MUST_USE;
/* {id, department, department_name, requested_by, task_code, payload,
 * resources, status, deadline, decision_reason, decided_by, decided_at,
 * created_at, updated_at} */
enum status store_admission_get(struct store *s, int64_t id, json_t **out,
                                struct error *e) MUST_USE;
/* Filtered by department and status ("" or NULL: all), newest first. */
enum status store_admissions(struct store *s, const char *department, const char *status,
                             json_t **out, struct error *e) MUST_USE;
/* Sets the state; deadline and reason NULL keep theirs. */
enum status store_admission_set(struct store *s, int64_t id, const char *status,
                                const char *deadline, const char *reason, const char *by,
                                struct error *e) MUST_USE;
enum status store_admission_revise(struct store *s, int64_t id, const char *task_code,
                                   const char *payload, const char *resources,
                                   struct error *e) MUST_USE;

enum status store_adjustment_add(struct store *s, int64_t town_id, const char *action,
                                 const char *task_code, const char *payload,
                                 const char *reason, const char *origin, const char *by,
                                 int64_t basis_id, const char *deadline, int64_t *id,
                                 struct error *e) MUST_USE;
enum status store_adjustment_get(struct store *s, int64_t id, json_t **out,
                                 struct error *e) MUST_USE;
enum status store_adjustments(struct store *s, const char *town, const char *status,
                              json_t **out, struct error *e) MUST_USE;
/* Whether an open adjustment deals with the task on the town's list. */
enum status store_adjustment_open_for(struct store *s, int64_t town_id, const char *task_code,
                                      bool *open, struct error *e) MUST_USE;
enum status store_adjustment_set(struct store *s, int64_t id, const char *status,
                                 const char *reason, const char *by, int64_t version_id,
                                 struct error *e) MUST_USE;
/* The towns whose list in force holds the task: [{town_id, town}]. */
enum status store_towns_listing(struct store *s, const char *task_code, json_t **out,
                                struct error *e) MUST_USE;

/* Records what the basis says now, before it changes. */
enum status store_basis_version_add(struct store *s, const struct basis *b, const char *note,
                                    const char *by, struct error *e) MUST_USE;
enum status store_basis_versions(struct store *s, const char *code, json_t **out,
                                 struct error *e) MUST_USE;
enum status store_basis_repeal(struct store *s, int64_t basis_id, const char *date,
                               struct error *e) MUST_USE;

/* --- 吹哨报到 (store/whistle.c) --- */

struct whistle_new {
	const char *town, *department, *task_code, *matter, *place;
	const char *urgency; /* urgent, normal */
	const char *fit;     /* none, fit, own_duty, not_listed, other_lead */
	const char *warning, *by, *at;
	struct whistle_deadlines due;
	int64_t matter_id; /* the matter's first whistle; 0: this one starts a matter */
};
enum status store_whistle_add(struct store *s, const struct whistle_new *w, int64_t *id,
                              struct error *e) MUST_USE;
/* {id, town, town_name, department, department_name, task_code, matter,
 * place, urgency, fit, warning, status, raised_by, raised_at, assigned_at
 * (when the department called now was called: raised_at, or the last
 * reassignment), ack_due,
 * report_due, resolve_due, acked_by, acked_at, report, reported_by,
 * reported_at, satisfied (null until evaluated), comment, evaluated_by,
 * evaluated_at, matter_id (the first whistle of the matter: the whistles of
 * one matter, one per department called, share it)} */
enum status store_whistle_get(struct store *s, int64_t id, json_t **out,
                              struct error *e) MUST_USE;
/* Filtered by town, department and raised_at in [from, to) ("" or NULL:
 * all), newest first. */
enum status store_whistles(struct store *s, const char *town, const char *department,
                           const char *from, const char *to, json_t **out,
                           struct error *e) MUST_USE;
struct whistle_filter {
	const char *town, *department; /* "" or NULL: all */
	const char *from, *to;         /* raised_at in [from, to); "" or NULL: open-ended */
	int64_t matter;                /* 0: all; else only this matter's whistles */
	bool open_only;                /* only those not evaluated yet (raised,
	                                  acknowledged, reported) */
	const char *overdue_at;        /* an ISO time: only those with a step due
	                                  before it (core/whistle.h's
	                                  whistle_overdue says the same); "" or NULL: all */
};
/* store_whistles with every filter. */
enum status store_whistles_where(struct store *s, const struct whistle_filter *f, json_t **out,
                                 struct error *e) MUST_USE;
/* What the statistics count of one whistle. */
struct whistle_fact {
	const char *town, *department, *status; /* codes and the state's key */
	double response_h;   /* from being called to the acknowledgement; -1: none yet */
	double resolution_h; /* from raising to the evaluation, resolved ones; else -1 */
	bool on_time;        /* every step with a deadline done by it (final ones count it) */
	bool satisfied;
};
/* Calls fn for each whistle raised in [from, to) ("" or NULL: open-ended),
 * in no order; the strings live until fn returns. */
enum status store_whistle_facts(struct store *s, const char *from, const char *to,
                                void (*fn)(void *ctx, const struct whistle_fact *f), void *ctx,
                                struct error *e) MUST_USE;
/* A step: step "acknowledge", "report" (text: the report) or "evaluate"
 * (text: the comment, satisfied 0/1) moves to status. */
enum status store_whistle_set(struct store *s, int64_t id, const char *status,
                              const char *step, const char *by, const char *at,
                              const char *text, int satisfied, struct error *e) MUST_USE;
/* Calls another department at `at`: back to raised, with new deadlines. */
enum status store_whistle_reassign(struct store *s, int64_t id, const char *department,
                                   const struct whistle_deadlines *due, const char *at,
                                   struct error *e) MUST_USE;
enum status store_whistle_event_add(struct store *s, int64_t id, const char *action,
                                    const char *actor, const char *at, const char *department,
                                    const char *note, struct error *e) MUST_USE;
/* [{action, actor, at, department, department_name, note}], oldest first. */
enum status store_whistle_events(struct store *s, int64_t id, json_t **out,
                                 struct error *e) MUST_USE;
enum status store_whistle_settings(struct store *s, struct whistle_settings *out,
                                   struct error *e) MUST_USE;
enum status store_whistle_settings_set(struct store *s, const struct whistle_settings *v,
                                       const char *by, struct error *e) MUST_USE;

/* --- 考核评价 (store/assess.c) --- */

/* Periods: {id, name, start_date, end_date, status, min_sample,
 * created_by, created_at, opened_at, closed_at}. */
enum status store_assess_period_add(struct store *s, const char *name, const char *start,
                                    const char *end, int min_sample, const char *by,
                                    const char *at, int64_t *id, struct error *e) MUST_USE;
enum status store_assess_period_update(struct store *s, int64_t id, const char *name,
                                       const char *start, const char *end, int min_sample,
                                       struct error *e) MUST_USE;
enum status store_assess_period_get(struct store *s, int64_t id, json_t **out,
                                    struct error *e) MUST_USE;
enum status store_assess_periods(struct store *s, json_t **out, struct error *e) MUST_USE;
enum status store_assess_period_status(struct store *s, int64_t id, const char *status,
                                       const char *at, struct error *e) MUST_USE;
/* Indicators: added or changed by code; [{id, code, name, source, weight}]. */
enum status store_assess_indicator_put(struct store *s, int64_t period, const char *code,
                                       const char *name, const char *source, int weight,
                                       struct error *e) MUST_USE;
enum status store_assess_indicator_delete(struct store *s, int64_t period, const char *code,
                                          bool *gone, struct error *e) MUST_USE;
enum status store_assess_indicators(struct store *s, int64_t period, json_t **out,
                                    struct error *e) MUST_USE;
/* Assessed units (a department, agency 1: its dispatched agency); adding
 * one twice returns the same id.  [{id, department, department_name,
 * agency, agency_name}]. */
enum status store_assess_unit_add(struct store *s, int64_t period, const char *department,
                                  bool agency, int64_t *id, struct error *e) MUST_USE;
enum status store_assess_units(struct store *s, int64_t period, json_t **out,
                               struct error *e) MUST_USE;
/* The office assigns a town to score a unit; [{unit_id, town, town_name}]. */
enum status store_assess_assign(struct store *s, int64_t unit, const char *town,
                                struct error *e) MUST_USE;
enum status store_assess_assignments(struct store *s, int64_t period, json_t **out,
                                     struct error *e) MUST_USE;
/* Whether the town worked with the unit: assigned, or a whistle of the
 * town called its department, raised in [from, to) (ISO times). */
enum status store_assess_worked(struct store *s, int64_t unit, const char *town,
                                const char *from, const char *to, bool *out,
                                struct error *e) MUST_USE;
enum status store_assess_scored(struct store *s, int64_t unit, const char *town, bool *out,
                                struct error *e) MUST_USE;
enum status store_assess_score_add(struct store *s, int64_t unit, const char *town,
                                   int64_t indicator, int score, const char *comment,
                                   const char *by, const char *at, struct error *e) MUST_USE;
/* [{unit_id, town, town_name, indicator, score, comment, scored_by,
 * scored_at}] of a period (town "" or NULL: every town's). */
enum status store_assess_scores(struct store *s, int64_t period, const char *town, json_t **out,
                                struct error *e) MUST_USE;
enum status store_assess_opinion_add(struct store *s, int64_t unit, const char *town,
                                     const char *person, const char *opinion,
                                     const char *reason, const char *by, const char *at,
                                     int64_t *id, struct error *e) MUST_USE;
/* [{id, unit_id, department, agency_name, town, town_name, person,
 * opinion, reason, given_by, given_at}] (town "" or NULL: every town's). */
enum status store_assess_opinions(struct store *s, int64_t period, const char *town,
                                  json_t **out, struct error *e) MUST_USE;

/* --- 监管问责 (store/case.c) --- */

struct case_new {
	const char *department;
	bool agency;
	const char *type, *title, *summary, *by;
	const char *at;  /* ISO time */
	const char *day; /* YYYY-MM-DD: the day it opened */
	const char *due; /* YYYY-MM-DD: the first step's deadline */
};
/* One piece of evidence: ref_id for whistle, notice, adjustment; data
 * (size bytes) for a file. */
struct case_evidence {
	const char *kind;
	int64_t ref_id;
	const char *note;
	const char *file_name, *content_type, *sha256;
	const void *data;
	size_t size;
};
enum status store_case_add(struct store *s, const struct case_new *c, int64_t *id,
                           struct error *e) MUST_USE;
/* {id, department, department_name, agency, agency_name, type, title,
 * summary, status, opened_by, opened_at, opened_day, step_since, due,
 * finding, measure, concluded_by, concluded_at, closed_by, closed_at} */
enum status store_case_get(struct store *s, int64_t id, json_t **out, struct error *e) MUST_USE;
/* department "" or NULL: all; newest first. */
enum status store_cases(struct store *s, const char *department, json_t **out,
                        struct error *e) MUST_USE;
/* Moves to status; finding and measure are written on 'concluded'. */
enum status store_case_set(struct store *s, int64_t id, const char *status, const char *since,
                           const char *due, const char *finding, const char *measure,
                           const char *by, const char *at, struct error *e) MUST_USE;
enum status store_case_event_add(struct store *s, int64_t id, const char *action,
                                 const char *actor, const char *at, const char *note,
                                 struct error *e) MUST_USE;
/* [{action, actor, at, note}], oldest first; answers are action 'answer'. */
enum status store_case_events(struct store *s, int64_t id, json_t **out,
                              struct error *e) MUST_USE;
enum status store_case_evidence_add(struct store *s, int64_t id, const struct case_evidence *ev,
                                    const char *by, const char *at, int64_t *eid,
                                    struct error *e) MUST_USE;
/* [{id, kind, ref_id, note, file_name, content_type, size, sha256,
 * added_by, added_at}]: a file's bytes only through store_case_file. */
enum status store_case_evidence_list(struct store *s, int64_t id, json_t **out,
                                     struct error *e) MUST_USE;
/* A file of a case: *name and *type are the caller's to free; the bytes
 * are appended to data. */
enum status store_case_file(struct store *s, int64_t id, int64_t evidence, char **name,
                            char **type, struct buf *data, struct error *e) MUST_USE;
enum status store_case_settings(struct store *s, struct case_settings *out,
                                struct error *e) MUST_USE;
enum status store_case_settings_set(struct store *s, const struct case_settings *v,
                                    const char *by, struct error *e) MUST_USE;
enum status store_case_proposal_add(struct store *s, const char *source, const char *department,
                                    const char *type, const char *summary, const char *at,
                                    int64_t *id, struct error *e) MUST_USE;
/* A (kind, ref) is evidence of one proposal only: the second is refused
 * by the schema; store_case_proposed says whether it is one already. */
enum status store_case_proposal_evidence_add(struct store *s, int64_t id, const char *kind,
                                             int64_t ref, const char *note,
                                             struct error *e) MUST_USE;
enum status store_case_proposed(struct store *s, const char *kind, int64_t ref, bool *out,
                                struct error *e) MUST_USE;
/* {id, source, department, department_name, type, summary, status,
 * reason, case_id, proposed_at, decided_by, decided_at} */
enum status store_case_proposal_get(struct store *s, int64_t id, json_t **out,
                                    struct error *e) MUST_USE;
enum status store_case_proposals(struct store *s, const char *status, json_t **out,
                                 struct error *e) MUST_USE;
/* [{kind, ref_id, note}] */
enum status store_case_proposal_evidence(struct store *s, int64_t id, json_t **out,
                                         struct error *e) MUST_USE;
enum status store_case_proposal_set(struct store *s, int64_t id, const char *status,
                                    const char *reason, int64_t case_id, const char *by,
                                    const char *at, struct error *e) MUST_USE;

/* --- notices to towns, screened (store/notice.c) --- */

enum status store_notice_add(struct store *s, const char *department, const char *title,
                             const char *towns, const char *status, int violations,
                             const char *by, const char *at, int64_t *id,
                             struct error *e) MUST_USE;
/* {id, department, department_name, title, towns (';'-list, "": all),
 * status, revision, violations, despite (0/1), created_by, created_at,
 * updated_at, reviewed_by, reviewed_at, review_note, issued_by, issued_at} */
enum status store_notice_get(struct store *s, int64_t id, json_t **out,
                             struct error *e) MUST_USE;
/* Filtered by department and status ("" or NULL: all), newest first. */
enum status store_notices(struct store *s, const char *department, const char *status,
                          json_t **out, struct error *e) MUST_USE;
/* A new revision became the current one. */
enum status store_notice_revised(struct store *s, int64_t id, const char *title,
                                 const char *towns, int revision, int violations,
                                 const char *status, const char *at, struct error *e) MUST_USE;
/* A step: "review" (clear, return: by, note), "issue" (by, despite) or
 * any other (the status alone) moves to status. */
enum status store_notice_step(struct store *s, int64_t id, const char *status, const char *step,
                              const char *by, const char *at, const char *note, bool despite,
                              struct error *e) MUST_USE;
struct notice_revision_new {
	int number;
	const char *title, *body; /* body: UTF-8, body_len bytes */
	size_t body_len;
	const char *encoding; /* what the upload was: utf-8, gb18030, docx */
	const char *by, *at;
	size_t sentences, assignments;
	size_t counts[4]; /* basic, assist, reclaimed, out_of_list */
};
enum status store_notice_revision_add(struct store *s, int64_t notice_id,
                                      const struct notice_revision_new *r, int64_t *id,
                                      struct error *e) MUST_USE;
/* [{id, number, title, body (""), encoding, created_by, created_at,
 * sentences, assignments, basic, assist, reclaimed, out_of_list}] */
enum status store_notice_revisions(struct store *s, int64_t notice_id, json_t **out,
                                   struct error *e) MUST_USE;
/* One revision, with its body. */
enum status store_notice_revision_get(struct store *s, int64_t notice_id, int number,
                                      json_t **out, struct error *e) MUST_USE;
struct notice_finding_new {
	int seq;
	size_t offset, length; /* the sentence, bytes of the revision's body */
	const char *sentence, *evidence;
	size_t sentence_len, evidence_len;
	const char *towns; /* ';'-list of codes */
	const char *verdict, *task_code, *task_name, *list_type, *lead_department, *bases;
	const char *unlisted_code, *unlisted_name;
	double score;
	bool low_confidence;
};
enum status store_notice_finding_add(struct store *s, int64_t revision_id,
                                     const struct notice_finding_new *f,
                                     struct error *e) MUST_USE;
/* [{id, seq, offset, length, sentence, evidence, towns, verdict, task,
 * task_name, list_type, lead_department, bases, unlisted, unlisted_name,
 * score_milli, low_confidence, admission (id or null), admission_status,
 * notice, revision}], in text order. */
enum status store_notice_findings(struct store *s, int64_t revision_id, json_t **out,
                                  struct error *e) MUST_USE;
enum status store_notice_finding_get(struct store *s, int64_t id, json_t **out,
                                     struct error *e) MUST_USE;
/* The finding was turned into an admission request. */
enum status store_notice_finding_link(struct store *s, int64_t id, int64_t admission_id,
                                      struct error *e) MUST_USE;
/* The findings an admission request came from: [{notice, revision,
 * finding, title}]. */
enum status store_notice_of_admission(struct store *s, int64_t admission_id, json_t **out,
                                      struct error *e) MUST_USE;
enum status store_notice_event_add(struct store *s, int64_t id, const char *action,
                                   const char *actor, const char *at, int revision,
                                   const char *note, struct error *e) MUST_USE;
/* [{action, actor, at, revision, note}], oldest first. */
enum status store_notice_events(struct store *s, int64_t id, json_t **out,
                                struct error *e) MUST_USE;
/* Per department (every one), notices created in [from, to) ("" or
 * NULL: open-ended): [{code, name, notices, with_violations, issued,
 * issued_despite, violation_findings}]. */
enum status store_notice_counts(struct store *s, const char *from, const char *to,
                                json_t **out, struct error *e) MUST_USE;
/* Notices issued despite violations, of a department ("" or NULL: all),
 * issued in [from, to), oldest first; rows as store_notice_get. */
enum status store_notices_despite(struct store *s, const char *department, const char *from,
                                  const char *to, json_t **out, struct error *e) MUST_USE;

/* --- audit (store/audit.c) --- */

struct audit_entry {
	const char *actor;     /* who: "cli:root", a user name */
	const char *role;      /* office, township, ..., or "system" */
	const char *action;    /* what: "catalog.import" */
	const char *object;    /* on what: "town:231086101", "catalog" */
	const char *procedure; /* which procedure, "" when none */
	const char *detail;    /* a JSON object describing the change */
};

/* Appends an entry chained to the one before by SHA-256. */
enum status store_audit_append(struct store *s, const struct audit_entry *a,
                               struct error *e) MUST_USE;

/* The newest entry's id and hash (0 and the genesis hash when empty): to
 * print or publish, so that a rewritten chain can be caught too. */
enum status store_audit_head(struct store *s, int64_t *id, char hash[65],
                             struct error *e) MUST_USE;
/* Calls fn for every entry after `after`, in order, as JSON; stops at the
 * first failure fn returns. */
enum status store_audit_each(struct store *s, int64_t after,
                             enum status (*fn)(void *ctx, json_t *entry), void *ctx,
                             struct error *e) MUST_USE;
/* Entries newest first, filtered by object (exact, or a prefix ending in
 * ':'), actor and action (exact, or its area: "review" for review.*),
 * before an id (0: from the newest), at most limit. */
enum status store_audit_find(struct store *s, const char *object, const char *actor,
                             const char *action, int64_t before, int limit, json_t **out,
                             struct error *e) MUST_USE;

/* --- backup (store/backup.c) --- */

/* Writes a consistent copy of the database to `out` (which must not
 * exist), while others read and write. */
enum status store_backup(struct store *s, const char *out, struct error *e) MUST_USE;
/* Replaces the database's content with the backup's. */
enum status store_restore(struct store *s, const char *from, struct error *e) MUST_USE;

/* --- checks (store/verify.c) --- */

/* Runs SQLite's integrity and foreign-key checks, the domain invariants
 * and the audit chain; adds a line to d for each violation. */
enum status store_verify(struct store *s, struct diag *d, struct error *e) MUST_USE;

#endif
