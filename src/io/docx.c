/* docx.c - the text of word/document.xml; see docx.h. */
#include "docx.h"

#include <expat.h>
#include <string.h>
#include <zip.h>

/* expat is created with namespace processing: an element's name arrives
 * as "URI local", whatever prefix the file used. */
#define NS_SEP ' '
static const char *const W_NS[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main", /* Strict OOXML */
};
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DOCUMENT_XML "word/document.xml"
#define CHUNK 65536
#define STR_(x) #x
#define STR(x) STR_(x)

struct reader {
	XML_Parser p;
	struct buf *out;
	unsigned depth;
	unsigned skip;    /* depth of the mc:Fallback being skipped, or 0 */
	bool in_t, in_tabs;
	const char *fail; /* why a handler stopped the parser, or NULL */
};

/* The local name of a WordprocessingML element, or NULL for another
 * namespace. */
static const char *w_local(const XML_Char *name)
{
	for (size_t i = 0; i < sizeof W_NS / sizeof *W_NS; i++) {
		size_t n = strlen(W_NS[i]);
		if (strncmp(name, W_NS[i], n) == 0 && name[n] == NS_SEP)
			return name + n + 1;
	}
	return NULL;
}

static bool is_fallback(const XML_Char *name)
{
	size_t n = strlen(MC_NS);
	return strncmp(name, MC_NS, n) == 0 && name[n] == NS_SEP && strcmp(name + n + 1, "Fallback") == 0;
}

static void stop(struct reader *r, const char *why)
{
	if (!r->fail)
		r->fail = why;
	XML_StopParser(r->p, XML_FALSE);
}

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct reader *r = ctx;
	if (++r->depth > DOCX_MAX_DEPTH) {
		stop(r, "elements nested deeper than " STR(DOCX_MAX_DEPTH) " levels");
		return;
	}
	if (r->skip)
		return;
	if (is_fallback(name)) {
		r->skip = r->depth;
		return;
	}
	const char *w = w_local(name);
	if (!w)
		return;
	if (strcmp(w, "t") == 0)
		r->in_t = true;
	else if (strcmp(w, "tabs") == 0) /* tab stops in the paragraph's properties */
		r->in_tabs = true;
	else if (strcmp(w, "tab") == 0 && !r->in_tabs)
		buf_putc(r->out, '\t');
	else if (strcmp(w, "br") == 0 || strcmp(w, "cr") == 0)
		buf_putc(r->out, '\n');
	else if (strcmp(w, "noBreakHyphen") == 0)
		buf_putc(r->out, '-');
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
	struct reader *r = ctx;
	unsigned depth = r->depth--;
	if (r->skip) {
		if (r->skip == depth)
			r->skip = 0;
		return;
	}
	const char *w = w_local(name);
	if (!w)
		return;
	if (strcmp(w, "t") == 0)
		r->in_t = false;
	else if (strcmp(w, "tabs") == 0)
		r->in_tabs = false;
	else if (strcmp(w, "p") == 0)
		buf_putc(r->out, '\n');
}

static void XMLCALL on_text(void *ctx, const XML_Char *s, int len)
{
	struct reader *r = ctx;
	if (r->in_t && !r->skip && len > 0)
		buf_append(r->out, s, (size_t)len);
}

/* A .docx has no DTD; refusing one refuses entity expansion attacks. */
static void XMLCALL on_doctype(void *ctx, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	stop(ctx, "a DTD (a .docx has none)");
}

static void XMLCALL on_entity(void *ctx, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid,
		(void)pubid, (void)notation;
	stop(ctx, "an entity declaration (a .docx has none)");
}

bool docx_sniff(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* Feeds one chunk (or the end, when final) to the parser; false with e
 * filled when the XML is bad or a limit is hit. */
static bool feed(struct reader *r, const char *s, size_t n, bool final, struct error *e)
{
	if (XML_Parse(r->p, s, (int)n, final) == XML_STATUS_OK)
		return true;
	if (r->fail)
		error_set(e, STATUS_INVALID, "", "not a usable .docx: " DOCUMENT_XML ": %s", r->fail);
	else
		error_set(e, STATUS_INVALID, "", "not a usable .docx: " DOCUMENT_XML ": line %lu: %s",
		          (unsigned long)XML_GetCurrentLineNumber(r->p),
		          XML_ErrorString(XML_GetErrorCode(r->p)));
	return false;
}

static bool read_xml(zip_t *za, zip_uint64_t idx, size_t max_xml, struct buf *out,
                     struct error *e)
{
	zip_file_t *zf = zip_fopen_index(za, idx, 0);
	if (!zf)
		return error_set(e, STATUS_INVALID, "", "not a usable .docx: " DOCUMENT_XML ": %s",
		                 zip_strerror(za)),
		       false;
	struct reader r = {.out = out};
	r.p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!r.p)
		die_nomem();
	XML_SetUserData(r.p, &r);
	XML_SetElementHandler(r.p, on_start, on_end);
	XML_SetCharacterDataHandler(r.p, on_text);
	XML_SetStartDoctypeDeclHandler(r.p, on_doctype);
	XML_SetEntityDeclHandler(r.p, on_entity);
	char *buf = xmalloc(CHUNK);
	size_t total = 0;
	bool ok = true;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			ok = false;
			error_set(e, STATUS_INVALID, "", "not a usable .docx: " DOCUMENT_XML ": %s",
			          zip_file_strerror(zf));
			break;
		}
		if (n == 0) {
			ok = feed(&r, "", 0, true, e);
			break;
		}
		total += (size_t)n;
		if (total > max_xml) {
			ok = false;
			error_set(e, STATUS_INVALID, "",
			          "not a usable .docx: " DOCUMENT_XML " is larger than %zu bytes "
			          "uncompressed", max_xml);
			break;
		}
		if (!(ok = feed(&r, buf, (size_t)n, false, e)))
			break;
	}
	free(buf);
	XML_ParserFree(r.p);
	zip_fclose(zf);
	return ok;
}

bool docx_text_capped(const void *data, size_t len, size_t max_xml, struct buf *out,
                      struct error *e)
{
	size_t before = out->len;
	zip_error_t ze;
	zip_error_init(&ze);
	/* libzip reads the caller's memory in place and frees nothing of it */
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		die_nomem();
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		error_set(e, STATUS_INVALID, "", "not a .docx (not a zip archive: %s)",
		          zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);
	bool ok = false;
	zip_int64_t idx = zip_name_locate(za, DOCUMENT_XML, ZIP_FL_NOCASE);
	zip_stat_t st;
	if (idx < 0) {
		error_set(e, STATUS_INVALID, "", "not a .docx (no " DOCUMENT_XML " in the archive)");
	} else if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 &&
	           (st.valid & ZIP_STAT_SIZE) && st.size > max_xml) {
		/* the stated size; read_xml also counts, as the header may lie */
		error_set(e, STATUS_INVALID, "",
		          "not a usable .docx: " DOCUMENT_XML " is larger than %zu bytes uncompressed",
		          max_xml);
	} else {
		ok = read_xml(za, (zip_uint64_t)idx, max_xml, out, e);
	}
	zip_discard(za); /* read only: nothing to write back; frees src too */
	if (!ok && out->data) {
		out->len = before;
		out->data[before] = '\0';
	}
	return ok;
}

bool docx_text(const void *data, size_t len, struct buf *out, struct error *e)
{
	return docx_text_capped(data, len, DOCX_MAX_XML, out, e);
}
