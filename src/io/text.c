/* text.c - notices' encodings; see text.h. */
#include "text.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/utf8.h"
#include "docx.h"

/* GB18030 (a superset of GBK) to UTF-8 one character at a time, so each
 * UTF-8 byte can be traced to its character in the input.  A character
 * is 1 byte (ASCII), 4 (lead byte, then a digit 0x30-0x39) or 2. */
static bool from_gb18030(const unsigned char *in, size_t len, struct text *t)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return false;
	/* a character of 1, 2 or 4 bytes gives 1, at most 3 or at most 4
	 * bytes of UTF-8: never more than twice the input */
	size_t cap = len * 2 + 4;
	char *out = xmalloc(cap);
	uint32_t *orig = xmalloc((cap + 1) * sizeof *orig);
	size_t o = 0;
	bool ok = true;
	for (size_t i = 0; i < len;) {
		size_t n = in[i] < 0x80 ? 1 : (i + 1 < len && in[i + 1] >= 0x30 && in[i + 1] <= 0x39) ? 4 : 2;
		if (i + n > len) {
			ok = false;
			break;
		}
		char *ip = (char *)in + i, *op = out + o;
		size_t il = n, ol = cap - o;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il) {
			ok = false;
			break;
		}
		for (size_t k = o; k < (size_t)(op - out); k++)
			orig[k] = (uint32_t)i;
		o = (size_t)(op - out);
		i += n;
	}
	iconv_close(cd);
	if (!ok || o == 0 || utf8_invalid_at(out, o) != o) {
		free(out);
		free(orig);
		return false;
	}
	orig[o] = (uint32_t)len;
	out[o] = '\0';
	t->data = out;
	t->len = o;
	t->orig = orig;
	t->encoding = "GB18030";
	return true;
}

bool text_decode(const void *data, size_t len, struct text *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	const unsigned char *in = data;
	if (len == 0)
		return error_set(e, STATUS_INVALID, "", "the file is empty"), false;
	if (len > TEXT_MAX_BYTES)
		return error_set(e, STATUS_INVALID, "", "larger than %zu bytes", TEXT_MAX_BYTES), false;
	if (len >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF)))
		return error_set(e, STATUS_INVALID, "",
		                 "UTF-16 text, which is not read: save it as UTF-8 or GBK"),
		       false;
	if (len >= 8 && memcmp(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return error_set(e, STATUS_INVALID, "",
		                 "a Word 97-2003 .doc, a password-protected .docx or another OLE2 "
		                 "file, which is not read: "
		                 "save it as .docx or text"),
		       false;
	if (memchr(in, 0, len))
		return error_set(e, STATUS_INVALID, "", "a binary file (NUL bytes), not a notice"),
		       false;
	size_t base = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (utf8_invalid_at((const char *)in + base, len - base) == len - base) {
		if (len == base)
			return error_set(e, STATUS_INVALID, "", "the file is empty"), false;
		out->len = len - base;
		out->data = xmalloc(out->len + 1);
		memcpy(out->data, in + base, out->len);
		out->data[out->len] = '\0';
		out->base = base;
		out->encoding = "UTF-8";
		return true;
	}
	if (!from_gb18030(in, len, out))
		return error_set(e, STATUS_INVALID, "", "not text (neither UTF-8 nor GBK/GB18030)"),
		       false;
	return true;
}

bool text_read_notice(const void *data, size_t len, struct text *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (!docx_sniff(data, len))
		return text_decode(data, len, out, e);
	struct buf b = {0};
	if (!docx_text(data, len, &b, e)) {
		buf_free(&b);
		return false;
	}
	if (b.len == 0 || strspn(b.data, " \t\r\n") == b.len) {
		buf_free(&b);
		return error_set(e, STATUS_INVALID, "", "the .docx has no text"), false;
	}
	out->data = b.data;
	out->len = b.len;
	out->encoding = "docx";
	return true;
}

size_t text_orig(const struct text *t, size_t at)
{
	return t->orig ? t->orig[at] : t->base + at;
}

void text_free(struct text *t)
{
	free(t->data);
	free(t->orig);
	memset(t, 0, sizeof *t);
}
