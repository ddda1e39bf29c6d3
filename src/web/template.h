/* template.h - HTML templates: a small subset of mustache, with a jansson
 * value as the model.
 *
 * Written here because Debian packages no C mustache library.  The point
 * of it is that a value is HTML-escaped unless the template says, by
 * name, that it is not: there is no other way to print a value.
 *
 * The language
 *
 *   {{name}}      the value, HTML-escaped: & < > " ' become &amp; &lt;
 *                 &gt; &quot; &#39;.  Safe in text and in a quoted
 *                 attribute value (always quote attributes).
 *   {{{name}}}    the value, raw.  The one exception, for trusted
 *                 fragments the server built itself (inline SVG).
 *                 mustache's other raw form, {{&name}}, is an error.
 *   {{a.b.c}}     a dotted name: `a` is looked up the context stack,
 *                 innermost first, in the first object that has the key
 *                 (even as null); `b` and `c` only inside what `a` found.
 *                 A missing part anywhere renders nothing.
 *   {{.}}         the current item (the innermost context).
 *   {{#name}}...{{/name}}
 *                 a section: an array renders it once per element, with
 *                 the element pushed on the context stack; an object
 *                 renders it once with the object pushed; true, a
 *                 non-empty string or a non-zero number render it once
 *                 with the context unchanged; false, null, missing, an
 *                 empty array, "" and 0 do not render it.
 *   {{^name}}...{{/name}}
 *                 inverted: rendered exactly when the section would not be.
 *   {{>name}}     a partial, found through the lookup function given to
 *                 template_compile and compiled with the template, once
 *                 per name.  It renders with the current context stack.
 *   {{! text }}   a comment; it may span lines.
 *
 * Whitespace is allowed inside a tag: {{ name }}, {{# items }}.  Names
 * contain no whitespace and no braces; a dotted name has no empty part.
 *
 * Values print as: a string as it is; an integer in decimal; a real in the
 * shortest %g form that reads back exactly (1.5, 0.1, 3); true as "true";
 * false, null, a missing value, an array and an object as nothing.
 *
 * Deliberately not mustache:
 *   - no standalone-line trimming: a line holding only a section tag keeps
 *     its newline, so the output is exactly the text around the tags;
 *   - no delimiter changes ({{=<% %>=}}), no {{&name}}, no lambdas, no
 *     blocks or parents ({{$x}}, {{<x}}): each is a compile error;
 *   - no way to write a literal "{{" in the text (put it in a value);
 *   - partials cannot include themselves, directly or through others:
 *     since rendering cannot fail, that is refused when compiling, as are
 *     partials nested more than TEMPLATE_MAX_PARTIAL_DEPTH deep and
 *     sections nested more than TEMPLATE_MAX_SECTION_DEPTH deep within one
 *     template.  So rendering recurses a bounded depth, whatever the data.
 *
 * Errors
 *
 * A malformed template is a compile error (STATUS_INVALID) whose message
 * names the line, as in "line 12: section 'items' is not closed", and whose
 * field is the name of the template or partial that line is in.
 *
 * Ownership and threads
 *
 * template_compile copies what it needs: the sources (the main one and
 * those the lookup function returns) need only live until it returns.
 * A compiled template is immutable; any number of threads may render it
 * at once.  Rendering never allocates except to grow the output buffer,
 * does no parsing, takes no reference on the model and never changes it. */
#ifndef DUTYLIST_TEMPLATE_H
#define DUTYLIST_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "../util/buf.h"
#include "../util/err.h"

#define TEMPLATE_MAX_PARTIAL_DEPTH 16 /* page > header > nav > ... */
#define TEMPLATE_MAX_SECTION_DEPTH 32 /* {{#a}}{{#b}}... within one source */

struct template; /* compiled, immutable, shareable between threads */

/* The source of the partial called `name`, or NULL when there is none.
 * Called at most once per name per template_compile; the text must stay
 * valid until template_compile returns. */
typedef const char *(*template_partial_fn)(void *ctx, const char *name);

/* Compiles `source` (NUL-terminated UTF-8) into *out, which the caller
 * frees with template_free.  `name` names the template in errors (the
 * error's field; NULL reads "template").  `partials` may be NULL when the
 * template uses none.  Each partial is compiled into the template that
 * uses it, once however often it is included; pages sharing a layout each
 * hold their own compiled copy.  On failure *out is NULL and e says what
 * and where; every compile error is STATUS_INVALID. */
enum status template_compile(const char *name, const char *source,
                             template_partial_fn partials, void *ctx,
                             struct template **out, struct error *e) MUST_USE;

/* Appends the template rendered over `model` (any JSON value; NULL is
 * taken as an empty context) to out.  Cannot fail. */
void template_render(const struct template *t, const json_t *model, struct buf *out);

void template_free(struct template *t); /* NULL is fine */

/* The one HTML-escaping function (& < > " '), exported for handlers that
 * build HTML outside a template.  The _n form takes a length, so a string
 * with NUL bytes is escaped whole.  html_escape(out, NULL) appends nothing. */
void html_escape(struct buf *out, const char *s);
void html_escape_n(struct buf *out, const char *s, size_t len);

#endif
