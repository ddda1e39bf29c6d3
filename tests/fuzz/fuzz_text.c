/* fuzz_text.c - libFuzzer target: text_read_notice (src/io/text.c), the
 * decoder of notices: UTF-8 (BOM), GBK/GB18030 through iconv, and .docx
 * when the bytes start with PK (src/io/docx.c).  Checks that decoded text
 * is valid UTF-8 with no NUL and that every offset maps back inside the
 * input, in order.  `make fuzz`; see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/text.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text t;
	struct error e;
	if (!text_read_notice(data, size, &t, &e)) {
		if (!e.message[0])
			abort(); /* a failure always says why */
		return 0;
	}
	if (t.len == 0 || t.data[t.len] != '\0' || utf8_invalid_at(t.data, t.len) != t.len)
		abort();
	if (strcmp(t.encoding, "docx") != 0) {
		size_t prev = 0;
		for (size_t i = 0; i <= t.len; i++) {
			size_t o = text_orig(&t, i);
			if (o > size || o < prev)
				abort();
			prev = o;
		}
		if (text_orig(&t, t.len) != size)
			abort();
	}
	text_free(&t);
	return 0;
}
