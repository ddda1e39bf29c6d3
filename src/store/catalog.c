/* catalog.c - the catalogue's rows: towns, departments, bases, tasks and
 * their revisions, guides, calendar days. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

static const char *dup(struct catalog *c, sqlite3_stmt *st, int col)
{
	return arena_strdup(&c->arena, col_text(st, col));
}

/* Fills t from a row whose first columns are TASK_COLUMNS.  Stored rows
 * passed every check on the way in, so a value that no longer parses
 * means the database was edited by hand: it reads as the first value of
 * its kind and `dutylist verify` reports it. */
void store_read_task(sqlite3_stmt *st, struct catalog *c, struct task *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->code = dup(c, st, 1);
	t->rev_id = sqlite3_column_int64(st, 2);
	int cat = category_from_name(col_text(st, 3));
	t->category = cat < 0 ? 0 : (enum category)cat;
	t->duty = dup(c, st, 4);
	t->name = dup(c, st, 5);
	int type = list_type_from_name(col_text(st, 6));
	t->list_type = type < 0 ? 0 : (enum list_type)type;
	t->lead_department = dup(c, st, 7);
	t->township_part = dup(c, st, 8);
	t->department_part = dup(c, st, 9);
	t->public_service = sqlite3_column_int(st, 10) != 0;
	struct error e;
	if (applies_parse(&c->arena, col_text(st, 11), &t->applies, &t->napplies, &e) !=
	    STATUS_OK) {
		t->applies = NULL;
		t->napplies = 0;
	}
	t->nkeywords = split_list(&c->arena, col_text(st, 12), ';', &t->keywords);
}

/* Attaches citations to tasks, from rows (rev_id, basis code, article)
 * ordered by the tasks' order and then by position. */
enum status store_read_citations(struct store *s, sqlite3_stmt *st, struct catalog *c,
                                 struct error *e)
{
	size_t ti = 0;
	int rc;
	struct citation *tmp = NULL;
	size_t ntmp = 0, ctmp = 0;
	int64_t cur = -1;
	/* Flushes the citations gathered for revision `cur` into its task. */
#define FLUSH()                                                                  \
	do {                                                                     \
		while (ti < c->ntasks && c->tasks[ti].rev_id != cur)             \
			ti++;                                                    \
		if (ti < c->ntasks && ntmp) {                                    \
			struct task *t = &c->tasks[ti];                          \
			t->bases = arena_alloc(&c->arena, ntmp * sizeof *t->bases); \
			memcpy(t->bases, tmp, ntmp * sizeof *tmp);               \
			t->nbases = ntmp;                                        \
		}                                                                \
		ntmp = 0;                                                        \
	} while (0)
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rev = sqlite3_column_int64(st, 0);
		if (rev != cur) {
			if (cur >= 0)
				FLUSH();
			cur = rev;
		}
		if (ntmp == ctmp) {
			ctmp = ctmp ? ctmp * 2 : 8;
			tmp = xrealloc(tmp, ctmp * sizeof *tmp);
		}
		tmp[ntmp].basis = dup(c, st, 1);
		tmp[ntmp].article = dup(c, st, 2);
		ntmp++;
	}
	if (cur >= 0)
		FLUSH();
#undef FLUSH
	free(tmp);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of citations", e);
}

void store_read_town(sqlite3_stmt *st, struct catalog *c, struct town *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->code = dup(c, st, 1);
	t->name = dup(c, st, 2);
	t->kind = dup(c, st, 3);
	t->population = sqlite3_column_int64(st, 4);
	t->area_km2 = sqlite3_column_double(st, 5);
	t->ntags = split_list(&c->arena, col_text(st, 6), ';', &t->tags);
}

void store_read_department(sqlite3_stmt *st, struct catalog *c, struct department *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->code = dup(c, st, 1);
	d->name = dup(c, st, 2);
	d->dispatched_agency = dup(c, st, 3);
}

