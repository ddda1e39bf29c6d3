/* list.c - `dutylist list`: a town's list (一镇一单), or all towns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rules.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "cmd.h"

#define NAME_WIDTH 40
#define LEAD_WIDTH 24

static const char *const part_numbers[] = {"一", "二", "三"};

/* "B002; B004 第十一条" */
static void citations_text(const struct task *t, struct buf *out)
{
	for (size_t i = 0; i < t->nbases; i++) {
		buf_printf(out, "%s%s", i ? "; " : "", t->bases[i].basis);
		if (*t->bases[i].article)
			buf_printf(out, " %s", t->bases[i].article);
	}
}

static void print_list(const struct town_list *l)
{
	const struct catalog *c = &l->cat;
	const struct town *town = &c->towns[0];
	size_t counts[LIST_TYPE_COUNT];
	town_list_count(l, counts);
	printf("%s (%s) 职责任务清单  第 %d 版 · %s%s%.10s\n", town->name, town->code, l->version,
	       list_status_name[l->status], *l->published_at ? " " : "", l->published_at);
	printf("共 %zu 项: 基本履职 %zu · 配合履职 %zu · 上级部门收回 %zu\n", c->ntasks,
	       counts[LIST_BASIC], counts[LIST_ASSIST], counts[LIST_RECLAIMED]);
	struct catalog_index ix;
	catalog_index_build(&ix, c);
	struct buf line = {0}, cites = {0};
	int part = -1, category = -1;
	for (size_t i = 0; i < c->ntasks; i++) {
		const struct task *t = &c->tasks[i];
		if ((int)t->list_type != part) {
			part = (int)t->list_type;
			category = -1;
			printf("\n%s、%s (%zu 项)\n", part_numbers[part], list_type_info[part].name,
			       counts[part]);
		}
		if ((int)t->category != category) {
			category = (int)t->category;
			printf("  %s\n", category_info[category].name);
		}
		buf_reset(&line);
		buf_reset(&cites);
		buf_printf(&line, "    %-7s ", t->code);
		utf8_pad(&line, t->name, NAME_WIDTH);
		if (t->list_type != LIST_BASIC) {
			const struct department *d = index_department(&ix, t->lead_department);
			buf_puts(&line, "  ");
			utf8_pad(&line, d ? d->name : t->lead_department, LEAD_WIDTH);
		}
		citations_text(t, &cites);
		printf("%s  依据: %s\n", buf_str(&line), buf_str(&cites));
	}
	buf_free(&line);
	buf_free(&cites);
	catalog_index_free(&ix);
}

static int print_json(const struct town_list *l)
{
	json_t *view = list_view(l);
	int rc = json_dumpf(view, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(view);
	putchar('\n');
	return rc;
}

/* Every town with its list in force, one line each. */
static int print_towns(struct store *s, bool json)
{
	struct catalog c = {0};
	struct error e;
	if (store_catalog_load(s, &c, &e) != STATUS_OK) {
		catalog_free(&c);
		return cmd_fail("list", &e);
	}
	json_t *towns = json_array();
	if (!json)
		printf("%-10s %s %4s %s %s %s %6s\n", "code", "name        ", "ver", "  基本",
		       "  配合", "  收回", "total");
	for (size_t i = 0; i < c.ntowns; i++) {
		struct town_list l;
		size_t counts[LIST_TYPE_COUNT] = {0};
		int version = 0;
		size_t total = 0;
		if (store_list_load(s, c.towns[i].code, 0, &l, &e) == STATUS_OK) {
			town_list_count(&l, counts);
			version = l.version;
			total = l.cat.ntasks;
			town_list_free(&l);
		}
		if (json) {
			json_array_append_new(
				towns, json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "code",
			                         c.towns[i].code, "name", c.towns[i].name, "version",
			                         version, "basic", (json_int_t)counts[LIST_BASIC],
			                         "assist", (json_int_t)counts[LIST_ASSIST], "reclaimed",
			                         (json_int_t)counts[LIST_RECLAIMED], "total",
			                         (json_int_t)total));
			continue;
		}
		struct buf name = {0};
		utf8_pad(&name, c.towns[i].name, 12);
		printf("%-10s %s %4d %6zu %6zu %6zu %6zu\n", c.towns[i].code, name.data, version,
		       counts[LIST_BASIC], counts[LIST_ASSIST], counts[LIST_RECLAIMED], total);
		buf_free(&name);
	}
	if (json) {
		json_t *root = json_pack("{s:o}", "towns", towns);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(towns);
	}
	catalog_free(&c);
	return 0;
}

static int run_list(int argc, char **argv)
{
	const char *db = NULL, *town = NULL, *version_text = NULL, *pos[1];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL},
	                                   {"town", &town, NULL},
	                                   {"version", &version_text, NULL},
	                                   {"json", NULL, &json},
	                                   {0}};
	int rc = cmd_start(&cmd_list, argc, argv, opts, pos, 0, &npos);
	if (rc >= 0)
		return rc;
	int version = 0;
	if (version_text) {
		char *end;
		long v = strtol(version_text, &end, 10);
		if (!*version_text || *end || v < 1 || v > 1000000) {
			fprintf(stderr, "dutylist list: --version: '%s' is not a version number\n",
			        version_text);
			return 2;
		}
		version = (int)v;
	}
	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("list", &e);
	if (!town) {
		rc = print_towns(s, json);
		store_close(s);
		return rc;
	}
	struct town_list l;
	if (store_list_load(s, town, version, &l, &e) != STATUS_OK) {
		store_close(s);
		return cmd_fail("list", &e);
	}
	rc = 0;
	if (json)
		rc = print_json(&l) == 0 ? 0 : 2;
	else
		print_list(&l);
	town_list_free(&l);
	store_close(s);
	return rc;
}

const struct command cmd_list = {
	.name = "list",
	.usage = "[--db PATH] [--town CODE [--version N]] [--json]",
	.summary = "Show a town's list of duties (一镇一单), or every town's list sizes.",
	.help = "  --db PATH     the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --town CODE   the town (its 9-digit code); without it, every town\n"
	        "  --version N   that version instead of the one published and in force\n"
	        "  --json        JSON instead of a table for the terminal\n\n"
	        "The list is grouped by part (基本履职, 配合履职, 上级部门收回) and\n"
	        "category, each task with its lead department and its bases.\n",
	.run = run_list,
};
