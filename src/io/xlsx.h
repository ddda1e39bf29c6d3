/* xlsx.h - reading the cells of an Office Open XML workbook (.xlsx), on
 * Debian's libzip (the container) and expat (the XML, streamed).
 *
 * What a sheet's cells may hold and what a row hands over for each:
 *   shared strings (t="s") and inline strings (t="inlineStr"): the text,
 *     rich-text runs joined, phonetic runs (<rPh>) left out, and the
 *     _xHHHH_ escapes of OOXML decoded;
 *   numbers: the shortest text that reads back to the same value
 *     ("12.5", "340"), or YYYY-MM-DD when the cell's number format is a
 *     date format (the 1900 and 1904 date systems both);
 *   booleans: TRUE / FALSE; ISO dates (t="d"): their date part;
 *   formula results (t="str"), formulas and error values (#N/A): refused
 *     with an error naming the cell, since an import takes values, not a
 *     calculation whose result the file may not even hold.
 * Empty trailing cells are not handed over; missing cells in the middle
 * are empty fields; rows with no value at all are skipped (as blank lines
 * of a CSV file are).  Row numbers are the sheet's own (<row r="N">), as
 * Excel shows them. */
#ifndef DUTYLIST_IO_XLSX_H
#define DUTYLIST_IO_XLSX_H

#include <stddef.h>

#include "../util/diag.h"
#include "../util/err.h"
#include "csv.h"

struct xlsx;

/* Opens the workbook at path and reads its sheet list, shared strings and
 * styles.  A file that is not a workbook is STATUS_INVALID, an unreadable
 * one STATUS_IO, both with a message naming path.  The caller frees *out
 * with xlsx_close. */
enum status xlsx_open(const char *path, struct xlsx **out, struct error *e) MUST_USE;
void xlsx_close(struct xlsx *x);

/* The sheets in workbook order. */
size_t xlsx_nsheets(const struct xlsx *x);
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);

/* Reads sheet i, calling row(ctx, ROW, fields, n) for every row that holds
 * a value (fields valid only during the call).  Problems go to d as
 * "LABEL ROW: column: reason" (label "任务事项!" gives "任务事项!5: ..."),
 * the column named by the first row's text in it (the header) and the
 * cell ("bases (K5)"); a row with a problem is not handed over.  Returns
 * the number of problems. */
size_t xlsx_read_sheet(struct xlsx *x, size_t i, const char *label, csv_row_fn row, void *ctx,
                       struct diag *d);

#endif
