#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

const struct category_info category_info[CATEGORY_COUNT] = {
	[CATEGORY_PARTY] = {"DJ", "基层党建", "Party building"},
	[CATEGORY_ECONOMY] = {"JJ", "经济发展", "Economic development"},
	[CATEGORY_GOVERNANCE] = {"ZL", "社会治理", "Social governance"},
	[CATEGORY_CULTURE] = {"WH", "文化建设", "Culture"},
	[CATEGORY_ECOLOGY] = {"ST", "生态环境保护", "Ecological protection"},
	[CATEGORY_SERVICE] = {"GF", "公共服务", "Public services"},
};

const struct list_type_info list_type_info[LIST_TYPE_COUNT] = {
	[LIST_BASIC] = {"基本履职", "basic", "Basic duties (town leads)"},
	[LIST_ASSIST] = {"配合履职", "assist", "Assisting duties (department leads)"},
	[LIST_RECLAIMED] = {"上级部门收回", "reclaimed", "Reclaimed by departments"},
};

static const char *const town_kinds[] = {"镇", "乡", "民族乡", "街道", NULL};
static const char *const basis_kinds[] = {"法律", "行政法规", "党内法规", "地方性法规",
                                          "部门规章", "规范性文件", NULL};
static const char *const basis_levels[] = {"国家", "省", "市", "县", NULL};

int category_from_name(const char *name)
{
	for (int i = 0; i < CATEGORY_COUNT; i++)
		if (strcmp(category_info[i].name, name) == 0)
			return i;
	return -1;
}

int list_type_from_name(const char *name)
{
	for (int i = 0; i < LIST_TYPE_COUNT; i++)
		if (strcmp(list_type_info[i].name, name) == 0)
			return i;
	return -1;
}

static bool in_set(const char *const *set, const char *value)
{
	for (; *set; set++)
		if (strcmp(*set, value) == 0)
			return true;
	return false;
}

bool town_kind_valid(const char *value) { return in_set(town_kinds, value); }
bool basis_kind_valid(const char *value) { return in_set(basis_kinds, value); }
bool basis_level_valid(const char *value) { return in_set(basis_levels, value); }

bool basis_status_valid(const char *value)
{
	return strcmp(value, BASIS_IN_FORCE) == 0 || strcmp(value, BASIS_REPEALED) == 0;
}

const char *town_kind_values(void) { return "镇 / 乡 / 民族乡 / 街道"; }
const char *basis_kind_values(void)
{
	return "法律 / 行政法规 / 党内法规 / 地方性法规 / 部门规章 / 规范性文件";
}
const char *basis_level_values(void) { return "国家 / 省 / 市 / 县"; }

/* Grows an array so that it can take one more element. */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(v, *cap * size);
}

#define CATALOG_ADD(arr, n, cap)                                          \
	do {                                                              \
		c->arr = grow(c->arr, c->n, &c->cap, sizeof *c->arr);     \
		memset(&c->arr[c->n], 0, sizeof *c->arr);                 \
		return &c->arr[c->n++];                                   \
	} while (0)

struct town *catalog_add_town(struct catalog *c) { CATALOG_ADD(towns, ntowns, ctowns); }
struct department *catalog_add_department(struct catalog *c)
{
	CATALOG_ADD(departments, ndepartments, cdepartments);
}
struct basis *catalog_add_basis(struct catalog *c) { CATALOG_ADD(bases, nbases, cbases); }
struct task *catalog_add_task(struct catalog *c) { CATALOG_ADD(tasks, ntasks, ctasks); }
struct guide *catalog_add_guide(struct catalog *c) { CATALOG_ADD(guides, nguides, cguides); }
struct calendar_entry *catalog_add_calendar(struct catalog *c)
{
	CATALOG_ADD(calendar, ncalendar, ccalendar);
}

void catalog_free(struct catalog *c)
{
	free(c->towns);
	free(c->departments);
	free(c->bases);
	free(c->tasks);
	free(c->guides);
	free(c->calendar);
	arena_free(&c->arena);
	memset(c, 0, sizeof *c);
}

