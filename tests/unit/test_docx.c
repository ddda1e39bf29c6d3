/* test_docx.c - the .docx reader (src/io/docx.c) and the notices' text
 * decoder (src/io/text.c).  The .docx files are built here with libzip:
 * paragraphs, runs, tabs, breaks, tables, alternate content, and what a
 * hostile file does (deep nesting, a zip bomb, a lying size, a DTD). */
#include "testutil.h"

#include <zip.h>

#include "io/docx.h"
#include "io/text.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define TAIL "</w:body></w:document>"

/* A zip archive in memory holding `name` with `xml` (deflated); *len set.
 * The caller frees the result. */
static char *make_zip(const char *name, const char *xml, size_t xml_len, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_t *ct = zip_source_buffer(za, "<Types/>", 8, 0);
	assert_true(zip_file_add(za, "[Content_Types].xml", ct, 0) >= 0);
	zip_source_t *doc = zip_source_buffer(za, xml, xml_len, 0);
	zip_int64_t idx = zip_file_add(za, name, doc, 0);
	assert_true(idx >= 0);
	assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9), 0);
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	char *out = malloc(st.size);
	assert_non_null(out);
	assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

static char *make_docx(const char *xml, size_t *len)
{
	return make_zip("word/document.xml", xml, strlen(xml), len);
}

/* docx_text of a document whose body is `body`; the text, or NULL with
 * the error in *e.  The caller frees the text. */
static char *body_text(const char *body, struct error *e)
{
	struct buf xml = {0};
	buf_printf(&xml, "%s%s%s", HEAD, body, TAIL);
	size_t len;
	char *zip = make_docx(xml.data, &len);
	buf_free(&xml);
	struct buf out = {0};
	bool ok = docx_text(zip, len, &out, e);
	free(zip);
	if (!ok) {
		assert_true(out.len == 0);
		buf_free(&out);
		return NULL;
	}
	return out.data ? out.data : strdup("");
}

static void expect_text(const char *body, const char *want)
{
	struct error e = {0};
	char *got = body_text(body, &e);
	if (!got)
		fail_msg("docx_text failed: %s", e.message);
	assert_string_equal(got, want);
	free(got);
}

static void expect_refused(const char *body, const char *why)
{
	struct error e = {0};
	char *got = body_text(body, &e);
	if (got)
		fail_msg("accepted, gave: %s", got);
	assert_int_equal(e.status, STATUS_INVALID);
	if (!strstr(e.message, why))
		fail_msg("error '%s' does not say '%s'", e.message, why);
}

static void test_paragraphs_runs_tabs_breaks(void **state)
{
	(void)state;
	expect_text("<w:p><w:r><w:t>各镇要</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>开展巡查。</w:t></w:r></w:p>"
	            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
	            "<w:r><w:t>一、</w:t><w:tab/><w:t xml:space=\"preserve\">总体 要求</w:t>"
	            "<w:br/><w:t>第二行&amp;&lt;</w:t></w:r></w:p><w:p/>",
	            "各镇要开展巡查。\n一、\t总体 要求\n第二行&<\n\n");
	/* deleted text and field codes are not the document's text */
	expect_text("<w:p><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>"
	            "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>留下</w:t></w:r></w:p>",
	            "留下\n");
	/* another prefix for the same namespace */
	expect_text("<x:p xmlns:x=\"" W_NS "\"><x:r><x:t>前缀</x:t></x:r></x:p>", "前缀\n");
}

static void test_tables_in_order(void **state)
{
	(void)state;
	expect_text("<w:p><w:r><w:t>表前</w:t></w:r></w:p><w:tbl><w:tr>"
	            "<w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>"
	            "<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p>"
	            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
	            "</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
	            "表前\n甲\n乙\n内\n丙\n");
}

static void test_alternate_content_once(void **state)
{
	(void)state;
	expect_text("<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
	            "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
	            "</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
	            "<w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
	            "</mc:AlternateContent></w:r></w:p>",
	            "文本框\n\n");
}

