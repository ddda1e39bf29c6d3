/* screen.h - the document-screening engine (防护屏障): finds the
 * sentences of a notice that give towns work and matches that work
 * against the towns' duty lists (一镇一单).
 *
 * No I/O here: the caller reads the file, converts it to UTF-8 and hands
 * over the text and the towns' lists.  Every offset is a byte offset into
 * the text given to screen_text.  See docs/screening.md. */
#ifndef DUTYLIST_SCREEN_SCREEN_H
#define DUTYLIST_SCREEN_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/catalog.h"

enum screen_verdict { SCREEN_BASIC, SCREEN_ASSIST, SCREEN_RECLAIMED, SCREEN_OUT_OF_LIST };
extern const char *const screen_verdict_key[4]; /* "basic", ..., "out_of_list" */

/* A town with its list: the tasks on it, each with its part (list_type). */
struct screen_town {
	const char *code, *name;
	const char *const *tags;
	size_t ntags;
	const struct task *const *tasks;
	size_t ntasks;
};

struct screen_catalog {
	/* Every task known (to tell "fits a task not on this town's list"). */
	const struct task *const *tasks;
	size_t ntasks;
	const struct screen_town *towns;
	size_t ntowns;
};

/* A byte range [offset, offset + length). */
struct screen_span {
	size_t offset, length;
};

/* Splits text into sentences (at 。！？!? and line ends; surrounding
 * spaces left out).  Returns the count; *out is malloc'd (NULL when none
 * or out of memory; free it). */
size_t screen_sentences(const char *text, size_t len, struct screen_span **out);
/* Splits one sentence span into clauses (at ，,；;：:). */
size_t screen_clauses(const char *text, struct screen_span sentence, struct screen_span **out);

/* NFKC (full width to half width), as a malloc'd NUL-terminated string;
 * NULL when s is not valid UTF-8.  Invalid input is never read past len. */
char *screen_normalize(const char *s, size_t len);

struct screen_engine;
/* Prepares the tasks' words; NULL when out of memory.  The catalogue must
 * outlive the engine. */
struct screen_engine *screen_engine_new(const struct screen_catalog *c);
void screen_engine_free(struct screen_engine *en);
/* For the tests: with `on`, every candidate task of a piece of work is
 * scored exactly, and none is left out by a bound, stood for by another
 * that scores alike, or given a score kept from another: the reference
 * that the search's findings must equal (tests/unit/test_screen_search.c). */
void screen_engine_set_exhaustive(struct screen_engine *en, bool on);

/* How well the work in `work` fits the task, 0..1 (action and object
 * both count). */
double screen_task_score(const struct screen_engine *en, const char *work, const struct task *t);

struct screen_finding {
	struct screen_span sentence, evidence;
	const char **towns; /* town codes */
	size_t ntowns;
	enum screen_verdict verdict;
	const struct task *task; /* NULL: no task fits */
	/* out_of_list only: the task that fits but is not on the list of the
	 * town(s) (一镇一单), or NULL */
	const struct task *unlisted;
	double score;
	bool low_confidence;
};

struct screen_result {
	struct screen_finding *findings;
	size_t nfindings;
	size_t sentences;
	/* pieces of work given to towns, one finding each; a sentence that
	 * gives two (…，同时做好…) counts twice, so this may exceed sentences */
	size_t assignments;
	size_t counts[4]; /* by verdict */
};

/* Screens text (UTF-8).  only_town: screen for that town alone, or NULL.
 * Returns false when out of memory. */
bool screen_text(const struct screen_engine *en, const char *only_town, const char *text,
                 size_t len, struct screen_result *out);
void screen_result_free(struct screen_result *r);

/* Finds the towns a clause gives work to; exposed for the tests.  Returns
 * true when the (normalised) sentence is an assignment to towns, and sets
 * the towns' indexes in `which` (ntowns flags). */
bool screen_is_assignment(const struct screen_engine *en, const char *sentence, bool *which);

#endif
