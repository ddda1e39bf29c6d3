/* screen.c - the document-screening engine: sentences, assignments to
 * towns, and the match of the assigned work against the towns' lists.
 * See screen.h and docs/screening.md. */
#include "screen.h"

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

static bool is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xFEFF ||
	       cp == 0xA0 || cp == '\f' || cp == '\v';
}

static bool ends_sentence(int32_t cp)
{
	return cp == 0x3002 /* 。 */ || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?' ||
	       cp == '\n' || cp == 0xFF61 /* ｡ */;
}

static bool ends_clause(int32_t cp)
{
	return cp == 0xFF0C /* ， */ || cp == ',' || cp == 0xFF1B || cp == ';' || cp == 0xFF1A ||
	       cp == ':';
}

/* Appends [start, end) trimmed of spaces, if anything is left. */
static bool push_span(struct screen_span **v, size_t *n, size_t *cap, const char *text,
                      size_t start, size_t end)
{
	while (start < end) {
		size_t k;
		int32_t cp = decode(text + start, end - start, &k);
		if (!is_space(cp))
			break;
		start += k;
	}
	while (end > start) {
		/* step back one code point */
		size_t b = end - 1;
		while (b > start && ((unsigned char)text[b] & 0xC0) == 0x80 && end - b < 4)
			b--;
		size_t k;
		int32_t cp = decode(text + b, end - b, &k);
		if (b + k != end || !is_space(cp))
			break;
		end = b;
	}
	if (end <= start)
		return true;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct screen_span *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return false;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = (struct screen_span){start, end - start};
	return true;
}

static size_t split(const char *text, size_t from, size_t to, bool (*ends)(int32_t),
                    struct screen_span **out)
{
	struct screen_span *v = NULL;
	size_t n = 0, cap = 0, start = from;
	for (size_t i = from; i < to;) {
		size_t k;
		int32_t cp = decode(text + i, to - i, &k);
		i += k;
		if (ends(cp)) {
			/* closing quotes and brackets stay with their sentence */
			while (i < to) {
				size_t k2;
				int32_t c2 = decode(text + i, to - i, &k2);
				if (c2 != 0x201D && c2 != 0x300D && c2 != 0xFF09 && c2 != ')' && c2 != '"')
					break;
				i += k2;
			}
			if (!push_span(&v, &n, &cap, text, start, i))
				goto oom;
			start = i;
		}
	}
	if (!push_span(&v, &n, &cap, text, start, to))
		goto oom;
	*out = v;
	return n;
oom:
	free(v);
	*out = NULL;
	return 0;
}

size_t screen_sentences(const char *text, size_t len, struct screen_span **out)
{
	return split(text, 0, len, ends_sentence, out);
}

size_t screen_clauses(const char *text, struct screen_span s, struct screen_span **out)
{
	return split(text, s.offset, s.offset + s.length, ends_clause, out);
}

/* NFKC changes nothing of ASCII, the CJK ideographs U+4E00-9FFF and the
 * common CJK punctuation, and maps full-width ASCII (U+FF01-FF5E) and
 * U+3000 to ASCII; text made only of these (most of a notice) is copied
 * without utf8proc's decomposition.  Anything else (or invalid UTF-8)
 * goes through utf8proc_map.  Returns NULL when the fast path does not
 * apply. */
static char *normalize_fast(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	if (!out)
		return NULL;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (u[i] < 0x80) {
			*o++ = (char)u[i++];
			continue;
		}
		if (i + 3 > len || (u[i] & 0xF0) != 0xE0 || (u[i + 1] & 0xC0) != 0x80 ||
		    (u[i + 2] & 0xC0) != 0x80)
			break;
		int32_t cp = (u[i] & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
		if ((cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3001 || cp == 0x3002 ||
		    (cp >= 0x3008 && cp <= 0x3011) || cp == 0x2014 || cp == 0x2018 || cp == 0x2019 ||
		    cp == 0x201C || cp == 0x201D) {
			memcpy(o, s + i, 3);
			o += 3;
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			*o++ = (char)(cp - 0xFEE0);
		} else if (cp == 0x3000) {
			*o++ = ' ';
		} else {
			break;
		}
		i += 3;
	}
	if (i < len) {
		free(out);
		return NULL;
	}
	*o = 0;
	return out;
}

char *screen_normalize(const char *s, size_t len)
{
	char *fast = normalize_fast(s, len);
	if (fast)
		return fast;
	utf8proc_uint8_t *norm = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &norm,
	                 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE) < 0)
		return NULL;
	return (char *)norm;
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

static bool has_term(const char *s, const char *const *terms)
{
	for (; *terms; terms++)
		if (strstr(s, *terms))
			return true;
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
		int32_t cp;
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) { /* ASCII without the decoder */
			cp = b;
			i++;
		} else {
			size_t k;
			cp = decode(s + i, len - i, &k);
			i += k;
		}
		bool ok = is_word_char(prev) && is_word_char(cp) && !is_function(prev) &&
		          !is_function(cp);
		if (ok) {
			uint64_t k = key(prev, cp);
			if (!has_u64(stop_keys, nstop_keys, k))
				v[m++] = k;
		}
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
	uint64_t *bg; /* all its text */
	size_t nbg;
	char *side; /* the side of the work the town would do: names and its part */
	uint64_t *dept; /* 配合履职: bigrams only the department's part has */
	size_t ndept;
	char *name;
	char **kw;
	size_t nkw;
	bool name_cls[NCLASSES]; /* its name names an action of the class */
};

