/* json.h - reading fields of jansson objects that the store and the
 * use cases pass around as rows. */
#ifndef DUTYLIST_UTIL_JSON_H
#define DUTYLIST_UTIL_JSON_H

#include <jansson.h>
#include <stdint.h>

/* The string at key, or "" when it is missing or not a string. */
const char *json_text(const json_t *o, const char *key);
/* The integer at key, or 0 when it is missing or not an integer. */
int64_t json_int(const json_t *o, const char *key);

#endif
