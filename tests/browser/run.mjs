#!/usr/bin/env node
// run.mjs - the browser suite of dutylist: Chromium, driven by Playwright
// (playwright-core, with Debian's /usr/bin/chromium; no browser is ever
// downloaded), clicks through the server-rendered pages as a visitor, the
// office and a township user would.
//
//   npm ci && node tests/browser/run.mjs PATH_TO_DUTYLIST
//
// In a temporary directory it creates a database with the demo catalogue
// (`dutylist init`), an office user, a township user and a department user
// (passwords on stdin), starts `dutylist serve` on a free port of 127.0.0.1,
// waits for /healthz, runs the scenarios of scenarios.mjs (the last, a review
// round, opens the round itself with the office's form), then stops the
// server with SIGTERM.  Each test prints "ok - NAME" or "FAIL - NAME: WHAT", with the
// path of a screenshot of each page it had open; the last line is
// "N passed, M failed" and the exit status is 1 when any test failed (2 when
// the suite could not start).  The temporary directory is removed when all
// passed, and kept (screenshots, server log; not the database) otherwise.
// BROWSER_SUITE_DEBUG=1 prints every console message the pages logged.
import { accessSync, constants, statSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	Failure, TestContext, check, eq, clip, within, runOk, startServer, launchBrowser, CHROMIUM,
} from './harness.mjs';
import { tests as scenarios, USERS } from './scenarios.mjs';

const TEST_TIMEOUT_MS = 120000;  // one test, all its pages
const SUITE_TIMEOUT_MS = 600000; // everything, setup and cleanup included

const state = { server: null, browser: null, tmp: null, keep: false, passed: 0, failed: 0 };

function usage(message) {
	if (message) console.error(`run.mjs: ${message}`);
	console.error('usage: node tests/browser/run.mjs PATH_TO_DUTYLIST');
	process.exit(2);
}

async function cleanup() {
	if (state.browser) {
		const b = state.browser;
		state.browser = null;
		try {
			await within(15000, 'closing the browser', b.close());
		} catch {
			// playwright kills the browser when this process exits
		}
	}
	if (state.server) {
		const s = state.server;
		state.server = null;
		await s.stop();
	}
	if (state.tmp) {
		if (state.keep) {
			for (const f of readdirSync(state.tmp))
				if (/\.db(-wal|-shm)?$/.test(f)) rmSync(join(state.tmp, f), { force: true });
		} else {
			rmSync(state.tmp, { recursive: true, force: true });
		}
	}
}

