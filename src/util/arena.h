/* arena.h - a bump allocator for data that lives and dies together.
 *
 * A parsed catalogue allocates thousands of small strings; they all belong
 * to the catalogue and are freed with it by one arena_free.  Nothing taken
 * from an arena is freed on its own. */
#ifndef DUTYLIST_ARENA_H
#define DUTYLIST_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t n);          /* zeroed, aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

#endif
