/* fuzz_docx.c - libFuzzer target: docx_text (src/io/docx.c) on any bytes
 * (zip archives, most of them broken) with a small cap on document.xml
 * (1 MB) so that the fuzzer reaches the cap.  On failure the output must
 * be left as it was.  `make fuzz`; see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/docx.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = {0};
	buf_puts(&out, "x");
	struct error e;
	if (docx_text_capped(data, size, 1u << 20, &out, &e)) {
		if (out.len > (1u << 20) + 1 || utf8_invalid_at(out.data + 1, out.len - 1) != out.len - 1)
			abort();
	} else if (out.len != 1 || strcmp(out.data, "x") != 0 || !e.message[0]) {
		abort();
	}
	buf_free(&out);
	return 0;
}
