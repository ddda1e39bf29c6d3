/* text.h - a notice's bytes as UTF-8 text: UTF-8 (a BOM stripped) or
 * GBK/GB18030 (detected: what is not valid UTF-8 is tried as GB18030,
 * converted with iconv), or a .docx (by its zip signature; see docx.h).
 *
 * Every byte of the converted text can be traced back to the input
 * (text_orig), so a finding's offset can name bytes of the file as it is
 * on disk; for a .docx, whose text is extracted from XML, offsets are
 * those of the extracted text (there are no "bytes on disk" to point at). */
#ifndef DUTYLIST_IO_TEXT_H
#define DUTYLIST_IO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define TEXT_MAX_BYTES ((size_t)64 << 20)

struct text {
	char *data;           /* UTF-8, NUL-terminated; owned, text_free frees it */
	size_t len;
	const char *encoding; /* "UTF-8", "GB18030" or "docx" (static strings) */
	size_t base;          /* input bytes before data[0] (a BOM) when orig is NULL */
	uint32_t *orig;       /* NULL, or len + 1 input offsets: orig[i] is where the
	                         character holding data[i] starts; orig[len] = input length
	                         (32 bits: inputs are at most TEXT_MAX_BYTES) */
};

/* Decodes text: valid UTF-8 as it is (a BOM stripped), otherwise
 * GB18030.  Fails (STATUS_INVALID, e says why) for an empty input, a NUL
 * byte (a binary file; UTF-16 and Word 97-2003 .doc files are named as
 * such), input valid in neither encoding, or more than TEXT_MAX_BYTES. */
bool text_decode(const void *data, size_t len, struct text *out, struct error *e);

/* A notice as uploaded or read from disk: a .docx when it starts like a
 * zip archive, else text_decode.  A .docx without any text fails too. */
bool text_read_notice(const void *data, size_t len, struct text *out, struct error *e);

/* The input offset of byte `at` of the text (0 <= at <= len). */
size_t text_orig(const struct text *t, size_t at);

void text_free(struct text *t);

#endif
