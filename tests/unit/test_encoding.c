/* test_encoding.c - io/encoding.c: which files are read as GB18030, that
 * conversion keeps line numbers, and what a character GBK lacks does. */
#include "testutil.h"

#include "io/encoding.h"

/* "草原乡\n湖滨镇\n" in GBK */
static const char GBK[] = "\xb2\xdd\xd4\xad\xcf\xe7\n\xba\xfe\xb1\xf5\xd5\xf2\n";

static void test_detects_gbk(void **state)
{
	(void)state;
	struct diag d = {0};
	char *out;
	size_t len;
	assert_int_equal(encoding_to_utf8("t.csv", GBK, strlen(GBK), ENC_AUTO, &out, &len, &d), 0);
	assert_non_null(out);
	assert_string_equal(out, "草原乡\n湖滨镇\n");
	assert_int_equal(len, strlen("草原乡\n湖滨镇\n"));
	free(out);
	/* valid UTF-8 is left alone: no copy */
	const char *utf8 = "草原乡\n";
	assert_int_equal(encoding_to_utf8("t.csv", utf8, strlen(utf8), ENC_AUTO, &out, &len, &d), 0);
	assert_null(out);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static void test_broken_utf8_stays_utf8(void **state)
{
	(void)state;
	/* mostly UTF-8 with one GBK word pasted in: broken UTF-8, for the CSV
	 * reader to report line by line, not GB18030 to be read as mojibake */
	const char *text = "草原乡,牧区,草原乡,牧区\n湖滨镇,\xba\xfe\xb1\xf5\n";
	struct diag d = {0};
	char *out;
	size_t len;
	assert_int_equal(encoding_to_utf8("t.csv", text, strlen(text), ENC_AUTO, &out, &len, &d), 0);
	assert_null(out);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static void test_bad_bytes_named_by_line(void **state)
{
	(void)state;
	const char *text = "\xb2\xdd\xd4\xad\n\xb2\xdd\xd4\xad\n\xff\xff ok\n\xb2\xdd\n";
	struct diag d = {0};
	char *out;
	size_t len;
	assert_int_equal(encoding_to_utf8("t.csv", text, strlen(text), ENC_GBK, &out, &len, &d), 2);
	assert_int_equal(d.n, 1); /* one line, one error */
	assert_string_equal(d.lines[0], "t.csv:3: byte 0xFF is neither UTF-8 nor GBK text; save the "
	                                "file as UTF-8, or name its encoding with --encoding");
	free(out);
	diag_free(&d);
}

static void test_gbk_lacks_a_character(void **state)
{
	(void)state;
	const char *text = "code,name\n231099002,湖滨𠀀镇\n";
	struct diag d = {0};
	char *out;
	size_t len;
	assert_int_equal(encoding_from_utf8("towns.csv", text, strlen(text), ENC_GBK, &out, &len, &d), 1);
	assert_string_equal(d.lines[0], "towns.csv:2: '𠀀' has no GBK encoding; export with "
	                                "--encoding gb18030 or utf-8");
	free(out);
	diag_free(&d);
	/* GB18030 holds it, and reads back to the same text */
	assert_int_equal(encoding_from_utf8("towns.csv", text, strlen(text), ENC_GB18030, &out, &len, &d), 0);
	char *back;
	size_t back_len;
	assert_int_equal(encoding_to_utf8("towns.csv", out, len, ENC_GB18030, &back, &back_len, &d), 0);
	assert_string_equal(back, text);
	free(out);
	free(back);
	diag_free(&d);
}

static void test_names(void **state)
{
	(void)state;
	enum text_encoding e;
	assert_true(encoding_parse("GBK", &e) && e == ENC_GBK);
	assert_true(encoding_parse("utf8", &e) && e == ENC_UTF8);
	assert_true(encoding_parse("gb18030", &e) && e == ENC_GB18030);
	assert_false(encoding_parse("big5", &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detects_gbk), cmocka_unit_test(test_broken_utf8_stays_utf8),
		cmocka_unit_test(test_bad_bytes_named_by_line), cmocka_unit_test(test_gbk_lacks_a_character),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
