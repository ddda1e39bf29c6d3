/* list_xlsx.h - a town's list (一镇一单) as offices lay it out for posting:
 * one sheet per part (基本履职, 配合履职, 上级部门收回), a title row (town,
 * version, date), the columns 序号 | 类别 | 职责 | 任务事项 | 履职方式 |
 * 牵头部门 | 乡镇职责 | 部门职责 | 依据, the 类别 cells of a category merged,
 * the header frozen, text wrapped, printed on A4 landscape with the title
 * and header rows repeated on every page and the page number below. */
#ifndef DUTYLIST_IO_LIST_XLSX_H
#define DUTYLIST_IO_LIST_XLSX_H

#include "../core/list.h"
#include "../util/err.h"

/* Writes l (tasks in list order, as store_list_load gives them) as a
 * workbook at path. */
enum status list_xlsx_write(const struct town_list *l, const char *path,
                            struct error *e) MUST_USE;

/* The same, as the bytes of the file (for a download): *data is owned by
 * the caller. */
enum status list_xlsx_bytes(const struct town_list *l, char **data, size_t *len,
                            struct error *e) MUST_USE;

#endif
