#include "catalog_csv.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/date.h"
#include "../util/fs.h"
#include "csv.h"
#include "encoding.h"

const char *const catalog_csv_files[] = {"towns.csv", "departments.csv", "bases.csv",
                                         "tasks.csv", "guides.csv", "calendar.csv"};
const size_t catalog_csv_nfiles = sizeof catalog_csv_files / sizeof *catalog_csv_files;

bool catalog_csv_known(const char *name)
{
	for (size_t i = 0; i < catalog_csv_nfiles; i++)
		if (strcmp(name, catalog_csv_files[i]) == 0)
			return true;
	return false;
}

#define MAX_COLUMNS 12

/* The columns of each file, in the order export writes them. */
static const char *const town_cols[] = {"code", "name", "kind", "population", "area_km2",
                                        "tags", NULL};
static const char *const department_cols[] = {"code", "name", "dispatched_agency", NULL};
static const char *const basis_cols[] = {"code", "kind", "title", "doc_no", "issuer",
                                         "level", "effective_date", "status", NULL};
static const char *const task_cols[] = {"code", "category", "duty", "name",
                                        "list_type", "lead_department", "township_part",
                                        "department_part", "public_service", "applies_to",
                                        "bases", "keywords", NULL};
static const char *const guide_cols[] = {"task", "title", "conditions", "materials", "steps",
                                         "time_limit_days", "fee", "place", "phone", NULL};
static const char *const calendar_cols[] = {"date", "kind", "name", NULL};

/* One row being read: its fields, mapped from header order to the file's
 * column order, and where to put what is wrong with it. */
struct row {
	const char *file;
	long line;
	const char *f[MAX_COLUMNS];
	bool bad;
	struct diag *d;
	struct catalog *c;
};

typedef void (*row_parser)(struct row *r);

struct catalog_rows {
	const char *file; /* the label of errors: "tasks.csv" or "任务事项!" */
	const char *const *cols;
	size_t ncols;
	int map[MAX_COLUMNS]; /* header position -> column index, -1 unknown */
	size_t nheader;
	bool header_done, header_ok;
	bool sparse; /* a sheet: short rows are padded with empty cells */
	row_parser parse;
	struct catalog *c;
	struct diag *d;
};
#define reader catalog_rows

static void row_error(struct row *r, const char *column, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void row_error(struct row *r, const char *column, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(r->d, r->file, r->line, column, "%s", msg);
	r->bad = true;
}

/* The field's text, kept in the catalogue's arena. */
static const char *text(struct row *r, int col)
{
	return arena_strdup(&r->c->arena, r->f[col]);
}

static const char *required(struct row *r, int col, const char *name)
{
	if (!r->f[col][strspn(r->f[col], " \t\r\n")])
		row_error(r, name, "required; the field is empty");
	return text(r, col);
}

static bool is_code(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
			return false;
	return n > 0 && n <= 32;
}

static const char *code(struct row *r, int col, const char *name)
{
	const char *s = r->f[col];
	if (!*s)
		row_error(r, name, "required; the field is empty");
	else if (!is_code(s))
		row_error(r, name, "'%s' is not a code: use 1 to 32 letters, digits, '-' or '_'", s);
	return text(r, col);
}

static int64_t integer(struct row *r, int col, const char *name, int64_t max)
{
	const char *s = r->f[col];
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > max) {
		row_error(r, name, "'%s' is not a whole number from 0 to %lld", s, (long long)max);
		return 0;
	}
	return v;
}

static const char *enumerated(struct row *r, int col, const char *name,
                              bool (*valid)(const char *), const char *values)
{
	if (!valid(r->f[col]))
		row_error(r, name, "'%s' is not one of %s", r->f[col], values);
	return text(r, col);
}

static void parse_town(struct row *r)
{
	struct town t = {.src = {r->file, r->line}};
	t.code = text(r, 0);
	if (strlen(t.code) != 9 || strspn(t.code, "0123456789") != 9)
		row_error(r, "code", "'%s' is not a 9-digit township code", t.code);
	t.name = required(r, 1, "name");
	t.kind = enumerated(r, 2, "kind", town_kind_valid, town_kind_values());
	t.population = integer(r, 3, "population", 100000000);
	char *end;
	errno = 0;
	t.area_km2 = strtod(r->f[4], &end);
	if (!*r->f[4] || *end || errno || !isfinite(t.area_km2) || t.area_km2 < 0)
		row_error(r, "area_km2", "'%s' is not a number of square kilometres", r->f[4]);
	t.ntags = split_list(&r->c->arena, r->f[5], ';', &t.tags);
	if (!r->bad)
		*catalog_add_town(r->c) = t;
}

