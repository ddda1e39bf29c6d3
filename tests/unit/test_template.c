/* test_template.c - the HTML template engine: escaping by default, raw only
 * by triple mustache, XSS payloads, values, names up the context stack,
 * sections and inverted sections, partials and their limits, every compile
 * error with its line, UTF-8, a long list, appending. */
#include "testutil.h"

#include <jansson.h>

#include "web/template.h"

/* ---- helpers ---- */

#define NPARTIALS 8

/* Partials by name, counting the lookups. */
struct partials {
	const char *name[NPARTIALS];
	const char *source[NPARTIALS];
	int calls;
};

static const char *find_partial(void *ctx, const char *name)
{
	struct partials *p = ctx;
	p->calls++;
	for (int i = 0; i < NPARTIALS && p->name[i]; i++)
		if (strcmp(p->name[i], name) == 0)
			return p->source[i];
	return NULL;
}

static struct template *compile_with(const char *src, struct partials *p)
{
	struct template *t = NULL;
	struct error e = {0};
	if (template_compile("page", src, p ? find_partial : NULL, p, &t, &e) != STATUS_OK)
		fail_msg("compile failed: %s: %s", e.field, e.message);
	assert_non_null(t);
	return t;
}

/* Renders src over model; the caller frees the result. */
static char *render_json(const char *src, const json_t *model)
{
	struct template *t = compile_with(src, NULL);
	struct buf out = {0};
	template_render(t, model, &out);
	template_free(t);
	return out.data;
}

static json_t *parse(const char *json)
{
	json_error_t je;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("bad JSON in the test: %s", je.text);
	return v;
}

static char *render(const char *src, const char *json)
{
	json_t *m = json ? parse(json) : NULL;
	char *s = render_json(src, m);
	json_decref(m);
	return s;
}

#define assert_render(src, json, want)                                         \
	do {                                                                   \
		char *got_ = render((src), (json));                            \
		assert_string_equal(got_, (want));                             \
		free(got_);                                                    \
	} while (0)

/* Compiling src fails with exactly this message, about this source. */
static void assert_compile_error(const char *src, struct partials *p, const char *field,
                                 const char *message)
{
	static char sentinel;
	struct template *t = (struct template *)(void *)&sentinel;
	struct error e = {0};
	enum status st = template_compile("page", src, p ? find_partial : NULL, p, &t, &e);
	if (st != STATUS_INVALID)
		fail_msg("compiled (status %d) but should fail with: %s", (int)st, message);
	assert_null(t);
	assert_int_equal(e.status, STATUS_INVALID);
	assert_string_equal(e.message, message);
	assert_string_equal(e.field, field);
}

/* ---- escaping ---- */

static void test_escapes_every_special_char(void **state)
{
	(void)state;
	struct buf b = {0};
	html_escape(&b, "a&b<c>d\"e'f");
	assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_escape(&b, "&amp;"); /* escaped again: text is text */
	html_escape(&b, NULL);
	html_escape(&b, "");
	assert_string_equal(buf_str(&b), "&amp;amp;");
	buf_reset(&b);
	html_escape_n(&b, "x\0<", 3); /* a length, so a NUL does not end it */
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "x\0&lt;", 6);
	buf_free(&b);

	assert_render("{{v}}", "{\"v\": \"&<>\\\"'\"}", "&amp;&lt;&gt;&quot;&#39;");
	/* inside attribute values, double- and single-quoted */
	assert_render("<a href=\"/t?q={{v}}\" title='{{v}}'>{{v}}</a>",
	              "{\"v\": \"a&b \\\"c\\\" 'd' <e>\"}",
	              "<a href=\"/t?q=a&amp;b &quot;c&quot; &#39;d&#39; &lt;e&gt;\" "
	              "title='a&amp;b &quot;c&quot; &#39;d&#39; &lt;e&gt;'>"
	              "a&amp;b &quot;c&quot; &#39;d&#39; &lt;e&gt;</a>");
	/* plain text is untouched */
	assert_render("{{v}}", "{\"v\": \"no specials: / = ` ; (1)\"}", "no specials: / = ` ; (1)");
}

