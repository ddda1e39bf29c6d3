/* template.c - the template compiler and renderer (see template.h).
 *
 * Compiling parses the main source, then each partial it reaches (every
 * name once, in the order first met), into one flat array of nodes: a
 * section node records the index just past its close, and a partial node,
 * once all are parsed, the range of the partial's nodes.  Text and the
 * parts of names live in one pool; a name is a run of part offsets in
 * keys[].  A last pass over the partials refuses loops and depth.
 *
 * Rendering walks the array and recurses only into sections and partials,
 * whose depth compiling has bounded.  The context stack is a chain of
 * frames on the C stack, so rendering allocates nothing of its own. */
#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_TEXT, K_VAR, K_RAW, K_SECTION, K_INVERTED, K_PARTIAL };

struct node {
	enum kind kind;
	int line;     /* of the tag, in its own source */
	size_t nkeys; /* names: how many parts; 0 for "." */
	size_t a;     /* text: offset in pool; names: first part in keys[];
	                 partial: its first node (while compiling: its body) */
	size_t b;     /* text: length; section, inverted: the node after the
	                 close; partial: the node after its last */
};

struct template {
	char *pool;   /* text, and name parts each NUL-terminated */
	size_t *keys; /* name parts, as offsets in pool */
	struct node *nodes;
	size_t main_end; /* the main template is nodes[0, main_end) */
};

/* ---- compiling ---- */

enum visit { NEW, ACTIVE, DONE };

/* A source being compiled: the main template (bodies[0]) or a partial. */
struct body {
	size_t name;        /* offset in pool */
	const char *source; /* the caller's; valid until compile returns */
	size_t start, end;  /* its nodes */
	enum visit visit;   /* for check_partials */
	size_t height;      /* levels of partials below it, once DONE */
	size_t deepest;     /* the partial that gives that height */
};

struct compiler {
	struct buf pool;
	size_t *keys;
	size_t nkeys, capkeys;
	struct node *nodes;
	size_t nnodes, capnodes;
	struct body *bodies;
	size_t nbodies, capbodies;
	template_partial_fn partials;
	void *ctx;
	struct error *e;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	if (*cap > SIZE_MAX / 2 / size)
		die_nomem();
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(p, *cap * size);
}

static size_t pool_add(struct compiler *c, const char *s, size_t n)
{
	size_t off = c->pool.len;
	buf_append(&c->pool, s, n);
	buf_putc(&c->pool, '\0');
	return off;
}

static const char *body_name(const struct compiler *c, size_t bi)
{
	return c->pool.data + c->bodies[bi].name;
}

static size_t add_node(struct compiler *c, enum kind kind, int line)
{
	c->nodes = grow(c->nodes, &c->capnodes, c->nnodes, sizeof *c->nodes);
	c->nodes[c->nnodes] = (struct node){.kind = kind, .line = line};
	return c->nnodes++;
}

static size_t add_body(struct compiler *c, const char *name, size_t len, const char *source)
{
	c->bodies = grow(c->bodies, &c->capbodies, c->nbodies, sizeof *c->bodies);
	c->bodies[c->nbodies] = (struct body){.name = pool_add(c, name, len), .source = source};
	return c->nbodies++;
}

/* Fills the error: "line N: ...", the field naming the source of body bi. */
PRINTF_LIKE(4, 5)
static enum status fail(struct compiler *c, size_t bi, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(c->e, STATUS_INVALID, body_name(c, bi), "line %d: %s", line, what);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static int count_lines(const char *s, size_t n)
{
	int lines = 0;
	const char *end = s + n;
	while ((s = memchr(s, '\n', (size_t)(end - s)))) {
		lines++;
		s++;
	}
	return lines;
}

/* No whitespace or braces: a name with them is a typo, not a key. */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_space(s[i]) || s[i] == '{' || s[i] == '}')
			return false;
	return true;
}

