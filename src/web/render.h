/* render.h - HTML pages: templates (web/templates/, embedded) rendered
 * over the handler's view model plus what every page needs (the
 * messages of the page's language, the caller, the CSRF token). */
#ifndef DUTYLIST_WEB_RENDER_H
#define DUTYLIST_WEB_RENDER_H

#include "web.h"

/* Compiles every template and loads the message catalogues; fails when a
 * route names a template that does not exist or a catalogue lacks a key
 * the other has. */
enum status render_init(struct error *e) MUST_USE;
void render_free(void);
void render_page(const struct request *req, const struct response *res, struct buf *out);
void render_error_page(const struct request *req, const struct error *e, struct buf *out);
/* The message catalogue of a language ("zh-CN" or "en"), borrowed. */
const json_t *render_messages(const char *lang);

#endif
