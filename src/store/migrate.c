/* migrate.c - the schema, as numbered migrations recorded in the database.
 *
 * A migration is applied once, in its own transaction, and recorded in
 * schema_migration; a database made by a newer program (a version this one
 * does not know) is refused rather than guessed at.  Never edit a
 * migration that has shipped: add the next one. */
#include "internal.h"

#include <stdio.h>

static const char *const migrations[] = {
	/* 1: the catalogue, town lists and the audit log. */
	"CREATE TABLE town ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('镇','乡','民族乡','街道')),"
	"  population INTEGER NOT NULL CHECK (population >= 0),"
	"  area_km2 REAL NOT NULL CHECK (area_km2 >= 0),"
	"  tags TEXT NOT NULL DEFAULT ''" /* ';'-list, in the order given */
	");"
	"CREATE TABLE department ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  dispatched_agency TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TABLE basis ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  doc_no TEXT NOT NULL DEFAULT '',"
	"  issuer TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  effective_date TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('现行有效','已废止'))"
	");"
	/* A task is its code; what it says lives in revisions, so that a
	 * published list, which points at revisions, never changes. */
	"CREATE TABLE task ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  rev_id INTEGER REFERENCES task_rev(id)"
	");"
	"CREATE TABLE task_rev ("
	"  id INTEGER PRIMARY KEY,"
	"  task_id INTEGER NOT NULL REFERENCES task(id),"
	"  category TEXT NOT NULL,"
	"  duty TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  list_type TEXT NOT NULL CHECK (list_type IN ('基本履职','配合履职','上级部门收回')),"
	"  lead_department_id INTEGER REFERENCES department(id),"
	"  township_part TEXT NOT NULL,"
	"  department_part TEXT NOT NULL DEFAULT '',"
	"  public_service INTEGER NOT NULL CHECK (public_service IN (0,1)),"
	"  applies_to TEXT NOT NULL,"
	"  keywords TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  CHECK ((list_type = '基本履职') = (lead_department_id IS NULL))"
	");"
	"CREATE INDEX task_rev_task ON task_rev(task_id);"
	"CREATE TABLE task_basis ("
	"  rev_id INTEGER NOT NULL REFERENCES task_rev(id),"
	"  pos INTEGER NOT NULL,"
	"  basis_id INTEGER NOT NULL REFERENCES basis(id),"
	"  article TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (rev_id, pos)"
	");"
	"CREATE INDEX task_basis_basis ON task_basis(basis_id);"
	"CREATE TABLE guide ("
	"  id INTEGER PRIMARY KEY,"
	"  task_id INTEGER NOT NULL UNIQUE REFERENCES task(id),"
	"  title TEXT NOT NULL,"
	"  conditions TEXT NOT NULL DEFAULT '',"
	"  materials TEXT NOT NULL DEFAULT ''," /* ';'-list */
	"  time_limit_days INTEGER NOT NULL CHECK (time_limit_days >= 0),"
	"  fee TEXT NOT NULL DEFAULT '',"
	"  place TEXT NOT NULL DEFAULT '',"
	"  phone TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TABLE guide_step ("
	"  guide_id INTEGER NOT NULL REFERENCES guide(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  days INTEGER NOT NULL CHECK (days >= 0),"
	"  PRIMARY KEY (guide_id, pos)"
	");"
	"CREATE TABLE calendar_day ("
	"  date TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('休','班')),"
	"  name TEXT NOT NULL"
	");"
	"CREATE TABLE list_version ("
	"  id INTEGER PRIMARY KEY,"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  version INTEGER NOT NULL CHECK (version > 0),"
	"  status TEXT NOT NULL CHECK (status IN ('draft','confirmed','published','superseded')),"
	"  procedure TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  published_at TEXT,"
	"  UNIQUE (town_id, version)"
	");"
	"CREATE TABLE list_item ("
	"  version_id INTEGER NOT NULL REFERENCES list_version(id),"
	"  rev_id INTEGER NOT NULL REFERENCES task_rev(id),"
	"  PRIMARY KEY (version_id, rev_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX list_item_rev ON list_item(rev_id);"
	/* Append-only; each row's hash covers the previous row's hash. */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL,"
	"  procedure TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '{}',"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");",

	/* 2: users, sessions and API tokens.  Secrets are stored only as
	 * hashes: argon2id for passwords, SHA-256 for random tokens. */
	"CREATE TABLE user ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('office','township','department','supervisor','admin')),"
	"  town_id INTEGER REFERENCES town(id),"
	"  department_id INTEGER REFERENCES department(id),"
	"  password_hash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),"
	"  created_at TEXT NOT NULL,"
	"  CHECK ((role = 'township') = (town_id IS NOT NULL)),"
	"  CHECK ((role = 'department') = (department_id IS NOT NULL))"
	");"
	"CREATE TABLE session ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id),"
	"  csrf TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  expires_at TEXT NOT NULL"
	");"
	"CREATE TABLE api_token ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id),"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE TABLE login_failure ("
	"  name TEXT NOT NULL,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX login_failure_name ON login_failure(name, at);",

	/* 3: full-text search over tasks, bases and departments; the trigram
	 * tokenizer finds Chinese substrings, which have no spaces to split
	 * words on. */
	"CREATE VIRTUAL TABLE search_index USING fts5("
	"  kind UNINDEXED, code UNINDEXED, title, body, tokenize = 'trigram');"
	"INSERT INTO search_index (kind, code, title, body) "
	"  SELECT 'task', t.code, r.name, r.duty || ' ' || r.township_part || ' ' || "
	"  r.department_part || ' ' || r.keywords FROM task t JOIN task_rev r ON r.id = t.rev_id;"
	"INSERT INTO search_index (kind, code, title, body) "
	"  SELECT 'basis', code, title, doc_no || ' ' || issuer FROM basis;"
	"INSERT INTO search_index (kind, code, title, body) "
	"  SELECT 'department', code, name, dispatched_agency FROM department;",

	/* 4: review rounds (双向梳理、共同认定): rounds, each town's draft in a
	 * round, proposals and their groups, meetings (座谈会) and
	 * questionnaires (征求意见); list versions learn when they stopped
	 * being in force, for lists as of a date. */
	"ALTER TABLE list_version ADD COLUMN superseded_at TEXT;"
	"ALTER TABLE list_version ADD COLUMN round_id INTEGER REFERENCES review_round(id);"
	"CREATE TABLE review_round ("
	"  id INTEGER PRIMARY KEY,"
	"  number INTEGER NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('open','closed')),"
	"  opened_by TEXT NOT NULL,"
	"  opened_at TEXT NOT NULL,"
	"  deadline TEXT NOT NULL,"
	"  closed_at TEXT"
	");"
	"CREATE TABLE round_town ("
	"  round_id INTEGER NOT NULL REFERENCES review_round(id),"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  base_version_id INTEGER REFERENCES list_version(id),"
	"  draft_version_id INTEGER NOT NULL REFERENCES list_version(id),"
	"  start_items INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN "
	"    ('drafting','town_confirmed','office_confirmed','confirmed','published')),"
	"  refusals INTEGER NOT NULL DEFAULT 0,"
	"  last_refusal TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (round_id, town_id)"
	");"
	"CREATE TABLE meeting ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES review_round(id),"
	"  date TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  attendees TEXT NOT NULL,"
	"  notes TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE TABLE proposal_group ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES review_round(id),"
	"  label TEXT NOT NULL,"
	"  manual INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES review_round(id),"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  origin TEXT NOT NULL CHECK (origin IN ('township','office','department')),"
	"  author TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('add','remove','move','change')),"
	"  task_code TEXT NOT NULL,"
	"  new_task INTEGER NOT NULL DEFAULT 0 CHECK (new_task IN (0,1)),"
	"  payload TEXT NOT NULL DEFAULT '{}',"
	"  reason TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('pending','agreed','rejected','withdrawn')),"
	"  group_id INTEGER REFERENCES proposal_group(id),"
	"  placed INTEGER NOT NULL DEFAULT 0 CHECK (placed IN (0,1)),"
	"  meeting_id INTEGER REFERENCES meeting(id),"
	"  decision_reason TEXT NOT NULL DEFAULT '',"
	"  decided_by TEXT NOT NULL DEFAULT '',"
	"  decided_at TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE INDEX proposal_round ON proposal(round_id, town_id);"
	"CREATE TABLE questionnaire ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES review_round(id),"
	"  title TEXT NOT NULL,"
	"  audience TEXT NOT NULL CHECK (audience IN ('towns','public')),"
	"  status TEXT NOT NULL CHECK (status IN ('open','closed')),"
	"  per_client INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE TABLE question ("
	"  id INTEGER PRIMARY KEY,"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id),"
	"  pos INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('single','multiple','text')),"
	"  text TEXT NOT NULL,"
	"  options TEXT NOT NULL DEFAULT '[]'"
	");"
	"CREATE TABLE response ("
	"  id INTEGER PRIMARY KEY,"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id),"
	"  respondent TEXT NOT NULL,"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE INDEX response_respondent ON response(questionnaire_id, respondent);"
	"CREATE TABLE answer ("
	"  response_id INTEGER NOT NULL REFERENCES response(id),"
	"  question_id INTEGER NOT NULL REFERENCES question(id),"
	"  value TEXT NOT NULL"
	");"
	/* admission (准入): a department asks for a new task for towns */
	"CREATE TABLE admission ("
	"  id INTEGER PRIMARY KEY,"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  requested_by TEXT NOT NULL,"
	"  task_code TEXT NOT NULL,"
	"  payload TEXT NOT NULL,"   /* the task's fields, exchange columns, JSON */
	"  resources TEXT NOT NULL," /* 人随事转、费随事转: JSON */
	"  status TEXT NOT NULL CHECK (status IN "
	"    ('submitted','reviewing','returned','admitted','refused','withdrawn')),"
	"  deadline TEXT NOT NULL DEFAULT '',"
	"  decision_reason TEXT NOT NULL DEFAULT '',"
	"  decided_by TEXT NOT NULL DEFAULT '',"
	"  decided_at TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	");"
	/* adjustment (运行调整): a change to one town's list outside rounds */
	"CREATE TABLE adjustment ("
	"  id INTEGER PRIMARY KEY,"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  action TEXT NOT NULL CHECK (action IN ('add','remove','move','change')),"
	"  task_code TEXT NOT NULL,"
	"  payload TEXT NOT NULL DEFAULT '{}',"
	"  reason TEXT NOT NULL,"
	"  origin TEXT NOT NULL CHECK (origin IN ('office','township','department','system')),"
	"  opened_by TEXT NOT NULL,"
	"  basis_id INTEGER REFERENCES basis(id),"
	"  status TEXT NOT NULL CHECK (status IN ('open','applied','dismissed')),"
	"  deadline TEXT NOT NULL,"
	"  version_id INTEGER REFERENCES list_version(id),"
	"  decision_reason TEXT NOT NULL DEFAULT '',"
	"  decided_by TEXT NOT NULL DEFAULT '',"
	"  decided_at TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE INDEX adjustment_town ON adjustment(town_id, status);"
	/* a basis's versions: what it said before each amendment or repeal */
	"ALTER TABLE basis ADD COLUMN repealed_at TEXT;"
	"CREATE TABLE basis_version ("
	"  id INTEGER PRIMARY KEY,"
	"  basis_id INTEGER NOT NULL REFERENCES basis(id),"
	"  title TEXT NOT NULL,"
	"  doc_no TEXT NOT NULL,"
	"  effective_date TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  note TEXT NOT NULL,"
	"  recorded_by TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL"
	");",

	/* 5: consultation (征求意见).  A questionnaire keeps a secret salt:
	 * an anonymous respondent is known only as a keyed hash of their
	 * address under it, which says nothing without the salt and differs
	 * from one questionnaire to the next.  Who made it and when, when it
	 * closed, when a meeting was recorded; indexes for the tallies and
	 * for a meeting's proposals. */
	"ALTER TABLE questionnaire ADD COLUMN salt TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE questionnaire ADD COLUMN created_by TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE questionnaire ADD COLUMN created_at TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE questionnaire ADD COLUMN closed_at TEXT;"
	"UPDATE questionnaire SET salt = lower(hex(randomblob(32))) WHERE salt = '';"
	"ALTER TABLE meeting ADD COLUMN created_at TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX meeting_round ON meeting(round_id, date);"
	"CREATE INDEX questionnaire_round ON questionnaire(round_id);"
	"CREATE INDEX question_questionnaire ON question(questionnaire_id, pos);"
	"CREATE INDEX answer_question ON answer(question_id, value);"
	"CREATE INDEX answer_response ON answer(response_id);"
	"CREATE INDEX proposal_meeting ON proposal(meeting_id);",

	/* 6: 吹哨报到.  A town calls a department in; each step's deadline is
	 * stored when it starts (from the settings then in force), and being
	 * overdue is derived on read.  whistle_event keeps every step, a
	 * reassignment with the department before it.  whistle_setting is the
	 * office's one row of deadlines and the statistics' minimum sample. */
	"CREATE TABLE whistle ("
	"  id INTEGER PRIMARY KEY,"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  task_code TEXT NOT NULL DEFAULT '',"
	"  matter TEXT NOT NULL,"
	"  place TEXT NOT NULL,"
	"  urgency TEXT NOT NULL CHECK (urgency IN ('urgent','normal')),"
	"  fit TEXT NOT NULL CHECK (fit IN ('none','fit','own_duty','not_listed','other_lead')),"
	"  warning TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN ('raised','acknowledged','reported','resolved',"
	"    'closed_unresolved')),"
	"  raised_by TEXT NOT NULL,"
	"  raised_at TEXT NOT NULL,"
	"  ack_due TEXT NOT NULL,"
	"  report_due TEXT NOT NULL,"
	"  resolve_due TEXT NOT NULL DEFAULT '',"
	"  acked_by TEXT NOT NULL DEFAULT '',"
	"  acked_at TEXT NOT NULL DEFAULT '',"
	"  report TEXT NOT NULL DEFAULT '',"
	"  reported_by TEXT NOT NULL DEFAULT '',"
	"  reported_at TEXT NOT NULL DEFAULT '',"
	"  satisfied INTEGER,"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  evaluated_by TEXT NOT NULL DEFAULT '',"
	"  evaluated_at TEXT NOT NULL DEFAULT '',"
	"  late INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX whistle_town ON whistle(town_id, raised_at);"
	"CREATE INDEX whistle_department ON whistle(department_id, status);"
	"CREATE TABLE whistle_event ("
	"  id INTEGER PRIMARY KEY,"
	"  whistle_id INTEGER NOT NULL REFERENCES whistle(id),"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  department_id INTEGER REFERENCES department(id),"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX whistle_event_whistle ON whistle_event(whistle_id, id);"
	"CREATE TABLE whistle_setting ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  urgent_ack_hours INTEGER NOT NULL CHECK (urgent_ack_hours > 0),"
	"  urgent_onsite_hours INTEGER NOT NULL CHECK (urgent_onsite_hours > 0),"
	"  urgent_resolve_days INTEGER NOT NULL CHECK (urgent_resolve_days >= 0),"
	"  normal_ack_days INTEGER NOT NULL CHECK (normal_ack_days > 0),"
	"  normal_report_days INTEGER NOT NULL CHECK (normal_report_days > 0),"
	"  normal_resolve_days INTEGER NOT NULL CHECK (normal_resolve_days >= 0),"
	"  min_sample INTEGER NOT NULL CHECK (min_sample > 0),"
	"  updated_by TEXT NOT NULL DEFAULT '',"
	"  updated_at TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO whistle_setting (id, urgent_ack_hours, urgent_onsite_hours, "
	"  urgent_resolve_days, normal_ack_days, normal_report_days, normal_resolve_days, "
	"  min_sample) VALUES (1, 1, 24, 0, 1, 3, 5, 5);",

	/* 7: what the review statistics count by: proposals by group, and by
	 * round, state and action (bench/review: the dashboard's counts). */
	"CREATE INDEX proposal_by_group ON proposal(group_id);"
	"CREATE INDEX proposal_state ON proposal(round_id, status, action);"
	"CREATE INDEX list_version_round ON list_version(round_id, status);",

	/* 8: a round's statistics in one pass over one covering index, which
	 * replaces the two it starts like; and a round's proposals a page at a
	 * time, in the order the round's page shows them (bench/review). */
	"CREATE INDEX proposal_stats ON proposal(round_id, town_id, status, action, origin, "
	"group_id);"
	"DROP INDEX proposal_round;"
	"DROP INDEX proposal_state;"
	"CREATE INDEX proposal_page ON proposal(round_id, coalesce(group_id, 0), id);",

	/* 9: 吹哨报到 with several departments, and what its statistics and the
	 * overdue list read.  A town may call several departments for one
	 * matter: each called department keeps its own whistle row (its own
	 * acknowledgement, report, deadlines, evaluation and statistics), and
	 * matter_id ties the rows of one matter together: the id of its first
	 * row (a whistle raised before this migration is a matter of its own).
	 * assigned_at is when the department called now was called: raised_at,
	 * or the last reassignment (it was derived from whistle_event on every
	 * read; bench/whistle: 50,000 lookups per statistics page).
	 * whistle_open holds only the whistles not yet evaluated, which the
	 * overdue list reads (bench/whistle: a year of a county's whistles). */
	"ALTER TABLE whistle ADD COLUMN matter_id INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE whistle ADD COLUMN assigned_at TEXT NOT NULL DEFAULT '';"
	"UPDATE whistle SET matter_id = id, assigned_at = coalesce((SELECT max(ev.at) FROM "
	"  whistle_event ev WHERE ev.whistle_id = whistle.id AND ev.action = 'reassign'), "
	"  raised_at);"
	"CREATE INDEX whistle_matter ON whistle(matter_id, id);"
	"CREATE INDEX whistle_open ON whistle(status) WHERE status IN ('raised','acknowledged',"
	"  'reported');",

	/* 10: 考核评价 (assessment periods, their indicators, assessed units, the
	 * towns' scores and 任免建议 opinions) and 监管问责 (cases, their
	 * evidence, events and responses, and the cases the system proposes).
	 * An assessed unit is a department or its dispatched agency (agency =
	 * 1: the department's dispatched_agency, e.g. D28's 派出所).  Evidence
	 * and proposals name what they link by kind and id, so that notice
	 * screening can link its findings ('notice') without a schema change. */
	"CREATE TABLE assess_period ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('draft','open','closed')),"
	"  min_sample INTEGER NOT NULL CHECK (min_sample > 0),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  opened_at TEXT NOT NULL DEFAULT '',"
	"  closed_at TEXT NOT NULL DEFAULT '',"
	"  CHECK (start_date <= end_date)"
	");"
	"CREATE TABLE assess_indicator ("
	"  id INTEGER PRIMARY KEY,"
	"  period_id INTEGER NOT NULL REFERENCES assess_period(id),"
	"  code TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  weight INTEGER NOT NULL CHECK (weight > 0 AND weight <= 100),"
	"  UNIQUE (period_id, code)"
	");"
	"CREATE TABLE assess_unit ("
	"  id INTEGER PRIMARY KEY,"
	"  period_id INTEGER NOT NULL REFERENCES assess_period(id),"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  agency INTEGER NOT NULL DEFAULT 0 CHECK (agency IN (0, 1)),"
	"  UNIQUE (period_id, department_id, agency)"
	");"
	"CREATE TABLE assess_assignment ("
	"  unit_id INTEGER NOT NULL REFERENCES assess_unit(id),"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  PRIMARY KEY (unit_id, town_id)"
	");"
	"CREATE TABLE assess_score ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES assess_unit(id),"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  indicator_id INTEGER NOT NULL REFERENCES assess_indicator(id),"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  scored_by TEXT NOT NULL,"
	"  scored_at TEXT NOT NULL,"
	"  UNIQUE (unit_id, town_id, indicator_id)"
	");"
	"CREATE TABLE assess_opinion ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES assess_unit(id),"
	"  town_id INTEGER NOT NULL REFERENCES town(id),"
	"  person TEXT NOT NULL,"
	"  opinion TEXT NOT NULL CHECK (opinion IN ('keep','commend','remove','other')),"
	"  reason TEXT NOT NULL,"
	"  given_by TEXT NOT NULL,"
	"  given_at TEXT NOT NULL"
	");"
	"CREATE TABLE case_setting ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  investigate_days INTEGER NOT NULL CHECK (investigate_days > 0),"
	"  conclude_days INTEGER NOT NULL CHECK (conclude_days > 0),"
	"  close_days INTEGER NOT NULL CHECK (close_days > 0),"
	"  overdue_threshold INTEGER NOT NULL CHECK (overdue_threshold > 0),"
	"  window_days INTEGER NOT NULL CHECK (window_days > 0),"
	"  updated_by TEXT NOT NULL DEFAULT '',"
	"  updated_at TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO case_setting (id, investigate_days, conclude_days, close_days, "
	"  overdue_threshold, window_days) VALUES (1, 5, 30, 10, 3, 90);"
	"CREATE TABLE supervision_case ("
	"  id INTEGER PRIMARY KEY,"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  agency INTEGER NOT NULL DEFAULT 0 CHECK (agency IN (0, 1)),"
	"  type TEXT NOT NULL CHECK (type IN ('inaction','misconduct','slowness','falsity',"
	"    'outside_list')),"
	"  title TEXT NOT NULL,"
	"  summary TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN ('opened','investigating','concluded','closed')),"
	"  opened_by TEXT NOT NULL,"
	"  opened_at TEXT NOT NULL,"
	"  opened_day TEXT NOT NULL,"
	"  step_since TEXT NOT NULL,"
	"  due TEXT NOT NULL DEFAULT '',"
	"  finding TEXT NOT NULL DEFAULT '',"
	"  measure TEXT NOT NULL DEFAULT '',"
	"  concluded_by TEXT NOT NULL DEFAULT '',"
	"  concluded_at TEXT NOT NULL DEFAULT '',"
	"  closed_by TEXT NOT NULL DEFAULT '',"
	"  closed_at TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX case_department ON supervision_case(department_id, status);"
	"CREATE TABLE case_evidence ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES supervision_case(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('whistle','notice','adjustment','complaint','file')),"
	"  ref_id INTEGER,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  file_name TEXT NOT NULL DEFAULT '',"
	"  content_type TEXT NOT NULL DEFAULT '',"
	"  size INTEGER NOT NULL DEFAULT 0,"
	"  sha256 TEXT NOT NULL DEFAULT '',"
	"  data BLOB,"
	"  added_by TEXT NOT NULL,"
	"  added_at TEXT NOT NULL"
	");"
	"CREATE INDEX case_evidence_case ON case_evidence(case_id);"
	"CREATE TABLE case_event ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES supervision_case(id),"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX case_event_case ON case_event(case_id);"
	"CREATE TABLE case_proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  type TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('proposed','accepted','dismissed')),"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  case_id INTEGER REFERENCES supervision_case(id),"
	"  proposed_at TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL DEFAULT '',"
	"  decided_at TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TABLE case_proposal_evidence ("
	"  proposal_id INTEGER NOT NULL REFERENCES case_proposal(id),"
	"  kind TEXT NOT NULL,"
	"  ref_id INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (kind, ref_id)"
	");",

	/* 11: notices (防护屏障): a department's notice to towns and each of its
	 * revisions, with what screening found in it (byte ranges of the
	 * revision's UTF-8 text, and the matched task as it was then, so that
	 * the record does not move when the catalogue does).  A finding may be
	 * turned into an admission request (admission_id).  despite marks a
	 * notice issued while it still had violations: evidence for
	 * accountability (监管问责).  notice_event keeps every step. */
	"CREATE TABLE notice ("
	"  id INTEGER PRIMARY KEY,"
	"  department_id INTEGER NOT NULL REFERENCES department(id),"
	"  title TEXT NOT NULL,"
	"  towns TEXT NOT NULL DEFAULT '',"  /* ';'-list of addressed town codes; '': all */
	"  status TEXT NOT NULL CHECK (status IN ('clean','flagged','under_review','returned',"
	"    'cleared','issued','withdrawn')),"
	"  revision INTEGER NOT NULL,"
	"  violations INTEGER NOT NULL DEFAULT 0,"
	"  despite INTEGER NOT NULL DEFAULT 0 CHECK (despite IN (0,1)),"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  reviewed_by TEXT NOT NULL DEFAULT '',"
	"  reviewed_at TEXT NOT NULL DEFAULT '',"
	"  review_note TEXT NOT NULL DEFAULT '',"
	"  issued_by TEXT NOT NULL DEFAULT '',"
	"  issued_at TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX notice_department ON notice(department_id, created_at);"
	"CREATE INDEX notice_despite ON notice(despite, issued_at);"
	"CREATE TABLE notice_revision ("
	"  id INTEGER PRIMARY KEY,"
	"  notice_id INTEGER NOT NULL REFERENCES notice(id),"
	"  number INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  sentences INTEGER NOT NULL,"
	"  assignments INTEGER NOT NULL,"
	"  basic INTEGER NOT NULL,"
	"  assist INTEGER NOT NULL,"
	"  reclaimed INTEGER NOT NULL,"
	"  out_of_list INTEGER NOT NULL,"
	"  UNIQUE (notice_id, number)"
	");"
	"CREATE TABLE notice_finding ("
	"  id INTEGER PRIMARY KEY,"
	"  revision_id INTEGER NOT NULL REFERENCES notice_revision(id),"
	"  seq INTEGER NOT NULL,"
	"  at_byte INTEGER NOT NULL,"
	"  len_bytes INTEGER NOT NULL,"
	"  sentence TEXT NOT NULL,"
	"  evidence TEXT NOT NULL,"
	"  towns TEXT NOT NULL,"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('basic','assist','reclaimed','out_of_list')),"
	"  task_code TEXT NOT NULL DEFAULT '',"
	"  task_name TEXT NOT NULL DEFAULT '',"
	"  list_type TEXT NOT NULL DEFAULT '',"
	"  lead_department TEXT NOT NULL DEFAULT '',"
	"  bases TEXT NOT NULL DEFAULT '',"
	"  unlisted_code TEXT NOT NULL DEFAULT '',"
	"  unlisted_name TEXT NOT NULL DEFAULT '',"
	"  score REAL NOT NULL,"
	"  low_confidence INTEGER NOT NULL CHECK (low_confidence IN (0,1)),"
	"  admission_id INTEGER REFERENCES admission(id)"
	");"
	"CREATE INDEX notice_finding_revision ON notice_finding(revision_id, seq);"
	"CREATE TABLE notice_event ("
	"  id INTEGER PRIMARY KEY,"
	"  notice_id INTEGER NOT NULL REFERENCES notice(id),"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX notice_event_notice ON notice_event(notice_id, id);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

