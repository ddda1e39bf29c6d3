#include "user.h"

#include <string.h>

const char *const role_key[ROLE_COUNT] = {"public", "office", "township", "department",
                                          "supervisor", "admin"};
const char *const role_name[ROLE_COUNT] = {"公众", "编办", "乡镇", "部门", "纪检监察", "管理员"};

int role_from_key(const char *key)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_key[i], key) == 0)
			return i;
	return -1;
}

bool user_name_valid(const char *name)
{
	/* It must start with a letter or digit: "." and ".." are no names (and
	 * no path segments either). */
	static const char alnum[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_");
	return n > 0 && n <= USER_NAME_MAX && name[n] == '\0' && strchr(alnum, name[0]);
}