static void test_raw_only_via_triple(void **state)
{
	(void)state;
	const char *model = "{\"svg\": \"<svg><path d='M0 0'/></svg>\", \"n\": 5}";
	assert_render("{{{svg}}}|{{svg}}|{{{ svg }}}|{{{n}}}", model,
	              "<svg><path d='M0 0'/></svg>|"
	              "&lt;svg&gt;&lt;path d=&#39;M0 0&#39;/&gt;&lt;/svg&gt;|"
	              "<svg><path d='M0 0'/></svg>|5");
	/* mustache's other raw form is refused, not silently raw */
	assert_compile_error("{{&svg}}", NULL, "page",
	                     "line 1: {{&svg}} is not supported: a raw value is written {{{svg}}}");
	assert_compile_error("{{ & svg }}", NULL, "page",
	                     "line 1: {{&svg}} is not supported: a raw value is written {{{svg}}}");
	/* a value is never read as a template */
	assert_render("{{v}}", "{\"v\": \"{{{x}}}\", \"x\": \"<b>\"}", "{{{x}}}");
}

static void test_xss_payloads_are_inert(void **state)
{
	(void)state;
	const char *payload[] = {
		"<script>alert(1)</script>",
		"\" onmouseover=\"x",
		"'><img src=x onerror=alert(1)>",
	};
	const char *escaped[] = {
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&quot; onmouseover=&quot;x",
		"&#39;&gt;&lt;img src=x onerror=alert(1)&gt;",
	};
	const char *src = "<div title=\"{{p}}\" data-x='{{p}}'>{{p}}</div>"
	                  "{{#list}}<i>{{.}}</i>{{/list}}{{#obj}}<b>{{p}}</b>{{/obj}}";
	for (int i = 0; i < 3; i++) {
		json_t *m = json_pack("{s:s, s:[s], s:{s:s}}", "p", payload[i], "list", payload[i],
		                      "obj", "p", payload[i]);
		char *got = render_json(src, m);
		struct buf want = {0};
		buf_printf(&want, "<div title=\"%s\" data-x='%s'>%s</div><i>%s</i><b>%s</b>",
		           escaped[i], escaped[i], escaped[i], escaped[i], escaped[i]);
		assert_string_equal(got, buf_str(&want));
		/* no markup but the template's own */
		size_t lt = 0, quot = 0, apos = 0;
		for (const char *s = got; *s; s++)
			lt += *s == '<', quot += *s == '"', apos += *s == '\'';
		assert_int_equal(lt, 6);
		assert_int_equal(quot, 2);
		assert_int_equal(apos, 2);
		buf_free(&want);
		free(got);
		json_decref(m);
	}
}

/* ---- values and names ---- */

static void test_values(void **state)
{
	(void)state;
	json_t *m = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "s", "text", "i", (json_int_t)42,
	                      "neg", (json_int_t)-7, "zero", (json_int_t)0, "max",
	                      (json_int_t)9223372036854775807LL, "min",
	                      (json_int_t)(-9223372036854775807LL - 1));
	char *got = render_json("{{s}}|{{i}}|{{neg}}|{{zero}}|{{max}}|{{min}}", m);
	assert_string_equal(got, "text|42|-7|0|9223372036854775807|-9223372036854775808");
	free(got);
	json_decref(m);

	/* reals: the shortest form that reads back exactly */
	assert_render("{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}|{{g}}",
	              "{\"a\": 1.5, \"b\": 0.1, \"c\": 0.30000000000000004, \"d\": 3.0,"
	              " \"e\": -2.25, \"f\": 1e300, \"g\": 10.5}",
	              "1.5|0.1|0.30000000000000004|3|-2.25|1e+300|10.5");
	/* true prints; false, null, missing, arrays and objects print nothing */
	assert_render("[{{t}}|{{f}}|{{n}}|{{missing}}|{{a}}|{{o}}|{{{f}}}{{{n}}}{{{o}}}]",
	              "{\"t\": true, \"f\": false, \"n\": null, \"a\": [1, 2], \"o\": {\"k\": 1}}",
	              "[true||||||]");
	/* a NULL model is an empty context */
	assert_render("a{{x}}{{#x}}b{{/x}}{{^x}}c{{/x}}{{.}}{{x.y}}", NULL, "ac");
}

