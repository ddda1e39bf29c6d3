/* test_xlsx.c - the workbook reader (io/xlsx.c) on small workbooks: made
 * with libxlsxwriter (shared strings, and inline strings in its
 * constant-memory mode), and written part by part with libzip for what
 * no writer makes on purpose: broken XML, missing parts, rows out of
 * order, dangling shared strings, namespace prefixes, the 1904 date
 * system, phonetic runs and _xHHHH_ escapes. */
#include "testutil.h"

#include <xlsxwriter.h>
#include <zip.h>

#include "core/rules.h"
#include "io/catalog_xlsx.h"
#include "io/xlsx.h"

#define MAX_ROWS 16
#define MAX_FIELDS 8

struct rows {
	long line[MAX_ROWS];
	char *field[MAX_ROWS][MAX_FIELDS];
	size_t nfields[MAX_ROWS];
	size_t n;
};

static void collect(void *ctx, long line, char **fields, size_t n)
{
	struct rows *r = ctx;
	assert_true(r->n < MAX_ROWS);
	r->line[r->n] = line;
	r->nfields[r->n] = n;
	for (size_t i = 0; i < n && i < MAX_FIELDS; i++)
		r->field[r->n][i] = strdup(fields[i]);
	r->n++;
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->nfields[i] && j < MAX_FIELDS; j++)
			free(r->field[i][j]);
	memset(r, 0, sizeof *r);
}

static bool has_line(const struct diag *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->lines[i], want) == 0)
			return true;
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  diag: %s\n", d->lines[i]);
	fprintf(stderr, "  wanted: %s\n", want);
	return false;
}

static char *temp_path(const char *name)
{
	char dir[] = "/tmp/dutylist-xlsx-test-XXXXXX";
	if (!mkdtemp(dir))
		abort();
	struct buf b = {0};
	buf_printf(&b, "%s/%s", dir, name);
	return b.data;
}

static void temp_path_free(char *path)
{
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(path);
}

/* Reads sheet `sheet` (by index) of the workbook at path into r. */
static size_t read_sheet(const char *path, size_t sheet, struct rows *r, struct diag *d)
{
	struct xlsx *x;
	struct error e;
	assert_int_equal(xlsx_open(path, &x, &e), STATUS_OK);
	memset(r, 0, sizeof *r);
	size_t errors = xlsx_read_sheet(x, sheet, "S!", collect, r, d);
	xlsx_close(x);
	return errors;
}

/* ---- workbooks from libxlsxwriter ---- */

static void write_cells(bool constant_memory, const char *path)
{
	lxw_workbook_options opt = {.constant_memory = constant_memory};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "乡镇");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	worksheet_write_string(ws, 0, 0, "code", NULL);
	worksheet_write_string(ws, 0, 1, "text", NULL);
	worksheet_write_string(ws, 0, 2, "number", NULL);
	worksheet_write_string(ws, 0, 3, "date", NULL);
	worksheet_write_string(ws, 1, 0, "231099001", NULL);
	worksheet_write_string(ws, 1, 1, "  两行\n文字, \"引号\"  ", NULL);
	worksheet_write_number(ws, 1, 2, 2310.5, NULL);
	lxw_datetime dt = {2024, 2, 29, 0, 0, 0};
	worksheet_write_datetime(ws, 1, 3, &dt, date);
	/* row 3 left blank: skipped; row 4 sparse: B4 missing */
	worksheet_write_string(ws, 3, 0, "231099002", NULL);
	worksheet_write_number(ws, 3, 2, 6500, NULL);
	worksheet_write_boolean(ws, 3, 3, 1, NULL);
	worksheet_write_formula(ws, 4, 0, "=1+1", NULL);
	worksheet_write_string(ws, 4, 1, "x", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_cells(bool constant_memory)
{
	char *path = temp_path("cells.xlsx");
	write_cells(constant_memory, path);
	struct rows r;
	struct diag d = {0};
	assert_int_equal(read_sheet(path, 0, &r, &d), 1);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.line[0], 1);
	assert_int_equal(r.line[1], 2);
	assert_string_equal(r.field[1][0], "231099001");
	assert_string_equal(r.field[1][1], "  两行\n文字, \"引号\"  ");
	assert_string_equal(r.field[1][2], "2310.5");
	assert_string_equal(r.field[1][3], "2024-02-29");
	/* the blank row 3 is skipped; row 4 keeps its number */
	assert_int_equal(r.line[2], 4);
	assert_int_equal(r.nfields[2], 4);
	assert_string_equal(r.field[2][1], "");
	assert_string_equal(r.field[2][2], "6500");
	assert_string_equal(r.field[2][3], "TRUE");
	/* row 5 holds a formula: named by the header and the cell, not handed over */
	assert_true(has_line(&d, "S!5: code (A5): holds a formula; an import takes values: paste "
	                         "the values (选择性粘贴 → 数值) and save again"));
	rows_free(&r);
	diag_free(&d);
	temp_path_free(path);
}

