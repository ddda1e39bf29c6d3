/* meta.c - the API's description of itself: /api/v1/openapi.json, made
 * from the same route table the router uses, so a route cannot exist
 * without its entry. */
#include <string.h>

#include "web.h"

static const char *type_name(enum param_type t)
{
	return t == PARAM_INT || t == PARAM_COUNT ? "integer"
	       : t == PARAM_BOOL                   ? "boolean"
	       : t == PARAM_OBJECT                 ? "object"
	       : t == PARAM_CODES                  ? "array"
	                                           : "string";
}

static json_t *param_schema(const struct param *p)
{
	json_t *schema = json_pack("{s:s}", "type", type_name(p->type));
	if (p->type == PARAM_DATE)
		json_object_set_new(schema, "format", json_string("date"));
	if (p->type == PARAM_CODE)
		json_object_set_new(schema, "pattern", json_string("^[A-Za-z0-9_-]{1,32}$"));
	if (p->type == PARAM_CODES)
		json_object_set_new(schema, "items",
		                    json_pack("{s:s, s:s}", "type", "string", "pattern",
		                              "^[A-Za-z0-9_-]{1,32}$"));
	if (p->type == PARAM_INT || p->type == PARAM_COUNT) {
		json_object_set_new(schema, "minimum", json_integer(p->type == PARAM_COUNT));
		if (p->max)
			json_object_set_new(schema, "maximum", json_integer(p->max));
	}
	if (p->type == PARAM_TEXT && p->max)
		json_object_set_new(schema, "maxLength", json_integer(p->max));
	if (p->type == PARAM_FILE)
		json_object_set_new(schema, "format", json_string("byte")); /* base64 in JSON */
	return schema;
}

static json_t *operation(const struct route *r)
{
	json_t *op = json_pack("{s:s, s:o}", "summary", r->summary, "responses", json_object());
	json_t *params = json_array(), *body_props = json_object(), *required = json_array();
	for (const struct param *p = r->params; p && p->name; p++) {
		if (p->in == IN_BODY) {
			json_t *schema = param_schema(p);
			json_object_set_new(schema, "description", json_string(p->help));
			json_object_set_new(body_props, p->name, schema);
			if (p->required)
				json_array_append_new(required, json_string(p->name));
			continue;
		}
		json_array_append_new(params,
		                      json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", p->name, "in",
		                                p->in == IN_PATH ? "path" : "query", "required",
		                                p->required || p->in == IN_PATH, "description",
		                                p->help, "schema", param_schema(p)));
	}
	if (json_array_size(params))
		json_object_set(op, "parameters", params);
	if (json_object_size(body_props)) {
		json_t *schema = json_pack("{s:s, s:O, s:O}", "type", "object", "properties",
		                           body_props, "required", required);
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
		                              "application/json", "schema", schema));
	}
	json_decref(params);
	json_decref(body_props);
	json_decref(required);
	json_t *responses = json_object_get(op, "responses");
	json_object_set_new(responses, "200", json_pack("{s:s}", "description", "OK"));
	json_t *err = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
	                        "an error: {\"error\": {\"code\", \"message\", \"field\"}}", "content",
	                        "application/json", "schema", "$ref", "#/components/schemas/Error");
	json_object_set(responses, "default", err);
	json_decref(err);
	if (r->may != MAY_ANYONE) {
		json_t *roles = json_array();
		for (int i = ROLE_OFFICE; i < ROLE_COUNT; i++)
			if (r->may & MAY(i))
				json_array_append_new(roles, json_string(role_key[i]));
		json_object_set_new(op, "x-roles", roles);
		json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearer"));
	}
	return op;
}

static enum status openapi(struct request *req, struct response *res, struct error *e)
{
	(void)req;
	(void)e;
	json_t *paths = json_object();
	for (const struct route *const *t = web_route_tables(); *t; t++) {
		for (const struct route *r = *t; r->method; r++) {
			if (!r->api)
				continue;
			char path[256];
			snprintf(path, sizeof path, "/api/v1%s", r->api);
			json_t *item = json_object_get(paths, path);
			if (!item) {
				item = json_object();
				json_object_set_new(paths, path, item);
			}
			char method[8];
			size_t n = strlen(r->method);
			for (size_t i = 0; i <= n && i < sizeof method; i++)
				method[i] = (char)(r->method[i] >= 'A' && r->method[i] <= 'Z'
				                           ? r->method[i] + 32
				                           : r->method[i]);
			method[sizeof method - 1] = '\0';
			json_object_set_new(item, method, operation(r));
		}
	}
	res->model = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s}}, s:{s:{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}}}}",
		"openapi", "3.0.3", "info", "title", "dutylist API (乡镇职责清单管理系统)", "version",
		"1", "description",
		"Township duty lists: towns, their lists, tasks, legal bases, departments, guides.",
		"paths", paths, "components", "securitySchemes", "bearer", "type", "http", "scheme",
		"bearer", "schemas", "Error", "type", "object", "properties", "error", "type",
		"object", "properties", "code", "type", "string", "message", "type", "string", "field",
		"type", "string");
	res->cache = "public, max-age=300";
	return STATUS_OK;
}

const struct route meta_routes[] = {
	{"GET", "/openapi.json", NULL, MAY_ANYONE, NULL, NULL, NULL,
	 "This document: every API path, generated from the router's table", openapi},
	{0},
};
