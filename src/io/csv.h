/* csv.h - reading and writing RFC 4180 CSV, on Debian's libcsv.
 *
 * libcsv parses; this file adds what an import needs around it: the UTF-8
 * BOM is skipped, the text must be valid UTF-8, and every row is handed
 * over with the physical line on which it starts, so that errors can say
 * "tasks.csv:57".  Quoted fields may hold commas, quotes and newlines;
 * CRLF and LF line ends are both accepted; blank lines are skipped. */
#ifndef DUTYLIST_IO_CSV_H
#define DUTYLIST_IO_CSV_H

#include <stddef.h>

#include "../util/diag.h"

struct buf;

/* Called once per row.  fields[i] are NUL-terminated and valid only during
 * the call. */
typedef void (*csv_row_fn)(void *ctx, long line, char **fields, size_t nfields);

/* Parses data[0..len) as the file `name`, calling row for each row.
 * Encoding and syntax errors go to d, named by line; returns the number of
 * such errors (0 when the whole file was read). */
size_t csv_read(const char *name, const char *data, size_t len, csv_row_fn row, void *ctx,
                struct diag *d);

/* Appends one field, quoted only when it must be (comma, quote, CR, LF, or
 * leading/trailing space, which readers would otherwise trim). */
void csv_put_field(struct buf *out, const char *field);
/* Appends a row of n fields and a LF. */
void csv_put_row(struct buf *out, const char *const *fields, size_t n);

#endif