void store_read_basis(sqlite3_stmt *st, struct catalog *c, struct basis *b)
{
	b->id = sqlite3_column_int64(st, 0);
	b->code = dup(c, st, 1);
	b->kind = dup(c, st, 2);
	b->title = dup(c, st, 3);
	b->doc_no = dup(c, st, 4);
	b->issuer = dup(c, st, 5);
	b->level = dup(c, st, 6);
	b->effective_date = dup(c, st, 7);
	b->status = dup(c, st, 8);
}

static enum status load_towns(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] =
		"SELECT " TOWN_COLUMNS " FROM town ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_town(st, c, catalog_add_town(c));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of towns", e);
}

static enum status load_departments(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] =
		"SELECT " DEPARTMENT_COLUMNS " FROM department ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_department(st, c, catalog_add_department(c));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of departments", e);
}

static enum status load_bases(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] =
		"SELECT " BASIS_COLUMNS " FROM basis ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_basis(st, c, catalog_add_basis(c));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of bases", e);
}

static enum status load_tasks(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] = "SELECT " TASK_COLUMNS " FROM task t "
	                          "JOIN task_rev r ON r.id = t.rev_id " TASK_JOIN
	                          " ORDER BY t.id";
	static const char cite_sql[] = "SELECT tb.rev_id, b.code, tb.article "
	                               "FROM task t JOIN task_basis tb ON tb.rev_id = t.rev_id "
	                               "JOIN basis b ON b.id = tb.basis_id "
	                               "ORDER BY t.id, tb.pos";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_task(st, c, catalog_add_task(c));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "read of tasks", e);
	if (!(st = store_stmt(s, cite_sql, e)))
		return e->status;
	return store_read_citations(s, st, c, e);
}

static enum status load_guides(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] =
		"SELECT g.id, t.code, g.title, g.conditions, g.materials, g.time_limit_days, "
		"g.fee, g.place, g.phone FROM guide g JOIN task t ON t.id = g.task_id ORDER BY g.id";
	static const char step_sql[] =
		"SELECT guide_id, name, who, days FROM guide_step ORDER BY guide_id, pos";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	size_t first = c->nguides;
	int64_t *ids = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct guide *g = catalog_add_guide(c);
		ids = xrealloc(ids, c->nguides * sizeof *ids);
		ids[c->nguides - 1] = sqlite3_column_int64(st, 0);
		g->task = dup(c, st, 1);
		g->title = dup(c, st, 2);
		g->conditions = dup(c, st, 3);
		g->nmaterials = split_list(&c->arena, col_text(st, 4), ';', &g->materials);
		g->time_limit_days = sqlite3_column_int(st, 5);
		g->fee = dup(c, st, 6);
		g->place = dup(c, st, 7);
		g->phone = dup(c, st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(s, "read of guides", e);
	}
	if (!(st = store_stmt(s, step_sql, e))) {
		free(ids);
		return e->status;
	}
	size_t gi = first;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (gi < c->nguides && ids[gi] != id)
			gi++;
		if (gi == c->nguides)
			break;
		struct guide *g = &c->guides[gi];
		struct guide_step *steps = arena_alloc(&c->arena, (g->nsteps + 1) * sizeof *steps);
		if (g->nsteps)
			memcpy(steps, g->steps, g->nsteps * sizeof *steps);
		steps[g->nsteps++] = (struct guide_step){dup(c, st, 1), dup(c, st, 2),
		                                         sqlite3_column_int(st, 3)};
		g->steps = steps;
	}
	sqlite3_reset(st);
	free(ids);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STATUS_OK
	                                             : store_fail(s, "read of guide steps", e);
}

