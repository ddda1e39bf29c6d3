/* screen.c - `dutylist screen`: screens notices (防护屏障) against the
 * towns' lists in force; see src/screen/screen.h and docs/screening.md. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/list.h"
#include "../io/text.h"
#include "../screen/screen.h"
#include "cmd.h"

#define MAX_FILE_BYTES TEXT_MAX_BYTES

/* Reads a notice: the bytes of the file, then text_read_notice (UTF-8,
 * GBK/GB18030 or .docx).  Every error names the file. */
static bool read_doc(const char *path, struct text *d, struct error *e)
{
	memset(d, 0, sizeof *d);
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(e, STATUS_IO, "", "%s: %s", path, strerror(errno)), false;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= MAX_FILE_BYTES) {
				free(buf);
				fclose(f);
				return error_set(e, STATUS_IO, "", "%s: larger than %zu bytes", path,
				                 MAX_FILE_BYTES), false;
			}
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return error_set(e, STATUS_IO, "", "%s: out of memory", path), false;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return error_set(e, STATUS_IO, "", "%s: cannot be read", path), false;
	}
	struct error why;
	bool ok = text_read_notice(buf, len, d, &why);
	free(buf);
	if (!ok)
		return error_set(e, STATUS_IO, "", "%s: %s", path, why.message), false;
	return true;
}

static json_t *file_json(const char *path, const char *town, const struct text *d,
                         const struct screen_result *r)
{
	json_t *findings = json_array();
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct screen_finding *f = &r->findings[i];
		json_t *towns = json_array();
		for (size_t t = 0; t < f->ntowns; t++)
			json_array_append_new(towns, json_string(f->towns[t]));
		size_t off = text_orig(d, f->sentence.offset);
		size_t end = text_orig(d, f->sentence.offset + f->sentence.length);
		json_t *o = json_object();
		json_object_set_new(o, "sentence",
		                    json_stringn(d->data + f->sentence.offset, f->sentence.length));
		json_object_set_new(o, "offset", json_integer((json_int_t)off));
		json_object_set_new(o, "length", json_integer((json_int_t)(end - off)));
		json_object_set_new(o, "evidence",
		                    json_stringn(d->data + f->evidence.offset, f->evidence.length));
		json_object_set_new(o, "towns", towns);
		json_object_set_new(o, "verdict", json_string(screen_verdict_key[f->verdict]));
		json_object_set_new(o, "task", f->task ? json_string(f->task->code) : json_null());
		json_object_set_new(o, "score", json_real(f->score));
		json_array_append_new(findings, o);
	}
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "sentences",
	                        (json_int_t)r->sentences, "assignments", (json_int_t)r->assignments,
	                        "basic", (json_int_t)r->counts[SCREEN_BASIC], "assist",
	                        (json_int_t)r->counts[SCREEN_ASSIST], "reclaimed",
	                        (json_int_t)r->counts[SCREEN_RECLAIMED], "out_of_list",
	                        (json_int_t)r->counts[SCREEN_OUT_OF_LIST]);
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(path));
	json_object_set_new(o, "town", town ? json_string(town) : json_null());
	json_object_set_new(o, "findings", findings);
	json_object_set_new(o, "summary", sum);
	return o;
}

static const char *const verdict_name[4] = {"基本履职", "配合履职", "上级部门收回", "清单外"};

static void print_text(const char *path, const struct screen_catalog *c, const struct text *d,
                       const struct screen_result *r)
{
	printf("%s\n", path);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct screen_finding *f = &r->findings[i];
		size_t off = text_orig(d, f->sentence.offset);
		bool violation = f->verdict == SCREEN_RECLAIMED || f->verdict == SCREEN_OUT_OF_LIST;
		printf("  %s %-11s %-6s %.2f%s  byte %zu:", violation ? "!" : " ",
		       screen_verdict_key[f->verdict], f->task ? f->task->code : "-", f->score,
		       f->low_confidence ? "?" : " ", off);
		for (size_t t = 0; t < f->ntowns; t++)
			for (size_t k = 0; k < c->ntowns; k++)
				if (strcmp(c->towns[k].code, f->towns[t]) == 0)
					printf("%s%s", t ? "、" : " ", c->towns[k].name);
		printf("  %s", verdict_name[f->verdict]);
		if (f->task)
			printf(" %s", f->task->name);
		else if (f->unlisted)
			printf(" (%s %s: not on this list)", f->unlisted->code, f->unlisted->name);
		printf("\n      「%.*s」\n", (int)f->evidence.length, d->data + f->evidence.offset);
	}
	printf("  %zu sentences, %zu assignments: basic %zu, assist %zu, reclaimed %zu, "
	       "out_of_list %zu\n",
	       r->sentences, r->assignments, r->counts[SCREEN_BASIC], r->counts[SCREEN_ASSIST],
	       r->counts[SCREEN_RECLAIMED], r->counts[SCREEN_OUT_OF_LIST]);
}

#define MAX_FILES 256

