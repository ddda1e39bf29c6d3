/* err.h - how every layer reports a failure.
 *
 * A function that can fail returns an enum status (STATUS_OK is 0) and, when
 * it fails, fills the caller's struct error with a message for a person and,
 * where the failure is about one input field, that field's name.  The status
 * says what kind of failure it is, so the web layer can map it to an HTTP
 * status and the CLI to an exit code without parsing the message. */
#ifndef DUTYLIST_ERR_H
#define DUTYLIST_ERR_H

#define MUST_USE __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

enum status {
	STATUS_OK = 0,
	STATUS_INVALID,   /* input breaks a rule: 400/422, exit 1 */
	STATUS_NOT_FOUND, /* a named thing does not exist: 404, exit 1 */
	STATUS_CONFLICT,  /* the state forbids it: 409, exit 1 */
	STATUS_FORBIDDEN, /* this caller may not: 403, exit 1 */
	STATUS_UNAUTHENTICATED, /* who is calling is not known: 401, exit 1 */
	STATUS_RATE_LIMITED, /* too many tries: 429, exit 1 */
	STATUS_USAGE,     /* bad command line: exit 2 */
	STATUS_IO,        /* file or OS failure: exit 2 */
	STATUS_STORE,     /* database failure: 500, exit 2 */
	STATUS_NOMEM,     /* out of memory: 500, exit 2 */
};

struct error {
	enum status status;
	char field[64];    /* the input field at fault, or "" */
	char message[512]; /* for a person, in English */
};

/* Fills *e (when e is not NULL) and returns status, so a caller can write
 * `return error_set(e, STATUS_INVALID, "bases", "...")`. */
enum status error_set(struct error *e, enum status status, const char *field,
                      const char *fmt, ...) PRINTF_LIKE(4, 5);

/* The exit status a command returns for a failure of this kind. */
int status_exit_code(enum status status);

#endif
