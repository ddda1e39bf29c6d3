/* consult.c - see consult.h: meetings and questionnaires of a review
 * round, answers with their per-respondent limit, and the tallies. */
#include "../core/user.h"
#include "../store/consult.h"
#include "../util/buf.h"
#include "../util/date.h"
#include "../util/json.h"
#include "../util/utf8.h"
#include "consult.h"
#include "internal.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A required text: present, valid UTF-8, at most max bytes. */
static enum status check_text(const char *v, size_t max, const char *field, const char *what,
                              struct error *e)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0)
		return error_set(e, STATUS_INVALID, field, "%s is required", what);
	if (utf8_invalid_at(v, n) != n)
		return error_set(e, STATUS_INVALID, field, "%s is not valid UTF-8", what);
	if (n > max)
		return error_set(e, STATUS_INVALID, field, "%s is longer than %zu bytes", what, max);
	return STATUS_OK;
}

/* The round, which must be open: *round is the caller's. */
static enum status open_round(struct store *s, int64_t round_id, json_t **round, struct error *e)
{
	enum status st = store_round_get(s, round_id, round, e);
	if (st == STATUS_OK && strcmp(json_text(*round, "status"), "open") != 0) {
		json_decref(*round);
		*round = NULL;
		return error_set(e, STATUS_CONFLICT, "round",
		                 "review round %lld is closed; nothing in it changes any more",
		                 (long long)round_id);
	}
	return st;
}

/* --- meetings --- */

enum status consult_meeting_add(struct store *s, const struct actor *who, int64_t round_id,
                                const char *date, const char *title, const char *attendees,
                                const char *notes, int64_t *meeting_id, struct error *e)
{
	*meeting_id = 0;
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office records meetings");
	long day;
	if (!date || !date_parse(date, &day))
		return error_set(e, STATUS_INVALID, "date", "'%s' is not a date YYYY-MM-DD",
		                 date ? date : "");
	if (day > date_today())
		return error_set(e, STATUS_INVALID, "date",
		                 "%s is after today: a meeting is recorded once it was held", date);
	enum status st;
	if ((st = check_text(title, CONSULT_TITLE_MAX, "title", "the meeting's title", e)) != STATUS_OK ||
	    (st = check_text(attendees, CONSULT_ATTENDEES_MAX, "attendees", "who attended", e)) !=
	            STATUS_OK ||
	    (st = check_text(notes, CONSULT_NOTES_MAX, "notes", "what was said", e)) != STATUS_OK)
		return st;
	if ((st = store_begin(s, e)) != STATUS_OK)
		return st;
	json_t *round = NULL;
	if ((st = open_round(s, round_id, &round, e)) == STATUS_OK)
		st = store_meeting_add(s, round_id, date, title, attendees, notes, who->name,
		                       meeting_id, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "meeting:%lld", (long long)*meeting_id);
		st = app_audit(s, who, "consult.meeting", object,
		               json_pack("{s:I, s:s, s:s}", "round", json_int(round, "number"), "date", date,
		                         "title", title),
		               e);
	}
	json_decref(round);
	return app_finish(s, st, e);
}

enum status consult_meeting_show(struct store *s, const struct actor *who, int64_t meeting_id,
                                 json_t **out, struct error *e)
{
	*out = NULL;
	json_t *m, *proposals;
	enum status st = store_meeting_get(s, meeting_id, &m, e);
	if (st != STATUS_OK)
		return st;
	/* a town sees its own proposals; the county sees all */
	const char *only = app_role(who) == ROLE_TOWNSHIP ? who->town : NULL;
	if ((st = store_meeting_proposals(s, meeting_id, only, &proposals, e)) != STATUS_OK) {
		json_decref(m);
		return st;
	}
	json_object_set_new(m, "proposals", proposals);
	*out = m;
	return STATUS_OK;
}

/* --- questions --- */

static bool is_space_at(const char *p, size_t *len)
{
	if (*p == ' ' || *p == '\t' || *p == '\r') {
		*len = 1;
		return true;
	}
	if (strncmp(p, "\xe3\x80\x80", 3) == 0) { /* U+3000, the ideographic space */
		*len = 3;
		return true;
	}
	return false;
}