static enum status load_calendar(struct store *s, struct catalog *c, struct error *e)
{
	static const char sql[] = "SELECT date, kind, name FROM calendar_day ORDER BY date";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct calendar_entry *d = catalog_add_calendar(c);
		d->date = dup(c, st, 0);
		d->kind = dup(c, st, 1);
		d->name = dup(c, st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of the calendar", e);
}

enum status store_catalog_load(struct store *s, struct catalog *c, struct error *e)
{
	enum status st = load_towns(s, c, e);
	if (st == STATUS_OK)
		st = load_departments(s, c, e);
	if (st == STATUS_OK)
		st = load_bases(s, c, e);
	if (st == STATUS_OK)
		st = load_tasks(s, c, e);
	if (st == STATUS_OK)
		st = load_guides(s, c, e);
	if (st == STATUS_OK)
		st = load_calendar(s, c, e);
	return st;
}

/* Replaces the search entry of one row. */
static enum status index_for_search(struct store *s, const char *kind, const char *code,
                                    const char *title, const char *body, struct error *e)
{
	static const char del_sql[] = "DELETE FROM search_index WHERE kind = ? AND code = ?";
	static const char ins_sql[] =
		"INSERT INTO search_index (kind, code, title, body) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, del_sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, kind);
	bind_text(st, 2, code);
	enum status rc = store_step_done(s, st, "write of the search index", e);
	if (rc != STATUS_OK)
		return rc;
	if (!(st = store_stmt(s, ins_sql, e)))
		return e->status;
	bind_text(st, 1, kind);
	bind_text(st, 2, code);
	bind_text(st, 3, title);
	bind_text(st, 4, body);
	return store_step_done(s, st, "write of the search index", e);
}

enum status store_town_put(struct store *s, struct town *t, struct error *e)
{
	static const char sql[] =
		"INSERT INTO town (code, name, kind, population, area_km2, tags) "
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
		"name = excluded.name, kind = excluded.kind, population = excluded.population, "
		"area_km2 = excluded.area_km2, tags = excluded.tags RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	struct buf tags = {0};
	for (size_t i = 0; i < t->ntags; i++)
		buf_printf(&tags, "%s%s", i ? ";" : "", t->tags[i]);
	bind_text(st, 1, t->code);
	bind_text(st, 2, t->name);
	bind_text(st, 3, t->kind);
	bind_int(st, 4, t->population);
	sqlite3_bind_double(st, 5, t->area_km2);
	bind_text(st, 6, buf_str(&tags));
	enum status rc = store_step_id(s, st, &t->id, "write of a town", e);
	buf_free(&tags);
	return rc;
}

enum status store_department_put(struct store *s, struct department *d, struct error *e)
{
	static const char sql[] =
		"INSERT INTO department (code, name, dispatched_agency) VALUES (?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
		"dispatched_agency = excluded.dispatched_agency RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, d->code);
	bind_text(st, 2, d->name);
	bind_text(st, 3, d->dispatched_agency);
	enum status rc = store_step_id(s, st, &d->id, "write of a department", e);
	return rc != STATUS_OK ? rc
	                       : index_for_search(s, "department", d->code, d->name,
	                                          d->dispatched_agency, e);
}

enum status store_basis_put(struct store *s, struct basis *b, struct error *e)
{
	static const char sql[] =
		"INSERT INTO basis (code, kind, title, doc_no, issuer, level, effective_date, status) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
		"kind = excluded.kind, title = excluded.title, doc_no = excluded.doc_no, "
		"issuer = excluded.issuer, level = excluded.level, "
		"effective_date = excluded.effective_date, status = excluded.status RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, b->code);
	bind_text(st, 2, b->kind);
	bind_text(st, 3, b->title);
	bind_text(st, 4, b->doc_no);
	bind_text(st, 5, b->issuer);
	bind_text(st, 6, b->level);
	bind_text(st, 7, b->effective_date);
	bind_text(st, 8, b->status);
	enum status rc = store_step_id(s, st, &b->id, "write of a basis", e);
	if (rc != STATUS_OK)
		return rc;
	struct buf body = {0};
	buf_printf(&body, "%s %s", b->doc_no, b->issuer);
	rc = index_for_search(s, "basis", b->code, b->title, buf_str(&body), e);
	buf_free(&body);
	return rc;
}

enum status store_task_put(struct store *s, struct task *t, struct error *e)
{
	return store_task_revise(s, t, true, e);
}

enum status store_task_revise(struct store *s, struct task *t, bool current, struct error *e)
{
	static const char task_sql[] = "INSERT INTO task (code) VALUES (?) ON CONFLICT (code) "
	                               "DO UPDATE SET code = excluded.code RETURNING id";
	static const char rev_sql[] =
		"INSERT INTO task_rev (task_id, category, duty, name, list_type, "
		"lead_department_id, township_part, department_part, public_service, applies_to, "
		"keywords, created_at) VALUES (?, ?, ?, ?, ?, "
		"(SELECT id FROM department WHERE code = ?), ?, ?, ?, ?, ?, ?) RETURNING id";
	static const char cite_sql[] =
		"INSERT INTO task_basis (rev_id, pos, basis_id, article) "
		"VALUES (?, ?, (SELECT id FROM basis WHERE code = ?), ?)";
	static const char current_sql[] = "UPDATE task SET rev_id = ? WHERE id = ?";