static void parse_department(struct row *r)
{
	struct department dep = {.src = {r->file, r->line}};
	dep.code = code(r, 0, "code");
	dep.name = required(r, 1, "name");
	dep.dispatched_agency = text(r, 2);
	if (!r->bad)
		*catalog_add_department(r->c) = dep;
}

static bool basis_status_ok(const char *s) { return basis_status_valid(s); }

static void parse_basis(struct row *r)
{
	struct basis b = {.src = {r->file, r->line}};
	b.code = code(r, 0, "code");
	b.kind = enumerated(r, 1, "kind", basis_kind_valid, basis_kind_values());
	b.title = required(r, 2, "title");
	if (strstr(b.title, "《") || strstr(b.title, "》"))
		row_error(r, "title", "write the title without 《》");
	b.doc_no = text(r, 3);
	b.issuer = required(r, 4, "issuer");
	b.level = enumerated(r, 5, "level", basis_level_valid, basis_level_values());
	long day;
	b.effective_date = text(r, 6);
	if (!date_parse(b.effective_date, &day))
		row_error(r, "effective_date", "'%s' is not a date YYYY-MM-DD", b.effective_date);
	b.status = enumerated(r, 7, "status", basis_status_ok, BASIS_IN_FORCE " / " BASIS_REPEALED);
	if (!r->bad)
		*catalog_add_basis(r->c) = b;
}

/* "B001;B004:第十一条" -> citations. */
static void parse_citations(struct row *r, struct task *t)
{
	const char **parts;
	size_t n = split_list(&r->c->arena, r->f[10], ';', &parts);
	if (n == 0) {
		row_error(r, "bases", "required; a task rests on at least one basis (职责法定)");
		return;
	}
	t->bases = arena_alloc(&r->c->arena, n * sizeof *t->bases);
	t->nbases = n;
	for (size_t i = 0; i < n; i++) {
		char *p = (char *)parts[i];
		char *colon = strchr(p, ':');
		if (colon) {
			*colon = '\0';
			t->bases[i].article = colon + 1;
		} else {
			t->bases[i].article = "";
		}
		t->bases[i].basis = p;
		if (!is_code(p))
			row_error(r, "bases", "'%s' is not a basis code", p);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->bases[j].basis, p) == 0 &&
			    strcmp(t->bases[j].article, t->bases[i].article) == 0)
				row_error(r, "bases", "%s is cited twice", p);
	}
}

static bool yes_no(struct row *r, int col, const char *name)
{
	if (strcmp(r->f[col], "是") == 0)
		return true;
	if (strcmp(r->f[col], "否") != 0)
		row_error(r, name, "'%s' is not one of 是 / 否", r->f[col]);
	return false;
}

static void parse_task(struct row *r)
{
	struct task t = {.src = {r->file, r->line}};
	t.code = code(r, 0, "code");
	int cat = category_from_name(r->f[1]);
	if (cat < 0)
		row_error(r, "category", "'%s' is not one of 基层党建 / 经济发展 / 社会治理 / "
		          "文化建设 / 生态环境保护 / 公共服务", r->f[1]);
	t.category = cat < 0 ? 0 : (enum category)cat;
	t.duty = required(r, 2, "duty");
	t.name = required(r, 3, "name");
	int type = list_type_from_name(r->f[4]);
	if (type < 0)
		row_error(r, "list_type", "'%s' is not one of 基本履职 / 配合履职 / 上级部门收回",
		          r->f[4]);
	t.list_type = type < 0 ? 0 : (enum list_type)type;
	t.lead_department = text(r, 5);
	/* A reclaimed task is the department's alone: the town may have no part. */
	t.township_part = type == LIST_RECLAIMED ? text(r, 6) : required(r, 6, "township_part");
	t.department_part = text(r, 7);
	if (type > 0 && !*t.department_part)
		row_error(r, "department_part", "required for %s: say what the department does",
		          r->f[4]);
	t.public_service = yes_no(r, 8, "public_service");
	struct error e;
	if (applies_parse(&r->c->arena, r->f[9], &t.applies, &t.napplies, &e) != STATUS_OK)
		row_error(r, "applies_to", "%s", e.message);
	parse_citations(r, &t);
	t.nkeywords = split_list(&r->c->arena, r->f[11], ';', &t.keywords);
	if (!r->bad)
		*catalog_add_task(r->c) = t;
}

