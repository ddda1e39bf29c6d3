/* catalog_csv.h - the exchange format (docs/exchange-format.md): six CSV
 * files, one per kind of catalogue row. */
#ifndef DUTYLIST_IO_CATALOG_CSV_H
#define DUTYLIST_IO_CATALOG_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/catalog.h"
#include "../util/diag.h"
#include "encoding.h"

struct buf;

/* The file names of the exchange format, in the order an import reads them
 * (referenced rows before the rows that reference them). */
extern const char *const catalog_csv_files[];
extern const size_t catalog_csv_nfiles;

/* True when name is one of catalog_csv_files. */
bool catalog_csv_known(const char *name);

/* Parses one exchange file into c.  Every problem in it goes to d, named
 * by file, line and column; rows with problems are left out of c.  The
 * caller checks d->n: a non-zero count means the import must not go on. */
void catalog_csv_read(struct catalog *c, const char *name, const char *data, size_t len,
                      struct diag *d);

/* Reading one exchange file from any source of rows: a CSV file, or a
 * workbook's sheet (io/catalog_xlsx.c).  catalog_rows_begin starts the
 * file of kind `name` ("tasks.csv"), its errors labelled `label` ("tasks.csv",
 * or "任务事项!" for a sheet); catalog_rows_put (a csv_row_fn) takes each
 * row, the header first, and checks and parses it into c exactly as
 * catalog_csv_read does; catalog_rows_end reports a file without even a
 * header (unless `broken`: its reader already said why) and frees the
 * reader.  `sparse`: rows may be shorter than the header (a sheet's empty
 * trailing cells are absent) and are padded with empty fields. */
struct catalog_rows;
struct catalog_rows *catalog_rows_begin(struct catalog *c, const char *name, const char *label,
                                        bool sparse, struct diag *d);
void catalog_rows_put(void *rows, long line, char **fields, size_t n);
void catalog_rows_end(struct catalog_rows *rows, bool broken);

/* The columns of file `name` in their export order, NULL-terminated;
 * NULL for a name that is not an exchange file. */
const char *const *catalog_csv_columns(const char *name);

/* Parses one row given as fields in column order (NULL counts as empty),
 * as if it came from file `name`; problems go to d as "column: reason"
 * (prefixed by `source` when not NULL), and a row with problems is left
 * out of c.  For edits through the API and forms. */
void catalog_csv_row(struct catalog *c, const char *name, const char *const *fields,
                     const char *source, struct diag *d);

/* Row i of the rows of c that belong in file `name`, as the file's fields
 * in column order (strings made here live in the arena a).  Returns the
 * number of fields. */
size_t catalog_csv_fields(const struct catalog *c, const char *name, size_t i,
                          struct arena *a, const char **f);

/* Writes the rows of c that belong in file `name`, header first. */
void catalog_csv_write(const struct catalog *c, const char *name, struct buf *out);

/* Reads every exchange file present in dir into c (see catalog_csv_read),
 * each converted from enc first (ENC_AUTO: UTF-8, or GB18030 when the
 * file is not UTF-8; io/encoding.h).  A directory with none of them is
 * STATUS_INVALID; an unreadable one STATUS_IO. */
enum status catalog_csv_read_dir(struct catalog *c, const char *dir, enum text_encoding enc,
                                 struct diag *d, struct error *e) MUST_USE;

/* Writes the six exchange files of c into dir, creating it if needed, in
 * encoding enc (ENC_UTF8 or ENC_AUTO: UTF-8), after a UTF-8 BOM when
 * `bom`.  A character enc cannot hold goes to d naming file and line, and
 * then nothing is written (STATUS_INVALID). */
enum status catalog_csv_write_dir(const struct catalog *c, const char *dir,
                                  enum text_encoding enc, bool bom, struct diag *d,
                                  struct error *e) MUST_USE;

#endif
