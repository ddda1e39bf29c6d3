/* review.c - the kinds of proposal and the similarity of names (see
 * review.h). */
#include "review.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *const proposal_action_key[PROPOSE_ACTION_COUNT] = {"add", "remove", "move",
                                                                 "change"};

int proposal_action_from_key(const char *key)
{
	for (int i = 0; i < PROPOSE_ACTION_COUNT; i++)
		if (strcmp(proposal_action_key[i], key) == 0)
			return i;
	return -1;
}

/* Words that say nothing about which duty is meant. */
static const char *const filler[] = {"开展", "做好", "组织", "负责", "加强", "落实", "推进",
                                     "工作", "相关", "有关", "进行", "实施", "的", NULL};

#define MAX_CHARS 256

/* The text's characters (code points) after NFKC, without punctuation,
 * spaces and filler words; returns the count. */
static size_t significant(const char *s, int32_t *out)
{
	utf8proc_uint8_t *norm = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &norm,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE) < 0)
		return 0;
	char *text = (char *)norm;
	for (const char *const *f = filler; *f; f++) {
		size_t n = strlen(*f);
		for (char *p = strstr(text, *f); p; p = strstr(p, *f))
			memmove(p, p + n, strlen(p + n) + 1);
	}
	size_t n = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	while (*p && n < MAX_CHARS) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0)
			break;
		p += len;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_ZP) /* punctuation, space */
			continue;
		out[n++] = cp;
	}
	free(norm);
	return n;
}

/* The Dice coefficient of two texts already reduced to their significant
 * code points. */
static double dice(const int32_t *x, size_t nx, const int32_t *y, size_t ny)
{
	if (nx < 2 || ny < 2)
		return nx == ny && nx && x[0] == y[0] ? 1.0 : 0.0;
	/* Dice over bigram multisets: 2·|common| / (|A| + |B|). */
	bool used[MAX_CHARS] = {false};
	size_t common = 0;
	for (size_t i = 0; i + 1 < nx; i++)
		for (size_t j = 0; j + 1 < ny; j++)
			if (!used[j] && x[i] == y[j] && x[i + 1] == y[j + 1]) {
				used[j] = true;
				common++;
				break;
			}
	return 2.0 * (double)common / (double)((nx - 1) + (ny - 1));
}

double text_similarity(const char *a, const char *b)
{
	int32_t x[MAX_CHARS], y[MAX_CHARS];
	size_t nx = significant(a, x), ny = significant(b, y);
	return dice(x, nx, y, ny);
}

/* Union-find with path halving; the root is the smallest index. */
static size_t find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void unite(size_t *parent, size_t a, size_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

struct posting {
	uint64_t bigram;
	size_t item;
};

static int cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;
	if (x->bigram != y->bigram)
		return x->bigram < y->bigram ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* A bigram so common that every name has it tells nothing apart; those
 * lists are not walked pair by pair. */
#define MAX_POSTINGS 400

void review_cluster(const char *const *names, size_t n, double threshold, size_t *root)
{
	size_t cap = 64, np = 0;
	struct posting *p = malloc(cap * sizeof *p);
	/* each name reduced once (NFKC, filler, punctuation), not per pair */
	int32_t *all = malloc((n ? n : 1) * MAX_CHARS * sizeof *all);
	size_t *len = malloc((n ? n : 1) * sizeof *len);
	if (!p || !all || !len)
		abort();
	for (size_t i = 0; i < n; i++) {
		root[i] = i;
		int32_t *cps = all + i * MAX_CHARS;
		size_t m = len[i] = significant(names[i], cps);
		for (size_t k = 0; k + 1 < m; k++) {
			if (np == cap) {
				cap *= 2;
				struct posting *q = realloc(p, cap * sizeof *p);
				if (!q)
					abort();
				p = q;
			}
			p[np++] = (struct posting){((uint64_t)(uint32_t)cps[k] << 32) | (uint32_t)cps[k + 1], i};
		}
	}
	qsort(p, np, sizeof *p, cmp_posting);
	for (size_t start = 0; start < np;) {
		size_t end = start;
		while (end < np && p[end].bigram == p[start].bigram)
			end++;
		if (end - start <= MAX_POSTINGS)
			for (size_t a = start; a < end; a++)
				for (size_t b = a + 1; b < end; b++) {
					size_t x = p[a].item, y = p[b].item;
					if (x == y || find(root, x) == find(root, y))
						continue;
					if (dice(all + x * MAX_CHARS, len[x], all + y * MAX_CHARS,
					         len[y]) >= threshold)
						unite(root, x, y);
				}
		start = end;
	}
	for (size_t i = 0; i < n; i++)
		root[i] = find(root, i);
	free(p);
	free(all);
	free(len);
}
