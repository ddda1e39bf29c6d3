/* users.c - user administration for the admin: list, add (the generated
 * password is shown once), disable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/date.h"
#include "../util/fs.h"

#include "view.h"

static enum status users(struct request *req, struct response *res, struct error *e)
{
	json_t *list;
	enum status st = store_user_list(req->store, &list, e);
	if (st != STATUS_OK)
		return st;
	json_t *roles = json_array();
	for (int r = ROLE_OFFICE; r < ROLE_COUNT; r++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "key", role_key[r], "name",
		                                       role_name[r]));
	res->model = json_pack("{s:o, s:o}", "users", list, "roles", roles);
	return STATUS_OK;
}

static enum status user_create(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	char generated[PASSWORD_MAX + 1];
	const char *name = req_text(req, "name");
	enum status st = user_add(req->store, &who, name, req_text(req, "role"),
	                          req_text(req, "town"), req_text(req, "department"), NULL,
	                          generated, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		/* Show the list, with the new password once. */
		if ((st = users(req, res, e)) != STATUS_OK)
			return st;
		json_object_set_new(res->model, "created",
		                    json_pack("{s:s, s:s}", "name", name, "password", generated));
		return STATUS_OK;
	}
	res->status = 201;
	res->model = json_pack("{s:s, s:s, s:s}", "name", name, "role", req_text(req, "role"),
	                       "password", generated);
	return STATUS_OK;
}

static enum status user_disable_route(struct request *req, struct response *res,
                                      struct error *e)
{
	struct actor who = web_actor(req);
	const char *name = req_text(req, "name");
	if (strcmp(name, req->user->name) == 0)
		return error_set(e, STATUS_CONFLICT, "name", "an administrator cannot disable themself");
	enum status st = user_disable(req->store, &who, name, e);
	if (st != STATUS_OK)
		return st;
	if (req->api)
		res->model = json_pack("{s:s, s:b}", "name", name, "disabled", 1);
	else
		res->redirect = xstrdup("/users");
	return STATUS_OK;
}

/* A backup of the database to download: made with the online backup API
 * into a private temporary directory, sent, and removed. */
static enum status backup(struct request *req, struct response *res, struct error *e)
{
	char dir[] = "/tmp/dutylist-backup-XXXXXX";
	if (!mkdtemp(dir))
		return error_set(e, STATUS_IO, NULL, "cannot make a temporary directory");
	char path[64];
	snprintf(path, sizeof path, "%s/backup.db", dir);
	enum status st = store_backup(req->store, path, e);
	char *data = NULL;
	size_t len = 0;
	if (st == STATUS_OK)
		st = fs_read(path, (size_t)1 << 34, &data, &len, e);
	unlink(path);
	rmdir(dir);
	if (st != STATUS_OK)
		return st;
	buf_append(&res->body, data, len);
	free(data);
	res->content_type = "application/vnd.sqlite3";
	res->cache = "no-store";
	static _Thread_local char name[48];
	char today[11];
	date_format(date_today(), today);
	snprintf(name, sizeof name, "dutylist-%s.db", today);
	res->download = name;
	/* the whole database left the server: say who took it */
	struct actor who = web_actor(req);
	if ((st = store_begin(req->store, e)) == STATUS_OK) {
		st = app_audit(req->store, &who, "database.backup", "database",
		               json_pack("{s:I}", "bytes", (json_int_t)len), e);
		if (st == STATUS_OK)
			st = store_commit(req->store, e);
		if (st != STATUS_OK)
			store_rollback(req->store);
	}
	return st;
}

static const struct param create_params[] = {
	{"name", IN_BODY, PARAM_TEXT, true, USER_NAME_MAX, "user name"},
	{"role", IN_BODY, PARAM_TEXT, true, 20, "office, township, department, supervisor, admin"},
	{"town", IN_BODY, PARAM_TEXT, false, 16, "the town's code, for township users"},
	{"department", IN_BODY, PARAM_TEXT, false, 40, "the department's code, for department users"},
	{0},
};
static const struct param name_params[] = {
	{"name", IN_PATH, PARAM_TEXT, true, USER_NAME_MAX, "user name"},
	{0},
};

const struct route user_routes[] = {
	{"GET", "/users", "/users", MAY(ROLE_ADMIN), NULL, NULL, "users", "Users and their roles",
	 users},
	{"POST", "/users", "/users", MAY(ROLE_ADMIN), NULL, create_params, "users",
	 "Add a user; the answer holds the generated password, once", user_create},
	{"GET", "/admin/backup", "/admin/backup", MAY(ROLE_ADMIN), NULL, NULL, NULL,
	 "Download a consistent backup of the database (SQLite file)", backup},
	{"POST", "/users/{name}/disable", "/users/{name}/disable", MAY(ROLE_ADMIN), NULL,
	 name_params, NULL, "Disable a user and end their sessions and tokens",
	 user_disable_route},
	{0},
};
