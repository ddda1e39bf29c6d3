/* consult.h - the consultation of a review round (征求意见): records of
 * meetings (座谈会) and questionnaires, answered by the towns or by the
 * public, with their tallies (app/consult.c).
 *
 * Who may do what:
 *   the office       records meetings; creates and closes questionnaires
 *   a township user  answers a questionnaire to towns, for its own town,
 *                    when the town is in the questionnaire's round
 *   anyone           answers a public questionnaire, anonymously: the
 *                    respondent is a keyed hash (crypto_generichash) of the
 *                    client's address under the questionnaire's secret
 *                    salt, also kept in the client's cookie, and one
 *                    respondent gives at most per_client responses
 * A questionnaire that is closed, or whose round is, takes no answers
 * (STATUS_CONFLICT); so does one respondent past its limit.
 *
 * Writes are one transaction each with their audit entry; an anonymous
 * answer is audited as "web:anonymous" without the respondent's key. */
#ifndef DUTYLIST_APP_CONSULT_H
#define DUTYLIST_APP_CONSULT_H

#include "app.h"

#define CONSULT_TITLE_MAX 200        /* bytes: a meeting's or questionnaire's title */
#define CONSULT_ATTENDEES_MAX 4000   /* bytes */
#define CONSULT_NOTES_MAX 40000      /* bytes: what was said */
#define CONSULT_QUESTIONS_MAX 50     /* questions in a questionnaire */
#define CONSULT_QUESTION_MAX 1000    /* bytes: a question's text */
#define CONSULT_OPTIONS_MIN 2        /* options of a choice question */
#define CONSULT_OPTIONS_MAX 20
#define CONSULT_OPTION_MAX 200       /* bytes: an option's text */
#define CONSULT_ANSWER_MAX 2000      /* bytes: a free-text answer */
#define CONSULT_PER_CLIENT_MAX 100   /* responses one respondent may give */

/* The actor of an anonymous answer. */
#define CONSULT_ANONYMOUS "web:anonymous"

/* Records a meeting of an open round: its date (YYYY-MM-DD, not after
 * today: a record of a meeting held), title, who attended and what was
 * said.  The office only. */
enum status consult_meeting_add(struct store *s, const struct actor *who, int64_t round_id,
                                const char *date, const char *title, const char *attendees,
                                const char *notes, int64_t *meeting_id,
                                struct error *e) MUST_USE;
/* A meeting (store_meeting_get's row) with "proposals": those that came
 * from it, all of them, or for a township user its own town's. */
enum status consult_meeting_show(struct store *s, const struct actor *who, int64_t meeting_id,
                                 json_t **out, struct error *e) MUST_USE;

/* Questions from text, one a line: "KIND: question | option | option",
 * KIND single (单选), multiple (多选) or text (填空); blank lines and lines
 * starting with '#' are skipped; '：' and '｜' work as ':' and '|'.  Text
 * starting with '[' is read as the JSON array itself.  *out (the caller's)
 * gets [{kind, text, options}]; STATUS_INVALID names the line at fault. */
enum status consult_parse_questions(const char *text, json_t **out,
                                    struct error *e) MUST_USE;

/* Creates an open questionnaire in an open round: audience "towns" or
 * "public", per_client 1..CONSULT_PER_CLIENT_MAX, questions as
 * consult_parse_questions makes them (kinds, texts and options checked:
 * a choice has 2..20 distinct options, a free-text question none).  The
 * office only. */
enum status consult_questionnaire_create(struct store *s, const struct actor *who,
                                         int64_t round_id, const char *title,
                                         const char *audience, int per_client,
                                         const json_t *questions, int64_t *questionnaire_id,
                                         struct error *e) MUST_USE;
/* Closes an open questionnaire (STATUS_CONFLICT when closed already).
 * The office only. */
enum status consult_questionnaire_close(struct store *s, const struct actor *who,
                                        int64_t questionnaire_id, struct error *e) MUST_USE;
/* A questionnaire (store_questionnaire_get's row, no salt) with its
 * "questions" and "open" (whether it takes answers now). */
enum status consult_questionnaire_get(struct store *s, int64_t questionnaire_id, json_t **out,
                                      struct error *e) MUST_USE;

/* Who answers a public questionnaire. */
struct respondent {
	const char *client; /* the client's address, as text */
	const char *cookie; /* the key the client's cookie holds, NULL or "" when none */
	char key[65];       /* out: the key the response was recorded under */
};

/* Records one response: answers is an object {question id (as text):
 * an option's index (a number or digits) for a single choice, an array of
 * them for a multiple choice, a string for free text}; unanswered
 * questions are left out, and at least one must be answered.  For a
 * questionnaire to towns, who is a township user and town is NULL or its
 * own town; for a public one, r says who answers (who is not recorded).
 * *response_id gets the new response. */
enum status consult_answer(struct store *s, const struct actor *who, int64_t questionnaire_id,
                           const char *town, struct respondent *r, const json_t *answers,
                           int64_t *response_id, struct error *e) MUST_USE;

/* The tallies: the questionnaire with "questions", each with "answered"
 * (responses that answered it) and, for a choice, "options" as [{index,
 * text, count, percent}] (percent of those that answered it, rounded),
 * for free text "answers" as [{value, town, created_at}] (town "" when
 * anonymous). */
enum status consult_results(struct store *s, int64_t questionnaire_id, json_t **out,
                            struct error *e) MUST_USE;

#endif
