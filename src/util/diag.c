#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void diag_add(struct diag *d, const char *file, long line, const char *column,
              const char *fmt, ...)
{
	struct buf b = {0};
	if (file && *file) {
		/* A workbook's sheet is named "SHEET!" and its rows read
		 * "SHEET!ROW", as a spreadsheet names a cell. */
		size_t n = strlen(file);
		bool sheet = file[n - 1] == '!';
		buf_append(&b, file, sheet && line <= 0 ? n - 1 : n);
		if (line > 0)
			buf_printf(&b, sheet ? "%ld" : ":%ld", line);
		buf_puts(&b, ": ");
	}
	if (column && *column)
		buf_printf(&b, "%s: ", column);
	va_list ap;
	va_start(ap, fmt);
	char tmp[1024];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_puts(&b, tmp);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
	}
	d->lines[d->n++] = b.data;
}

void diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(out, "%s\n", d->lines[i]);
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
	d->lines = NULL;
	d->n = d->cap = 0;
}
