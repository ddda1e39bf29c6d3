/* docx.h - the text of a Word .docx file (libzip + expat), for screening
 * notices (防护屏障) and for the notices procedure's uploads.
 *
 * Only word/document.xml is read (the body: no headers, footers, notes or
 * comments).  Its text comes out as UTF-8: the text of each w:t in
 * document order, w:tab as a TAB, w:br and w:cr as a LF, and a LF at the
 * end of each paragraph (w:p).  A table gives its cells in order, each
 * cell's paragraphs as lines.  Deleted text (w:delText), field codes
 * (w:instrText) and the fallback copy of alternate content (mc:Fallback,
 * which repeats mc:Choice) are left out.
 *
 * The input is untrusted: the XML is parsed as a stream (no recursion in
 * this code or in expat), elements nested deeper than DOCX_MAX_DEPTH and
 * a document.xml larger than DOCX_MAX_XML bytes uncompressed (a zip bomb)
 * are refused with an error, a DTD or entity declaration is refused
 * outright (a .docx has none; it is how "billion laughs" works). */
#ifndef DUTYLIST_IO_DOCX_H
#define DUTYLIST_IO_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

#define DOCX_MAX_XML ((size_t)64 << 20) /* bytes of word/document.xml, uncompressed */
#define DOCX_MAX_DEPTH 1024              /* elements nested in document.xml */

/* True when data starts like a zip archive (PK\3\4): worth trying as a
 * .docx rather than as text. */
bool docx_sniff(const void *data, size_t len);

/* Appends the text of the .docx in data[0..len) to out.  On failure
 * returns false, fills e (STATUS_INVALID; the message says why: not a zip,
 * no word/document.xml, too large, too deep, the XML's error and line)
 * and leaves out's length as it was. */
bool docx_text(const void *data, size_t len, struct buf *out, struct error *e);

/* The same with a smaller cap on document.xml's size (for the tests). */
bool docx_text_capped(const void *data, size_t len, size_t max_xml, struct buf *out,
                      struct error *e);

#endif
