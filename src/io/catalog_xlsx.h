/* catalog_xlsx.h - the exchange format as one workbook: a sheet per file
 * of docs/exchange-format.md (乡镇 towns.csv, 部门 departments.csv, 职责依据
 * bases.csv, 任务事项 tasks.csv, 办事指南 guides.csv, 节假日 calendar.csv),
 * each with the file's header row and columns. */
#ifndef DUTYLIST_IO_CATALOG_XLSX_H
#define DUTYLIST_IO_CATALOG_XLSX_H

#include <stdbool.h>

#include "../core/catalog.h"
#include "../util/diag.h"

/* The sheet of exchange file `name` ("tasks.csv" -> "任务事项"); NULL for
 * a name that is not an exchange file. */
const char *catalog_xlsx_sheet(const char *name);

/* True when the file at path starts like a zip archive (an .xlsx). */
bool catalog_xlsx_is_workbook(const char *path);

/* Reads the sheets of the workbook at path into c, through the same row
 * checks as the CSV files (catalog_rows_put): every problem goes to d as
 * "SHEET!ROW: column: reason".  Sheets may be missing, as files may; a
 * sheet that is not one of the six is an error (a misspelt 任务事项 would
 * otherwise be left out unnoticed).  A workbook with none of the six is
 * STATUS_INVALID; one that cannot be read STATUS_IO or STATUS_INVALID. */
enum status catalog_xlsx_read(struct catalog *c, const char *path, struct diag *d,
                              struct error *e) MUST_USE;

/* Writes c as a workbook at path (libxlsxwriter's constant-memory mode:
 * rows go to disk as written).  Numbers (population, area_km2,
 * time_limit_days) are number cells, everything else text. */
enum status catalog_xlsx_write(const struct catalog *c, const char *path,
                               struct error *e) MUST_USE;

#endif