static void test_deep_nesting(void **state)
{
	(void)state;
	struct buf body = {0};
	/* within the cap: read */
	for (int i = 0; i < 900; i++)
		buf_puts(&body, "<w:sdt>");
	buf_puts(&body, "<w:p><w:r><w:t>深处</w:t></w:r></w:p>");
	for (int i = 0; i < 900; i++)
		buf_puts(&body, "</w:sdt>");
	expect_text(body.data, "深处\n");
	/* 200,000 levels: refused with a clear error, no stack overflow */
	buf_reset(&body);
	for (int i = 0; i < 200000; i++)
		buf_puts(&body, "<w:sdt>");
	for (int i = 0; i < 200000; i++)
		buf_puts(&body, "</w:sdt>");
	expect_refused(body.data, "nested deeper than 1024 levels");
	buf_free(&body);
}

static void test_bad_xml_and_dtd(void **state)
{
	(void)state;
	expect_refused("<w:p><w:r><w:t>未闭合</w:r></w:p>", "line 1: mismatched tag");
	struct error e = {0};
	const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">"
	                     "<!ENTITY b \"&a;&a;&a;&a;\">]><w:document xmlns:w=\"" W_NS
	                     "\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
	size_t len;
	char *zip = make_docx(laughs, &len);
	struct buf out = {0};
	buf_puts(&out, "kept");
	assert_false(docx_text(zip, len, &out, &e));
	assert_non_null(strstr(e.message, "a DTD"));
	assert_string_equal(out.data, "kept"); /* left as it was */
	buf_free(&out);
	free(zip);
}

static void test_not_a_docx(void **state)
{
	(void)state;
	struct error e = {0};
	struct buf out = {0};
	assert_false(docx_text("hello", 5, &out, &e));
	assert_non_null(strstr(e.message, "not a zip archive"));
	assert_false(docx_text("", 0, &out, &e));
	size_t len;
	char *zip = make_zip("word/other.xml", "<a/>", 4, &len);
	assert_false(docx_text(zip, len, &out, &e));
	assert_non_null(strstr(e.message, "no word/document.xml"));
	free(zip);
	/* cut short */
	zip = make_docx(HEAD "<w:p><w:r><w:t>正文</w:t></w:r></w:p>" TAIL, &len);
	assert_true(docx_sniff(zip, len));
	assert_false(docx_text(zip, len / 2, &out, &e));
	assert_int_equal(e.status, STATUS_INVALID);
	free(zip);
	buf_free(&out);
}

static void test_zip_bomb(void **state)
{
	(void)state;
	/* 4 MB of one paragraph repeated compresses to a few KB */
	const char *para = "<w:p><w:r><w:t>各镇要开展巡查。</w:t></w:r></w:p>";
	struct buf xml = {0};
	buf_puts(&xml, HEAD);
	while (xml.len < (4u << 20))
		buf_puts(&xml, para);
	buf_puts(&xml, TAIL);
	size_t len;
	char *zip = make_docx(xml.data, &len);
	assert_true(len < xml.len / 100);
	struct error e = {0};
	struct buf out = {0};
	assert_false(docx_text_capped(zip, len, 1u << 20, &out, &e));
	assert_non_null(strstr(e.message, "larger than 1048576 bytes uncompressed"));
	assert_true(docx_text(zip, len, &out, &e)); /* under the real cap */
	assert_true(out.len > (1u << 20));
	/* the central directory lies (says 100 bytes): counting while reading
	 * still refuses it, or libzip finds the lie; never 4 MB of output */
	bool patched = false;
	for (size_t i = len - 22; !patched && i-- > 0;)
		if (memcmp(zip + i, "PK\1\2", 4) == 0 && memcmp(zip + i + 46, "word/", 5) == 0) {
			memcpy(zip + i + 24, "\x64\0\0\0", 4);
			patched = true;
		}
	assert_true(patched);
	buf_reset(&out);
	assert_false(docx_text_capped(zip, len, 1u << 20, &out, &e));
	assert_int_equal(out.len, 0);
	buf_free(&out);
	buf_free(&xml);
	free(zip);
}

