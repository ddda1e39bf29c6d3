/* test_review.c - the procedures' machines: every action from every state by
 * every role, in and out of scope, against a table written out here by
 * hand; and the similarity of names used to merge proposals. */
#include "testutil.h"

#include "core/machine.h"
#include "core/review.h"

struct expect {
	enum machine m;
	const char *action;
	int from, to;
	enum role role;
	bool needs_own;
};

/* What the rules of the reform allow, and nothing else. */
static const struct expect allowed[] = {
	{MACHINE_ROUND, "close", ROUND_OPEN, ROUND_CLOSED, ROLE_OFFICE, false},
	{MACHINE_TOWN, "town_confirm", TOWN_DRAFTING, TOWN_TOWN_CONFIRMED, ROLE_TOWNSHIP, true},
	{MACHINE_TOWN, "town_confirm", TOWN_OFFICE_CONFIRMED, TOWN_CONFIRMED, ROLE_TOWNSHIP, true},
	{MACHINE_TOWN, "office_confirm", TOWN_DRAFTING, TOWN_OFFICE_CONFIRMED, ROLE_OFFICE, false},
	{MACHINE_TOWN, "office_confirm", TOWN_TOWN_CONFIRMED, TOWN_CONFIRMED, ROLE_OFFICE, false},
	{MACHINE_TOWN, "refuse", TOWN_DRAFTING, TOWN_DRAFTING, ROLE_TOWNSHIP, true},
	{MACHINE_TOWN, "refuse", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, ROLE_TOWNSHIP, true},
	{MACHINE_TOWN, "refuse", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, ROLE_TOWNSHIP, true},
	{MACHINE_TOWN, "send_back", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "send_back", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "send_back", TOWN_CONFIRMED, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "change", TOWN_DRAFTING, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "change", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "change", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, ROLE_OFFICE, false},
	{MACHINE_TOWN, "publish", TOWN_CONFIRMED, TOWN_PUBLISHED, ROLE_OFFICE, false},
	{MACHINE_PROPOSAL, "agree", PROPOSAL_PENDING, PROPOSAL_AGREED, ROLE_OFFICE, false},
	{MACHINE_PROPOSAL, "reject", PROPOSAL_PENDING, PROPOSAL_REJECTED, ROLE_OFFICE, false},
	{MACHINE_PROPOSAL, "withdraw", PROPOSAL_PENDING, PROPOSAL_WITHDRAWN, ROLE_OFFICE, true},
	{MACHINE_PROPOSAL, "withdraw", PROPOSAL_PENDING, PROPOSAL_WITHDRAWN, ROLE_TOWNSHIP, true},
	{MACHINE_PROPOSAL, "withdraw", PROPOSAL_PENDING, PROPOSAL_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_ADMISSION, "accept", ADMISSION_SUBMITTED, ADMISSION_REVIEWING, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "return", ADMISSION_SUBMITTED, ADMISSION_RETURNED, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "return", ADMISSION_REVIEWING, ADMISSION_RETURNED, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "resubmit", ADMISSION_RETURNED, ADMISSION_SUBMITTED, ROLE_DEPARTMENT, true},
	{MACHINE_ADMISSION, "admit", ADMISSION_REVIEWING, ADMISSION_ADMITTED, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "refuse", ADMISSION_SUBMITTED, ADMISSION_REFUSED, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "refuse", ADMISSION_REVIEWING, ADMISSION_REFUSED, ROLE_OFFICE, false},
	{MACHINE_ADMISSION, "withdraw", ADMISSION_SUBMITTED, ADMISSION_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_ADMISSION, "withdraw", ADMISSION_RETURNED, ADMISSION_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_ADJUSTMENT, "apply", ADJUSTMENT_OPEN, ADJUSTMENT_APPLIED, ROLE_OFFICE, false},
	{MACHINE_ADJUSTMENT, "dismiss", ADJUSTMENT_OPEN, ADJUSTMENT_DISMISSED, ROLE_OFFICE, false},
	{MACHINE_WHISTLE, "acknowledge", WHISTLE_RAISED, WHISTLE_ACKNOWLEDGED, ROLE_DEPARTMENT, true},
	{MACHINE_WHISTLE, "report", WHISTLE_ACKNOWLEDGED, WHISTLE_REPORTED, ROLE_DEPARTMENT, true},
	{MACHINE_WHISTLE, "resolve", WHISTLE_REPORTED, WHISTLE_RESOLVED, ROLE_TOWNSHIP, true},
	{MACHINE_WHISTLE, "close_unresolved", WHISTLE_REPORTED, WHISTLE_CLOSED_UNRESOLVED,
	 ROLE_TOWNSHIP, true},
	{MACHINE_WHISTLE, "reassign", WHISTLE_RAISED, WHISTLE_RAISED, ROLE_OFFICE, false},
	{MACHINE_WHISTLE, "reassign", WHISTLE_ACKNOWLEDGED, WHISTLE_RAISED, ROLE_OFFICE, false},
	/* 考核评价: own for "score" is the town having worked with the unit */
	{MACHINE_ASSESS, "edit", ASSESS_DRAFT, ASSESS_DRAFT, ROLE_OFFICE, false},
	{MACHINE_ASSESS, "open", ASSESS_DRAFT, ASSESS_OPEN, ROLE_OFFICE, false},
	{MACHINE_ASSESS, "score", ASSESS_OPEN, ASSESS_OPEN, ROLE_TOWNSHIP, true},
	{MACHINE_ASSESS, "opinion", ASSESS_OPEN, ASSESS_OPEN, ROLE_TOWNSHIP, false},
	{MACHINE_ASSESS, "close", ASSESS_OPEN, ASSESS_CLOSED, ROLE_OFFICE, false},
	/* 监管问责: own for "answer" is the department concerned */
	{MACHINE_CASE, "investigate", CASE_OPENED, CASE_INVESTIGATING, ROLE_SUPERVISOR, false},
	{MACHINE_CASE, "conclude", CASE_INVESTIGATING, CASE_CONCLUDED, ROLE_SUPERVISOR, false},
	{MACHINE_CASE, "close", CASE_CONCLUDED, CASE_CLOSED, ROLE_SUPERVISOR, false},
	{MACHINE_CASE, "evidence", CASE_OPENED, CASE_OPENED, ROLE_SUPERVISOR, false},
	{MACHINE_CASE, "evidence", CASE_INVESTIGATING, CASE_INVESTIGATING, ROLE_SUPERVISOR, false},
	{MACHINE_CASE, "answer", CASE_OPENED, CASE_OPENED, ROLE_DEPARTMENT, true},
	{MACHINE_CASE, "answer", CASE_INVESTIGATING, CASE_INVESTIGATING, ROLE_DEPARTMENT, true},
	{MACHINE_CASE, "answer", CASE_CONCLUDED, CASE_CONCLUDED, ROLE_DEPARTMENT, true},
	{MACHINE_CASE_PROPOSAL, "accept", CASE_PROPOSAL_PROPOSED, CASE_PROPOSAL_ACCEPTED,
	 ROLE_SUPERVISOR, false},
	{MACHINE_CASE_PROPOSAL, "dismiss", CASE_PROPOSAL_PROPOSED, CASE_PROPOSAL_DISMISSED,
	 ROLE_SUPERVISOR, false},
	/* notices (防护屏障): screening's outcome, taken by the system */
	{MACHINE_NOTICE, "found_clean", NOTICE_SCREENING, NOTICE_CLEAN, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "found_violations", NOTICE_SCREENING, NOTICE_FLAGGED, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "revise", NOTICE_CLEAN, NOTICE_SCREENING, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "revise", NOTICE_FLAGGED, NOTICE_SCREENING, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "revise", NOTICE_RETURNED, NOTICE_SCREENING, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "revise", NOTICE_CLEARED, NOTICE_SCREENING, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "request_review", NOTICE_FLAGGED, NOTICE_UNDER_REVIEW, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "request_review", NOTICE_RETURNED, NOTICE_UNDER_REVIEW, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "clear", NOTICE_UNDER_REVIEW, NOTICE_CLEARED, ROLE_OFFICE, false},
	{MACHINE_NOTICE, "return", NOTICE_UNDER_REVIEW, NOTICE_RETURNED, ROLE_OFFICE, false},
	{MACHINE_NOTICE, "issue", NOTICE_CLEAN, NOTICE_ISSUED, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "issue", NOTICE_CLEARED, NOTICE_ISSUED, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "issue", NOTICE_FLAGGED, NOTICE_ISSUED, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "issue", NOTICE_RETURNED, NOTICE_ISSUED, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "withdraw", NOTICE_CLEAN, NOTICE_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "withdraw", NOTICE_FLAGGED, NOTICE_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "withdraw", NOTICE_UNDER_REVIEW, NOTICE_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "withdraw", NOTICE_RETURNED, NOTICE_WITHDRAWN, ROLE_DEPARTMENT, true},
	{MACHINE_NOTICE, "withdraw", NOTICE_CLEARED, NOTICE_WITHDRAWN, ROLE_DEPARTMENT, true},
};
#define NALLOWED (sizeof allowed / sizeof *allowed)