int store_schema_latest(void)
{
	return NMIGRATIONS;
}

int store_schema_version(struct store *s)
{
	struct error e;
	sqlite3_stmt *st = store_stmt(s, "SELECT max(version) FROM schema_migration", &e);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return version;
}

enum status store_migrate(struct store *s, struct error *e)
{
	enum status st = store_exec(s,
	                            "CREATE TABLE IF NOT EXISTS schema_migration ("
	                            "  version INTEGER PRIMARY KEY,"
	                            "  applied_at TEXT NOT NULL)",
	                            e);
	if (st != STATUS_OK)
		return st;
	int have = store_schema_version(s);
	if (have < 0)
		return store_fail(s, "schema read", e);
	if (have > NMIGRATIONS)
		return error_set(e, STATUS_CONFLICT, "db",
		                 "the database is at schema version %d, newer than this program "
		                 "(%d); use a newer dutylist",
		                 have, NMIGRATIONS);
	for (int v = have + 1; v <= NMIGRATIONS; v++) {
		if ((st = store_begin(s, e)) != STATUS_OK)
			return st;
		st = store_exec(s, migrations[v - 1], e);
		if (st == STATUS_OK) {
			sqlite3_stmt *ins = store_stmt(
				s, "INSERT INTO schema_migration (version, applied_at) VALUES (?, ?)", e);
			char now[32];
			store_now(now);
			if (!ins)
				st = e->status;
			else {
				bind_int(ins, 1, v);
				bind_text(ins, 2, now);
				if (sqlite3_step(ins) != SQLITE_DONE)
					st = store_fail(s, "migration record", e);
			}
		}
		if (st == STATUS_OK)
			st = store_commit(s, e);
		if (st != STATUS_OK) {
			store_rollback(s);
			return st;
		}
	}
	return STATUS_OK;
}
