// harness.mjs - what the browser suite needs besides its scenarios: running
// the dutylist binary, a server on a free port, Chromium through
// playwright-core, the per-test bookkeeping (pages, console messages,
// screenshots) and a few assertions.  Every wait is bounded.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------------------
// Assertions.  A Failure is a finding about the pages; anything else thrown
// is reported too, with its message.

export class Failure extends Error {}

export function check(cond, message) {
	if (!cond) throw new Failure(message);
}

export function eq(actual, expected, what) {
	if (actual !== expected)
		throw new Failure(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function includes(haystack, needle, what) {
	if (typeof haystack !== 'string' || !haystack.includes(needle))
		throw new Failure(`${what}: expected to contain ${JSON.stringify(needle)}, got ${JSON.stringify(clip(haystack))}`);
}

// One line of at most n characters, without terminal colours or
// Playwright's rulers.
export function clip(s, n = 160) {
	s = String(s).replace(/\x1b\[[0-9;]*m/g, '').replace(/={5,}/g, ' ').replace(/\s+/g, ' ').trim();
	return s.length > n ? s.slice(0, n) + '…' : s;
}

// Resolves with what p resolves, or rejects after ms.
export async function within(ms, what, p) {
	let timer;
	const limit = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Failure(`${what}: timed out after ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([p, limit]);
	} finally {
		clearTimeout(timer);
	}
}

// ---------------------------------------------------------------------------
// Processes.

// Runs BIN ARGS without a shell, feeds input on stdin, and resolves with
// {code, stdout, stderr}; kills the child after timeoutMs.
export function run(bin, args, { input = '', timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${bin} ${args.join(' ')}: timed out after ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? 128, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {}); // a child that exits early closes the pipe
		child.stdin.end(input);
	});
}

export async function runOk(bin, args, opts) {
	const r = await run(bin, args, opts);
	if (r.code !== 0)
		throw new Error(`${bin} ${args.join(' ')}: exit ${r.code}${r.signal ? ' (' + r.signal + ')' : ''}: ${clip(r.stderr || r.stdout, 400)}`);
	return r;
}

// A port that was free a moment ago (the server may still lose a race for
// it: startServer tries again then).
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

// Starts `BIN serve` on a free port of 127.0.0.1 and waits for /healthz.
// Its output goes to logPath.  Resolves with {child, base, stop()}.
export async function startServer(bin, db, logPath, { attempts = 5, readyMs = 15000 } = {}) {
	let lastError = null;
	for (let i = 0; i < attempts; i++) {
		const port = await freePort();
		const fd = openSync(logPath, 'a');
		const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
			stdio: ['ignore', fd, fd],
		});
		closeSync(fd);
		let exited = null;
		child.on('exit', (code, signal) => (exited = { code, signal }));
		child.on('error', (err) => (exited = { code: -1, signal: String(err) }));
		const base = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + readyMs;
		let ready = false;
		while (!exited && Date.now() < deadline) {
			try {
				const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
				// Another program may hold the port: ours must still be running.
				if (res.ok && (await res.text()).trim() === 'ok' && !exited) {
					ready = true;
					break;
				}
			} catch {
				// not listening yet
			}
			await sleep(100);
		}
		if (ready && !exited) {
			const stop = () => stopChild(child);
			return { child, base, port, stop };
		}
		const early = exited; // before stopChild makes it exit
		await stopChild(child);
		if (!early) // a server that runs but does not answer: no use trying again
			throw new Error(`serve on port ${port}: /healthz did not answer within ${readyMs} ms`);
		// It exited: maybe another program took the port first; try another.
		lastError = new Error(`serve on port ${port} exited (${early.code ?? early.signal}): ${clip(safeRead(logPath), 400)}`);
	}
	throw lastError;
}

// SIGTERM, then SIGKILL if it has not gone after graceMs.
export async function stopChild(child, graceMs = 5000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const gone = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const clean = await Promise.race([gone.then(() => true), sleep(graceMs).then(() => false)]);
	if (!clean) {
		child.kill('SIGKILL');
		await Promise.race([gone, sleep(2000)]);
	}
}

function safeRead(path) {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}

// ---------------------------------------------------------------------------
// The browser.

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-quic',
];

export function launchBrowser() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		timeout: 30000,
	});
}

// Reports a CSP violation on the page's console (where JavaScript runs at
// all; Chromium logs each violation to the console besides).  Init scripts
// are not subject to the page's CSP.
const CSP_WATCH = `document.addEventListener('securitypolicyviolation', (e) =>
	console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
		' at ' + e.documentURI));`;

// ---------------------------------------------------------------------------
// One test's bookkeeping: its contexts and pages, what their consoles said,
// the URLs it expected to answer with an error status.

export class TestContext {
	constructor(suite, name) {
		this.suite = suite;
		this.name = name;
		this.base = suite.base;
		this.contexts = [];
		this.pages = [];
		this.messages = []; // {page, type, text, url}
		this.expectedErrorUrls = new Set();
	}

	// A fresh browser context (its own cookies) and a page in it.
	// Chinese by default: the locale sets Accept-Language.
	async newPage({ locale = 'zh-CN', javaScriptEnabled = true } = {}) {
		const context = await this.suite.browser.newContext({
			baseURL: this.base,
			locale,
			javaScriptEnabled,
			viewport: { width: 1280, height: 900 },
		});
		context.setDefaultTimeout(10000);
		context.setDefaultNavigationTimeout(15000);
		this.contexts.push(context);
		if (javaScriptEnabled) await context.addInitScript({ content: CSP_WATCH });
		const page = await context.newPage();
		this.pages.push(page);
		page.on('console', (msg) => {
			if (msg.type() !== 'error' && msg.type() !== 'warning') return;
			this.messages.push({
				page: page.url(), type: `console.${msg.type()}`, text: msg.text(),
				url: msg.location()?.url || '',
			});
		});
		page.on('pageerror', (err) => {
			this.messages.push({ page: page.url(), type: 'pageerror', text: String(err), url: page.url() });
		});
		return page;
	}

	// Goes to path and checks the status of the page it lands on.
	async open(page, path, { status = 200 } = {}) {
		const res = await page.goto(path, { waitUntil: 'load' });
		check(res, `no response for ${path}`);
		this.noteStatus(res, status, `GET ${path}`);
		return res;
	}

	// Does action (a click, a press of Enter) and waits for the navigation it
	// starts; checks the status of the page it lands on (after redirects).
	async follow(page, action, { status = 200, what = 'navigation' } = {}) {
		const [res] = await Promise.all([
			page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }),
			action(),
		]);
		check(res, `${what}: no response`);
		this.noteStatus(res, status, what);
		return res;
	}

	noteStatus(res, status, what) {
		if (status >= 400) this.expectedErrorUrls.add(res.url());
		if (status !== undefined && status !== null)
			eq(res.status(), status, `${what}: HTTP status of ${res.url()}`);
	}

	// The console messages that are findings: not the "Failed to load
	// resource" of a page the test asked for with an error status.
	findings() {
		return this.messages.filter((m) => !(
			/Failed to load resource: the server responded with a status of \d+/.test(m.text) &&
			this.expectedErrorUrls.has(m.url)));
	}

	async screenshots(dir, index) {
		const paths = [];
		for (const [i, page] of this.pages.entries()) {
			if (page.isClosed()) continue;
			const path = join(dir, `fail-${String(index).padStart(2, '0')}-${slug(this.name)}${this.pages.length > 1 ? '-' + (i + 1) : ''}.png`);
			try {
				await within(10000, 'screenshot', page.screenshot({ path, fullPage: true, timeout: 10000 }));
				paths.push(path);
			} catch {
				// a page that cannot be shot still leaves the others
			}
		}
		return paths;
	}

	async close() {
		for (const c of this.contexts) {
			try {
				await within(10000, 'closing a browser context', c.close());
			} catch {
				// the browser is closed at the end in any case
			}
		}
	}
}

function slug(s) {
	return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'test';
}

// ---------------------------------------------------------------------------
// Page helpers.

export async function text(locator) {
	return clip(await locator.innerText({ timeout: 10000 }), 100000);
}

export async function htmlLang(page) {
	return page.locator('html').getAttribute('lang', { timeout: 5000 });
}

export function pathOf(page) {
	const u = new URL(page.url());
	return u.pathname;
}

export function query(page, name) {
	return new URL(page.url()).searchParams.get(name);
}