/* Where a keyword is looked for: a piece of work holding the keyword holds
 * all its bigrams, so it is looked for only in a piece holding its
 * rarest one (the anchor). */
struct kw_anchor {
	uint64_t key;
	uint32_t task, kw;
};

struct screen_engine {
	const struct screen_catalog *c;
	struct task_words *tw;
	size_t ntw;
	uint64_t *df_keys; /* the bigrams of all tasks, df_find finds them */
	uint32_t *hslot;   /* hash table: index into df_keys, UINT32_MAX empty */
	size_t hmask;
	unsigned *df;
	size_t ndf;
	char **tags; /* every tag of every town, normalised */
	size_t ntags;
	/* the index: for bigram df_keys[j], its weight wt[j] and the tasks
	 * that have it, post_task[post_off[j] .. post_off[j + 1]) ascending */
	double *wt;
	double wt_none; /* the weight of a bigram no task has */
	uint32_t *post_off, *post_task;
	/* the same for the bigrams only an assist task's department part has */
	uint64_t *dk_keys;
	uint32_t *dk_off, *dk_task;
	size_t ndk;
	uint32_t *cls_task[NCLASSES]; /* the tasks whose side names the class */
	size_t ncls_task[NCLASSES];
	struct kw_anchor *anchors; /* sorted by key */
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
 * number of tasks, zero between uses except where noted. */
struct scratch {
	double *acc;      /* a piece's hit weight per task */
	double *dacc;     /* the department part's hit weight per task */
	double *whole;    /* the whole work's coverage per candidate */
	double *clause;   /* the best clause's coverage per candidate (-1: none) */
	uint32_t *kwmark; /* == kwgen: a keyword of the task is in the piece */
	uint32_t kwgen;
	struct cands main, extra; /* the sentence's; a 同时 clause's */
	struct scored *sc; /* every task's score; zero outside main */
};

static char *norm0(const char *s)
{
	return screen_normalize(s ? s : "", s ? strlen(s) : 0);
}

static char *join(const char *const *parts, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(parts[i] ? parts[i] : "") + 1;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(parts[i] ? parts[i] : "");
		memcpy(p, parts[i] ? parts[i] : "", l);
		p += l;
		*p++ = '|';
	}
	*p = 0;
	return s;
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

static int cmp_anchor(const void *a, const void *b)
{
	const struct kw_anchor *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key ? 1 : x->task < y->task ? -1 : x->task > y->task;
}

/* FNV-1a */
static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
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
		for (size_t i = 0; i < en->tw[t].nbg; i++) {
			size_t j = df_find(en, en->tw[t].bg[i]);
			en->post_task[fill[j]++] = (uint32_t)t;
		}
	free(fill);
	/* department parts: (key, task) pairs sorted, then grouped */
	size_t nd = 0;
	for (size_t t = 0; t < ntw; t++)
		nd += en->tw[t].ndept;
	struct kw_anchor *pairs = malloc((nd + 1) * sizeof *pairs);
	if (!pairs)
		return false;
	nd = 0;
	for (size_t t = 0; t < ntw; t++)
		for (size_t i = 0; i < en->tw[t].ndept; i++)
			pairs[nd++] = (struct kw_anchor){en->tw[t].dept[i], (uint32_t)t, 0};
	qsort(pairs, nd, sizeof *pairs, cmp_anchor);
	en->dk_keys = malloc((nd + 1) * sizeof *en->dk_keys);
	en->dk_off = malloc((nd + 2) * sizeof *en->dk_off);
	en->dk_task = malloc((nd + 1) * sizeof *en->dk_task);
	if (!en->dk_keys || !en->dk_off || !en->dk_task) {
		free(pairs);
		return false;
	}
	for (size_t i = 0; i < nd; i++) {
		if (!en->ndk || en->dk_keys[en->ndk - 1] != pairs[i].key) {
			en->dk_keys[en->ndk] = pairs[i].key;
			en->dk_off[en->ndk++] = (uint32_t)i;
		}
		en->dk_task[i] = pairs[i].task;
	}
	en->dk_off[en->ndk] = (uint32_t)nd;
	free(pairs);
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
			if (nb)
				en->anchors[en->nanchors++] = (struct kw_anchor){best, (uint32_t)t, (uint32_t)k};
			else
				always = true;
		}
		if (always)
			en->kw_always[en->nkw_always++] = (uint32_t)t;
	}
	qsort(en->anchors, en->nanchors, sizeof *en->anchors, cmp_anchor);
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
	if (!en->tw)
		goto fail;
	size_t total = 0;
	for (size_t i = 0; i < c->ntasks; i++) {
		const struct task *t = c->tasks[i];
		struct task_words *w = &en->tw[en->ntw++];
		w->t = t;
		char *kw = join(t->keywords, t->nkeywords);
		const char *all[] = {t->name, t->duty, t->township_part, t->department_part, kw};
		const char *side_basic[] = {t->name, t->duty, t->township_part, kw};
		const char *side_reclaimed[] = {t->name, t->department_part, kw};
		char *a = join(all, 5);
		char *sd = t->list_type == LIST_RECLAIMED ? join(side_reclaimed, 3) : join(side_basic, 4);
		free(kw);
		char *na = a ? norm0(a) : NULL;
		w->side = sd ? norm0(sd) : NULL;
		w->name = norm0(t->name);
		free(a);
		free(sd);
		if (!na || !w->side || !w->name) {
			free(na);
			goto fail;
		}
		for (size_t k = 0; k < NCLASSES; k++) {
			w->cls[k] = has_term(w->side, action_classes[k]);
			/* the name is part of the side */
			w->name_cls[k] = w->cls[k] && has_term(w->name, action_classes[k]);
		}
		w->bg = bigrams(na, &w->nbg);
		if (t->list_type == LIST_ASSIST && t->department_part && *t->department_part) {
			char *nd = norm0(t->department_part);
			size_t nside = 0;
			uint64_t *bs = bigrams(w->side, &nside);
			uint64_t *bd = nd ? bigrams(nd, &w->ndept) : NULL;
			free(nd);
			if (!bs || !bd) {
				free(bs);
				free(bd);
				free(na);
				goto fail;
			}
			size_t m = 0;
			for (size_t k = 0; k < w->ndept; k++)
				if (!has_u64(bs, nside, bd[k]))
					bd[m++] = bd[k];
			w->dept = bd;
			w->ndept = m;
			free(bs);
		}
		free(na);
		if (!w->bg)
			goto fail;
		total += w->nbg;
		w->kw = calloc(t->nkeywords + 1, sizeof *w->kw);
		if (!w->kw)
			goto fail;
		for (size_t k = 0; k < t->nkeywords; k++)
			if ((w->kw[w->nkw] = norm0(t->keywords[k])) && *w->kw[w->nkw])
				w->nkw++;
			else if (w->kw[w->nkw]) {
				free(w->kw[w->nkw]);
				w->kw[w->nkw] = NULL;
			}
	}
	/* document frequency of each bigram over the tasks, in a hash table
	 * (open addressing) of the bigrams in the order first met */
	size_t hcap = 16;
	while (hcap < 2 * total + 2)
		hcap *= 2;
	en->hmask = hcap - 1;
	en->hslot = malloc(hcap * sizeof *en->hslot);
	en->df_keys = malloc((total + 1) * sizeof *en->df_keys);
	en->df = malloc((total + 1) * sizeof *en->df);
	if (!en->hslot || !en->df_keys || !en->df)
		goto fail;
	memset(en->hslot, 0xFF, hcap * sizeof *en->hslot);
	for (size_t i = 0; i < en->ntw; i++)
		for (size_t j = 0; j < en->tw[i].nbg; j++) {
			uint64_t k = en->tw[i].bg[j];
			size_t h = hash_u64(k) & en->hmask;
			while (en->hslot[h] != UINT32_MAX && en->df_keys[en->hslot[h]] != k)
				h = (h + 1) & en->hmask;
			if (en->hslot[h] == UINT32_MAX) {
				en->hslot[h] = (uint32_t)en->ndf;
				en->df_keys[en->ndf] = k;
				en->df[en->ndf++] = 0;
			}
			en->df[en->hslot[h]]++;
		}
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
		free(en->tw[i].bg);
		free(en->tw[i].dept);
		free(en->tw[i].side);
		free(en->tw[i].name);
		if (en->tw[i].kw)
			for (size_t k = 0; k < en->tw[i].nkw; k++)
				free(en->tw[i].kw[k]);
		free(en->tw[i].kw);
	}
	free(en->tw);
	free(en->wt);
	free(en->post_off);
	free(en->post_task);
	free(en->dk_keys);
	free(en->dk_off);
	free(en->dk_task);
	for (size_t c = 0; c < NCLASSES; c++)
		free(en->cls_task[c]);
	free(en->anchors);
	free(en->kw_always);
	free(en->listed);
	free(en->town_bits);
	free(en->df_keys);
	free(en->hslot);
	free(en->df);
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
		if (has_u64(w->bg, w->nbg, bg[i])) {
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
static double action_flags_factor(const bool *in_work, const struct task_words *w)
{
	double f = 1;
	for (size_t c = 0; c < NCLASSES; c++) {
		if (in_work[c] && !w->cls[c]) /* cls: the task's side names the class */
			f *= 0.3;
		else if (!in_work[c] && w->name_cls[c])
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
	return action_flags_factor(in_work, w);
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

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool starts_any(const char *s, const char *const *p)
{
	for (; *p; p++)
		if (starts(s, *p))
			return true;
	return false;
}

static bool contains_any(const char *s, const char *const *p)
{
	for (; *p; p++)
		if (strstr(s, *p))
			return true;
	return false;
}

/* Skips an enumeration: (一) 一、 1. 1、 (1) 第一, */
static const char *skip_enum(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s == '(') {
		const char *e = strchr(s, ')');
		if (e && e - s <= 13)
			return skip_enum(e + 1);
	}
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || starts(p, "、")))
		return skip_enum(p + (*p == '.' ? 1 : strlen("、")));
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八",
	                                       "九", "十", NULL};
	p = s;
	for (bool more = true; more;) {
		more = false;
		for (const char *const *n = numerals; *n; n++)
			if (starts(p, *n)) {
				p += strlen(*n);
				more = true;
				break;
			}
	}
	if (p > s && starts(p, "、"))
		return skip_enum(p + strlen("、"));
	if (p > s && *p == '.')
		return skip_enum(p + 1);
	return s;
}