static void test_text_decode(void **state)
{
	(void)state;
	struct text t;
	struct error e = {0};
	/* UTF-8 with a BOM: stripped, offsets still those of the file */
	assert_true(text_decode("\xEF\xBB\xBF各镇", 9, &t, &e));
	assert_string_equal(t.data, "各镇");
	assert_string_equal(t.encoding, "UTF-8");
	assert_int_equal(text_orig(&t, 3), 6);
	text_free(&t);
	/* GBK: 各镇要 = B8 F7 D5 F2 D2 AA, then ASCII */
	assert_true(text_decode("\xB8\xF7\xD5\xF2\xD2\xAA" "a", 7, &t, &e));
	assert_string_equal(t.data, "各镇要a");
	assert_string_equal(t.encoding, "GB18030");
	assert_int_equal(text_orig(&t, 0), 0);
	assert_int_equal(text_orig(&t, 3), 2); /* 镇 starts at byte 2 of the file */
	assert_int_equal(text_orig(&t, 5), 2);
	assert_int_equal(text_orig(&t, 9), 6);
	assert_int_equal(text_orig(&t, t.len), 7);
	text_free(&t);
	/* GB18030 four-byte: 0x81 0x30 0x81 0x30 is U+0080 */
	assert_true(text_decode("\x81\x30\x81\x30", 4, &t, &e));
	assert_string_equal(t.data, "\xC2\x80");
	text_free(&t);
	/* errors */
	assert_false(text_decode("", 0, &t, &e));
	assert_string_equal(e.message, "the file is empty");
	assert_false(text_decode("\xEF\xBB\xBF", 3, &t, &e));
	assert_string_equal(e.message, "the file is empty");
	assert_false(text_decode("ab\0cd", 5, &t, &e));
	assert_non_null(strstr(e.message, "NUL bytes"));
	assert_false(text_decode("\x80\xff\xfe", 3, &t, &e)); /* invalid in both */
	assert_non_null(strstr(e.message, "neither UTF-8 nor GBK/GB18030"));
	assert_false(text_decode("\xB8", 1, &t, &e)); /* a GBK character cut short */
	assert_false(text_decode("\xFF\xFE\x04\x54", 4, &t, &e));
	assert_non_null(strstr(e.message, "UTF-16"));
	assert_false(text_decode("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, &t, &e));
	assert_non_null(strstr(e.message, "Word 97-2003 .doc"));
	assert_null(t.data);
}

static void test_read_notice(void **state)
{
	(void)state;
	struct text t;
	struct error e = {0};
	size_t len;
	char *zip = make_docx(HEAD "<w:p><w:r><w:t>各镇要开展巡查。</w:t></w:r></w:p>" TAIL, &len);
	assert_true(text_read_notice(zip, len, &t, &e));
	assert_string_equal(t.data, "各镇要开展巡查。\n");
	assert_string_equal(t.encoding, "docx");
	assert_int_equal(text_orig(&t, 3), 3);
	text_free(&t);
	free(zip);
	zip = make_docx(HEAD "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>" TAIL, &len);
	assert_false(text_read_notice(zip, len, &t, &e));
	assert_string_equal(e.message, "the .docx has no text");
	free(zip);
	assert_true(text_read_notice("各镇", 6, &t, &e));
	text_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_runs_tabs_breaks),
		cmocka_unit_test(test_tables_in_order),
		cmocka_unit_test(test_alternate_content_once),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_bad_xml_and_dtd),
		cmocka_unit_test(test_not_a_docx),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_text_decode),
		cmocka_unit_test(test_read_notice),
	};
	return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
