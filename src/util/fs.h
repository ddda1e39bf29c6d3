/* fs.h - whole-file reads and writes. */
#ifndef DUTYLIST_FS_H
#define DUTYLIST_FS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Reads the file at path into a new NUL-terminated buffer (*data, which the
 * caller frees) of *len bytes.  Refuses files larger than max_len. */
enum status fs_read(const char *path, size_t max_len, char **data, size_t *len,
                    struct error *e) MUST_USE;

/* Writes data to path through a temporary file and a rename, so a reader
 * never sees half a file. */
enum status fs_write(const char *path, const void *data, size_t len,
                     struct error *e) MUST_USE;

bool fs_exists(const char *path);
bool fs_is_dir(const char *path);

#endif
