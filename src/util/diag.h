/* diag.h - every problem found in an input, in the order found.
 *
 * An import reports all of its errors, not only the first, each as
 * "FILE:LINE: column: reason".  A diag owns its lines; diag_free
 * releases them. */
#ifndef DUTYLIST_DIAG_H
#define DUTYLIST_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct diag {
	char **lines;
	size_t n, cap;
};

/* Adds "file:line: column: reason"; line 0 leaves out the line, an empty
 * or NULL column leaves out the column.  A file name ending in '!' is a
 * workbook's sheet ("乡镇!"): its lines read "乡镇!57: column: reason". */
void diag_add(struct diag *d, const char *file, long line, const char *column,
              const char *fmt, ...) PRINTF_LIKE(5, 6);
void diag_print(const struct diag *d, FILE *out);
void diag_free(struct diag *d);

#endif
