#include "err.h"

#include <stdarg.h>
#include <stdio.h>

enum status error_set(struct error *e, enum status status, const char *field,
                      const char *fmt, ...)
{
	if (!e)
		return status;
	e->status = status;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return status;
}

int status_exit_code(enum status status)
{
	switch (status) {
	case STATUS_OK:
		return 0;
	case STATUS_INVALID:
	case STATUS_NOT_FOUND:
	case STATUS_CONFLICT:
	case STATUS_FORBIDDEN:
	case STATUS_UNAUTHENTICATED:
	case STATUS_RATE_LIMITED:
		return 1;
	default:
		return 2;
	}
}