/* Splits a name ("a.b.c" or ".") into node->a, node->nkeys. */
static enum status add_name(struct compiler *c, size_t bi, size_t ni, const char *s, size_t n)
{
	struct node *node = &c->nodes[ni];
	node->a = c->nkeys;
	node->nkeys = 0;
	if (n == 1 && s[0] == '.')
		return STATUS_OK;
	bool ok = plain(s, n) && s[0] != '.' && s[n - 1] != '.';
	for (size_t i = 1; ok && i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			ok = false;
	if (!ok)
		return fail(c, bi, node->line, "malformed name '%.*s'", (int)n, s);
	const char *end = s + n;
	while (s < end) {
		const char *dot = memchr(s, '.', (size_t)(end - s));
		size_t len = dot ? (size_t)(dot - s) : (size_t)(end - s);
		c->keys = grow(c->keys, &c->capkeys, c->nkeys, sizeof *c->keys);
		c->keys[c->nkeys++] = pool_add(c, s, len);
		s += len + 1;
	}
	c->nodes[ni].nkeys = c->nkeys - c->nodes[ni].a;
	return STATUS_OK;
}

/* Appends text, extending the text node just before when nothing but a
 * comment came between. */
static void add_text(struct compiler *c, const char *s, size_t n, int line, size_t *last)
{
	if (n == 0)
		return;
	if (*last != SIZE_MAX) {
		struct node *t = &c->nodes[*last];
		if (t->a + t->b == c->pool.len) {
			buf_append(&c->pool, s, n);
			t->b += n;
			return;
		}
	}
	size_t ni = add_node(c, K_TEXT, line);
	c->nodes[ni].a = c->pool.len;
	c->nodes[ni].b = n;
	buf_append(&c->pool, s, n);
	*last = ni;
}

/* The body of the partial called name, asking the lookup function for its
 * source the first time. */
static enum status find_partial(struct compiler *c, size_t bi, int line, const char *name,
                                size_t n, size_t *out)
{
	for (size_t i = 1; i < c->nbodies; i++) {
		const char *have = body_name(c, i);
		if (strlen(have) == n && memcmp(have, name, n) == 0) {
			*out = i;
			return STATUS_OK;
		}
	}
	size_t bj = add_body(c, name, n, NULL);
	const char *source = c->partials ? c->partials(c->ctx, body_name(c, bj)) : NULL;
	if (!source)
		return fail(c, bi, line, "unknown partial '%.*s'", (int)n, name);
	c->bodies[bj].source = source;
	*out = bj;
	return STATUS_OK;
}

struct open {
	size_t node;
	const char *name;
	size_t len;
	int line;
};

static enum status parse_body(struct compiler *c, size_t bi)
{
	struct open open[TEMPLATE_MAX_SECTION_DEPTH];
	size_t depth = 0;
	size_t last_text = SIZE_MAX;
	const char *p = c->bodies[bi].source;
	int line = 1;
	enum status st;

