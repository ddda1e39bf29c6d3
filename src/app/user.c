/* user.c - user administration, logins, sessions and API tokens.
 *
 * There are no default passwords: a new user gets a generated one (or one
 * given on stdin), shown once.  Passwords are kept as argon2id hashes
 * (libsodium crypto_pwhash_str); session and API tokens are 256 random
 * bits, kept only as SHA-256 hashes, so a stolen database opens no
 * session.  Every change, and every failed login, is audited. */
#include "internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/user.h"
#include "../util/buf.h"

#define PASSWORD_MIN 10
#define PASSWORD_MAX 128
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_FAILURES 5
#define SESSION_SECONDS (12 * 3600)

static void iso_time(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void token_hash(const char *token, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

void random_token(char out[65])
{
	unsigned char bytes[32];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2hex(out, 65, bytes, sizeof bytes);
}

/* A password a person can type: 16 characters without look-alikes. */
static void generate_password(char out[PASSWORD_MAX + 1])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = 16;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = '\0';
}

static enum status check_password(const char *password, struct error *e)
{
	size_t n = strlen(password);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX)
		return error_set(e, STATUS_INVALID, "password",
		                 "a password has %d to %d characters", PASSWORD_MIN, PASSWORD_MAX);
	return STATUS_OK;
}

static enum status hash_password(const char *password, char hash[crypto_pwhash_STRBYTES],
                                 struct error *e)
{
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error_set(e, STATUS_NOMEM, NULL, "not enough memory to hash a password");
	return STATUS_OK;
}

enum status app_audit(struct store *s, const struct actor *who, const char *action,
                      const char *object, json_t *detail, struct error *e)
{
	if (!detail)
		detail = json_object();
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	if (!text)
		die_nomem();
	/* the procedure is the action's area: review, admission, adjustment ... */
	char procedure[32];
	snprintf(procedure, sizeof procedure, "%.*s", (int)strcspn(action, "."), action);
	struct audit_entry a = {who->name, who->role, action, object, procedure, text};
	enum status st = store_audit_append(s, &a, e);
	free(text);
	return st;
}

enum status user_add(struct store *s, const struct actor *who, const char *name,
                     const char *role, const char *town, const char *department,
                     const char *password, char generated[PASSWORD_MAX + 1], struct error *e)
{
	generated[0] = '\0';
	if (!user_name_valid(name))
		return error_set(e, STATUS_INVALID, "name",
		                 "'%s' is not a user name: 1 to %d letters, digits, '.', '-', '_'",
		                 name, USER_NAME_MAX);
	int r = role_from_key(role);
	if (r <= ROLE_PUBLIC)
		return error_set(e, STATUS_INVALID, "role",
		                 "'%s' is not one of office, township, department, supervisor, admin",
		                 role);
	town = town ? town : "";
	department = department ? department : "";
	if (r == ROLE_TOWNSHIP && !*town)
		return error_set(e, STATUS_INVALID, "town", "a township user needs --town CODE");
	if (r != ROLE_TOWNSHIP && *town)
		return error_set(e, STATUS_INVALID, "town", "only township users belong to a town");
	if (r == ROLE_DEPARTMENT && !*department)
		return error_set(e, STATUS_INVALID, "department",
		                 "a department user needs --department CODE");
	if (r != ROLE_DEPARTMENT && *department)
		return error_set(e, STATUS_INVALID, "department",
		                 "only department users belong to a department");
	if (password && check_password(password, e) != STATUS_OK)
		return e->status;
	if (!password) {
		generate_password(generated);
		password = generated;
	}
	char hash[crypto_pwhash_STRBYTES];
	enum status st = hash_password(password, hash, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_begin(s, e)) != STATUS_OK)
		return st;
	struct user existing;
	char old[128];
	st = store_user_get(s, name, &existing, old, e);
	if (st == STATUS_OK)
		st = error_set(e, STATUS_CONFLICT, "name", "the user %s already exists", name);
	else if (st == STATUS_NOT_FOUND)
		st = STATUS_OK;
	/* the town or department must exist: the insert resolves codes to ids */
	int64_t id = 0;
	if (st == STATUS_OK)
		st = store_user_add(s, name, role, town, department, hash, &id, e);
	if (st == STATUS_STORE && strstr(e->message, "CHECK"))
		st = error_set(e, STATUS_NOT_FOUND, *town ? "town" : "department", "%s %s does not exist",
		               *town ? "town" : "department", *town ? town : department);
	if (st == STATUS_OK) {
		char object[64];
		snprintf(object, sizeof object, "user:%s", name);
		st = app_audit(s, who, "user.add", object,
		               json_pack("{s:s, s:s, s:s}", "role", role, "town", town, "department",
		                         department),
		               e);
	}
	if (st != STATUS_OK)
		generated[0] = '\0';
	return app_finish(s, st, e);
}

