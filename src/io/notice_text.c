/* notice_text.c - see notice_text.h.  The decoding is src/io/text.c's
 * (UTF-8, GBK/GB18030, .docx); this adds what an upload needs: a size
 * limit, refusing a notice of blanks, and errors naming the field. */
#include "notice_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

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

enum status notice_text_decode(const char *data, size_t len, const char *field,
                               struct notice_text *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (len > NOTICE_TEXT_MAX)
		return error_set(e, STATUS_INVALID, field, "the notice is larger than %u bytes",
		                 NOTICE_TEXT_MAX);
	struct text t;
	struct error te;
	if (!text_read_notice(data, len, &t, &te)) {
		text_free(&t);
		return error_set(e, STATUS_INVALID, field, "%s", te.message);
	}
	if (blank(t.data, t.len)) {
		text_free(&t);
		return error_set(e, STATUS_INVALID, field, "the notice is empty");
	}
	out->text = t.data;
	out->len = t.len;
	out->encoding = strcmp(t.encoding, "UTF-8") == 0     ? "utf-8"
	                : strcmp(t.encoding, "GB18030") == 0 ? "gb18030"
	                                                     : "docx";
	t.data = NULL; /* now out's */
	text_free(&t);
	return STATUS_OK;
}
