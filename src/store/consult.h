/* consult.h - persistence of a review round's consultation (征求意见):
 * meetings (座谈会) and questionnaires with their questions, responses
 * and answers (store/consult.c).
 *
 * Rows come back as JSON objects named after their columns; the caller
 * owns every json_t ** it is given.  A questionnaire's salt never comes
 * back in a row: only store_questionnaire_salt reads it. */
#ifndef DUTYLIST_STORE_CONSULT_H
#define DUTYLIST_STORE_CONSULT_H

#include "store.h"

/* --- meetings --- */

enum status store_meeting_add(struct store *s, int64_t round_id, const char *date,
                              const char *title, const char *attendees, const char *notes,
                              const char *by, int64_t *id, struct error *e) MUST_USE;
/* {id, round_id, round_number, round_title, round_status, date, title,
 * attendees, notes, created_by, created_at, proposals}; STATUS_NOT_FOUND
 * (field "meeting") when there is none. */
enum status store_meeting_get(struct store *s, int64_t id, json_t **out,
                              struct error *e) MUST_USE;
/* A round's meetings, newest first, each as store_meeting_get's row. */
enum status store_meetings(struct store *s, int64_t round_id, json_t **out,
                           struct error *e) MUST_USE;
/* The proposals that came from a meeting, of one town (NULL: all), in
 * the order they were made: {id, town, town_name, origin, author, action,
 * task_code, new_task, payload, reason, status, decision_reason,
 * decided_by, created_at}. */
enum status store_meeting_proposals(struct store *s, int64_t meeting_id, const char *town,
                                    json_t **out, struct error *e) MUST_USE;

/* --- questionnaires --- */

enum status store_questionnaire_add(struct store *s, int64_t round_id, const char *title,
                                    const char *audience, int per_client, const char *salt,
                                    const char *by, int64_t *id, struct error *e) MUST_USE;
/* options: a JSON array of strings, as text ("[]" for a free-text one). */
enum status store_question_add(struct store *s, int64_t questionnaire_id, int pos,
                               const char *kind, const char *text, const char *options,
                               int64_t *id, struct error *e) MUST_USE;
/* {id, round_id, round_number, round_title, round_status, title, audience,
 * status, per_client, created_by, created_at, closed_at, responses};
 * STATUS_NOT_FOUND (field "questionnaire") when there is none. */
enum status store_questionnaire_get(struct store *s, int64_t id, json_t **out,
                                    struct error *e) MUST_USE;
/* Questionnaires as store_questionnaire_get's rows, newest first: of one
 * round (0: any), one audience and one status (NULL: any). */
enum status store_questionnaires(struct store *s, int64_t round_id, const char *audience,
                                 const char *status, json_t **out, struct error *e) MUST_USE;
/* The secret salt of a questionnaire's respondent keys (64 hex digits). */
enum status store_questionnaire_salt(struct store *s, int64_t id, char salt[65],
                                     struct error *e) MUST_USE;
enum status store_questionnaire_close(struct store *s, int64_t id, struct error *e) MUST_USE;
/* The questions in order: {id, pos, kind, text, options (an array),
 * answered (how many responses answered it)}. */
enum status store_questions(struct store *s, int64_t questionnaire_id, json_t **out,
                            struct error *e) MUST_USE;

/* How many responses to the questionnaire are recorded under key or
 * other (NULL or "": key alone). */
enum status store_responses_count(struct store *s, int64_t questionnaire_id, const char *key,
                                  const char *other, int *count, struct error *e) MUST_USE;
enum status store_response_add(struct store *s, int64_t questionnaire_id,
                               const char *respondent, int64_t *id, struct error *e) MUST_USE;
enum status store_answer_add(struct store *s, int64_t response_id, int64_t question_id,
                             const char *value, struct error *e) MUST_USE;
/* How often each option of the choice questions was chosen:
 * [{question_id, option, count}], options as their index. */
enum status store_tally(struct store *s, int64_t questionnaire_id, json_t **out,
                        struct error *e) MUST_USE;
/* The free-text answers in the order given: [{question_id, value, town,
 * created_at}], town "" for anonymous ones (the respondent's key is
 * never shown). */
enum status store_text_answers(struct store *s, int64_t questionnaire_id, json_t **out,
                               struct error *e) MUST_USE;

#endif