/* s[0..n) without the spaces around it, as a new JSON string. */
static json_t *trimmed(const char *s, size_t n)
{
	size_t k;
	while (n && is_space_at(s, &k) && k <= n) {
		s += k;
		n -= k;
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return json_stringn(s, n);
}

/* The first of the separators (ASCII and full-width) in p[0..n), or NULL;
 * *seplen gets its length. */
static const char *find_sep(const char *p, size_t n, const char *ascii, const char *wide,
                            size_t *seplen)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ascii[0]) {
			*seplen = 1;
			return p + i;
		}
		if (i + 3 <= n && strncmp(p + i, wide, 3) == 0) {
			*seplen = 3;
			return p + i;
		}
	}
	return NULL;
}

static const char *kind_of(const char *word, size_t n)
{
	static const struct {
		const char *word, *kind;
	} kinds[] = {{"single", "single"}, {"单选", "single"},   {"multiple", "multiple"},
	             {"多选", "multiple"}, {"text", "text"},       {"填空", "text"},
	             {"问答", "text"},     {NULL, NULL}};
	for (int i = 0; kinds[i].word; i++)
		if (strlen(kinds[i].word) == n && strncmp(kinds[i].word, word, n) == 0)
			return kinds[i].kind;
	return NULL;
}

enum status consult_parse_questions(const char *text, json_t **out, struct error *e)
{
	*out = NULL;
	if (!text)
		text = "";
	size_t n = strlen(text);
	if (utf8_invalid_at(text, n) != n)
		return error_set(e, STATUS_INVALID, "questions", "the questions are not valid UTF-8");
	const char *p = text + strspn(text, " \t\r\n");
	if (*p == '[') {
		json_error_t jerr;
		json_t *a = json_loads(p, 0, &jerr);
		if (!json_is_array(a)) {
			json_decref(a);
			return error_set(e, STATUS_INVALID, "questions",
			                 "the questions are not a JSON array (line %d: %s)", jerr.line,
			                 jerr.text);
		}
		*out = a;
		return STATUS_OK;
	}
	json_t *questions = json_array();
	int line = 0;
	for (const char *start = text; *start; ) {
		const char *nl = strchr(start, '\n');
		size_t len = nl ? (size_t)(nl - start) : strlen(start);
		line++;
		json_t *whole = trimmed(start, len);
		const char *l = json_string_value(whole);
		size_t ln = strlen(l);
		start += len + (nl ? 1 : 0);
		if (ln == 0 || l[0] == '#') {
			json_decref(whole);
			continue;
		}
		size_t sl;
		const char *colon = find_sep(l, ln, ":", "\xef\xbc\x9a", &sl);
		json_t *kw = colon ? trimmed(l, (size_t)(colon - l)) : NULL;
		const char *kind = kw ? kind_of(json_string_value(kw), strlen(json_string_value(kw)))
		                      : NULL;
		if (!kind) {
			error_set(e, STATUS_INVALID, "questions",
			          "line %d: '%.60s' does not start with a kind of question: single:, "
			          "multiple: or text: (单选：, 多选：, 填空：)",
			          line, l);
			json_decref(kw);
			json_decref(whole);
			json_decref(questions);
			return e->status;
		}
		json_decref(kw);
		/* the question, then its options, split at '|' */
		json_t *q = json_pack("{s:s, s:o}", "kind", kind, "options", json_array());
		const char *rest = colon + sl, *end = l + ln;
		bool first = true;
		for (;;) {
			size_t bl;
			const char *bar = find_sep(rest, (size_t)(end - rest), "|", "\xef\xbd\x9c", &bl);
			json_t *piece = trimmed(rest, bar ? (size_t)(bar - rest) : (size_t)(end - rest));
			if (first)
				json_object_set_new(q, "text", piece);
			else
				json_array_append_new(json_object_get(q, "options"), piece);
			first = false;
			if (!bar)
				break;
			rest = bar + bl;
		}
		json_array_append_new(questions, q);
		json_decref(whole);
	}
	*out = questions;
	return STATUS_OK;
}