/* "提交申请|申请人|0;受理|镇便民服务中心|1" -> steps. */
static void parse_steps(struct row *r, struct guide *g)
{
	const char **parts;
	size_t n = split_list(&r->c->arena, r->f[4], ';', &parts);
	if (n == 0) {
		row_error(r, "steps", "required; list the steps as name|who|working days");
		return;
	}
	g->steps = arena_alloc(&r->c->arena, n * sizeof *g->steps);
	g->nsteps = n;
	for (size_t i = 0; i < n; i++) {
		const char **sub;
		size_t m = split_list(&r->c->arena, parts[i], '|', &sub);
		char *end;
		long days = m == 3 ? strtol(sub[2], &end, 10) : -1;
		if (m != 3 || *end || days < 0 || days > 3650) {
			row_error(r, "steps", "step %zu '%s' is not name|who|working days", i + 1,
			          parts[i]);
			continue;
		}
		g->steps[i] = (struct guide_step){sub[0], sub[1], (int)days};
	}
}

static void parse_guide(struct row *r)
{
	struct guide g = {.src = {r->file, r->line}};
	g.task = code(r, 0, "task");
	g.title = required(r, 1, "title");
	g.conditions = text(r, 2);
	g.nmaterials = split_list(&r->c->arena, r->f[3], ';', &g.materials);
	parse_steps(r, &g);
	g.time_limit_days = (int)integer(r, 5, "time_limit_days", 3650);
	g.fee = text(r, 6);
	g.place = text(r, 7);
	g.phone = text(r, 8);
	if (!r->bad)
		*catalog_add_guide(r->c) = g;
}

static bool day_kind_ok(const char *s) { return strcmp(s, "休") == 0 || strcmp(s, "班") == 0; }

static void parse_day(struct row *r)
{
	struct calendar_entry day = {.src = {r->file, r->line}};
	long n;
	day.date = text(r, 0);
	if (!date_parse(day.date, &n))
		row_error(r, "date", "'%s' is not a date YYYY-MM-DD", day.date);
	day.kind = enumerated(r, 1, "kind", day_kind_ok, "休 / 班");
	day.name = required(r, 2, "name");
	if (!r->bad)
		*catalog_add_calendar(r->c) = day;
}

static void header_error(struct reader *rd)
{
	struct buf want = {0};
	for (size_t i = 0; i < rd->ncols; i++)
		buf_printf(&want, "%s%s", i ? "," : "", rd->cols[i]);
	diag_add(rd->d, rd->file, 1, "header", "expected the columns %s", buf_str(&want));
	buf_free(&want);
}

static void read_header(struct reader *rd, char **fields, size_t n)
{
	bool seen[MAX_COLUMNS] = {false};
	rd->header_done = true;
	rd->nheader = n;
	bool ok = n <= MAX_COLUMNS;
	for (size_t i = 0; ok && i < n; i++) {
		rd->map[i] = -1;
		for (size_t j = 0; j < rd->ncols; j++)
			if (strcmp(fields[i], rd->cols[j]) == 0)
				rd->map[i] = (int)j;
		if (rd->map[i] < 0) {
			diag_add(rd->d, rd->file, 1, "header", "unknown column '%s'", fields[i]);
			ok = false;
		} else if (seen[rd->map[i]]) {
			diag_add(rd->d, rd->file, 1, "header", "column '%s' appears twice", fields[i]);
			ok = false;
		} else {
			seen[rd->map[i]] = true;
		}
	}
	for (size_t j = 0; ok && j < rd->ncols; j++)
		if (!seen[j]) {
			diag_add(rd->d, rd->file, 1, "header", "missing column '%s'", rd->cols[j]);
			ok = false;
		}
	if (!ok)
		header_error(rd);
	rd->header_ok = ok;
}

