/* screen.c - the document-screening engine: sentences, assignments to
 * towns, and the match of the assigned work against the towns' lists.
 * See screen.h and docs/screening.md. */
#include "screen.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *const screen_verdict_key[4] = {"basic", "assist", "reclaimed", "out_of_list"};

/* A clause longer than this is looked at only up to here (bounded time
 * on text without punctuation). */
#define MAX_CLAUSE_BYTES 3000
#define MAX_CLAUSES 64
#define FIT 0.33        /* a task fits the work from this score on */
#define SURE 0.50       /* below this a fit is marked low-confidence */
#define KEYWORD_BONUS 0.30
/* A bigram is generic when at least this share of the tasks, and at
 * least GENERIC_MIN_DF of them, have it (管理, 检查, 台账 in a county's
 * catalogue): see generic_df(). */
#define GENERIC_SHARE 0.10
#define GENERIC_MIN_DF 50

/* --- UTF-8 and splitting --- */

/* The code point at s[i] (len bytes left); its byte length in *n, 1 for
 * an invalid byte (then the code point is -1). */
static int32_t decode(const char *s, size_t len, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)(len < 4 ? len : 4), &cp);
	if (r <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)r;
	return cp;
}

/* The code point at s[*i] (len bytes), *i moved past it: ASCII and
 * well-formed three-byte sequences (nearly all of a notice) without the
 * general decoder. */
static inline int32_t next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	if (u[0] < 0x80) {
		(*i)++;
		return u[0];
	}
	if ((u[0] & 0xF0) == 0xE0 && *i + 3 <= len && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		int32_t cp = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
			*i += 3;
			return cp;
		}
	}
	size_t k;
	int32_t cp = decode(s + *i, len - *i, &k);
	*i += k;
	return cp;
}

/* The splitting below tests bytes instead of decoding characters: every
 * mark it looks for (the ends of sentences and clauses, closing quotes,
 * spaces) is ASCII or a well-formed sequence led by a byte that is no
 * continuation byte, and a decoder stepping through text (next_cp,
 * utf8proc) consumes only continuation bytes after a lead byte, so such
 * a byte always starts a character, valid text or not. */

/* The spaces trimmed off a piece: ' ' \t \r \n \f \v, U+00A0, U+3000, U+FEFF. */
static inline bool ascii_space(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == '\v';
}

/* The byte length of a space at the start of u[0..n), 0 when none. */
static inline size_t space_len(const unsigned char *u, size_t n)
{
	if (ascii_space(u[0]))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) ||
	               (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)))
		return 3;
	return 0;
}

/* The byte length of a space at the end of u[0..n) (n > 0), 0 when none. */
static inline size_t space_before(const unsigned char *u, size_t n)
{
	if (ascii_space(u[n - 1]))
		return 1;
	if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && ((u[n - 3] == 0xE3 && u[n - 2] == 0x80 && u[n - 1] == 0x80) ||
	               (u[n - 3] == 0xEF && u[n - 2] == 0xBB && u[n - 1] == 0xBF)))
		return 3;
	return 0;
}

/* The bytes that may start a mark that ends a sentence (1) or a clause
 * (2): the scan skips every other byte with one look-up. */
enum { ENDS_SENTENCE = 1, ENDS_CLAUSE = 2 };
static const uint8_t mark_first[256] = {
	['\n'] = ENDS_SENTENCE, ['!'] = ENDS_SENTENCE, ['?'] = ENDS_SENTENCE,
	[','] = ENDS_CLAUSE,    [';'] = ENDS_CLAUSE,   [':'] = ENDS_CLAUSE,
	[0xE3] = ENDS_SENTENCE, [0xEF] = ENDS_SENTENCE | ENDS_CLAUSE,
};

/* The byte length of a mark of the kind (ENDS_*) at u (n bytes left), 0
 * when none: a sentence ends at 。！？｡ ! ? and a line end, a clause at
 * ，；：, ; : */
static inline size_t mark_len(const unsigned char *u, size_t n, int kind)
{
	if (u[0] < 0x80)
		return mark_first[u[0]] == kind;
	if (n < 3)
		return 0;
	if (u[0] == 0xE3) /* 。 U+3002 */
		return kind == ENDS_SENTENCE && u[1] == 0x80 && u[2] == 0x82 ? 3 : 0;
	if (u[1] == 0xBC) { /* U+FF00..FF3F */
		if (kind == ENDS_SENTENCE)
			return u[2] == 0x81 /* ！ */ || u[2] == 0x9F /* ？ */ ? 3 : 0;
		return u[2] == 0x8C /* ， */ || u[2] == 0x9B /* ； */ || u[2] == 0x9A /* ： */ ? 3 : 0;
	}
	return kind == ENDS_SENTENCE && u[1] == 0xBD && u[2] == 0xA1 /* ｡ U+FF61 */ ? 3 : 0;
}

/* The byte length of a closing quote or bracket at u (n bytes left), 0
 * when none: ” 」 ） ) " stay with the sentence they close. */
static inline size_t closer_len(const unsigned char *u, size_t n)
{
	if (u[0] == ')' || u[0] == '"')
		return 1;
	if (n >= 3 && ((u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x9D) ||
	               (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x8D) ||
	               (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x89)))
		return 3;
	return 0;
}

/* Eight bytes of text as a number, the first byte lowest (whatever the
 * machine's byte order; compilers make this one load). */
static inline uint64_t load8(const unsigned char *u)
{
	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24 |
	       (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
	       (uint64_t)u[7] << 56;
}

/* The bytes of x (load8) that may start a mark of the kind, as their high
 * bits: ASCII bytes, 0xEF, and for sentences 0xE3.  A word at a time (a
 * byte b is where x ^ b has a zero byte), so that runs of CJK text, where
 * none is, are skipped eight bytes at once.  The zero-byte test may also
 * flag a byte above (after) a found one, never one before: the lowest bit
 * is always a found byte. */
static inline uint64_t mark_bytes(uint64_t x, int kind)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t ef = x ^ (ones * 0xEF), e3 = x ^ (ones * 0xE3);
	uint64_t found = (~x & high) | ((ef - ones) & ~ef & high);
	if (kind == ENDS_SENTENCE)
		found |= (e3 - ones) & ~e3 & high;
	return found;
}

/* The index (0..7) of the lowest byte whose high bit is set in f (f != 0
 * and has no other bits): its bit isolated, times a constant whose top
 * byte then is the index. */
static inline size_t lowest_byte(uint64_t f)
{
	return (size_t)((((f & (~f + 1)) >> 7) * 0x0001020304050607u) >> 56);
}

/* The next piece (a sentence or a clause: kind) of text[*at, to): up to
 * and with the mark that ends it and the closing quotes after the mark,
 * trimmed of spaces; a piece left empty is skipped.  False when no piece
 * is left.  *at moves past the piece. */
static bool next_piece(const char *text, size_t *at, size_t to, int kind,
                       struct screen_span *out)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t start = *at;
	while (start < to) {
		size_t i = start, m = 0, k;
		while (i + 8 <= to) {
			uint64_t f = mark_bytes(load8(u + i), kind);
			if (!f) {
				i += 8;
				continue;
			}
			i += lowest_byte(f);
			if ((mark_first[u[i]] & kind) && (m = mark_len(u + i, to - i, kind)))
				break;
			i++;
		}
		for (; !m && i < to; i++) /* the last bytes */
			if ((mark_first[u[i]] & kind) && (m = mark_len(u + i, to - i, kind)))
				break;
		if (m) {
			i += m;
			while (i < to && (k = closer_len(u + i, to - i)))
				i += k;
		}
		size_t b = start, e = i;
		while (b < e && (k = space_len(u + b, e - b)))
			b += k;
		while (e > b && (k = space_before(u + b, e - b)))
			e -= k;
		start = i;
		if (e > b) {
			*at = i;
			*out = (struct screen_span){b, e - b};
			return true;
		}
	}
	*at = to;
	return false;
}

static size_t split(const char *text, size_t from, size_t to, int kind, struct screen_span **out)
{
	struct screen_span *v = NULL, sp;
	size_t n = 0, cap = 0;
	while (next_piece(text, &from, to, kind, &sp)) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct screen_span *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				free(v);
				*out = NULL;
				return 0;
			}
			v = nv;
			cap = nc;
		}
		v[n++] = sp;
	}
	*out = v;
	return n;
}

size_t screen_sentences(const char *text, size_t len, struct screen_span **out)
{
	return split(text, 0, len, ENDS_SENTENCE, out);
}

size_t screen_clauses(const char *text, struct screen_span s, struct screen_span **out)
{
	return split(text, s.offset, s.offset + s.length, ENDS_CLAUSE, out);
}

/* NFKC changes nothing of ASCII, the CJK ideographs U+4E00-9FFF and the
 * common CJK punctuation, and maps full-width ASCII (U+FF01-FF5E) and
 * U+3000 to ASCII; text made only of these (most of a notice) is copied
 * into out (room for len + 1 bytes: never longer) without utf8proc's
 * decomposition.  Returns the bytes written before the NUL, or SIZE_MAX
 * when the fast path does not apply (out then holds garbage). */
static size_t normalize_into(const char *s, size_t len, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	char *o = out;
	size_t i = 0;
	while (i < len) {
		if (u[i] < 0x80) {
			*o++ = (char)u[i++];
			continue;
		}
		if (i + 3 > len || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80)
			return SIZE_MAX;
		if (u[i] - 0xE5u <= 0xE9u - 0xE5u) { /* U+5000-9FFF: ideographs, kept */
			o[0] = (char)u[i];
			o[1] = (char)u[i + 1];
			o[2] = (char)u[i + 2];
			o += 3;
			i += 3;
			continue;
		}
		if ((u[i] & 0xF0) != 0xE0)
			return SIZE_MAX;
		int32_t cp = (u[i] & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
		if ((cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3001 || cp == 0x3002 ||
		    (cp >= 0x3008 && cp <= 0x3011) || cp == 0x2014 || cp == 0x2018 || cp == 0x2019 ||
		    cp == 0x201C || cp == 0x201D) {
			o[0] = (char)u[i];
			o[1] = (char)u[i + 1];
			o[2] = (char)u[i + 2];
			o += 3;
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			*o++ = (char)(cp - 0xFEE0);
		} else if (cp == 0x3000) {
			*o++ = ' ';
		} else {
			return SIZE_MAX;
		}
		i += 3;
	}
	*o = 0;
	return (size_t)(o - out);
}

/* NFKC by utf8proc: what the fast path leaves. */
static char *normalize_slow(const char *s, size_t len)
{
	utf8proc_uint8_t *norm = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &norm,
	                 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE) < 0)
		return NULL;
	return (char *)norm;
}

char *screen_normalize(const char *s, size_t len)
{
	char *fast = malloc(len + 1);
	if (fast && normalize_into(s, len, fast) != SIZE_MAX)
		return fast;
	free(fast);
	return normalize_slow(s, len);
}

/* --- actions that belong to an authority --- */

/* Work a town may be told to do only when its list says so: punishing
 * and approving.  A clause that asks for one of these fits only a task
 * that names one of the same class, and a task that names one fits only
 * work that asks for it (巡查 is not 处罚; 宣传 is not 验收). */
static const char *const punish_terms[] = {"处罚", "罚款", "立案", "执法", "查处", "吊销", "没收", NULL};
static const char *const approve_terms[] = {"许可", "审批", "验收", "检验", "年检", "年度检查",
                                            "抽检", "登记审查", "质量监督", "质量安全监督",
                                            "鉴定", NULL};
static const char *const *const action_classes[] = {punish_terms, approve_terms};
#define NCLASSES 2

/* The words looked for inside text (the action classes, the
 * exhortations) as tables: the first characters of a list's words as a
 * bitmap over the low 12 bits of their code points (a position whose
 * character is not in it starts none of them), and each word's first
 * three bytes as a number, so the words are compared only where one may
 * start, not with one strstr per word over the whole text.  Every such
 * word starts with a three-byte character (checked when the tables are
 * built; a list where one does not is looked for with strstr). */
#define MAX_TERMS 64
struct term_tab {
	const char *const *w;
	size_t n;
	uint64_t first[4096 / 64];
	uint32_t head[MAX_TERMS];
	size_t len[MAX_TERMS];
};
#define NTERM_TABS 3
static struct term_tab term_tabs[NTERM_TABS];

static inline uint32_t head3(const unsigned char *u)
{
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
}

static bool has_term(const char *s, const char *const *terms)
{
	const struct term_tab *tab = NULL;
	for (size_t i = 0; i < NTERM_TABS; i++)
		if (term_tabs[i].w == terms)
			tab = &term_tabs[i];
	if (!tab) {
		for (; *terms; terms++)
			if (strstr(s, *terms))
				return true;
		return false;
	}
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; u[i]; i++) {
		if ((u[i] & 0xF0) != 0xE0 || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80)
			continue;
		unsigned cp = ((u[i] & 0x0Fu) << 12 | (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu)) & 4095;
		if (tab->first[cp >> 6] >> (cp & 63) & 1) {
			uint32_t h = head3(u + i);
			for (size_t k = 0; k < tab->n; k++)
				if (tab->head[k] == h &&
				    strncmp(s + i + 3, tab->w[k] + 3, tab->len[k] - 3) == 0)
					return true;
		}
		i += 2;
	}
	return false;
}

/* The bigrams of each class's terms: within a class they count as the
 * same action (罚款 matches a task that says 行政处罚). */
static uint64_t *class_keys[NCLASSES];
static size_t nclass_keys[NCLASSES];

