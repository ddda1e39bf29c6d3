/* catalog.h - the duty catalogue: towns, departments, legal bases, task
 * items, service guides and the holiday calendar, as plain structs.
 *
 * A struct catalog owns everything in it through its arena: strings and
 * arrays live until catalog_free.  Every entity remembers where it came
 * from (file and line of an import, or nothing when it was read from the
 * store), so that a rule broken by an import is reported at its line. */
#ifndef DUTYLIST_CORE_CATALOG_H
#define DUTYLIST_CORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/err.h"

struct buf;

/* The six categories of the pilot, in their fixed order. */
enum category {
	CATEGORY_PARTY,      /* DJ 基层党建 */
	CATEGORY_ECONOMY,    /* JJ 经济发展 */
	CATEGORY_GOVERNANCE, /* ZL 社会治理 */
	CATEGORY_CULTURE,    /* WH 文化建设 */
	CATEGORY_ECOLOGY,    /* ST 生态环境保护 */
	CATEGORY_SERVICE,    /* GF 公共服务 */
	CATEGORY_COUNT
};

/* The three parts of a town's list (履职方式). */
enum list_type {
	LIST_BASIC,     /* 基本履职: the town leads */
	LIST_ASSIST,    /* 配合履职: a department leads, the town assists */
	LIST_RECLAIMED, /* 上级部门收回: a department took it back */
	LIST_TYPE_COUNT
};

struct category_info {
	const char *prefix;  /* code prefix, "DJ" */
	const char *name;    /* 基层党建 */
	const char *name_en; /* Party building */
};
extern const struct category_info category_info[CATEGORY_COUNT];

struct list_type_info {
	const char *name;    /* 基本履职 */
	const char *key;     /* basic: the JSON and URL spelling */
	const char *name_en;
};
extern const struct list_type_info list_type_info[LIST_TYPE_COUNT];

#define BASIS_IN_FORCE "现行有效"
#define BASIS_REPEALED "已废止"

/* Each returns -1 for a name that is not one of the values. */
int category_from_name(const char *name);
int list_type_from_name(const char *name);
/* The closed value sets of the exchange format; each returns true when
 * `value` is one of them. */
bool town_kind_valid(const char *value);
bool basis_kind_valid(const char *value);
bool basis_level_valid(const char *value);
bool basis_status_valid(const char *value);
/* The allowed values of an enumerated column, joined by " / ", for
 * messages. */
const char *town_kind_values(void);
const char *basis_kind_values(void);
const char *basis_level_values(void);

struct source {
	const char *file; /* NULL: read from the store */
	long line;
};

struct town {
	struct source src;
	int64_t id; /* store id, 0 when new */
	const char *code, *name, *kind;
	int64_t population;
	double area_km2;
	const char **tags;
	size_t ntags;
};

struct department {
	struct source src;
	int64_t id;
	const char *code, *name, *dispatched_agency;
};

struct basis {
	struct source src;
	int64_t id;
	const char *code, *kind, *title, *doc_no, *issuer, *level, *effective_date, *status;
};

/* One basis a task cites, with its article (条款), "" when none. */
struct citation {
	const char *basis;
	const char *article;
};

/* One selector of a task's applies_to: 全部, tag:TAG or town:CODE. */
enum selector_kind { SELECT_ALL, SELECT_TAG, SELECT_TOWN };
struct selector {
	enum selector_kind kind;
	const char *value; /* the tag or town code; NULL for SELECT_ALL */
};

struct task {
	struct source src;
	int64_t id;     /* store id of the task, 0 when new */
	int64_t rev_id; /* store id of its current revision, 0 when new */
	const char *code;
	enum category category;
	const char *duty, *name;
	enum list_type list_type;
	const char *lead_department; /* department code, "" for 基本履职 */
	const char *township_part, *department_part;
	bool public_service;
	struct selector *applies;
	size_t napplies;
	struct citation *bases;
	size_t nbases;
	const char **keywords;
	size_t nkeywords;
};

struct guide_step {
	const char *name, *who;
	int days;
};

struct guide {
	struct source src;
	const char *task; /* task code */
	const char *title, *conditions;
	const char **materials;
	size_t nmaterials;
	struct guide_step *steps;
	size_t nsteps;
	int time_limit_days;
	const char *fee, *place, *phone;
};

struct calendar_entry {
	struct source src;
	const char *date; /* YYYY-MM-DD */
	const char *kind; /* 休 or 班 */
	const char *name;
};

struct catalog {
	struct arena arena;
	struct town *towns;
	size_t ntowns, ctowns;
	struct department *departments;
	size_t ndepartments, cdepartments;
	struct basis *bases;
	size_t nbases, cbases;
	struct task *tasks;
	size_t ntasks, ctasks;
	struct guide *guides;
	size_t nguides, cguides;
	struct calendar_entry *calendar;
	size_t ncalendar, ccalendar;
};

/* Each returns a new zeroed entity at the end of its array; the pointer
 * is valid until the next add of the same kind. */
struct town *catalog_add_town(struct catalog *c);
struct department *catalog_add_department(struct catalog *c);
struct basis *catalog_add_basis(struct catalog *c);
struct task *catalog_add_task(struct catalog *c);
struct guide *catalog_add_guide(struct catalog *c);
struct calendar_entry *catalog_add_calendar(struct catalog *c);
void catalog_free(struct catalog *c);

/* Splits text on sep into trimmed, non-empty parts allocated in the arena.
 * Returns the count; *parts is NULL when there are none. */
size_t split_list(struct arena *a, const char *text, char sep, const char ***parts);

/* Parses an applies_to value.  Returns STATUS_INVALID with a message naming
 * the bad selector. */
enum status applies_parse(struct arena *a, const char *text, struct selector **sel,
                          size_t *n, struct error *e) MUST_USE;
/* Writes the selectors back in exchange form ("全部", "tag:林区;town:X"). */
void applies_format(const struct selector *sel, size_t n, struct buf *out);
/* True when any selector of the task selects the town (一镇一单). */
bool task_applies_to(const struct task *t, const struct town *town);

/* True when the two tasks say the same thing (ids and source aside): an
 * import that changes nothing makes no new revision. */
bool task_same_content(const struct task *a, const struct task *b);

#endif