static int run_screen(int argc, char **argv)
{
	const char *db = NULL, *town = NULL, *files[MAX_FILES];
	bool json = false;
	int nfiles;
	const struct option_spec opts[] = {
		{"db", &db, NULL}, {"town", &town, NULL}, {"json", NULL, &json}, {0}};
	int rc = cmd_start(&cmd_screen, argc, argv, opts, files, MAX_FILES, &nfiles);
	if (rc >= 0)
		return rc;
	if (nfiles == 0) {
		fprintf(stderr, "dutylist screen: name at least one FILE\n");
		return 2;
	}
	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("screen", &e);
	struct catalog cat = {0};
	if (store_catalog_load(s, &cat, &e) != STATUS_OK) {
		catalog_free(&cat);
		store_close(s);
		return cmd_fail("screen", &e);
	}
	if (town) {
		bool known = false;
		for (size_t i = 0; i < cat.ntowns; i++)
			known |= strcmp(cat.towns[i].code, town) == 0;
		if (!known) {
			fprintf(stderr, "dutylist screen: --town: no town '%s'\n", town);
			catalog_free(&cat);
			store_close(s);
			return 2;
		}
	}
	/* each town's list in force; the catalogue's applies_to when it has none */
	size_t nt = cat.ntowns;
	struct town_list *lists = calloc(nt + 1, sizeof *lists);
	bool *loaded = calloc(nt + 1, sizeof *loaded);
	struct screen_town *towns = calloc(nt + 1, sizeof *towns);
	const struct task **all = calloc(cat.ntasks + 1, sizeof *all);
	const struct task ***own = calloc(nt + 1, sizeof *own);
	rc = 0;
	if (!lists || !loaded || !towns || !all || !own) {
		fprintf(stderr, "dutylist screen: out of memory\n");
		rc = 2;
		goto done;
	}
	for (size_t i = 0; i < cat.ntasks; i++)
		all[i] = &cat.tasks[i];
	for (size_t i = 0; i < nt; i++) {
		const struct town *t = &cat.towns[i];
		towns[i] = (struct screen_town){.code = t->code, .name = t->name, .tags = t->tags,
		                                .ntags = t->ntags};
		own[i] = calloc(cat.ntasks + 1, sizeof **own);
		if (!own[i]) {
			rc = 2;
			goto done;
		}
		size_t n = 0;
		if (store_list_load(s, t->code, 0, &lists[i], &e) == STATUS_OK) {
			loaded[i] = true;
			for (size_t k = 0; k < lists[i].cat.ntasks && n < cat.ntasks; k++)
				own[i][n++] = &lists[i].cat.tasks[k];
		} else {
			for (size_t k = 0; k < cat.ntasks; k++)
				if (task_applies_to(&cat.tasks[k], t))
					own[i][n++] = &cat.tasks[k];
		}
		towns[i].tasks = own[i];
		towns[i].ntasks = n;
	}
	store_close(s);
	s = NULL;
	struct screen_catalog sc = {.tasks = all, .ntasks = cat.ntasks, .towns = towns, .ntowns = nt};
	struct screen_engine *en = screen_engine_new(&sc);
	if (!en) {
		fprintf(stderr, "dutylist screen: out of memory\n");
		rc = 2;
		goto done;
	}
	json_t *out = json_array();
	bool errors = false, violations = false;
	for (int i = 0; i < nfiles; i++) {
		struct text d;
		if (!read_doc(files[i], &d, &e)) {
			cmd_fail("screen", &e);
			errors = true;
			continue;
		}
		struct screen_result r;
		if (!screen_text(en, town, d.data, d.len, &r)) {
			fprintf(stderr, "dutylist screen: %s: out of memory\n", files[i]);
			errors = true;
		} else {
			violations |= r.counts[SCREEN_RECLAIMED] || r.counts[SCREEN_OUT_OF_LIST];
			if (json)
				json_array_append_new(out, file_json(files[i], town, &d, &r));
			else
				print_text(files[i], &sc, &d, &r);
			screen_result_free(&r);
		}
		text_free(&d);
	}
	if (json) {
		json_t *root = nfiles == 1 && json_array_size(out) == 1 ? json_array_get(out, 0) : out;
		if (nfiles > 1 || json_array_size(out) == 1) {
			json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			putchar('\n');
		}
	}
	json_decref(out);
	screen_engine_free(en);
	rc = errors ? 2 : violations ? 1 : 0;
done:
	if (s)
		store_close(s);
	for (size_t i = 0; own && i < nt; i++)
		free(own[i]);
	for (size_t i = 0; loaded && i < nt; i++)
		if (loaded[i])
			town_list_free(&lists[i]);
	free(own);
	free(all);
	free(towns);
	free(loaded);
	free(lists);
	catalog_free(&cat);
	return rc;
}

const struct command cmd_screen = {
	.name = "screen",
	.usage = "[--db PATH] [--town CODE] [--json] FILE...",
	.summary = "Screen notices to towns against their lists (防护屏障).",
	.help = "  --db PATH     the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --town CODE   screen for that town alone\n"
	        "  --json        the findings as JSON (an array for several files)\n\n"
	        "Finds each sentence that gives towns work and matches the work against\n"
	        "the tasks on the addressed towns' lists in force: basic (基本履职),\n"
	        "assist (配合履职), reclaimed (上级部门收回) or out_of_list (on no list\n"
	        "of the town: it needs admission first).  offset/length are byte\n"
	        "positions in the file.  Files may be UTF-8, GBK/GB18030 or .docx (whose\n"
	        "offsets are those of the text extracted from it).  In the\n"
	        "text output '?' after the score marks a low-confidence finding.\n"
	        "Exit status: 0 no violations, 1 reclaimed or out_of_list found, 2 an\n"
	        "error (an empty, binary or unreadable file).\n",
	.run = run_screen,
};