/* Reads a reference to towns at s: 各镇, 各林区镇, 两镇, 三岔口镇、道河镇...
 * Sets which[] (the addressed towns for a general reference) and *named
 * when towns are named; returns the bytes read, 0 when none. */
static size_t town_ref(const struct screen_engine *en, const char *s, const bool *addressed,
                       bool *which, bool *named)
{
	const struct screen_catalog *c = en->c;
	static const char *const general[] = {
		"全市各乡镇", "全市各镇", "各乡镇人民政府", "各镇人民政府", "各乡镇", "各有关镇",
		"各相关镇", "上述各镇", "以上各镇", "上述镇", "以上镇", "两镇", "三镇", "四镇", "五镇",
		"六镇", "各镇政府", "各镇", "镇人民政府", "镇政府", "你镇", "贵镇", "属地乡镇", "属地镇",
		"所在乡镇", "所在镇", "乡镇", NULL};
	for (const char *const *g = general; *g; g++)
		if (starts(s, *g)) {
			for (size_t i = 0; i < c->ntowns; i++)
				which[i] = addressed[i];
			*named = false;
			return strlen(*g);
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
		for (size_t i = 0; i < c->ntowns; i++)
			if (c->towns[i].name && *c->towns[i].name && starts(p, c->towns[i].name)) {
				if (!found)
					for (size_t j = 0; j < c->ntowns; j++)
						which[j] = false;
				which[i] = found = true;
				hit = strlen(c->towns[i].name);
				break;
			}
		if (!hit)
			break;
		used += hit;
		static const char *const seps[] = {"、", "和", "及", "与", ",", NULL};
		bool sep = false;
		for (const char *const *q = seps; *q; q++)
			if (starts(s + used, *q)) {
				const char *r = s + used + strlen(*q);
				for (size_t i = 0; i < c->ntowns; i++)
					if (starts(r, c->towns[i].name)) {
						used += strlen(*q);
						sep = true;
						break;
					}
				break;
			}
		if (!sep)
			break;
	}
	if (found)
		*named = true;
	return found ? used : 0;
}

