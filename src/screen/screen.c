/* screen.c - the document-screening engine: sentences, assignments to
 * towns, and the match of the assigned work against the towns' lists.
 * See screen.h and docs/screening.md. */
#include "screen.h"

#include <assert.h>
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
/* A bigram this common has its tasks as a bit set too (task_has_j in
 * one load): at most GENERIC_MIN_DF, so that every generic bigram has one. */
#define BITS_MIN_DF 32

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
/* the first characters of class_keys, as a bitmap of the BMP */
static uint64_t class_first_bits[0x10000 / 64];
/* each class's longer terms (年度检查, 登记审查…) with the key of their
 * first two characters, for piece_classes */
#define MAX_LONG_TERMS 8
static const char *long_terms[NCLASSES][MAX_LONG_TERMS];
static uint64_t long_keys[NCLASSES][MAX_LONG_TERMS];
static size_t nlong_terms[NCLASSES];

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

/* True when the ascending v[0..n) holds k. */
static bool has_u64(const uint64_t *v, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == k;
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

/* The three tables above in one byte per character of the BMP, for
 * content_key (called for every character of every piece of work). */
enum { CC_WORD = 1, CC_FUNCTION = 2, CC_STOP_FIRST = 4 };
static uint8_t char_class[0x10000];

/* The key of the content bigram (prev, cp), or 0 when it is none (a
 * character that is no word character or a function character, or a
 * stop bigram).  No content bigram has key 0: its first character would
 * be U+0000. */
static inline uint64_t content_key(int32_t prev, int32_t cp)
{
	if ((uint32_t)prev < 0x10000 && (uint32_t)cp < 0x10000) {
		unsigned a = char_class[prev], b = char_class[cp];
		if (!(a & b & CC_WORD) || ((a | b) & CC_FUNCTION))
			return 0;
		uint64_t k = key(prev, cp);
		return !(a & CC_STOP_FIRST) || !has_u64(stop_keys, nstop_keys, k) ? k : 0;
	}
	if (!is_word_char(prev) || !is_word_char(cp) || is_function(prev) || is_function(cp))
		return 0;
	uint64_t k = key(prev, cp);
	if (prev < 0x10000 && !(stop_first_bits[prev >> 6] >> (prev & 63) & 1))
		return k;
	return has_u64(stop_keys, nstop_keys, k) ? 0 : k;
}

/* The content bigrams of a normalised text s (len bytes), sorted and
 * unique, into v (room for len + 1); returns their count. */
static size_t bigrams_into(const char *s, size_t len, uint64_t *v)
{
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
	return u;
}

/* The content bigrams of a normalised text, sorted and unique (malloc'd;
 * NULL when out of memory). */
static uint64_t *bigrams(const char *s, size_t *n)
{
	size_t len = strlen(s);
	uint64_t *v = malloc((len + 1) * sizeof *v);
	if (!v)
		return NULL;
	*n = bigrams_into(s, len, v);
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
			if (m == 2) { /* the two-character verbs only: 处罚, 许可 */
				class_keys[c][nclass_keys[c]++] = key(cp[0], cp[1]);
				if (cp[0] >= 0 && cp[0] < 0x10000)
					class_first_bits[cp[0] >> 6] |= (uint64_t)1 << (cp[0] & 63);
			} else if (m > 2 && nlong_terms[c] < MAX_LONG_TERMS) {
				long_terms[c][nlong_terms[c]] = *t;
				long_keys[c][nlong_terms[c]++] = key(cp[0], cp[1]);
			} else if (m > 2) {
				free(cp);
				free(f);
				return false; /* a class with more long terms than the table holds */
			}
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
	for (int32_t cp = 0; cp < 0x10000; cp++)
		char_class[cp] = (uint8_t)((word_bits[cp >> 6] >> (cp & 63) & 1 ? CC_WORD : 0) |
		                           (function_bits[cp >> 6] >> (cp & 63) & 1 ? CC_FUNCTION : 0) |
		                           (stop_first_bits[cp >> 6] >> (cp & 63) & 1 ? CC_STOP_FIRST : 0));
	/* piece_classes finds a class's terms by their first bigram: each
	 * must be a content bigram (no grammar or stop characters) */
	for (size_t c = 0; c < NCLASSES; c++) {
		for (size_t q = 0; q < nclass_keys[c]; q++)
			if (!content_key((int32_t)(class_keys[c][q] >> 32), (int32_t)(uint32_t)class_keys[c][q]))
				return false;
		for (size_t q = 0; q < nlong_terms[c]; q++)
			if (!content_key((int32_t)(long_keys[c][q] >> 32), (int32_t)(uint32_t)long_keys[c][q]))
				return false;
	}
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
	uint64_t *kw_key; /* each keyword's anchor (its rarest bigram), 0: none */
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
	const char *text; /* the keyword */
	bool same; /* the same keyword as the anchor before it (index_build) */
};

/* Orders the anchors of one bigram by keyword (then task), so that a
 * keyword many tasks share is looked for once. */
static int cmp_anchor(const void *a, const void *b)
{
	const struct kw_anchor *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	if (c)
		return c;
	return x->task != y->task ? (x->task < y->task ? -1 : 1) : (x->kw > y->kw) - (x->kw < y->kw);
}

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
	uint64_t *cls_bits[NCLASSES]; /* the same as bit sets (bit_words words) */
	uint32_t cls_flags[NCLASSES]; /* the tflag values found among them, as bits */
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
	/* the tasks of the bigrams with df >= BITS_MIN_DF as bit sets: bigram
	 * j's is bits[bit_ix[j] * bit_words ..], bit_ix[j] UINT32_MAX for others */
	uint32_t *bit_ix;
	uint64_t *bits;
	size_t bit_words;
	uint8_t *tflag;  /* tw[t].flags in an array of its own: scoring reads it for
	                  * every candidate, and tw[] is too large for the cache */
	struct scratch_pool *pool; /* scratches kept between screen_text calls */
	bool exhaustive; /* screen_engine_set_exhaustive */
};

/* A few scratches of earlier screen_text calls, for the next: making one
 * zeroes its mark arrays (80 KB for 5,000 tasks), which cost a tenth of
 * the screening of a notice. */
#define POOL_MAX 4
struct scratch_pool {
	pthread_mutex_t lock;
	struct scratch *v[POOL_MAX];
	size_t n;
};

struct scored;
#define MEMO_SLOTS 256 /* a power of two */

