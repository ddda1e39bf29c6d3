#include "csv.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/utf8.h"

#define MAX_UTF8_ERRORS 20

struct reader {
	csv_row_fn row;
	void *ctx;
	long line;       /* the physical line being fed to the parser */
	long row_line;   /* the line on which the current row started */
	bool row_open;   /* a field of the current row has been seen */
	bool cr_ended;   /* the last row ended at a CR on this line */
	char **fields;
	size_t nfields, cap;
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	char *f = xmalloc(len + 1);
	if (len)
		memcpy(f, data, len);
	f[len] = '\0';
	r->fields[r->nfields++] = f;
	r->row_open = true;
}

static void on_row(int c, void *ctx)
{
	struct reader *r = ctx;
	if (r->row_open) {
		r->row(r->ctx, r->row_line, r->fields, r->nfields);
		for (size_t i = 0; i < r->nfields; i++)
			free(r->fields[i]);
		r->nfields = 0;
		r->row_open = false;
		r->cr_ended = c == CSV_CR;
	} else if (c == CSV_LF && r->cr_ended) {
		r->cr_ended = false; /* the LF of a CRLF */
	}
	/* The next row starts on the next line, whatever ended this one. */
	r->row_line = r->line + 1;
}

/* The line number (1-based) of byte offset `at`. */
static long line_of(const char *data, size_t at)
{
	long line = 1;
	for (size_t i = 0; i < at; i++)
		line += data[i] == '\n';
	return line;
}

static size_t check_utf8(const char *name, const char *data, size_t len, struct diag *d)
{
	size_t errors = 0, at = 0;
	while (at < len && errors < MAX_UTF8_ERRORS) {
		size_t bad = at + utf8_invalid_at(data + at, len - at);
		if (bad >= len)
			break;
		diag_add(d, name, line_of(data, bad), NULL,
		         data[bad] == '\0' ? "NUL byte; the file must be UTF-8 text"
		                           : "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
		         (unsigned char)data[bad]);
		errors++;
		/* Go on from the next line: one error per line is enough. */
		const char *nl = memchr(data + bad, '\n', len - bad);
		at = nl ? (size_t)(nl - data) + 1 : len;
	}
	return errors;
}

size_t csv_read(const char *name, const char *data, size_t len, csv_row_fn row, void *ctx,
                struct diag *d)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	size_t errors = check_utf8(name, data, len, d);
	if (errors)
		return errors;

	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		die_nomem();
	struct reader r = {.row = row, .ctx = ctx, .line = 1, .row_line = 1};
	size_t at = 0;
	while (at < len) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t chunk = nl ? (size_t)(nl - (data + at)) + 1 : len - at;
		if (csv_parse(&p, data + at, chunk, on_field, on_row, &r) != chunk) {
			diag_add(d, name, r.line, NULL, "malformed CSV: %s (a quote inside a field "
			         "must be doubled, and a quoted field must be closed)",
			         csv_strerror(csv_error(&p)));
			errors++;
			break;
		}
		at += chunk;
		r.line++;
	}
	if (!errors) {
		r.line--; /* csv_fini ends the last line, not a new one */
		if (csv_fini(&p, on_field, on_row, &r) != 0) {
			diag_add(d, name, r.row_line, NULL,
			         "malformed CSV: a quoted field is not closed before the end of the file");
			errors++;
		}
	}
	for (size_t i = 0; i < r.nfields; i++)
		free(r.fields[i]);
	free(r.fields);
	csv_free(&p);
	return errors;
}

void csv_put_field(struct buf *out, const char *field)
{
	size_t n = strlen(field);
	bool quote = strpbrk(field, ",\"\r\n") != NULL ||
	             (n && (field[0] == ' ' || field[0] == '\t' || field[n - 1] == ' ' ||
	                    field[n - 1] == '\t'));
	if (!quote) {
		buf_append(out, field, n);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

void csv_put_row(struct buf *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		csv_put_field(out, fields[i]);
	}
	buf_putc(out, '\n');
}
