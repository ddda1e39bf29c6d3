/* user.h - users and their roles (DESIGN.md, "Who uses it").
 *
 * A township user acts only for their own town, a department user only
 * for their own department; the others act county-wide. */
#ifndef DUTYLIST_CORE_USER_H
#define DUTYLIST_CORE_USER_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_PUBLIC,     /* anyone, not logged in */
	ROLE_OFFICE,     /* county 编办 staff */
	ROLE_TOWNSHIP,   /* a town's staff */
	ROLE_DEPARTMENT, /* a county department's staff */
	ROLE_SUPERVISOR, /* discipline inspection 纪检监察 */
	ROLE_ADMIN,      /* system administrator */
	ROLE_COUNT
};

extern const char *const role_key[ROLE_COUNT];  /* "public", "office", ... */
extern const char *const role_name[ROLE_COUNT]; /* 公众, 编办, ... */
int role_from_key(const char *key);             /* -1 when unknown */

#define USER_NAME_MAX 32

struct user {
	int64_t id; /* 0: nobody */
	char name[USER_NAME_MAX + 1];
	enum role role;
	char town[16];       /* township users: their town's code */
	char department[40]; /* department users: their department's code */
	bool disabled;
};

/* A user name: 1 to 32 of letters, digits, '.', '-', '_', starting with a
 * letter or digit. */
bool user_name_valid(const char *name);

#endif