static void test_dotted_names(void **state)
{
	(void)state;
	const char *model = "{\"town\": {\"name\": \"甲镇\", \"head\": {\"name\": \"张三\"},"
	                    " \"n\": null}, \"s\": \"str\", \"a\": [1]}";
	assert_render("{{town.name}}|{{town.head.name}}|{{#town.head}}<{{name}}>{{/town.head}}",
	              model, "甲镇|张三|<张三>");
	/* through missing parts, and through values that are not objects */
	assert_render("[{{town.nope}}|{{town.nope.deeper}}|{{nope.x}}|{{nope.x.y}}|"
	              "{{town.name.x}}|{{s.length}}|{{a.0}}|{{town.n.x}}|{{{nope.x}}}]",
	              model, "[||||||||]");
	assert_render("{{#nope.x}}shown{{/nope.x}}{{^nope.x}}hidden{{/nope.x}}", model, "hidden");
}

static void test_dot_is_the_current_item(void **state)
{
	(void)state;
	assert_render("{{#xs}}[{{.}}]{{/xs}}", "{\"xs\": [\"a\", \"<b>\", 3, 1.5, true, null, false]}",
	              "[a][&lt;b&gt;][3][1.5][true][][]");
	assert_render("{{#xs}}{{{.}}}{{/xs}}", "{\"xs\": [\"<b>\"]}", "<b>");
	assert_render("{{#m}}({{#.}}{{.}}{{/.}}){{/m}}", "{\"m\": [[1, 2], [], [3]]}", "(12)()(3)");
	/* the root itself, whatever it is */
	assert_render("{{.}}|{{ . }}", "\"root <value>\"", "root &lt;value&gt;|root &lt;value&gt;");
	assert_render("{{#.}}{{.}},{{/.}}", "[1, 2, 3]", "1,2,3,");
}

static void test_names_walk_up_the_context_stack(void **state)
{
	(void)state;
	const char *model =
		"{\"town\": {\"name\": \"甲镇\"}, \"sep\": \"/\", \"code\": \"TOP\","
		" \"depts\": ["
		"  {\"code\": \"D01\", \"name\": \"林业局\","
		"   \"tasks\": [{\"name\": \"巡查\"}, {\"name\": \"处罚\", \"code\": \"T2\"}]},"
		"  {\"code\": \"D02\", \"name\": \"农业局\", \"tasks\": []}]}";
	assert_render("{{#depts}}<h2>{{name}}</h2>"
	              "{{#tasks}}<li>{{town.name}}{{sep}}{{code}}{{sep}}{{name}}</li>{{/tasks}}"
	              "{{^tasks}}<p>{{name}}: none</p>{{/tasks}}"
	              "{{/depts}}{{code}}",
	              model,
	              "<h2>林业局</h2><li>甲镇/D01/巡查</li><li>甲镇/T2/处罚</li>"
	              "<h2>农业局</h2><p>农业局: none</p>TOP");
	/* the first context that has the key wins, even when the rest of a
	 * dotted name is missing there or the value is null (as in mustache) */
	assert_render("{{#items}}[{{town.name}}|{{x}}|{{y}}]{{/items}}",
	              "{\"town\": {\"name\": \"甲镇\"}, \"x\": \"outer\", \"y\": \"outer\","
	              " \"items\": [{\"town\": {}, \"x\": null}, {\"y\": \"inner\"}]}",
	              "[||outer][甲镇|outer|inner]");
	/* a non-object item is skipped on the way up */
	assert_render("{{#xs}}{{name}}{{.}};{{/xs}}", "{\"name\": \"n\", \"xs\": [1, 2]}", "n1;n2;");
}

/* ---- sections ---- */

