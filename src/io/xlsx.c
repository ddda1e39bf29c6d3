/* xlsx.c - reading a workbook's cells (see xlsx.h).
 *
 * The parts read: xl/workbook.xml (sheet names and the date system), its
 * relationships (where each sheet, the shared strings and the styles
 * are), xl/sharedStrings.xml, xl/styles.xml (which cell formats are
 * dates) and each sheet, streamed through expat in chunks so that a sheet
 * of a million rows never sits in memory whole.  Element names are
 * compared without their namespace prefix: some writers spell <x:row>. */
#include "xlsx.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../util/buf.h"
#include "../util/date.h"

#define MAX_COLS 16384              /* Excel's own limit (XFD) */
#define MAX_CELL_BYTES (1u << 20)   /* Excel holds 32,767 characters a cell */
#define MAX_PART_BYTES ((zip_uint64_t)4 << 30) /* a part inflated past this is refused */
#define MAX_ERRORS 200              /* per sheet; the rest would only repeat */
#define MAX_SHARED_BYTES ((size_t)512 << 20) /* the shared strings, all held in memory */
#define CHUNK 65536

struct sheet {
	char *name;
	char *rid;  /* r:id in workbook.xml */
	char *part; /* "xl/worksheets/sheet1.xml" */
};

struct xlsx {
	zip_t *zip;
	char *path;
	struct sheet *sheets;
	size_t nsheets;
	char **strings; /* shared strings, owned */
	size_t nstrings, cstrings;
	bool *xf_date; /* per cell format (cellXfs index): a date format */
	size_t nxf;
	bool date1904;
};

/* ---- small helpers ---- */

static const char *local_name(const char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Decodes OOXML's _xHHHH_ escapes (characters XML cannot carry) in place. */
static void decode_escapes(struct buf *b)
{
	if (!b->data || !strstr(b->data, "_x"))
		return;
	char *in = b->data, *out = b->data;
	while (*in) {
		unsigned cp;
		int used = 0;
		if (in[0] == '_' && in[1] == 'x' && sscanf(in + 2, "%4x%n", &cp, &used) == 1 &&
		    used == 4 && in[6] == '_' && cp != 0) {
			/* code points below 0x800 need at most 2 bytes; escapes of
			 * larger ones take 7, so the text never grows */
			if (cp < 0x80) {
				*out++ = (char)cp;
			} else if (cp < 0x800) {
				*out++ = (char)(0xC0 | (cp >> 6));
				*out++ = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0xD800 || cp > 0xDFFF) {
				*out++ = (char)(0xE0 | (cp >> 12));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*out++ = (char)(0x80 | (cp & 0x3F));
			} else {
				memmove(out, in, 7); /* a lone surrogate: keep the escape */
				out += 7;
			}
			in += 7;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	b->len = (size_t)(out - b->data);
}

/* The shortest text that reads back as v (as the CSV export writes numbers). */
static void format_number(double v, struct buf *out)
{
	char s[32];
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(s, sizeof s, "%.0f", v);
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(s, sizeof s, "%.*g", prec, v);
			if (strtod(s, NULL) == v)
				break;
		}
	}
	buf_puts(out, s);
}

/* True for a number format that shows a date: one of the built-in date
 * formats (14-22; 27-36 and 50-58 are the CJK locales' dates), or a
 * custom one that shows a year or a day (quoted text and [...] aside). */
static bool builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

static bool custom_date(const char *code)
{
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				return false;
			p = q;
		} else if (*p == '[') {
			const char *q = strchr(p + 1, ']');
			if (!q)
				return false;
			p = q;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D') {
			return true;
		}
	}
	return false;
}

/* ---- parsing one part with expat ---- */

struct part_reader {
	XML_Parser p;
	bool in_sheet;     /* reading a sheet (not the workbook's own parts) */
	bool stop;         /* a handler asked to stop */
	char why[200];     /* and why */
};

static void stop_parser(struct part_reader *r, const char *why)
{
	if (r->stop)
		return;
	r->stop = true;
	snprintf(r->why, sizeof r->why, "%s", why);
	XML_StopParser(r->p, XML_FALSE);
}