/* Checks one question as given to consult_questionnaire_create. */
static enum status check_question(const json_t *q, size_t pos, struct error *e)
{
	if (!json_is_object(q))
		return error_set(e, STATUS_INVALID, "questions",
		                 "question %zu: a question is an object {kind, text, options}", pos);
	const char *kind = json_text(q, "kind");
	bool choice = strcmp(kind, "single") == 0 || strcmp(kind, "multiple") == 0;
	if (!choice && strcmp(kind, "text") != 0)
		return error_set(e, STATUS_INVALID, "questions",
		                 "question %zu: kind '%.40s' is not single, multiple or text", pos,
		                 kind);
	const char *text = json_text(q, "text");
	size_t n = strlen(text);
	if (n == 0)
		return error_set(e, STATUS_INVALID, "questions", "question %zu has no text", pos);
	if (n > CONSULT_QUESTION_MAX || utf8_invalid_at(text, n) != n)
		return error_set(e, STATUS_INVALID, "questions",
		                 "question %zu: the text is longer than %d bytes", pos,
		                 CONSULT_QUESTION_MAX);
	const json_t *options = json_object_get(q, "options");
	if (options && !json_is_array(options))
		return error_set(e, STATUS_INVALID, "questions",
		                 "question %zu: options are an array of texts", pos);
	size_t nopts = json_array_size(options);
	if (!choice) {
		if (nopts)
			return error_set(e, STATUS_INVALID, "questions",
			                 "question %zu: a free-text question has no options", pos);
		return STATUS_OK;
	}
	if (nopts < CONSULT_OPTIONS_MIN || nopts > CONSULT_OPTIONS_MAX)
		return error_set(e, STATUS_INVALID, "questions",
		                 "question %zu: a choice has %d to %d options, not %zu", pos,
		                 CONSULT_OPTIONS_MIN, CONSULT_OPTIONS_MAX, nopts);
	for (size_t i = 0; i < nopts; i++) {
		const char *o = json_string_value(json_array_get(options, i));
		size_t on = o ? strlen(o) : 0;
		if (on == 0)
			return error_set(e, STATUS_INVALID, "questions",
			                 "question %zu: option %zu is empty", pos, i + 1);
		if (on > CONSULT_OPTION_MAX || utf8_invalid_at(o, on) != on)
			return error_set(e, STATUS_INVALID, "questions",
			                 "question %zu: option %zu is longer than %d bytes", pos, i + 1,
			                 CONSULT_OPTION_MAX);
		for (size_t j = 0; j < i; j++)
			if (strcmp(o, json_string_value(json_array_get(options, j))) == 0)
				return error_set(e, STATUS_INVALID, "questions",
				                 "question %zu: option '%.60s' is there twice", pos, o);
	}
	return STATUS_OK;
}

