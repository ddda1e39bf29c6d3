#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/date.h"

/* Sorted views by code: each entity kind gets a comparator, a lookup and a
 * builder; FIELD and COUNT name its array in struct catalog_index. */
#define DEFINE_INDEX(NAME, TYPE, FIELD, COUNT)                                     \
	static int cmp_##NAME(const void *a, const void *b)                        \
	{                                                                          \
		return strcmp((*(const TYPE *const *)a)->code,                     \
		              (*(const TYPE *const *)b)->code);                    \
	}                                                                          \
	const TYPE *index_##NAME(const struct catalog_index *ix, const char *code) \
	{                                                                          \
		if (!code || !ix->COUNT)                                           \
			return NULL;                                               \
		TYPE key = {.code = code};                                         \
		const TYPE *kp = &key;                                             \
		const TYPE *const *hit = bsearch(&kp, ix->FIELD, ix->COUNT,        \
		                                 sizeof *ix->FIELD, cmp_##NAME);   \
		return hit ? *hit : NULL;                                          \
	}                                                                          \
	static const TYPE **sorted_##NAME(const TYPE *v, size_t n)                 \
	{                                                                          \
		const TYPE **p = xmalloc(n * sizeof *p);                           \
		for (size_t i = 0; i < n; i++)                                     \
			p[i] = &v[i];                                              \
		if (n)                                                             \
			qsort(p, n, sizeof *p, cmp_##NAME);                        \
		return p;                                                          \
	}

DEFINE_INDEX(town, struct town, towns, ntowns)
DEFINE_INDEX(department, struct department, departments, ndepartments)
DEFINE_INDEX(basis, struct basis, bases, nbases)
DEFINE_INDEX(task, struct task, tasks, ntasks)

void catalog_index_build(struct catalog_index *ix, const struct catalog *c)
{
	ix->towns = sorted_town(c->towns, c->ntowns);
	ix->ntowns = c->ntowns;
	ix->departments = sorted_department(c->departments, c->ndepartments);
	ix->ndepartments = c->ndepartments;
	ix->bases = sorted_basis(c->bases, c->nbases);
	ix->nbases = c->nbases;
	ix->tasks = sorted_task(c->tasks, c->ntasks);
	ix->ntasks = c->ntasks;
}

void catalog_index_free(struct catalog_index *ix)
{
	free(ix->towns);
	free(ix->departments);
	free(ix->bases);
	free(ix->tasks);
	memset(ix, 0, sizeof *ix);
}

/* Duplicates: sort (code, position) pairs and report each repeat at its
 * own line, naming the line of the first. */
struct keyed {
	const char *key;
	const struct source *src;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return (x->src->line > y->src->line) - (x->src->line < y->src->line);
}

static void report_duplicates(struct keyed *v, size_t n, const char *column, struct diag *d)
{
	if (n < 2)
		return;
	qsort(v, n, sizeof *v, cmp_keyed);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (first > 0 && strcmp(v[first - 1].key, v[i].key) == 0)
			first--;
		if (strcmp(v[i - 1].key, v[i].key) == 0 && v[i].src->file &&
		    v[first].src->file && strcmp(v[i].src->file, v[first].src->file) == 0)
			diag_add(d, v[i].src->file, v[i].src->line, column,
			         "duplicate %s %s (first at line %ld)", column, v[i].key,
			         v[first].src->line);
	}
}

#define COLLECT(ARR, N, KEY)                                   \
	do {                                                   \
		v = xrealloc(v, (c->N ? c->N : 1) * sizeof *v); \
		for (size_t i = 0; i < c->N; i++)              \
			v[i] = (struct keyed){c->ARR[i].KEY, &c->ARR[i].src}; \
	} while (0)

void catalog_check_duplicates(const struct catalog *c, struct diag *d)
{
	struct keyed *v = NULL;
	COLLECT(towns, ntowns, code);
	report_duplicates(v, c->ntowns, "code", d);
	COLLECT(departments, ndepartments, code);
	report_duplicates(v, c->ndepartments, "code", d);
	COLLECT(bases, nbases, code);
	report_duplicates(v, c->nbases, "code", d);
	COLLECT(tasks, ntasks, code);
	report_duplicates(v, c->ntasks, "code", d);
	COLLECT(guides, nguides, task);
	report_duplicates(v, c->nguides, "task", d);
	COLLECT(calendar, ncalendar, date);
	report_duplicates(v, c->ncalendar, "date", d);
	free(v);
}

/* Overlay one kind: first find every target position (the base array may
 * move while rows are appended), then replace or append. */
#define OVERLAY(ARR, N, ADD, LOOKUP, KEEP_IDS)                                  \
	do {                                                                    \
		size_t *pos = xmalloc((over->N ? over->N : 1) * sizeof *pos);   \
		for (size_t i = 0; i < over->N; i++) {                          \
			const void *hit = LOOKUP;                               \
			pos[i] = hit ? (size_t)((const char *)hit -             \
			                        (const char *)base->ARR) /      \
			                   sizeof *base->ARR                    \
			             : (size_t)-1;                              \
		}                                                               \
		for (size_t i = 0; i < over->N; i++) {                          \
			if (pos[i] == (size_t)-1) {                             \
				*ADD(base) = over->ARR[i];                      \
			} else {                                                \
				__typeof__(base->ARR[0]) *dst = &base->ARR[pos[i]]; \
				__typeof__(base->ARR[0]) row = over->ARR[i];    \
				KEEP_IDS;                                       \
				*dst = row;                                     \
			}                                                       \
		}                                                               \
		free(pos);                                                      \
	} while (0)

static const struct guide *find_guide(const struct catalog *c, const char *task)
{
	for (size_t i = 0; i < c->nguides; i++)
		if (strcmp(c->guides[i].task, task) == 0)
			return &c->guides[i];
	return NULL;
}

static const struct calendar_entry *find_day(const struct catalog *c, const char *date)
{
	for (size_t i = 0; i < c->ncalendar; i++)
		if (strcmp(c->calendar[i].date, date) == 0)
			return &c->calendar[i];
	return NULL;
}

void catalog_overlay(struct catalog *base, const struct catalog *over)
{
	struct catalog_index ix;
	catalog_index_build(&ix, base);
	OVERLAY(towns, ntowns, catalog_add_town, index_town(&ix, over->towns[i].code),
	        row.id = dst->id);
	OVERLAY(departments, ndepartments, catalog_add_department,
	        index_department(&ix, over->departments[i].code), row.id = dst->id);
	OVERLAY(bases, nbases, catalog_add_basis, index_basis(&ix, over->bases[i].code),
	        row.id = dst->id);
	OVERLAY(tasks, ntasks, catalog_add_task, index_task(&ix, over->tasks[i].code),
	        (row.id = dst->id, row.rev_id = dst->rev_id));
	catalog_index_free(&ix);
	/* Guides and calendar days are few per catalogue: a scan will do. */
	OVERLAY(guides, nguides, catalog_add_guide, find_guide(base, over->guides[i].task),
	        (void)0);
	OVERLAY(calendar, ncalendar, catalog_add_calendar,
	        find_day(base, over->calendar[i].date), (void)0);
}

static bool basis_in_force(const struct basis *b)
{
	return b && strcmp(b->status, BASIS_IN_FORCE) == 0;
}

bool task_has_basis_in_force(const struct task *t, const struct catalog_index *ix)
{
	for (size_t i = 0; i < t->nbases; i++)
		if (basis_in_force(index_basis(ix, t->bases[i].basis)))
			return true;
	return false;
}

/* The basis rule for one task.  A stored task broken by an imported basis
 * is reported at the basis's line, since that row is what the import
 * changed. */
static void check_task_bases(const struct task *t, const struct catalog_index *ix,
                             struct diag *d)
{
	bool resolved = true;
	for (size_t i = 0; i < t->nbases; i++) {
		if (!index_basis(ix, t->bases[i].basis)) {
			resolved = false;
			diag_add(d, t->src.file, t->src.line, "bases",
			         "basis %s does not exist", t->bases[i].basis);
		}
	}
	if (!resolved || t->nbases == 0 || task_has_basis_in_force(t, ix))
		return;
	if (t->src.file) {
		struct buf why = {0};
		for (size_t i = 0; i < t->nbases; i++)
			buf_printf(&why, "%s%s is repealed (已废止)", i ? ", " : "",
			           t->bases[i].basis);
		diag_add(d, t->src.file, t->src.line, "bases",
		         "%s; a task needs a basis in force (现行有效)", buf_str(&why));
		buf_free(&why);
		return;
	}
	for (size_t i = 0; i < t->nbases; i++) {
		const struct basis *b = index_basis(ix, t->bases[i].basis);
		if (b->src.file)
			diag_add(d, b->src.file, b->src.line, "status",
			         "repealing %s would leave task %s without a basis in force; "
			         "repeal it through an adjustment (运行调整), not an import",
			         b->code, t->code);
	}
}

static void check_task(const struct task *t, const struct catalog_index *ix, struct diag *d)
{
	const char *file = t->src.file;
	check_task_bases(t, ix, d);
	if (!file) /* a stored task: only its bases can be broken from outside */
		return;
	const char *prefix = category_info[t->category].prefix;
	if (strncmp(t->code, prefix, strlen(prefix)) != 0)
		diag_add(d, file, t->src.line, "code",
		         "%s does not start with %s, the prefix of category %s", t->code, prefix,
		         category_info[t->category].name);
	bool needs_lead = t->list_type != LIST_BASIC;
	if (needs_lead && !*t->lead_department)
		diag_add(d, file, t->src.line, "lead_department",
		         "required for %s: name the department that leads",
		         list_type_info[t->list_type].name);
	else if (!needs_lead && *t->lead_department)
		diag_add(d, file, t->src.line, "lead_department",
		         "must be empty for 基本履职 (the town leads)");
	else if (needs_lead && !index_department(ix, t->lead_department))
		diag_add(d, file, t->src.line, "lead_department", "department %s does not exist",
		         t->lead_department);
	for (size_t i = 0; i < t->napplies; i++)
		if (t->applies[i].kind == SELECT_TOWN && !index_town(ix, t->applies[i].value))
			diag_add(d, file, t->src.line, "applies_to", "town %s does not exist",
			         t->applies[i].value);
}

static void check_guide(const struct guide *g, const struct catalog_index *ix, struct diag *d)
{
	if (!g->src.file)
		return;
	const struct task *t = index_task(ix, g->task);
	if (!t)
		diag_add(d, g->src.file, g->src.line, "task", "task %s does not exist", g->task);
	else if (!t->public_service)
		diag_add(d, g->src.file, g->src.line, "task",
		         "task %s is not a public-service item (public_service 否); only those "
		         "have service guides",
		         g->task);
}

static void check_day(const struct calendar_entry *day, struct diag *d)
{
	long n;
	if (!day->src.file || !date_parse(day->date, &n))
		return;
	bool weekend = date_weekday(n) >= 6;
	if (strcmp(day->kind, "班") == 0 && !weekend)
		diag_add(d, day->src.file, day->src.line, "kind",
		         "%s is a weekday; 班 marks a weekend day made a working day", day->date);
}

void catalog_validate(const struct catalog *c, struct diag *d)
{
	struct catalog_index ix;
	catalog_index_build(&ix, c);
	for (size_t i = 0; i < c->ntasks; i++)
		check_task(&c->tasks[i], &ix, d);
	for (size_t i = 0; i < c->nguides; i++)
		check_guide(&c->guides[i], &ix, d);
	for (size_t i = 0; i < c->ncalendar; i++)
		check_day(&c->calendar[i], d);
	catalog_index_free(&ix);
}