/* A sheet's column letters, A to ZZ (0-based i; larger i give "??"). */
static void sheet_column(size_t i, char out[3])
{
	if (i < 26) {
		out[0] = (char)('A' + i);
		out[1] = '\0';
	} else if (i < 26 * 27) {
		out[0] = (char)('A' + i / 26 - 1);
		out[1] = (char)('A' + i % 26);
		out[2] = '\0';
	} else {
		out[0] = out[1] = '?';
		out[2] = '\0';
	}
}

void catalog_rows_put(void *ctx, long line, char **fields, size_t n)
{
	struct reader *rd = ctx;
	if (!rd->header_done) {
		read_header(rd, fields, n);
		return;
	}
	if (!rd->header_ok)
		return;
	if (rd->sparse && n > rd->nheader) {
		/* n <= MAX_COLUMNS + 1 is not promised here: name columns A..ZZ */
		char last[3], past[3];
		sheet_column(rd->nheader - 1, last);
		sheet_column(n - 1, past);
		diag_add(rd->d, rd->file, line, NULL,
		         "a value in column %s, right of the header's last column %s; remove it "
		         "or give the column a header",
		         past, last);
		return;
	}
	static char empty[] = "";
	char *padded[MAX_COLUMNS];
	if (rd->sparse && n < rd->nheader) {
		for (size_t i = 0; i < rd->nheader; i++)
			padded[i] = i < n ? fields[i] : empty;
		fields = padded;
		n = rd->nheader;
	}
	if (n != rd->nheader) {
		diag_add(rd->d, rd->file, line, NULL,
		         "%zu fields, but the header has %zu (a field with a comma must be quoted)",
		         n, rd->nheader);
		return;
	}
	struct row r = {.file = rd->file, .line = line, .d = rd->d, .c = rd->c};
	for (size_t i = 0; i < n; i++)
		r.f[rd->map[i]] = fields[i];
	rd->parse(&r);
}

/* Each file of the exchange format: its columns and its row parser. */
static const struct file_kind {
	const char *file;
	const char *const *cols;
	row_parser parse;
} file_kinds[] = {
	{"towns.csv", town_cols, parse_town},
	{"departments.csv", department_cols, parse_department},
	{"bases.csv", basis_cols, parse_basis},
	{"tasks.csv", task_cols, parse_task},
	{"guides.csv", guide_cols, parse_guide},
	{"calendar.csv", calendar_cols, parse_day},
};

static const struct file_kind *file_kind(const char *name)
{
	for (size_t i = 0; i < sizeof file_kinds / sizeof *file_kinds; i++)
		if (strcmp(file_kinds[i].file, name) == 0)
			return &file_kinds[i];
	return NULL;
}

void catalog_csv_read(struct catalog *c, const char *name, const char *data, size_t len,
                      struct diag *d)
{
	const struct file_kind *k = file_kind(name);
	if (!k) {
		diag_add(d, name, 0, NULL, "not a file of the exchange format");
		return;
	}
	struct catalog_rows *rd = catalog_rows_begin(c, name, name, false, d);
	size_t broken = csv_read(name, data, len, catalog_rows_put, rd, d);
	catalog_rows_end(rd, broken != 0);
}

struct catalog_rows *catalog_rows_begin(struct catalog *c, const char *name, const char *label,
                                        bool sparse, struct diag *d)
{
	const struct file_kind *k = file_kind(name);
	assert(k);
	struct catalog_rows *rd = xcalloc(1, sizeof *rd);
	*rd = (struct catalog_rows){.file = arena_strdup(&c->arena, label), .cols = k->cols,
	                            .sparse = sparse, .parse = k->parse, .c = c, .d = d};
	while (rd->cols[rd->ncols])
		rd->ncols++;
	return rd;
}

void catalog_rows_end(struct catalog_rows *rd, bool broken)
{
	if (!rd->header_done && !broken) /* an empty file, not an unreadable one */
		header_error(rd);
	free(rd);
}

const char *const *catalog_csv_columns(const char *name)
{
	const struct file_kind *k = file_kind(name);
	return k ? k->cols : NULL;
}

void catalog_csv_row(struct catalog *c, const char *name, const char *const *fields,
                     const char *source, struct diag *d)
{
	const struct file_kind *k = file_kind(name);
	assert(k);
	struct row r = {.file = source ? arena_strdup(&c->arena, source) : NULL, .line = 0,
	                .d = d, .c = c};
	for (size_t i = 0; k->cols[i]; i++)
		r.f[i] = fields[i] ? fields[i] : "";
	k->parse(&r);
}