/* A set of tasks: mark[t] == gen for those in list[0..n); `bits` is
 * cands_sort's (zero outside it). */
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
	double *bound;    /* score_tasks: the candidate's upper bound */
	uint64_t *mask;   /* the whole work's bigrams the candidate has (piece_acc) */
	uint32_t *ready;  /* == main.gen: acc, mask and whole set (cand_bound) */
	/* the whole work's rare bigrams (no bit set) a task has, valid where
	 * prestamp[t] == pregen: see work_planes */
	uint64_t *premask;
	uint32_t *prestamp, pregen;
	uint64_t *ubits; /* the tasks with a bigram of the whole work (work_union) */
	bool ubuilt;
	uint32_t *kwmark; /* == kwgen: a keyword of the task is in the piece */
	uint32_t kwgen;
	struct cands main, extra; /* the sentence's; a 同时 clause's */
	uint32_t *order; /* score_tasks: the candidates by bound */
	struct scored *sc; /* the scores exact_score gave; zero outside a sentence */
	struct walk_item *walk; /* walk_items' (cwalk of them) */
	size_t cwalk;
	/* exact_score's scores by what decides them (see there), for one work
	 * (MEMO_SLOTS of them) */
	struct memo {
		uint64_t mask;
		uint32_t gen;
		uint8_t flags;
		double score;
		size_t clause;
	} *memo;
	uint32_t memogen;
	size_t nmemo;
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
	if (en->bit_ix && en->bit_ix[j] != UINT32_MAX) {
		const uint64_t *b = en->bits + (size_t)en->bit_ix[j] * en->bit_words;
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
		en->cls_bits[c] = calloc(ntw / 64 + 1, sizeof **en->cls_bits);
		if (!en->cls_bits[c])
			return false;
		for (size_t k = 0; k < en->ncls_task[c]; k++) {
			uint32_t t = en->cls_task[c][k];
			en->cls_bits[c][t / 64] |= (uint64_t)1 << (t % 64);
			en->cls_flags[c] |= 1u << en->tflag[t];
		}
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
				en->tw[t].kw_key[k] = best;
			if (nb && best_df > 0 && best_df != UINT32_MAX)
				en->anchors[en->nanchors++] =
					(struct kw_anchor){best, (uint32_t)t, (uint32_t)k, en->tw[t].kw[k], false};
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
	for (size_t j = 0; j < en->ndf; j++) {
		struct kw_anchor *g = en->anchors + en->an_off[j];
		size_t n = en->an_off[j + 1] - en->an_off[j];
		if (n > 1)
			qsort(g, n, sizeof *g, cmp_anchor);
		for (size_t a = 1; a < n; a++)
			g[a].same = strcmp(g[a - 1].text, g[a].text) == 0;
	}
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
	/* the common bigrams' bit sets */
	size_t ng = 0;
	en->bit_ix = malloc((en->ndf + 1) * sizeof *en->bit_ix);
	if (!en->bit_ix)
		return false;
	assert(BITS_MIN_DF <= en->gen_df);
	for (size_t j = 0; j < en->ndf; j++)
		en->bit_ix[j] = en->df[j] >= BITS_MIN_DF ? (uint32_t)ng++ : UINT32_MAX;
	en->bit_words = ntw / 64 + 1;
	en->bits = calloc(ng * en->bit_words + 1, sizeof *en->bits);
	if (!en->bits)
		return false;
	for (size_t j = 0; j < en->ndf; j++)
		if (en->bit_ix[j] != UINT32_MAX) {
			uint64_t *b = en->bits + (size_t)en->bit_ix[j] * en->bit_words;
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
		w->kw_key = calloc(t->nkeywords + 1, sizeof *w->kw_key);
		bool ok = nf[0] && nf[1] && nf[2] && nf[3] && w->kw && w->kw_key;
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
	en->pool = calloc(1, sizeof *en->pool);
	if (!en->pool || pthread_mutex_init(&en->pool->lock, NULL) != 0) {
		free(en->pool);
		en->pool = NULL;
		goto fail;
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

static void scratch_free(struct scratch *x);

void screen_engine_set_exhaustive(struct screen_engine *en, bool on)
{
	en->exhaustive = on;
}

void screen_engine_free(struct screen_engine *en)
{
	if (!en)
		return;
	if (en->pool) {
		for (size_t i = 0; i < en->pool->n; i++) {
			scratch_free(en->pool->v[i]);
			free(en->pool->v[i]);
		}
		pthread_mutex_destroy(&en->pool->lock);
		free(en->pool);
	}
	for (size_t i = 0; i < en->ntw; i++) {
		free(en->tw[i].bid);
		free(en->tw[i].dept);
		if (en->tw[i].kw)
			for (size_t k = 0; k < en->tw[i].nkw; k++)
				free(en->tw[i].kw[k]);
		free(en->tw[i].kw);
		free(en->tw[i].kw_key);
	}
	free(en->tw);
	free(en->wt);
	free(en->post_off);
	free(en->post_task);
	free(en->dk_off);
	free(en->dk_task);
	for (size_t c = 0; c < NCLASSES; c++) {
		free(en->cls_task[c]);
		free(en->cls_bits[c]);
	}
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
	free(en->bit_ix);
	free(en->bits);
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
	uint32_t first = (uint32_t)(b >> 32);
	if (first < 0x10000 && !(class_first_bits[first >> 6] >> (first & 63) & 1))
		return 0; /* no class word starts with its first character */
	unsigned m = 0;
	for (size_t c = 0; c < NCLASSES; c++)
		if (class_bigram(c, b))
			m |= 1u << c;
	return m;
}

/* Makes t a candidate of cs. */
static inline void add_cand(struct cands *cs, uint32_t t)
{
	cs->mark[t] = cs->gen;
	cs->list[cs->n++] = t;
}

/* Sets x->kwmark (after x->kwgen++) for the tasks with a keyword in text
 * (its bigrams' df_keys positions jid, UINT32_MAX: none) and makes them
 * candidates, even when the keyword is made of generic bigrams.  A
 * keyword is looked for only when its anchor (its rarest bigram) is in
 * the text, and once for all the tasks that share it. */
static void keyword_cands(const struct screen_engine *en, struct scratch *x, struct cands *cs,
                          const uint32_t *jid, size_t nbg, const char *text)
{
	for (size_t i = 0; i < nbg; i++) {
		uint32_t j = jid[i];
		bool found = false;
		for (uint32_t lo = j == UINT32_MAX ? 0 : en->an_off[j];
		     j != UINT32_MAX && lo < en->an_off[j + 1]; lo++) {
			const struct kw_anchor *a = &en->anchors[lo];
			if (!a->same)
				found = strstr(text, a->text) != NULL;
			if (found && x->kwmark[a->task] != x->kwgen) {
				x->kwmark[a->task] = x->kwgen;
				if (cs->mark[a->task] != cs->gen)
					add_cand(cs, a->task);
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
			add_cand(cs, t);
	}
}

/* Sorts cs->list[from..] ascending: in place when they are few, else
 * through cs->bits (zero outside this function), as a walk over the
 * tasks' bits is cheaper than sorting thousands. */
static void cands_sort(struct cands *cs, size_t from)
{
	if (cs->n - from <= 32) {
		uint32_t *v = cs->list + from;
		for (size_t i = 0; i < cs->n - from; i++) {
			uint32_t k = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1] > k; j--)
				v[j] = v[j - 1];
			v[j] = k;
		}
		return;
	}
	size_t n = from, words = 0;
	for (size_t k = from; k < cs->n; k++) {
		uint32_t t = cs->list[k];
		cs->bits[t / 64] |= (uint64_t)1 << (t % 64);
		if (t / 64 + 1 > words)
			words = t / 64 + 1;
	}
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

/* A piece of the work (the whole work, a clause or the objects): its
 * bigrams (sorted), their positions in df_keys (UINT32_MAX: none) and
 * classes, its text and its total weight (summed in bigram order). */
struct piece {
	uint64_t *bg;
	uint32_t *jid;
	uint8_t *cls; /* classes_of() of each bigram */
	size_t nb;
	const char *text;
	double all;
	size_t clause;
	/* score_tasks: bigram i is bigram at[i] of the whole work (whose
	 * mask then tells whether a task has it), when both have <= 64 */
	uint8_t at[64];
	bool has_at;
};

/* The df from which a bigram is generic in this piece of work: en->gen_df
 * when the work has a bigram some task has that is not generic (then
 * tasks are found through what the work names specifically, and a task
 * sharing only generic bigrams with it does not fit it), otherwise no
 * bigram is generic (UINT_MAX). */
static unsigned work_gen_df(const struct screen_engine *en, const struct piece *p)
{
	for (size_t i = 0; i < p->nb; i++)
		if (p->jid[i] != UINT32_MAX && en->df[p->jid[i]] < en->gen_df)
			return en->gen_df;
	return UINT_MAX;
}

/* True when every bigram of a clause is generic (建立工作台账): such a
 * clause names no duty of its own and cannot carry the work alone. */
static bool generic_clause(const struct screen_engine *en, const struct piece *p, unsigned gen_df)
{
	if (gen_df == UINT_MAX)
		return false;
	for (size_t i = 0; i < p->nb; i++)
		if (p->jid[i] == UINT32_MAX || en->df[p->jid[i]] < gen_df)
			return false;
	return true;
}


/* Sets p->at from the whole work's bigrams w (both ascending; a piece's
 * text is part of the whole work's, so its bigrams are among w's: if one
 * were not, p->has_at stays false and the tasks' bigrams are looked up). */
static void piece_at(struct piece *p, const struct piece *w)
{
	p->has_at = p->nb <= 64 && w->nb <= 64;
	for (size_t i = 0, k = 0; p->has_at && i < p->nb; i++) {
		while (k < w->nb && w->bg[k] < p->bg[i])
			k++;
		p->has_at = k < w->nb && w->bg[k] == p->bg[i];
		p->at[i] = (uint8_t)k;
	}
}

/* Makes piece p of text (clause: its clause's index) with room for n
 * bigrams, none yet.  One block holds the bigrams, their positions and
 * their classes. */
static bool piece_alloc(struct piece *p, const char *text, size_t clause, size_t n)
{
	memset(p, 0, sizeof *p);
	p->text = text;
	p->clause = clause;
	p->bg = malloc((n + 1) * (sizeof *p->bg + sizeof *p->jid + sizeof *p->cls));
	if (!p->bg)
		return false;
	p->jid = (uint32_t *)(p->bg + n + 1);
	p->cls = (uint8_t *)(p->jid + n + 1);
	return true;
}

/* Sets the positions, classes and weight of piece p's bigrams.  whole:
 * the whole work's piece when p's text is part of its text (see
 * piece_at; the positions and classes are then taken from it), or NULL. */
static void piece_index(const struct screen_engine *en, struct piece *p, const struct piece *whole)
{
	if (whole)
		piece_at(p, whole);
	for (size_t i = 0; i < p->nb; i++) {
		if (p->has_at) {
			p->cls[i] = whole->cls[p->at[i]];
			p->jid[i] = whole->jid[p->at[i]];
		} else {
			p->cls[i] = (uint8_t)classes_of(p->bg[i]);
			size_t j = df_find(en, p->bg[i]);
			p->jid[i] = j == SIZE_MAX ? UINT32_MAX : (uint32_t)j;
		}
		p->all += p->jid[i] == UINT32_MAX ? en->wt_none : en->wt[p->jid[i]];
	}
}

/* Makes piece p of text (see piece_alloc, piece_index). */
static bool piece_make(const struct screen_engine *en, struct piece *p, const char *text,
                       size_t clause, const struct piece *whole)
{
	size_t len = strlen(text);
	if (!piece_alloc(p, text, clause, len))
		return false;
	p->nb = bigrams_into(text, len, p->bg);
	piece_index(en, p, whole);
	return true;
}

static void piece_free(struct piece *p)
{
	free(p->bg); /* and jid, cls: one block */
	memset(p, 0, sizeof *p);
}

/* Adds to in_work the classes piece p's text names: work_classes() of the
 * text, from its bigrams' classes (the two-character terms are bigrams,
 * none of grammar or stop characters) and, for a longer term, a search
 * where its first two characters are. */
static void piece_classes(const struct piece *p, bool *in_work)
{
	unsigned m = 0;
	for (size_t i = 0; i < p->nb; i++)
		m |= p->cls[i];
	for (size_t c = 0; c < NCLASSES; c++) {
		in_work[c] |= (m >> c & 1) != 0;
		for (size_t k = 0; k < nlong_terms[c] && !in_work[c]; k++)
			in_work[c] = has_u64(p->bg, p->nb, long_keys[c][k]) &&
			             strstr(p->text, long_terms[c][k]);
	}
}

/* Makes candidates of the tasks that have bigram j (a df_keys position). */
static void posting_cands(const struct screen_engine *en, struct cands *cs, uint32_t j)
{
	for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++) {
		uint32_t t = en->post_task[p];
		if (cs->mark[t] != cs->gen)
			add_cand(cs, t);
	}
}

/* The weight of piece p that task t has: a bigram the task has, else
 * half for an action of its class, in bigram order, the generic bigrams
 * last.  This order defines the sum: every other way of taking it
 * (whole_acc) adds the same terms in the same order, so that equal
 * tasks score equal to the bit.  wmask (when not NULL and p->has_at):
 * the whole work's bigrams t has, read instead of its postings.  *mask
 * (when not NULL): bit i set when t has the piece's bigram i (the first
 * 64). */
static double piece_acc(const struct screen_engine *en, const struct piece *p, uint32_t t,
                        unsigned gen_df, const uint64_t *wmask, uint64_t *mask)
{
	unsigned fl = en->tflag[t];
	double acc = 0;
	uint64_t m = 0;
	bool at = wmask && p->has_at;
	for (size_t i = 0; i < p->nb; i++) {
		uint32_t j = p->jid[i];
		double w = j == UINT32_MAX ? en->wt_none : en->wt[j];
		bool gen = j != UINT32_MAX && en->df[j] >= gen_df; /* its weight: below */
		bool has = j != UINT32_MAX &&
		           (at ? (*wmask >> p->at[i] & 1) != 0 : task_has_j(en, t, j));
		if (has) {
			if (i < 64)
				m |= (uint64_t)1 << i;
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
		if (j != UINT32_MAX && en->df[j] >= gen_df &&
		    (i < 64 ? m >> i & 1 : task_has_j(en, t, j)))
			acc += en->wt[j];
	}
	if (mask)
		*mask = m;
	return acc;
}

/* piece_value() of task t for piece p, computed for t alone (the same to
 * the bit). */
static double piece_task(const struct screen_engine *en, const struct piece *p, uint32_t t,
                         unsigned gen_df, const uint64_t *wmask, bool kw_in_whole)
{
	if (p->all <= 0)
		return 0;
	double v = piece_acc(en, p, t, gen_df, wmask, NULL) / p->all;
	/* a keyword in the piece is in the whole work; it is looked for only
	 * where its anchor is */
	const struct task_words *w = &en->tw[t];
	for (size_t k = 0; kw_in_whole && k < w->nkw; k++)
		if ((!w->kw_key[k] || has_u64(p->bg, p->nb, w->kw_key[k])) &&
		    strstr(p->text, w->kw[k])) {
			v += KEYWORD_BONUS;
			break;
		}
	return v > 1 ? 1 : v;
}

/* The work of the sentence being judged, kept for exact_score. */
struct work {
	struct piece wp;  /* the whole work: its clauses joined by '|' (text: whole) */
	/* wp.nb <= 64 (see work_planes): the bit sets of the bigrams of wp
	 * that have one (bigram pidx[k]'s is plane[k]; the others' tasks are
	 * in x->premask), the weight of each bigram, and which bigrams are
	 * generic (gen) and in the index but not generic (plain) */
	const uint64_t *plane[64];
	uint8_t pidx[64];
	size_t nplanes;
	double wt[64];
	uint64_t gen, plain;
	unsigned cls; /* the classes of its bigrams */
	struct piece *pc; /* the clauses that count, in order */
	size_t npc;
	struct piece obj; /* nb 0: no object */
	bool in_work[NCLASSES];
	double factor[1u << (2 * NCLASSES)]; /* action_flags_factor by the task's class bits */
	unsigned gen_df;
	double ceiling; /* the most a task without a keyword can score (rank_done) */
	/* for the bounds: 1 / the smallest clause's weight, 1 / the object's */
	double inv_min_all, inv_obj_all;
	size_t from;
	char *whole, *act, *objtext;
};

static void work_free(struct work *wk)
{
	for (size_t i = 0; i < wk->npc; i++)
		piece_free(&wk->pc[i]);
	free(wk->pc);
	piece_free(&wk->wp);
	piece_free(&wk->obj);
	free(wk->whole); /* and wk->act */
	free(wk->objtext);
	memset(wk, 0, sizeof *wk);
}

/* Sets candidate t's x->mask[t] and x->whole[t] (with the keyword bonus
 * x->kwwhole[t] says) by looking its bigrams up, not from the planes
 * (which may serve another clause by now): for a candidate the ranking
 * did not bound.  The same sums as cand_bound's, to the bit. */
static void cand_lookup(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                        uint32_t t)
{
	double acc = piece_acc(en, &wk->wp, t, wk->gen_df, NULL, &x->mask[t]);
	double v = wk->wp.all > 0 ? acc / wk->wp.all : 0;
	if (wk->wp.all > 0 && x->kwwhole[t])
		v += KEYWORD_BONUS;
	x->whole[t] = v > 1 ? 1 : v;
	x->ready[t] = x->main.gen;
}

/* The score of candidate t (x->whole[t], x->mask[t] set by rank_cands);
 * sets x->sc[t].  0 for a task that is no candidate.
 *
 * The score of a task without a keyword in the work and without a
 * department part depends only on which of the work's bigrams it has
 * (x->mask) and on its class bits: tasks alike in both (the many that
 * share a catalogue's stock phrases) are scored once per work, from
 * x->memo. */
static double exact_score(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                          uint32_t t)
{
	if (x->main.mark[t] != x->main.gen)
		return 0;
	if (x->ready[t] != x->main.gen)
		cand_lookup(en, x, wk, t); /* left unbounded by the ranking (cands_leave) */
	unsigned fl = en->tflag[t];
	struct memo *slot = NULL;
	if (!x->kwwhole[t] && !(fl & TF_DEPT) && wk->wp.nb <= 64 && !en->exhaustive) {
		uint64_t m = x->mask[t];
		size_t h = hash_u64(m ^ (uint64_t)fl << 57) & (MEMO_SLOTS - 1);
		for (size_t probe = 0; probe < MEMO_SLOTS; probe++, h = (h + 1) & (MEMO_SLOTS - 1)) {
			struct memo *e = &x->memo[h];
			if (e->gen != x->memogen) {
				if (2 * x->nmemo < MEMO_SLOTS)
					slot = e; /* not seen: scored below, kept here */
				break;
			}
			if (e->mask == m && e->flags == fl) {
				x->sc[t] = (struct scored){e->score, e->clause};
				return e->score;
			}
		}
	}
	double best = x->whole[t], best_clause = -1;
	size_t clause = wk->from;
	/* the bigrams t has, for the pieces: x->mask[t] is all of them */
	const uint64_t *wmask = wk->wp.nb <= 64 ? &x->mask[t] : NULL;
	for (size_t i = 0; i < wk->npc; i++) {
		double v = piece_task(en, &wk->pc[i], t, wk->gen_df, wmask, x->kwwhole[t]);
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
		double oc = piece_task(en, &wk->obj, t, wk->gen_df, wmask, x->kwwhole[t]);
		best = oc > 0 ? best + 0.1 * oc : best * 0.8;
	}
	/* 配合履职 whose department's part carries the match: the town is
	 * given the department's side of the work */
	if (fl & TF_DEPT) {
		double dacc = 0;
		for (size_t i = 0; i < wk->wp.nb; i++) {
			uint32_t j = wk->wp.jid[i];
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
		if ((wk->wp.all > 0 ? dacc / wk->wp.all : 0) * 2 > best)
			best *= 0.5;
	}
	if (best > 1)
		best = 1;
	x->sc[t].score = best * wk->factor[fl & ((1u << (2 * NCLASSES)) - 1)];
	x->sc[t].clause = clause;
	if (slot) {
		*slot = (struct memo){x->mask[t], x->memogen, (uint8_t)fl, x->sc[t].score, clause};
		x->nmemo++;
	}
	return x->sc[t].score;
}

#define UB_BUCKETS 64
/* added to an upper bound: more than the rounding of its sums can differ
 * from the exact score's (about 1e-15) */
#define UB_SLACK 1e-9

/* Prepares whole_mask(): the bit sets of the whole work's bigrams, and
 * for the rare ones (no bit set; their lists are short) the tasks that
 * have them in x->premask. */
static void work_planes(const struct screen_engine *en, struct scratch *x, struct work *wk)
{
	if (wk->wp.nb > 64)
		return;
	x->pregen++;
	wk->nplanes = 0;
	wk->gen = wk->plain = 0;
	wk->cls = 0;
	for (size_t i = 0; i < wk->wp.nb; i++) {
		uint32_t j = wk->wp.jid[i];
		wk->cls |= wk->wp.cls[i];
		wk->wt[i] = j == UINT32_MAX ? en->wt_none : en->wt[j];
		if (j == UINT32_MAX)
			continue;
		if (en->df[j] >= wk->gen_df)
			wk->gen |= (uint64_t)1 << i;
		else
			wk->plain |= (uint64_t)1 << i;
		if (en->bit_ix[j] != UINT32_MAX) {
			wk->pidx[wk->nplanes] = (uint8_t)i;
			wk->plane[wk->nplanes++] = en->bits + (size_t)en->bit_ix[j] * en->bit_words;
			continue;
		}
		for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++) {
			uint32_t t = en->post_task[p];
			if (x->prestamp[t] != x->pregen) {
				x->prestamp[t] = x->pregen;
				x->premask[t] = 0;
			}
			x->premask[t] |= (uint64_t)1 << i;
		}
	}
}

/* The whole work's bigrams task t has, bit i for bigram i (wp.nb <= 64). */
static uint64_t whole_mask(const struct scratch *x, const struct work *wk, uint32_t t)
{
	uint64_t m = x->prestamp[t] == x->pregen ? x->premask[t] : 0;
	size_t word = t / 64, bit = t % 64;
	for (size_t k = 0; k < wk->nplanes; k++)
		m |= (wk->plane[k][word] >> bit & 1) << wk->pidx[k];
	return m;
}

/* piece_acc() of the whole work from the bigrams task t has (m: see
 * whole_mask): the same terms in the same order. */
static double whole_acc(const struct screen_engine *en, const struct work *wk, uint32_t t,
                        uint64_t m)
{
	const struct piece *p = &wk->wp;
	unsigned fl = en->tflag[t];
	double acc = 0;
	if (fl & wk->cls) {
		/* a bigram it lacks may be credited half (an action class) */
		for (size_t i = 0; i < p->nb; i++) {
			if (m >> i & 1) {
				if (wk->plain >> i & 1)
					acc += wk->wt[i];
			} else if (p->cls[i] & fl) {
				acc += wk->wt[i] / 2;
			}
		}
	} else {
		for (uint64_t b = m & wk->plain; b; b &= b - 1)
			acc += wk->wt[__builtin_ctzll(b)];
	}
	for (uint64_t b = m & wk->gen; b; b &= b - 1)
		acc += wk->wt[__builtin_ctzll(b)];
	return acc;
}

/* The best task so far (best, its score bs) and the best on a list of
 * one of the towns (best_on, bos); SIZE_MAX when none yet. */
struct ranking {
	size_t best, best_on;
	double bs, bos;
};

/* The bound below which a task can be neither the best nor the best on
 * the towns' lists that the verdict takes (FIT, within 0.10 of the best):
 * rank_cands scores no task below it, score_tasks looks for no candidate
 * below it.  -1 while there is no best. */
static double rank_floor(const struct ranking *r)
{
	if (r->best == SIZE_MAX)
		return -1;
	double on = r->bs - 0.10 > FIT ? r->bs - 0.10 : FIT;
	if (r->best_on != SIZE_MAX && r->bos > on)
		on = r->bos;
	return r->bs < on ? r->bs : on;
}

/* Bounds the candidates cs->list[lo..] and scores, from the highest bound
 * down, those that may still become the best or the best on a list of
 * one of the towns wb (a score is at most 1: at 1 only a lower task
 * can take the place; ties go to the lower task, as a walk over all
 * tasks would find).  The bound takes the whole work's coverage and
 * bounds a clause's and the object's coverage by the task's hits in the
 * whole work over the piece's weight (a piece's bigrams are the whole
 * work's). */
/* The bound of candidate t (see rank_cands); sets x->acc[t], x->mask[t],
 * x->whole[t], x->kwwhole[t]. */
static double cand_bound(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                         uint32_t t, double min_all)
{
	if (wk->wp.nb <= 64) {
		x->mask[t] = whole_mask(x, wk, t);
		x->acc[t] = whole_acc(en, wk, t, x->mask[t]);
	} else {
		x->acc[t] = piece_acc(en, &wk->wp, t, wk->gen_df, NULL, &x->mask[t]);
	}
	double wv = piece_value(x, t, wk->wp.all);
	double kw = x->kwmark[t] == x->kwgen ? KEYWORD_BONUS : 0;
	x->kwwhole[t] = kw > 0;
	x->whole[t] = wv;
	x->ready[t] = x->main.gen;
	/* (a product by the inverse may differ from the quotient in the last
	 * bit: UB_SLACK covers it) */
	double b = wv;
	if (wk->npc) {
		double cb = min_all > 0 ? x->acc[t] * wk->inv_min_all + kw : 1;
		if (cb > 1)
			cb = 1;
		if (0.8 * cb + 0.2 * wv > b)
			b = 0.8 * cb + 0.2 * wv;
	}
	if (wk->obj.nb) {
		double ob = wk->obj.all > 0 ? x->acc[t] * wk->inv_obj_all + kw : 0;
		b += 0.1 * (ob > 1 ? 1 : ob);
	}
	if (b > 1)
		b = 1;
	return b * wk->factor[en->tflag[t] & ((1u << (2 * NCLASSES)) - 1)] + UB_SLACK;
}

/* Scores candidate t (bound ub) if it may still become the best (a
 * higher score, or the same and a lower index) or the best on the
 * towns' lists wb that the verdict can take (FIT, and within 0.10 of the
 * best); a bound is at most UB_SLACK above what it bounds, and a score
 * at most 1 (at 1 only a lower task can take the place). */
static void rank_one(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                     const uint64_t *wb, uint32_t t, double ub, struct ranking *r)
{
	size_t tw = en->town_words;
	bool listed = false;
	for (size_t i = 0; i < tw && !listed; i++)
		listed = (wb[i] & en->town_bits[(size_t)t * tw + i]) != 0;
	bool for_best = r->best == SIZE_MAX || (r->bs < 1 && ub > r->bs + UB_SLACK / 2) ||
	                (ub >= r->bs && t < r->best);
	bool for_on = listed && ub >= FIT && ub >= r->bs - 0.10 &&
	              (r->best_on == SIZE_MAX || (r->bos < 1 && ub > r->bos + UB_SLACK / 2) ||
	               (ub >= r->bos && t < r->best_on));
	if (!for_best && !for_on)
		return;
	double v = exact_score(en, x, wk, t);
	if (r->best == SIZE_MAX || v > r->bs || (v == r->bs && t < r->best)) {
		r->best = t;
		r->bs = v;
	}
	if (listed && (r->best_on == SIZE_MAX || v > r->bos || (v == r->bos && t < r->best_on))) {
		r->best_on = t;
		r->bos = v;
	}
}

/* True when no task from t on, scoring at most `ceiling`, can take the
 * place of the one that holds it with score v (SIZE_MAX: none): it
 * scores more than the ceiling, or the ceiling and is a lower task.  Only
 * a task with every bigram of the work reaches a ceiling below 1 (see
 * rank_done), so a tie there is to the bit. */
static bool place_held(size_t holder, double v, double ceiling, uint32_t t)
{
	if (holder == SIZE_MAX)
		return false;
	if (v > ceiling + 1e-12)
		return true;
	return v >= (ceiling < 1 ? ceiling - 1e-12 : 1) && t > holder;
}

/* Past task t nothing can change the ranking: `ceiling` is the most any
 * task still to come can score (1, or after the keyword candidates, the
 * most a task without a keyword can: wk->ceiling, reached only by a task
 * with every bigram of the work, and all such tasks score alike to the
 * bit, so none can beat another by a rounding).  The best on the lists
 * is settled too when no task to come can be taken for it (FIT, within
 * 0.10 of the best). */
static bool rank_done(const struct ranking *r, double ceiling, uint32_t t)
{
	if (!place_held(r->best, r->bs, ceiling, t))
		return false;
	return place_held(r->best_on, r->bos, ceiling, t) || ceiling + 1e-12 < FIT ||
	       ceiling + 1e-12 < r->bs - 0.10;
}

/* Leaves candidates cs->list[k..] unbounded (the ranking is settled
 * before them): they stay candidates, with whether a keyword of theirs
 * is in the work noted now (x->kwmark serves the next clause later), and
 * exact_score reads the rest if ever asked (second_work). */
static void cands_leave(struct scratch *x, struct cands *cs, size_t k)
{
	for (size_t i = k; i < cs->n; i++)
		x->kwwhole[cs->list[i]] = x->kwmark[cs->list[i]] == x->kwgen;
}

#define RANK_SCAN 64

/* Bounds candidate t and ranks it if it may reach the floor: a step of
 * a walk in task order (the caller stops where rank_done says). */
static void rank_next(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                      const uint64_t *wb, uint32_t t, double min_all, struct ranking *r)
{
	x->bound[t] = cand_bound(en, x, wk, t, min_all);
	if (r->best == SIZE_MAX || x->bound[t] >= rank_floor(r))
		rank_one(en, x, wk, wb, t, x->bound[t], r);
}

static void rank_cands(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                       const uint64_t *wb, size_t lo_cand, size_t nkw, double min_all,
                       struct ranking *r)
{
	struct cands *cs = &x->main;
	double *ub = x->bound;
	if (en->exhaustive) {
		/* every candidate scored, in no order: the reference */
		size_t tw = en->town_words;
		for (size_t k = lo_cand; k < cs->n; k++) {
			uint32_t t = cs->list[k];
			ub[t] = cand_bound(en, x, wk, t, min_all);
			double v = exact_score(en, x, wk, t);
			bool listed = false;
			for (size_t i = 0; i < tw && !listed; i++)
				listed = (wb[i] & en->town_bits[(size_t)t * tw + i]) != 0;
			if (r->best == SIZE_MAX || v > r->bs || (v == r->bs && t < r->best)) {
				r->best = t;
				r->bs = v;
			}
			if (listed &&
			    (r->best_on == SIZE_MAX || v > r->bos || (v == r->bos && t < r->best_on))) {
				r->best_on = t;
				r->bos = v;
			}
		}
		return;
	}
	if (cs->n - lo_cand > RANK_SCAN) {
		/* many (a stock phrase's tasks): in ascending order, which
		 * ends as soon as the ranking cannot change; the keyword
		 * candidates (the first nkw) may score up to 1 */
		double ceiling = lo_cand < nkw ? 1 : wk->ceiling;
		cands_sort(cs, lo_cand);
		for (size_t k = lo_cand; k < cs->n; k++) {
			if (rank_done(r, ceiling, cs->list[k])) {
				cands_leave(x, cs, k);
				return;
			}
			rank_next(en, x, wk, wb, cs->list[k], min_all, r);
		}
		return;
	}
	uint32_t count[UB_BUCKETS + 2] = {0};
	for (size_t k = lo_cand; k < cs->n; k++) {
		uint32_t t = cs->list[k];
		ub[t] = cand_bound(en, x, wk, t, min_all);
		size_t bk = (size_t)(ub[t] * UB_BUCKETS);
		count[(bk > UB_BUCKETS ? UB_BUCKETS : bk) + 1]++;
	}
	for (size_t bk = 0; bk <= UB_BUCKETS; bk++)
		count[bk + 1] += count[bk];
	uint32_t *order = x->order;
	for (size_t k = lo_cand; k < cs->n; k++) {
		uint32_t t = cs->list[k];
		size_t bk = (size_t)(ub[t] * UB_BUCKETS);
		order[count[bk > UB_BUCKETS ? UB_BUCKETS : bk]++] = t;
	}
	/* from the highest bucket down: count[bk] is now the end of bucket bk */
	for (size_t bk = UB_BUCKETS + 1; bk-- > 0;) {
		size_t lo = bk ? count[bk - 1] : 0, hi = count[bk];
		double top = (double)(bk + 1) / UB_BUCKETS + UB_SLACK;
		if (r->best != SIZE_MAX && top < rank_floor(r))
			break;
		for (size_t k = lo; k < hi; k++)
			rank_one(en, x, wk, wb, order[k], ub[order[k]], r);
	}
}

/* A list score_tasks walks for candidates: the tasks that have a bigram
 * that is not generic (cls -1), or the tasks whose side names action
 * class cls, which a bigram of the work is (credited half its weight). */
struct walk_item {
	uint64_t key; /* the bigram */
	uint32_t j;   /* its df_keys position, UINT32_MAX: none */
	int cls;
	double w;     /* the most a task on the list gains from it */
};

static bool walked_list(const struct walk_item *v, size_t n, uint64_t key, int cls)
{
	for (size_t k = 0; k < n; k++)
		if (v[k].key == key && v[k].cls == cls)
			return true;
	return false;
}

/* The most of piece p's weight that a task on none of the lists
 * v[0..nv) can have: a bigram whose tasks were walked it does not have;
 * half of one whose action class's tasks were walked it is not
 * credited. */
static double piece_left(const struct screen_engine *en, const struct piece *p,
                         const struct walk_item *v, size_t nv)
{
	double h = 0;
	for (size_t i = 0; i < p->nb; i++) {
		uint32_t j = p->jid[i];
		double w = j == UINT32_MAX ? en->wt_none : en->wt[j];
		if (j != UINT32_MAX && !walked_list(v, nv, p->bg[i], -1)) {
			h += w;
			continue;
		}
		for (int c = 0; c < NCLASSES; c++)
			if ((p->cls[i] >> c & 1) && !walked_list(v, nv, p->bg[i], c)) {
				h += w / 2;
				break;
			}
	}
	return h;
}

/* The bound of a task that is not yet a candidate when the lists
 * v[0..nv) have been walked: it has no keyword in the work (those are
 * candidates), and of each piece at most piece_left(); the same terms
 * as rank_cands' bound. */
static double outside_bound(const struct screen_engine *en, const struct work *wk,
                            const struct walk_item *v, size_t nv)
{
	double vw = wk->wp.all > 0 ? piece_left(en, &wk->wp, v, nv) / wk->wp.all : 0;
	if (vw > 1)
		vw = 1;
	double b = vw;
	for (size_t i = 0; i < wk->npc; i++) {
		const struct piece *p = &wk->pc[i];
		double vc = p->all > 0 ? piece_left(en, p, v, nv) / p->all : 0;
		if (vc > 1)
			vc = 1;
		if (0.8 * vc + 0.2 * vw > b)
			b = 0.8 * vc + 0.2 * vw;
	}
	if (wk->obj.nb && wk->obj.all > 0) {
		double vo = piece_left(en, &wk->obj, v, nv) / wk->obj.all;
		b += 0.1 * (vo > 1 ? 1 : vo);
	}
	return (b > 1 ? 1 : b) + UB_SLACK;
}

/* The lists of the work to walk, the weightiest first (the rarest
 * bigrams), ties by bigram, in x->walk; *n set.  NULL when out of memory. */
static struct walk_item *walk_items(const struct screen_engine *en, struct scratch *x,
                                    const struct piece *p, unsigned gen_df, size_t *n)
{
	size_t room = p->nb * (NCLASSES + 1) + 1;
	if (room > x->cwalk) {
		struct walk_item *nv = realloc(x->walk, room * sizeof *nv);
		if (!nv)
			return NULL;
		x->walk = nv;
		x->cwalk = room;
	}
	struct walk_item *v = x->walk;
	size_t m = 0;
	for (size_t i = 0; i < p->nb; i++) {
		uint32_t j = p->jid[i];
		double w = j == UINT32_MAX ? en->wt_none : en->wt[j];
		if (j != UINT32_MAX && en->df[j] < gen_df)
			v[m++] = (struct walk_item){p->bg[i], j, -1, w};
		for (int c = 0; c < NCLASSES; c++)
			if (p->cls[i] >> c & 1)
				v[m++] = (struct walk_item){p->bg[i], j, c, w / 2};
	}
	for (size_t i = 1; i < m; i++) {
		struct walk_item k = v[i];
		size_t q = i;
		for (; q > 0 && (v[q - 1].w < k.w ||
		                 (v[q - 1].w == k.w && (v[q - 1].key > k.key ||
		                                        (v[q - 1].key == k.key && v[q - 1].cls > k.cls))));
		     q--)
			v[q] = v[q - 1];
		v[q] = k;
	}
	*n = m;
	return v;
}

/* Sets x->ubits: the tasks that have a bigram of the whole work (wp.nb
 * <= 64, work_planes done). */
static void work_union(const struct screen_engine *en, struct scratch *x, const struct work *wk)
{
	size_t words = en->bit_words;
	memset(x->ubits, 0, words * sizeof *x->ubits);
	for (size_t k = 0; k < wk->nplanes; k++)
		for (size_t w = 0; w < words; w++)
			x->ubits[w] |= wk->plane[k][w];
	for (size_t i = 0; i < wk->wp.nb; i++) {
		uint32_t j = wk->wp.jid[i];
		if (j == UINT32_MAX || en->bit_ix[j] != UINT32_MAX)
			continue;
		for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++)
			x->ubits[en->post_task[p] / 64] |= (uint64_t)1 << (en->post_task[p] % 64);
	}
	x->ubuilt = true;
}

/* The class-c list of a bigram of the work as candidates (see
 * walk_cands).  Its tasks that have none of the work's bigrams (most of
 * a class's hundreds) are credited only the class's half weights, so
 * two of them with the same class bits (and no keyword, which makes a
 * task a candidate already) score alike to the bit: of each such group
 * only the lowest task and the lowest on a list of the towns wb can take
 * a place in the ranking (ties go to the lower task), and only they
 * become candidates. */
static void class_cands_grouped(const struct screen_engine *en, struct scratch *x,
                                struct cands *cs, const struct walk_item *it,
                                unsigned cls_of_bigram, const struct work *wk,
                                const uint64_t *wb)
{
	size_t c = (size_t)it->cls;
	enum { GROUPS = 1u << (2 * NCLASSES + 1) }; /* tflag values */
	_Static_assert(GROUPS <= 32, "a group per bit of a uint32_t");
	uint32_t rep_best[GROUPS], rep_on[GROUPS];
	for (size_t g = 0; g < GROUPS; g++)
		rep_best[g] = rep_on[g] = UINT32_MAX;
	if (!x->ubuilt)
		work_union(en, x, wk);
	/* the class bits of a task credited for an earlier class of the
	 * bigram (a candidate through that class's list instead) */
	uint32_t earlier = 0;
	for (unsigned fl = 0; fl < GROUPS; fl++)
		for (size_t c2 = 0; c2 < c; c2++)
			if ((cls_of_bigram & 1u << c2) && (fl >> c2 & 1))
				earlier |= 1u << fl;
	/* the groups still without their lowest task, lowest listed task */
	uint32_t need_best = en->cls_flags[c] & ~earlier, need_on = need_best;
	size_t tw = en->town_words;
	for (size_t w = 0; w < en->bit_words; w++) {
		uint64_t in_class = en->cls_bits[c][w];
		/* those with a bigram of the work: candidates one by one */
		for (uint64_t b = in_class & x->ubits[w]; b; b &= b - 1) {
			uint32_t t = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
			if ((earlier >> en->tflag[t] & 1) || cs->mark[t] == cs->gen)
				continue;
			/* one with the bigram itself is no class candidate
			 * (piece_acc credits it the bigram) */
			if (it->j == UINT32_MAX || !task_has_j(en, t, it->j))
				add_cand(cs, t);
		}
		/* the others: the lowest of each group and the lowest listed */
		for (uint64_t b = (need_best | need_on) ? in_class & ~x->ubits[w] : 0; b; b &= b - 1) {
			uint32_t t = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
			unsigned fl = en->tflag[t];
			if (!((need_best | need_on) >> fl & 1) || cs->mark[t] == cs->gen)
				continue; /* (a marked one: a keyword's task, or a group's already) */
			if (need_best >> fl & 1) {
				rep_best[fl] = t;
				need_best &= ~(1u << fl);
			}
			if (need_on >> fl & 1) {
				bool listed = false;
				for (size_t i = 0; i < tw && !listed; i++)
					listed = (wb[i] & en->town_bits[(size_t)t * tw + i]) != 0;
				if (listed) {
					rep_on[fl] = t;
					need_on &= ~(1u << fl);
				}
			}
		}
	}
	for (size_t g = 0; g < GROUPS; g++) {
		if (rep_best[g] != UINT32_MAX && cs->mark[rep_best[g]] != cs->gen)
			add_cand(cs, rep_best[g]);
		if (rep_on[g] != UINT32_MAX && cs->mark[rep_on[g]] != cs->gen)
			add_cand(cs, rep_on[g]);
	}
}

/* Makes candidates of the tasks on list it (see walk_item; for a class,
 * those not credited the bigram itself or for an earlier class of it,
 * as piece_acc credits them; with the work wk, of those that have none of
 * its bigrams only the ones that can take a place: class_cands_grouped). */
static void walk_cands(const struct screen_engine *en, struct scratch *x, struct cands *cs,
                       const struct walk_item *it, unsigned cls_of_bigram,
                       const struct work *wk, const uint64_t *wb)
{
	if (it->cls < 0) {
		posting_cands(en, cs, it->j);
		return;
	}
	size_t c = (size_t)it->cls;
	if (wk && wk->wp.nb <= 64) {
		class_cands_grouped(en, x, cs, it, cls_of_bigram, wk, wb);
		return;
	}
	for (size_t k = 0; k < en->ncls_task[c]; k++) {
		uint32_t t = en->cls_task[c][k];
		unsigned fl = en->tflag[t];
		bool earlier = false;
		for (size_t c2 = 0; c2 < c && !earlier; c2++)
			earlier = (cls_of_bigram & 1u << c2) && (fl >> c2 & 1);
		if (earlier || (it->j != UINT32_MAX && task_has_j(en, t, it->j)))
			continue;
		if (cs->mark[t] != cs->gen)
			add_cand(cs, t);
	}
}

/* Ranks the tasks of bigram j's long list (a stock phrase's) as
 * rank_cands ranks a batch of many, straight from the list (ascending):
 * those after the task where the ranking is settled are never made
 * candidates.  The keyword candidates have been ranked. */
static void stream_cands(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                         const uint64_t *wb, uint32_t j, double min_all, struct ranking *r)
{
	struct cands *cs = &x->main;
	for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++) {
		uint32_t t = en->post_task[p];
		if (cs->mark[t] == cs->gen)
			continue;
		if (rank_done(r, wk->ceiling, t))
			return;
		add_cand(cs, t);
		rank_next(en, x, wk, wb, t, min_all, r);
	}
}

/* Scores the tasks against the sentence's work clauses [from, ncl) and
 * finds the best task overall (*best) and the best on a list of one of
 * the towns wb (*best_on), SIZE_MAX when there is none: ties go to the
 * lower task, as a walk over all tasks would find.
 *
 * The candidates are the tasks sharing with the work a bigram that is
 * not generic, an action class or a keyword; any other scores 0.  They
 * are found rarest bigram first (MaxScore): after each bigram's tasks
 * are bounded and the promising ones scored (rank_cands), a task that
 * has none of the bigrams walked so far can have at most the weight of
 * the others; once that bound is below what the best found needs
 * (rank_floor), no task outside the candidates can matter, and the
 * commoner bigrams' long lists are never walked.  The candidates are in
 * x->main.list (x->sc is zero for those not scored). */
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
	wk->whole = malloc(2 * len); /* and wk->act, in the same block */
	wk->act = wk->whole ? wk->whole + len : NULL;
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
	wk->objtext = objects(wk->act);
	if (!wk->objtext)
		return false;
	/* each clause's bigrams (in wk->pc, the ones that say when too, for
	 * now), and the whole work's as their union: the clauses are joined
	 * by '|', which makes no bigram */
	size_t total = 0;
	for (size_t i = from; i < s->ncl; i++) {
		if (!keep[i])
			continue;
		const char *c = s->norm[i] + (i == from ? work_at : 0);
		size_t l = strlen(c);
		struct piece *pc = &wk->pc[wk->npc++];
		if (!piece_alloc(pc, c, i, l))
			return false;
		pc->nb = bigrams_into(c, l, pc->bg);
		total += pc->nb;
	}
	if (!piece_alloc(&wk->wp, wk->whole, from, total))
		return false;
	for (size_t k = 0; k < wk->npc; k++) {
		memcpy(wk->wp.bg + wk->wp.nb, wk->pc[k].bg, wk->pc[k].nb * sizeof *wk->wp.bg);
		wk->wp.nb += wk->pc[k].nb;
	}
	sort_u64(wk->wp.bg, wk->wp.nb);
	size_t u = 0;
	for (size_t i = 0; i < wk->wp.nb; i++)
		if (!u || wk->wp.bg[u - 1] != wk->wp.bg[i])
			wk->wp.bg[u++] = wk->wp.bg[i];
	wk->wp.nb = u;
	piece_index(en, &wk->wp, NULL);
	if (!piece_make(en, &wk->obj, wk->objtext, 0, &wk->wp))
		return false;
	wk->gen_df = work_gen_df(en, &wk->wp);
	/* the clauses that count: not saying when, two bigrams or more, not
	 * all generic; the classes the work names are those of the clauses
	 * that do not say when (wk->act) */
	double min_all = 0;
	size_t npc = wk->npc;
	wk->npc = 0;
	for (size_t k = 0; k < npc; k++) {
		struct piece pc = wk->pc[k];
		if (trigger(s->norm[pc.clause])) {
			piece_free(&pc);
			continue;
		}
		piece_index(en, &pc, &wk->wp);
		piece_classes(&pc, wk->in_work);
		if (pc.nb < 2 || generic_clause(en, &pc, wk->gen_df)) {
			piece_free(&pc);
			continue;
		}
		if (!wk->npc || pc.all < min_all)
			min_all = pc.all;
		wk->pc[wk->npc++] = pc;
	}
	for (unsigned f = 0; f < 1u << (2 * NCLASSES); f++)
		wk->factor[f] = action_flags_factor(wk->in_work, f);
	wk->ceiling = outside_bound(en, wk, NULL, 0) - UB_SLACK;
	wk->inv_min_all = min_all > 0 ? 1 / min_all : 0;
	wk->inv_obj_all = wk->obj.all > 0 ? 1 / wk->obj.all : 0;
	size_t nwalk = 0;
	struct walk_item *walk = walk_items(en, x, &wk->wp, wk->gen_df, &nwalk);
	if (!walk)
		return false;
	struct cands *cs = &x->main;
	cs->gen++;
	cs->n = 0;
	x->kwgen++;
	x->memogen++;
	x->nmemo = 0;
	work_planes(en, x, wk);
	x->ubuilt = false;
	keyword_cands(en, x, cs, wk->wp.jid, wk->wp.nb, wk->whole);
	struct ranking r = {SIZE_MAX, SIZE_MAX, -1, -1};
	size_t ranked = 0, walked = 0, nkw = cs->n;
	for (;;) {
		if (ranked < cs->n) {
			rank_cands(en, x, wk, wb, ranked, nkw, min_all, &r);
			ranked = cs->n;
		}
		if (walked == nwalk || (!en->exhaustive && r.best != SIZE_MAX &&
		                        outside_bound(en, wk, walk, walked) < rank_floor(&r)))
			break;
		const struct walk_item *it = &walk[walked++];
		if (en->exhaustive)
			walk_cands(en, x, cs, it, classes_of(it->key), NULL, NULL);
		else if (it->cls < 0 && en->df[it->j] > RANK_SCAN) {
			stream_cands(en, x, wk, wb, it->j, min_all, &r);
			ranked = cs->n;
		} else {
			walk_cands(en, x, cs, it, classes_of(it->key), wk, wb);
		}
	}
	*best_out = r.best;
	*best_on_out = r.best_on;
	return true;
}

/* exact_score() of any task, also one score_tasks found no need to look
 * at (second_work asks about the best task of another clause): 0 unless
 * it is a candidate (the keyword ones all are in the list; others share
 * a bigram that is not generic with the work, or are credited an action
 * class of one). */
static double score_any(const struct screen_engine *en, struct scratch *x, const struct work *wk,
                        uint32_t t)
{
	struct cands *cs = &x->main;
	if (cs->mark[t] != cs->gen) {
		bool cand = false;
		unsigned fl = en->tflag[t];
		for (size_t i = 0; i < wk->wp.nb && !cand; i++) {
			uint32_t j = wk->wp.jid[i];
			bool has = j != UINT32_MAX && task_has_j(en, t, j);
			cand = (has && en->df[j] < wk->gen_df) || (!has && (wk->wp.cls[i] & fl));
		}
		if (!cand)
			return 0;
		add_cand(cs, t);
		x->kwwhole[t] = 0; /* a keyword's task is a candidate already */
		cand_lookup(en, x, wk, t);
	}
	return exact_score(en, x, wk, t);
}

/* Made for a screen_text call (or taken from the pool, scratch_take): the
 * arrays read before they are written (generation marks, scores) zeroed,
 * the others not. */
static bool scratch_new(struct scratch *x, size_t ntw)
{
	memset(x, 0, sizeof *x);
	size_t n = ntw + 1;
	x->acc = malloc(n * sizeof *x->acc);
	x->kwwhole = malloc(n * sizeof *x->kwwhole);
	x->whole = malloc(n * sizeof *x->whole);
	x->bound = malloc(n * sizeof *x->bound);
	x->mask = malloc(n * sizeof *x->mask);
	x->ready = calloc(n, sizeof *x->ready);
	x->premask = malloc(n * sizeof *x->premask);
	x->ubits = malloc((n / 64 + 1) * sizeof *x->ubits);
	x->prestamp = calloc(n, sizeof *x->prestamp);
	x->kwmark = calloc(n, sizeof *x->kwmark);
	x->main.mark = calloc(n, sizeof *x->main.mark);
	x->main.list = malloc(n * sizeof *x->main.list);
	x->extra.mark = calloc(n, sizeof *x->extra.mark);
	x->extra.list = malloc(n * sizeof *x->extra.list);
	x->main.bits = calloc(n / 64 + 1, sizeof *x->main.bits);
	x->extra.bits = calloc(n / 64 + 1, sizeof *x->extra.bits);
	x->sc = malloc(n * sizeof *x->sc);
	x->memo = calloc(MEMO_SLOTS, sizeof *x->memo);
	x->order = malloc(n * sizeof *x->order);
	if (x->acc && x->kwwhole && x->whole && x->bound && x->mask && x->ready && x->premask &&
	    x->prestamp && x->ubits && x->kwmark && x->main.mark && x->main.list && x->extra.mark &&
	    x->extra.list && x->main.bits && x->extra.bits && x->sc && x->order && x->memo) {
		x->sc[0] = (struct scored){0, 0}; /* read when no task fits (judge) */
		x->memogen = 1; /* the zeroed slots are of generation 0: none in use */
		return true;
	}
	scratch_free(x);
	return false;
}

/* A scratch for a screen_text call: one of the pool (its generation marks
 * go on from where they were), or a new one. */
static bool scratch_take(const struct screen_engine *en, struct scratch *x)
{
	struct scratch *kept = NULL;
	pthread_mutex_lock(&en->pool->lock);
	if (en->pool->n)
		kept = en->pool->v[--en->pool->n];
	pthread_mutex_unlock(&en->pool->lock);
	if (!kept)
		return scratch_new(x, en->ntw);
	*x = *kept;
	free(kept);
	return true;
}

/* Gives x back to the pool after a call that went well (one that ran out
 * of memory half way may have left marks or scores set), or frees it
 * (also when the pool is full, or its generations are half way to
 * wrapping round, when a mark could come to equal them again). */
static void scratch_give(const struct screen_engine *en, struct scratch *x, bool clean)
{
	const uint32_t old = UINT32_MAX / 2;
	struct scratch *kept = NULL;
	if (clean && x->acc && x->main.gen < old && x->extra.gen < old && x->kwgen < old &&
	    x->memogen < old &&
	    x->pregen < old)
		kept = malloc(sizeof *kept);
	if (kept) {
		*kept = *x;
		pthread_mutex_lock(&en->pool->lock);
		if (en->pool->n < POOL_MAX) {
			en->pool->v[en->pool->n++] = kept;
			kept = NULL;
		}
		pthread_mutex_unlock(&en->pool->lock);
		if (!kept)
			return;
		free(kept);
	}
	scratch_free(x);
}

static void scratch_free(struct scratch *x)
{
	free(x->acc);
	free(x->kwwhole);
	free(x->whole);
	free(x->bound);
	free(x->mask);
	free(x->ready);
	free(x->premask);
	free(x->ubits);
	free(x->prestamp);
	free(x->kwmark);
	free(x->main.mark);
	free(x->main.list);
	free(x->extra.mark);
	free(x->extra.list);
	free(x->main.bits);
	free(x->extra.bits);
	free(x->sc);
	free(x->walk);
	free(x->memo);
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

/* Takes task t for clause_best's best if it fits cl better (ties to the
 * lower task). */
static void clause_rank(const struct screen_engine *en, struct scratch *x, const struct work *cw,
                        const bool *in_work, uint32_t t, size_t *best, double *top)
{
	const struct piece *cl = &cw->wp;
	if (cl->nb <= 64)
		x->acc[t] = whole_acc(en, cw, t, whole_mask(x, cw, t));
	else
		x->acc[t] = piece_acc(en, cl, t, cw->gen_df, NULL, NULL);
	double v = piece_value(x, t, cl->all) * action_flags_factor(in_work, en->tflag[t]);
	if (v > *top || (v == *top && v > 0 && t < *best)) {
		*top = v;
		*best = t;
	}
}

/* The task that fits clause cl best by itself (*best, its value *top:
 * coverage times the action check; ties to the lower task), when one
 * reaches SURE (else *best may be any or SIZE_MAX): the keyword
 * candidates, then the lists weightiest first (see score_tasks) until no
 * other task can reach the best or SURE.  False when out of memory. */
static bool clause_best(const struct screen_engine *en, struct scratch *x, const struct piece *cl,
                        size_t *best, double *top)
{
	struct cands *cs = &x->extra;
	cs->gen++;
	cs->n = 0;
	x->kwgen++;
	unsigned gen_df = work_gen_df(en, cl);
	bool in_work[NCLASSES] = {false};
	piece_classes(cl, in_work);
	size_t nwalk = 0;
	struct walk_item *walk = walk_items(en, x, cl, gen_df, &nwalk);
	if (!walk)
		return false;
	keyword_cands(en, x, cs, cl->jid, cl->nb, cl->text);
	/* the clause as a work of its own, for whole_mask and whole_acc (the
	 * sentence's work no longer needs x->premask) */
	static const struct work empty;
	struct work cw = empty;
	cw.wp = *cl;
	cw.gen_df = gen_df;
	work_planes(en, x, &cw);
	/* the most a task without a keyword can score: only one with every
	 * bigram of the clause reaches it below 1, and all such score alike
	 * to the bit (see rank_done) */
	double ceiling = cl->all > 0 ? piece_left(en, cl, NULL, 0) / cl->all : 0;
	if (ceiling > 1)
		ceiling = 1;
	double tie = ceiling < 1 ? ceiling - 1e-12 : 1;
	size_t done = 0, walked = 0;
	for (;;) {
		for (; done < cs->n; done++)
			clause_rank(en, x, &cw, in_work, cs->list[done], best, top);
		if (walked == nwalk)
			break;
		double left = cl->all > 0 ? piece_left(en, cl, walk, walked) / cl->all : 0;
		double bound = (left > 1 ? 1 : left) + UB_SLACK;
		if (!en->exhaustive && (bound < *top || bound < SURE))
			break;
		const struct walk_item *it = &walk[walked++];
		if (it->cls >= 0 || en->df[it->j] <= RANK_SCAN || en->exhaustive) {
			walk_cands(en, x, cs, it, classes_of(it->key), NULL, NULL);
			continue;
		}
		/* a long list (a stock phrase's tasks): in task order, until no
		 * task to come can take the best's place */
		for (uint32_t p = en->post_off[it->j]; p < en->post_off[it->j + 1]; p++) {
			uint32_t t = en->post_task[p];
			if (cs->mark[t] == cs->gen)
				continue;
			if (*best != SIZE_MAX && (*top > ceiling + 1e-12 || (*top >= tie && t > *best)))
				break;
			add_cand(cs, t);
			clause_rank(en, x, &cw, in_work, t, best, top);
		}
		done = cs->n;
	}
	return true;
}

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
		struct piece cl;
		if (!piece_make(en, &cl, s->norm[i], i, NULL)) {
			piece_free(&cl);
			return false;
		}
		size_t best = SIZE_MAX;
		double top = 0;
		if (cl.nb >= 2 && !clause_best(en, x, &cl, &best, &top)) {
			piece_free(&cl);
			return false;
		}
		/* the first task covers it too: more of the same work */
		double same = first && cl.nb >= 2 ? coverage(en, cl.bg, cl.nb, s->norm[i], first) : 0;
		piece_free(&cl);
		/* ...or the other task covers the first work too */
		if (best == SIZE_MAX || top < SURE || same >= 0.2 ||
		    score_any(en, x, wk, (uint32_t)best) >= 0.2 || best == first_ix)
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
	assert(s->ncl <= MAX_CLAUSES);
	bool main_keep_v[MAX_CLAUSES + 1] = {false}, *main_keep = main_keep_v;
	bool rest = false;
	for (size_t i = 0; i < s->ncl; i++) {
		main_keep[i] = keep[i] && !(i > from && starts_any(s->norm[i], joins));
		rest |= main_keep[i];
	}
	if (!rest)
		memcpy(main_keep, keep, s->ncl);
	/* the best task overall, and the best on a list of one of the towns;
	 * every task but the candidates scores 0 and can be neither unless
	 * all do, when task 0 stands for them (it decides nothing then) */
	size_t best = SIZE_MAX, best_on = SIZE_MAX, tw = en->town_words;
	uint64_t wb_v[8] = {0}; /* which[] as bits: on the stack for up to 512 towns */
	uint64_t *wb = tw < 8 ? wb_v : calloc(tw + 1, sizeof *wb);
	for (size_t i = 0; wb && i < c->ntowns; i++)
		if (which[i])
			wb[i / 64] |= (uint64_t)1 << (i % 64);
	struct work wk;
	memset(&wk, 0, sizeof wk);
	bool scored = towns && wb &&
	              score_tasks(en, s, from, work_at, main_keep, wb, x, &wk, &best, &best_on);
	if (wb != wb_v)
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
	bool ok = addressed && which && prev && scratch_take(en, &x);
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
		scratch_give(en, &x, ok);
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