	c->bodies[bi].start = c->nnodes;
	for (;;) {
		const char *tag = strstr(p, "{{");
		size_t n = tag ? (size_t)(tag - p) : strlen(p);
		add_text(c, p, n, line, &last_text);
		line += count_lines(p, n);
		if (!tag)
			break;

		bool triple = tag[2] == '{';
		const char *s = tag + (triple ? 3 : 2);
		const char *close = strstr(s, "}}");
		if (!close || (triple && close[2] != '}'))
			return fail(c, bi, line, triple ? "'{{{' is not closed by '}}}'"
			                                : "'{{' is not closed by '}}'");
		n = (size_t)(close - s);
		p = close + (triple ? 3 : 2);
		int tag_line = line;
		line += count_lines(s, n);

		trim(&s, &n);
		char sigil = '\0';
		if (!triple && n && strchr("!#^/>&=<$", s[0])) {
			sigil = s[0];
			s++;
			n--;
			trim(&s, &n);
		}
		switch (sigil) {
		case '!':
			continue; /* a comment: the text around it stays one node */
		case '&':
			return fail(c, bi, tag_line,
			            "{{&%.*s}} is not supported: a raw value is written {{{%.*s}}}",
			            (int)n, s, (int)n, s);
		case '=':
			return fail(c, bi, tag_line, "delimiter changes ({{=...=}}) are not supported");
		case '<':
		case '$':
			return fail(c, bi, tag_line, "{{%c...}} (blocks and parents) is not supported",
			            sigil);
		default:
			break;
		}
		last_text = SIZE_MAX;
		if (n == 0) {
			char sig[2] = {sigil, '\0'};
			return fail(c, bi, tag_line, "tag {{%s%s%s}} has no name", triple ? "{" : "",
			            sig, triple ? "}" : "");
		}

		size_t ni;
		switch (sigil) {
		case '>': {
			if (!plain(s, n))
				return fail(c, bi, tag_line, "malformed partial name '%.*s'", (int)n, s);
			size_t pb = 0;
			if ((st = find_partial(c, bi, tag_line, s, n, &pb)))
				return st;
			ni = add_node(c, K_PARTIAL, tag_line);
			c->nodes[ni].a = pb;
			break;
		}
		case '/': {
			if (depth == 0)
				return fail(c, bi, tag_line, "{{/%.*s}} closes no section", (int)n, s);
			struct open *o = &open[depth - 1];
			if (n != o->len || memcmp(s, o->name, n) != 0)
				return fail(c, bi, tag_line, "{{/%.*s}} closes '%.*s'", (int)n, s,
				            (int)o->len, o->name);
			c->nodes[o->node].b = c->nnodes;
			depth--;
			break;
		}
		case '#':
		case '^':
			if (depth == TEMPLATE_MAX_SECTION_DEPTH)
				return fail(c, bi, tag_line, "sections nested more than %d deep",
				            TEMPLATE_MAX_SECTION_DEPTH);
			ni = add_node(c, sigil == '#' ? K_SECTION : K_INVERTED, tag_line);
			if ((st = add_name(c, bi, ni, s, n)))
				return st;
			open[depth++] = (struct open){ni, s, n, tag_line};
			break;
		default:
			ni = add_node(c, triple ? K_RAW : K_VAR, tag_line);
			if ((st = add_name(c, bi, ni, s, n)))
				return st;
			break;
		}
	}
	if (depth > 0) {
		struct open *o = &open[depth - 1];
		return fail(c, bi, o->line, "section '%.*s' is not closed", (int)o->len, o->name);
	}
	c->bodies[bi].end = c->nnodes;
	return STATUS_OK;
}

/* "a > b > c": path[from..n), then `then` and the deepest partials below it. */
static void chain(const struct compiler *c, struct buf *b, const size_t *path, size_t from,
                  size_t n, size_t then, bool below)
{
	for (size_t i = from; i < n; i++) {
		buf_puts(b, body_name(c, path[i]));
		buf_puts(b, " > ");
	}
	buf_puts(b, body_name(c, then));
	for (size_t bi = then; below && c->bodies[bi].height > 0;) {
		bi = c->bodies[bi].deepest;
		buf_puts(b, " > ");
		buf_puts(b, body_name(c, bi));
	}
}

/* Refuses a partial that includes itself and partials nested too deep;
 * path[0..depth] are the bodies from the main template to bi. */
static enum status check_partials(struct compiler *c, size_t bi, size_t *path, size_t depth)
{
	c->bodies[bi].visit = ACTIVE;
	path[depth] = bi;
	for (size_t i = c->bodies[bi].start; i < c->bodies[bi].end; i++) {
		const struct node *n = &c->nodes[i];
		if (n->kind != K_PARTIAL)
			continue;
		size_t pi = n->a;
		struct body *p = &c->bodies[pi];
		struct buf b = {0};
		enum status st = STATUS_OK;
		if (p->visit == ACTIVE) {
			size_t from = depth;
			while (path[from] != pi)
				from--;
			chain(c, &b, path, from, depth + 1, pi, false);
			st = fail(c, bi, n->line, "partial '%s' includes itself: %s", body_name(c, pi),
			          b.data);
		} else if (p->visit == NEW && depth + 1 > TEMPLATE_MAX_PARTIAL_DEPTH) {
			chain(c, &b, path, 0, depth + 1, pi, false);
			st = fail(c, bi, n->line, "partials nested more than %d deep: %s",
			          TEMPLATE_MAX_PARTIAL_DEPTH, b.data);
		} else if (p->visit == NEW) {
			st = check_partials(c, pi, path, depth + 1);
		} else if (depth + 1 + p->height > TEMPLATE_MAX_PARTIAL_DEPTH) {
			/* checked before, from a shallower place */
			chain(c, &b, path, 0, depth + 1, pi, true);
			st = fail(c, bi, n->line, "partials nested more than %d deep: %s",
			          TEMPLATE_MAX_PARTIAL_DEPTH, b.data);
		}
		buf_free(&b);
		if (st)
			return st;
		if (1 + p->height > c->bodies[bi].height) {
			c->bodies[bi].height = 1 + p->height;
			c->bodies[bi].deepest = pi;
		}
	}
	c->bodies[bi].visit = DONE;
	return STATUS_OK;
}

static void compiler_free(struct compiler *c)
{
	buf_free(&c->pool);
	free(c->keys);
	free(c->nodes);
	free(c->bodies);
}

enum status template_compile(const char *name, const char *source,
                             template_partial_fn partials, void *ctx,
                             struct template **out, struct error *e)
{
	struct compiler c = {.partials = partials, .ctx = ctx, .e = e};
	*out = NULL;
	if (!name)
		name = "template";
	add_body(&c, name, strlen(name), source);

	enum status st = STATUS_OK;
	for (size_t i = 0; !st && i < c.nbodies; i++) /* nbodies grows as partials are met */
		st = parse_body(&c, i);
	size_t path[TEMPLATE_MAX_PARTIAL_DEPTH + 1];
	if (!st)
		st = check_partials(&c, 0, path, 0);
	if (st) {
		compiler_free(&c);
		return st;
	}

