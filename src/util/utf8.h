/* utf8.h - UTF-8 checks and terminal widths, on top of utf8proc. */
#ifndef DUTYLIST_UTF8_H
#define DUTYLIST_UTF8_H

#include <stddef.h>

struct buf;

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..len),
 * or len when all of it is valid.  NUL bytes count as invalid: no text this
 * program reads may carry one. */
size_t utf8_invalid_at(const char *s, size_t len);

/* The number of terminal columns the valid UTF-8 string s takes (CJK
 * characters take two). */
size_t utf8_width(const char *s);

/* Appends s cut to at most `width` columns (with "…" when cut), padded
 * with spaces to exactly `width` columns. */
void utf8_pad(struct buf *out, const char *s, size_t width);

#endif
