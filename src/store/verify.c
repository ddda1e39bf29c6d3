/* verify.c - checks that a database is sound: SQLite's own checks, the
 * domain's invariants, and the audit chain. */
#include "internal.h"

#include <string.h>

/* Each invariant is a query that returns one row per violation, as a
 * message. */
static const char *const invariants[] = {
	/* 职责法定, on the lists in force */
	"SELECT 'town ' || tw.code || ' list version ' || lv.version || ': task ' || t.code || "
	"' rests on no basis in force (现行有效)' FROM list_version lv "
	"JOIN town tw ON tw.id = lv.town_id JOIN list_item li ON li.version_id = lv.id "
	"JOIN task_rev r ON r.id = li.rev_id JOIN task t ON t.id = r.task_id "
	"WHERE lv.status = 'published' AND NOT EXISTS (SELECT 1 FROM task_basis tb "
	"JOIN basis b ON b.id = tb.basis_id WHERE tb.rev_id = r.id AND b.status = '现行有效') "
	/* a repeal opened an adjustment for it: the procedure is under way */
	"AND NOT EXISTS (SELECT 1 FROM adjustment a WHERE a.town_id = lv.town_id AND "
	"a.task_code = t.code AND a.status = 'open') "
	"ORDER BY tw.code, t.code",
	/* ... and in the catalogue */
	"SELECT 'task ' || t.code || ': rests on no basis in force (现行有效)' FROM task t "
	"WHERE NOT EXISTS (SELECT 1 FROM task_basis tb JOIN basis b ON b.id = tb.basis_id "
	"WHERE tb.rev_id = t.rev_id AND b.status = '现行有效') "
	/* unless every basis it cites was repealed through the procedure
	 * (basis repeal, which opens the adjustments of the lists) */
	"AND EXISTS (SELECT 1 FROM task_basis tb JOIN basis b ON b.id = tb.basis_id "
	"WHERE tb.rev_id = t.rev_id AND b.repealed_at IS NULL) ORDER BY t.code",
	/* a department leads every 配合履职 and 上级部门收回 task */
	"SELECT 'task ' || t.code || ' (revision ' || r.id || '): ' || r.list_type || "
	"' names no lead department' FROM task_rev r JOIN task t ON t.id = r.task_id "
	"WHERE r.list_type <> '基本履职' AND r.lead_department_id IS NULL ORDER BY t.code",
	/* every task has a current revision of its own */
	"SELECT 'task ' || t.code || ': no current revision' FROM task t "
	"LEFT JOIN task_rev r ON r.id = t.rev_id WHERE r.id IS NULL OR r.task_id <> t.id",
	/* one list in force per town */
	"SELECT 'town ' || tw.code || ': ' || count(*) || ' published list versions' "
	"FROM list_version lv JOIN town tw ON tw.id = lv.town_id "
	"WHERE lv.status = 'published' GROUP BY tw.code HAVING count(*) > 1",
	/* a notice (防护屏障) is at its newest revision, its violations are
	 * that revision's, its state agrees with them, and only an issued
	 * notice is marked issued despite violations */
	"SELECT 'notice ' || n.id || ': ' || CASE "
	"WHEN r.id IS NULL THEN 'revision ' || n.revision || ' is missing' "
	"WHEN EXISTS (SELECT 1 FROM notice_revision x WHERE x.notice_id = n.id AND "
	"x.number > n.revision) THEN 'a revision newer than ' || n.revision || ' exists' "
	"WHEN n.violations <> r.reclaimed + r.out_of_list THEN 'violations ' || n.violations || "
	"' but its revision has ' || (r.reclaimed + r.out_of_list) "
	"WHEN n.status = 'clean' AND n.violations > 0 THEN 'clean with violations' "
	"WHEN n.status IN ('flagged','under_review','returned') AND n.violations = 0 "
	"THEN n.status || ' without a violation' "
	"ELSE 'marked issued despite violations but ' || n.status END "
	"FROM notice n LEFT JOIN notice_revision r ON r.notice_id = n.id AND r.number = n.revision "
	"WHERE r.id IS NULL OR n.violations <> r.reclaimed + r.out_of_list "
	"OR EXISTS (SELECT 1 FROM notice_revision x WHERE x.notice_id = n.id AND "
	"x.number > n.revision) OR (n.status = 'clean' AND n.violations > 0) "
	"OR (n.status IN ('flagged','under_review','returned') AND n.violations = 0) "
	"OR (n.despite = 1 AND n.status <> 'issued') ORDER BY n.id",
};

static enum status run_check(struct store *s, const char *sql, const char *skip_if,
                             const char *prefix, struct diag *d, struct error *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = col_text(st, 0);
		if (skip_if && strcmp(msg, skip_if) == 0)
			continue;
		diag_add(d, NULL, 0, NULL, "%s%s", prefix, msg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "check", e);
}

enum status store_verify(struct store *s, struct diag *d, struct error *e)
{
	static const char integrity_sql[] = "PRAGMA integrity_check";
	static const char fk_sql[] =
		"SELECT 'table ' || \"table\" || ' row ' || coalesce(rowid, '?') || "
		"' refers to a missing row of ' || parent FROM pragma_foreign_key_check";
	enum status st = run_check(s, integrity_sql, "ok", "integrity: ", d, e);
	if (st == STATUS_OK)
		st = run_check(s, fk_sql, NULL, "foreign key: ", d, e);
	for (size_t i = 0; st == STATUS_OK && i < sizeof invariants / sizeof *invariants; i++)
		st = run_check(s, invariants[i], NULL, "", d, e);
	if (st == STATUS_OK)
		st = store_audit_verify(s, d, e);
	return st;
}