enum status consult_questionnaire_create(struct store *s, const struct actor *who,
                                         int64_t round_id, const char *title,
                                         const char *audience, int per_client,
                                         const json_t *questions, int64_t *questionnaire_id,
                                         struct error *e)
{
	*questionnaire_id = 0;
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office makes questionnaires");
	enum status st = check_text(title, CONSULT_TITLE_MAX, "title", "the title", e);
	if (st != STATUS_OK)
		return st;
	if (!audience || (strcmp(audience, "towns") != 0 && strcmp(audience, "public") != 0))
		return error_set(e, STATUS_INVALID, "audience", "'%s' is not towns or public",
		                 audience ? audience : "");
	if (per_client < 1 || per_client > CONSULT_PER_CLIENT_MAX)
		return error_set(e, STATUS_INVALID, "per_client",
		                 "a respondent may give 1 to %d responses, not %d",
		                 CONSULT_PER_CLIENT_MAX, per_client);
	size_t nq = json_array_size(questions);
	if (!json_is_array(questions) || nq == 0 || nq > CONSULT_QUESTIONS_MAX)
		return error_set(e, STATUS_INVALID, "questions",
		                 "a questionnaire has 1 to %d questions, not %zu", CONSULT_QUESTIONS_MAX,
		                 nq);
	for (size_t i = 0; i < nq; i++)
		if ((st = check_question(json_array_get(questions, i), i + 1, e)) != STATUS_OK)
			return st;
	if ((st = store_begin(s, e)) != STATUS_OK)
		return st;
	json_t *round = NULL;
	char salt[65];
	random_token(salt);
	if ((st = open_round(s, round_id, &round, e)) == STATUS_OK)
		st = store_questionnaire_add(s, round_id, title, audience, per_client, salt, who->name,
		                             questionnaire_id, e);
	for (size_t i = 0; i < nq && st == STATUS_OK; i++) {
		const json_t *q = json_array_get(questions, i);
		json_t *empty = json_array();
		const json_t *options = json_object_get(q, "options");
		char *text = json_dumps(options ? options : empty, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(empty);
		if (!text)
			die_nomem();
		int64_t qid;
		st = store_question_add(s, *questionnaire_id, (int)i + 1, json_text(q, "kind"),
		                        json_text(q, "text"), text, &qid, e);
		free(text);
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "questionnaire:%lld", (long long)*questionnaire_id);
		st = app_audit(s, who, "consult.questionnaire", object,
		               json_pack("{s:I, s:s, s:s, s:i, s:I}", "round", json_int(round, "number"),
		                         "title", title, "audience", audience, "per_client", per_client,
		                         "questions", (json_int_t)nq),
		               e);
	}
	json_decref(round);
	sodium_memzero(salt, sizeof salt);
	st = app_finish(s, st, e);
	if (st != STATUS_OK)
		*questionnaire_id = 0;
	return st;
}

enum status consult_questionnaire_close(struct store *s, const struct actor *who,
                                        int64_t questionnaire_id, struct error *e)
{
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office closes questionnaires");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *qn = NULL;
	if ((st = store_questionnaire_get(s, questionnaire_id, &qn, e)) == STATUS_OK &&
	    strcmp(json_text(qn, "status"), "open") != 0)
		st = error_set(e, STATUS_CONFLICT, "questionnaire",
		               "questionnaire %lld is closed already", (long long)questionnaire_id);
	if (st == STATUS_OK)
		st = store_questionnaire_close(s, questionnaire_id, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "questionnaire:%lld", (long long)questionnaire_id);
		st = app_audit(s, who, "consult.close", object,
		               json_pack("{s:I, s:I}", "round", json_int(qn, "round_number"), "responses",
		                         json_int(qn, "responses")),
		               e);
	}
	json_decref(qn);
	return app_finish(s, st, e);
}

/* Whether the questionnaire (a store row) takes answers now. */
static bool takes_answers(const json_t *qn)
{
	return strcmp(json_text(qn, "status"), "open") == 0 &&
	       strcmp(json_text(qn, "round_status"), "open") == 0;
}

enum status consult_questionnaire_get(struct store *s, int64_t questionnaire_id, json_t **out,
                                      struct error *e)
{
	*out = NULL;
	json_t *qn, *questions;
	enum status st = store_questionnaire_get(s, questionnaire_id, &qn, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_questions(s, questionnaire_id, &questions, e)) != STATUS_OK) {
		json_decref(qn);
		return st;
	}
	json_object_set_new(qn, "open", json_boolean(takes_answers(qn)));
	json_object_set_new(qn, "questions", questions);
	*out = qn;
	return STATUS_OK;
}

/* --- answers --- */

/* An option's index: a whole number, or its digits as text. */
static bool option_index(const json_t *v, long long *out)
{
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out >= 0;
	}
	const char *t = json_string_value(v);
	size_t n = t ? strlen(t) : 0;
	if (n == 0 || n > 9 || strspn(t, "0123456789") != n)
		return false;
	*out = strtoll(t, NULL, 10);
	return true;
}

static const json_t *question_by_id(const json_t *questions, const char *key)
{
	size_t n = strlen(key);
	if (n == 0 || n > 18 || strspn(key, "0123456789") != n)
		return NULL;
	long long id = strtoll(key, NULL, 10);
	size_t i;
	json_t *q;
	json_array_foreach(questions, i, q)
		if (json_int(q, "id") == id)
			return q;
	return NULL;
}

