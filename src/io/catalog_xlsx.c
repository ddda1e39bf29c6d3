#include "catalog_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "../util/buf.h"
#include "catalog_csv.h"
#include "xlsx.h"

static const struct {
	const char *file, *sheet;
} sheets[] = {
	{"towns.csv", "乡镇"},     {"departments.csv", "部门"}, {"bases.csv", "职责依据"},
	{"tasks.csv", "任务事项"}, {"guides.csv", "办事指南"},  {"calendar.csv", "节假日"},
};
#define NSHEETS (sizeof sheets / sizeof *sheets)

const char *catalog_xlsx_sheet(const char *name)
{
	for (size_t i = 0; i < NSHEETS; i++)
		if (strcmp(sheets[i].file, name) == 0)
			return sheets[i].sheet;
	return NULL;
}

bool catalog_xlsx_is_workbook(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	unsigned char magic[4] = {0};
	size_t n = fread(magic, 1, 4, f);
	fclose(f);
	return n == 4 && memcmp(magic, "PK\3\4", 4) == 0;
}

enum status catalog_xlsx_read(struct catalog *c, const char *path, struct diag *d,
                              struct error *e)
{
	struct xlsx *x;
	enum status st = xlsx_open(path, &x, e);
	if (st != STATUS_OK)
		return st;
	size_t found = 0;
	for (size_t i = 0; i < xlsx_nsheets(x); i++) {
		const char *name = xlsx_sheet_name(x, i);
		bool known = false;
		for (size_t k = 0; k < NSHEETS; k++)
			known = known || strcmp(name, sheets[k].sheet) == 0;
		if (!known)
			diag_add(d, path, 0, NULL,
			         "sheet '%s' is not one of 乡镇, 部门, 职责依据, 任务事项, 办事指南, 节假日; "
			         "rename or remove it",
			         name);
	}
	/* The sheets in the order of the files: referenced rows first. */
	for (size_t k = 0; k < NSHEETS; k++) {
		for (size_t i = 0; i < xlsx_nsheets(x); i++) {
			if (strcmp(xlsx_sheet_name(x, i), sheets[k].sheet) != 0)
				continue;
			char label[64];
			snprintf(label, sizeof label, "%s!", sheets[k].sheet);
			struct catalog_rows *rows = catalog_rows_begin(c, sheets[k].file, label, true, d);
			size_t broken = xlsx_read_sheet(x, i, label, catalog_rows_put, rows, d);
			catalog_rows_end(rows, broken != 0);
			found++;
		}
	}
	xlsx_close(x);
	if (!found)
		return error_set(e, STATUS_INVALID, NULL,
		                 "%s holds none of the sheets 乡镇, 部门, 职责依据, 任务事项, 办事指南, "
		                 "节假日",
		                 path);
	return STATUS_OK;
}

/* The columns written as numbers. */
static bool numeric(const char *file, const char *column)
{
	return (strcmp(file, "towns.csv") == 0 &&
	        (strcmp(column, "population") == 0 || strcmp(column, "area_km2") == 0)) ||
	       (strcmp(file, "guides.csv") == 0 && strcmp(column, "time_limit_days") == 0);
}

static size_t row_count(const struct catalog *c, size_t k)
{
	const size_t n[NSHEETS] = {c->ntowns, c->ndepartments, c->nbases,
	                           c->ntasks, c->nguides,      c->ncalendar};
	return n[k];
}

static enum status write_error(struct error *e, const char *path, const char *sheet,
                               size_t row, lxw_error err)
{
	if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return error_set(e, STATUS_INVALID, NULL,
		                 "%s: %s!%zu: a text longer than Excel's 32,767 characters", path,
		                 sheet, row);
	return error_set(e, STATUS_IO, NULL, "%s: %s!%zu: %s", path, sheet, row,
	                 lxw_strerror(err));
}

enum status catalog_xlsx_write(const struct catalog *c, const char *path, struct error *e)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL,
	                            .use_zip64 = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return error_set(e, STATUS_IO, NULL, "%s: cannot create the workbook", path);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	enum status st = STATUS_OK;
	for (size_t k = 0; k < NSHEETS && st == STATUS_OK; k++) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheets[k].sheet);
		if (!ws) {
			st = error_set(e, STATUS_IO, NULL, "%s: cannot add sheet %s", path, sheets[k].sheet);
			break;
		}
		worksheet_freeze_panes(ws, 1, 0);
		const char *const *cols = catalog_csv_columns(sheets[k].file);
		size_t ncols = 0;
		while (cols[ncols])
			ncols++;
		worksheet_set_column(ws, 0, (lxw_col_t)(ncols - 1), 16, NULL);
		for (size_t j = 0; j < ncols && st == STATUS_OK; j++) {
			lxw_error err = worksheet_write_string(ws, 0, (lxw_col_t)j, cols[j], head);
			if (err)
				st = write_error(e, path, sheets[k].sheet, 1, err);
		}
		const char *f[16];
		for (size_t i = 0, n = row_count(c, k); i < n && st == STATUS_OK; i++) {
			struct arena scratch = {0};
			size_t nf = catalog_csv_fields(c, sheets[k].file, i, &scratch, f);
			for (size_t j = 0; j < nf && st == STATUS_OK; j++) {
				lxw_row_t row = (lxw_row_t)(i + 1);
				lxw_error err;
				if (numeric(sheets[k].file, cols[j]) && *f[j])
					err = worksheet_write_number(ws, row, (lxw_col_t)j, strtod(f[j], NULL),
					                             NULL);
				else
					err = worksheet_write_string(ws, row, (lxw_col_t)j, f[j], NULL);
				if (err)
					st = write_error(e, path, sheets[k].sheet, i + 2, err);
			}
			arena_free(&scratch);
		}
	}
	lxw_error err = workbook_close(wb); /* frees wb, whatever happened */
	if (st == STATUS_OK && err != LXW_NO_ERROR)
		st = error_set(e, STATUS_IO, NULL, "%s: %s", path, lxw_strerror(err));
	return st;
}