static const char *const actions[] = {"close",  "town_confirm", "office_confirm", "refuse",
                                      "send_back", "change", "publish", "agree", "reject",
                                      "withdraw", "accept", "return", "resubmit", "admit",
                                      "apply", "dismiss", "open", "delete", "acknowledge",
                                      "report", "resolve", "close_unresolved", "reassign",
                                      "edit", "score", "opinion", "investigate", "conclude",
                                      "evidence", "answer", "found_clean", "found_violations",
                                      "revise", "request_review", "clear", "issue", "submit"};
#define NACTIONS (sizeof actions / sizeof *actions)

/* Every combination: allowed ones move to the expected state; the others
 * are refused, with 409 when no such move exists from that state and 403
 * when it exists but not for this actor. */
static void test_every_transition(void **state)
{
	(void)state;
	int checked = 0, moved = 0;
	for (int m = 0; m < MACHINE_COUNT; m++)
		for (int from = 0; from < machine_state_count((enum machine)m); from++)
			for (size_t a = 0; a < sizeof actions / sizeof *actions; a++)
				for (int role = 0; role < ROLE_COUNT; role++)
					for (int own = 0; own <= 1; own++) {
						const struct expect *want = NULL;
						bool exists = false;
						for (size_t k = 0; k < NALLOWED; k++) {
							const struct expect *x = &allowed[k];
							if ((int)x->m != m || x->from != from ||
							    strcmp(x->action, actions[a]) != 0)
								continue;
							exists = true;
							if (x->role == (enum role)role && (!x->needs_own || own))
								want = x;
						}
						struct machine_actor who = {(enum role)role, own != 0};
						struct error e;
						int to = -1;
						enum status st = machine_step((enum machine)m, from, actions[a],
						                             &who, &to, &e);
						checked++;
						if (want) {
							if (st != STATUS_OK)
								fail_msg("%s from %s by %s (own %d): %s",
								         actions[a],
								         machine_state_key((enum machine)m, from),
								         role_key[role], own, e.message);
							assert_int_equal(to, want->to);
							moved++;
						} else {
							assert_int_equal(st, exists ? STATUS_FORBIDDEN
							                             : STATUS_CONFLICT);
						}
					}
	/* states: round 2, town 5, proposal 4, admission 6, adjustment 3, whistle 5,
	 * assessment 3, case 4, proposed case 3, notice 8 */
	assert_int_equal(checked,
	                 (2 + 5 + 4 + 6 + 3 + 5 + 3 + 4 + 3 + 8) * (int)NACTIONS * ROLE_COUNT * 2);
	assert_true(moved > 0);
}

