/* catalog_csv.h - the exchange format (docs/exchange-format.md): six CSV
 * files, one per kind of catalogue row. */
#ifndef DUTYLIST_IO_CATALOG_CSV_H
#define DUTYLIST_IO_CATALOG_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/catalog.h"
#include "../util/diag.h"

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

/* Reads every exchange file present in dir into c (see catalog_csv_read).
 * A directory with none of them is STATUS_INVALID; an unreadable one
 * STATUS_IO. */
enum status catalog_csv_read_dir(struct catalog *c, const char *dir, struct diag *d,
                                 struct error *e) MUST_USE;

/* Writes the six exchange files of c into dir, creating it if needed. */
enum status catalog_csv_write_dir(const struct catalog *c, const char *dir,
                                  struct error *e) MUST_USE;

#endif