/* True when the clause's subject, before its verb, is a department. */
static bool department_subject(const char *s)
{
	static const char *const verbs[] = {"负责", "将", "要", "牵头", "会同", "对", "应", "按", NULL};
	static const char *const bodies[] = {"局", "委", "办", "中心", "部门", "单位", "政府", "公安",
	                                     "法院", "队", "所", "站", "厅", "部", NULL};
	const char *end = NULL;
	for (const char *const *v = verbs; *v; v++) {
		const char *p = strstr(s, *v);
		if (p && (!end || p < end))
			end = p;
	}
	if (!end || end - s > 60)
		return false;
	for (const char *const *b = bodies; *b; b++) {
		const char *p = strstr(s, *b);
		if (p && p < end)
			return true;
	}
	return false;
}

static const char *const exhortations[] = {
	"高度重视", "组织领导", "落到实处", "议事日程", "亲自抓", "充分认识", "重要性", "责任感",
	"紧迫感", "提高认识", "思想认识", "加强领导", "统筹协调", "密切配合", "通力协作",
	"主要负责同志", "一把手", "认真贯彻", "精心组织", "周密部署", "形成合力", "政治站位",
	"责任担当", "担当作为", "大局意识", "抓紧抓实", "抓细抓实", "务求实效", "常抓不懈",
	"守土有责", "守土尽责", "工作合力", "协调配合", "思想重视", "政治责任", "扛起", "扛牢",
	"压紧压实", NULL};
static const char *const prohibitions[] = {"严禁", "禁止", "不得", "杜绝", "严防", "不准", NULL};
static const char *const goals[] = {"确保", "做到", "力争", "防止", "避免", "切实增强", "以便",
                                    "使", "让", "促进", "推动形成", NULL};
static const char *const purposes[] = {"为", "根据", "按照", "针对", "结合", "围绕", "对照", NULL};
static const char *const carry_starts[] = {"要", "并", "同时", "还要", "另外", "此外", "组织",
                                           "开展", "做好", "落实", "加强", "督促", "指导",
                                           "负责", "建立", "推进", "受理", "积极", NULL};
static const char *const modals[] = {"同时", "也要", "还要", "要", "须", "需", "应当", "应", "必须",
                                     "务必", NULL};

static bool report_back(const char *s)
{
	return strstr(s, "报送") || strstr(s, "报市") || strstr(s, "报至") || strstr(s, "抄送") ||
	       ((strstr(s, "上报") || strstr(s, "报告")) && strstr(s, "前") &&
	        (strstr(s, "于") || strstr(s, "在")));
}

/* A clause that is no work: exhortation, prohibition, goal, report-back. */
static bool no_work(const char *s)
{
	return contains_any(s, exhortations) || starts_any(s, prohibitions) || starts_any(s, goals) ||
	       report_back(s);
}

struct sentence {
	struct screen_span span;
	struct screen_span *cl;
	size_t ncl;
	char **norm; /* each clause normalised; NULL when invalid */
};

static void sentence_free(struct sentence *s)
{
	for (size_t i = 0; i < s->ncl; i++)
		free(s->norm[i]);
	free(s->norm);
	free(s->cl);
}

