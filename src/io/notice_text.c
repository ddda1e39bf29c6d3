/* notice_text.c - see notice_text.h. */
#include "notice_text.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/utf8.h"

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		/* U+3000, the ideographic space */
		if (c == 0xe3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		return false;
	}
	return true;
}

static char *gb18030_to_utf8(const char *in, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 4; /* a GB18030 character is 1-4 bytes, its UTF-8 at most 2x */
	char *out = malloc(cap + 1);
	char *ip = (char *)in, *op = out;
	size_t il = len, ol = cap;
	bool ok = out && iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0;
	iconv_close(cd);
	if (!ok) {
		free(out);
		return NULL;
	}
	*outlen = (size_t)(op - out);
	out[*outlen] = '\0';
	return out;
}

enum status notice_text_decode(const char *data, size_t len, const char *field,
                               struct notice_text *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (len > NOTICE_TEXT_MAX)
		return error_set(e, STATUS_INVALID, field, "the notice is larger than %u bytes",
		                 NOTICE_TEXT_MAX);
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return error_set(e, STATUS_INVALID, field,
		                 "a .docx (or other zip) file: this build reads text files only; save "
		                 "the notice as text (.txt) or paste it");
	if (memchr(data, 0, len))
		return error_set(e, STATUS_INVALID, field, "a binary file (NUL bytes), not a notice");
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (blank(data, len))
		return error_set(e, STATUS_INVALID, field, "the notice is empty");
	if (utf8_invalid_at(data, len) == len) {
		out->text = malloc(len + 1);
		if (!out->text)
			die_nomem();
		memcpy(out->text, data, len);
		out->text[len] = '\0';
		out->len = len;
		out->encoding = "utf-8";
		return STATUS_OK;
	}
	size_t n;
	char *text = gb18030_to_utf8(data, len, &n);
	if (!text || utf8_invalid_at(text, n) != n) {
		free(text);
		return error_set(e, STATUS_INVALID, field, "not text: neither UTF-8 nor GBK/GB18030");
	}
	out->text = text;
	out->len = n;
	out->encoding = "gb18030";
	return STATUS_OK;
}
