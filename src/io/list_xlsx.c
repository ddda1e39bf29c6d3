#include "list_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../core/rules.h"
#include "../util/buf.h"
#include "../util/fs.h"

#define NCOLS 9
static const char *const columns[NCOLS] = {"序号",     "类别",     "职责",     "任务事项", "履职方式",
                                           "牵头部门", "乡镇职责", "部门职责", "依据"};
static const double widths[NCOLS] = {6, 10, 16, 24, 10, 16, 32, 32, 36};

struct formats {
	lxw_format *title, *head, *cell, *center;
};

/* "《中华人民共和国消防法》第三十二条；《...》" */
static void citations(const struct task *t, const struct catalog_index *ix, struct buf *out)
{
	for (size_t i = 0; i < t->nbases; i++) {
		const struct basis *b = index_basis(ix, t->bases[i].basis);
		buf_printf(out, "%s《%s》%s", i ? "；\n" : "", b ? b->title : t->bases[i].basis,
		           t->bases[i].article);
	}
}

static lxw_error put(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	return worksheet_write_string(ws, r, c, s, f);
}

static enum status write_part(lxw_workbook *wb, const struct town_list *l,
                              const struct catalog_index *ix, enum list_type part,
                              const struct formats *fm, struct error *e)
{
	const struct catalog *c = &l->cat;
	const struct town *town = &c->towns[0];
	lxw_worksheet *ws = workbook_add_worksheet(wb, list_type_info[part].name);
	if (!ws)
		return error_set(e, STATUS_IO, NULL, "cannot add sheet %s", list_type_info[part].name);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_repeat_rows(ws, 0, 1);
	worksheet_fit_to_pages(ws, 1, 0); /* as wide as the page, as long as it takes */
	worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
	worksheet_freeze_panes(ws, 2, 0);
	for (lxw_col_t j = 0; j < NCOLS; j++)
		worksheet_set_column(ws, j, j, widths[j], NULL);

	size_t counts[LIST_TYPE_COUNT];
	town_list_count(l, counts);
	char date[11] = "";
	snprintf(date, sizeof date, "%.10s", *l->published_at ? l->published_at : l->created_at);
	struct buf title = {0};
	buf_printf(&title, "%s职责任务清单（%s）  第 %d 版  %s  %s  共 %zu 项", town->name,
	           list_type_info[part].name, l->version, list_status_name[l->status], date,
	           counts[part]);
	lxw_error err = worksheet_merge_range(ws, 0, 0, 0, NCOLS - 1, buf_str(&title), fm->title);
	buf_free(&title);
	worksheet_set_row(ws, 0, 30, NULL);
	for (lxw_col_t j = 0; j < NCOLS && !err; j++)
		err = put(ws, 1, j, columns[j], fm->head);

	lxw_row_t row = 2;
	size_t n = 0;
	struct buf bases = {0};
	for (size_t i = 0; i < c->ntasks && !err; i++) {
		const struct task *t = &c->tasks[i];
		if (t->list_type != part)
			continue;
		/* the rows of this category, merged in 类别 */
		size_t run = 1;
		while (i + run < c->ntasks && c->tasks[i + run].list_type == part &&
		       c->tasks[i + run].category == t->category)
			run++;
		const char *cat = category_info[t->category].name;
		if (run > 1)
			err = worksheet_merge_range(ws, row, 1, (lxw_row_t)(row + run - 1), 1, cat,
			                            fm->center);
		else
			err = put(ws, row, 1, cat, fm->center);
		for (size_t k = 0; k < run && !err; k++, row++) {
			const struct task *u = &c->tasks[i + k];
			const struct department *lead = index_department(ix, u->lead_department);
			buf_reset(&bases);
			citations(u, ix, &bases);
			err = worksheet_write_number(ws, row, 0, (double)++n, fm->center);
			if (!err)
				err = put(ws, row, 2, u->duty, fm->cell);
			if (!err)
				err = put(ws, row, 3, u->name, fm->cell);
			if (!err)
				err = put(ws, row, 4, list_type_info[part].name, fm->center);
			if (!err)
				err = put(ws, row, 5, lead ? lead->name : u->lead_department, fm->cell);
			if (!err)
				err = put(ws, row, 6, u->township_part, fm->cell);
			if (!err)
				err = put(ws, row, 7, u->department_part, fm->cell);
			if (!err)
				err = put(ws, row, 8, buf_str(&bases), fm->cell);
		}
		i += run - 1;
	}
	buf_free(&bases);
	if (err)
		return error_set(e, err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? STATUS_INVALID : STATUS_IO,
		                 NULL, "%s!%u: %s", list_type_info[part].name, (unsigned)row + 1,
		                 lxw_strerror(err));
	return STATUS_OK;
}

enum status list_xlsx_write(const struct town_list *l, const char *path, struct error *e)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return error_set(e, STATUS_IO, NULL, "%s: cannot create the workbook", path);
	struct formats fm = {workbook_add_format(wb), workbook_add_format(wb),
	                     workbook_add_format(wb), workbook_add_format(wb)};
	format_set_bold(fm.title);
	format_set_font_size(fm.title, 14);
	format_set_align(fm.title, LXW_ALIGN_CENTER);
	format_set_align(fm.title, LXW_ALIGN_VERTICAL_CENTER);
	lxw_format *boxed[] = {fm.head, fm.cell, fm.center};
	for (size_t i = 0; i < 3; i++) {
		format_set_border(boxed[i], LXW_BORDER_THIN);
		format_set_text_wrap(boxed[i]);
		format_set_align(boxed[i], LXW_ALIGN_VERTICAL_CENTER);
	}
	format_set_bold(fm.head);
	format_set_bg_color(fm.head, 0xDDEBF7);
	format_set_align(fm.head, LXW_ALIGN_CENTER);
	format_set_align(fm.center, LXW_ALIGN_CENTER);
	workbook_set_properties(wb, &(lxw_doc_properties){.title = "职责任务清单"});

	struct catalog_index ix;
	catalog_index_build(&ix, &l->cat);
	enum status st = STATUS_OK;
	for (int p = 0; p < LIST_TYPE_COUNT && st == STATUS_OK; p++)
		st = write_part(wb, l, &ix, (enum list_type)p, &fm, e);
	catalog_index_free(&ix);
	lxw_error err = workbook_close(wb);
	if (st == STATUS_OK && err != LXW_NO_ERROR)
		st = error_set(e, STATUS_IO, NULL, "%s: %s", path, lxw_strerror(err));
	return st;
}

enum status list_xlsx_bytes(const struct town_list *l, char **data, size_t *len, struct error *e)
{
	/* libxlsxwriter writes files: make it in a private directory, read
	 * it back, remove it. */
	*data = NULL;
	*len = 0;
	char dir[] = "/tmp/dutylist-xlsx-XXXXXX";
	if (!mkdtemp(dir))
		return error_set(e, STATUS_IO, NULL, "cannot make a temporary directory");
	char path[64];
	snprintf(path, sizeof path, "%s/list.xlsx", dir);
	enum status st = list_xlsx_write(l, path, e);
	if (st == STATUS_OK)
		st = fs_read(path, (size_t)1 << 30, data, len, e);
	unlink(path);
	rmdir(dir);
	return st;
}
