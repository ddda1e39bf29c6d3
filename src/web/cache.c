/* cache.c - see cache.h.  A small open-addressed table per thread; when it
 * fills up or the version moves, everything goes (rebuilding costs one
 * database read per page, so no finer eviction is worth its code). */
#include "cache.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512 /* a power of two; at most half are used */
#define MAX_BODY (4 * 1024 * 1024)

struct entry {
	char *key;
	struct cached c;
};

static _Thread_local struct entry *t_table;
static _Thread_local size_t t_used;
static _Thread_local long long t_version = -1;

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void cache_clear(void)
{
	if (!t_table)
		return;
	for (size_t i = 0; i < SLOTS; i++) {
		free(t_table[i].key);
		free((char *)t_table[i].c.body);
		free((char *)t_table[i].c.etag);
	}
	free(t_table);
	t_table = NULL;
	t_used = 0;
}

static struct entry *slot(const char *key)
{
	size_t i = hash(key) & (SLOTS - 1);
	while (t_table[i].key && strcmp(t_table[i].key, key) != 0)
		i = (i + 1) & (SLOTS - 1);
	return &t_table[i];
}

const struct cached *cache_get(const char *key, long long version)
{
	if (!t_table || version != t_version)
		return NULL;
	struct entry *e = slot(key);
	return e->key ? &e->c : NULL;
}

const struct cached *cache_put(const char *key, long long version, const char *body, size_t len,
                               const char *content_type)
{
	if (len > MAX_BODY)
		return NULL;
	if (version != t_version || t_used >= SLOTS / 2)
		cache_clear();
	if (!t_table)
		t_table = xcalloc(SLOTS, sizeof *t_table);
	t_version = version;
	struct entry *e = slot(key);
	if (e->key)
		return &e->c;
	unsigned char digest[crypto_generichash_BYTES_MIN];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)body, len, NULL, 0);
	char hex[sizeof digest * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	struct buf etag = {0};
	buf_printf(&etag, "\"%s\"", hex);
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	e->key = xstrdup(key);
	e->c = (struct cached){copy, len, content_type, etag.data};
	t_used++;
	return &e->c;
}
