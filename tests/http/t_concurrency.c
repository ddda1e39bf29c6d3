/* t_concurrency.c - many requests at once (one curl_multi): each thread of
 * the server's pool with its own database connection must answer exactly
 * what it answers one at a time. */
#include "http_test.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 8

static const char *const paths[] = {
	"/",
	"/towns/" TOWN,
	"/api/v1/towns/" TOWN "/list",
	"/api/v1/tasks?limit=1000",
	"/api/v1/search?q=%E6%B6%88%E9%98%B2",
	"/guides/" GUIDE,
	"/tasks/" TASK "?lang=en",
};
#define NPATHS (sizeof paths / sizeof paths[0])

void test_concurrency(void)
{
	struct resp *want[NPATHS];
	for (size_t i = 0; i < NPATHS; i++)
		want[i] = GET(paths[i]);

	enum { N = ROUNDS * NPATHS };
	struct prepared *p[N];
	struct resp *got[N];
	bool done[N] = {false};
	CURLM *multi = curl_multi_init();
	for (size_t i = 0; i < N; i++) {
		p[i] = http_prepare(&(struct req){.path = paths[i % NPATHS]}, &got[i]);
		curl_multi_add_handle(multi, http_handle(p[i]));
	}
	int running = 1, rounds = 0;
	while (running && rounds++ < 6000) { /* 6000 polls of at most 10 ms */
		curl_multi_perform(multi, &running);
		if (running)
			curl_multi_poll(multi, NULL, 0, 10, NULL);
	}
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* msg lives in the easy handle, which http_finish() frees */
		void *handle = msg->easy_handle;
		int result = (int)msg->data.result;
		for (size_t i = 0; i < N; i++)
			if (!done[i] && http_handle(p[i]) == handle) {
				curl_multi_remove_handle(multi, handle);
				http_finish(p[i], result);
				done[i] = true;
				break;
			}
	}
	size_t answered = 0, same = 0;
	char problem[300] = "";
	for (size_t i = 0; i < N; i++) {
		if (!done[i]) {
			curl_multi_remove_handle(multi, http_handle(p[i]));
			http_finish(p[i], CURLE_OPERATION_TIMEDOUT);
		}
		struct resp *w = want[i % NPATHS];
		answered += got[i]->status == 200;
		bool eq = got[i]->status == w->status && got[i]->len == w->len &&
		          memcmp(got[i]->body, w->body, w->len) == 0;
		same += eq;
		if (!eq && !problem[0])
			snprintf(problem, sizeof problem, "%.100s: %ld, %zu bytes, wanted %ld, %zu bytes%s%.100s",
			         got[i]->what, got[i]->status, got[i]->len, w->status, w->len,
			         got[i]->status ? "" : ": ", got[i]->status ? "" : got[i]->error);
		resp_free(got[i]);
	}
	curl_multi_cleanup(multi);
	char name[160];
	snprintf(name, sizeof name, "%d concurrent requests over %zu paths: all 200", (int)N, NPATHS);
	t_check(answered == N, name, "%zu of %d answered 200; %s", answered, (int)N, problem);
	t_check(same == N, "each concurrent answer is the same as the request alone",
	        "%zu of %d differ; first %s", N - same, (int)N, problem);
	for (size_t i = 0; i < NPATHS; i++)
		resp_free(want[i]);
	t_check(healthy(), "the server answers /healthz after the concurrent burst", "it does not");
}
