/* test_csv.c - the CSV layer: RFC 4180 quoting, line numbers, BOM, CRLF,
 * blank lines, invalid UTF-8, malformed quotes, and writing. */
#include "testutil.h"

#include "io/csv.h"

#define MAX_ROWS 16

struct rows {
	long line[MAX_ROWS];
	char *field[MAX_ROWS][4];
	size_t nfields[MAX_ROWS];
	size_t n;
};

static void collect(void *ctx, long line, char **fields, size_t n)
{
	struct rows *r = ctx;
	assert_true(r->n < MAX_ROWS);
	r->line[r->n] = line;
	r->nfields[r->n] = n;
	for (size_t i = 0; i < n && i < 4; i++)
		r->field[r->n][i] = strdup(fields[i]);
	r->n++;
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->nfields[i] && j < 4; j++)
			free(r->field[i][j]);
	memset(r, 0, sizeof *r);
}

static size_t parse(const char *text, size_t len, struct rows *r, struct diag *d)
{
	memset(r, 0, sizeof *r);
	return csv_read("t.csv", text, len, collect, r, d);
}

static void test_quoted_fields(void **state)
{
	(void)state;
	struct rows r;
	struct diag d = {0};
	const char *text = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n";
	assert_int_equal(parse(text, strlen(text), &r, &d), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.field[1][0], "x, y");
	assert_string_equal(r.field[1][1], "say \"hi\"");
	assert_string_equal(r.field[2][0], "two\nlines");
	/* each row is named by the line it starts on */
	assert_int_equal(r.line[0], 1);
	assert_int_equal(r.line[1], 2);
	assert_int_equal(r.line[2], 3);
	assert_int_equal(r.line[3], 5);
	rows_free(&r);
	diag_free(&d);
}

static void test_bom_crlf_blank_lines(void **state)
{
	(void)state;
	struct rows r;
	struct diag d = {0};
	const char *text = "\xEF\xBB\xBF" "a,b\r\n1,2\r\n\r\n\n3,\"4\r\n5\"\r\n6,7";
	assert_int_equal(parse(text, strlen(text), &r, &d), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.field[0][0], "a"); /* no BOM in the first field */
	assert_int_equal(r.line[1], 2);
	assert_int_equal(r.line[2], 5); /* after two blank lines */
	assert_string_equal(r.field[2][1], "4\r\n5");
	assert_int_equal(r.line[3], 7); /* no final newline */
	assert_string_equal(r.field[3][1], "7");
	rows_free(&r);
	diag_free(&d);
}

static void test_invalid_utf8_named_by_line(void **state)
{
	(void)state;
	struct rows r;
	struct diag d = {0};
	const char *text = "a,b\n1,2\n3,\xC3\x28\n\xFF,x\n";
	assert_int_equal(parse(text, strlen(text), &r, &d), 2);
	assert_diag(&d, "t.csv:3: invalid UTF-8 (byte 0xC3); save the file as UTF-8");
	assert_diag(&d, "t.csv:4: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
	assert_int_equal(r.n, 0); /* nothing is parsed from a file that is not UTF-8 */
	diag_free(&d);
	const char nul[] = "a,b\n1,\0\n";
	assert_int_equal(parse(nul, sizeof nul - 1, &r, &d), 1);
	assert_diag(&d, "t.csv:2: NUL byte; the file must be UTF-8 text");
	/* GBK text (common in Chinese offices) is not UTF-8 */
	diag_free(&d);
	const char gbk[] = "code,name\nD01,\xCA\xD0\xC1\xD6\xD2\xB5\xBE\xD6\n";
	assert_int_equal(parse(gbk, sizeof gbk - 1, &r, &d), 1);
	assert_diag(&d, "t.csv:2: invalid UTF-8 (byte 0xCA); save the file as UTF-8");
	diag_free(&d);
}

static void test_malformed_quotes(void **state)
{
	(void)state;
	struct rows r;
	struct diag d = {0};
	const char *text = "a,b\n1,2\n3,\"open\" junk\n";
	assert_int_equal(parse(text, strlen(text), &r, &d), 1);
	assert_int_equal(r.n, 2);
	assert_true(d.n == 1 && strncmp(d.lines[0], "t.csv:3: malformed CSV", 22) == 0);
	rows_free(&r);
	diag_free(&d);
	const char *unclosed = "a,b\n1,\"never\nclosed\n";
	assert_int_equal(parse(unclosed, strlen(unclosed), &r, &d), 1);
	assert_diag(&d, "t.csv:2: malformed CSV: a quoted field is not closed before the end of "
	                "the file");
	rows_free(&r);
	diag_free(&d);
}

static void test_write_quotes_only_when_needed(void **state)
{
	(void)state;
	struct buf b = {0};
	const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " padded", "中文，逗号"};
	csv_put_row(&b, fields, 6);
	assert_string_equal(buf_str(&b),
	                    "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",中文，逗号\n");
	/* and it reads back the same */
	struct rows r;
	struct diag d = {0};
	assert_int_equal(parse(b.data, b.len, &r, &d), 0);
	assert_int_equal(r.nfields[0], 6);
	assert_string_equal(r.field[0][1], "a,b");
	assert_string_equal(r.field[0][2], "say \"hi\"");
	assert_string_equal(r.field[0][3], "two\nlines");
	rows_free(&r);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_bom_crlf_blank_lines),
		cmocka_unit_test(test_invalid_utf8_named_by_line),
		cmocka_unit_test(test_malformed_quotes),
		cmocka_unit_test(test_write_quotes_only_when_needed),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