static void test_shared_strings(void **state)
{
	(void)state;
	check_cells(false);
}

static void test_inline_strings(void **state)
{
	(void)state;
	check_cells(true);
}

/* ---- workbooks part by part ---- */

static const char *const WORKBOOK =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"%s<sheets><sheet name=\"任务事项\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *const RELS =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/styles\" Target=\"/xl/styles.xml\"/></Relationships>";
static const char *const STYLES =
	"<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"&quot;day&quot; "
	"h:mm\"/></numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"3\">"
	"<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";

/* Writes a workbook of one sheet "任务事项" with the given sheet XML and
 * shared strings (NULL: none), workbookPr (may be ""). */
static void make_book(const char *path, const char *workbook_pr, const char *sheet,
                      const char *shared)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	struct buf wb = {0};
	buf_printf(&wb, WORKBOOK, workbook_pr);
	const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	                       "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/sharedStrings.xml"};
	const char *texts[] = {wb.data, RELS, sheet, STYLES, shared};
	for (size_t i = 0; i < 5; i++) {
		if (!texts[i])
			continue;
		zip_source_t *src = zip_source_buffer(z, texts[i], strlen(texts[i]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0); /* reads the buffers: free them after */
	buf_free(&wb);
}

static void test_parts_by_hand(void **state)
{
	(void)state;
	char *path = temp_path("hand.xlsx");
	make_book(path, "",
	          "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	          "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
	          "<x:c r=\"C1\" t=\"inlineStr\"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本"
	          "</x:t></x:r><x:rPh><x:t>ふりがな</x:t></x:rPh></x:is></x:c></x:row>"
	          "<x:row r=\"7\"><x:c r=\"B7\" s=\"1\"><x:v>45351</x:v></x:c>"
	          "<x:c r=\"C7\" s=\"2\"><x:v>3.25</x:v></x:c><x:c r=\"D7\" t=\"d\">"
	          "<x:v>2024-05-01T00:00:00</x:v></x:c></x:row></x:sheetData></x:worksheet>",
	          "<sst><si><t>a_x000D__x000A_b</t><rPh><t>x</t></rPh></si></sst>");
	struct rows r;
	struct diag d = {0};
	assert_int_equal(read_sheet(path, 0, &r, &d), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.field[0][0], "a\r\nb");   /* escapes decoded, phonetic run left out */
	assert_string_equal(r.field[0][1], "");
	assert_string_equal(r.field[0][2], "富文本");    /* runs joined, phonetic run left out */
	assert_int_equal(r.line[1], 7);
	assert_string_equal(r.field[1][1], "2024-02-29"); /* built-in date format 14 */
	/* a custom format with "day" in quotes and h:mm shows no date: a number */
	assert_string_equal(r.field[1][2], "3.25");
	assert_string_equal(r.field[1][3], "2024-05-01");
	rows_free(&r);
	diag_free(&d);
	temp_path_free(path);
}

static void test_date1904(void **state)
{
	(void)state;
	char *path = temp_path("d1904.xlsx");
	make_book(path, "<workbookPr date1904=\"1\"/>",
	          "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c>"
	          "<c r=\"B1\" s=\"1\"><v>43889</v></c></row></sheetData></worksheet>",
	          NULL);
	struct rows r;
	struct diag d = {0};
	assert_int_equal(read_sheet(path, 0, &r, &d), 0);
	assert_string_equal(r.field[0][0], "1904-01-01");
	assert_string_equal(r.field[0][1], "2024-02-29");
	rows_free(&r);
	diag_free(&d);
	temp_path_free(path);
}

static void test_broken_cells(void **state)
{
	(void)state;
	char *path = temp_path("cells.xlsx");
	make_book(path, "",
	          "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>code</t></is></c>"
	          "<c t=\"inlineStr\"><is><t>date</t></is></c></row>"
	          "<row r=\"2\"><c t=\"s\"><v>5</v></c></row>"
	          "<row r=\"3\"><c t=\"e\"><v>#DIV/0!</v></c></row>"
	          "<row r=\"4\"><c r=\"B4\" s=\"1\"><v>60</v></c></row>"
	          "<row r=\"5\"><c r=\"B5\"><v>12abc</v></c></row>"
	          "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>fine</t></is></c></row>"
	          "</sheetData></worksheet>",
	          "<sst><si><t>only</t></si></sst>");
	struct rows r;
	struct diag d = {0};
	assert_int_equal(read_sheet(path, 0, &r, &d), 4);
	assert_true(has_line(&d, "S!2: code (A2): shared string 5 does not exist; the workbook is "
	                         "damaged"));
	assert_true(has_line(&d, "S!3: code (A3): holds the error value #DIV/0!"));
	assert_true(has_line(&d, "S!4: date (B4): 1900-02-29 does not exist (Excel's serial day 60)"));
	assert_true(has_line(&d, "S!5: date (B5): '12abc' is not a number; the workbook is damaged"));
	/* the rows with problems are not handed over; the others are */
	assert_int_equal(r.n, 2);
	assert_int_equal(r.line[1], 6);
	rows_free(&r);
	diag_free(&d);
	temp_path_free(path);
}

static void test_broken_xml(void **state)
{
	(void)state;
	char *path = temp_path("xml.xlsx");
	make_book(path, "",
	          "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>"
	          "<row r=\"2\"><c t=\"inlineStr\"><is><t>b</t></is></row></sheetData></worksheet>",
	          NULL);
	struct rows r;
	struct diag d = {0};
	assert_int_equal(read_sheet(path, 0, &r, &d), 1);
	assert_int_equal(r.n, 1); /* the rows before the fault were read */
	assert_true(has_line(&d, "S!2: xl/worksheets/sheet1.xml is not well-formed XML (line 1: "
	                         "mismatched tag)") ||
	            strstr(d.lines[0], "is not well-formed XML") != NULL);
	rows_free(&r);
	diag_free(&d);

	make_book(path, "",
	          "<worksheet><sheetData><row r=\"5\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>"
	          "<row r=\"3\"><c t=\"inlineStr\"><is><t>b</t></is></c></row></sheetData></worksheet>",
	          NULL);
	assert_int_equal(read_sheet(path, 0, &r, &d), 1);
	assert_true(strstr(d.lines[0], "row 3 comes after row 5; rows must be in order") != NULL);
	rows_free(&r);
	diag_free(&d);
	temp_path_free(path);
}

static void test_not_a_workbook(void **state)
{
	(void)state;
	char *path = temp_path("bad.xlsx");
	struct xlsx *x;
	struct error e;
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("code,name\n", f);
	fclose(f);
	assert_int_equal(xlsx_open(path, &x, &e), STATUS_INVALID);
	assert_null(x);
	assert_non_null(strstr(e.message, "not an XLSX workbook (not a zip file"));

	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	static const char readme[] = "hello";
	zip_file_add(z, "readme.txt", zip_source_buffer(z, readme, 5, 0), 0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(xlsx_open(path, &x, &e), STATUS_INVALID);
	assert_non_null(strstr(e.message, "not a workbook: it has no xl/workbook.xml"));
	temp_path_free(path);
}

/* ---- the catalogue reader: sheet rows through the CSV rows' checks ---- */

static void test_catalog_rows(void **state)
{
	(void)state;
	char *path = temp_path("cat.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "部门");
	const char *rows[][3] = {{"code", "name", "dispatched_agency"},
	                         {"D91", "县农业农村局", NULL},
	                         {"D 92", "县自然资源局", NULL},
	                         {"D91", "重复", NULL}};
	for (lxw_row_t i = 0; i < 4; i++)
		for (lxw_col_t j = 0; j < 3; j++)
			if (rows[i][j])
				worksheet_write_string(ws, i, j, rows[i][j], NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	struct catalog c = {0};
	struct diag d = {0};
	struct error e;
	assert_int_equal(catalog_xlsx_read(&c, path, &d, &e), STATUS_OK);
	/* the empty dispatched_agency cells are absent: the rows are padded */
	assert_true(has_line(&d, "部门!3: code: 'D 92' is not a code: use 1 to 32 letters, digits, "
	                         "'-' or '_'"));
	assert_int_equal(c.ndepartments, 2);
	assert_string_equal(c.departments[0].dispatched_agency, "");
	catalog_check_duplicates(&c, &d);
	assert_true(has_line(&d, "部门!4: code: duplicate code D91 (first at line 2)"));
	catalog_free(&c);
	diag_free(&d);
	temp_path_free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_strings), cmocka_unit_test(test_inline_strings),
		cmocka_unit_test(test_parts_by_hand),  cmocka_unit_test(test_date1904),
		cmocka_unit_test(test_broken_cells),   cmocka_unit_test(test_broken_xml),
		cmocka_unit_test(test_not_a_workbook), cmocka_unit_test(test_catalog_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