	sqlite3_stmt *st = store_stmt(s, task_sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, t->code);
	enum status rc = store_step_id(s, st, &t->id, "write of a task", e);
	if (rc != STATUS_OK)
		return rc;

	if (!(st = store_stmt(s, rev_sql, e)))
		return e->status;
	struct buf applies = {0}, keywords = {0};
	applies_format(t->applies, t->napplies, &applies);
	for (size_t i = 0; i < t->nkeywords; i++)
		buf_printf(&keywords, "%s%s", i ? ";" : "", t->keywords[i]);
	char now[32];
	store_now(now);
	bind_int(st, 1, t->id);
	bind_text(st, 2, category_info[t->category].name);
	bind_text(st, 3, t->duty);
	bind_text(st, 4, t->name);
	bind_text(st, 5, list_type_info[t->list_type].name);
	if (*t->lead_department)
		bind_text(st, 6, t->lead_department);
	else
		sqlite3_bind_null(st, 6);
	bind_text(st, 7, t->township_part);
	bind_text(st, 8, t->department_part);
	bind_int(st, 9, t->public_service);
	bind_text(st, 10, buf_str(&applies));
	bind_text(st, 11, buf_str(&keywords));
	bind_text(st, 12, now);
	rc = store_step_id(s, st, &t->rev_id, "write of a task revision", e);
	buf_free(&applies);
	if (rc == STATUS_OK && current) { /* the index holds current revisions */
		struct buf body = {0};
		buf_printf(&body, "%s %s %s %s", t->duty, t->township_part, t->department_part,
		           buf_str(&keywords));
		rc = index_for_search(s, "task", t->code, t->name, buf_str(&body), e);
		buf_free(&body);
	}
	buf_free(&keywords);
	if (rc != STATUS_OK)
		return rc;