static bool class_bigram(size_t c, uint64_t k)
{
	for (size_t i = 0; i < nclass_keys[c]; i++)
		if (class_keys[c][i] == k)
			return true;
	return false;
}


/* --- words --- */

/* Characters that carry grammar, not content: a bigram with one of them
 * says nothing about the duty. */
static const char function_chars[] = "的和与及并对在为将了等要把由于其或是向从以各镇内中后前时好";
/* Bigrams common to any work: no weight. */
static const char *const stop_bigrams[] = {
	"开展", "组织", "做好", "落实", "工作", "辖区", "负责", "加强", "进行", "有关", "相关",
	"及时", "依法", "按照", "确保", "严格", "切实", "认真", "全面", "积极", "实施", "推进",
	"同时", "提出", "意见", "情况", "措施", "协调", "人员", "发现", "报告", "做到", "作出",
	"决定", "第一", NULL};

static int32_t *codepoints(const char *s, size_t *n)
{
	size_t len = strlen(s);
	int32_t *v = malloc((len + 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t m = 0;
	for (size_t i = 0; i < len;) {
		size_t k;
		int32_t cp = decode(s + i, len - i, &k);
		v[m++] = cp;
		i += k;
	}
	*n = m;
	return v;
}

/* is_word_char of the BMP as a bitmap, made once with the word tables */
static uint64_t word_bits[0x10000 / 64];

static bool is_word_char_slow(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) /* letters */
	       || (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_word_char(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x10000)
		return word_bits[cp >> 6] >> (cp & 63) & 1;
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) /* letters */
	       || (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static uint64_t *stop_keys;
static size_t nstop_keys;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool has_u64(const uint64_t *v, size_t n, uint64_t k)
{
	return n && bsearch(&k, v, n, sizeof k, cmp_u64) != NULL;
}

/* function_chars as a bitmap of the BMP: looked up for every character */
static uint64_t function_bits[0x10000 / 64];

static bool is_function(int32_t cp)
{
	return cp >= 0 && cp < 0x10000 && (function_bits[cp >> 6] >> (cp & 63) & 1);
}

static uint64_t key(int32_t a, int32_t b)
{
	return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

/* Sorts v ascending: insertion sort for the few bigrams of a clause,
 * qsort beyond (called for every piece of text; qsort's callback costs
 * more than the sorting of a dozen keys). */
static void sort_u64(uint64_t *v, size_t n)
{
	/* quicksort (median of three) down to runs of 24, recursing into the
	 * smaller side only (depth log n), then insertion sort */
	while (n > 24) {
		uint64_t a = v[0], b = v[n / 2], c = v[n - 1];
		uint64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint64_t t = v[i];
			v[i] = v[j];
			v[j] = t;
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j + 1, n) */
		size_t left = j + 1;
		if (left < n - left) {
			sort_u64(v, left);
			v += left;
			n -= left;
		} else {
			sort_u64(v + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t k = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > k; j--)
			v[j] = v[j - 1];
		v[j] = k;
	}
}

/* The first characters of stop_bigrams: most bigrams start with none of
 * them and need no search of stop_keys. */
static uint64_t stop_first_bits[0x10000 / 64];

/* The key of the content bigram (prev, cp), or 0 when it is none (a
 * character that is no word character or a function character, or a
 * stop bigram).  No content bigram has key 0: its first character would
 * be U+0000. */
static inline uint64_t content_key(int32_t prev, int32_t cp)
{
	if (!is_word_char(prev) || !is_word_char(cp) || is_function(prev) || is_function(cp))
		return 0;
	uint64_t k = key(prev, cp);
	if (prev < 0x10000 && !(stop_first_bits[prev >> 6] >> (prev & 63) & 1))
		return k;
	return has_u64(stop_keys, nstop_keys, k) ? 0 : k;
}

/* The content bigrams of a normalised text, sorted and unique. */
static uint64_t *bigrams(const char *s, size_t *n)
{
	size_t len = strlen(s);
	uint64_t *v = malloc((len + 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t m = 0;
	int32_t prev = -1;
	for (size_t i = 0; i < len;) {
		int32_t cp = next_cp(s, len, &i);
		uint64_t k = content_key(prev, cp);
		if (k)
			v[m++] = k;
		prev = cp;
	}
	sort_u64(v, m);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (!u || v[u - 1] != v[i])
			v[u++] = v[i];
	*n = u;
	return v;
}

/* Clauses that exhort rather than give work (no_work). */
static const char *const exhortations[] = {
	"高度重视", "组织领导", "落到实处", "议事日程", "亲自抓", "充分认识", "重要性", "责任感",
	"紧迫感", "提高认识", "思想认识", "加强领导", "统筹协调", "密切配合", "通力协作",
	"主要负责同志", "一把手", "认真贯彻", "精心组织", "周密部署", "形成合力", "政治站位",
	"责任担当", "担当作为", "大局意识", "抓紧抓实", "抓细抓实", "务求实效", "常抓不懈",
	"守土有责", "守土尽责", "工作合力", "协调配合", "思想重视", "政治责任", "扛起", "扛牢",
	"压紧压实", NULL};

static bool words_ready;

/* Builds the word tables once for the process (engines may be made by
 * several threads of the server). */
static void words_build(void);
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static bool words_init(void)
{
	pthread_once(&words_once, words_build);
	return words_ready;
}

static bool words_make(void)
{
	size_t n;
	int32_t *f = codepoints(function_chars, &n);
	if (!f)
		return false;
	size_t ns = 0;
	while (stop_bigrams[ns])
		ns++;
	uint64_t *k = malloc(ns * sizeof *k);
	if (!k) {
		free(f);
		return false;
	}
	for (size_t i = 0; i < ns; i++) {
		size_t m;
		int32_t *c = codepoints(stop_bigrams[i], &m);
		if (!c) {
			free(f);
			free(k);
			return false;
		}
		k[i] = key(c[0], c[1]);
		if (c[0] >= 0 && c[0] < 0x10000)
			stop_first_bits[c[0] >> 6] |= (uint64_t)1 << (c[0] & 63);
		free(c);
	}
	qsort(k, ns, sizeof *k, cmp_u64);
	stop_keys = k;
	nstop_keys = ns;
	for (size_t c = 0; c < NCLASSES; c++) {
		size_t nk = 0;
		for (const char *const *t = action_classes[c]; *t; t++)
			nk += strlen(*t);
		class_keys[c] = malloc((nk + 1) * sizeof **class_keys);
		if (!class_keys[c]) {
			free(f);
			return false;
		}
		for (const char *const *t = action_classes[c]; *t; t++) {
			size_t m;
			int32_t *cp = codepoints(*t, &m);
			if (!cp) {
				free(f);
				return false;
			}
			if (m == 2) /* the two-character verbs only: 处罚, 许可 */
				class_keys[c][nclass_keys[c]++] = key(cp[0], cp[1]);
			free(cp);
		}
	}
	/* the first characters of the words looked for inside text */
	const char *const *const term_lists[NTERM_TABS] = {punish_terms, approve_terms,
	                                                   exhortations};
	for (size_t l = 0; l < NTERM_TABS; l++) {
		struct term_tab *tab = &term_tabs[l];
		bool ok = true;
		for (const char *const *t = term_lists[l]; *t && ok; t++) {
			const unsigned char *u = (const unsigned char *)*t;
			if (tab->n == MAX_TERMS || (u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 ||
			    (u[2] & 0xC0) != 0x80) {
				ok = false; /* left to strstr */
				break;
			}
			unsigned cp = ((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)) & 4095;
			tab->first[cp >> 6] |= (uint64_t)1 << (cp & 63);
			tab->head[tab->n] = head3(u);
			tab->len[tab->n++] = strlen(*t);
		}
		if (ok)
			tab->w = term_lists[l];
	}
	for (int32_t cp = 0; cp < 0x10000; cp++)
		if (is_word_char_slow(cp))
			word_bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
	for (size_t i = 0; i < n; i++)
		if (f[i] >= 0 && f[i] < 0x10000)
			function_bits[f[i] >> 6] |= (uint64_t)1 << (f[i] & 63);
	free(f);
	return true;
}

static void words_build(void)
{
	words_ready = words_make();
}

/* --- the engine --- */

struct task_words {
	const struct task *t;
	bool cls[NCLASSES]; /* names an action of the class on the town's side */
	uint32_t *bid; /* all its text: its bigrams as positions in df_keys, unique */
	size_t nbg;
	uint32_t *dept; /* 配合履职: bigrams only the department's part has (df_keys positions) */
	size_t ndept;
	char **kw;
	size_t nkw;
	bool name_cls[NCLASSES]; /* its name names an action of the class */
	unsigned flags; /* TF_* */
};

/* Where a keyword is looked for: a piece of work holding the keyword holds
 * all its bigrams, so it is looked for only in a piece holding its
 * rarest one (the anchor). */
struct kw_anchor {
	uint64_t key;
	uint32_t task, kw;
};

/* cls[c] is bit c, name_cls[c] bit NCLASSES + c; TF_DEPT: ndept > 0 */
#define TF_DEPT (1u << (2 * NCLASSES))

struct screen_engine {
	const struct screen_catalog *c;
	struct task_words *tw;
	size_t ntw;
	uint64_t *df_keys; /* the bigrams of all tasks, df_find finds them */
	uint32_t *hslot;   /* hash table: index into df_keys, UINT32_MAX empty */
	size_t hmask;
	unsigned *df;
	size_t ndf, cdf;   /* df_keys and df: used, allocated */
	uint32_t *seen;    /* while building: 1 + the last task counted in df */
	char **tags; /* every tag of every town, normalised */
	size_t ntags;
	/* the index: for bigram df_keys[j], its weight wt[j] and the tasks
	 * that have it, post_task[post_off[j] .. post_off[j + 1]) ascending */
	double *wt;
	double wt_none; /* the weight of a bigram no task has */
	uint32_t *post_off, *post_task;
	/* the same for the bigrams only an assist task's department part has */
	uint32_t *dk_off, *dk_task; /* by df_keys position, like post_off */
	uint32_t *cls_task[NCLASSES]; /* the tasks whose side names the class */
	size_t ncls_task[NCLASSES];
	struct kw_anchor *anchors; /* grouped by key: an_off by df_keys position */
	uint32_t *an_off;
	size_t nanchors;
	uint32_t *kw_always; /* tasks with a keyword of no bigram: looked for always */
	size_t nkw_always;
	/* listed[t * ntowns + i]: the task with task t's code on town i's
	 * list, or NULL */
	const struct task **listed;
	/* the same as bits: town i of task t is bit i of
	 * town_bits[t * town_words + i / 64] */
	uint64_t *town_bits;
	size_t town_words;
	bool dup_codes; /* two tasks share a code (not in a valid catalogue) */
	unsigned gen_df; /* a bigram with df >= gen_df is generic */
	/* the generic bigrams' tasks as bit sets: bigram j's is
	 * gbits[gbit_ix[j] * gbit_words ..], gbit_ix[j] UINT32_MAX for others */
	uint32_t *gbit_ix;
	uint64_t *gbits;
	size_t gbit_words;
	uint8_t *tflag;  /* tw[t].flags in an array of its own: scoring reads it for
	                  * every candidate, and tw[] is too large for the cache */
};

struct scored;

/* A set of tasks: mark[t] == gen for those in list[0..n), and their bits
 * in `bits` until cands_sort puts the list in ascending order. */
struct cands {
	uint32_t *mark, *list;
	uint64_t *bits;
	uint32_t gen;
	size_t n;
};

/* Per screen_text call: the work space of the scoring, sized by the
 * number of tasks; a per-task entry is read only for the candidates,
 * after it is set (see scratch_new for what starts zeroed). */
struct scratch {
	double *acc;      /* a piece's hit weight per candidate */
	uint8_t *kwwhole; /* a keyword of the task is in the whole work (score_tasks) */
	double *whole;    /* the whole work's coverage per candidate */
	double *clause;   /* score_tasks: the candidate's upper bound */
	uint32_t *kwmark; /* == kwgen: a keyword of the task is in the piece */
	uint32_t kwgen;
	struct cands main, extra; /* the sentence's; a 同时 clause's */
	uint32_t *order; /* score_tasks: the candidates by bound */
	uint32_t *defer; /* piece_hits: the generic bigrams of a piece (df_keys positions) */
	size_t ndefer, cdefer;
	struct scored *sc; /* the scores exact_score gave; zero outside a sentence */
};

static char *norm0(const char *s)
{
	return screen_normalize(s ? s : "", s ? strlen(s) : 0);
}

static size_t hash_u64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

/* The position of bigram k in df_keys, or SIZE_MAX. */
static size_t df_find(const struct screen_engine *en, uint64_t k)
{
	if (!en->hslot)
		return SIZE_MAX;
	for (size_t h = hash_u64(k) & en->hmask;; h = (h + 1) & en->hmask) {
		uint32_t j = en->hslot[h];
		if (j == UINT32_MAX)
			return SIZE_MAX;
		if (en->df_keys[j] == k)
			return j;
	}
}

static double weight(const struct screen_engine *en, uint64_t k)
{
	size_t j = df_find(en, k);
	unsigned df = j == SIZE_MAX ? 0 : en->df[j];
	return log(((double)en->ntw + 1.0) / ((double)df + 0.5));
}

/* FNV-1a */
static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* Makes room for more bigrams in df_keys/df/seen and keeps the hash
 * table at most half full (rehashing when it grows): a county catalogue
 * has a few thousand distinct bigrams, so the table stays in cache rather
 * than being sized by the 500,000 bigram occurrences of its texts. */
static bool df_grow(struct screen_engine *en)
{
	if (en->ndf < en->cdf && 2 * (en->ndf + 1) <= en->hmask + 1)
		return true;
	if (en->ndf >= en->cdf) {
		size_t nc = en->cdf ? 2 * en->cdf : 4096;
		uint64_t *k = realloc(en->df_keys, nc * sizeof *k);
		if (!k)
			return false;
		en->df_keys = k;
		unsigned *d = realloc(en->df, nc * sizeof *d);
		if (!d)
			return false;
		en->df = d;
		uint32_t *sn = realloc(en->seen, nc * sizeof *sn);
		if (!sn)
			return false;
		en->seen = sn;
		en->cdf = nc;
	}
	size_t cap = en->hslot ? en->hmask + 1 : 16;
	while (cap < 2 * (en->ndf + 1) || cap < en->cdf * 2)
		cap *= 2;
	if (en->hslot && cap == en->hmask + 1)
		return true;
	uint32_t *h = malloc(cap * sizeof *h);
	if (!h)
		return false;
	memset(h, 0xFF, cap * sizeof *h);
	for (size_t j = 0; j < en->ndf; j++) {
		size_t p = hash_u64(en->df_keys[j]) & (cap - 1);
		while (h[p] != UINT32_MAX)
			p = (p + 1) & (cap - 1);
		h[p] = (uint32_t)j;
	}
	free(en->hslot);
	en->hslot = h;
	en->hmask = cap - 1;
	return true;
}

/* Adds the bigrams of a normalised field s of task t to w->bid (each
 * once per task, in the order met), counting each in df once for the
 * task; w->bid has room for them.  With dept, the bigrams the task has
 * not met in its earlier fields also go to dept[*ndept]. */
static bool field_bigrams(struct screen_engine *en, const char *s, size_t t, struct task_words *w,
                          uint32_t *dept, size_t *ndept)
{
	size_t len = strlen(s);
	int32_t prev = -1;
	for (size_t i = 0; i < len;) {
		int32_t cp = next_cp(s, len, &i);
		uint64_t k = content_key(prev, cp);
		prev = cp;
		if (!k)
			continue;
		size_t h = hash_u64(k) & en->hmask;
		while (en->hslot[h] != UINT32_MAX && en->df_keys[en->hslot[h]] != k)
			h = (h + 1) & en->hmask;
		uint32_t j = en->hslot[h];
		if (j == UINT32_MAX) {
			if (en->ndf >= en->cdf || 2 * (en->ndf + 1) > en->hmask + 1) {
				if (!df_grow(en))
					return false;
				h = hash_u64(k) & en->hmask;
				while (en->hslot[h] != UINT32_MAX)
					h = (h + 1) & en->hmask;
			}
			j = (uint32_t)en->ndf++;
			en->hslot[h] = j;
			en->df_keys[j] = k;
			en->df[j] = 0;
			en->seen[j] = 0;
		}
		if (en->seen[j] != t + 1) {
			en->seen[j] = (uint32_t)t + 1;
			en->df[j]++;
			w->bid[w->nbg++] = j;
			if (dept)
				dept[(*ndept)++] = j;
		}
	}
	return true;
}

/* True when task t's text has bigram k: its postings are in ascending
 * task order. */
static bool task_has_j(const struct screen_engine *en, size_t t, size_t j)
{
	if (en->gbit_ix && en->gbit_ix[j] != UINT32_MAX) {
		const uint64_t *b = en->gbits + (size_t)en->gbit_ix[j] * en->gbit_words;
		return b[t / 64] >> (t % 64) & 1;
	}
	size_t lo = en->post_off[j], hi = en->post_off[j + 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (en->post_task[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < en->post_off[j + 1] && en->post_task[lo] == t;
}

static bool task_has(const struct screen_engine *en, size_t t, uint64_t k)
{
	size_t j = df_find(en, k);
	return j != SIZE_MAX && task_has_j(en, t, j);
}

/* The postings, the department parts' postings, the action classes'
 * tasks, the keywords' anchors and the towns' lists as a table: what
 * scoring needs so that it touches only the tasks that share something
 * with the work, and never compares codes. */
static bool index_build(struct screen_engine *en)
{
	size_t ntw = en->ntw, total = 0;
	en->wt = malloc((en->ndf + 1) * sizeof *en->wt);
	en->post_off = calloc(en->ndf + 2, sizeof *en->post_off);
	if (!en->wt || !en->post_off)
		return false;
	for (size_t j = 0; j < en->ndf; j++) {
		en->wt[j] = log(((double)ntw + 1.0) / ((double)en->df[j] + 0.5));
		total += en->df[j];
	}
	en->wt_none = log(((double)ntw + 1.0) / 0.5);
	for (size_t j = 0; j < en->ndf; j++)
		en->post_off[j + 1] = en->post_off[j] + en->df[j];
	en->post_task = malloc((total + 1) * sizeof *en->post_task);
	uint32_t *fill = malloc((en->ndf + 1) * sizeof *fill);
	if (!en->post_task || !fill) {
		free(fill);
		return false;
	}
	memcpy(fill, en->post_off, en->ndf * sizeof *fill);
	for (size_t t = 0; t < ntw; t++)
		for (size_t i = 0; i < en->tw[t].nbg; i++)
			en->post_task[fill[en->tw[t].bid[i]]++] = (uint32_t)t;
	free(fill);
	/* department parts: the tasks by bigram (a count, then a fill in
	 * task order, so each bigram's tasks are ascending) */
	size_t nd = 0;
	en->dk_off = calloc(en->ndf + 2, sizeof *en->dk_off);
	if (!en->dk_off)
		return false;
	for (size_t t = 0; t < ntw; t++)
		for (size_t i = 0; i < en->tw[t].ndept; i++) {
			en->dk_off[en->tw[t].dept[i] + 1]++;
			nd++;
		}
	for (size_t j = 0; j < en->ndf; j++)
		en->dk_off[j + 1] += en->dk_off[j];
	en->dk_task = malloc((nd + 1) * sizeof *en->dk_task);
	uint32_t *dfill = malloc((en->ndf + 1) * sizeof *dfill);
	if (!en->dk_task || !dfill) {
		free(dfill);
		return false;
	}
	memcpy(dfill, en->dk_off, en->ndf * sizeof *dfill);
	for (size_t t = 0; t < ntw; t++)
		for (size_t i = 0; i < en->tw[t].ndept; i++)
			en->dk_task[dfill[en->tw[t].dept[i]]++] = (uint32_t)t;
	free(dfill);
	/* action classes */
	for (size_t c = 0; c < NCLASSES; c++) {
		en->cls_task[c] = malloc((ntw + 1) * sizeof **en->cls_task);
		if (!en->cls_task[c])
			return false;
		for (size_t t = 0; t < ntw; t++)
			if (en->tw[t].cls[c])
				en->cls_task[c][en->ncls_task[c]++] = (uint32_t)t;
	}
	/* keywords */
	size_t nkw = 0;
	for (size_t t = 0; t < ntw; t++)
		nkw += en->tw[t].nkw;
	en->anchors = malloc((nkw + 1) * sizeof *en->anchors);
	en->kw_always = malloc((ntw + 1) * sizeof *en->kw_always);
	if (!en->anchors || !en->kw_always)
		return false;
	for (size_t t = 0; t < ntw; t++) {
		bool always = false;
		for (size_t k = 0; k < en->tw[t].nkw; k++) {
			size_t nb = 0;
			uint64_t *kb = bigrams(en->tw[t].kw[k], &nb);
			if (!kb)
				return false;
			uint64_t best = 0;
			unsigned best_df = UINT32_MAX;
			for (size_t i = 0; i < nb; i++) {
				size_t j = df_find(en, kb[i]);
				unsigned df = j == SIZE_MAX ? 0 : en->df[j];
				if (df < best_df) {
					best_df = df;
					best = kb[i];
				}
			}
			free(kb);
			if (nb && best_df > 0 && best_df != UINT32_MAX)
				en->anchors[en->nanchors++] = (struct kw_anchor){best, (uint32_t)t, (uint32_t)k};
			else
				always = true;
		}
		if (always)
			en->kw_always[en->nkw_always++] = (uint32_t)t;
	}
	/* grouped by the anchor's position in df_keys (a count and a fill) */
	en->an_off = calloc(en->ndf + 2, sizeof *en->an_off);
	struct kw_anchor *grouped = malloc((en->nanchors + 1) * sizeof *grouped);
	if (!en->an_off || !grouped) {
		free(grouped);
		return false;
	}
	for (size_t a = 0; a < en->nanchors; a++)
		en->an_off[df_find(en, en->anchors[a].key) + 1]++;
	for (size_t j = 0; j < en->ndf; j++)
		en->an_off[j + 1] += en->an_off[j];
	uint32_t *afill = malloc((en->ndf + 1) * sizeof *afill);
	if (!afill) {
		free(grouped);
		return false;
	}
	memcpy(afill, en->an_off, en->ndf * sizeof *afill);
	for (size_t a = 0; a < en->nanchors; a++)
		grouped[afill[df_find(en, en->anchors[a].key)]++] = en->anchors[a];
	free(afill);
	free(en->anchors);
	en->anchors = grouped;
	/* the towns' lists by task: the tasks' codes in a hash table */
	const struct screen_catalog *c = en->c;
	en->listed = calloc(ntw * c->ntowns + 1, sizeof *en->listed);
	size_t ccap = 16;
	while (ccap < 2 * ntw + 2)
		ccap *= 2;
	uint32_t *cslot = malloc(ccap * sizeof *cslot);
	if (!en->listed || !cslot) {
		free(cslot);
		return false;
	}
	memset(cslot, 0xFF, ccap * sizeof *cslot);
	for (size_t t = 0; t < ntw; t++) {
		const char *code = en->tw[t].t->code ? en->tw[t].t->code : "";
		size_t h = hash_str(code) & (ccap - 1);
		while (cslot[h] != UINT32_MAX) {
			const char *o = en->tw[cslot[h]].t->code;
			if (strcmp(o ? o : "", code) == 0) {
				en->dup_codes = true; /* the first stands for both in the table */
				break;
			}
			h = (h + 1) & (ccap - 1);
		}
		if (cslot[h] == UINT32_MAX)
			cslot[h] = (uint32_t)t;
	}
	for (size_t i = 0; i < c->ntowns; i++)
		for (size_t k = 0; k < c->towns[i].ntasks; k++) {
			const struct task *lt = c->towns[i].tasks[k];
			const char *code = lt->code ? lt->code : "";
			size_t h = hash_str(code) & (ccap - 1);
			for (; cslot[h] != UINT32_MAX; h = (h + 1) & (ccap - 1)) {
				const char *o = en->tw[cslot[h]].t->code;
				if (strcmp(o ? o : "", code) == 0)
					break;
			}
			if (cslot[h] == UINT32_MAX)
				continue; /* not in the catalogue */
			/* every task with this code (a catalogue has one) */
			for (size_t t = cslot[h]; t < ntw; t++) {
				const char *o = en->tw[t].t->code;
				if (t != cslot[h] && strcmp(o ? o : "", code) != 0)
					continue;
				const struct task **slot = &en->listed[t * c->ntowns + i];
				if (!*slot) /* the first on the list, as a scan would find */
					*slot = lt;
				if (!en->dup_codes)
					break;
			}
		}
	free(cslot);
	/* the generic bigrams' bit sets */
	size_t ng = 0;
	en->gbit_ix = malloc((en->ndf + 1) * sizeof *en->gbit_ix);
	if (!en->gbit_ix)
		return false;
	for (size_t j = 0; j < en->ndf; j++)
		en->gbit_ix[j] = en->df[j] >= en->gen_df ? (uint32_t)ng++ : UINT32_MAX;
	en->gbit_words = ntw / 64 + 1;
	en->gbits = calloc(ng * en->gbit_words + 1, sizeof *en->gbits);
	if (!en->gbits)
		return false;
	for (size_t j = 0; j < en->ndf; j++)
		if (en->gbit_ix[j] != UINT32_MAX) {
			uint64_t *b = en->gbits + (size_t)en->gbit_ix[j] * en->gbit_words;
			for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++)
				b[en->post_task[p] / 64] |= (uint64_t)1 << (en->post_task[p] % 64);
		}
	en->town_words = (c->ntowns + 63) / 64;
	en->town_bits = calloc(ntw * en->town_words + 1, sizeof *en->town_bits);
	if (!en->town_bits)
		return false;
	for (size_t t = 0; t < ntw; t++)
		for (size_t i = 0; i < c->ntowns; i++)
			if (en->listed[t * c->ntowns + i])
				en->town_bits[t * en->town_words + i / 64] |= (uint64_t)1 << (i % 64);
	return true;
}

struct screen_engine *screen_engine_new(const struct screen_catalog *c)
{
	if (!words_init())
		return NULL;
	struct screen_engine *en = calloc(1, sizeof *en);
	if (!en)
		return NULL;
	en->c = c;
	en->tw = calloc(c->ntasks ? c->ntasks : 1, sizeof *en->tw);
	if (!en->tw || !df_grow(en))
		goto fail;
	for (size_t i = 0; i < c->ntasks; i++) {
		const struct task *t = c->tasks[i];
		struct task_words *w = &en->tw[en->ntw++];
		w->t = t;
		/* each field normalised once: the text's bigrams are the union of
		 * the fields' (no bigram spans two fields) */
		char *nf[4] = {norm0(t->name), norm0(t->duty), norm0(t->township_part),
		               norm0(t->department_part)};
		w->kw = calloc(t->nkeywords + 1, sizeof *w->kw);
		bool ok = nf[0] && nf[1] && nf[2] && nf[3] && w->kw;
		size_t room = 1;
		for (size_t k = 0; ok && k < t->nkeywords; k++) {
			char *nk = norm0(t->keywords[k]);
			if (!nk)
				ok = false;
			else if (*nk) {
				w->kw[w->nkw++] = nk;
				room += strlen(nk);
			} else
				free(nk);
		}
		for (size_t k = 0; ok && k < 4; k++)
			room += strlen(nf[k]);
		if (ok)
			w->bid = malloc(room * sizeof *w->bid);
		ok = ok && w->bid;
		/* the side of the work the town would do: its name and its
		 * part (the department's for 上级部门收回), the keywords */
		bool reclaimed = t->list_type == LIST_RECLAIMED;
		for (size_t k = 0; ok && k < NCLASSES; k++) {
			bool side = has_term(nf[0], action_classes[k]) ||
			            (reclaimed ? has_term(nf[3], action_classes[k])
			                       : has_term(nf[1], action_classes[k]) ||
			                             has_term(nf[2], action_classes[k]));
			for (size_t q = 0; !side && q < w->nkw; q++)
				side = has_term(w->kw[q], action_classes[k]);
			w->cls[k] = side;
			w->name_cls[k] = side && has_term(nf[0], action_classes[k]);
		}
		/* all the text; the department part last, so that what only it
		 * has (配合履职) is what it adds after the town's side */
		for (size_t k = 0; ok && k < 3; k++)
			ok = field_bigrams(en, nf[k], i, w, NULL, NULL);
		for (size_t q = 0; ok && q < w->nkw; q++)
			ok = field_bigrams(en, w->kw[q], i, w, NULL, NULL);
		if (ok && t->list_type == LIST_ASSIST && t->department_part && *t->department_part) {
			w->dept = malloc((strlen(nf[3]) + 1) * sizeof *w->dept);
			ok = w->dept && field_bigrams(en, nf[3], i, w, w->dept, &w->ndept);
		} else if (ok) {
			ok = field_bigrams(en, nf[3], i, w, NULL, NULL);
		}
		for (size_t k = 0; k < 4; k++)
			free(nf[k]);
		if (!ok)
			goto fail;
	}
	en->tflag = malloc(en->ntw + 1);
	if (!en->tflag)
		goto fail;
	for (size_t t = 0; t < en->ntw; t++) {
		struct task_words *w = &en->tw[t];
		for (size_t k = 0; k < NCLASSES; k++)
			w->flags |= (w->cls[k] ? 1u << k : 0) | (w->name_cls[k] ? 1u << (NCLASSES + k) : 0);
		if (w->ndept)
			w->flags |= TF_DEPT;
		en->tflag[t] = (uint8_t)w->flags;
	}
	en->gen_df = (unsigned)ceil((double)en->ntw * GENERIC_SHARE);
	if (en->gen_df < GENERIC_MIN_DF)
		en->gen_df = GENERIC_MIN_DF;
	if (!index_build(en))
		goto fail;
	/* the towns' tags (各林区镇, 各边境镇) */
	size_t ntags = 0;
	for (size_t i = 0; i < c->ntowns; i++)
		ntags += c->towns[i].ntags;
	en->tags = calloc(ntags + 1, sizeof *en->tags);
	if (!en->tags)
		goto fail;
	for (size_t i = 0; i < c->ntowns; i++)
		for (size_t j = 0; j < c->towns[i].ntags; j++)
			if (!(en->tags[en->ntags++] = norm0(c->towns[i].tags[j])))
				goto fail;
	return en;
fail:
	screen_engine_free(en);
	return NULL;
}

void screen_engine_free(struct screen_engine *en)
{
	if (!en)
		return;
	for (size_t i = 0; i < en->ntw; i++) {
		free(en->tw[i].bid);
		free(en->tw[i].dept);
		if (en->tw[i].kw)
			for (size_t k = 0; k < en->tw[i].nkw; k++)
				free(en->tw[i].kw[k]);
		free(en->tw[i].kw);
	}
	free(en->tw);
	free(en->wt);
	free(en->post_off);
	free(en->post_task);
	free(en->dk_off);
	free(en->dk_task);
	for (size_t c = 0; c < NCLASSES; c++)
		free(en->cls_task[c]);
	free(en->anchors);
	free(en->an_off);
	free(en->kw_always);
	free(en->listed);
	free(en->town_bits);
	free(en->df_keys);
	free(en->hslot);
	free(en->df);
	free(en->seen);
	free(en->tflag);
	free(en->gbit_ix);
	free(en->gbits);
	if (en->tags)
		for (size_t i = 0; i < en->ntags; i++)
			free(en->tags[i]);
	free(en->tags);
	free(en);
}

/* How much of the work's content the task covers: the idf-weighted share
 * of the work's bigrams found in the task's text, plus a bonus for one of
 * its keywords.  Not yet checked for the action. */
static double coverage(const struct screen_engine *en, const uint64_t *bg, size_t nbg,
                       const char *work, const struct task_words *w)
{
	double all = 0, hit = 0;
	for (size_t i = 0; i < nbg; i++) {
		double x = weight(en, bg[i]);
		all += x;
		if (task_has(en, (size_t)(w - en->tw), bg[i])) {
			hit += x;
			continue;
		}
		bool same_action = false;
		for (size_t c = 0; c < NCLASSES && !same_action; c++)
			same_action = w->cls[c] && class_bigram(c, bg[i]);
		if (same_action)
			hit += x / 2;
	}
	if (all <= 0)
		return 0;
	double s = hit / all;
	for (size_t k = 0; k < w->nkw; k++)
		if (strstr(work, w->kw[k])) {
			s += KEYWORD_BONUS;
			break;
		}
	return s > 1 ? 1 : s;
}

/* The action check, given which classes the work names (in_work). */
static double action_flags_factor(const bool *in_work, unsigned flags)
{
	double f = 1;
	for (size_t c = 0; c < NCLASSES; c++) {
		if (in_work[c] && !(flags >> c & 1)) /* cls: the task's side names the class */
			f *= 0.3;
		else if (!in_work[c] && (flags >> (NCLASSES + c) & 1))
			f *= 0.3;
	}
	return f;
}

static void work_classes(const char *work, bool *in_work)
{
	for (size_t c = 0; c < NCLASSES; c++)
		in_work[c] = has_term(work, action_classes[c]);
}

/* The action check over the whole work of a sentence. */
static double action_factor(const char *work, const struct task_words *w)
{
	bool in_work[NCLASSES];
	work_classes(work, in_work);
	return action_flags_factor(in_work, w->flags);
}

static const struct task_words *words_of(const struct screen_engine *en, const struct task *t)
{
	for (size_t i = 0; i < en->ntw; i++)
		if (en->tw[i].t == t || strcmp(en->tw[i].t->code, t->code) == 0)
			return &en->tw[i];
	return NULL;
}

double screen_task_score(const struct screen_engine *en, const char *work, const struct task *t)
{
	const struct task_words *w = words_of(en, t);
	char *n = norm0(work);
	if (!w || !n) {
		free(n);
		return 0;
	}
	size_t nbg = 0;
	uint64_t *bg = bigrams(n, &nbg);
	double s = bg ? coverage(en, bg, nbg, n, w) * action_factor(n, w) : 0;
	free(bg);
	free(n);
	return s;
}

/* --- who is given the work --- */

/* True when s starts with p ("" included).  A byte loop: the words looked
 * for mostly differ from the text in their first bytes, so this costs
 * less than strlen and strncmp. */
static inline bool starts(const char *s, const char *p)
{
	while (*p && *s == *p) {
		s++;
		p++;
	}
	return !*p;
}

/* The length of p when s starts with it (p not ""), else 0. */
static inline size_t starts_len(const char *s, const char *p)
{
	size_t i = 0;
	while (p[i] && s[i] == p[i])
		i++;
	return p[i] ? 0 : i;
}

static bool starts_any(const char *s, const char *const *p)
{
	for (; *p; p++)
		if (starts(s, *p))
			return true;
	return false;
}

/* The next character of a NUL-terminated string after the one at p
 * (continuation bytes are skipped; the NUL is never stepped over). */
static inline const char *next_char(const char *p)
{
	p++;
	while (((unsigned char)*p & 0xC0) == 0x80)
		p++;
	return p;
}

/* Sets of first characters, to tell without comparing words that none
 * of a list starts at a position of the text (most positions).  A
 * character's key is the low 12 bits of its code point when it is a
 * three-byte character (every word here but "|" and "," starts with
 * one), else its first byte; keys collide, which costs only a compare. */
struct firsts {
	uint64_t bit[4096 / 64];
	bool all; /* a word whose first character has no key: no filter */
};

static inline unsigned first_key(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
		return ((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)) & 4095;
	return u[0];
}

static void firsts_add(struct firsts *f, const char *w)
{
	const unsigned char *u = (const unsigned char *)w;
	/* a word that ends inside a three-byte character would get a key
	 * other than the text's that starts with it */
	if ((u[0] & 0xF0) == 0xE0 && !((u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80))
		f->all = true;
	unsigned k = first_key(w);
	f->bit[k / 64] |= (uint64_t)1 << (k % 64);
}

static inline bool firsts_has(const struct firsts *f, unsigned key)
{
	return (f->bit[key / 64] >> (key % 64) & 1) || f->all;
}

/* A list of words (none "") with the set of their first characters, and
 * the words chained by their first character's key (by key % 256, in the
 * list's order), so that where a word may start only the words with that
 * first character are compared. */
#define WS_MAX 255
struct wordset {
	const char *const *w;
	struct firsts first;
	uint8_t head[256];     /* 1 + the first word of each chain, 0: none */
	uint8_t next[WS_MAX];  /* 1 + the word after word j in its chain, 0: none */
	bool linear;           /* too many words, or one without a key: all compared */
};

static void wordset_make(struct wordset *ws, const char *const *w)
{
	memset(ws, 0, sizeof *ws);
	ws->w = w;
	uint8_t *tail[256];
	for (size_t c = 0; c < 256; c++)
		tail[c] = &ws->head[c];
	for (size_t j = 0; w[j]; j++) {
		firsts_add(&ws->first, w[j]);
		if (j >= WS_MAX) {
			ws->linear = true;
			continue;
		}
		unsigned c = first_key(w[j]) % 256;
		*tail[c] = (uint8_t)(j + 1);
		tail[c] = &ws->next[j];
	}
	ws->linear |= ws->first.all;
}

/* The length of the first word of ws (in the list's order) that s
 * starts with, 0 when none; k is first_key(s). */
static inline size_t ws_starts_key(const struct wordset *ws, const char *s, unsigned k)
{
	if (!firsts_has(&ws->first, k))
		return 0;
	if (ws->linear) {
		for (const char *const *w = ws->w; *w; w++) {
			size_t l = starts_len(s, *w);
			if (l)
				return l;
		}
		return 0;
	}
	for (unsigned j = ws->head[k % 256]; j; j = ws->next[j - 1]) {
		size_t l = starts_len(s, ws->w[j - 1]);
		if (l)
			return l;
	}
	return 0;
}

static inline size_t ws_starts(const struct wordset *ws, const char *s)
{
	return ws_starts_key(ws, s, first_key(s));
}

/* The word lists below as wordsets, made once for the process by
 * lists_init: screen_text, screen_is_assignment and objects call it
 * before any use (a wordset not made yet finds nothing). */
static struct wordset ws_general, ws_seps, ws_numerals, ws_verbs, ws_bodies, ws_prohibitions,
	ws_goals, ws_purposes, ws_carry, ws_modals, ws_exhort, ws_not_prep, ws_obj_ends;
static void lists_init(void);

/* The towns' names (town_ref) as a set of first characters, made for
 * each catalogue screened. */
struct town_names {
	struct firsts first; /* of the names that are not "" */
	bool empty;          /* a town's name is "" */
};

static void town_names_make(struct town_names *tn, const struct screen_catalog *c)
{
	memset(tn, 0, sizeof *tn);
	for (size_t i = 0; i < c->ntowns; i++) {
		const char *name = c->towns[i].name;
		if (name && !*name)
			tn->empty = true;
		else if (name)
			firsts_add(&tn->first, name);
	}
}

/* Skips an enumeration: (一) 一、 1. 1、 (1) 第一, */
static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八",
                                       "九", "十", NULL};
static const char *skip_enum(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s == '(') {
		/* a ')' within 13 bytes (the first one: strchr's) */
		for (size_t k = 1; k <= 13 && s[k]; k++)
			if (s[k] == ')')
				return skip_enum(s + k + 1);
	}
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || starts(p, "、")))
		return skip_enum(p + (*p == '.' ? 1 : strlen("、")));
	p = s;
	for (size_t l; (l = ws_starts(&ws_numerals, p));)
		p += l;
	if (p > s && starts(p, "、"))
		return skip_enum(p + strlen("、"));
	if (p > s && *p == '.')
		return skip_enum(p + 1);
	return s;
}

/* Reads a reference to towns at s: 各镇, 各林区镇, 两镇, 三岔口镇、道河镇...
 * Sets which[] (the addressed towns for a general reference) and *named
 * when towns are named; returns the bytes read, 0 when none. */
static const char *const general[] = {
	"全市各乡镇", "全市各镇", "各乡镇人民政府", "各镇人民政府", "各乡镇", "各有关镇",
	"各相关镇", "上述各镇", "以上各镇", "上述镇", "以上镇", "两镇", "三镇", "四镇", "五镇",
	"六镇", "各镇政府", "各镇", "镇人民政府", "镇政府", "你镇", "贵镇", "属地乡镇", "属地镇",
	"所在乡镇", "所在镇", "乡镇", NULL};
static const char *const seps[] = {"、", "和", "及", "与", ",", NULL};

static size_t town_ref(const struct screen_engine *en, const struct town_names *tn,
                       const char *s, const bool *addressed, bool *which, bool *named)
{
	const struct screen_catalog *c = en->c;
	size_t g = ws_starts(&ws_general, s);
	if (g) {
		for (size_t i = 0; i < c->ntowns; i++)
			which[i] = addressed[i];
		*named = false;
		return g;
	}
	if (starts(s, "各")) {
		for (size_t t = 0; t < en->ntags; t++) {
			const char *p = s + strlen("各");
			if (!starts(p, en->tags[t]))
				continue;
			p += strlen(en->tags[t]);
			size_t l = starts(p, "乡镇") ? strlen("乡镇") : starts(p, "镇") ? strlen("镇") : 0;
			if (!l)
				continue;
			bool any = false;
			for (size_t i = 0; i < c->ntowns; i++) {
				which[i] = false;
				if (!addressed[i])
					continue;
				for (size_t j = 0; j < c->towns[i].ntags; j++)
					if (strcmp(c->towns[i].tags[j], en->tags[t]) == 0)
						which[i] = any = true;
			}
			(void)any;
			*named = false;
			return (size_t)(p + l - s);
		}
	}
	/* named towns, joined by 、 和 及 与 */
	size_t used = 0;
	bool found = false;
	for (;;) {
		const char *p = s + used;
		size_t hit = 0;
		bool may = firsts_has(&tn->first, first_key(p));
		for (size_t i = 0; may && i < c->ntowns; i++) {
			const char *name = c->towns[i].name;
			if (name && *name && starts(p, name)) {
				if (!found)
					for (size_t j = 0; j < c->ntowns; j++)
						which[j] = false;
				which[i] = found = true;
				hit = strlen(name);
				break;
			}
		}
		if (!hit)
			break;
		used += hit;
		/* the first separator there, if a town's name follows it */
		size_t l = ws_starts(&ws_seps, s + used);
		const char *r = s + used + l;
		bool sep = false;
		if (l && (tn->empty || firsts_has(&tn->first, first_key(r))))
			for (size_t i = 0; i < c->ntowns && !sep; i++)
				sep = c->towns[i].name && starts(r, c->towns[i].name);
		if (!sep)
			break;
		used += l;
	}
	if (found)
		*named = true;
	return found ? used : 0;
}

/* True when the clause's subject, before its verb, is a department: one
 * of bodies starts before the first of verbs, which starts within the
 * first 60 bytes. */
static const char *const verbs[] = {"负责", "将", "要", "牵头", "会同", "对", "应", "按", NULL};
static const char *const bodies[] = {"局", "委", "办", "中心", "部门", "单位", "政府", "公安",
                                     "法院", "队", "所", "站", "厅", "部", NULL};

static bool department_subject(const char *s)
{
	bool body = false;
	for (const char *p = s; *p && p - s <= 60; p = next_char(p)) {
		unsigned k = first_key(p);
		if (ws_starts_key(&ws_verbs, p, k))
			return body;
		body = body || ws_starts_key(&ws_bodies, p, k);
	}
	return false;
}

static const char *const prohibitions[] = {"严禁", "禁止", "不得", "杜绝", "严防", "不准", NULL};
static const char *const goals[] = {"确保", "做到", "力争", "防止", "避免", "切实增强", "以便",
                                    "使", "让", "促进", "推动形成", NULL};
static const char *const purposes[] = {"为", "根据", "按照", "针对", "结合", "围绕", "对照", NULL};
static const char *const carry_starts[] = {"要", "并", "同时", "还要", "另外", "此外", "组织",
                                           "开展", "做好", "落实", "加强", "督促", "指导",
                                           "负责", "建立", "推进", "受理", "积极", NULL};
static const char *const modals[] = {"同时", "也要", "还要", "要", "须", "需", "应当", "应", "必须",
                                     "务必", NULL};

/* A clause that reports back (no work of its own) names where to
 * (report_to) or when (one of report_up, with 前 and 于 or 在 anywhere in
 * the clause). */
static const char *const report_to[] = {"报送", "报市", "报至", "抄送", NULL};
static const char *const report_up[] = {"上报", "报告", NULL};

/* no_work's words (exhortations, report_to, report_up) by their first two
 * characters: the pair of characters at a position of a clause says
 * whether one may start there.  Most characters of a clause start some
 * word of a list that long (工, 一, 加, 在...); few pairs do. */
static struct {
	uint64_t bit[16384 / 64];
	bool all; /* a word without two three-byte characters first: no filter */
} no_work_pairs;

/* The code point of the three-byte character at p, 0 when there is none. */
static inline uint32_t cp3(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return 0;
	return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
}

static inline unsigned pair_key(uint32_t a, uint32_t b)
{
	return (a * 31u + b) & 16383;
}

static void no_work_pairs_add(const char *const *w)
{
	for (; *w; w++) {
		uint32_t a = cp3(*w), b = a ? cp3(*w + 3) : 0;
		if (!b)
			no_work_pairs.all = true;
		unsigned k = pair_key(a, b);
		no_work_pairs.bit[k / 64] |= (uint64_t)1 << (k % 64);
	}
}

/* A clause that is no work: exhortation, prohibition, goal, report-back. */
static bool no_work(const char *s)
{
	if (!*s)
		return false;
	if (ws_starts(&ws_prohibitions, s) || ws_starts(&ws_goals, s))
		return true;
	bool up = false;
	const char *at = s; /* the character before p; a, b: theirs (cp3) */
	uint32_t a = cp3(s);
	for (const char *p = a ? s + 3 : next_char(s);; p = a ? p + 3 : next_char(p)) {
		uint32_t b = cp3(p);
		unsigned k = pair_key(a, b);
		if ((a && b && no_work_pairs.bit[k / 64] >> (k % 64) & 1) || no_work_pairs.all) {
			if (ws_starts(&ws_exhort, at) || starts_any(at, report_to))
				return true;
			up = up || starts_any(at, report_up);
		}
		if (!*p)
			break;
		at = p;
		a = b;
	}
	return up && strstr(s, "前") && (strstr(s, "于") || strstr(s, "在"));
}

/* A sentence split into clauses, each normalised (NUL-terminated) for the
 * word lists.  Clauses are split and normalised only as far as they are
 * asked for (sentence_clause): most sentences give no work, and that is
 * told from their first clause or two.  The buffers live from sentence
 * to sentence (sentence_load reuses them, sentence_free frees them), so a
 * sentence costs no allocation. */
struct sentence {
	struct screen_span span;
	struct screen_span *cl; /* MAX_CLAUSES */
	size_t ncl;             /* the clauses split so far */
	char **norm; /* each clause normalised; NULL when invalid; norm[ncl] NULL */
	const char *text;
	size_t at;        /* the splitting goes on from here */
	bool done;        /* every clause (up to MAX_CLAUSES) is in */
	char *buf;        /* the fast path's normalisations, one after another */
	size_t used, cap; /* of buf; sentence_load makes room for all of them,
	                   * so buf never moves under norm[] */
	uint64_t heap;    /* bit i: norm[i] is normalize_slow's, freed apart */
};

static void sentence_drop(struct sentence *s)
{
	for (size_t i = 0; s->heap && i < s->ncl; i++)
		if (s->heap >> i & 1)
			free(s->norm[i]);
	s->heap = 0;
	s->ncl = 0;
}

static void sentence_free(struct sentence *s)
{
	sentence_drop(s);
	free(s->norm);
	free(s->cl);
	free(s->buf);
	memset(s, 0, sizeof *s);
}

/* Makes s the sentence at span of text, no clause split yet; s is zeroed
 * or an earlier sentence.  False when out of memory. */
static bool sentence_load(const char *text, struct screen_span span, struct sentence *s)
{
	sentence_drop(s);
	if (!s->cl) {
		s->cl = malloc(MAX_CLAUSES * sizeof *s->cl);
		s->norm = malloc((MAX_CLAUSES + 1) * sizeof *s->norm);
		if (!s->cl || !s->norm)
			return false;
	}
	/* the fast path never makes a clause longer; a clause is cut at
	 * MAX_CLAUSE_BYTES, and each has its NUL */
	size_t most = (size_t)MAX_CLAUSES * MAX_CLAUSE_BYTES;
	size_t need = (span.length < most ? span.length : most) + MAX_CLAUSES + 1;
	if (need > s->cap) {
		char *b = realloc(s->buf, need);
		if (!b)
			return false;
		s->buf = b;
		s->cap = need;
	}
	s->span = span;
	s->text = text;
	s->at = span.offset;
	s->done = false;
	s->used = 0;
	s->norm[0] = NULL;
	return true;
}

/* Splits off and normalises the next clause; false when none is left
 * (or MAX_CLAUSES are in). */
static bool sentence_next(struct sentence *s)
{
	struct screen_span sp;
	if (s->done || s->ncl == MAX_CLAUSES ||
	    !next_piece(s->text, &s->at, s->span.offset + s->span.length, ENDS_CLAUSE, &sp)) {
		s->done = true;
		return false;
	}
	size_t len = sp.length;
	if (len > MAX_CLAUSE_BYTES) {
		len = MAX_CLAUSE_BYTES;
		while (len && ((unsigned char)s->text[sp.offset + len] & 0xC0) == 0x80)
			len--;
	}
	char *o = s->buf + s->used;
	size_t w = normalize_into(s->text + sp.offset, len, o);
	if (w != SIZE_MAX) {
		s->norm[s->ncl] = o;
		s->used += w + 1;
	} else {
		s->norm[s->ncl] = normalize_slow(s->text + sp.offset, len);
		if (s->norm[s->ncl])
			s->heap |= (uint64_t)1 << s->ncl;
	}
	s->cl[s->ncl++] = sp;
	s->norm[s->ncl] = NULL;
	return true;
}

/* True when the sentence has a clause i (split and normalised now). */
static bool sentence_clause(struct sentence *s, size_t i)
{
	while (s->ncl <= i && sentence_next(s))
		;
	return i < s->ncl;
}

/* Splits and normalises the rest: for the sentences that give work. */
static void sentence_complete(struct sentence *s)
{
	while (sentence_next(s))
		;
}

/* strlen(s) > n, reading no more than n + 1 bytes. */
static inline bool longer_than(const char *s, size_t n)
{
	for (size_t i = 0; i <= n; i++)
		if (!s[i])
			return false;
	return true;
}

/* The subject of a sentence.  Sets which[] and returns the clause where
 * the work starts (and in *work_at the byte in it), or -1 when the
 * sentence gives towns no work of its own: SUBJECT_DEPARTMENT,
 * SUBJECT_NONE. */
enum subject { SUBJECT_TOWNS, SUBJECT_NAMED, SUBJECT_DEPARTMENT, SUBJECT_NONE };

static enum subject find_subject(const struct screen_engine *en, const struct town_names *tn,
                                 struct sentence *s, const bool *addressed, bool *which,
                                 size_t *clause, size_t *work_at)
{
	for (size_t i = 0; i < 2 && sentence_clause(s, i); i++) {
		const char *c0 = s->norm[i];
		if (!c0)
			return SUBJECT_NONE;
		const char *p = i == 0 ? skip_enum(c0) : c0;
		const char *q = p;
		if (starts(q, "请"))
			q += strlen("请");
		else if (starts(q, "由"))
			q += strlen("由");
		else if (starts(q, "要求"))
			q += strlen("要求");
		bool named = false;
		size_t n = town_ref(en, tn, q, addressed, which, &named);
		if (n) {
			q += n;
			if (starts(q, "人民政府"))
				q += strlen("人民政府");
			q += ws_starts(&ws_modals, q);
			*clause = i;
			*work_at = (size_t)(q - c0);
			return named ? SUBJECT_NAMED : SUBJECT_TOWNS;
		}
		if (department_subject(p))
			return SUBJECT_DEPARTMENT;
		/* a lead-in (为…, 根据…, 4月底前,) before the subject */
		if (!ws_starts(&ws_purposes, p) && longer_than(p, 3 * 12))
			break;
	}
	return SUBJECT_NONE;
}

/* True when the sentence ends with a full stop (not a heading's line end):
 * 。；！ or . ; ! */
static bool full_stop(const char *text, struct screen_span sp)
{
	const unsigned char *e = (const unsigned char *)text + sp.offset + sp.length;
	if (sp.length >= 1 && (e[-1] == '.' || e[-1] == ';' || e[-1] == '!'))
		return true;
	return sp.length >= 3 && ((e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x82) || /* 。 */
	                          (e[-3] == 0xEF && e[-2] == 0xBC &&
	                           (e[-1] == 0x9B /* ； */ || e[-1] == 0x81 /* ！ */)));
}

static bool addressee_line(const char *s)
{
	size_t l = strlen(s);
	return l && s[l - 1] == ':' && (strstr(s, "政府") || strstr(s, "镇") || strstr(s, "部门") ||
	                                strstr(s, "单位"));
}

/* False when the sentence at sp cannot be an addressee line, told without
 * normalising it: its normalisation (as a C string: up to a NUL) would
 * not end with ':' because its last character is one the fast path maps,
 * to something else (NFKC maps these on their own: nothing before
 * composes with them).  Sentences longer than MAX_CLAUSE_BYTES are never
 * looked at. */
static bool may_be_addressee(const char *text, struct screen_span sp)
{
	if (!sp.length || sp.length > MAX_CLAUSE_BYTES)
		return false;
	const char *start = text + sp.offset, *end = memchr(start, 0, sp.length);
	if (!end)
		end = start + sp.length;
	if (end == start)
		return false;
	if ((unsigned char)end[-1] < 0x80)
		return end[-1] == ':';
	char last[4];
	if (end - start >= 3 && normalize_into(end - 3, 3, last) != SIZE_MAX)
		return last[0] == ':';
	return true;
}

/* --- screening --- */

static bool add_finding(struct screen_result *r, size_t *cap, const struct screen_finding *f)
{
	if (r->nfindings == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct screen_finding *v = realloc(r->findings, nc * sizeof *v);
		if (!v)
			return false;
		r->findings = v;
		*cap = nc;
	}
	r->findings[r->nfindings++] = *f;
	return true;
}

struct scored {
	double score;
	size_t clause; /* the clause that fits best (evidence) */
};

/* A clause that says when, not what: 发现…及时制止. */
static bool trigger(const char *c)
{
	return starts(c, "发现") || starts(c, "如发现") || starts(c, "一旦发现") || starts(c, "对发现");
}

/* The objects of the work: what follows 对 up to the verb (对辖区工贸企业
 * 违法行为立案调查 -> 辖区工贸企业违法行为), joined by '|'.  An object ends
 * where the first of obj_ends starts (a 对 followed by one of not_prep is
 * no preposition: 对象, 对于, 对照...). */
static const char *const obj_ends[] = {"开展", "进行", "实施", "立案", "依法", "组织", "作出",
                                       "提出", "实行", "要", "的", "|", "及时", "落实", NULL};
static const char *const not_prep[] = {"象", "于", "照", "接", "策", "比", "外", NULL};

static char *objects(const char *act)
{
	lists_init(); /* screen_text made them; a caller of its own may come first */
	size_t len = strlen(act);
	char *out = malloc(len + 2), *o = out;
	if (!out)
		return NULL;
	for (const char *p = strstr(act, "对"); p; p = strstr(p, "对")) {
		p += strlen("对");
		if (ws_starts(&ws_not_prep, p))
			continue;
		const char *e = p;
		while (*e && !ws_starts(&ws_obj_ends, e))
			e = next_char(e);
		memcpy(o, p, (size_t)(e - p));
		o += e - p;
		*o++ = '|';
		p = e;
	}
	*o = 0;
	return out;
}

static void lists_build(void)
{
	static const struct {
		struct wordset *ws;
		const char *const *w;
	} lists[] = {
		{&ws_general, general},       {&ws_seps, seps},
		{&ws_numerals, numerals},     {&ws_verbs, verbs},
		{&ws_bodies, bodies},         {&ws_prohibitions, prohibitions},
		{&ws_goals, goals},           {&ws_purposes, purposes},
		{&ws_carry, carry_starts},    {&ws_modals, modals},
		{&ws_exhort, exhortations},   {&ws_not_prep, not_prep},
		{&ws_obj_ends, obj_ends},
	};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		wordset_make(lists[i].ws, lists[i].w);
	no_work_pairs_add(exhortations);
	no_work_pairs_add(report_to);
	no_work_pairs_add(report_up);
}

static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void lists_init(void)
{
	pthread_once(&lists_once, lists_build);
}

/* The class bigrams of an action class that b is, as a bit set. */
static unsigned classes_of(uint64_t b)
{
	unsigned m = 0;
	for (size_t c = 0; c < NCLASSES; c++)
		if (class_bigram(c, b))
			m |= 1u << c;
	return m;
}

/* Makes t a candidate of cs. */
static inline void add_cand(struct scratch *x, struct cands *cs, uint32_t t)
{
	cs->mark[t] = cs->gen;
	cs->list[cs->n++] = t;
	cs->bits[t / 64] |= (uint64_t)1 << (t % 64);
	x->acc[t] = 0; /* acc is not zeroed between pieces: only candidates' are read */
}

/* Scores one piece of work (its sorted bigrams bg and its text) against
 * every task at once: every task it touches becomes a candidate (in cs),
 * adds to x->acc the weight of the piece's bigrams each candidate has
 * (half for an action of a class the task's side names, as coverage()
 * does) and sets x->kwmark for the tasks with a keyword in the text.  A
 * bigram with df >= gen_df (generic) makes no candidate; its weight is
 * added last, for the candidates that have it.  Returns the piece's
 * total weight, -1 when out of memory. */
static double piece_hits(const struct screen_engine *en, struct scratch *x, struct cands *cs,
                         const uint64_t *bg, size_t nbg, const char *text, unsigned gen_df)
{
	double all = 0;
	x->kwgen++;
	x->ndefer = 0;
	for (size_t i = 0; i < nbg; i++) {
		size_t j = df_find(en, bg[i]);
		double w = j == SIZE_MAX ? en->wt_none : en->wt[j];
		all += w;
		if (j != SIZE_MAX && en->df[j] >= gen_df) {
			/* generic: makes no candidate; credited to the candidates
			 * below, once they are all known */
			if (x->ndefer == x->cdefer) {
				size_t nc = x->cdefer ? 2 * x->cdefer : 64;
				uint32_t *d = realloc(x->defer, nc * sizeof *d);
				if (!d)
					return -1;
				x->defer = d;
				x->cdefer = nc;
			}
			x->defer[x->ndefer++] = (uint32_t)j;
		} else if (j != SIZE_MAX)
			for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++) {
				uint32_t t = en->post_task[p];
				if (cs->mark[t] != cs->gen)
					add_cand(x, cs, t);
				x->acc[t] += w;
			}
		unsigned cls = classes_of(bg[i]);
		for (size_t c = 0; cls && c < NCLASSES; c++) {
			if (!(cls & 1u << c))
				continue;
			for (size_t k = 0; k < en->ncls_task[c]; k++) {
				uint32_t t = en->cls_task[c][k];
				unsigned fl = en->tflag[t];
				bool earlier = false; /* credited for another class already */
				for (size_t c2 = 0; c2 < c && !earlier; c2++)
					earlier = (cls & 1u << c2) && (fl >> c2 & 1);
				if (earlier || (j != SIZE_MAX && task_has_j(en, t, j)))
					continue;
				if (cs->mark[t] != cs->gen)
					add_cand(x, cs, t);
				x->acc[t] += w / 2;
			}
		}
		/* keywords anchored at this bigram */
		for (uint32_t lo = j == SIZE_MAX ? 0 : en->an_off[j];
		     j != SIZE_MAX && lo < en->an_off[j + 1]; lo++) {
			uint32_t t = en->anchors[lo].task;
			if (x->kwmark[t] != x->kwgen && strstr(text, en->tw[t].kw[en->anchors[lo].kw])) {
				x->kwmark[t] = x->kwgen;
				/* a keyword's task is a candidate even when the keyword
				 * is made of generic bigrams */
				if (cs->mark[t] != cs->gen)
					add_cand(x, cs, t);
			}
		}
	}
	for (size_t k = 0; k < en->nkw_always; k++) {
		uint32_t t = en->kw_always[k];
		const struct task_words *tw = &en->tw[t];
		for (size_t i = 0; i < tw->nkw && x->kwmark[t] != x->kwgen; i++)
			if (strstr(text, tw->kw[i]))
				x->kwmark[t] = x->kwgen;
		if (x->kwmark[t] == x->kwgen && cs->mark[t] != cs->gen)
			add_cand(x, cs, t);
	}
	/* the generic bigrams' weights, for the candidates only, from their
	 * bit sets; per task in the order of the piece's bigrams */
	for (size_t k = 0; x->ndefer && k < cs->n; k++) {
		uint32_t t = cs->list[k];
		for (size_t d = 0; d < x->ndefer; d++) {
			uint32_t j = x->defer[d];
			const uint64_t *b = en->gbits + (size_t)en->gbit_ix[j] * en->gbit_words;
			if (b[t / 64] >> (t % 64) & 1)
				x->acc[t] += en->wt[j];
		}
	}
	return all;
}

/* The df from which a bigram is generic in this piece of work, given its
 * bigrams: en->gen_df when the work has a bigram some task has that is
 * not generic (then tasks are found through what the work names
 * specifically, and a task sharing only generic bigrams with it does not
 * fit it), otherwise no bigram is generic (UINT_MAX). */
static unsigned work_gen_df(const struct screen_engine *en, const uint64_t *bg, size_t nbg)
{
	for (size_t i = 0; i < nbg; i++) {
		size_t j = df_find(en, bg[i]);
		if (j != SIZE_MAX && en->df[j] < en->gen_df)
			return en->gen_df;
	}
	return UINT_MAX;
}

/* True when every bigram of a clause is generic (建立工作台账): such a
 * clause names no duty of its own and cannot carry the work alone. */
static bool generic_clause(const struct screen_engine *en, const uint64_t *bg, size_t nbg,
                           unsigned gen_df)
{
	if (gen_df == UINT_MAX)
		return false;
	for (size_t i = 0; i < nbg; i++) {
		size_t j = df_find(en, bg[i]);
		if (j == SIZE_MAX || en->df[j] < gen_df)
			return false;
	}
	return true;
}

/* Rewrites cs->list in ascending order from the bits (clearing them):
 * a walk over all tasks' bits is cheaper than sorting thousands, and
 * the loops over the candidates then read the per-task arrays in order
 * rather than at random. */
static void cands_sort(struct cands *cs)
{
	size_t n = 0, words = 0;
	for (size_t k = 0; k < cs->n; k++)
		if (cs->list[k] / 64 + 1 > words)
			words = cs->list[k] / 64 + 1;
	for (size_t wi = 0; wi < words; wi++)
		while (cs->bits[wi]) {
			uint64_t b = cs->bits[wi];
			cs->list[n++] = (uint32_t)(wi * 64 + (size_t)__builtin_ctzll(b));
			cs->bits[wi] = b & (b - 1);
		}
	cs->n = n;
}

/* coverage() of task t from a piece's sums. */
static double piece_value(const struct scratch *x, uint32_t t, double all)
{
	if (all <= 0)
		return 0;
	double v = x->acc[t] / all;
	if (x->kwmark[t] == x->kwgen)
		v += KEYWORD_BONUS;
	return v > 1 ? 1 : v;
}

/* A piece of the work (a clause or the objects) for exact_score: its
 * bigrams (sorted), their positions in df_keys (UINT32_MAX: none), its
 * text and its total weight, summed as piece_hits sums it. */
struct piece {
	uint64_t *bg;
	uint32_t *jid;
	uint8_t *cls; /* classes_of() of each bigram */
	size_t nb;
	const char *text;
	double all;
	size_t clause;
};

static bool piece_make(const struct screen_engine *en, struct piece *p, const char *text,
                       size_t clause)
{
	memset(p, 0, sizeof *p);
	p->text = text;
	p->clause = clause;
	p->bg = bigrams(text, &p->nb);
	if (!p->bg)
		return false;
	p->jid = malloc((p->nb + 1) * sizeof *p->jid);
	p->cls = malloc(p->nb + 1);
	if (!p->jid || !p->cls)
		return false;
	for (size_t i = 0; i < p->nb; i++) {
		p->cls[i] = (uint8_t)classes_of(p->bg[i]);
		size_t j = df_find(en, p->bg[i]);
		p->jid[i] = j == SIZE_MAX ? UINT32_MAX : (uint32_t)j;
		p->all += j == SIZE_MAX ? en->wt_none : en->wt[j];
	}
	return true;
}

static void piece_free(struct piece *p)
{
	free(p->bg);
	free(p->jid);
	free(p->cls);
	memset(p, 0, sizeof *p);
}

/* piece_value() of task t for piece p, computed for t alone: the same
 * terms added in the same order as piece_hits adds them (a bigram the
 * task has, else half for an action of its class; the generic bigrams
 * last), so the value is the same to the bit. */
static double piece_task(const struct screen_engine *en, const struct piece *p, uint32_t t,
                         unsigned gen_df, bool kw_in_whole)
{
	if (p->all <= 0)
		return 0;
	unsigned fl = en->tflag[t];
	double acc = 0;
	for (size_t i = 0; i < p->nb; i++) {
		uint32_t j = p->jid[i];
		double w = j == UINT32_MAX ? en->wt_none : en->wt[j];
		bool gen = j != UINT32_MAX && en->df[j] >= gen_df; /* its weight: below */
		bool has = j != UINT32_MAX && task_has_j(en, t, j);
		if (has) {
			if (!gen)
				acc += w;
			continue;
		}
		unsigned cls = p->cls[i];
		for (size_t c = 0; cls && c < NCLASSES; c++)
			if ((cls & 1u << c) && (fl >> c & 1)) {
				acc += w / 2;
				break;
			}
	}
	for (size_t i = 0; i < p->nb; i++) {
		uint32_t j = p->jid[i];
		if (j != UINT32_MAX && en->df[j] >= gen_df && task_has_j(en, t, j))
			acc += en->wt[j];
	}
	double v = acc / p->all;
	/* a keyword in the piece is in the whole work */
	const struct task_words *w = &en->tw[t];
	for (size_t k = 0; kw_in_whole && k < w->nkw; k++)
		if (strstr(p->text, w->kw[k])) {
			v += KEYWORD_BONUS;
			break;
		}
	return v > 1 ? 1 : v;
}

/* The work of the sentence being judged, kept for exact_score. */
struct work {
	struct piece *pc; /* the clauses that count, in order */
	size_t npc;
	struct piece obj; /* nb 0: no object */
	uint32_t *jw;     /* the whole work's bigrams' positions (UINT32_MAX: none) */
	size_t nw;
	double all_w;
	bool in_work[NCLASSES];
	double factor[1u << (2 * NCLASSES)]; /* action_flags_factor by the task's class bits */
	unsigned gen_df;
	size_t from;
	char *whole, *act, *objtext;
};

static void work_free(struct work *wk)
{
	for (size_t i = 0; i < wk->npc; i++)
		piece_free(&wk->pc[i]);
	free(wk->pc);
	piece_free(&wk->obj);
	free(wk->jw);
	free(wk->whole);
	free(wk->act);
	free(wk->objtext);
	memset(wk, 0, sizeof *wk);
}

/* The score of candidate t (x->whole[t] set by the whole work's pass);
 * sets x->sc[t].  0 for a task that is no candidate. */
static double exact_score(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                          uint32_t t)
{
	if (x->main.mark[t] != x->main.gen)
		return 0;
	unsigned fl = en->tflag[t];
	double best = x->whole[t], best_clause = -1;
	size_t clause = wk->from;
	for (size_t i = 0; i < wk->npc; i++) {
		double v = piece_task(en, &wk->pc[i], t, wk->gen_df, x->kwwhole[t]);
		if (v > best_clause) {
			best_clause = v;
			clause = wk->pc[i].clause;
		}
	}
	/* one clause may carry the work; the whole sentence breaks ties */
	if (best_clause >= 0 && 0.8 * best_clause + 0.2 * best > best)
		best = 0.8 * best_clause + 0.2 * best;
	if (wk->obj.nb) {
		/* the object breaks ties between tasks of the same action;
		 * work on an object the task never names fits it less
		 * (农机作业 is not 特种设备) */
		double oc = piece_task(en, &wk->obj, t, wk->gen_df, x->kwwhole[t]);
		best = oc > 0 ? best + 0.1 * oc : best * 0.8;
	}
	/* 配合履职 whose department's part carries the match: the town is
	 * given the department's side of the work */
	if (fl & TF_DEPT) {
		double dacc = 0;
		for (size_t i = 0; i < wk->nw; i++) {
			uint32_t j = wk->jw[i];
			if (j == UINT32_MAX || en->dk_off[j] == en->dk_off[j + 1])
				continue;
			/* the tasks whose department part has j, ascending */
			uint32_t lo = en->dk_off[j], hi = en->dk_off[j + 1], end = hi;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (en->dk_task[mid] < t)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < end && en->dk_task[lo] == t)
				dacc += en->wt[j];
		}
		if ((wk->all_w > 0 ? dacc / wk->all_w : 0) * 2 > best)
			best *= 0.5;
	}
	if (best > 1)
		best = 1;
	x->sc[t].score = best * wk->factor[fl & ((1u << (2 * NCLASSES)) - 1)];
	x->sc[t].clause = clause;
	return x->sc[t].score;
}

#define UB_BUCKETS 64
/* added to an upper bound: more than the rounding of its sums can differ
 * from the exact score's (about 1e-15) */
#define UB_SLACK 1e-9

/* Scores the tasks against the sentence's work clauses [from, ncl) and
 * finds the best task overall (*best) and the best on a list of one of
 * the towns wb (*best_on), SIZE_MAX when there is none: ties go to the
 * lower task, as a walk over all tasks would find.  Only the candidates
 * (the tasks sharing a non-generic bigram, an action class or a keyword
 * with the work; any other scores 0) are looked at, and of them only
 * those whose upper bound can still beat the best found so far get an
 * exact score: the bound takes the whole work's coverage, which the
 * pass over the postings gives every candidate, and bounds a clause's
 * and the object's coverage by the task's hits in the whole work over
 * the piece's weight (a clause's bigrams are the whole work's).  The
 * tasks scored are in x->main.list (all candidates: x->sc is zero for
 * those not scored). */
static bool score_tasks(const struct screen_engine *en, const struct sentence *s, size_t from,
                        size_t work_at, const bool *keep, const uint64_t *wb, struct scratch *x,
                        struct work *wk, size_t *best_out, size_t *best_on_out)
{
	*best_out = *best_on_out = SIZE_MAX;
	memset(wk, 0, sizeof *wk);
	wk->from = from;
	/* the whole work, clauses joined by '|' */
	size_t len = 1;
	for (size_t i = from; i < s->ncl; i++)
		if (keep[i])
			len += strlen(s->norm[i]) + 1;
	wk->whole = malloc(len);
	wk->act = malloc(len);
	wk->pc = calloc(s->ncl + 1, sizeof *wk->pc);
	if (!wk->whole || !wk->act || !wk->pc)
		return false;
	char *p = wk->whole, *q = wk->act;
	for (size_t i = from; i < s->ncl; i++)
		if (keep[i]) {
			const char *c = s->norm[i] + (i == from ? work_at : 0);
			size_t l = strlen(c);
			memcpy(p, c, l);
			p += l;
			*p++ = '|';
			if (!trigger(c)) {
				memcpy(q, c, l);
				q += l;
				*q++ = '|';
			}
		}
	*p = 0;
	*q = 0;
	size_t nw = 0;
	uint64_t *bw = bigrams(wk->whole, &nw);
	wk->objtext = objects(wk->act);
	if (!bw || !wk->objtext || !piece_make(en, &wk->obj, wk->objtext, 0)) {
		free(bw);
		return false;
	}
	wk->nw = nw;
	wk->jw = malloc((nw + 1) * sizeof *wk->jw);
	if (!wk->jw) {
		free(bw);
		return false;
	}
	for (size_t i = 0; i < nw; i++) {
		size_t j = df_find(en, bw[i]);
		wk->jw[i] = j == SIZE_MAX ? UINT32_MAX : (uint32_t)j;
	}
	wk->gen_df = work_gen_df(en, bw, nw);
	work_classes(wk->act, wk->in_work);
	for (unsigned f = 0; f < 1u << (2 * NCLASSES); f++)
		wk->factor[f] = action_flags_factor(wk->in_work, f);
	/* the clauses that count: two bigrams or more, not all generic */
	double min_all = 0;
	for (size_t i = from; i < s->ncl; i++) {
		if (!keep[i] || trigger(s->norm[i]))
			continue;
		struct piece *pc = &wk->pc[wk->npc];
		if (!piece_make(en, pc, s->norm[i] + (i == from ? work_at : 0), i)) {
			wk->npc++;
			free(bw);
			return false;
		}
		if (pc->nb < 2 || generic_clause(en, pc->bg, pc->nb, wk->gen_df)) {
			piece_free(pc);
			continue;
		}
		if (!wk->npc || pc->all < min_all)
			min_all = pc->all;
		wk->npc++;
	}
	struct cands *cs = &x->main;
	cs->gen++;
	cs->n = 0;
	wk->all_w = piece_hits(en, x, cs, bw, nw, wk->whole, wk->gen_df);
	free(bw);
	if (wk->all_w < 0)
		return false;
	cands_sort(cs);
	/* the bounds, by bucket */
	uint32_t count[UB_BUCKETS + 2] = {0};
	double *ub = x->clause; /* the per-task array holds the bound here */
	for (size_t k = 0; k < cs->n; k++) {
		uint32_t t = cs->list[k];
		double wv = piece_value(x, t, wk->all_w);
		double kw = x->kwmark[t] == x->kwgen ? KEYWORD_BONUS : 0;
		x->kwwhole[t] = kw > 0;
		double b = wv;
		if (wk->npc) {
			double cb = min_all > 0 ? x->acc[t] / min_all + kw : 1;
			if (cb > 1)
				cb = 1;
			if (0.8 * cb + 0.2 * wv > b)
				b = 0.8 * cb + 0.2 * wv;
		}
		if (wk->obj.nb) {
			double ob = wk->obj.all > 0 ? x->acc[t] / wk->obj.all + kw : 0;
			b += 0.1 * (ob > 1 ? 1 : ob);
		}
		if (b > 1)
			b = 1;
		b = b * wk->factor[en->tflag[t] & ((1u << (2 * NCLASSES)) - 1)] + UB_SLACK;
		x->whole[t] = wv;
		x->acc[t] = 0;
		ub[t] = b;
		size_t bk = (size_t)(b * UB_BUCKETS);
		count[(bk > UB_BUCKETS ? UB_BUCKETS : bk) + 1]++;
	}
	for (size_t bk = 0; bk <= UB_BUCKETS; bk++)
		count[bk + 1] += count[bk];
	uint32_t *order = x->order;
	for (size_t k = 0; k < cs->n; k++) {
		uint32_t t = cs->list[k];
		size_t bk = (size_t)(ub[t] * UB_BUCKETS);
		order[count[bk > UB_BUCKETS ? UB_BUCKETS : bk]++] = t;
	}
	/* from the highest bucket down: count[bk] is now the end of bucket bk */
	size_t best = SIZE_MAX, best_on = SIZE_MAX, tw = en->town_words;
	double bs = -1, bos = -1;
	for (size_t bk = UB_BUCKETS + 1; bk-- > 0;) {
		size_t lo = bk ? count[bk - 1] : 0, hi = count[bk];
		double top = (double)(bk + 1) / UB_BUCKETS + UB_SLACK;
		double need_on = bos > FIT ? bos : FIT;
		if (bs - 0.10 > need_on)
			need_on = bs - 0.10;
		if (best != SIZE_MAX && top < bs && top < need_on)
			break;
		for (size_t k = lo; k < hi; k++) {
			uint32_t t = order[k];
			bool listed = false;
			for (size_t i = 0; i < tw && !listed; i++)
				listed = (wb[i] & en->town_bits[(size_t)t * tw + i]) != 0;
			/* worth a score when it may still become the best (a
			 * higher score, or the same and a lower index), or the best
			 * on the towns' lists that the verdict can take (FIT, and
			 * within 0.10 of the best); a bound is at most UB_SLACK
			 * above what it bounds */
			bool for_best = best == SIZE_MAX || ub[t] > bs + UB_SLACK / 2 ||
			                (ub[t] >= bs && t < best);
			bool for_on = listed && ub[t] >= FIT && ub[t] >= bs - 0.10 &&
			              (best_on == SIZE_MAX || ub[t] > bos + UB_SLACK / 2 ||
			               (ub[t] >= bos && t < best_on));
			if (!for_best && !for_on)
				continue;
			double v = exact_score(en, x, wk, t);
			if (best == SIZE_MAX || v > bs || (v == bs && t < best)) {
				best = t;
				bs = v;
			}
			if (listed && (best_on == SIZE_MAX || v > bos || (v == bos && t < best_on))) {
				best_on = t;
				bos = v;
			}
		}
	}
	for (size_t k = 0; k < cs->n; k++)
		ub[cs->list[k]] = 0;
	*best_out = best;
	*best_on_out = best_on;
	return true;
}

static void scratch_free(struct scratch *x);

/* Made for each screen_text call: the arrays read before they are written
 * (sums, generation marks, scores) zeroed, the others not (the zeroing
 * of ~300 KB per notice showed in the profile). */
static bool scratch_new(struct scratch *x, size_t ntw)
{
	memset(x, 0, sizeof *x);
	size_t n = ntw + 1;
	x->acc = malloc(n * sizeof *x->acc);
	x->kwwhole = malloc(n * sizeof *x->kwwhole);
	x->whole = malloc(n * sizeof *x->whole);
	x->clause = malloc(n * sizeof *x->clause);
	x->kwmark = calloc(n, sizeof *x->kwmark);
	x->main.mark = calloc(n, sizeof *x->main.mark);
	x->main.list = malloc(n * sizeof *x->main.list);
	x->extra.mark = calloc(n, sizeof *x->extra.mark);
	x->extra.list = malloc(n * sizeof *x->extra.list);
	x->main.bits = calloc(n / 64 + 1, sizeof *x->main.bits);
	x->extra.bits = calloc(n / 64 + 1, sizeof *x->extra.bits);
	x->sc = malloc(n * sizeof *x->sc);
	x->order = malloc(n * sizeof *x->order);
	if (x->acc && x->kwwhole && x->whole && x->clause && x->kwmark && x->main.mark &&
	    x->main.list && x->extra.mark && x->extra.list && x->main.bits && x->extra.bits &&
	    x->sc && x->order) {
		x->sc[0] = (struct scored){0, 0}; /* read when no task fits (judge) */
		return true;
	}
	scratch_free(x);
	return false;
}

static void scratch_free(struct scratch *x)
{
	free(x->acc);
	free(x->kwwhole);
	free(x->whole);
	free(x->clause);
	free(x->kwmark);
	free(x->main.mark);
	free(x->main.list);
	free(x->extra.mark);
	free(x->extra.list);
	free(x->main.bits);
	free(x->extra.bits);
	free(x->sc);
	free(x->defer);
	free(x->order);
	memset(x, 0, sizeof *x);
}

/* Sets the candidates' scores back to zero after a sentence. */
static void scores_clear(struct scratch *x)
{
	for (size_t k = 0; k < x->main.n; k++)
		x->sc[x->main.list[k]] = (struct scored){0, 0};
	x->main.n = 0;
}

static const char *const joins[] = {"同时", "还要", "另外", "此外", "并要", "也要", NULL};

/* A clause joined by 同时, 还要, 另外… may give a second piece of work
 * (…参加培训，同时做好口岸通关保障工作).  It becomes a finding of its own
 * when it fits another task on the towns' lists well by itself. */
static bool second_work(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                        const struct sentence *s, size_t from,
                        const bool *keep, const bool *which, bool named, bool carried,
                        size_t first_ix, struct screen_result *r, size_t *cap)
{
	const struct screen_catalog *c = en->c;
	const struct task_words *first = first_ix < en->ntw ? &en->tw[first_ix] : NULL;
	for (size_t i = from + 1; i < s->ncl; i++) {
		if (!keep[i] || !starts_any(s->norm[i], joins))
			continue;
		size_t nb = 0;
		uint64_t *bg = bigrams(s->norm[i], &nb);
		if (!bg)
			return false;
		size_t best = SIZE_MAX;
		double top = 0;
		if (nb >= 2) {
			/* only the tasks the clause touches can score above 0 */
			struct cands *cs = &x->extra;
			cs->gen++;
			cs->n = 0;
			double all = piece_hits(en, x, cs, bg, nb, s->norm[i], work_gen_df(en, bg, nb));
			if (all < 0) {
				free(bg);
				return false;
			}
			cands_sort(cs);
			bool in_work[NCLASSES];
			work_classes(s->norm[i], in_work);
			for (size_t k = 0; k < cs->n; k++) {
				uint32_t t = cs->list[k];
				double v = piece_value(x, t, all) * action_flags_factor(in_work, en->tflag[t]);
				x->acc[t] = 0;
				if (v > top || (v == top && v > 0 && t < best)) {
					top = v;
					best = t;
				}
			}
		}
		/* the first task covers it too: more of the same work */
		double same = first && nb >= 2 ? coverage(en, bg, nb, s->norm[i], first) : 0;
		free(bg);
		/* ...or the other task covers the first work too */
		if (best == SIZE_MAX || top < SURE || same >= 0.2 ||
		    exact_score(en, x, wk, (uint32_t)best) >= 0.2 || best == first_ix)
			continue;
		const char **towns = calloc(c->ntowns + 1, sizeof *towns);
		if (!towns)
			return false;
		struct screen_finding f = {.sentence = s->span, .evidence = s->cl[i], .towns = towns,
		                           .low_confidence = true};
		bool all = true;
		for (size_t k = 0; k < c->ntowns; k++)
			if (which[k]) {
				const struct task *lt = en->listed[best * c->ntowns + k];
				if (lt) {
					towns[f.ntowns++] = c->towns[k].code;
					f.task = lt;
				} else {
					all = false;
				}
			}
		if (!f.task || (named && !all)) {
			/* out of the list: the sentence's first finding speaks for it */
			free(towns);
			continue;
		}
		(void)carried;
		f.verdict = f.task->list_type == LIST_BASIC    ? SCREEN_BASIC
		            : f.task->list_type == LIST_ASSIST ? SCREEN_ASSIST
		                                               : SCREEN_RECLAIMED;
		f.score = floor(top * 100 + 0.5) / 100;
		if (f.evidence.length > MAX_CLAUSE_BYTES)
			f.evidence.length = 0;
		if (!add_finding(r, cap, &f)) {
			free(towns);
			return false;
		}
		r->counts[f.verdict]++;
		r->assignments++;
	}
	return true;
}

/* Screens one sentence given to towns (which[]); adds its finding. */
static bool judge(const struct screen_engine *en, struct scratch *x, const char *text,
                  const struct sentence *s, size_t from,
                  size_t work_at, const bool *keep, const bool *which, bool named, bool carried,
                  struct screen_result *r, size_t *cap)
{
	const struct screen_catalog *c = en->c;
	struct scored *sc = x->sc;
	const char **towns = calloc(c->ntowns + 1, sizeof *towns);
	/* the work before any 同时/另外 clause is the sentence's first work */
	bool *main_keep = calloc(s->ncl + 1, 1);
	bool rest = false;
	for (size_t i = 0; main_keep && i < s->ncl; i++) {
		main_keep[i] = keep[i] && !(i > from && starts_any(s->norm[i], joins));
		rest |= main_keep[i];
	}
	if (main_keep && !rest)
		memcpy(main_keep, keep, s->ncl);
	/* the best task overall, and the best on a list of one of the towns;
	 * every task but the candidates scores 0 and can be neither unless
	 * all do, when task 0 stands for them (it decides nothing then) */
	size_t best = SIZE_MAX, best_on = SIZE_MAX, tw = en->town_words;
	uint64_t *wb = calloc(tw + 1, sizeof *wb); /* which[] as bits */
	for (size_t i = 0; wb && i < c->ntowns; i++)
		if (which[i])
			wb[i / 64] |= (uint64_t)1 << (i % 64);
	struct work wk;
	memset(&wk, 0, sizeof wk);
	bool scored = main_keep && towns && wb &&
	              score_tasks(en, s, from, work_at, main_keep, wb, x, &wk, &best, &best_on);
	free(main_keep);
	free(wb);
	if (!scored) {
		work_free(&wk);
		scores_clear(x);
		free(towns);
		return false;
	}
	if ((best == SIZE_MAX || sc[best].score <= 0) && en->ntw)
		best = 0;
	struct screen_finding f = {.sentence = s->span, .verdict = SCREEN_OUT_OF_LIST};
	size_t chosen = SIZE_MAX;
	if (best_on != SIZE_MAX && sc[best_on].score >= FIT &&
	    sc[best_on].score >= sc[best].score - 0.10)
		chosen = best_on;
	size_t ev = from;
	double score = best != SIZE_MAX ? sc[best].score : 0;
	if (chosen != SIZE_MAX) {
		score = sc[chosen].score;
		ev = sc[chosen].clause;
		bool all = true;
		const struct task *listed = NULL;
		for (size_t i = 0; i < c->ntowns; i++) {
			if (!which[i])
				continue;
			const struct task *lt = en->listed[chosen * c->ntowns + i];
			if (lt && !listed)
				listed = lt;
			if (!lt)
				all = false;
		}
		if (named && !all) {
			/* 一镇一单: a named town without the task on its list */
			f.unlisted = en->tw[chosen].t;
			for (size_t i = 0; i < c->ntowns; i++)
				if (which[i] && !en->listed[chosen * c->ntowns + i])
					towns[f.ntowns++] = c->towns[i].code;
		} else {
			for (size_t i = 0; i < c->ntowns; i++)
				if (which[i] && en->listed[chosen * c->ntowns + i])
					towns[f.ntowns++] = c->towns[i].code;
			f.task = listed;
			f.verdict = listed->list_type == LIST_BASIC    ? SCREEN_BASIC
			            : listed->list_type == LIST_ASSIST ? SCREEN_ASSIST
			                                               : SCREEN_RECLAIMED;
		}
	} else {
		if (best != SIZE_MAX && sc[best].score >= FIT) {
			ev = sc[best].clause;
			f.unlisted = en->tw[best].t;
		}
		for (size_t i = 0; i < c->ntowns; i++)
			if (which[i])
				towns[f.ntowns++] = c->towns[i].code;
	}
	f.towns = towns;
	f.score = floor(score * 100 + 0.5) / 100;
	/* a fit is sure from SURE on; "nothing fits" is unsure when a task came close */
	bool fit = chosen != SIZE_MAX || (best != SIZE_MAX && sc[best].score >= FIT);
	f.low_confidence = carried || (fit ? score < SURE : score > FIT - 0.12);
	f.evidence = s->cl[ev];
	if (f.evidence.length > MAX_CLAUSE_BYTES) {
		/* a clause without end: its beginning, cut at a character */
		const unsigned char *t = (const unsigned char *)text;
		size_t l = MAX_CLAUSE_BYTES;
		while (l && (t[f.evidence.offset + l] & 0xC0) == 0x80)
			l--;
		f.evidence.length = l;
	}
	if (!add_finding(r, cap, &f)) {
		work_free(&wk);
		scores_clear(x);
		free(towns);
		return false;
	}
	r->counts[f.verdict]++;
	bool ok = second_work(en, x, &wk, s, from, keep, which, named, carried,
	                      f.task ? chosen : SIZE_MAX, r, cap);
	work_free(&wk);
	scores_clear(x);
	return ok;
}

bool screen_is_assignment(const struct screen_engine *en, const char *sentence, bool *which)
{
	lists_init();
	size_t len = strlen(sentence);
	struct screen_span span = {0, len};
	struct sentence s;
	memset(&s, 0, sizeof s);
	if (!sentence_load(sentence, span, &s)) {
		sentence_free(&s);
		return false;
	}
	struct town_names tn;
	town_names_make(&tn, en->c);
	size_t n = en->c->ntowns;
	bool *addressed = malloc(n + 1);
	bool ok = false;
	if (addressed) {
		memset(addressed, 1, n + 1);
		size_t from = 0, at = 0;
		enum subject sub = find_subject(en, &tn, &s, addressed, which, &from, &at);
		if (sub == SUBJECT_TOWNS || sub == SUBJECT_NAMED) {
			sentence_complete(&s);
			for (size_t i = from; i < s.ncl && !ok; i++)
				ok = s.norm[i] && !no_work(s.norm[i] + (i == from ? at : 0)) &&
				     *(s.norm[i] + (i == from ? at : 0));
		}
	}
	free(addressed);
	sentence_free(&s);
	return ok;
}

bool screen_text(const struct screen_engine *en, const char *only_town, const char *text,
                 size_t len, struct screen_result *out)
{
	memset(out, 0, sizeof *out);
	lists_init();
	const struct screen_catalog *c = en->c;
	size_t cap = 0, nt = c->ntowns;
	struct screen_span *sent = NULL;
	size_t ns = screen_sentences(text, len, &sent);
	bool *addressed = calloc(nt + 1, 1), *which = calloc(nt + 1, 1), *prev = calloc(nt + 1, 1);
	bool *keep = calloc(MAX_CLAUSES + 1, 1); /* the clauses of a sentence that are work */
	struct sentence s;
	memset(&s, 0, sizeof s);
	struct town_names tn;
	town_names_make(&tn, c);
	struct scratch x;
	bool ok = addressed && which && prev && scratch_new(&x, en->ntw);
	bool have_prev = false, prev_named = false, addressee_seen = false;
	for (size_t i = 0; i < nt && ok; i++)
		addressed[i] = !only_town || strcmp(c->towns[i].code, only_town) == 0;
	out->sentences = ns;
	ok = ok && keep;
	for (size_t si = 0; si < ns && ok; si++) {
		if (!sentence_load(text, sent[si], &s)) {
			ok = false;
			break;
		}
		const char *first = sentence_clause(&s, 0) ? s.norm[0] : NULL;
		/* the addressee line: 三岔口镇人民政府、道河镇人民政府: */
		/* (normalised only where an addressee line may be) */
		char *whole = addressee_seen || si >= 8 || !may_be_addressee(text, s.span)
		                  ? NULL
		                  : screen_normalize(text + s.span.offset, s.span.length);
		if (whole && addressee_line(whole)) {
			addressee_seen = true;
			/* the towns it names (which[] is free between sentences) */
			bool any = false;
			for (size_t i = 0; i < nt; i++) {
				which[i] = strstr(whole, c->towns[i].name) &&
				           (!only_town || strcmp(c->towns[i].code, only_town) == 0);
				any |= which[i];
			}
			if (any && !strstr(whole, "各镇") && !strstr(whole, "各乡镇"))
				memcpy(addressed, which, nt);
			free(whole);
			have_prev = false;
			continue;
		}
		free(whole);
		size_t from = 0, at = 0;
		enum subject sub = first ? find_subject(en, &tn, &s, addressed, which, &from, &at)
		                         : SUBJECT_NONE;
		bool carried = false;
		if (sub == SUBJECT_NONE && have_prev && first && full_stop(text, s.span)) {
			const char *p = skip_enum(first);
			if (ws_starts(&ws_carry, p)) {
				memcpy(which, prev, nt);
				sub = prev_named ? SUBJECT_NAMED : SUBJECT_TOWNS;
				carried = true;
				from = 0;
				at = (size_t)(p - first);
				at += ws_starts(&ws_modals, first + at);
			}
		}
		if (only_town)
			for (size_t i = 0; i < nt; i++)
				which[i] = which[i] && strcmp(c->towns[i].code, only_town) == 0;
		if (sub == SUBJECT_DEPARTMENT) {
			have_prev = false;
		} else if (sub == SUBJECT_TOWNS || sub == SUBJECT_NAMED) {
			sentence_complete(&s);
			bool any = false, anytown = false;
			for (size_t i = 0; i < nt && !anytown; i++)
				anytown = which[i];
			memset(keep, 0, MAX_CLAUSES + 1);
			for (size_t i = from; i < s.ncl; i++) {
				const char *cl = s.norm[i] ? s.norm[i] + (i == from ? at : 0) : NULL;
				keep[i] = cl && *cl && !no_work(cl);
				any |= keep[i];
			}
			if (any && anytown) {
				out->assignments++;
				ok = judge(en, &x, text, &s, from, at, keep, which, sub == SUBJECT_NAMED, carried,
				           out, &cap);
			}
			if (!carried) {
				memcpy(prev, which, nt);
				prev_named = sub == SUBJECT_NAMED;
				have_prev = true;
			}
		} else if (first) {
			/* a heading (no full stop) ends what a subject carries over */
			if (!full_stop(text, s.span))
				have_prev = false;
		}
	}
	sentence_free(&s);
	free(sent);
	if (addressed && which && prev)
		scratch_free(&x);
	free(addressed);
	free(which);
	free(prev);
	free(keep);
	if (!ok)
		screen_result_free(out);
	return ok;
}

void screen_result_free(struct screen_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		free(r->findings[i].towns);
	free(r->findings);
	memset(r, 0, sizeof *r);
}

