/* encoding.h - the text encodings CSV files come in from Chinese offices:
 * UTF-8 (with or without a BOM), and GBK or its superset GB18030, what
 * older Excel writes on a Chinese Windows.  Conversion is glibc's iconv. */
#ifndef DUTYLIST_IO_ENCODING_H
#define DUTYLIST_IO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

enum text_encoding {
	ENC_AUTO,    /* reading: UTF-8 when the bytes are valid UTF-8, else GB18030 */
	ENC_UTF8,
	ENC_GBK,
	ENC_GB18030,
};

/* "utf-8"/"utf8", "gbk", "gb18030" (any case), or "auto"; false for
 * anything else. */
bool encoding_parse(const char *name, enum text_encoding *out);
const char *encoding_name(enum text_encoding enc);

/* Converts data[0..len), the file `file` in encoding enc, to UTF-8 in a
 * new buffer (*out, NUL-terminated, owned by the caller; *out is NULL
 * when data is already UTF-8 and needs no copy).  Bytes that are not
 * text in the encoding go to d as "file:line: not valid GBK ...";
 * returns the number of such errors. */
size_t encoding_to_utf8(const char *file, const char *data, size_t len, enum text_encoding enc,
                        char **out, size_t *out_len, struct diag *d);

/* Converts the UTF-8 text data[0..len) of file `file` to enc (UTF-8:
 * nothing to do, *out NULL).  A character that enc cannot write goes to d
 * as "file:line: '字' has no GBK encoding ..."; returns the number of
 * such errors. */
size_t encoding_from_utf8(const char *file, const char *data, size_t len, enum text_encoding enc,
                          char **out, size_t *out_len, struct diag *d);

#endif
