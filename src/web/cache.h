/* cache.h - finished answers to anonymous GET requests, kept per worker
 * thread and thrown away as soon as the database changes.
 *
 * What the public reads (published lists, the catalogue, guides) changes
 * rarely and is the same for every anonymous reader, so each thread keeps
 * the bytes it sent, keyed by the request (method, API or page, language,
 * path and query), and valid for one database version: the version moves
 * with any commit, from this process or another (store_data_version).
 * Logged-in callers are never served from here: their pages carry their
 * name and tokens. */
#ifndef DUTYLIST_WEB_CACHE_H
#define DUTYLIST_WEB_CACHE_H

#include <stddef.h>

#include "../util/buf.h"

struct cached {
	const char *body;
	size_t len;
	const char *content_type;
	const char *etag;
};

/* The entry for key if it was made at this database version. */
const struct cached *cache_get(const char *key, long long version);
/* Keeps a copy of the answer; computes its strong ETag. */
const struct cached *cache_put(const char *key, long long version, const char *body, size_t len,
                               const char *content_type);
/* Frees this thread's entries (at thread exit). */
void cache_clear(void);

#endif
