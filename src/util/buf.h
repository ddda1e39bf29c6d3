/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The buffer owns its memory; buf_free releases it.  Allocation failure
 * aborts: these buffers hold program output and small documents, and a
 * process that cannot get a few kilobytes cannot do anything useful. */
#ifndef DUTYLIST_BUF_H
#define DUTYLIST_BUF_H

#include <stddef.h>

#include "err.h"

struct buf {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Appends s percent-encoded for a URL's query or path: all but letters,
 * digits, "-._~" (and '/' when keep_slash). */
void buf_url_encode(struct buf *b, const char *s, int keep_slash);
void buf_reset(struct buf *b);       /* empties it, keeps the memory */
const char *buf_str(const struct buf *b); /* "" when empty */
void buf_free(struct buf *b);

/* Aborts with a message: for allocation failures, never for user errors. */
_Noreturn void die_nomem(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