/* Streams zip entry `name` through a parser whose handlers and user data
 * are set; `missing_ok`: an absent entry is not an error.  The handlers'
 * user data must begin with a struct part_reader. */
static enum status parse_part(struct xlsx *x, const char *name, struct part_reader *r,
                              XML_StartElementHandler start, XML_EndElementHandler end,
                              XML_CharacterDataHandler text, bool missing_ok,
                              struct error *e)
{
	/* a sheet's errors are named by the sheet already; the workbook's by its file */
	char where[300] = "";
	if (!r->in_sheet)
		snprintf(where, sizeof where, "%s: ", x->path);
	zip_stat_t zs;
	if (zip_stat(x->zip, name, 0, &zs) != 0)
		return missing_ok ? STATUS_OK
		                  : error_set(e, STATUS_INVALID, NULL,
		                              "%snot a workbook: it has no %s", where, name);
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > MAX_PART_BYTES)
		return error_set(e, STATUS_INVALID, NULL, "%s%s is larger than 4 GB inflated",
		                 where, name);
	zip_file_t *f = zip_fopen(x->zip, name, 0);
	if (!f)
		return error_set(e, STATUS_INVALID, NULL, "%s%s cannot be read: %s", where, name,
		                 zip_strerror(x->zip));
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		die_nomem();
	r->p = p;
	r->stop = false;
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	enum status st = STATUS_OK;
	char *chunk = xmalloc(CHUNK);
	zip_uint64_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, CHUNK);
		if (n < 0) {
			st = error_set(e, STATUS_INVALID, NULL, "%s%s cannot be read: %s", where,
			               name, zip_file_strerror(f));
			break;
		}
		total += (zip_uint64_t)n;
		if (total > MAX_PART_BYTES) {
			st = error_set(e, STATUS_INVALID, NULL, "%s%s is larger than 4 GB inflated",
			               where, name);
			break;
		}
		if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (r->stop)
				st = error_set(e, STATUS_INVALID, NULL, "%s%s: %s", where, name, r->why);
			else
				st = error_set(e, STATUS_INVALID, NULL,
				               "%s%s is not well-formed XML (line %lu: %s)", where, name,
				               (unsigned long)XML_GetCurrentLineNumber(p),
				               XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
		if (n == 0)
			break;
	}
	free(chunk);
	XML_ParserFree(p);
	zip_fclose(f);
	return st;
}

/* ---- workbook.xml and its relationships ---- */

struct book_reader {
	struct part_reader r;
	struct xlsx *x;
	char *shared_part, *styles_part; /* from the relationships, owned */
};