static bool sentence_load(const char *text, struct screen_span span, struct sentence *s)
{
	memset(s, 0, sizeof *s);
	s->span = span;
	s->ncl = screen_clauses(text, span, &s->cl);
	if (s->ncl > MAX_CLAUSES)
		s->ncl = MAX_CLAUSES;
	s->norm = calloc(s->ncl + 1, sizeof *s->norm);
	if (!s->norm) {
		free(s->cl);
		return false;
	}
	for (size_t i = 0; i < s->ncl; i++) {
		size_t len = s->cl[i].length;
		if (len > MAX_CLAUSE_BYTES) {
			len = MAX_CLAUSE_BYTES;
			while (len && ((unsigned char)text[s->cl[i].offset + len] & 0xC0) == 0x80)
				len--;
		}
		s->norm[i] = screen_normalize(text + s->cl[i].offset, len);
	}
	return true;
}

/* The subject of a sentence.  Sets which[] and returns the clause where
 * the work starts (and in *work_at the byte in it), or -1 when the
 * sentence gives towns no work of its own: SUBJECT_DEPARTMENT,
 * SUBJECT_NONE. */
enum subject { SUBJECT_TOWNS, SUBJECT_NAMED, SUBJECT_DEPARTMENT, SUBJECT_NONE };

static enum subject find_subject(const struct screen_engine *en, const struct sentence *s,
                                 const bool *addressed, bool *which, size_t *clause,
                                 size_t *work_at)
{
	for (size_t i = 0; i < s->ncl && i < 2; i++) {
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
		size_t n = town_ref(en, q, addressed, which, &named);
		if (n) {
			q += n;
			if (starts(q, "人民政府"))
				q += strlen("人民政府");
			for (const char *const *m = modals; *m; m++)
				if (starts(q, *m)) {
					q += strlen(*m);
					break;
				}
			*clause = i;
			*work_at = (size_t)(q - c0);
			return named ? SUBJECT_NAMED : SUBJECT_TOWNS;
		}
		if (department_subject(p))
			return SUBJECT_DEPARTMENT;
		/* a lead-in (为…, 根据…, 4月底前,) before the subject */
		if (!starts_any(p, purposes) && strlen(p) > 3 * 12)
			break;
	}
	return SUBJECT_NONE;
}

/* True when the sentence ends with a full stop (not a heading's line end). */
static bool full_stop(const char *text, struct screen_span sp)
{
	size_t end = sp.offset + sp.length;
	static const char *const stops[] = {"。", "；", "！", ".", ";", "!", NULL};
	for (const char *const *p = stops; *p; p++) {
		size_t l = strlen(*p);
		if (sp.length >= l && memcmp(text + end - l, *p, l) == 0)
			return true;
	}
	return false;
}

static bool addressee_line(const char *s)
{
	size_t l = strlen(s);
	return l && s[l - 1] == ':' && (strstr(s, "政府") || strstr(s, "镇") || strstr(s, "部门") ||
	                                strstr(s, "单位"));
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
 * 违法行为立案调查 -> 辖区工贸企业违法行为), joined by '|'. */