/* Whether a value says nothing: an unanswered question. */
static bool blank(const json_t *v)
{
	if (!v || json_is_null(v))
		return true;
	if (json_is_array(v))
		return json_array_size(v) == 0;
	const char *t = json_string_value(v);
	if (!t)
		return false;
	json_t *tt = trimmed(t, strlen(t));
	bool empty = json_string_length(tt) == 0;
	json_decref(tt);
	return empty;
}

/* The answers as [[question id, value as stored], ...] into *pairs (the
 * caller's), each checked against its question. */
static enum status read_answers(const json_t *questions, const json_t *answers, json_t **pairs,
                                size_t *answered, struct error *e)
{
	*pairs = json_array();
	*answered = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)answers, key, v) {
		const json_t *q = question_by_id(questions, key);
		if (!q) {
			json_decref(*pairs);
			*pairs = NULL;
			return error_set(e, STATUS_INVALID, "answers",
			                 "'%.40s' is not a question of this questionnaire", key);
		}
		if (blank(v))
			continue;
		int pos = (int)json_int(q, "pos");
		const char *kind = json_text(q, "kind");
		size_t nopts = json_array_size(json_object_get(q, "options"));
		enum status st = STATUS_OK;
		if (strcmp(kind, "text") == 0) {
			const char *t = json_string_value(v);
			size_t n = t ? strlen(t) : 0;
			if (!t)
				st = error_set(e, STATUS_INVALID, "answers",
				               "question %d: a free-text answer is text", pos);
			else if (utf8_invalid_at(t, n) != n)
				st = error_set(e, STATUS_INVALID, "answers",
				               "question %d: the answer is not valid UTF-8", pos);
			else if (n > CONSULT_ANSWER_MAX)
				st = error_set(e, STATUS_INVALID, "answers",
				               "question %d: the answer is longer than %d bytes", pos,
				               CONSULT_ANSWER_MAX);
			else
				json_array_append_new(*pairs, json_pack("[I, s]", json_int(q, "id"), t));
		} else {
			bool multiple = strcmp(kind, "multiple") == 0;
			json_t *chosen = json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
			if (!multiple && json_array_size(chosen) != 1)
				st = error_set(e, STATUS_INVALID, "answers",
				               "question %d: a single choice takes one option", pos);
			size_t i;
			json_t *c;
			unsigned char seen[CONSULT_OPTIONS_MAX] = {0};
			json_array_foreach(chosen, i, c) {
				long long idx;
				if (st != STATUS_OK)
					break;
				if (!option_index(c, &idx) || idx >= (long long)nopts)
					st = error_set(e, STATUS_INVALID, "answers",
					               "question %d: an answer is the index of one of its %zu "
					               "options, 0 to %zu",
					               pos, nopts, nopts - 1);
				else if (seen[idx]++)
					st = error_set(e, STATUS_INVALID, "answers",
					               "question %d: option %lld is chosen twice", pos, idx);
				else {
					char text[24];
					snprintf(text, sizeof text, "%lld", idx);
					json_array_append_new(*pairs, json_pack("[I, s]", json_int(q, "id"), text));
				}
			}
			json_decref(chosen);
		}
		if (st != STATUS_OK) {
			json_decref(*pairs);
			*pairs = NULL;
			return st;
		}
		(*answered)++;
	}
	if (*answered == 0) {
		json_decref(*pairs);
		*pairs = NULL;
		return error_set(e, STATUS_INVALID, "answers", "answer at least one question");
	}
	return STATUS_OK;
}

static bool is_key(const char *k)
{
	return k && strlen(k) == 64 && strspn(k, "0123456789abcdef") == 64;
}

/* The key of an anonymous respondent: a keyed BLAKE2b of the client's
 * address, the questionnaire's salt the key. */
static void respondent_key(const char *client, const char *salt, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)client, strlen(client),
	                   (const unsigned char *)salt, strlen(salt));
	sodium_bin2hex(out, 65, h, sizeof h);
}

