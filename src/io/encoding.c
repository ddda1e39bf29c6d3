#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/utf8.h"

#define MAX_ERRORS 20

bool encoding_parse(const char *name, enum text_encoding *out)
{
	if (strcasecmp(name, "auto") == 0)
		*out = ENC_AUTO;
	else if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		*out = ENC_UTF8;
	else if (strcasecmp(name, "gbk") == 0)
		*out = ENC_GBK;
	else if (strcasecmp(name, "gb18030") == 0)
		*out = ENC_GB18030;
	else
		return false;
	return true;
}

const char *encoding_name(enum text_encoding enc)
{
	static const char *const names[] = {"auto", "UTF-8", "GBK", "GB18030"};
	return names[enc];
}

static long line_at(const char *data, size_t at)
{
	long line = 1;
	for (size_t i = 0; i < at; i++)
		line += data[i] == '\n';
	return line;
}

/* Runs iconv over the whole input; on a character it cannot convert,
 * reports it through bad(), skips it (one byte when reading, one UTF-8
 * character when writing) and goes on, up to MAX_ERRORS. */
static size_t convert(const char *to, const char *from, const char *data, size_t len,
                      struct buf *out, size_t (*skip)(const char *p, size_t left),
                      void (*bad)(const char *data, size_t at, size_t n, void *ctx), void *ctx)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		die_nomem(); /* glibc always has these converters */
	size_t errors = 0;
	char *in = (char *)data;
	size_t left = len;
	char chunk[16384];
	while (left > 0) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &o, &room);
		buf_append(out, chunk, (size_t)(o - chunk));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a sequence cut off at the end */
		size_t at = (size_t)(in - data), n = skip(in, left);
		if (errors < MAX_ERRORS)
			bad(data, at, n, ctx);
		errors++;
		in += n;
		left -= n;
	}
	char *o = chunk;
	size_t room = sizeof chunk;
	if (iconv(cd, NULL, NULL, &o, &room) != (size_t)-1)
		buf_append(out, chunk, (size_t)(o - chunk));
	iconv_close(cd);
	return errors;
}

static size_t skip_byte(const char *p, size_t left)
{
	(void)p;
	(void)left;
	return 1;
}

static size_t skip_utf8_char(const char *p, size_t left)
{
	unsigned char c = (unsigned char)p[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return n > left ? left : n;
}

struct report {
	const char *file;
	enum text_encoding enc;
	struct diag *d;
	long last_line; /* one error a line is enough */
};

static void bad_input(const char *data, size_t at, size_t n, void *ctx)
{
	(void)n;
	struct report *r = ctx;
	long line = line_at(data, at);
	if (line == r->last_line)
		return;
	r->last_line = line;
	diag_add(r->d, r->file, line, NULL,
	         "byte 0x%02X is neither UTF-8 nor %s text; save the file as UTF-8, or name its "
	         "encoding with --encoding",
	         (unsigned char)data[at], encoding_name(r->enc == ENC_AUTO ? ENC_GB18030 : r->enc));
}

static void bad_output(const char *data, size_t at, size_t n, void *ctx)
{
	struct report *r = ctx;
	long line = line_at(data, at);
	if (line == r->last_line)
		return;
	r->last_line = line;
	diag_add(r->d, r->file, line, NULL,
	         "'%.*s' has no %s encoding; export with --encoding gb18030 or utf-8", (int)n,
	         data + at, encoding_name(r->enc));
}

/* The length of the valid UTF-8 sequence at p (2 to 4), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (!n || n > left)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
		return 0;
	return n;
}

/* A file that is not valid UTF-8 is GB18030 when most of its non-ASCII
 * text is not UTF-8: a UTF-8 file with a stray byte or a pasted GBK line
 * is broken UTF-8, and is reported as such, line by line. */
static bool looks_gb(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t valid = 0, invalid = 0;
	for (size_t i = 0; i < len;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_seq(p + i, len - i);
		if (n) {
			valid++;
			i += n;
		} else {
			invalid++;
			i++;
		}
	}
	return invalid > valid;
}

size_t encoding_to_utf8(const char *file, const char *data, size_t len, enum text_encoding enc,
                        char **out, size_t *out_len, struct diag *d)
{
	*out = NULL;
	*out_len = 0;
	if (enc == ENC_UTF8 ||
	    (enc == ENC_AUTO && (utf8_invalid_at(data, len) >= len || !looks_gb(data, len))))
		return 0; /* the CSV reader checks UTF-8 itself, naming the line */
	struct buf b = {0};
	struct report r = {file, enc, d, 0};
	size_t errors = convert("UTF-8", enc == ENC_GBK ? "GBK" : "GB18030", data, len, &b,
	                        skip_byte, bad_input, &r);
	if (errors > MAX_ERRORS)
		diag_add(d, file, 0, NULL, "%zu more encoding errors not shown", errors - MAX_ERRORS);
	*out_len = b.len;
	*out = b.data ? b.data : xstrdup("");
	return errors;
}

size_t encoding_from_utf8(const char *file, const char *data, size_t len, enum text_encoding enc,
                          char **out, size_t *out_len, struct diag *d)
{
	*out = NULL;
	*out_len = 0;
	if (enc == ENC_UTF8 || enc == ENC_AUTO)
		return 0;
	struct buf b = {0};
	struct report r = {file, enc, d, 0};
	size_t errors = convert(enc == ENC_GBK ? "GBK" : "GB18030", "UTF-8", data, len, &b,
	                        skip_utf8_char, bad_output, &r);
	if (errors > MAX_ERRORS)
		diag_add(d, file, 0, NULL, "%zu more characters without a %s encoding not shown",
		         errors - MAX_ERRORS, encoding_name(enc));
	*out_len = b.len;
	*out = b.data ? b.data : xstrdup("");
	return errors;
}