static void test_sections_and_inverted(void **state)
{
	(void)state;
	const char *model =
		"{\"arr\": [1, 2, 3], \"obj\": {\"k\": \"v\"}, \"eo\": {}, \"t\": true, \"s\": \"x\","
		" \"i\": 5, \"neg\": -1, \"r\": 0.5, \"f\": false, \"n\": null, \"ea\": [],"
		" \"es\": \"\", \"zi\": 0, \"zr\": 0.0}";
	struct {
		const char *name;
		const char *want;
	} cases[] = {
		{"arr", "SSS"}, {"obj", "S"}, {"eo", "S"}, {"t", "S"},  {"s", "S"},
		{"i", "S"},     {"neg", "S"}, {"r", "S"},  {"f", "I"},  {"n", "I"},
		{"missing", "I"}, {"ea", "I"}, {"es", "I"}, {"zi", "I"}, {"zr", "I"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct buf src = {0};
		buf_printf(&src, "{{#%s}}S{{/%s}}{{^%s}}I{{/%s}}", cases[k].name, cases[k].name,
		           cases[k].name, cases[k].name);
		char *got = render(buf_str(&src), model);
		if (strcmp(got, cases[k].want) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[k].name, got, cases[k].want);
		free(got);
		buf_free(&src);
	}
	/* an object is pushed; a scalar leaves the context as it was */
	assert_render("{{#obj}}{{k}}{{/obj}}|{{#s}}[{{s}}]{{/s}}|{{#i}}i={{i}}{{/i}}|"
	              "{{#t}}{{s}}{{/t}}",
	              model, "v|[x]|i=5|x");
	/* the same name twice, nested inverted in section, and an empty body */
	assert_render("{{#arr}}{{.}}{{^ea}}-{{/ea}}{{/arr}}{{#arr}}{{/arr}}{{^arr}}no{{/arr}}", model,
	              "1-2-3-");
}

static void test_comments_whitespace_and_no_trimming(void **state)
{
	(void)state;
	assert_render("a{{! a comment }}b{{!}}c{{! two\nlines {{x}} }}d", "{}", "abc }}d");
	assert_render("a{{! comment }}b", "{}", "ab");
	assert_render("{{ name }}|{{# items }}{{ . }}{{/ items }}|{{^ none }}-{{/ none }}|{{{ raw }}}",
	              "{\"name\": \"n\", \"items\": [1, 2], \"raw\": \"<r>\"}", "n|12|-|<r>");
	assert_render("{{\tname\n}}", "{\"name\": \"n\"}", "n");
	/* standalone lines keep their newlines: the output is exactly the text */
	assert_render("<ul>\n{{#xs}}\n<li>{{.}}</li>\n{{/xs}}\n</ul>\n", "{\"xs\": [1, 2]}",
	              "<ul>\n\n<li>1</li>\n\n<li>2</li>\n\n</ul>\n");
	assert_render("  {{! only a comment }}  \n", "{}", "    \n");
	/* a lone brace, or braces that are not a tag, are text */
	assert_render("{ } }} {x} a}b", "{}", "{ } }} {x} a}b");
	assert_render("", "{}", "");
}

/* ---- partials ---- */

static void test_partials(void **state)
{
	(void)state;
	const char *sources[] = {
		"<header>{{title}}</header>\n",
		"<footer>{{>copyright}}</footer>",
		"© {{year}}",
		"<li>{{name}}</li>",
	};
	/* copies, freed before rendering: the template keeps its own text */
	struct partials p = {
		.name = {"header", "footer", "copyright", "row"},
		.source = {strdup(sources[0]), strdup(sources[1]), strdup(sources[2]),
		           strdup(sources[3])},
	};
	char *page = strdup("{{>header}}<ul>{{#items}}{{> row }}{{/items}}</ul>\n"
	                    "{{>header}}{{>footer}}");
	struct template *t = compile_with(page, &p);
	free(page);
	for (int i = 0; i < 4; i++)
		free((char *)p.source[i]);
	assert_int_equal(p.calls, 4); /* header looked up and compiled once */

	json_t *m = parse("{\"title\": \"清单 & 事项\", \"year\": 2024,"
	                  " \"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}");
	struct buf out = {0};
	template_render(t, m, &out);
	assert_string_equal(buf_str(&out), "<header>清单 &amp; 事项</header>\n"
	                                   "<ul><li>a</li><li>&lt;b&gt;</li></ul>\n"
	                                   "<header>清单 &amp; 事项</header>\n"
	                                   "<footer>© 2024</footer>");
	buf_free(&out);
	json_decref(m);
	template_free(t);

	/* a partial named like the page is still a partial */
	struct partials same = {.name = {"page"}, .source = {"[{{x}}]"}};
	t = compile_with("{{>page}}{{>page}}", &same);
	m = parse("{\"x\": 1}");
	template_render(t, m, &out);
	assert_string_equal(buf_str(&out), "[1][1]");
	buf_free(&out);
	json_decref(m);
	template_free(t);

	/* an error inside a partial names the partial and its line */
	struct partials bad = {.name = {"header", "bad"}, .source = {"ok", "ok\n{{#x}}"}};
	assert_compile_error("{{>header}}\n{{>bad}}", &bad, "bad", "line 2: section 'x' is not closed");
	assert_compile_error("{{>header}}\n\n{{>nav}}", &bad, "page", "line 3: unknown partial 'nav'");
	assert_compile_error("{{>header}}", NULL, "page", "line 1: unknown partial 'header'");
	assert_compile_error("{{#x}}{{> a b }}{{/x}}", &bad, "page",
	                     "line 1: malformed partial name 'a b'");
	template_free(NULL);
}

/* Partials p1, p2, ... each including the next, up to p<last>; and "w",
 * which includes p1. */
struct chain {
	int last;
	char source[40][32];
};

static const char *chain_partial(void *ctx, const char *name)
{
	struct chain *c = ctx;
	if (strcmp(name, "w") == 0)
		return "{{>p1}}";
	int i = name[0] == 'p' ? atoi(name + 1) : 0;
	if (i < 1 || i > c->last || i >= 40)
		return NULL;
	if (i == c->last)
		snprintf(c->source[i], sizeof c->source[i], "%d", i);
	else
		snprintf(c->source[i], sizeof c->source[i], "%d {{>p%d}}", i, i + 1);
	return c->source[i];
}

static void test_partial_recursion_is_refused(void **state)
{
	(void)state;
	/* directly, even where the data would never reach it */
	struct partials self = {.name = {"loop"}, .source = {"x{{#never}}{{>loop}}{{/never}}"}};
	assert_compile_error("{{>loop}}", &self, "loop",
	                     "line 1: partial 'loop' includes itself: loop > loop");
	/* through another */
	struct partials ab = {.name = {"a", "b"}, .source = {"{{>b}}", "\n{{>a}}"}};
	assert_compile_error("page {{>a}}", &ab, "b", "line 2: partial 'a' includes itself: a > b > a");

	/* 16 deep is allowed */
	struct chain c = {.last = 16};
	struct template *t = NULL;
	struct error e = {0};
	assert_int_equal(template_compile("page", "{{>p1}}", chain_partial, &c, &t, &e), STATUS_OK);
	struct buf out = {0};
	template_render(t, NULL, &out);
	assert_string_equal(buf_str(&out), "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16");
	buf_free(&out);
	template_free(t);

	/* 17 is not */
	c.last = 17;
	assert_int_equal(template_compile("page", "{{>p1}}", chain_partial, &c, &t, &e),
	                 STATUS_INVALID);
	assert_null(t);
	assert_string_equal(e.field, "p16");
	assert_string_equal(e.message, "line 1: partials nested more than 16 deep: page > p1 > p2 > "
	                               "p3 > p4 > p5 > p6 > p7 > p8 > p9 > p10 > p11 > p12 > p13 > "
	                               "p14 > p15 > p16 > p17");
	/* nor is a partial met first shallow, then again one level deeper */
	c.last = 16;
	assert_int_equal(template_compile("page", "{{>p1}}\n{{>w}}", chain_partial, &c, &t, &e),
	                 STATUS_INVALID);
	assert_null(t);
	assert_string_equal(e.field, "w");
	assert_string_equal(e.message, "line 1: partials nested more than 16 deep: page > w > p1 > "
	                               "p2 > p3 > p4 > p5 > p6 > p7 > p8 > p9 > p10 > p11 > p12 > "
	                               "p13 > p14 > p15 > p16");
}

/* ---- compile errors ---- */

static void test_compile_errors(void **state)
{
	(void)state;
	struct {
		const char *src;
		const char *message;
	} cases[] = {
		{"a\nb {{name\n", "line 2: '{{' is not closed by '}}'"},
		{"a {{", "line 1: '{{' is not closed by '}}'"},
		{"x\n{{{name}} y", "line 2: '{{{' is not closed by '}}}'"},
		{"{{{name", "line 1: '{{{' is not closed by '}}}'"},
		{"\n\n\n\n\n\n\n\n\n\n\n<ul>{{#items}}<li>{{name}}</li>\n</ul>\n",
		 "line 12: section 'items' is not closed"},
		{"{{#a}}{{#b}}{{/b}}\n{{#c}}", "line 2: section 'c' is not closed"},
		{"{{#town}}\n{{#items}}\n\n\n\n\n\n\n{{/town}}", "line 9: {{/town}} closes 'items'"},
		{"{{#a}}{{/ a }}{{/a}}", "line 1: {{/a}} closes no section"},
		{"{{#a}}{{^a}}{{/a}}", "line 1: section 'a' is not closed"},
		{"{{}}", "line 1: tag {{}} has no name"},
		{"x\n{{ }}", "line 2: tag {{}} has no name"},
		{"{{#}}", "line 1: tag {{#}} has no name"},
		{"{{^ }}", "line 1: tag {{^}} has no name"},
		{"{{#a}}{{/}}", "line 1: tag {{/}} has no name"},
		{"{{>}}", "line 1: tag {{>}} has no name"},
		{"{{{ }}}", "line 1: tag {{{}}} has no name"},
		{"{{a b}}", "line 1: malformed name 'a b'"},
		{"{{a..b}}", "line 1: malformed name 'a..b'"},
		{"{{.a}}", "line 1: malformed name '.a'"},
		{"{{a.}}", "line 1: malformed name 'a.'"},
		{"{{..}}", "line 1: malformed name '..'"},
		{"{{#x y}}{{/x y}}", "line 1: malformed name 'x y'"},
		{"{{{a}b}}}", "line 1: malformed name 'a}b'"},
		{"{{ {a} }}", "line 1: malformed name '{a}'"},
		{"{{=<% %>=}}", "line 1: delimiter changes ({{=...=}}) are not supported"},
		{"{{$block}}{{/block}}", "line 1: {{$...}} (blocks and parents) is not supported"},
		{"{{<parent}}{{/parent}}", "line 1: {{<...}} (blocks and parents) is not supported"},
		{"\n\n{{>nav}}", "line 3: unknown partial 'nav'"},
		/* lines are counted inside comments and tags, and with CRLF */
		{"{{! one\ntwo }}\n{{x", "line 3: '{{' is not closed by '}}'"},
		{"{{#a\n}}\n{{/b}}", "line 3: {{/b}} closes 'a'"},
		{"a\r\nb\r\n{{x", "line 3: '{{' is not closed by '}}'"},
		/* the first error is the one reported */
		{"{{/x}}\n{{", "line 1: {{/x}} closes no section"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		assert_compile_error(cases[k].src, NULL, "page", cases[k].message);

	/* sections nest 32 deep within one source, not 33 */
	struct buf src = {0};
	for (int i = 0; i < TEMPLATE_MAX_SECTION_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	buf_puts(&src, "{{x}}");
	for (int i = 0; i < TEMPLATE_MAX_SECTION_DEPTH; i++)
		buf_puts(&src, "{{/a}}");
	char *got = render(buf_str(&src), "{\"a\": {\"a\": true}, \"x\": 1}");
	assert_string_equal(got, "1");
	free(got);
	buf_reset(&src);
	for (int i = 0; i <= TEMPLATE_MAX_SECTION_DEPTH; i++)
		buf_puts(&src, "{{#a}}\n");
	assert_compile_error(buf_str(&src), NULL, "page", "line 33: sections nested more than 32 deep");
	buf_free(&src);

	/* a NULL name is named "template" */
	struct template *t = NULL;
	struct error e = {0};
	assert_int_equal(template_compile(NULL, "{{#a}}", NULL, NULL, &t, &e), STATUS_INVALID);
	assert_string_equal(e.field, "template");
	assert_null(t);
}

/* ---- text ---- */

static void test_utf8_passes_through(void **state)
{
	(void)state;
	assert_render("<h1>{{town}}的职责清单</h1>{{#tasks}}<li>{{名称}}：{{依据}}</li>{{/tasks}}"
	              "{{! 注释 }}😀",
	              "{\"town\": \"甲镇\", \"tasks\": [{\"名称\": \"森林防火巡查\","
	              " \"依据\": \"《中华人民共和国森林法》第二条\"}, {\"名称\": \"“引号” & ‘单引号’\","
	              " \"依据\": \"黑政发〔2010〕1号\"}]}",
	              "<h1>甲镇的职责清单</h1><li>森林防火巡查：《中华人民共和国森林法》第二条</li>"
	              "<li>“引号” &amp; ‘单引号’：黑政发〔2010〕1号</li>😀");
}

static void test_a_list_of_340_items(void **state)
{
	(void)state;
	json_t *items = json_array();
	for (int i = 1; i <= 340; i++) {
		char name[64];
		snprintf(name, sizeof name, "事项 %d <%d>", i, i);
		json_array_append_new(items, json_pack("{s:i, s:s, s:o}", "no", i, "name", name, "lead",
		                                       i % 3 == 0 ? json_string("D01") : json_null()));
	}
	json_t *m = json_pack("{s:s, s:o}", "town", "甲镇", "items", items);
	struct template *t =
		compile_with("<ol>{{#items}}<li id=\"t{{no}}\">{{name}}{{#lead}} ({{lead}}){{/lead}}"
		             " · {{town}}</li>\n{{/items}}</ol>",
		             NULL);
	struct buf got = {0};
	template_render(t, m, &got);

	struct buf want = {0};
	buf_puts(&want, "<ol>");
	for (int i = 1; i <= 340; i++)
		buf_printf(&want, "<li id=\"t%d\">事项 %d &lt;%d&gt;%s · 甲镇</li>\n", i, i, i,
		           i % 3 == 0 ? " (D01)" : "");
	buf_puts(&want, "</ol>");
	assert_string_equal(buf_str(&got), buf_str(&want));
	size_t lis = 0;
	for (const char *s = got.data; (s = strstr(s, "<li ")); s++)
		lis++;
	assert_int_equal(lis, 340);

	buf_free(&got);
	buf_free(&want);
	template_free(t);
	json_decref(m);
}

static void test_output_is_appended(void **state)
{
	(void)state;
	struct template *t = compile_with("<p>{{x}}</p>", NULL);
	json_t *m = parse("{\"x\": \"<1>\"}");
	struct buf out = {0};
	buf_puts(&out, "<!doctype html>\n");
	template_render(t, m, &out);
	template_render(t, m, &out);
	html_escape(&out, "&");
	assert_string_equal(buf_str(&out), "<!doctype html>\n<p>&lt;1&gt;</p><p>&lt;1&gt;</p>&amp;");
	buf_free(&out);
	template_free(t);

	/* an empty result still leaves a string */
	t = compile_with("{{x.y}}", NULL);
	template_render(t, m, &out);
	assert_non_null(out.data);
	assert_string_equal(out.data, "");
	buf_free(&out);
	template_free(t);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes_every_special_char),
		cmocka_unit_test(test_raw_only_via_triple),
		cmocka_unit_test(test_xss_payloads_are_inert),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_dotted_names),
		cmocka_unit_test(test_dot_is_the_current_item),
		cmocka_unit_test(test_names_walk_up_the_context_stack),
		cmocka_unit_test(test_sections_and_inverted),
		cmocka_unit_test(test_comments_whitespace_and_no_trimming),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_recursion_is_refused),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_utf8_passes_through),
		cmocka_unit_test(test_a_list_of_340_items),
		cmocka_unit_test(test_output_is_appended),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