enum status user_set_password(struct store *s, const struct actor *who, const char *name,
                              const char *password, char generated[PASSWORD_MAX + 1],
                              struct error *e)
{
	generated[0] = '\0';
	if (password && check_password(password, e) != STATUS_OK)
		return e->status;
	if (!password) {
		generate_password(generated);
		password = generated;
	}
	char hash[crypto_pwhash_STRBYTES];
	enum status st = hash_password(password, hash, e);
	if (st != STATUS_OK || (st = store_begin(s, e)) != STATUS_OK)
		return st;
	struct user u;
	char old[128];
	st = store_user_get(s, name, &u, old, e);
	if (st == STATUS_OK)
		st = store_user_set_password(s, u.id, hash, e);
	if (st == STATUS_OK) {
		char object[64];
		snprintf(object, sizeof object, "user:%s", name);
		st = app_audit(s, who, "user.passwd", object, NULL, e);
	}
	if (st != STATUS_OK)
		generated[0] = '\0';
	return app_finish(s, st, e);
}

enum status user_disable(struct store *s, const struct actor *who, const char *name,
                         struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct user u;
	char old[128];
	st = store_user_get(s, name, &u, old, e);
	if (st == STATUS_OK)
		st = store_user_disable(s, u.id, e);
	if (st == STATUS_OK) {
		char object[64];
		snprintf(object, sizeof object, "user:%s", name);
		st = app_audit(s, who, "user.disable", object, NULL, e);
	}
	return app_finish(s, st, e);
}

enum status user_login(struct store *s, const char *name, const char *password,
                       const char *client, char session[65], char csrf[65], struct error *e)
{
	session[0] = csrf[0] = '\0';
	char since[32], expires[32];
	time_t now = time(NULL);
	iso_time(now - LOGIN_WINDOW_SECONDS, since);
	iso_time(now + SESSION_SECONDS, expires);
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	int failures = 0;
	st = store_login_failures(s, name, since, &failures, e);
	if (st == STATUS_OK && failures >= LOGIN_MAX_FAILURES) {
		store_rollback(s);
		return error_set(e, STATUS_RATE_LIMITED, NULL,
		                 "too many failed logins for %s; try again in 15 minutes", name);
	}
	struct user u;
	char hash[128] = "";
	enum status found = st == STATUS_OK ? store_user_get(s, name, &u, hash, e) : st;
	if (found != STATUS_OK && found != STATUS_NOT_FOUND) {
		store_rollback(s);
		return found;
	}
	/* Verify even for an unknown name, so timing does not tell which
	 * names exist. */
	static char dummy[crypto_pwhash_STRBYTES];
	if (!dummy[0] && hash_password("dummy password", dummy, e) != STATUS_OK) {
		store_rollback(s);
		return e->status;
	}
	bool ok = crypto_pwhash_str_verify(found == STATUS_OK ? hash : dummy, password,
	                                   strlen(password)) == 0 &&
	          found == STATUS_OK && !u.disabled;
	struct actor who = {name, ok ? role_key[u.role] : "public", "", ""};
	char object[64];
	snprintf(object, sizeof object, "user:%s", name);
	if (!ok) {
		st = store_login_failure_add(s, name, e);
		if (st == STATUS_OK)
			st = app_audit(s, &who, "user.login_failed", object,
			               json_pack("{s:s}", "client", client ? client : ""), e);
		st = app_finish(s, st, e);
		return st != STATUS_OK ? st
		                       : error_set(e, STATUS_UNAUTHENTICATED, "password",
		                                   "the name or the password is wrong");
	}
	random_token(session);
	random_token(csrf);
	char session_hash[65];
	token_hash(session, session_hash);
	st = store_session_add(s, session_hash, u.id, csrf, expires, e);
	if (st == STATUS_OK)
		st = app_audit(s, &who, "user.login", object,
		               json_pack("{s:s}", "client", client ? client : ""), e);
	if (st != STATUS_OK)
		session[0] = csrf[0] = '\0';
	return app_finish(s, st, e);
}

enum status user_logout(struct store *s, const char *session, struct error *e)
{
	char hash[65];
	token_hash(session, hash);
	enum status st = store_begin(s, e);
	if (st == STATUS_OK)
		st = store_session_delete(s, hash, e);
	return app_finish(s, st, e);
}

enum status user_identify(struct store *s, const char *session, const char *bearer,
                          struct user *u, char csrf[65], struct error *e)
{
	char hash[65], now[32];
	memset(u, 0, sizeof *u);
	csrf[0] = '\0';
	if (bearer) {
		token_hash(bearer, hash);
		return store_token_get(s, hash, u, e);
	}
	if (session) {
		token_hash(session, hash);
		iso_time(time(NULL), now);
		return store_session_get(s, hash, now, u, csrf, e);
	}
	return STATUS_OK;
}

enum status token_create(struct store *s, const struct actor *who, const char *name,
                         char token[65], struct error *e)
{
	token[0] = '\0';
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct user u;
	char old[128];
	st = store_user_get(s, name, &u, old, e);
	if (st == STATUS_OK && u.disabled)
		st = error_set(e, STATUS_CONFLICT, "name", "the user %s is disabled", name);
	char hash[65];
	if (st == STATUS_OK) {
		random_token(token);
		token_hash(token, hash);
		st = store_token_add(s, hash, u.id, e);
	}
	if (st == STATUS_OK) {
		char object[64];
		snprintf(object, sizeof object, "user:%s", name);
		st = app_audit(s, who, "token.create", object, NULL, e);
	}
	if (st != STATUS_OK)
		token[0] = '\0';
	return app_finish(s, st, e);
}
