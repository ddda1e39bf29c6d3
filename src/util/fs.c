#include "fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

enum status fs_read(const char *path, size_t max_len, char **data, size_t *len,
                    struct error *e)
{
	*data = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(e, STATUS_IO, NULL, "%s: %s", path, strerror(errno));
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max_len) {
			fclose(f);
			buf_free(&b);
			return error_set(e, STATUS_INVALID, NULL,
			                 "%s: larger than %zu bytes", path, max_len);
		}
		buf_append(&b, chunk, n);
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		buf_free(&b);
		return error_set(e, STATUS_IO, NULL, "%s: read error", path);
	}
	if (!b.data)
		buf_append(&b, "", 0);
	*data = b.data;
	*len = b.len;
	return STATUS_OK;
}

enum status fs_write(const char *path, const void *data, size_t len, struct error *e)
{
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp.data, "wb");
	if (!f) {
		enum status s = error_set(e, STATUS_IO, NULL, "%s: %s", path, strerror(errno));
		buf_free(&tmp);
		return s;
	}
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fflush(f) == 0) && ok;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.data, path) != 0) {
		enum status s = error_set(e, STATUS_IO, NULL, "%s: %s", path, strerror(errno));
		remove(tmp.data);
		buf_free(&tmp);
		return s;
	}
	buf_free(&tmp);
	return STATUS_OK;
}

bool fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

bool fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
