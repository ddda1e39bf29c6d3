/* database.c - making a new database, empty or with the demo catalogue. */
#include "app.h"

#include <stdio.h>

#include "../io/catalog_csv.h"
#include "../util/buf.h"
#include "../util/embed.h"

enum status database_create(const char *path, bool empty, const struct actor *who,
                            struct import_result *res, struct diag *d, struct error *e)
{
	struct store *s;
	enum status st = store_open(path, STORE_CREATE, &s, e);
	if (st != STATUS_OK)
		return st;
	*res = (struct import_result){0};
	if (!empty) {
		struct catalog demo = {0};
		for (size_t i = 0; i < catalog_csv_nfiles; i++) {
			struct buf name = {0};
			buf_printf(&name, "data/demo/%s", catalog_csv_files[i]);
			const struct embedded_file *f = embedded_find(name.data);
			buf_free(&name);
			if (f)
				catalog_csv_read(&demo, catalog_csv_files[i], (const char *)f->data,
				                 f->size, d);
		}
		if (d->n)
			st = error_set(e, STATUS_INVALID, NULL, "the demo catalogue has %zu errors", d->n);
		else
			st = catalog_import(s, who, &demo, "demo", res, d, e);
		catalog_free(&demo);
	}
	store_close(s);
	if (st != STATUS_OK) {
		/* A half-made database is worse than none. */
		const char *suffix[] = {"", "-wal", "-shm"};
		for (size_t i = 0; i < 3; i++) {
			struct buf p = {0};
			buf_printf(&p, "%s%s", path, suffix[i]);
			remove(p.data);
			buf_free(&p);
		}
	}
	return st;
}