/* Joins n strings with sep, in the arena. */
static const char *join(struct arena *a, const char *const *v, size_t n, char sep)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, sep);
		buf_puts(&b, v[i]);
	}
	const char *out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Numbers print as the shortest text that reads back to the same value. */
static const char *format_number(struct arena *a, double v)
{
	char out[32];
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, sizeof out, "%.0f", v);
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(out, sizeof out, "%.*g", prec, v);
			if (strtod(out, NULL) == v)
				break;
		}
	}
	return arena_strdup(a, out);
}

static const char *format_int(struct arena *a, long long v)
{
	char out[24];
	snprintf(out, sizeof out, "%lld", v);
	return arena_strdup(a, out);
}

static size_t town_fields(const struct town *t, struct arena *a, const char **f)
{
	f[0] = t->code, f[1] = t->name, f[2] = t->kind;
	f[3] = format_int(a, t->population);
	f[4] = format_number(a, t->area_km2);
	f[5] = join(a, t->tags, t->ntags, ';');
	return 6;
}

static size_t department_fields(const struct department *d, const char **f)
{
	f[0] = d->code, f[1] = d->name, f[2] = d->dispatched_agency;
	return 3;
}

static size_t basis_fields(const struct basis *b, const char **f)
{
	f[0] = b->code, f[1] = b->kind, f[2] = b->title, f[3] = b->doc_no;
	f[4] = b->issuer, f[5] = b->level, f[6] = b->effective_date, f[7] = b->status;
	return 8;
}

static size_t task_fields(const struct task *t, struct arena *a, const char **f)
{
	struct buf applies = {0}, bases = {0};
	applies_format(t->applies, t->napplies, &applies);
	for (size_t j = 0; j < t->nbases; j++)
		buf_printf(&bases, "%s%s%s%s", j ? ";" : "", t->bases[j].basis,
		           *t->bases[j].article ? ":" : "", t->bases[j].article);
	f[0] = t->code;
	f[1] = category_info[t->category].name;
	f[2] = t->duty;
	f[3] = t->name;
	f[4] = list_type_info[t->list_type].name;
	f[5] = t->lead_department;
	f[6] = t->township_part;
	f[7] = t->department_part;
	f[8] = t->public_service ? "是" : "否";
	f[9] = arena_strdup(a, buf_str(&applies));
	f[10] = arena_strdup(a, buf_str(&bases));
	f[11] = join(a, t->keywords, t->nkeywords, ';');
	buf_free(&applies);
	buf_free(&bases);
	return 12;
}

static size_t guide_fields(const struct guide *g, struct arena *a, const char **f)
{
	struct buf steps = {0};
	for (size_t j = 0; j < g->nsteps; j++)
		buf_printf(&steps, "%s%s|%s|%d", j ? ";" : "", g->steps[j].name, g->steps[j].who,
		           g->steps[j].days);
	f[0] = g->task, f[1] = g->title, f[2] = g->conditions;
	f[3] = join(a, g->materials, g->nmaterials, ';');
	f[4] = arena_strdup(a, buf_str(&steps));
	f[5] = format_int(a, g->time_limit_days);
	f[6] = g->fee, f[7] = g->place, f[8] = g->phone;
	buf_free(&steps);
	return 9;
}

static size_t day_fields(const struct calendar_entry *d, const char **f)
{
	f[0] = d->date, f[1] = d->kind, f[2] = d->name;
	return 3;
}

/* The number of rows of c that belong in file `name`. */
static size_t row_count(const struct catalog *c, const char *name)
{
	return strcmp(name, "towns.csv") == 0         ? c->ntowns
	       : strcmp(name, "departments.csv") == 0 ? c->ndepartments
	       : strcmp(name, "bases.csv") == 0       ? c->nbases
	       : strcmp(name, "tasks.csv") == 0       ? c->ntasks
	       : strcmp(name, "guides.csv") == 0      ? c->nguides
	       : strcmp(name, "calendar.csv") == 0    ? c->ncalendar
	                                              : 0;
}

