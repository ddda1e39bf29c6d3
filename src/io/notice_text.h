/* notice_text.h - a notice's file as UTF-8 text: what a department
 * uploads or pastes (UTF-8, GBK/GB18030 as Chinese Windows saves it, or a
 * Word .docx), read by src/io/text.h and checked to hold text at all
 * before the screening engine reads it. */
#ifndef DUTYLIST_IO_NOTICE_TEXT_H
#define DUTYLIST_IO_NOTICE_TEXT_H

#include <stddef.h>

#include "../util/err.h"

#define NOTICE_TEXT_MAX (2u << 20) /* 2 MiB: a notice, not a book */

struct notice_text {
	char *text; /* UTF-8, NUL-terminated, malloc'd: the caller frees it */
	size_t len;
	const char *encoding; /* "utf-8", "gb18030", "docx" (static) */
};

/* Decodes len bytes: a .docx (by its zip signature) or text, UTF-8 (a BOM
 * is dropped) or, when not valid UTF-8, GB18030 (a superset of GBK).
 * Errors (STATUS_INVALID, field `field`, the message saying why): empty
 * or only spaces, larger than NOTICE_TEXT_MAX, NUL bytes (a binary file),
 * a broken .docx, neither encoding. */
enum status notice_text_decode(const char *data, size_t len, const char *field,
                               struct notice_text *out, struct error *e) MUST_USE;

#endif