	for (size_t i = 0; i < c.nnodes; i++) {
		struct node *n = &c.nodes[i];
		if (n->kind == K_PARTIAL) {
			const struct body *p = &c.bodies[n->a];
			n->a = p->start;
			n->b = p->end;
		}
	}
	struct template *t = xmalloc(sizeof *t);
	*t = (struct template){
		.pool = c.pool.data,
		.keys = c.keys,
		.nodes = c.nodes,
		.main_end = c.bodies[0].end,
	};
	free(c.bodies);
	*out = t;
	return STATUS_OK;
}

void template_free(struct template *t)
{
	if (!t)
		return;
	free(t->pool);
	free(t->keys);
	free(t->nodes);
	free(t);
}

/* ---- rendering ---- */

struct frame {
	const json_t *value;
	const struct frame *up;
};

static const json_t *lookup(const struct template *t, const struct node *n, const struct frame *f)
{
	if (n->nkeys == 0)
		return f->value;
	const size_t *key = t->keys + n->a;
	const json_t *v = NULL;
	for (; f && !v; f = f->up)
		v = json_object_get(f->value, t->pool + key[0]); /* NULL unless an object */
	for (size_t i = 1; v && i < n->nkeys; i++)
		v = json_object_get(v, t->pool + key[i]);
	return v;
}

static bool truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return false;
	}
}

static void put_integer(struct buf *out, json_int_t x)
{
	char digits[24];
	char *p = digits + sizeof digits;
	unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (x < 0)
		*--p = '-';
	buf_append(out, p, (size_t)(digits + sizeof digits - p));
}

/* The shortest of %.15g, %.16g, %.17g that reads back as d. */
static void put_real(struct buf *out, double d)
{
	char s[40];
	snprintf(s, sizeof s, "%.15g", d);
	if (strtod(s, NULL) != d) {
		snprintf(s, sizeof s, "%.16g", d);
		if (strtod(s, NULL) != d)
			snprintf(s, sizeof s, "%.17g", d);
	}
	buf_puts(out, s);
}

static void put_value(struct buf *out, const json_t *v, bool escape)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			html_escape_n(out, json_string_value(v), json_string_length(v));
		else
			buf_append(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		put_integer(out, json_integer_value(v));
		break;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_append(out, "true", 4);
		break;
	default: /* false, null, arrays and objects print nothing */
		break;
	}
}

static void render_range(const struct template *t, size_t i, size_t end, const struct frame *f,
                         struct buf *out)
{
	while (i < end) {
		const struct node *n = &t->nodes[i];
		switch (n->kind) {
		case K_TEXT:
			buf_append(out, t->pool + n->a, n->b);
			i++;
			break;
		case K_VAR:
		case K_RAW:
			put_value(out, lookup(t, n, f), n->kind == K_VAR);
			i++;
			break;
		case K_SECTION: {
			const json_t *v = lookup(t, n, f);
			if (json_is_array(v)) {
				size_t len = json_array_size(v);
				for (size_t k = 0; k < len; k++) {
					struct frame in = {json_array_get(v, k), f};
					render_range(t, i + 1, n->b, &in, out);
				}
			} else if (json_is_object(v)) {
				struct frame in = {v, f};
				render_range(t, i + 1, n->b, &in, out);
			} else if (truthy(v)) {
				render_range(t, i + 1, n->b, f, out);
			}
			i = n->b;
			break;
		}
		case K_INVERTED:
			if (!truthy(lookup(t, n, f)))
				render_range(t, i + 1, n->b, f, out);
			i = n->b;
			break;
		case K_PARTIAL:
			render_range(t, n->a, n->b, f, out);
			i++;
			break;
		}
	}
}

void template_render(const struct template *t, const json_t *model, struct buf *out)
{
	struct frame root = {model, NULL};
	render_range(t, 0, t->main_end, &root, out);
	if (!out->data)
		buf_append(out, "", 0); /* buf_str and out->data agree: "" */
}

/* ---- escaping ---- */

/* What each special byte becomes; .n is 0 for every other byte. */
static const struct {
	char s[7];
	unsigned char n;
} entity[256] = {
	['&'] = {"&amp;", 5}, ['<'] = {"&lt;", 4}, ['>'] = {"&gt;", 4},
	['"'] = {"&quot;", 6}, ['\''] = {"&#39;", 5},
};

void html_escape_n(struct buf *out, const char *s, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!entity[ch].n)
			continue;
		buf_append(out, s + from, i - from);
		buf_append(out, entity[ch].s, entity[ch].n);
		from = i + 1;
	}
	buf_append(out, s + from, len - from);
}

void html_escape(struct buf *out, const char *s)
{
	html_escape_n(out, s ? s : "", s ? strlen(s) : 0);
}