size_t catalog_csv_fields(const struct catalog *c, const char *name, size_t i,
                          struct arena *a, const char **f)
{
	assert(i < row_count(c, name));
	if (strcmp(name, "towns.csv") == 0)
		return town_fields(&c->towns[i], a, f);
	if (strcmp(name, "departments.csv") == 0)
		return department_fields(&c->departments[i], f);
	if (strcmp(name, "bases.csv") == 0)
		return basis_fields(&c->bases[i], f);
	if (strcmp(name, "tasks.csv") == 0)
		return task_fields(&c->tasks[i], a, f);
	if (strcmp(name, "guides.csv") == 0)
		return guide_fields(&c->guides[i], a, f);
	return day_fields(&c->calendar[i], f);
}

void catalog_csv_write(const struct catalog *c, const char *name, struct buf *out)
{
	const char *const *cols = catalog_csv_columns(name);
	if (!cols)
		return;
	size_t ncols = 0;
	while (cols[ncols])
		ncols++;
	csv_put_row(out, cols, ncols);
	const char *f[MAX_COLUMNS];
	for (size_t i = 0, n = row_count(c, name); i < n; i++) {
		struct arena scratch = {0};
		size_t nf = catalog_csv_fields(c, name, i, &scratch, f);
		csv_put_row(out, f, nf);
		arena_free(&scratch);
	}
}

#define MAX_FILE_BYTES ((size_t)1 << 30)

enum status catalog_csv_read_dir(struct catalog *c, const char *dir, enum text_encoding enc,
                                 struct diag *d, struct error *e)
{
	if (!fs_is_dir(dir))
		return error_set(e, STATUS_IO, NULL, "%s is not a directory", dir);
	size_t found = 0;
	for (size_t i = 0; i < catalog_csv_nfiles; i++) {
		struct buf path = {0};
		buf_printf(&path, "%s/%s", dir, catalog_csv_files[i]);
		if (fs_exists(path.data)) {
			char *data;
			size_t len;
			enum status st = fs_read(path.data, MAX_FILE_BYTES, &data, &len, e);
			buf_free(&path);
			if (st != STATUS_OK)
				return st;
			char *utf8;
			size_t utf8_len;
			if (encoding_to_utf8(catalog_csv_files[i], data, len, enc, &utf8, &utf8_len, d) == 0)
				catalog_csv_read(c, catalog_csv_files[i], utf8 ? utf8 : data,
				                 utf8 ? utf8_len : len, d);
			free(utf8);
			free(data);
			found++;
		} else {
			buf_free(&path);
		}
	}
	if (!found)
		return error_set(e, STATUS_INVALID, NULL,
		                 "%s holds none of the exchange files (towns.csv, departments.csv, "
		                 "bases.csv, tasks.csv, guides.csv, calendar.csv)",
		                 dir);
	return STATUS_OK;
}

enum status catalog_csv_write_dir(const struct catalog *c, const char *dir,
                                  enum text_encoding enc, bool bom, struct diag *d,
                                  struct error *e)
{
	/* Convert every file before writing any: a character GBK cannot hold
	 * leaves the directory as it was. */
	struct buf out[8] = {{0}};
	size_t errors = 0;
	for (size_t i = 0; i < catalog_csv_nfiles; i++) {
		struct buf utf8 = {0};
		if (bom)
			buf_puts(&utf8, "\xEF\xBB\xBF");
		catalog_csv_write(c, catalog_csv_files[i], &utf8);
		char *conv;
		size_t conv_len;
		errors += encoding_from_utf8(catalog_csv_files[i], buf_str(&utf8), utf8.len, enc, &conv,
		                             &conv_len, d);
		if (conv) {
			buf_append(&out[i], conv, conv_len);
			free(conv);
			buf_free(&utf8);
		} else {
			out[i] = utf8;
		}
	}
	enum status st = STATUS_OK;
	if (errors)
		st = error_set(e, STATUS_INVALID, NULL, "%zu characters cannot be written in %s",
		               errors, encoding_name(enc));
	else if (!fs_is_dir(dir) && mkdir(dir, 0777) != 0)
		st = error_set(e, STATUS_IO, NULL, "%s: %s", dir, strerror(errno));
	for (size_t i = 0; i < catalog_csv_nfiles && st == STATUS_OK; i++) {
		struct buf path = {0};
		buf_printf(&path, "%s/%s", dir, catalog_csv_files[i]);
		st = fs_write(path.data, out[i].data ? out[i].data : "", out[i].len, e);
		buf_free(&path);
	}
	for (size_t i = 0; i < catalog_csv_nfiles; i++)
		buf_free(&out[i]);
	return st;
}