static void book_start(void *ud, const char *name, const char **atts)
{
	struct book_reader *b = ud;
	const char *el = local_name(name);
	if (strcmp(el, "sheet") == 0) {
		const char *n = attr(atts, "name"), *id = attr(atts, "id");
		if (!n || !id) {
			stop_parser(&b->r, "a <sheet> without a name or r:id");
			return;
		}
		b->x->sheets = xrealloc(b->x->sheets, (b->x->nsheets + 1) * sizeof *b->x->sheets);
		b->x->sheets[b->x->nsheets++] = (struct sheet){xstrdup(n), xstrdup(id), NULL};
	} else if (strcmp(el, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		b->x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	}
}

static void no_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

static void no_text(void *ud, const char *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/..." absolute. */
static char *resolve_target(const char *target)
{
	struct buf b = {0};
	if (target[0] == '/')
		buf_puts(&b, target + 1);
	else
		buf_printf(&b, "xl/%s", target);
	return b.data ? b.data : xstrdup("");
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

static void rels_start(void *ud, const char *name, const char **atts)
{
	struct book_reader *b = ud;
	if (strcmp(local_name(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
	           *type = attr(atts, "Type");
	if (!id || !target || !type)
		return;
	if (ends_with(type, "/worksheet")) {
		for (size_t i = 0; i < b->x->nsheets; i++)
			if (strcmp(b->x->sheets[i].rid, id) == 0 && !b->x->sheets[i].part)
				b->x->sheets[i].part = resolve_target(target);
	} else if (ends_with(type, "/sharedStrings") && !b->shared_part) {
		b->shared_part = resolve_target(target);
	} else if (ends_with(type, "/styles") && !b->styles_part) {
		b->styles_part = resolve_target(target);
	}
}

/* ---- sharedStrings.xml ---- */

struct strings_reader {
	struct part_reader r;
	struct xlsx *x;
	int in_si, in_t, in_rph;
	struct buf text;
	size_t total; /* bytes of all strings so far */
};

static void strings_start(void *ud, const char *name, const char **atts)
{
	(void)atts;
	struct strings_reader *s = ud;
	const char *el = local_name(name);
	if (strcmp(el, "si") == 0) {
		s->in_si = 1;
		buf_reset(&s->text);
	} else if (strcmp(el, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(el, "t") == 0 && s->in_si) {
		s->in_t = 1;
	}
}

static void strings_end(void *ud, const char *name)
{
	struct strings_reader *s = ud;
	const char *el = local_name(name);
	if (strcmp(el, "si") == 0) {
		struct xlsx *x = s->x;
		if (x->nstrings == x->cstrings) {
			x->cstrings = x->cstrings ? x->cstrings * 2 : 256;
			x->strings = xrealloc(x->strings, x->cstrings * sizeof *x->strings);
		}
		decode_escapes(&s->text);
		s->total += s->text.len + 1;
		if (s->total > MAX_SHARED_BYTES) {
			stop_parser(&s->r, "the shared strings take more than 512 MB");
			return;
		}
		x->strings[x->nstrings++] = xstrdup(buf_str(&s->text));
		s->in_si = 0;
	} else if (strcmp(el, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(el, "t") == 0) {
		s->in_t = 0;
	}
}

static void strings_text(void *ud, const char *t, int len)
{
	struct strings_reader *s = ud;
	if (!s->in_t || s->in_rph)
		return;
	if (s->text.len + (size_t)len > MAX_CELL_BYTES) {
		stop_parser(&s->r, "a shared string is longer than 1 MB");
		return;
	}
	buf_append(&s->text, t, (size_t)len);
}

/* ---- styles.xml ---- */

struct styles_reader {
	struct part_reader r;
	int in_xfs;
	long *xf_fmt; /* numFmtId of each cellXfs entry */
	size_t nxf;
	long *custom; /* custom numFmtIds that are dates */
	size_t ncustom;
};

static void styles_start(void *ud, const char *name, const char **atts)
{
	struct styles_reader *s = ud;
	const char *el = local_name(name);
	if (strcmp(el, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (id && code && custom_date(code)) {
			s->custom = xrealloc(s->custom, (s->ncustom + 1) * sizeof *s->custom);
			s->custom[s->ncustom++] = strtol(id, NULL, 10);
		}
	} else if (strcmp(el, "cellXfs") == 0) {
		s->in_xfs = 1;
	} else if (strcmp(el, "xf") == 0 && s->in_xfs) {
		const char *id = attr(atts, "numFmtId");
		s->xf_fmt = xrealloc(s->xf_fmt, (s->nxf + 1) * sizeof *s->xf_fmt);
		s->xf_fmt[s->nxf++] = id ? strtol(id, NULL, 10) : 0;
	}
}

static void styles_end(void *ud, const char *name)
{
	struct styles_reader *s = ud;
	if (strcmp(local_name(name), "cellXfs") == 0)
		s->in_xfs = 0;
}

static void styles_resolve(struct xlsx *x, const struct styles_reader *s)
{
	x->nxf = s->nxf;
	x->xf_date = xcalloc(s->nxf ? s->nxf : 1, sizeof *x->xf_date);
	for (size_t i = 0; i < s->nxf; i++) {
		bool date = builtin_date(s->xf_fmt[i]);
		for (size_t j = 0; !date && j < s->ncustom; j++)
			date = s->custom[j] == s->xf_fmt[i];
		x->xf_date[i] = date;
	}
}

/* ---- opening ---- */

enum status xlsx_open(const char *path, struct xlsx **out, struct error *e)
{
	*out = NULL;
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_NOENT)
			return error_set(e, STATUS_IO, NULL, "%s: cannot be read", path);
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		enum status st = error_set(e, STATUS_INVALID, NULL,
		                           "%s: not an XLSX workbook (not a zip file: %s)", path,
		                           zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return st;
	}
	struct xlsx *x = xcalloc(1, sizeof *x);
	x->zip = z;
	x->path = xstrdup(path);
	struct book_reader b = {.x = x};
	enum status st = parse_part(x, "xl/workbook.xml", &b.r, book_start, no_end, no_text, false, e);
	if (st == STATUS_OK)
		st = parse_part(x, "xl/_rels/workbook.xml.rels", &b.r, rels_start, no_end, no_text,
		                false, e);
	for (size_t i = 0; st == STATUS_OK && i < x->nsheets; i++)
		if (!x->sheets[i].part)
			st = error_set(e, STATUS_INVALID, NULL,
			               "%s: sheet '%s' has no part in xl/_rels/workbook.xml.rels", path,
			               x->sheets[i].name);
	if (st == STATUS_OK) {
		struct strings_reader s = {.x = x};
		st = parse_part(x, b.shared_part ? b.shared_part : "xl/sharedStrings.xml", &s.r,
		                strings_start, strings_end, strings_text, true, e);
		buf_free(&s.text);
	}
	if (st == STATUS_OK) {
		struct styles_reader s = {0};
		st = parse_part(x, b.styles_part ? b.styles_part : "xl/styles.xml", &s.r,
		                styles_start, styles_end, no_text, true, e);
		styles_resolve(x, &s);
		free(s.xf_fmt);
		free(s.custom);
	}
	free(b.shared_part);
	free(b.styles_part);
	if (st != STATUS_OK) {
		xlsx_close(x);
		return st;
	}
	*out = x;
	return STATUS_OK;
}

void xlsx_close(struct xlsx *x)
{
	if (!x)
		return;
	if (x->zip)
		zip_discard(x->zip);
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	for (size_t i = 0; i < x->nstrings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x->xf_date);
	free(x->path);
	free(x);
}

size_t xlsx_nsheets(const struct xlsx *x)
{
	return x->nsheets;
}

const char *xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

/* ---- a sheet ---- */

struct sheet_reader {
	struct part_reader r;
	struct xlsx *x;
	const char *label;
	csv_row_fn row;
	void *ctx;
	struct diag *d;
	size_t errors;
	/* the row being read */
	long rownum;
	bool in_row, row_bad;
	struct buf *cells; /* cells[0..ncells) of this row; empty cells are "" */
	size_t ncells, ccells;
	size_t next_col;
	/* the cell being read */
	bool in_c, in_v, in_is, in_f, has_f;
	int in_rph;
	size_t col;
	char type[16];
	long style;
	struct buf text;
	/* the header (the first row handed over), to name columns */
	char **header;
	size_t nheader;
};

static void col_ref(size_t col, char out[4])
{
	char tmp[4];
	int n = 0;
	col++;
	while (col && n < 3) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void cell_error(struct sheet_reader *s, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void cell_error(struct sheet_reader *s, const char *fmt, ...)
{
	s->row_bad = true;
	if (++s->errors > MAX_ERRORS)
		return;
	char ref[4], column[200], msg[400];
	col_ref(s->col, ref);
	if (s->col < s->nheader && *s->header[s->col])
		snprintf(column, sizeof column, "%.160s (%s%ld)", s->header[s->col], ref, s->rownum);
	else
		snprintf(column, sizeof column, "%s%ld", ref, s->rownum);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(s->d, s->label, s->rownum, column, "%s", msg);
}

/* "BC12" -> column 54 (0-based); false when it is not a reference. */
static bool parse_ref(const char *ref, size_t *col)
{
	size_t c = 0, n = 0;
	while (ref[n] >= 'A' && ref[n] <= 'Z' && n < 4)
		c = c * 26 + (size_t)(ref[n++] - 'A' + 1);
	if (n == 0 || n > 3 || c > MAX_COLS)
		return false;
	*col = c - 1;
	return true;
}

static void set_cell(struct sheet_reader *s, const char *v, size_t len)
{
	if (len == 0)
		return;
	if (s->col >= s->ccells) {
		size_t cap = s->ccells ? s->ccells : 16;
		while (cap <= s->col)
			cap *= 2;
		s->cells = xrealloc(s->cells, cap * sizeof *s->cells);
		memset(s->cells + s->ccells, 0, (cap - s->ccells) * sizeof *s->cells);
		s->ccells = cap;
	}
	for (size_t i = s->ncells; i < s->col; i++)
		buf_reset(&s->cells[i]);
	buf_reset(&s->cells[s->col]);
	buf_append(&s->cells[s->col], v, len);
	if (s->col + 1 > s->ncells)
		s->ncells = s->col + 1;
}

/* A serial day number of the workbook's date system -> YYYY-MM-DD. */
static void serial_date(struct sheet_reader *s, double v)
{
	if (v != floor(v)) {
		cell_error(s, "a date with a time of day (%g); enter the date alone", v);
		return;
	}
	long serial = (long)v, day;
	if (s->x->date1904)
		day = serial + 1462 - 25569;
	else if (serial == 60) {
		cell_error(s, "1900-02-29 does not exist (Excel's serial day 60)");
		return;
	} else
		day = serial < 60 ? serial - 25568 : serial - 25569;
	if (serial < (s->x->date1904 ? 0 : 1) || day > 376199 /* 2999-12-31 */) {
		cell_error(s, "the date's serial number %ld is out of range", serial);
		return;
	}
	char out[11];
	date_format(day, out);
	set_cell(s, out, 10);
}

static void end_cell(struct sheet_reader *s)
{
	struct buf *t = &s->text;
	const char *type = s->type;
	if (s->has_f) {
		cell_error(s, "holds a formula; an import takes values: paste the values "
		              "(选择性粘贴 → 数值) and save again");
		return;
	}
	if (strcmp(type, "s") == 0) {
		char *end;
		long i = strtol(buf_str(t), &end, 10);
		if (!t->len || *end || i < 0 || (size_t)i >= s->x->nstrings) {
			cell_error(s, "shared string %s does not exist; the workbook is damaged",
			           buf_str(t));
			return;
		}
		set_cell(s, s->x->strings[i], strlen(s->x->strings[i]));
	} else if (strcmp(type, "inlineStr") == 0 || strcmp(type, "str") == 0) {
		decode_escapes(t);
		set_cell(s, buf_str(t), t->len);
	} else if (strcmp(type, "b") == 0) {
		const char *v = strcmp(buf_str(t), "1") == 0 ? "TRUE" : "FALSE";
		if (t->len)
			set_cell(s, v, strlen(v));
	} else if (strcmp(type, "e") == 0) {
		cell_error(s, "holds the error value %s", buf_str(t));
	} else if (strcmp(type, "d") == 0) {
		long day;
		char date[11];
		snprintf(date, sizeof date, "%.10s", buf_str(t));
		if (!date_parse(date, &day))
			cell_error(s, "'%s' is not a date", buf_str(t));
		else
			set_cell(s, date, 10);
	} else if (strcmp(type, "n") == 0 || !*type) {
		if (!t->len)
			return;
		char *end;
		double v = strtod(buf_str(t), &end);
		if (*end || !isfinite(v)) {
			cell_error(s, "'%s' is not a number; the workbook is damaged", buf_str(t));
			return;
		}
		if (s->style >= 0 && (size_t)s->style < s->x->nxf && s->x->xf_date[s->style]) {
			serial_date(s, v);
			return;
		}
		struct buf num = {0};
		format_number(v, &num);
		set_cell(s, num.data, num.len);
		buf_free(&num);
	} else {
		cell_error(s, "unknown cell type '%s'", type);
	}
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
	struct sheet_reader *s = ud;
	const char *el = local_name(name);
	if (strcmp(el, "row") == 0) {
		const char *r = attr(atts, "r");
		long n = r ? strtol(r, NULL, 10) : s->rownum + 1;
		if (n <= s->rownum || n > 1048576) {
			char why[120];
			snprintf(why, sizeof why, "row %ld comes after row %ld; rows must be in order",
			         n, s->rownum);
			stop_parser(&s->r, why);
			return;
		}
		s->rownum = n;
		s->in_row = true;
		s->row_bad = false;
		s->ncells = 0;
		s->next_col = 0;
	} else if (strcmp(el, "c") == 0 && s->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
		size_t col = s->next_col;
		if (r && !parse_ref(r, &col)) {
			stop_parser(&s->r, "a cell reference is not valid");
			return;
		}
		if (col >= MAX_COLS) {
			stop_parser(&s->r, "a cell is right of column XFD");
			return;
		}
		s->col = col;
		s->next_col = col + 1;
		snprintf(s->type, sizeof s->type, "%s", t ? t : "");
		s->style = st ? strtol(st, NULL, 10) : -1;
		s->in_c = true;
		s->has_f = false;
		s->in_rph = 0;
		buf_reset(&s->text);
	} else if (s->in_c) {
		if (strcmp(el, "v") == 0)
			s->in_v = true;
		else if (strcmp(el, "is") == 0)
			s->in_is = true;
		else if (strcmp(el, "f") == 0)
			s->has_f = s->in_f = true;
		else if (strcmp(el, "rPh") == 0)
			s->in_rph++;
	}
}

static void deliver_row(struct sheet_reader *s)
{
	char **fields = xmalloc((s->ncells ? s->ncells : 1) * sizeof *fields);
	for (size_t i = 0; i < s->ncells; i++) {
		if (!s->cells[i].data)
			buf_puts(&s->cells[i], "");
		fields[i] = s->cells[i].data;
	}
	if (!s->header) {
		s->nheader = s->ncells;
		s->header = xmalloc((s->ncells ? s->ncells : 1) * sizeof *s->header);
		for (size_t i = 0; i < s->ncells; i++)
			s->header[i] = xstrdup(fields[i]);
	}
	s->row(s->ctx, s->rownum, fields, s->ncells);
	free(fields);
}

static void sheet_end(void *ud, const char *name)
{
	struct sheet_reader *s = ud;
	const char *el = local_name(name);
	if (strcmp(el, "row") == 0 && s->in_row) {
		s->in_row = false;
		if (s->ncells && !s->row_bad)
			deliver_row(s);
	} else if (strcmp(el, "c") == 0 && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_f = false;
		end_cell(s);
	} else if (strcmp(el, "v") == 0) {
		s->in_v = false;
	} else if (strcmp(el, "is") == 0) {
		s->in_is = false;
	} else if (strcmp(el, "f") == 0) {
		s->in_f = false;
	} else if (strcmp(el, "rPh") == 0 && s->in_rph) {
		s->in_rph--;
	}
}

static void sheet_text(void *ud, const char *t, int len)
{
	struct sheet_reader *s = ud;
	if (!s->in_c || s->in_f || s->in_rph || !(s->in_v || s->in_is))
		return;
	if (s->text.len + (size_t)len > MAX_CELL_BYTES) {
		stop_parser(&s->r, "a cell holds more than 1 MB of text");
		return;
	}
	buf_append(&s->text, t, (size_t)len);
}

size_t xlsx_read_sheet(struct xlsx *x, size_t i, const char *label, csv_row_fn row, void *ctx,
                       struct diag *d)
{
	struct sheet_reader s = {.r.in_sheet = true, .x = x, .label = label, .row = row,
	                         .ctx = ctx, .d = d};
	struct error e;
	if (parse_part(x, x->sheets[i].part, &s.r, sheet_start, sheet_end, sheet_text, false, &e) !=
	    STATUS_OK) {
		diag_add(d, label, s.rownum, NULL, "%s", e.message);
		s.errors++;
	}
	if (s.errors > MAX_ERRORS)
		diag_add(d, label, 0, NULL, "%zu more errors in this sheet not shown",
		         s.errors - MAX_ERRORS);
	for (size_t k = 0; k < s.ccells; k++)
		buf_free(&s.cells[k]);
	free(s.cells);
	buf_free(&s.text);
	for (size_t k = 0; k < s.nheader; k++)
		free(s.header[k]);
	free(s.header);
	return s.errors;
}
