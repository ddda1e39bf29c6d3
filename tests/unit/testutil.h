/* testutil.h - what the unit tests share: cmocka, temporary databases and
 * catalogues built from CSV text. */
#ifndef DUTYLIST_TESTUTIL_H
#define DUTYLIST_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka after the headers it needs */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "io/catalog_csv.h"
#include "util/buf.h"
#include "util/diag.h"

/* A fresh path for a database in a new temporary directory; the caller
 * frees it with temp_db_free, which removes the files. */
static inline char *temp_db(void)
{
	char dir[] = "/tmp/dutylist-test-XXXXXX";
	if (!mkdtemp(dir))
		abort();
	struct buf b = {0};
	buf_printf(&b, "%s/test.db", dir);
	return b.data;
}

static inline void temp_db_free(char *path)
{
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		struct buf b = {0};
		buf_printf(&b, "%s%s", path, suffix[i]);
		unlink(b.data);
		buf_free(&b);
	}
	char *slash = strrchr(path, '/');
	*slash = '\0';
	rmdir(path);
	free(path);
}

/* Parses CSV text as the exchange file `name` into c; returns the number
 * of diagnostics it added to d. */
static inline size_t read_csv(struct catalog *c, const char *name, const char *text,
                              struct diag *d)
{
	size_t before = d->n;
	catalog_csv_read(c, name, text, strlen(text), d);
	return d->n - before;
}

/* True when some line of d equals want. */
static inline int diag_has(const struct diag *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->lines[i], want) == 0)
			return 1;
	return 0;
}

/* Fails the test, showing every line, when d lacks want. */
#define assert_diag(d, want)                                                     \
	do {                                                                     \
		if (!diag_has((d), (want))) {                                    \
			for (size_t i_ = 0; i_ < (d)->n; i_++)                   \
				print_error("  have: %s\n", (d)->lines[i_]);      \
			fail_msg("missing diagnostic: %s", (want));               \
		}                                                                \
	} while (0)

/* A small valid catalogue: two towns, two departments, three bases (one
 * repealed), a few tasks. */
#define TOWNS_CSV                                             \
	"code,name,kind,population,area_km2,tags\n"               \
	"100000001,甲镇,镇,1000,10.5,林区;边境\n"                  \
	"100000002,乙乡,乡,2000,20,农业\n"
#define DEPARTMENTS_CSV                                       \
	"code,name,dispatched_agency\n"                           \
	"D01,市林业局,林业站\n"                                    \
	"D02,市农业局,\n"
#define BASES_CSV                                                              \
	"code,kind,title,doc_no,issuer,level,effective_date,status\n"              \
	"B1,法律,中华人民共和国森林法,,全国人大常委会,国家,2020-07-01,现行有效\n"     \
	"B2,行政法规,某条例,国务院令第1号,国务院,国家,2019-01-01,现行有效\n"           \
	"B3,规范性文件,已废止文件,黑政发〔2010〕1号,省政府,省,2010-01-01,已废止\n"
#define TASK_HEADER                                                              \
	"code,category,duty,name,list_type,lead_department,township_part,"           \
	"department_part,public_service,applies_to,bases,keywords\n"
#define TASKS_CSV                                                                \
	TASK_HEADER                                                              \
	"ST-01,生态环境保护,森林防火,森林防火巡查,基本履职,,组织巡查,,否,全部,B1:第二条,巡山\n" \
	"ST-02,生态环境保护,林业执法,林业行政处罚,上级部门收回,D01,,负责处罚,否,tag:林区,B1;B3,\n" \
	"JJ-01,经济发展,农业,农技推广,配合履职,D02,配合推广,组织推广,是,tag:农业;town:100000001,B2,\n"

#endif