	for (size_t i = 0; i < t->nbases && rc == STATUS_OK; i++) {
		if (!(st = store_stmt(s, cite_sql, e)))
			return e->status;
		bind_int(st, 1, t->rev_id);
		bind_int(st, 2, (int64_t)i);
		bind_text(st, 3, t->bases[i].basis);
		bind_text(st, 4, t->bases[i].article);
		rc = store_step_done(s, st, "write of a citation", e);
	}
	if (rc != STATUS_OK || !current)
		return rc;
	if (!(st = store_stmt(s, current_sql, e)))
		return e->status;
	bind_int(st, 1, t->rev_id);
	bind_int(st, 2, t->id);
	return store_step_done(s, st, "write of a task", e);
}

enum status store_guide_put(struct store *s, const struct guide *g, struct error *e)
{
	static const char sql[] =
		"INSERT INTO guide (task_id, title, conditions, materials, time_limit_days, fee, "
		"place, phone) VALUES ((SELECT id FROM task WHERE code = ?), ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (task_id) DO UPDATE SET title = excluded.title, "
		"conditions = excluded.conditions, materials = excluded.materials, "
		"time_limit_days = excluded.time_limit_days, fee = excluded.fee, "
		"place = excluded.place, phone = excluded.phone RETURNING id";
	static const char clear_sql[] = "DELETE FROM guide_step WHERE guide_id = ?";
	static const char step_sql[] =
		"INSERT INTO guide_step (guide_id, pos, name, who, days) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	struct buf materials = {0};
	for (size_t i = 0; i < g->nmaterials; i++)
		buf_printf(&materials, "%s%s", i ? ";" : "", g->materials[i]);
	bind_text(st, 1, g->task);
	bind_text(st, 2, g->title);
	bind_text(st, 3, g->conditions);
	bind_text(st, 4, buf_str(&materials));
	bind_int(st, 5, g->time_limit_days);
	bind_text(st, 6, g->fee);
	bind_text(st, 7, g->place);
	bind_text(st, 8, g->phone);
	int64_t id;
	enum status rc = store_step_id(s, st, &id, "write of a guide", e);
	buf_free(&materials);
	if (rc != STATUS_OK)
		return rc;
	if (!(st = store_stmt(s, clear_sql, e)))
		return e->status;
	bind_int(st, 1, id);
	rc = store_step_done(s, st, "write of a guide", e);
	for (size_t i = 0; i < g->nsteps && rc == STATUS_OK; i++) {
		if (!(st = store_stmt(s, step_sql, e)))
			return e->status;
		bind_int(st, 1, id);
		bind_int(st, 2, (int64_t)i);
		bind_text(st, 3, g->steps[i].name);
		bind_text(st, 4, g->steps[i].who);
		bind_int(st, 5, g->steps[i].days);
		rc = store_step_done(s, st, "write of a guide step", e);
	}
	return rc;
}

enum status store_calendar_put(struct store *s, const struct calendar_entry *day,
                               struct error *e)
{
	static const char sql[] = "INSERT INTO calendar_day (date, kind, name) VALUES (?, ?, ?) "
	                          "ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, "
	                          "name = excluded.name";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, day->date);
	bind_text(st, 2, day->kind);
	bind_text(st, 3, day->name);
	return store_step_done(s, st, "write of a calendar day", e);
}

/* Quotes text as one FTS5 string: the user's words are never syntax. */
static void fts_quote(const char *q, struct buf *out)
{
	buf_putc(out, '"');
	for (const char *p = q; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

/* LIKE pattern %q% with % _ and \ escaped. */
static void like_pattern(const char *q, struct buf *out)
{
	buf_putc(out, '%');
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	buf_putc(out, '%');
}

enum status store_search(struct store *s, const char *q, int limit, json_t **out,
                         struct error *e)
{
	/* The trigram index answers MATCH for three characters or more; a
	 * shorter query (two Chinese characters are a word) scans with LIKE. */
	static const char match_sql[] =
		"SELECT kind, code, title, snippet(search_index, 3, char(1), char(2), '…', 16) "
		"FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?";
	static const char like_sql[] =
		"SELECT kind, code, title, substr(body, 1, 60) FROM search_index "
		"WHERE title LIKE ?1 ESCAPE '\\' OR body LIKE ?1 ESCAPE '\\' "
		"ORDER BY (title LIKE ?1 ESCAPE '\\') DESC, kind, code LIMIT ?2";
	*out = json_array();
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars == 0)
		return STATUS_OK;
	bool match = chars >= 3;
	struct buf pattern = {0};
	if (match)
		fts_quote(q, &pattern);
	else
		like_pattern(q, &pattern);
	sqlite3_stmt *st = store_stmt(s, match ? match_sql : like_sql, e);
	if (!st) {
		buf_free(&pattern);
		return e->status;
	}
	bind_text(st, 1, pattern.data);
	bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:s}", "kind",
		                                      col_text(st, 0), "code", col_text(st, 1),
		                                      "title", col_text(st, 2), "snippet",
		                                      col_text(st, 3)));
	sqlite3_reset(st);
	buf_free(&pattern);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "search", e);
}
