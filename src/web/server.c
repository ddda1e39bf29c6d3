/* server.c - libmicrohttpd glue: the daemon, request bodies, responses.
 *
 * libmicrohttpd parses HTTP; we never do.  It runs a pool of threads, one
 * per core, each with its own epoll loop; each thread opens its own
 * database connection on first use (SQLite connections are not shared
 * between threads) and closes it when the thread ends. */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/buf.h"
#include "cache.h"
#include "router.h"

#define MAX_BODY (1024 * 1024) /* request bodies: forms and JSON, never files */

static const char *g_db_path;
static pthread_key_t g_store_key;

/* At the end of a worker thread: its connection and its answers go. */
static void store_destroy(void *p)
{
	store_close(p);
	cache_clear();
}

/* This thread's database connection, opened on first use. */
struct store *server_store(struct error *e)
{
	struct store *s = pthread_getspecific(g_store_key);
	if (s)
		return s;
	if (store_open(g_db_path, STORE_EXISTING, &s, e) != STATUS_OK)
		return NULL;
	pthread_setspecific(g_store_key, s);
	return s;
}

struct conn_state {
	struct buf body;
	bool too_large;
	struct MHD_PostProcessor *pp;
	json_t *form; /* fields of a form body */
};

static enum MHD_Result on_form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data,
                                     uint64_t off, size_t size)
{
	(void)kind;
	(void)transfer_encoding;
	struct conn_state *cs = cls;
	/* An uploaded file's name and type come as KEY_name and KEY_type,
	 * read as the route's parameters are (so validated the same way). */
	if (filename && off == 0) {
		char name[128];
		snprintf(name, sizeof name, "%s_name", key);
		json_object_set_new(cs->form, name, json_string_nocheck(filename));
		snprintf(name, sizeof name, "%s_type", key);
		json_object_set_new(cs->form, name,
		                    json_string_nocheck(content_type ? content_type : ""));
	}
	/* A field may arrive in pieces: append to what came before. */
	json_t *have = json_object_get(cs->form, key);
	struct buf b = {0};
	/* by length: an uploaded file may hold NUL bytes */
	if (have && off > 0 && json_string_value(have))
		buf_append(&b, json_string_value(have), json_string_length(have));
	buf_append(&b, data, size);
	json_t *v = json_stringn_nocheck(buf_str(&b), b.len);
	json_object_set_new(cs->form, key, v);
	buf_free(&b);
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	if (cs->pp)
		MHD_destroy_post_processor(cs->pp);
	json_decref(cs->form);
	buf_free(&cs->body);
	free(cs);
	*con_cls = NULL;
}

/* Sends an assembled reply: status, headers, body. */
int server_send(void *conn, const struct reply *r)
{
	struct MHD_Connection *c = conn;
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->body.len,
	                                                            r->body.data ? r->body.data : "",
	                                                            MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

const char *server_header(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

const char *server_cookie(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, name);
}

const char *server_query(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

struct each_ctx {
	void (*fn)(void *ctx, const char *key, const char *value);
	void *ctx;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	(void)kind;
	struct each_ctx *c = cls;
	c->fn(c->ctx, key, value ? value : "");
	return MHD_YES;
}

void server_query_each(void *conn, void (*fn)(void *ctx, const char *key, const char *value),
                       void *ctx)
{
	struct each_ctx c = {fn, ctx};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, each_arg, &c);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		cs = xcalloc(1, sizeof *cs);
		cs->form = json_object();
		*con_cls = cs;
		const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		if (strcmp(method, "POST") == 0 && type &&
		    (strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0 ||
		     strncasecmp(type, "multipart/form-data", 19) == 0))
			cs->pp = MHD_create_post_processor(c, 16384, on_form_field, cs);
		return MHD_YES;
	}
	if (*upload_size) {
		if (cs->body.len + *upload_size > MAX_BODY)
			cs->too_large = true;
		if (!cs->too_large) {
			buf_append(&cs->body, upload_data, *upload_size);
			if (cs->pp && MHD_post_process(cs->pp, upload_data, *upload_size) != MHD_YES)
				cs->too_large = true; /* a body the post processor refused */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	struct incoming in = {
		.conn = c,
		.method = method,
		.url = url,
		.body = cs->body.data ? cs->body.data : "",
		.body_len = cs->body.len,
		.body_too_large = cs->too_large,
		.form = cs->pp ? cs->form : NULL,
	};
	return router_handle(&in) ? MHD_YES : MHD_NO;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Percent-decoding of paths and query values, as libmicrohttpd's own but
 * for %00: a NUL would cut the text short unseen, so it becomes DEL
 * (0x7f), which the router refuses in a path. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *out = s;
	for (const char *in = s; *in; in++) {
		int hi, lo;
		if (*in == '%' && (hi = hexval(in[1])) >= 0 && (lo = hexval(in[2])) >= 0) {
			int v = hi * 16 + lo;
			*out++ = v ? (char)v : 0x7f;
			in += 2;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

static enum status parse_listen(const char *listen, struct sockaddr_in *addr, struct error *e)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
		return error_set(e, STATUS_USAGE, "listen", "'%s' is not ADDR:PORT", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return error_set(e, STATUS_USAGE, "listen", "'%s' is not a port", colon + 1);
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &addr->sin_addr) != 1)
		return error_set(e, STATUS_USAGE, "listen", "'%s' is not an IPv4 address", host);
	return STATUS_OK;
}

enum status server_run(const struct server_options *o, struct error *e)
{
	struct sockaddr_in addr;
	enum status st = parse_listen(o->listen, &addr, e);
	if (st != STATUS_OK)
		return st;
	g_db_path = o->db_path;
	if (pthread_key_create(&g_store_key, store_destroy) != 0)
		return error_set(e, STATUS_IO, NULL, "cannot create thread storage");
	if ((st = router_init(o->secure_cookies, e)) != STATUS_OK)
		return st;
	unsigned threads = o->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
		threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!d) {
		router_free();
		return error_set(e, STATUS_IO, "listen", "cannot listen on %s (in use?)", o->listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
	printf("dutylist: serving %s on http://%s:%u/ (%u threads); Ctrl-C stops\n", o->db_path,
	       ip, info ? info->port : ntohs(addr.sin_port), threads);
	fflush(stdout);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while (!g_stop)
		pause();
	MHD_stop_daemon(d);
	router_free();
	printf("dutylist: stopped\n");
	return STATUS_OK;
}
