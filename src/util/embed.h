/* embed.h - files built into the binary (see tools/embed.c). */
#ifndef DUTYLIST_EMBED_H
#define DUTYLIST_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* as in the source tree: "data/demo/towns.csv" */
	const unsigned char *data; /* NUL-terminated */
	size_t size;
};

/* Ends with an entry whose path is NULL. */
extern const struct embedded_file embedded_files[];

/* The file with this path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