size_t split_list(struct arena *a, const char *text, char sep, const char ***parts)
{
	*parts = NULL;
	size_t count = 1;
	for (const char *p = text; *p; p++)
		count += *p == sep;
	const char **v = arena_alloc(a, count * sizeof *v);
	size_t n = 0;
	const char *start = text;
	for (;;) {
		const char *end = strchr(start, sep);
		if (!end)
			end = start + strlen(start);
		const char *s = start, *e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s)
			v[n++] = arena_strndup(a, s, (size_t)(e - s));
		if (!*end)
			break;
		start = end + 1;
	}
	if (n)
		*parts = v;
	return n;
}

#define APPLIES_ALL "全部"

enum status applies_parse(struct arena *a, const char *text, struct selector **sel,
                          size_t *n, struct error *e)
{
	const char **parts;
	size_t count = split_list(a, text, ';', &parts);
	*sel = NULL;
	*n = 0;
	if (count == 0)
		return error_set(e, STATUS_INVALID, "applies_to",
		                 "empty; write 全部, or selectors tag:TAG or town:CODE");
	struct selector *v = arena_alloc(a, count * sizeof *v);
	for (size_t i = 0; i < count; i++) {
		const char *p = parts[i];
		if (strcmp(p, APPLIES_ALL) == 0) {
			if (count > 1)
				return error_set(e, STATUS_INVALID, "applies_to",
				                 "全部 cannot be combined with other selectors");
			v[i].kind = SELECT_ALL;
		} else if (strncmp(p, "tag:", 4) == 0 && p[4]) {
			v[i].kind = SELECT_TAG;
			v[i].value = p + 4;
		} else if (strncmp(p, "town:", 5) == 0 && p[5]) {
			v[i].kind = SELECT_TOWN;
			v[i].value = p + 5;
		} else {
			return error_set(e, STATUS_INVALID, "applies_to",
			                 "'%s' is not a selector; write 全部, tag:TAG or town:CODE", p);
		}
	}
	*sel = v;
	*n = count;
	return STATUS_OK;
}

void applies_format(const struct selector *sel, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ';');
		switch (sel[i].kind) {
		case SELECT_ALL:
			buf_puts(out, APPLIES_ALL);
			break;
		case SELECT_TAG:
			buf_printf(out, "tag:%s", sel[i].value);
			break;
		case SELECT_TOWN:
			buf_printf(out, "town:%s", sel[i].value);
			break;
		}
	}
}

bool task_applies_to(const struct task *t, const struct town *town)
{
	for (size_t i = 0; i < t->napplies; i++) {
		const struct selector *s = &t->applies[i];
		switch (s->kind) {
		case SELECT_ALL:
			return true;
		case SELECT_TOWN:
			if (strcmp(s->value, town->code) == 0)
				return true;
			break;
		case SELECT_TAG:
			for (size_t j = 0; j < town->ntags; j++)
				if (strcmp(s->value, town->tags[j]) == 0)
					return true;
			break;
		}
	}
	return false;
}

static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool strs_eq(const char **a, size_t na, const char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return false;
	return true;
}

bool task_same_content(const struct task *a, const struct task *b)
{
	if (!str_eq(a->code, b->code) || a->category != b->category ||
	    !str_eq(a->duty, b->duty) || !str_eq(a->name, b->name) ||
	    a->list_type != b->list_type || !str_eq(a->lead_department, b->lead_department) ||
	    !str_eq(a->township_part, b->township_part) ||
	    !str_eq(a->department_part, b->department_part) ||
	    a->public_service != b->public_service || a->napplies != b->napplies ||
	    a->nbases != b->nbases || !strs_eq(a->keywords, a->nkeywords, b->keywords, b->nkeywords))
		return false;
	for (size_t i = 0; i < a->napplies; i++)
		if (a->applies[i].kind != b->applies[i].kind ||
		    !str_eq(a->applies[i].value, b->applies[i].value))
			return false;
	for (size_t i = 0; i < a->nbases; i++)
		if (!str_eq(a->bases[i].basis, b->bases[i].basis) ||
		    !str_eq(a->bases[i].article, b->bases[i].article))
			return false;
	return true;
}