enum status consult_answer(struct store *s, const struct actor *who, int64_t questionnaire_id,
                           const char *town, struct respondent *r, const json_t *answers,
                           int64_t *response_id, struct error *e)
{
	*response_id = 0;
	if (r)
		r->key[0] = '\0';
	if (!json_is_object(answers))
		return error_set(e, STATUS_INVALID, "answers",
		                 "the answers are an object {question id: answer}");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *qn = NULL, *questions = NULL, *pairs = NULL, *rt = NULL;
	char key[80] = "", salt[65] = "";
	int given = 0;
	size_t answered = 0;
	bool public = false;
	if ((st = store_questionnaire_get(s, questionnaire_id, &qn, e)) != STATUS_OK)
		goto done;
	if (strcmp(json_text(qn, "status"), "open") != 0) {
		st = error_set(e, STATUS_CONFLICT, "questionnaire",
		               "questionnaire %lld is closed; it takes no more answers",
		               (long long)questionnaire_id);
		goto done;
	}
	if (strcmp(json_text(qn, "round_status"), "open") != 0) {
		st = error_set(e, STATUS_CONFLICT, "round",
		               "review round %lld is closed; its questionnaires take no more answers",
		               (long long)json_int(qn, "round_number"));
		goto done;
	}
	public = strcmp(json_text(qn, "audience"), "public") == 0;
	if (!public) {
		enum role role = app_role(who);
		if (role == ROLE_PUBLIC) {
			st = error_set(e, STATUS_UNAUTHENTICATED, NULL,
			               "this questionnaire is addressed to towns: log in as the town's user");
			goto done;
		}
		if (role != ROLE_TOWNSHIP) {
			st = error_set(e, STATUS_FORBIDDEN, NULL,
			               "only towns answer a questionnaire addressed to towns");
			goto done;
		}
		if (town && *town && strcmp(town, who->town) != 0) {
			st = error_set(e, STATUS_FORBIDDEN, "town",
			               "a town answers only for itself (%s)", who->town);
			goto done;
		}
		st = store_round_town(s, json_int(qn, "round_id"), who->town, &rt, e);
		if (st == STATUS_NOT_FOUND) {
			st = error_set(e, STATUS_FORBIDDEN, "town",
			               "town %s is not in review round %lld, which asks the towns", who->town,
			               (long long)json_int(qn, "round_number"));
			goto done;
		}
		if (st != STATUS_OK)
			goto done;
		snprintf(key, sizeof key, "town:%s", who->town);
		st = store_responses_count(s, questionnaire_id, key, NULL, &given, e);
	} else {
		assert(r); /* a public questionnaire needs to know who answers */
		if ((st = store_questionnaire_salt(s, questionnaire_id, salt, e)) != STATUS_OK)
			goto done;
		respondent_key(r->client ? r->client : "", salt, key);
		/* The cookie's key, when it is one this questionnaire knows, stays
		 * the respondent's across addresses; the address's key counts
		 * whatever the cookie says, so dropping or forging the cookie
		 * never gives more answers. */
		const char *cookie = is_key(r->cookie) && strcmp(r->cookie, key) != 0 ? r->cookie : NULL;
		int known = 0;
		if (cookie && (st = store_responses_count(s, questionnaire_id, cookie, NULL, &known, e)) !=
		                      STATUS_OK)
			goto done;
		if ((st = store_responses_count(s, questionnaire_id, key, cookie, &given, e)) !=
		    STATUS_OK)
			goto done;
		if (known)
			snprintf(key, sizeof key, "%s", cookie);
	}
	if (st != STATUS_OK)
		goto done;
	if (given >= json_int(qn, "per_client")) {
		char whom[64];
		if (public)
			snprintf(whom, sizeof whom, "this client");
		else
			snprintf(whom, sizeof whom, "town %s", who->town);
		st = error_set(e, STATUS_CONFLICT, "respondent",
		               "%s has given %d response%s already, as many as this questionnaire "
		               "takes from one respondent",
		               whom, given, given == 1 ? "" : "s");
		goto done;
	}
	if ((st = store_questions(s, questionnaire_id, &questions, e)) != STATUS_OK ||
	    (st = read_answers(questions, answers, &pairs, &answered, e)) != STATUS_OK ||
	    (st = store_response_add(s, questionnaire_id, key, response_id, e)) != STATUS_OK)
		goto done;
	size_t i;
	json_t *p;
	json_array_foreach(pairs, i, p) {
		st = store_answer_add(s, *response_id, json_integer_value(json_array_get(p, 0)),
		                      json_string_value(json_array_get(p, 1)), e);
		if (st != STATUS_OK)
			goto done;
	}
	char object[48];
	snprintf(object, sizeof object, "questionnaire:%lld", (long long)questionnaire_id);
	static const struct actor anonymous = {CONSULT_ANONYMOUS, "public", "", ""};
	json_t *detail = json_pack("{s:I, s:I, s:I}", "round", json_int(qn, "round_number"), "response",
	                           (json_int_t)*response_id, "answered", (json_int_t)answered);
	if (!public)
		json_object_set_new(detail, "town", json_string(who->town));
	st = app_audit(s, public ? &anonymous : who, "consult.answer", object, detail, e);
done:
	json_decref(qn);
	json_decref(questions);
	json_decref(pairs);
	json_decref(rt);
	sodium_memzero(salt, sizeof salt);
	st = app_finish(s, st, e);
	if (st != STATUS_OK)
		*response_id = 0;
	else if (r && public)
		snprintf(r->key, sizeof r->key, "%.64s", key);
	return st;
}

