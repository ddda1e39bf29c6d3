/* auth.h - who is calling: sessions (HTML) and bearer tokens (API), and
 * the login and logout pages. */
#ifndef DUTYLIST_WEB_AUTH_H
#define DUTYLIST_WEB_AUTH_H

#include "web.h"

/* Fills *u (u->id 0 when anonymous) and the session's CSRF token from the
 * request's session cookie or Authorization: Bearer header. */
enum status auth_identify(struct request *req, struct user *u, char csrf[65],
                          struct error *e) MUST_USE;
/* Marks session cookies Secure (behind HTTPS). */
void auth_set_secure(bool secure);

#endif