static char *objects(const char *act)
{
	static const char *const ends[] = {"开展", "进行", "实施", "立案", "依法", "组织", "作出",
	                                   "提出", "实行", "要", "的", "|", "及时", "落实", NULL};
	static const char *const not_prep[] = {"象", "于", "照", "接", "策", "比", "外", NULL};
	size_t len = strlen(act);
	char *out = malloc(len + 2), *o = out;
	if (!out)
		return NULL;
	for (const char *p = strstr(act, "对"); p; p = strstr(p, "对")) {
		p += strlen("对");
		if (starts_any(p, not_prep))
			continue;
		const char *e = p + strlen(p);
		for (const char *const *x = ends; *x; x++) {
			const char *f = strstr(p, *x);
			if (f && f < e)
				e = f;
		}
		memcpy(o, p, (size_t)(e - p));
		o += e - p;
		*o++ = '|';
		p = e;
	}
	*o = 0;
	return out;
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

/* Scores one piece of work (its sorted bigrams bg and its text) against
 * every task at once: adds to x->acc the weight of the piece's bigrams
 * each task has (half for an action of a class the task's side names,
 * as coverage() does, in the same order, so the sums are the same to the
 * bit) and sets x->kwmark for the tasks with a keyword in the text.
 * With `collect`, every task touched becomes a candidate (in cs);
 * otherwise only cs's tasks are touched.  Returns
 * the piece's total weight. */
static double piece_hits(const struct screen_engine *en, struct scratch *x, struct cands *cs,
                         const uint64_t *bg, size_t nbg, const char *text, bool collect)
{
	double all = 0;
	x->kwgen++;
	for (size_t i = 0; i < nbg; i++) {
		size_t j = df_find(en, bg[i]);
		double w = j == SIZE_MAX ? en->wt_none : en->wt[j];
		all += w;
		if (j != SIZE_MAX)
			for (uint32_t p = en->post_off[j]; p < en->post_off[j + 1]; p++) {
				uint32_t t = en->post_task[p];
				if (cs->mark[t] != cs->gen) {
					/* a clause's or the object's bigrams are the whole
					 * work's: they touch only its candidates */
					if (!collect)
						continue;
					cs->mark[t] = cs->gen;
					cs->list[cs->n++] = t;
					cs->bits[t / 64] |= (uint64_t)1 << (t % 64);
				}
				x->acc[t] += w;
			}
		unsigned cls = classes_of(bg[i]);
		for (size_t c = 0; cls && c < NCLASSES; c++) {
			if (!(cls & 1u << c))
				continue;
			for (size_t k = 0; k < en->ncls_task[c]; k++) {
				uint32_t t = en->cls_task[c][k];
				const struct task_words *tw = &en->tw[t];
				bool earlier = false; /* credited for another class already */
				for (size_t c2 = 0; c2 < c && !earlier; c2++)
					earlier = (cls & 1u << c2) && tw->cls[c2];
				if (earlier || has_u64(tw->bg, tw->nbg, bg[i]))
					continue;
				if (cs->mark[t] != cs->gen) {
					if (!collect)
						continue;
					cs->mark[t] = cs->gen;
					cs->list[cs->n++] = t;
					cs->bits[t / 64] |= (uint64_t)1 << (t % 64);
				}
				x->acc[t] += w / 2;
			}
		}
		/* keywords anchored at this bigram */
		size_t lo = 0, hi = en->nanchors;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (en->anchors[mid].key < bg[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < en->nanchors && en->anchors[lo].key == bg[i]; lo++) {
			uint32_t t = en->anchors[lo].task;
			if (x->kwmark[t] != x->kwgen && strstr(text, en->tw[t].kw[en->anchors[lo].kw]))
				x->kwmark[t] = x->kwgen;
		}
	}
	for (size_t k = 0; k < en->nkw_always; k++) {
		uint32_t t = en->kw_always[k];
		const struct task_words *tw = &en->tw[t];
		for (size_t i = 0; i < tw->nkw && x->kwmark[t] != x->kwgen; i++)
			if (strstr(text, tw->kw[i]))
				x->kwmark[t] = x->kwgen;
		if (collect && x->kwmark[t] == x->kwgen && cs->mark[t] != cs->gen) {
			cs->mark[t] = cs->gen;
			cs->list[cs->n++] = t;
			cs->bits[t / 64] |= (uint64_t)1 << (t % 64);
		}
	}
	return all;
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

/* Rewrites cs->list in ascending order from the bits (clearing them):
 * a walk over all tasks' bits is cheaper than sorting thousands. */
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

/* Scores every task against the sentence's work clauses [from, ncl), into
 * x->sc: only the candidates (the tasks sharing a bigram, an action
 * class or a keyword with the work; any other scores 0) are looked at,
 * and x->main.list holds them in ascending order afterwards. */
static bool score_tasks(const struct screen_engine *en, const struct sentence *s, size_t from,
                        size_t work_at, const bool *keep, struct scratch *x)
{
	/* the whole work, clauses joined by '|' */
	size_t len = 1;
	for (size_t i = from; i < s->ncl; i++)
		if (keep[i])
			len += strlen(s->norm[i]) + 1;
	char *whole = malloc(len), *p = whole;
	if (!whole)
		return false;
	char *act = malloc(len), *q = act;
	if (!act) {
		free(whole);
		return false;
	}
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
	size_t nw = 0, no = 0;
	uint64_t *bw = bigrams(whole, &nw);
	char *obj = objects(act);
	uint64_t *bo = obj ? bigrams(obj, &no) : NULL;
	bool ok = bw && obj && bo;
	struct cands *cs = &x->main;
	cs->gen++;
	cs->n = 0;
	double all_w = 0;
	if (ok) {
		all_w = piece_hits(en, x, cs, bw, nw, whole, true);
		for (size_t k = 0; k < cs->n; k++) {
			uint32_t t = cs->list[k];
			x->whole[t] = piece_value(x, t, all_w);
			x->clause[t] = -1;
			x->sc[t].clause = from;
			x->acc[t] = 0;
		}
	}
	for (size_t i = from; ok && i < s->ncl; i++) {
		if (!keep[i] || trigger(s->norm[i]))
			continue;
		const char *ct = s->norm[i] + (i == from ? work_at : 0);
		size_t nb = 0;
		uint64_t *bc = bigrams(ct, &nb);
		if (!bc) {
			ok = false;
			break;
		}
		if (nb >= 2) {
			double all = piece_hits(en, x, cs, bc, nb, ct, false);
			for (size_t k = 0; k < cs->n; k++) {
				uint32_t t = cs->list[k];
				double v = piece_value(x, t, all);
				if (v > x->clause[t]) {
					x->clause[t] = v;
					x->sc[t].clause = i;
				}
				x->acc[t] = 0;
			}
		}
		free(bc);
	}
	if (ok && no) {
		double all = piece_hits(en, x, cs, bo, no, obj, false);
		for (size_t k = 0; k < cs->n; k++) {
			uint32_t t = cs->list[k];
			/* stash the object's coverage in sc[t].score for now */
			x->sc[t].score = piece_value(x, t, all);
			x->acc[t] = 0;
		}
	}
	/* the department parts' share of the whole work */
	for (size_t i = 0; ok && i < nw; i++) {
		size_t lo = 0, hi = en->ndk;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (en->dk_keys[mid] < bw[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == en->ndk || en->dk_keys[lo] != bw[i])
			continue;
		size_t j = df_find(en, bw[i]);
		double w = j == SIZE_MAX ? en->wt_none : en->wt[j];
		for (uint32_t k = en->dk_off[lo]; k < en->dk_off[lo + 1]; k++)
			x->dacc[en->dk_task[k]] += w;
	}
	bool in_work[NCLASSES];
	work_classes(act, in_work);
	for (size_t k = 0; ok && k < cs->n; k++) {
		uint32_t t = cs->list[k];
		const struct task_words *w = &en->tw[t];
		double best = x->whole[t], best_clause = x->clause[t];
		/* one clause may carry the work; the whole sentence breaks ties */
		if (best_clause >= 0 && 0.8 * best_clause + 0.2 * best > best)
			best = 0.8 * best_clause + 0.2 * best;
		if (no) {
			/* the object breaks ties between tasks of the same action;
			 * work on an object the task never names fits it less
			 * (农机作业 is not 特种设备) */
			double oc = x->sc[t].score;
			best = oc > 0 ? best + 0.1 * oc : best * 0.8;
		}
		/* 配合履职 whose department's part carries the match: the town is
		 * given the department's side of the work */
		if (w->ndept && (all_w > 0 ? x->dacc[t] / all_w : 0) * 2 > best)
			best *= 0.5;
		if (best > 1)
			best = 1;
		x->sc[t].score = best * action_flags_factor(in_work, w);
	}
	/* dacc back to zero: the same walk */
	for (size_t i = 0; i < nw; i++) {
		size_t lo = 0, hi = en->ndk;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (en->dk_keys[mid] < bw[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == en->ndk || en->dk_keys[lo] != bw[i])
			continue;
		for (uint32_t k = en->dk_off[lo]; k < en->dk_off[lo + 1]; k++)
			x->dacc[en->dk_task[k]] = 0;
	}
	cands_sort(cs);
	free(bw);
	free(bo);
	free(obj);
	free(whole);
	free(act);
	return ok;
}

static void scratch_free(struct scratch *x);

static bool scratch_new(struct scratch *x, size_t ntw)
{
	memset(x, 0, sizeof *x);
	size_t n = ntw + 1;
	x->acc = calloc(n, sizeof *x->acc);
	x->dacc = calloc(n, sizeof *x->dacc);
	x->whole = calloc(n, sizeof *x->whole);
	x->clause = calloc(n, sizeof *x->clause);
	x->kwmark = calloc(n, sizeof *x->kwmark);
	x->main.mark = calloc(n, sizeof *x->main.mark);
	x->main.list = calloc(n, sizeof *x->main.list);
	x->extra.mark = calloc(n, sizeof *x->extra.mark);
	x->extra.list = calloc(n, sizeof *x->extra.list);
	x->main.bits = calloc(n / 64 + 1, sizeof *x->main.bits);
	x->extra.bits = calloc(n / 64 + 1, sizeof *x->extra.bits);
	x->sc = calloc(n, sizeof *x->sc);
	if (x->acc && x->dacc && x->whole && x->clause && x->kwmark && x->main.mark &&
	    x->main.list && x->extra.mark && x->extra.list && x->main.bits && x->extra.bits &&
	    x->sc)
		return true;
	scratch_free(x);
	return false;
}

static void scratch_free(struct scratch *x)
{
	free(x->acc);
	free(x->dacc);
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
static bool second_work(const struct screen_engine *en, struct scratch *x,
                        const struct sentence *s, size_t from,
                        const bool *keep, const bool *which, bool named, bool carried,
                        size_t first_ix, const struct scored *sc,
                        struct screen_result *r, size_t *cap)
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
			double all = piece_hits(en, x, cs, bg, nb, s->norm[i], true);
			cands_sort(cs);
			bool in_work[NCLASSES];
			work_classes(s->norm[i], in_work);
			for (size_t k = 0; k < cs->n; k++) {
				uint32_t t = cs->list[k];
				double v = piece_value(x, t, all) * action_flags_factor(in_work, &en->tw[t]);
				x->acc[t] = 0;
				if (v > top) {
					top = v;
					best = t;
				}
			}
		}
		/* the first task covers it too: more of the same work */
		double same = first && nb >= 2 ? coverage(en, bg, nb, s->norm[i], first) : 0;
		free(bg);
		/* ...or the other task covers the first work too */
		if (best == SIZE_MAX || top < SURE || same >= 0.2 || sc[best].score >= 0.2 ||
		    best == first_ix)
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
	bool scored = main_keep && towns && score_tasks(en, s, from, work_at, main_keep, x);
	free(main_keep);
	if (!scored) {
		scores_clear(x);
		free(towns);
		return false;
	}
	/* the best task overall, and the best on a list of one of the towns:
	 * among the candidates (ascending, as a walk over all tasks would
	 * find them); every other task scores 0 and can be neither unless
	 * all do, when task 0 stands for them (it decides nothing then) */
	size_t best = SIZE_MAX, best_on = SIZE_MAX, tw = en->town_words;
	uint64_t *wb = calloc(tw + 1, sizeof *wb); /* which[] as bits */
	if (!wb) {
		scores_clear(x);
		free(towns);
		return false;
	}
	for (size_t i = 0; i < c->ntowns; i++)
		if (which[i])
			wb[i / 64] |= (uint64_t)1 << (i % 64);
	for (size_t k = 0; k < x->main.n; k++) {
		size_t t = x->main.list[k];
		if (best == SIZE_MAX || sc[t].score > sc[best].score)
			best = t;
		bool listed = false;
		for (size_t i = 0; i < tw && !listed; i++)
			listed = (wb[i] & en->town_bits[t * tw + i]) != 0;
		if (listed && (best_on == SIZE_MAX || sc[t].score > sc[best_on].score))
			best_on = t;
	}
	free(wb);
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
		scores_clear(x);
		free(towns);
		return false;
	}
	r->counts[f.verdict]++;
	bool ok = second_work(en, x, s, from, keep, which, named, carried,
	                      f.task ? chosen : SIZE_MAX, sc, r, cap);
	scores_clear(x);
	return ok;
}

bool screen_is_assignment(const struct screen_engine *en, const char *sentence, bool *which)
{
	size_t len = strlen(sentence);
	struct screen_span span = {0, len};
	struct sentence s;
	if (!sentence_load(sentence, span, &s))
		return false;
	size_t n = en->c->ntowns;
	bool *addressed = malloc(n + 1);
	bool ok = false;
	if (addressed) {
		memset(addressed, 1, n + 1);
		size_t from = 0, at = 0;
		enum subject sub = find_subject(en, &s, addressed, which, &from, &at);
		if (sub == SUBJECT_TOWNS || sub == SUBJECT_NAMED)
			for (size_t i = from; i < s.ncl && !ok; i++)
				ok = s.norm[i] && !no_work(s.norm[i] + (i == from ? at : 0)) &&
				     *(s.norm[i] + (i == from ? at : 0));
	}
	free(addressed);
	sentence_free(&s);
	return ok;
}

bool screen_text(const struct screen_engine *en, const char *only_town, const char *text,
                 size_t len, struct screen_result *out)
{
	memset(out, 0, sizeof *out);
	const struct screen_catalog *c = en->c;
	size_t cap = 0, nt = c->ntowns;
	struct screen_span *sent = NULL;
	size_t ns = screen_sentences(text, len, &sent);
	bool *addressed = calloc(nt + 1, 1), *which = calloc(nt + 1, 1), *prev = calloc(nt + 1, 1);
	struct scratch x;
	bool ok = addressed && which && prev && scratch_new(&x, en->ntw);
	bool have_prev = false, prev_named = false, addressee_seen = false;
	for (size_t i = 0; i < nt && ok; i++)
		addressed[i] = !only_town || strcmp(c->towns[i].code, only_town) == 0;
	out->sentences = ns;
	for (size_t si = 0; si < ns && ok; si++) {
		struct sentence s;
		if (!sentence_load(text, sent[si], &s)) {
			ok = false;
			break;
		}
		const char *first = s.ncl ? s.norm[0] : NULL;
		/* the addressee line: 三岔口镇人民政府、道河镇人民政府: */
		char *whole = screen_normalize(text + s.span.offset,
		                               s.span.length > MAX_CLAUSE_BYTES ? 0 : s.span.length);
		if (!addressee_seen && whole && si < 8 && addressee_line(whole)) {
			addressee_seen = true;
			bool any = false;
			for (size_t i = 0; i < nt; i++)
				if (strstr(whole, c->towns[i].name) &&
				    (!only_town || strcmp(c->towns[i].code, only_town) == 0))
					any = true;
			if (any && !strstr(whole, "各镇") && !strstr(whole, "各乡镇"))
				for (size_t i = 0; i < nt; i++)
					addressed[i] = strstr(whole, c->towns[i].name) &&
					               (!only_town || strcmp(c->towns[i].code, only_town) == 0);
			free(whole);
			sentence_free(&s);
			have_prev = false;
			continue;
		}
		free(whole);
		size_t from = 0, at = 0;
		enum subject sub = first ? find_subject(en, &s, addressed, which, &from, &at)
		                         : SUBJECT_NONE;
		bool carried = false;
		if (sub == SUBJECT_NONE && have_prev && first && full_stop(text, s.span)) {
			const char *p = skip_enum(first);
			if (starts_any(p, carry_starts)) {
				memcpy(which, prev, nt);
				sub = prev_named ? SUBJECT_NAMED : SUBJECT_TOWNS;
				carried = true;
				from = 0;
				at = (size_t)(p - first);
				for (const char *const *m = modals; *m; m++)
					if (starts(first + at, *m)) {
						at += strlen(*m);
						break;
					}
			}
		}
		if (only_town)
			for (size_t i = 0; i < nt; i++)
				which[i] = which[i] && strcmp(c->towns[i].code, only_town) == 0;
		if (sub == SUBJECT_DEPARTMENT) {
			have_prev = false;
		} else if (sub == SUBJECT_TOWNS || sub == SUBJECT_NAMED) {
			bool *keep = calloc(s.ncl + 1, 1);
			bool any = false, anytown = false;
			for (size_t i = 0; i < nt; i++)
				anytown |= which[i];
			for (size_t i = from; keep && i < s.ncl; i++) {
				const char *cl = s.norm[i] ? s.norm[i] + (i == from ? at : 0) : NULL;
				keep[i] = cl && *cl && !no_work(cl);
				any |= keep[i];
			}
			if (!keep)
				ok = false;
			else if (any && anytown) {
				out->assignments++;
				ok = judge(en, &x, text, &s, from, at, keep, which, sub == SUBJECT_NAMED, carried,
				           out, &cap);
			}
			free(keep);
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
		sentence_free(&s);
	}
	free(sent);
	if (addressed && which && prev)
		scratch_free(&x);
	free(addressed);
	free(which);
	free(prev);
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