/* --- results --- */

enum status consult_results(struct store *s, int64_t questionnaire_id, json_t **out,
                            struct error *e)
{
	*out = NULL;
	json_t *qn = NULL, *tally = NULL, *texts = NULL;
	enum status st = consult_questionnaire_get(s, questionnaire_id, &qn, e);
	if (st == STATUS_OK)
		st = store_tally(s, questionnaire_id, &tally, e);
	if (st == STATUS_OK)
		st = store_text_answers(s, questionnaire_id, &texts, e);
	if (st != STATUS_OK) {
		json_decref(qn);
		json_decref(tally);
		return st;
	}
	size_t i, k;
	json_t *q, *row;
	json_array_foreach(json_object_get(qn, "questions"), i, q) {
		int64_t id = json_int(q, "id");
		json_int_t answered = json_integer_value(json_object_get(q, "answered"));
		if (strcmp(json_text(q, "kind"), "text") == 0) {
			json_t *list = json_array();
			json_array_foreach(texts, k, row)
				if (json_int(row, "question_id") == id)
					json_array_append_new(
						list, json_pack("{s:O, s:O, s:O}", "value",
					                        json_object_get(row, "value"), "town",
					                        json_object_get(row, "town"), "created_at",
					                        json_object_get(row, "created_at")));
			json_object_set_new(q, "answers", list);
			continue;
		}
		json_t *texts_of = json_object_get(q, "options"), *options = json_array();
		json_t *o;
		json_array_foreach(texts_of, k, o)
			json_array_append_new(options, json_pack("{s:I, s:O, s:I, s:I}", "index",
			                                         (json_int_t)k, "text", o, "count",
			                                         (json_int_t)0, "percent", (json_int_t)0));
		json_array_foreach(tally, k, row) {
			json_int_t opt = json_integer_value(json_object_get(row, "option"));
			json_t *target = json_int(row, "question_id") == id && opt >= 0
			                         ? json_array_get(options, (size_t)opt)
			                         : NULL;
			if (!target)
				continue;
			json_int_t count = json_integer_value(json_object_get(row, "count"));
			json_object_set_new(target, "count", json_integer(count));
			json_object_set_new(target, "percent",
			                    json_integer(answered ? (count * 100 + answered / 2) / answered
			                                          : 0));
		}
		json_object_set_new(q, "options", options);
	}
	json_decref(tally);
	json_decref(texts);
	*out = qn;
	return STATUS_OK;
}
