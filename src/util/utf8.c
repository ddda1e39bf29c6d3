#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

#include "buf.h"

size_t utf8_invalid_at(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) { /* fast path for ASCII */
			if (p[i] == 0)
				return i;
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

size_t utf8_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t width = 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) { /* not UTF-8: count the byte as one column */
			p++;
			width++;
			continue;
		}
		int w = utf8proc_charwidth(cp);
		width += w > 0 ? (size_t)w : 0;
		p += n;
	}
	return width;
}

void utf8_pad(struct buf *out, const char *s, size_t width)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t used = 0;
	if (utf8_width(s) <= width) {
		buf_puts(out, s);
		used = utf8_width(s);
	} else {
		/* Leave one column for the ellipsis. */
		while (*p) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
			if (n <= 0)
				break;
			int w = utf8proc_charwidth(cp);
			size_t cw = w > 0 ? (size_t)w : 0;
			if (used + cw + 1 > width)
				break;
			buf_append(out, p, (size_t)n);
			used += cw;
			p += n;
		}
		if (width > 0) {
			buf_puts(out, "…");
			used++;
		}
	}
	while (used < width) {
		buf_putc(out, ' ');
		used++;
	}
}