static void test_conflict_names_allowed_actions(void **state)
{
	(void)state;
	struct machine_actor office = {ROLE_OFFICE, false};
	struct error e;
	int to;
	/* publishing an unconfirmed draft */
	assert_int_equal(machine_step(MACHINE_TOWN, TOWN_DRAFTING, "publish", &office, &to, &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.message, "cannot publish a town's draft that is drafting; allowed: "
	                               "town_confirm, office_confirm, refuse");
	/* deciding a decided proposal */
	assert_int_equal(machine_step(MACHINE_PROPOSAL, PROPOSAL_AGREED, "reject", &office, &to, &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.message,
	                    "cannot reject a proposal that is agreed; allowed: nothing, it is final");
	/* a town confirming another town's list */
	struct machine_actor other_town = {ROLE_TOWNSHIP, false};
	assert_int_equal(machine_step(MACHINE_TOWN, TOWN_DRAFTING, "town_confirm", &other_town, &to, &e),
	                 STATUS_FORBIDDEN);
	assert_string_equal(e.message, "a town may town_confirm only its own town's draft");
	/* a department confirming anything */
	struct machine_actor dept = {ROLE_DEPARTMENT, true};
	assert_int_equal(machine_step(MACHINE_TOWN, TOWN_DRAFTING, "office_confirm", &dept, &to, &e),
	                 STATUS_FORBIDDEN);
	char allowed_by[128];
	machine_allowed(MACHINE_TOWN, TOWN_OFFICE_CONFIRMED, &(struct machine_actor){ROLE_TOWNSHIP, true},
	               allowed_by, sizeof allowed_by);
	assert_string_equal(allowed_by, "town_confirm, refuse");
	/* a notice: the office may not issue; another department may not either */
	assert_int_equal(machine_step(MACHINE_NOTICE, NOTICE_CLEAN, "issue", &office, &to, &e),
	                 STATUS_FORBIDDEN);
	struct machine_actor other_dept = {ROLE_DEPARTMENT, false};
	assert_int_equal(machine_step(MACHINE_NOTICE, NOTICE_CLEAN, "issue", &other_dept, &to, &e),
	                 STATUS_FORBIDDEN);
	assert_string_equal(e.message, "a department may issue only its own notice");
	assert_int_equal(machine_step(MACHINE_NOTICE, NOTICE_UNDER_REVIEW, "issue", &dept, &to, &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.message, "cannot issue a notice that is under_review; allowed: clear, "
	                               "return, withdraw");
	/* screening's outcomes are never offered */
	machine_allowed(MACHINE_NOTICE, NOTICE_SCREENING, NULL, allowed_by, sizeof allowed_by);
	assert_string_equal(allowed_by, "");
	machine_allowed(MACHINE_NOTICE, NOTICE_FLAGGED, &dept, allowed_by, sizeof allowed_by);
	assert_string_equal(allowed_by, "revise, request_review, issue, withdraw");
}

static void test_state_keys(void **state)
{
	(void)state;
	for (int m = 0; m < MACHINE_COUNT; m++)
		for (int s = 0; s < machine_state_count((enum machine)m); s++)
			assert_int_equal(machine_state_from_key((enum machine)m,
			                                       machine_state_key((enum machine)m, s)),
			                 s);
	assert_int_equal(machine_state_from_key(MACHINE_TOWN, "nonsense"), -1);
	assert_int_equal(proposal_action_from_key("move"), PROPOSE_MOVE);
	assert_int_equal(proposal_action_from_key("delete"), -1);
}

static void test_similarity(void **state)
{
	(void)state;
	assert_true(text_similarity("开展秸秆禁烧巡查", "秸秆禁烧巡查") > 0.99); /* filler */
	assert_true(text_similarity("秸秆禁烧巡查", "秸秆禁烧巡查工作") > 0.99);
	assert_true(text_similarity("农村危房改造申请初审", "农村危房改造的申请初审") >= SIMILAR_ENOUGH);
	assert_true(text_similarity("消防安全宣传", "消防安全验收") < SIMILAR_ENOUGH);
	assert_true(text_similarity("森林防火巡查", "最低生活保障审核") < 0.1);
	assert_true(text_similarity("ＡＢＣ检查", "ABC检查") > 0.99); /* full width folds */
	assert_true(text_similarity("", "x") == 0.0);
	assert_true(text_similarity("同", "同") == 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_conflict_names_allowed_actions),
		cmocka_unit_test(test_state_keys),
		cmocka_unit_test(test_similarity),
	};
	return cmocka_run_group_tests_name("review", tests, NULL, NULL);
}
