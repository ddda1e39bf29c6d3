/* bench_excel.c - every town's list written out and read back, as posting
 * workbooks (io/list_xlsx.c, read by io/xlsx.c) or, for the baseline, as
 * CSV files of the same nine columns (io/csv.c), in one process so that
 * the figures are the formats' cost and not 2,000 process starts.
 *
 *   bench_excel write xlsx|csv DB OUTDIR   one file per town; prints towns and rows
 *   bench_excel read  xlsx|csv OUTDIR      reads every file back; prints files and rows
 *
 * Run by bench/excel/run.sh, which times each under GNU time for the
 * wall time and peak RSS. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "io/csv.h"
#include "io/list_xlsx.h"
#include "io/xlsx.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/fs.h"

static int fail(const struct error *e)
{
	fprintf(stderr, "bench_excel: %s\n", e->message);
	return 1;
}

/* The baseline: the posting columns as CSV, one row per item. */
static enum status write_csv(const struct town_list *l, const char *path, struct error *e)
{
	struct catalog_index ix;
	catalog_index_build(&ix, &l->cat);
	struct buf out = {0}, bases = {0};
	static const char *const head[] = {"序号", "类别", "职责", "任务事项", "履职方式",
	                                   "牵头部门", "乡镇职责", "部门职责", "依据"};
	csv_put_row(&out, head, 9);
	for (size_t i = 0; i < l->cat.ntasks; i++) {
		const struct task *t = &l->cat.tasks[i];
		const struct department *d = index_department(&ix, t->lead_department);
		buf_reset(&bases);
		for (size_t j = 0; j < t->nbases; j++) {
			const struct basis *b = index_basis(&ix, t->bases[j].basis);
			buf_printf(&bases, "%s《%s》%s", j ? "；" : "", b ? b->title : "",
			           t->bases[j].article);
		}
		char n[16];
		snprintf(n, sizeof n, "%zu", i + 1);
		const char *f[] = {n, category_info[t->category].name, t->duty, t->name,
		                   list_type_info[t->list_type].name, d ? d->name : "",
		                   t->township_part, t->department_part, buf_str(&bases)};
		csv_put_row(&out, f, 9);
	}
	enum status st = fs_write(path, out.data, out.len, e);
	buf_free(&out);
	buf_free(&bases);
	catalog_index_free(&ix);
	return st;
}

static int run_write(const char *format, const char *db, const char *dir)
{
	bool xlsx = strcmp(format, "xlsx") == 0;
	struct error e;
	struct store *s;
	if (store_open(db, STORE_EXISTING, &s, &e) != STATUS_OK)
		return fail(&e);
	struct catalog c = {0};
	if (store_catalog_load(s, &c, &e) != STATUS_OK)
		return fail(&e);
	size_t rows = 0;
	enum status st = STATUS_OK;
	for (size_t i = 0; i < c.ntowns && st == STATUS_OK; i++) {
		struct town_list l;
		if ((st = store_list_load(s, c.towns[i].code, 0, &l, &e)) != STATUS_OK)
			break;
		char path[512];
		snprintf(path, sizeof path, "%s/%s.%s", dir, c.towns[i].code, format);
		st = xlsx ? list_xlsx_write(&l, path, &e) : write_csv(&l, path, &e);
		rows += l.cat.ntasks;
		town_list_free(&l);
	}
	printf("towns=%zu rows=%zu\n", c.ntowns, rows);
	catalog_free(&c);
	store_close(s);
	return st == STATUS_OK ? 0 : fail(&e);
}

struct counter {
	size_t rows;
	long last;
};

static void count_row(void *ctx, long line, char **fields, size_t n)
{
	struct counter *k = ctx;
	(void)fields;
	k->rows += n == 9;
	k->last = line;
}

static int run_read(const char *format, const char *dir)
{
	bool xlsx = strcmp(format, "xlsx") == 0;
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	size_t files = 0, rows = 0, errors = 0;
	struct diag dg = {0};
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		const char *dot = strrchr(ent->d_name, '.');
		if (!dot || strcmp(dot + 1, format) != 0)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
		struct counter k = {0};
		struct error e;
		if (xlsx) {
			struct xlsx *x;
			if (xlsx_open(path, &x, &e) != STATUS_OK)
				return fail(&e);
			for (size_t i = 0; i < xlsx_nsheets(x); i++)
				errors += xlsx_read_sheet(x, i, "S!", count_row, &k, &dg);
			xlsx_close(x);
			/* each sheet: the title row and the header are not items */
			k.rows -= 3; /* the three header rows have 9 cells; titles have 1 */
		} else {
			char *data;
			size_t len;
			if (fs_read(path, (size_t)1 << 30, &data, &len, &e) != STATUS_OK)
				return fail(&e);
			errors += csv_read(path, data, len, count_row, &k, &dg);
			free(data);
			k.rows -= 1; /* the header */
		}
		rows += k.rows;
		files++;
	}
	closedir(d);
	diag_print(&dg, stderr);
	diag_free(&dg);
	printf("files=%zu rows=%zu errors=%zu\n", files, rows, errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "write") == 0)
		return run_write(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "read") == 0)
		return run_read(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_excel write xlsx|csv DB OUTDIR | read xlsx|csv OUTDIR\n");
	return 2;
}