async function main() {
	if (process.argv.length !== 3) usage();
	const bin = resolve(process.argv[2]);
	try {
		accessSync(bin, constants.X_OK);
		if (!statSync(bin).isFile()) throw new Error();
	} catch {
		usage(`${process.argv[2]} is not an executable file`);
	}
	try {
		accessSync(CHROMIUM, constants.X_OK);
	} catch {
		usage(`${CHROMIUM} is missing (Debian's package chromium)`);
	}

	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, async () => {
			console.log(`FAIL - suite: stopped by ${sig}`);
			state.keep = true;
			await cleanup();
			if (state.tmp) console.log(`temporary directory kept: ${state.tmp}`);
			console.log(`${state.passed} passed, ${state.failed + 1} failed`);
			process.exit(2);
		});
	}
	const watchdog = setTimeout(async () => {
		console.log(`FAIL - suite: did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
		state.keep = true;
		await cleanup();
		if (state.tmp) console.log(`temporary directory kept: ${state.tmp}`);
		console.log(`${state.passed} passed, ${state.failed + 1} failed`);
		process.exit(2);
	}, SUITE_TIMEOUT_MS);

	state.tmp = mkdtempSync(join(tmpdir(), 'dutylist-browser-'));
	const db = join(state.tmp, 'browser.db');
	// db: for scenarios that move time by moving a record's deadlines (sqlite3)
	const suite = { base: null, browser: null, console: [], favicon: [], db };

	// Setup: a failure here is one failed test, and the end.
	try {
		await runOk(bin, ['init', '--db', db], { timeoutMs: 60000 });
		for (const u of Object.values(USERS)) {
			const args = ['user', 'add', u.name, '--role', u.role, '--password-stdin', '--db', db];
			if (u.town) args.splice(5, 0, '--town', u.town);
			if (u.department) args.splice(5, 0, '--department', u.department);
			await runOk(bin, args, { input: `${u.password}\n`, timeoutMs: 30000 });
		}
		state.server = await startServer(bin, db, join(state.tmp, 'serve.log'));
		suite.base = state.server.base;
		state.browser = suite.browser = await launchBrowser();
	} catch (err) {
		console.log(`FAIL - setup: ${clip(err.message, 600)}`);
		state.keep = true;
		await cleanup();
		console.log(`temporary directory kept: ${state.tmp}`);
		console.log('0 passed, 1 failed');
		clearTimeout(watchdog);
		process.exit(2);
	}

	// BROWSER_SUITE_ONLY=WORDS runs only the scenarios whose name holds WORDS
	const only = process.env.BROWSER_SUITE_ONLY;
	const chosen = only ? scenarios.filter((s) => s.name.includes(only)) : scenarios;
	const tests = [selfTest, ...chosen, faviconTest, consoleTest, serverStopTest];
	for (const [i, { name, fn, ownConsole }] of tests.entries()) {
		const t = new TestContext(suite, name);
		let error = null;
		try {
			await within(TEST_TIMEOUT_MS, name, fn(t, suite));
		} catch (err) {
			error = err;
		}
		await sleep(300); // late console messages (the favicon's comes after load)
		if (process.env.BROWSER_SUITE_DEBUG)
			for (const m of t.messages) console.log(`# [${name}] ${m.page}: ${m.type}: ${m.text} (${m.url})`);
		if (!ownConsole) {
			for (const m of t.findings()) {
				if (/\/favicon\.ico$/.test(m.url)) suite.favicon.push({ test: name, ...m });
				else suite.console.push({ test: name, ...m });
			}
		}
		if (error) {
			state.failed++;
			let detail = error instanceof Failure ? error.message : `${error.name}: ${error.message}`;
			const child = state.server?.child;
			if (child && (child.exitCode !== null || child.signalCode !== null))
				detail += ` (the server has exited: ${child.exitCode ?? child.signalCode}; see serve.log)`;
			console.log(`FAIL - ${name}: ${clip(detail, 1200)}`);
			for (const p of await t.screenshots(state.tmp, i + 1)) console.log(`  screenshot: ${p}`);
			state.keep = true;
		} else {
			state.passed++;
			console.log(`ok - ${name}`);
		}
		await t.close();
	}

	await cleanup();
	clearTimeout(watchdog);
	if (state.keep) console.log(`temporary directory kept: ${state.tmp}`);
	console.log(`${state.passed} passed, ${state.failed} failed`);
	process.exit(state.failed ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Tests around the scenarios.

// The console watcher must see a CSP violation, or "no violations" means
// nothing: a same-origin page of the test's own with an inline style.
const selfTest = {
	name: 'the console watcher sees a CSP violation (self-test)',
	ownConsole: true,
	fn: async (t) => {
		const page = await t.newPage();
		const url = `${t.base}/__browser_suite_selftest`;
		await page.route(url, (route) => route.fulfill({
			status: 200,
			headers: {
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy': "default-src 'self'; style-src 'self'",
			},
			body: '<!DOCTYPE html><html><body><p style="color:red">inline style</p></body></html>',
		}));
		await page.goto(url);
		const deadline = Date.now() + 5000;
		while (Date.now() < deadline && !t.messages.some((m) => /Content Security Policy|CSP violation/i.test(m.text)))
			await sleep(100);
		check(t.messages.some((m) => /Content Security Policy|CSP violation/i.test(m.text)),
			`no violation seen; messages: ${JSON.stringify(t.messages)}`);
	},
};

// Chromium asks every page for /favicon.ico; a 404 there is an error on
// every page's console.
const faviconTest = {
	name: 'the browser\'s favicon request is answered (no 404 on every page\'s console)',
	fn: async (t, suite) => {
		const page = await t.newPage();
		await t.open(page, '/');
		const link = page.locator('link[rel~="icon"]');
		const href = (await link.count()) ? await link.first().getAttribute('href') : '/favicon.ico';
		if (!href.startsWith('data:')) {
			const res = await page.request.get(new URL(href, t.base).href, { timeout: 10000 });
			check(res.status() < 400, `no <link rel="icon">, and GET ${href} answers ${res.status()}; ` +
				`${suite.favicon.length} console errors for it across the suite`);
		}
	},
};

const consoleTest = {
	name: 'no console errors, page errors or CSP violations on any page',
	fn: async (t, suite) => {
		const lines = suite.console.map((m) => `[${m.test}] ${m.page}: ${m.type}: ${clip(m.text, 200)}`);
		check(lines.length === 0, `${lines.length} found:\n  ${lines.slice(0, 15).join('\n  ')}` +
			(lines.length > 15 ? `\n  … and ${lines.length - 15} more` : ''));
	},
};

const serverStopTest = {
	name: 'the server stops cleanly on SIGTERM',
	fn: async () => {
		const { child } = state.server;
		check(child.exitCode === null && child.signalCode === null,
			`the server had already exited (${child.exitCode ?? child.signalCode}) before SIGTERM`);
		const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
		child.kill('SIGTERM');
		const r = await within(10000, 'server exit after SIGTERM', exited);
		state.server = null;
		eq(r.code, 0, `exit status after SIGTERM (signal ${r.signal})`);
	},
};

main().catch(async (err) => {
	console.log(`FAIL - suite: ${clip(err && err.stack ? err.stack : err, 1200)}`);
	state.keep = true;
	await cleanup();
	if (state.tmp) console.log(`temporary directory kept: ${state.tmp}`);
	console.log(`${state.passed} passed, ${state.failed + 1} failed`);
	process.exit(2);
});
