/* views.c - read-only queries that feed pages and the API. */
#include "internal.h"

#include <string.h>

#include "../util/buf.h"

enum status store_town_summaries(struct store *s, const char *code, json_t **out,
                                 struct error *e)
{
	static const char sql[] =
		"SELECT tw.code, tw.name, tw.kind, tw.population, tw.area_km2, tw.tags, "
		"coalesce(lv.version, 0), coalesce(lv.published_at, ''), "
		"coalesce(sum(r.list_type = '基本履职'), 0), coalesce(sum(r.list_type = '配合履职'), 0), "
		"coalesce(sum(r.list_type = '上级部门收回'), 0), count(r.id) "
		"FROM town tw LEFT JOIN list_version lv ON lv.town_id = tw.id AND lv.status = 'published' "
		"LEFT JOIN list_item li ON li.version_id = lv.id "
		"LEFT JOIN task_rev r ON r.id = li.rev_id "
		"WHERE (? = '' OR tw.code = ?) GROUP BY tw.id ORDER BY tw.code";
	*out = NULL;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, code ? code : "");
	bind_text(st, 2, code ? code : "");
	json_t *towns = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *tags = json_array();
		struct arena a = {0};
		const char **parts;
		size_t n = split_list(&a, col_text(st, 5), ';', &parts);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(tags, json_string(parts[i]));
		arena_free(&a);
		json_array_append_new(
			towns,
			json_pack("{s:s, s:s, s:s, s:I, s:f, s:o, s:i, s:s, s:{s:I, s:I, s:I}, s:I}",
		                  "code", col_text(st, 0), "name", col_text(st, 1), "kind",
		                  col_text(st, 2), "population", (json_int_t)sqlite3_column_int64(st, 3),
		                  "area_km2", sqlite3_column_double(st, 4), "tags", tags, "version",
		                  sqlite3_column_int(st, 6), "published_at", col_text(st, 7), "counts",
		                  "basic", (json_int_t)sqlite3_column_int64(st, 8), "assist",
		                  (json_int_t)sqlite3_column_int64(st, 9), "reclaimed",
		                  (json_int_t)sqlite3_column_int64(st, 10), "total",
		                  (json_int_t)sqlite3_column_int64(st, 11)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(towns);
		return store_fail(s, "read of towns", e);
	}
	*out = towns;
	return STATUS_OK;
}

enum status store_task_towns(struct store *s, const char *task_code, json_t **out,
                             struct error *e)
{
	static const char sql[] =
		"SELECT tw.code, tw.name, lv.version FROM task t JOIN task_rev r ON r.task_id = t.id "
		"JOIN list_item li ON li.rev_id = r.id JOIN list_version lv ON lv.id = li.version_id "
		"JOIN town tw ON tw.id = lv.town_id WHERE t.code = ? AND lv.status = 'published' "
		"ORDER BY tw.code";
	*out = NULL;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, task_code);
	json_t *towns = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(towns, json_pack("{s:s, s:s, s:i}", "code", col_text(st, 0),
		                                       "name", col_text(st, 1), "version",
		                                       sqlite3_column_int(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(towns);
		return store_fail(s, "read of towns", e);
	}
	*out = towns;
	return STATUS_OK;
}

enum status store_data_version(struct store *s, long long *version, struct error *e)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc = sqlite3_step(st);
	long long v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, "read of the data version", e);
	/* data_version counts others' commits, total_changes our own rows. */
	*version = (v << 32) ^ (long long)sqlite3_total_changes64(s->db);
	return STATUS_OK;
}

/* The catalogue, cached per connection and reloaded when the database
 * changed (store_data_version). */
enum status store_catalog_cached(struct store *s, const struct catalog **c,
                                 const struct catalog_index **ix, struct error *e)
{
	long long version;
	enum status vs = store_data_version(s, &version, e);
	if (vs != STATUS_OK)
		return vs;
	if (!s->cache_valid || s->cache_version != version) {
		catalog_index_free(&s->cache_index);
		catalog_free(&s->cache_catalog);
		s->cache_valid = false;
		enum status status = store_catalog_load(s, &s->cache_catalog, e);
		if (status != STATUS_OK) {
			catalog_free(&s->cache_catalog);
			return status;
		}
		catalog_index_build(&s->cache_index, &s->cache_catalog);
		s->cache_version = version;
		s->cache_valid = true;
	}
	*c = &s->cache_catalog;
	*ix = &s->cache_index;
	return STATUS_OK;
}
