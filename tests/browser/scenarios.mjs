// scenarios.mjs - the browser scenarios, over the demo catalogue that
// `dutylist init` creates (the six towns of Dongning).  Each test gets a
// TestContext (harness.mjs) and opens its own browser contexts, so cookies
// (language, session) never leak from one test into another.
import { execFileSync } from 'node:child_process';
import { check, eq, includes, clip, text, htmlLang, pathOf, query, Failure } from './harness.mjs';

// The demo catalogue, as the pages must show it.
const TOWNS = ['东宁镇', '绥阳镇', '三岔口镇', '大肚川镇', '老黑山镇', '道河镇'];
const SUIYANG = { code: '231086101', name: '绥阳镇', basic: 66, assist: 32, reclaimed: 11, total: 109 };
const ZL07 = { code: 'ZL-07', name: '开展消防安全宣传和隐患排查', basis: 'B010', basisTitle: '中华人民共和国消防法' };
const GF01 = {
	code: 'GF-01', title: '最低生活保障申请办事指南', days: 30,
	steps: ['提交申请', '受理', '入户调查', '民主评议', '审核并提出意见', '公示', '审批确认', '发放保障金'],
};
export const USERS = {
	office: { name: 'office1', password: 'office1-browser-pw', role: 'office' },
	township: { name: 'town1', password: 'town1-browser-pw', role: 'township', town: SUIYANG.code },
	department: { name: 'dept2', password: 'dept2-browser-pw', role: 'department', department: 'D20' },
	supervisor: { name: 'sup1', password: 'sup1-browser-pw', role: 'supervisor' },
};

// ---------------------------------------------------------------------------
// What each public page must show; used with and without JavaScript.

async function noScripts(page) {
	eq(await page.locator('script').count(), 0, `<script> elements on ${pathOf(page)}`);
}

async function checkHome(page) {
	eq(await htmlLang(page), 'zh-CN', 'home: <html lang>');
	includes(await text(page.locator('h1')), '各乡镇职责清单', 'home: heading');
	const rows = page.locator('table.towns tbody tr');
	eq(await rows.count(), 6, 'home: town rows');
	const names = await page.locator('table.towns tbody tr td:first-child a').allInnerTexts();
	eq(JSON.stringify(names.map((s) => s.trim()).sort()), JSON.stringify([...TOWNS].sort()), 'home: town names');
	const row = page.locator('table.towns tbody tr', { hasText: SUIYANG.name });
	const cells = (await row.locator('td.num').allInnerTexts()).map((s) => s.trim());
	eq(cells.join(' '), `${SUIYANG.basic} ${SUIYANG.assist} ${SUIYANG.reclaimed} ${SUIYANG.total}`,
		`home: ${SUIYANG.name}'s counts (基本 配合 收回 合计)`);
	await noScripts(page);
}

const PARTS = [
	['basic', '基本履职', SUIYANG.basic],
	['assist', '配合履职', SUIYANG.assist],
	['reclaimed', '上级部门收回', SUIYANG.reclaimed],
];

async function checkTown(page) {
	eq(pathOf(page), `/towns/${SUIYANG.code}`, 'town: path');
	eq(await htmlLang(page), 'zh-CN', 'town: <html lang>');
	const h1 = await text(page.locator('h1'));
	includes(h1, SUIYANG.name, 'town: heading');
	includes(h1, SUIYANG.code, 'town: heading');
	includes(await text(page.locator('p.meta')), `合计 ${SUIYANG.total} 项`, 'town: total');
	eq(await page.locator('section.part').count(), 3, 'town: parts');
	let sum = 0;
	for (const [key, name, n] of PARTS) {
		const section = page.locator(`section.part-${key}`);
		const h2 = await text(section.locator('h2'));
		includes(h2, name, `town: heading of part ${key}`);
		includes(h2, `${n} 项`, `town: count shown for ${name}`);
		eq(await section.locator('tbody tr').count(), n, `town: rows under ${name}`);
		// The categories' counts add up to the part's.
		const counts = await section.locator('h3 .count').allInnerTexts();
		eq(counts.reduce((a, s) => a + Number(s.trim()), 0), n, `town: category counts under ${name}`);
		sum += n;
	}
	eq(sum, SUIYANG.total, 'town: rows in all');
	check(await page.locator(`a[href="/tasks/${ZL07.code}"]`).count() > 0, `town: no link to ${ZL07.code}`);
	await noScripts(page);
}

async function checkTask(page, name = ZL07.name) {
	eq(pathOf(page), `/tasks/${ZL07.code}`, 'task: path');
	const h1 = await text(page.locator('h1'));
	includes(h1, name, 'task: heading');
	includes(h1, ZL07.code, 'task: heading');
	includes(await text(page.locator('.badge').first()), '基本履职', 'task: part badge');
	const bases = page.locator('ul.bases li a');
	check(await bases.count() >= 1, 'task: no basis listed');
	eq(await bases.first().getAttribute('href'), `/bases/${ZL07.basis}`, 'task: first basis link');
	includes(await text(bases.first()), ZL07.basisTitle, 'task: first basis');
	// Listed by every town.
	eq(await page.locator('a.tag[href^="/towns/"]').count(), 6, 'task: towns listing it');
	await noScripts(page);
}

async function checkBasis(page) {
	eq(pathOf(page), `/bases/${ZL07.basis}`, 'basis: path');
	const h1 = await text(page.locator('h1'));
	includes(h1, `《${ZL07.basisTitle}》`, 'basis: heading');
	includes(await text(page.locator('.badge')), '现行有效', 'basis: status');
	includes(await text(page.locator('h2')), '以此为依据的任务事项', 'basis: tasks heading');
	const rows = page.locator('table.list tbody tr');
	check(await rows.count() >= 1, 'basis: no task rests on it');
	const hrefs = await rows.locator('td.code a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	check(hrefs.includes(`/tasks/${ZL07.code}`), `basis: ${ZL07.code} not among ${hrefs.join(', ')}`);
	await noScripts(page);
}

async function checkGuide(page) {
	eq(pathOf(page), `/guides/${GF01.code}`, 'guide: path');
	includes(await text(page.locator('h1')), GF01.title, 'guide: heading');
	// Time limit, in the facts and under the flowchart.
	const dl = await text(page.locator('dl.facts'));
	includes(dl, '承诺时限', 'guide: facts');
	includes(dl, `${GF01.days} 个工作日`, 'guide: time limit');
	// The steps table.
	const stepRows = page.locator('table.list tbody tr');
	eq(await stepRows.count(), GF01.steps.length, 'guide: step rows');
	// The flowchart: inline SVG (not an <img>), one box and one label per step.
	const svg = page.locator('figure.flowchart > svg');
	eq(await svg.count(), 1, 'guide: inline <svg> in figure.flowchart');
	eq(await page.locator('figure.flowchart img, figure.flowchart object, figure.flowchart iframe').count(), 0,
		'guide: flowchart must be inline, not embedded');
	eq(await svg.locator('rect').count(), GF01.steps.length, 'guide: flowchart boxes');
	const labels = (await svg.locator('text.step').allTextContents()).map((s) => s.trim());
	eq(JSON.stringify(labels), JSON.stringify(GF01.steps.map((s, i) => `${i + 1}. ${s}`)), 'guide: flowchart step labels');
	includes(await svg.locator('text.limit').textContent(), String(GF01.days), 'guide: flowchart time limit');
	// Laid out and visible, boxes styled by the stylesheet (an unstyled SVG
	// rect is filled black, hiding its label).
	const box = await svg.boundingBox();
	check(box && box.width > 100 && box.height > 100 * GF01.steps.length / 2,
		`guide: flowchart not laid out (${JSON.stringify(box)})`);
	const fill = await svg.locator('rect').first().evaluate((r) => getComputedStyle(r).fill);
	check(fill !== 'rgb(0, 0, 0)' && fill !== 'black', `guide: flowchart boxes are unstyled (fill ${fill})`);
	await noScripts(page);
}

async function checkSearch(page, q = '消防') {
	eq(pathOf(page), '/search', 'search: path');
	eq(query(page, 'q'), q, 'search: query in the URL');
	eq(await page.locator('main form.bigsearch input[name="q"]').inputValue(), q, 'search: the box keeps the words');
	const hit = page.locator(`ul.results li:has(a[href="/tasks/${ZL07.code}"])`);
	eq(await hit.count(), 1, `search: results with ${ZL07.code}`);
	const line = await text(hit);
	includes(line, ZL07.code, 'search: result');
	includes(line, '任务事项', 'search: result kind');
	await noScripts(page);
}

// ---------------------------------------------------------------------------
// Header and login helpers.

async function loggedInAs(page) {
	const me = page.locator('header .account .me b');
	return (await me.count()) ? (await me.innerText()).trim() : null;
}

async function logIn(t, page, user, { password = user.password, status = 200 } = {}) {
	if (pathOf(page) !== '/login')
		await t.follow(page, () => page.locator('header .account a[href^="/login"]:not(.lang)').click(), { what: 'header login link' });
	const form = page.locator('main form[action="/login"]');
	await form.locator('input[name="name"]').fill(user.name);
	await form.locator('input[name="password"]').fill(password);
	return t.follow(page, () => form.locator('button[type="submit"]').click(), { status, what: `log in as ${user.name}` });
}

function editButton(page) {
	return page.locator(`a[href="/tasks/${ZL07.code}/edit"]`);
}

// ---------------------------------------------------------------------------
// The tests, in the order they run.  The office's edit puts the task's name
// back; the review round runs last of the scenarios, as it publishes a new
// version of 绥阳镇's list.

export const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('public browse in Chinese: home, town, task, basis, tasks list, guide', async (t) => {
	const page = await t.newPage();
	await t.open(page, '/');
	await checkHome(page);

	await t.follow(page, () => page.getByRole('link', { name: SUIYANG.name, exact: true }).click(), { what: `click ${SUIYANG.name}` });
	await checkTown(page);

	await t.follow(page, () => page.locator(`main a[href="/tasks/${ZL07.code}"]`).first().click(), { what: `click ${ZL07.code}` });
	await checkTask(page);

	await t.follow(page, () => page.locator('ul.bases li a').first().click(), { what: 'click the first basis' });
	await checkBasis(page);

	// To the task with a guide through the header's task list.
	await t.follow(page, () => page.locator('header nav a[href="/tasks"]').click(), { what: 'header tasks link' });
	includes(await text(page.locator('h1')), '全部任务事项', 'tasks: heading');
	check(await page.locator('table.list tbody tr').count() >= 50, 'tasks: fewer than 50 rows on the first page');
	await t.follow(page, () => page.locator(`table.list a[href="/tasks/${GF01.code}"]`).first().click(), { what: `click ${GF01.code}` });
	eq(pathOf(page), `/tasks/${GF01.code}`, 'task with a guide: path');
	includes(await text(page.locator('.tag.svc')), '公共服务事项', 'task with a guide: public-service tag');
	const guide = page.locator(`a.button[href="/guides/${GF01.code}"]`);
	includes(await text(guide), '办事指南', 'task with a guide: guide button');
	await t.follow(page, () => guide.click(), { what: 'guide button' });
	await checkGuide(page);

	// Back to the task through the guide's crumb.
	await t.follow(page, () => page.locator(`p.crumbs a[href="/tasks/${GF01.code}"]`).click(), { what: 'guide crumb' });
	eq(pathOf(page), `/tasks/${GF01.code}`, 'guide crumb: path');
});

test('print view: from the town page, a table head on every page, an A4 PDF of several pages', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/towns/${SUIYANG.code}`);
	await t.follow(page, () => page.locator(`a[href="/towns/${SUIYANG.code}/print?version=1"]`).click(), { what: 'print view link' });
	eq(pathOf(page), `/towns/${SUIYANG.code}/print`, 'print view: path');
	eq(await page.locator('table.print-list tbody tr').count(), SUIYANG.total, 'print view: a row per item');
	eq(await page.locator('table.print-list').count(), 3, 'print view: a table per part');
	includes(await text(page.locator('tr.print-running').first()), `${SUIYANG.name} 职责任务清单 · 版本 1`, 'print view: the running head');
	await page.emulateMedia({ media: 'print' });
	eq(await page.locator('table.print-list thead').first().evaluate((e) => getComputedStyle(e).display), 'table-header-group',
		'print view: the head repeats on every printed page');
	eq(await page.locator('p.print-actions').evaluate((e) => getComputedStyle(e).display), 'none', 'print view: links not printed');
	const pdf = await page.pdf({ preferCSSPageSize: true });
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
	check(pages > 3, `print view: the PDF has ${pages} pages, wanted more than 3 (109 items, a part per page at least)`);
	await page.emulateMedia({ media: 'screen' });
	// the workbook link answers a workbook
	const xlsx = await page.request.get(`/towns/${SUIYANG.code}/list.xlsx?version=1`);
	eq(xlsx.status(), 200, 'workbook link: status');
	eq(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'workbook link: type');
});

test('town page filters: part, category and words narrow the list', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/towns/${SUIYANG.code}`);
	const form = page.locator('form.filters');
	const rows = page.locator('main section.part tbody tr');
	const submit = () => t.follow(page, () => form.locator('button[type="submit"]').click(), { what: 'filter' });

	// Part.
	await form.locator('select[name="part"]').selectOption('assist');
	await submit();
	eq(query(page, 'part'), 'assist', 'part filter: URL');
	eq(await form.locator('select[name="part"]').inputValue(), 'assist', 'part filter: the select keeps its choice');
	eq(await page.locator('section.part').count(), 1, 'part filter: parts shown');
	eq(await page.locator('section.part-assist').count(), 1, 'part filter: the assisting part');
	eq(await rows.count(), SUIYANG.assist, 'part filter: rows');

	// Part and category.
	await form.locator('select[name="part"]').selectOption('basic');
	await form.locator('select[name="category"]').selectOption('ZL');
	await submit();
	eq(query(page, 'category'), 'ZL', 'category filter: URL');
	eq(await form.locator('select[name="category"]').inputValue(), 'ZL', 'category filter: the select keeps its choice');
	const n = await rows.count();
	check(n > 0 && n < SUIYANG.basic, `category filter: ${n} rows, expected between 1 and ${SUIYANG.basic - 1}`);
	const codes = (await page.locator('main section.part tbody tr td.code').allInnerTexts()).map((s) => s.trim());
	check(codes.every((c) => c.startsWith('ZL-')), `category filter: codes outside ZL: ${codes.filter((c) => !c.startsWith('ZL-')).join(', ')}`);
	eq(await page.locator('main h3').count(), 1, 'category filter: category headings');
	includes(await text(page.locator('main h3')), `${n}`, 'category filter: count in the heading');

	// Words, every part and category.
	await form.locator('select[name="part"]').selectOption('');
	await form.locator('select[name="category"]').selectOption('');
	await form.locator('input[name="q"]').fill('消防');
	await submit();
	eq(query(page, 'q'), '消防', 'word filter: URL');
	eq(await form.locator('input[name="q"]').inputValue(), '消防', 'word filter: the box keeps the words');
	const m = await rows.count();
	check(m >= 1 && m < SUIYANG.total, `word filter: ${m} rows`);
	check(await page.locator(`main section.part a[href="/tasks/${ZL07.code}"]`).count() > 0, `word filter: ${ZL07.code} missing`);
	for (const r of await rows.allInnerTexts())
		includes(r, '消防', 'word filter: a row without the word');

	// Words that match nothing.
	await form.locator('input[name="q"]').fill('没有这样的字词');
	await submit();
	eq(await rows.count(), 0, 'word filter without a match: rows');

	// Clear.
	await t.follow(page, () => page.locator('p.meta a').click(), { what: 'clear filters' });
	eq(await rows.count(), SUIYANG.total, 'cleared: rows');
	eq(await form.locator('input[name="q"]').inputValue(), '', 'cleared: the words box');
});

test('language: the header link switches to English, the choice sticks, and back', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/towns/${SUIYANG.code}`);
	eq(await htmlLang(page), 'zh-CN', 'before: <html lang>');
	const lang = page.locator('header a.lang');
	eq((await lang.innerText()).trim(), 'English', 'language link in Chinese');

	await t.follow(page, () => lang.click(), { what: 'switch to English' });
	eq(await htmlLang(page), 'en', 'after the switch: <html lang>');
	eq(pathOf(page), `/towns/${SUIYANG.code}`, 'after the switch: same page');
	includes(await text(page.locator('section.part-basic h2')), 'Basic', 'English town page: part heading');
	eq((await lang.innerText()).trim(), '中文', 'language link in English');

	// The next pages, reached without ?lang, stay English.
	await t.follow(page, () => page.locator('header nav a[href="/tasks"]').click(), { what: 'header tasks link' });
	eq(query(page, 'lang'), null, 'tasks link carries no ?lang');
	eq(await htmlLang(page), 'en', 'next page: <html lang>');
	eq((await page.locator('header nav a[href="/tasks"]').innerText()).trim(), 'Tasks', 'next page: nav in English');
	await t.open(page, `/tasks/${ZL07.code}`);
	eq(await htmlLang(page), 'en', 'a page opened by address: <html lang>');

	// And back.
	await t.follow(page, () => lang.click(), { what: 'switch back to Chinese' });
	eq(await htmlLang(page), 'zh-CN', 'after switching back: <html lang>');
	await t.follow(page, () => page.locator('header nav a[href="/"]').click(), { what: 'header home link' });
	eq(await htmlLang(page), 'zh-CN', 'next page after switching back: <html lang>');
	includes(await text(page.locator('h1')), '各乡镇职责清单', 'home in Chinese again');

	// Accept-Language picks English for a new visitor; a chosen language beats it.
	const en = await t.newPage({ locale: 'en-US' });
	await t.open(en, '/');
	eq(await htmlLang(en), 'en', 'Accept-Language en: <html lang>');
	await t.open(en, '/?lang=zh-CN');
	await t.open(en, '/bases');
	eq(await htmlLang(en), 'zh-CN', 'Accept-Language en after choosing 中文: <html lang>');
});

test('switching language keeps what the page shows (search words, filters)', async (t) => {
	const page = await t.newPage();
	const lang = page.locator('header a.lang');
	await t.open(page, `/search?q=${encodeURIComponent('消防')}`);
	await t.follow(page, () => lang.click(), { what: 'switch to English on the search results' });
	eq(await htmlLang(page), 'en', 'search results in English: <html lang>');
	eq(query(page, 'q'), '消防', `search results in English: the words (now at ${page.url()})`);
	eq(await page.locator(`ul.results a[href="/tasks/${ZL07.code}"]`).count(), 1, 'search results in English: results');

	await t.open(page, `/towns/${SUIYANG.code}?part=assist&lang=zh-CN`);
	await t.follow(page, () => lang.click(), { what: 'switch to English on a filtered town page' });
	eq(await htmlLang(page), 'en', 'filtered town page in English: <html lang>');
	eq(query(page, 'part'), 'assist', `filtered town page in English: the filter (now at ${page.url()})`);
});

test('search from the header box: 消防 finds ZL-07', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/bases/${ZL07.basis}`);
	const box = page.locator('header form.search input[name="q"]');
	await box.fill('消防');
	await t.follow(page, () => box.press('Enter'), { what: 'search' });
	await checkSearch(page);
	await t.follow(page, () => page.locator(`ul.results a[href="/tasks/${ZL07.code}"]`).click(), { what: 'click the result' });
	await checkTask(page);

	// Words that match nothing say so.
	await box.fill('没有这样的字词');
	await t.follow(page, () => box.press('Enter'), { what: 'search without a match' });
	eq(await page.locator('ul.results a').count(), 0, 'search without a match: results');
	includes(await text(page.locator('ul.results')), '没有找到', 'search without a match: message');
});

test('public pages render fully with JavaScript disabled', async (t) => {
	const page = await t.newPage({ javaScriptEnabled: false });
	// First, that scripts really are off: a same-origin page of the test's
	// own, without a CSP, whose script would change the title.
	const probe = `${t.base}/__browser_suite_noscript`;
	await page.route(probe, (route) => route.fulfill({
		status: 200, headers: { 'content-type': 'text/html' },
		body: '<!DOCTYPE html><title>off</title><script>document.title = "on"</script>',
	}));
	await page.goto(probe);
	eq(await page.title(), 'off', 'JavaScript in the no-JavaScript context');
	await page.unroute(probe);

	await t.open(page, '/');
	await checkHome(page);
	await t.open(page, `/towns/${SUIYANG.code}`);
	await checkTown(page);
	await t.open(page, `/tasks/${ZL07.code}`);
	await checkTask(page);
	await t.open(page, `/bases/${ZL07.basis}`);
	await checkBasis(page);
	await t.open(page, `/guides/${GF01.code}`);
	await checkGuide(page);
	await t.open(page, `/search?q=${encodeURIComponent('消防')}`);
	await checkSearch(page);
	// Forms work without scripts: the header search and the town filters.
	await t.open(page, '/');
	const box = page.locator('header form.search input[name="q"]');
	await box.fill('消防');
	await t.follow(page, () => box.press('Enter'), { what: 'search without JavaScript' });
	await checkSearch(page);
	await t.open(page, `/towns/${SUIYANG.code}`);
	await page.locator('form.filters select[name="part"]').selectOption('reclaimed');
	await t.follow(page, () => page.locator('form.filters button[type="submit"]').click(), { what: 'filter without JavaScript' });
	eq(await page.locator('main section.part tbody tr').count(), SUIYANG.reclaimed, 'filter without JavaScript: rows');
});

// The contrast of each badge and tag's text with what is behind it
// (WCAG's ratio; 3 is the least for bold or large text and for UI parts).
function contrasts(page) {
	return page.locator('main .badge, main .tag, main .count').evaluateAll((els) => {
		const rgba = (s) => {
			const m = s.match(/rgba?\(([^)]+)\)/);
			if (!m) return null;
			const [r, g, b, a = 1] = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
			return { r, g, b, a };
		};
		const lum = ({ r, g, b }) => {
			const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
			return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
		};
		const behind = (el) => {
			for (let e = el; e; e = e.parentElement) {
				const c = rgba(getComputedStyle(e).backgroundColor);
				if (c && c.a > 0.5) return c;
			}
			return { r: 255, g: 255, b: 255, a: 1 };
		};
		return els.filter((el) => el.textContent.trim() && el.getClientRects().length).map((el) => {
			const fg = rgba(getComputedStyle(el).color), bg = behind(el);
			const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
			return { text: el.textContent.trim(), cls: el.className, ratio: (hi + 0.05) / (lo + 0.05) };
		});
	});
}

test('badges, tags and counts are legible on the public pages (contrast at least 3:1)', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/towns/${SUIYANG.code}`);
	const assist = await page.locator('section.part-assist tbody tr td.code a').first().innerText();
	const reclaimed = await page.locator('section.part-reclaimed tbody tr td.code a').first().innerText();
	const paths = ['/', `/towns/${SUIYANG.code}`, `/tasks/${ZL07.code}`, `/tasks/${assist.trim()}`,
		`/tasks/${reclaimed.trim()}`, `/tasks/${GF01.code}`, `/bases/${ZL07.basis}`, `/guides/${GF01.code}`,
		`/search?q=${encodeURIComponent('消防')}`];
	const bad = [];
	let seen = 0;
	for (const path of paths) {
		await t.open(page, path);
		for (const c of await contrasts(page)) {
			seen++;
			if (!(c.ratio >= 3)) bad.push(`${path}: <span class="${c.cls}">${clip(c.text, 30)}</span> ${c.ratio.toFixed(2)}:1`);
		}
	}
	check(seen > 20, `only ${seen} badges and tags found`);
	check(bad.length === 0, `${[...new Set(bad)].join('; ')}`);
});

test('wrong password; a township user has no Edit button and gets 403 on the form', async (t) => {
	const page = await t.newPage();
	await t.open(page, '/login');
	await logIn(t, page, USERS.office, { password: 'not-the-password', status: 401 });
	eq(pathOf(page), '/login', 'wrong password: still on the login page');
	const error = page.locator('main p.error[role="alert"]');
	eq(await error.count(), 1, 'wrong password: error message');
	check((await error.innerText()).trim().length > 0, 'wrong password: empty error message');
	eq(await page.locator('main input[name="name"]').inputValue(), USERS.office.name, 'wrong password: name kept');
	eq(await page.locator('main input[name="password"]').inputValue(), '', 'wrong password: password not echoed');
	eq(await loggedInAs(page), null, 'wrong password: header shows a user');
	eq(await page.locator('header .account a[href^="/login"]:not(.lang)').count(), 1, 'wrong password: header login link');

	const town = await t.newPage();
	await t.open(town, '/login');
	await t.open(town, '/');
	await logIn(t, town, USERS.township);
	eq(await loggedInAs(town), USERS.township.name, 'township user: header');
	await t.open(town, `/tasks/${ZL07.code}`);
	await checkTask(town);
	eq(await editButton(town).count(), 0, 'township user: Edit button on the task page');
	await t.open(town, `/tasks/${ZL07.code}/edit`, { status: 403 });
	includes(await text(town.locator('h1')), '出错了', 'township user on the form: error page');
	includes(await text(town.locator('h1')), '403', 'township user on the form: status shown');
	eq(await town.locator('main form[action$="/edit"]').count(), 0, 'township user on the form: a form is shown');
});

test('office: log in, edit ZL-07, a bad basis keeps the typed values, log out', async (t) => {
	const page = await t.newPage();
	await t.open(page, `/tasks/${ZL07.code}`);
	eq(await editButton(page).count(), 0, 'public: Edit button');

	await logIn(t, page, USERS.office);
	eq(await loggedInAs(page), USERS.office.name, 'after login: header');
	await t.open(page, `/tasks/${ZL07.code}`);
	await checkTask(page);
	const edit = editButton(page);
	eq(await edit.count(), 1, 'office: Edit button');
	includes(await text(edit), '编辑', 'office: Edit button label');

	await t.follow(page, () => edit.click(), { what: 'Edit button' });
	eq(pathOf(page), `/tasks/${ZL07.code}/edit`, 'edit form: path');
	const form = page.locator(`main form[action="/tasks/${ZL07.code}/edit"]`);
	const name = form.locator('input[name="name"]');
	const bases = form.locator('input[name="bases"]');
	eq(await name.inputValue(), ZL07.name, 'edit form: name');
	const originalBases = await bases.inputValue();
	includes(originalBases, ZL07.basis, 'edit form: bases');
	const save = () => form.locator('button[type="submit"]').click();

	const originalKeywords = await form.locator('input[name="keywords"]').inputValue();

	// A new name, saved.
	const renamed = `${ZL07.name}（浏览器测试）`;
	let failure = null;
	try {
		await name.fill(renamed);
		await t.follow(page, save, { what: 'save' });
		eq(pathOf(page), `/tasks/${ZL07.code}`, 'after saving: back on the task page');
		await checkTask(page, renamed);

		// A basis that does not exist: the form comes back with the error and
		// what was typed.
		await t.follow(page, () => editButton(page).click(), { what: 'Edit button again' });
		const typed = `${ZL07.name}（不应保存）`;
		await name.fill(typed);
		await bases.fill('B999');
		await form.locator('input[name="keywords"]').fill('消防;测试');
		await t.follow(page, save, { status: 422, what: 'save with a bad basis' });
		eq(pathOf(page), `/tasks/${ZL07.code}/edit`, 'bad basis: still on the form');
		const error = page.locator('main p.error[role="alert"]');
		eq(await error.count(), 1, 'bad basis: error message');
		const message = await text(error);
		includes(message, 'bases', 'bad basis: the message names the field');
		includes(message, 'B999', 'bad basis: the message names the basis');
		eq(await name.inputValue(), typed, 'bad basis: typed name kept');
		eq(await bases.inputValue(), 'B999', 'bad basis: typed bases kept');
		eq(await form.locator('input[name="keywords"]').inputValue(), '消防;测试', 'bad basis: typed keywords kept');
		eq(await form.locator('select[name="category"]').inputValue(), '社会治理', 'bad basis: category kept');
		await t.open(page, `/tasks/${ZL07.code}`);
		await checkTask(page, renamed);
	} catch (err) {
		failure = err;
	}
	// Put the task back as it was for the other tests, whatever happened above.
	try {
		await restoreTask(t, page, originalBases, originalKeywords);
	} catch (err) {
		failure ??= err;
	}
	if (failure) throw failure;

	// Log out: the Edit button goes, the form asks for a login.
	await t.open(page, `/tasks/${ZL07.code}`);
	await t.follow(page, () => page.locator('header form[action="/logout"] button').click(), { what: 'log out' });
	eq(await loggedInAs(page), null, 'after logout: header');
	eq(await page.locator('header .account a[href^="/login"]:not(.lang)').count(), 1, 'after logout: header login link');
	await t.open(page, `/tasks/${ZL07.code}`);
	eq(await editButton(page).count(), 0, 'after logout: Edit button');
	await t.open(page, `/tasks/${ZL07.code}/edit`, { status: 401 });
	eq(await page.locator('main form[action$="/edit"]').count(), 0, 'after logout: a form is shown');
});

async function restoreTask(t, page, bases, keywords) {
	try {
		await t.open(page, `/tasks/${ZL07.code}/edit`);
		const form = page.locator(`main form[action="/tasks/${ZL07.code}/edit"]`);
		const field = (n) => form.locator(`input[name="${n}"]`);
		if ((await field('name').inputValue()) === ZL07.name && (await field('bases').inputValue()) === bases &&
			(await field('keywords').inputValue()) === keywords)
			return;
		await field('name').fill(ZL07.name);
		await field('bases').fill(bases);
		await field('keywords').fill(keywords);
		await t.follow(page, () => form.locator('button[type="submit"]').click(), { what: 'restore the task' });
		eq(pathOf(page), `/tasks/${ZL07.code}`, 'after restoring: back on the task page');
	} catch (err) {
		throw new Failure(`restoring ${ZL07.code} failed: ${clip(err.message, 300)}`);
	}
}

// ---------------------------------------------------------------------------
// Admission (准入): a department asks for a new task for two towns (not
// those of the review round below), the office admits it, the public sees it.

const ADMITTED = {
	code: 'ZL-95', name: '协助做好边境地区森林防火和治安维护', alike: 'ZL-14',
	fields: {
		category: '社会治理', duty: '边境管理', name: '协助做好边境地区森林防火和治安维护',
		list_type: '配合履职', lead_department: 'D20', township_part: '组织护边员开展森林防火巡查',
		department_part: '负责边境地区森林防火和治安的监督指导',
		applies_to: 'town:231086104;town:231086105', bases: 'B009:第九条',
	},
	resources: { staff: '护边员 2 名', funds: '每年1万元' },
};
const LAOHEISHAN = { code: '231086104', name: '老黑山镇' };
const DADUCHUAN = { code: '231086103', name: '大肚川镇' };

// A town's public page: its version and total, from the line under the heading.
async function townMeta(page, town) {
	const meta = await text(page.locator('p.meta'));
	const version = meta.match(/版本 (\d+)/), total = meta.match(/合计 (\d+) 项/);
	check(version && total, `${town}: no version or total in "${meta}"`);
	return { version: Number(version[1]), total: Number(total[1]) };
}

// The request's page: its state, and the forms of the actions offered.
async function admissionState(page) {
	return (await text(page.locator('main span.state'))).trim();
}

function actionForm(page, id, action) {
	return page.locator(`main form[action="/admissions/${id}/${action}"]`);
}

test('admission: a department requests a new task with the form, the office sees the alike tasks, accepts and admits it, the public sees the selected town\'s new version', async (t) => {
	// The public, before: 老黑山镇 and 大肚川镇 at version 1, without the task.
	const pub = await t.newPage();
	await t.open(pub, `/towns/${LAOHEISHAN.code}`);
	const before = await townMeta(pub, LAOHEISHAN.name);
	eq(await pub.locator(`main a[href="/tasks/${ADMITTED.code}"]`).count(), 0, `public, before: ${ADMITTED.code} on ${LAOHEISHAN.name}`);
	await t.open(pub, `/towns/${DADUCHUAN.code}`);
	const other = await townMeta(pub, DADUCHUAN.name);

	// The department logs in and submits the request with the form.
	const dept = await t.newPage();
	await t.open(dept, '/login');
	await t.open(dept, '/');
	await logIn(t, dept, USERS.department);
	eq(await loggedInAs(dept), USERS.department.name, 'department: logged in');
	await t.follow(dept, () => dept.locator('header nav a[href="/admissions"]').click(), { what: 'header admissions link (department)' });
	eq(pathOf(dept), '/admissions', 'department: on the admissions page');
	const form = dept.locator('main form[action="/admissions"]');
	eq(await form.count(), 1, 'department: the form to request an admission');
	await form.locator('input[name="task"]').fill(ADMITTED.code);
	await form.locator('textarea[name="fields"]').fill(JSON.stringify(ADMITTED.fields, null, 1));
	await form.locator('textarea[name="resources"]').fill(JSON.stringify(ADMITTED.resources));
	await t.follow(dept, () => form.locator('button[type="submit"]').click(), { what: 'submit the request' });
	const m = pathOf(dept).match(/^\/admissions\/(\d+)$/);
	check(m, `after submitting: not on the request's page (${dept.url()})`);
	const id = m[1];
	includes(await text(dept.locator('main p.notice')), '已保存', 'department: the saved notice');
	const h1 = await text(dept.locator('h1'));
	includes(h1, ADMITTED.code, 'request page: heading');
	includes(h1, ADMITTED.name, 'request page: heading');
	eq(await admissionState(dept), '已提交', 'department: the request\'s state');
	includes(await text(dept.locator('dl.facts')), '每年1万元', 'department: the resources are shown');
	eq(await actionForm(dept, id, 'withdraw').count(), 1, 'department: a withdraw form');
	eq(await actionForm(dept, id, 'accept').count(), 0, 'department: an accept form');

	// The office logs in (another context), finds the request and opens it.
	const office = await t.newPage();
	await t.open(office, '/login');
	await logIn(t, office, USERS.office);
	await t.follow(office, () => office.locator('header nav a[href="/admissions"]').click(), { what: 'header admissions link (office)' });
	const row = office.locator('table.list tbody tr', { hasText: ADMITTED.code });
	eq(await row.count(), 1, 'office: the request is listed');
	includes(await text(row), '已提交', 'office: the listed state');
	await t.follow(office, () => row.locator(`a[href="/admissions/${id}"]`).first().click(), { what: 'open the request' });
	eq(pathOf(office), `/admissions/${id}`, 'office: on the request');
	// The alike existing tasks, beside it.
	const alike = office.locator('main h2', { hasText: '相似的现有事项' });
	eq(await alike.count(), 1, 'office: the alike tasks section');
	const alikeLink = office.locator(`main ul li a[href="/tasks/${ADMITTED.alike}"]`);
	eq(await alikeLink.count(), 1, `office: ${ADMITTED.alike} among the alike tasks`);
	includes(await text(alikeLink), '边境管控', `office: ${ADMITTED.alike}'s name`);
	eq(await actionForm(office, id, 'admit').count(), 0, 'office: an admit form before accepting');
	eq(await actionForm(office, id, 'withdraw').count(), 0, 'office: a withdraw form');

	// Accept: under review, with a deadline.
	await t.follow(office, () => actionForm(office, id, 'accept').locator('button[type="submit"]').click(), { what: 'accept' });
	eq(pathOf(office), `/admissions/${id}`, 'after accepting: back on the request');
	eq(await admissionState(office), '审查中', 'office: the state after accepting');
	check(/\d{4}-\d{2}-\d{2}/.test(await text(office.locator('main h1 + p'))), 'office: no deadline shown after accepting');

	// Admit, with a reason.
	const admit = actionForm(office, id, 'admit');
	eq(await admit.count(), 1, 'office: the admit form after accepting');
	await admit.locator('input[name="reason"]').fill('依据充分，人财物随事转移，准予准入');
	await t.follow(office, () => admit.locator('button[type="submit"]').click(), { what: 'admit' });
	eq(await admissionState(office), '准予准入', 'office: the state after admitting');
	includes(await text(office.locator('main p.decision')), '准予准入', 'office: the decision\'s reason is shown');
	eq(await office.locator('main form[action^="/admissions/"]').count(), 0, 'office: actions offered on an admitted request');

	// The department sees the decision.
	await t.open(dept, `/admissions/${id}`);
	eq(await admissionState(dept), '准予准入', 'department: the state after admitting');

	// The public (no login): 老黑山镇 at a new version with the task; 大肚川镇 unchanged.
	await t.open(pub, `/towns/${LAOHEISHAN.code}`);
	const after = await townMeta(pub, LAOHEISHAN.name);
	eq(after.version, before.version + 1, `public: ${LAOHEISHAN.name}'s version`);
	eq(after.total, before.total + 1, `public: ${LAOHEISHAN.name}'s total`);
	const item = pub.locator(`section.part-assist tbody tr:has(a[href="/tasks/${ADMITTED.code}"])`);
	eq(await item.count(), 1, `public: ${ADMITTED.code} under 配合履职 on ${LAOHEISHAN.name}`);
	includes(await text(item), ADMITTED.fields.township_part, 'public: the town\'s part');
	await t.follow(pub, () => pub.locator(`main a[href="/towns/${LAOHEISHAN.code}/versions"]`).click(), { what: 'versions link' });
	const diff = pub.locator(`main a[href="/towns/${LAOHEISHAN.code}/diff?from=${before.version}&to=${after.version}"]`);
	eq(await diff.count(), 1, 'versions: the diff link of the new version');
	await t.follow(pub, () => diff.click(), { what: 'diff link' });
	const added = pub.locator('ul.diff.added li');
	eq(await added.count(), 1, 'diff: added items');
	includes(await text(added), ADMITTED.code, 'diff: the added item');
	eq(await pub.locator('ul.diff.removed a').count(), 0, 'diff: removed items');
	await t.open(pub, `/towns/${DADUCHUAN.code}`);
	const otherAfter = await townMeta(pub, DADUCHUAN.name);
	eq(otherAfter.version, other.version, `public: ${DADUCHUAN.name}'s version (not selected)`);
	eq(await pub.locator(`main a[href="/tasks/${ADMITTED.code}"]`).count(), 0, `public: ${ADMITTED.code} on ${DADUCHUAN.name}`);
	await t.open(pub, `/tasks/${ADMITTED.code}`);
	includes(await text(pub.locator('h1')), ADMITTED.name, 'public: the admitted task\'s page');
	await noScripts(pub);
});

// ---------------------------------------------------------------------------
// A review round (双向梳理、共同认定), last: it publishes version 2 of 绥阳镇.

const REMOVED = { code: 'ZL-10', name: '地质灾害隐患点巡查监测', part: 'assist' };
const SANCHAKOU = '231086102';

// The state shown for a town in the round's table of drafts.
// ---------------------------------------------------------------------------
// 吹哨报到 to 监管问责: a town whistles D20 in; the whistle is moved ten days
// back (its deadlines with it, as if raised then: the server's clock is not
// ours to move) with sqlite3; the department acknowledges it late; the
// whistle stays overdue and escalated; the supervisor sets the threshold to
// one late whistle, refreshes the proposals, sees D20 proposed with the
// whistle as evidence, and accepts: a case opens with the whistle linked.

const TEN_DAYS = 10 * 86400 * 1000;
function isoBack(iso, ms) {
	return iso ? new Date(Date.parse(iso) - ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

test('accountability: a town whistles, the department acknowledges late, the whistle escalates, is proposed as a case and the supervisor opens it', async (t, suite) => {
	const MATTER = '山洪隐患（浏览器测试）';
	const town = await t.newPage();
	await t.open(town, '/');
	await logIn(t, town, USERS.township);
	await t.open(town, '/whistles');
	const form = town.locator('main form[action="/whistles"]');
	await form.locator('textarea[name="matter"]').fill(MATTER);
	await form.locator('input[name="place"]').fill('北山沟');
	await form.locator(`input[name="departments.${USERS.department.department}"]`).check();
	await t.follow(town, () => form.locator('button[type="submit"]').click(), { what: 'raise the whistle' });
	const m = /^\/whistles\/(\d+)$/.exec(pathOf(town));
	check(m, `raise: landed on ${pathOf(town)}`);
	const id = m[1];
	includes(await text(town.locator('h1')), MATTER, 'whistle page: heading');

	// Ten days ago: every deadline of a normal whistle (5 working days) has passed.
	const row = JSON.parse(execFileSync('sqlite3', ['-json', suite.db,
		`SELECT raised_at, ack_due, report_due, resolve_due FROM whistle WHERE id = ${Number(id)}`]).toString())[0];
	const back = (k) => `'${isoBack(row[k], TEN_DAYS)}'`;
	execFileSync('sqlite3', [suite.db, `UPDATE whistle SET raised_at = ${back('raised_at')}, ack_due = ${back('ack_due')}, ` +
		`report_due = ${back('report_due')}, resolve_due = ${back('resolve_due')} WHERE id = ${Number(id)}; ` +
		`UPDATE whistle_event SET at = ${back('raised_at')} WHERE whistle_id = ${Number(id)} AND action = 'raise'`]);

	// The department acknowledges (报到), late.
	const dept = await t.newPage();
	await t.open(dept, '/');
	await logIn(t, dept, USERS.department);
	await t.open(dept, `/whistles/${id}`);
	includes(await text(dept.locator('main')), '已升级督办', 'whistle before 报到: escalated');
	await t.follow(dept, () => dept.locator(`main form[action="/whistles/${id}/acknowledge"] button`).click(), { what: 'acknowledge' });
	eq(pathOf(dept), `/whistles/${id}`, 'acknowledge: back on the whistle');
	const state = await text(dept.locator('main p:has(span.state)'));
	includes(state, '已报到', 'whistle after 报到: acknowledged');
	includes(state, '已升级督办', 'whistle after 报到: still overdue (report), escalated');

	// The supervisor: threshold one, refresh, the proposal names D20 with the whistle.
	const sup = await t.newPage();
	await t.open(sup, '/');
	await logIn(t, sup, USERS.supervisor);
	await t.follow(sup, () => sup.locator('header nav a[href="/cases"]').click(), { what: 'header cases link' });
	includes(await text(sup.locator('h1')), '监管问责', 'cases: heading');
	await t.follow(sup, () => sup.locator('main a[href="/cases/proposed"]').click(), { what: 'proposed cases link' });
	const settings = sup.locator('main form[action="/cases/settings"]');
	await settings.locator('input[name="overdue_threshold"]').fill('1');
	await t.follow(sup, () => settings.locator('button[type="submit"]').click(), { what: 'save the threshold' });
	await t.follow(sup, () => sup.locator('main form[action="/cases/proposed/refresh"] button').click(), { what: 'refresh proposals' });
	const proposal = sup.locator('table.proposals tbody tr', { has: sup.locator(`a[href="/whistles/${id}"]`) });
	eq(await proposal.count(), 1, 'proposals: one row links the late whistle');
	includes(await text(proposal), '市应急管理局', 'proposal: the department');
	includes(await text(proposal), '慢作为', 'proposal: the type');
	includes(await text(proposal), '待处理', 'proposal: proposed');
	// refreshing again proposes nothing new
	await t.follow(sup, () => sup.locator('main form[action="/cases/proposed/refresh"] button').click(), { what: 'refresh again' });
	eq(await sup.locator(`table.proposals tbody tr:has(a[href="/whistles/${id}"])`).count(), 1, 'proposals: the whistle is proposed once');

	await t.follow(sup, () => proposal.locator('form[action$="/accept"] button').click(), { what: 'accept the proposal' });
	const c = /^\/cases\/(\d+)$/.exec(pathOf(sup));
	check(c, `accept: landed on ${pathOf(sup)}`);
	includes(await text(sup.locator('h1')), '案件', 'case: heading');
	includes(await text(sup.locator('main p:has(span.state)')), '已立案', 'case: opened');
	includes(await text(sup.locator('main p:has(span.state)')), '慢作为', 'case: type');
	eq(await sup.locator(`ul.evidence a[href="/whistles/${id}"]`).count(), 1, 'case: the whistle is linked as evidence');

	// The department concerned sees the case; the town does not.
	await t.open(dept, `/cases/${c[1]}`);
	includes(await text(dept.locator('h1')), '案件', 'department: sees its case');
	eq(await dept.locator('main form[action$="/answer"]').count(), 1, 'department: may answer');
	await t.open(town, `/cases/${c[1]}`, { status: 403 });
	await noScripts(sup);
});

// 考核评价 with the forms: the office defines a period (a subjective and an
// objective indicator, D20 assessed, 绥阳镇 assigned to it) and opens it;
// the department cannot see the results; the town scores D20 once; the
// office closes the period; the department sees D20 ranked with its bar.
test('assessment: the office defines and opens a period, a town scores, results hidden until the close, then ranked with a chart', async (t) => {
	const year = new Date().getFullYear();
	const office = await t.newPage();
	await t.open(office, '/');
	await logIn(t, office, USERS.office);
	await t.follow(office, () => office.locator('header nav a[href="/assessments"]').click(), { what: 'header assessments link' });
	const create = office.locator('main form[action="/assessments"]');
	await create.locator('input[name="name"]').fill(`${year}年度部门考核（浏览器）`);
	await create.locator('input[name="start"]').fill(`${year}-01-01`);
	await create.locator('input[name="end"]').fill(`${year}-12-31`);
	await create.locator('input[name="min_sample"]').fill('1');
	await t.follow(office, () => create.locator('button[type="submit"]').click(), { what: 'create the period' });
	const m = /^\/assessments\/(\d+)$/.exec(pathOf(office));
	check(m, `create: landed on ${pathOf(office)}`);
	const id = m[1];
	includes(await text(office.locator('main p:has(span.state)')), '草拟', 'period: draft');
	for (const [code, name, source, weight] of [['Q1', '服务满意度', 'town_score', '70'], ['W1', '按时办结', 'whistle_on_time', '30']]) {
		const f = office.locator(`main form[action="/assessments/${id}/indicators"]`);
		await f.locator('input[name="code"]').fill(code);
		await f.locator('input[name="name"]').fill(name);
		await f.locator('select[name="source"]').selectOption(source);
		await f.locator('input[name="weight"]').fill(weight);
		await t.follow(office, () => f.locator('button[type="submit"]').click(), { what: `indicator ${code}` });
	}
	eq(await office.locator('table.indicators tbody tr').count(), 2, 'period: two indicators');
	const unitForm = office.locator(`main form[action="/assessments/${id}/units"]`);
	await unitForm.locator('input[name="department"]').fill(USERS.department.department);
	await t.follow(office, () => unitForm.locator('button[type="submit"]').click(), { what: 'add D20' });
	const unitRow = office.locator('table.units tbody tr', { hasText: '市应急管理局' });
	const unit = (await text(unitRow.locator('td').first())).trim();
	const assign = office.locator(`main form[action="/assessments/${id}/assignments"]`);
	await assign.locator('input[name="unit"]').fill(unit);
	await assign.locator('input[name="town"]').fill(SUIYANG.code);
	await t.follow(office, () => assign.locator('button[type="submit"]').click(), { what: 'assign 绥阳镇' });
	await t.follow(office, () => office.locator(`main form[action="/assessments/${id}/open"] button`).click(), { what: 'open the period' });
	includes(await text(office.locator('main p:has(span.state)')), '评分中', 'period: open');

	const dept = await t.newPage();
	await t.open(dept, '/');
	await logIn(t, dept, USERS.department);
	await t.open(dept, `/assessments/${id}/results`, { status: 403 });

	const town = await t.newPage();
	await t.open(town, '/');
	await logIn(t, town, USERS.township);
	await t.open(town, `/assessments/${id}`);
	const score = town.locator(`main form.score`);
	eq(await score.count(), 1, 'town: one unit to score');
	await score.locator('input[name="scores.Q1"]').fill('86');
	await score.locator('input[name="comment"]').fill('到场及时');
	await t.follow(town, () => score.locator('button[type="submit"]').click(), { what: 'score D20' });
	eq(await town.locator('main form.score').count(), 0, 'town: scored once, no form left');
	includes(await text(town.locator('table.units tbody tr', { hasText: '市应急管理局' })), '已评分', 'town: the unit shows scored');
	await t.open(town, `/assessments/${id}/results`, { status: 403 });

	await t.open(office, `/assessments/${id}`);
	await t.follow(office, () => office.locator(`main form[action="/assessments/${id}/close"] button`).click(), { what: 'close the period' });
	includes(await text(office.locator('main p:has(span.state)')), '已结束', 'period: closed');

	await t.open(dept, `/assessments/${id}/results`);
	const row = dept.locator('table.results tbody tr', { hasText: '市应急管理局' });
	const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
	eq(cells[0], '1', 'results: D20 ranked first');
	eq(cells[cells.length - 1], '86.00', 'results: the total (the objective indicator has no finished whistle)');
	eq(await dept.locator('figure svg.chart rect').count(), 1, 'results: one bar');
	includes(await dept.locator('figure svg.chart').textContent(), '市应急管理局', 'results: the bar\'s label');
	await noScripts(dept);
});

async function draftState(page, town) {
	const cell = page.locator(`table.list tbody tr:has(a[href^="/towns/${town}?version="]) span.state`);
	eq(await cell.count(), 1, `round page: the state of ${town}`);
	return (await cell.getAttribute('class')).replace(/^.*state-/, '');
}

// Submits the round page's form for a town's action (town_confirm, ...).
async function townAction(t, page, round, town, action) {
	const form = page.locator(`main form[action="/review/${round}/towns/${town}/${action}"]`);
	eq(await form.count(), 1, `round page: the ${action} form for ${town}`);
	await t.follow(page, () => form.locator('button[type="submit"]').click(), { what: `${action} ${town}` });
	eq(pathOf(page), `/review/${round}`, `after ${action}: back on the round`);
}

// A notice as a department writes them: basic work (ZL-05), work a
// department took back (ZL-06) and work on no list.
const NOTICE = {
	title: '关于做好安全生产工作的通知',
	text: '东宁市应急管理局关于做好安全生产工作的通知\n绥阳镇人民政府：\n'
		+ '1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。\n'
		+ '2. 各镇要对辖区工贸企业违法行为立案调查，并依法作出罚款等行政处罚决定。\n'
		+ '3. 各镇负责辖区内危险化学品经营许可证的初审和现场核查。\n'
		+ '市应急管理局\n',
	clean: '东宁市应急管理局关于做好安全生产工作的通知\n绥阳镇人民政府：\n'
		+ '1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。\n'
		+ '市应急管理局\n',
	admission: { code: 'ZL-195', bases: 'B009:第九条', duty: '安全生产', departmentPart: '审批发证' },
};

test('notice screening: a department submits a notice with violations, sees them marked in the text, turns one into an admission request, revises it clean and issues it', async (t) => {
	const dept = await t.newPage();
	await t.open(dept, '/login');
	await logIn(t, dept, USERS.department);
	await t.follow(dept, () => dept.locator('header nav a[href="/notices"]').click(), { what: 'header notices link (department)' });
	eq(pathOf(dept), '/notices', 'department: on the notices page');
	const form = dept.locator('main form[action="/notices"]');
	eq(await form.count(), 1, 'department: the form to submit a notice');
	await form.locator('input[name="title"]').fill(NOTICE.title);
	await form.locator(`input[name="pick.${SUIYANG.code}"]`).check();
	await form.locator('textarea[name="text"]').fill(NOTICE.text);
	await t.follow(dept, () => form.locator('button[type="submit"]').click(), { what: 'submit the notice' });
	const m = pathOf(dept).match(/^\/notices\/(\d+)$/);
	check(m, `after submitting: not on the notice's page (${dept.url()})`);
	const id = m[1];
	includes(await text(dept.locator('h1')), NOTICE.title, 'notice page: heading');
	eq(await text(dept.locator('#notice-state')), '存在违规', 'notice page: the state');
	includes(await text(dept.locator('dl.facts')), SUIYANG.name, 'notice page: the town addressed');

	// The findings are marked in the text: violations apart from work on the list.
	const violations = dept.locator('#notice-text mark.violation');
	check(await violations.count() >= 2, `marked violations: ${await violations.count()}, expected 2 or more`);
	includes(await text(violations.first()), '行政处罚', 'the first marked violation');
	check(await dept.locator('#notice-text mark.fits').count() >= 1, 'no sentence marked as on the list');
	includes(await text(dept.locator('#notice-text')), '市应急管理局', 'the whole text is shown');
	const reclaimed = dept.locator('#findings tr.finding.reclaimed');
	eq(await reclaimed.count(), 1, 'the reclaimed finding');
	includes(await text(reclaimed), 'ZL-06', 'the reclaimed finding names its task');
	includes(await text(reclaimed), '上级部门收回', 'the reclaimed finding says why');
	const basic = dept.locator('#findings tr.finding.basic').first();
	includes(await text(basic), 'B009', 'the basic finding shows its basis');
	// A marked sentence links to its finding.
	const ref = dept.locator('#notice-text mark.violation a.ref').first();
	const target = await ref.getAttribute('href');
	check(/^#f\d+$/.test(target || ''), `a mark's link: ${target}`);
	eq(await dept.locator(`#findings tr${target}`).count(), 1, 'the mark links to its finding\'s row');

	// The out-of-list finding becomes an admission request in one step.
	const out = dept.locator('#findings tr.finding.out_of_list').first();
	await out.locator('details.admission-form summary').click();
	const adm = out.locator('form');
	eq(await adm.locator('input[name="fields.name"]').inputValue() !== '', true, 'the task name is prefilled');
	includes(await adm.locator('textarea[name="fields.township_part"]').inputValue(), '危险化学品', 'the town\'s part is the finding\'s sentence');
	await adm.locator('input[name="task"]').fill(NOTICE.admission.code);
	await adm.locator('select[name="fields.category"]').selectOption('社会治理');
	await adm.locator('input[name="fields.duty"]').fill(NOTICE.admission.duty);
	await adm.locator('textarea[name="fields.department_part"]').fill(NOTICE.admission.departmentPart);
	await adm.locator('input[name="fields.bases"]').fill(NOTICE.admission.bases);
	await adm.locator('input[name="resources.none"]').check();
	await adm.locator('input[name="resources.note"]').fill('现有人员承担');
	await t.follow(dept, () => adm.locator('button[type="submit"]').click(), { what: 'request admission from the finding' });
	const a = pathOf(dept).match(/^\/admissions\/(\d+)$/);
	check(a, `after the request: not on the admission request's page (${dept.url()})`);
	includes(await text(dept.locator('h1')), NOTICE.admission.code, 'admission request: heading');
	includes(await text(dept.locator('dl.facts')), '危险化学品', 'admission request: the task from the finding');

	// Back on the notice, the finding links to the request.
	await t.open(dept, `/notices/${id}`);
	const linked = dept.locator(`#findings a[href="/admissions/${a[1]}"]`);
	eq(await linked.count(), 1, 'the finding links to its admission request');

	// The department revises the notice; screened again, it is clean.
	const revise = dept.locator(`main form[action="/notices/${id}/revise"]`);
	eq(await revise.count(), 1, 'the revise form');
	await revise.locator('textarea[name="text"]').fill(NOTICE.clean);
	await revise.locator('input[name="note"]').fill('删去处罚和许可事项');
	await t.follow(dept, () => revise.locator('button[type="submit"]').click(), { what: 'submit the revision' });
	eq(pathOf(dept), `/notices/${id}`, 'after revising: on the notice');
	eq(await text(dept.locator('#notice-state')), '无违规，可印发', 'revised: the state');
	eq(await dept.locator('#notice-text mark.violation').count(), 0, 'revised: no violation marked');
	eq(await dept.locator('main h2 + ol li', { hasText: '修改稿 2' }).count() >= 1, true, 'revised: revision 2 listed');
	// The first revision is kept with its marks.
	await t.open(dept, `/notices/${id}?revision=1`);
	check(await dept.locator('#notice-text mark.violation').count() >= 2, 'revision 1 keeps its marked violations');
	await t.open(dept, `/notices/${id}`);

	// Issued.
	const issue = dept.locator(`main form[action="/notices/${id}/issue"]`);
	eq(await issue.count(), 1, 'the issue form');
	await t.follow(dept, () => issue.locator('button[type="submit"]').click(), { what: 'issue the notice' });
	eq(await text(dept.locator('#notice-state')), '已印发', 'issued: the state');
	eq(await dept.locator('p.alert').count(), 0, 'issued cleanly: no evidence alert');

	// The town addressed reads it; the register shows the verdict.
	const town = await t.newPage();
	await t.open(town, '/login');
	await logIn(t, town, USERS.township);
	await t.follow(town, () => town.locator('header nav a[href="/notices"]').click(), { what: 'header notices link (town)' });
	const row = town.locator('#notice-register tbody tr', { hasText: NOTICE.title });
	eq(await row.count(), 1, 'town: the issued notice is in its register');
	includes(await text(row), '已印发', 'town: its state');
	eq(await town.locator('main form[action="/notices"]').count(), 0, 'town: no submit form');

	// The office filters the register by department and sees the statistics.
	const office = await t.newPage();
	await t.open(office, '/login');
	await logIn(t, office, USERS.office);
	await t.follow(office, () => office.locator('header nav a[href="/notices"]').click(), { what: 'header notices link (office)' });
	const filters = office.locator('main form.filters');
	await filters.locator('select[name="department"]').selectOption(USERS.department.department);
	await t.follow(office, () => filters.locator('button[type="submit"]').click(), { what: 'filter by department' });
	eq(query(office, 'department'), USERS.department.department, 'office: the filter is in the URL');
	eq(await office.locator('#notice-register tbody tr', { hasText: NOTICE.title }).count(), 1, 'office: the notice under its department');
	await t.follow(office, () => office.locator('main a[href="/notices/stats"]').click(), { what: 'statistics link' });
	const stat = office.locator('#notice-stats tbody tr', { hasText: '市应急管理局' });
	eq(await stat.count(), 1, 'office: the department\'s row in the statistics');
	const cells = (await stat.locator('td.num').allInnerTexts()).map((x) => x.trim());
	eq(cells[0], '1', 'office: notices counted');
	eq(cells[1], '1', 'office: notices with violations (its first draft had them)');
	eq(cells[4], '0', 'office: none issued despite violations');
});

test('review round: a town proposes, the office merges, agrees and confirms, the town confirms, the office publishes, the public sees version 2 and the diff', async (t) => {
	// The office opens a round for 绥阳镇 and 三岔口镇 with the form.
	const office = await t.newPage();
	await t.open(office, '/login');
	await logIn(t, office, USERS.office);
	await t.follow(office, () => office.locator('header nav a[href="/review"]').click(), { what: 'header review link' });
	eq(pathOf(office), '/review', 'review: path');
	const open = office.locator('main form[action="/review"]');
	await open.locator('input[name="title"]').fill('浏览器测试轮');
	await open.locator('input[name="towns"]').fill(`${SUIYANG.code}, ${SANCHAKOU}`);
	await t.follow(office, () => open.locator('button[type="submit"]').click(), { what: 'open a round' });
	const m = pathOf(office).match(/^\/review\/(\d+)$/);
	check(m, `after opening: not on a round's page (${office.url()})`);
	const round = m[1];
	includes(await text(office.locator('h1')), '浏览器测试轮', 'round: heading');
	eq(await draftState(office, SUIYANG.code), 'drafting', `round: ${SUIYANG.name} at the start`);
	eq(await draftState(office, SANCHAKOU), 'drafting', 'round: 三岔口镇 at the start');

	// The town logs in (another context), finds the round and proposes to
	// take ZL-10 off its own list.
	const town = await t.newPage();
	await t.open(town, '/login');
	await t.open(town, '/');
	await logIn(t, town, USERS.township);
	await t.follow(town, () => town.locator('header nav a[href="/review"]').click(), { what: 'header review link (town)' });
	await t.follow(town, () => town.locator(`main a[href="/review/${round}"]`).click(), { what: 'the round' });
	eq(pathOf(town), `/review/${round}`, 'town: on the round');
	const propose = (page) => page.locator(`main form[action="/review/${round}/proposals"]`);
	let form = propose(town);
	eq(await form.locator('select[name="town"]').inputValue(), SUIYANG.code, 'town: the propose form picks its own town');
	await form.locator('select[name="action"]').selectOption('remove');
	await form.locator('input[name="task"]').fill(REMOVED.code);
	await form.locator('textarea[name="reason"]').fill('本镇辖区内无地质灾害隐患点');
	await t.follow(town, () => form.locator('button[type="submit"]').click(), { what: 'propose (town)' });
	eq(pathOf(town), `/review/${round}`, 'town: back on the round after proposing');
	const mine = town.locator('.proposal', { hasText: REMOVED.code });
	eq(await mine.count(), 1, 'town: its proposal is listed');
	includes(await text(mine), USERS.township.name, 'town: the proposal names its author');
	eq(await town.locator(`main form[action="/review/${round}/merge"]`).count(), 0, 'town: a merge form');

	// The office proposes the same for 三岔口镇, merges the two and agrees
	// the group with a reason.
	await t.open(office, `/review/${round}`);
	form = propose(office);
	await form.locator('select[name="town"]').selectOption(SANCHAKOU);
	await form.locator('select[name="action"]').selectOption('remove');
	await form.locator('input[name="task"]').fill(REMOVED.code);
	await form.locator('textarea[name="reason"]').fill('三岔口镇同样没有隐患点');
	await t.follow(office, () => form.locator('button[type="submit"]').click(), { what: 'propose (office)' });
	eq(await office.locator('.proposal', { hasText: REMOVED.code }).count(), 2, 'office: both proposals listed');
	eq(await office.locator('section.group.merged').count(), 0, 'office: a merged group before merging');
	await t.follow(office, () => office.locator(`main form[action="/review/${round}/merge"] button`).click(), { what: 'merge' });
	const group = office.locator('section.group.merged');
	eq(await group.count(), 1, 'office: merged groups after merging');
	eq(await group.locator('.proposal').count(), 2, 'office: proposals in the merged group');
	const decide = group.locator('form[action^="/review/groups/"]');
	eq(await decide.count(), 1, 'office: the group\'s decide form');
	await decide.locator('input[name="reason"]').fill('两镇均无地质灾害隐患点，同意删除');
	await t.follow(office, () => decide.locator('button[name="decision"][value="agree"]').click(), { what: 'agree the group' });
	eq(await office.locator('.proposal.status-agreed', { hasText: REMOVED.code }).count(), 2, 'office: agreed proposals');
	includes(await text(office.locator('.proposal', { hasText: REMOVED.code }).first().locator('.decision')),
		'同意删除', 'office: the decision\'s reason is shown');
	await townAction(t, office, round, SUIYANG.code, 'office_confirm');
	eq(await draftState(office, SUIYANG.code), 'office_confirmed', `office: ${SUIYANG.name} after office_confirm`);
	eq(await office.locator(`main form[action="/review/${round}/towns/${SUIYANG.code}/publish"]`).count(), 0,
		'office: a publish form before the town confirmed');

	// The town sees the decision and confirms.
	await t.open(town, `/review/${round}`);
	eq(await town.locator('.proposal.status-agreed', { hasText: REMOVED.code }).count(), 1, 'town: its proposal agreed');
	eq(await town.locator(`main form[action="/review/${round}/towns/${SANCHAKOU}/town_confirm"]`).count(), 0,
		'town: a confirm form for another town');
	await townAction(t, town, round, SUIYANG.code, 'town_confirm');
	eq(await draftState(town, SUIYANG.code), 'confirmed', 'town: after both confirmed');

	// The office publishes.
	await t.open(office, `/review/${round}`);
	await townAction(t, office, round, SUIYANG.code, 'publish');
	eq(await draftState(office, SUIYANG.code), 'published', 'office: after publishing');
	eq(await draftState(office, SANCHAKOU), 'drafting', 'office: 三岔口镇 still drafting');

	// The public: version 2 without ZL-10, its versions and the diff.
	const pub = await t.newPage();
	await t.open(pub, '/review', { status: 401 });
	await t.open(pub, `/towns/${SUIYANG.code}`);
	const meta = await text(pub.locator('p.meta'));
	includes(meta, '版本 2', 'public town page: version');
	includes(meta, `合计 ${SUIYANG.total - 1} 项`, 'public town page: total');
	eq(await pub.locator(`main a[href="/tasks/${REMOVED.code}"]`).count(), 0, `public town page: links to ${REMOVED.code}`);
	eq(await pub.locator(`section.part-${REMOVED.part} tbody tr`).count(), SUIYANG.assist - 1, 'public town page: rows under 配合履职');
	await t.follow(pub, () => pub.locator(`main a[href="/towns/${SUIYANG.code}/versions"]`).click(), { what: 'versions link' });
	eq(pathOf(pub), `/towns/${SUIYANG.code}/versions`, 'versions: path');
	const rows = pub.locator('table.list tbody tr');
	eq(await rows.count(), 2, 'versions: rows');
	includes(await text(rows.nth(0)), 'v2', 'versions: the first row');
	includes(await text(rows.nth(0)), '已发布', 'versions: v2 published');
	includes(await text(rows.nth(1)), '已被取代', 'versions: v1 superseded');
	await t.follow(pub, () => pub.locator(`main a[href="/towns/${SUIYANG.code}/diff?from=1&to=2"]`).click(), { what: 'diff link' });
	eq(pathOf(pub), `/towns/${SUIYANG.code}/diff`, 'diff: path');
	includes(await text(pub.locator('h1')), 'v1 → v2', 'diff: heading');
	const removed = pub.locator('ul.diff.removed li');
	eq(await removed.count(), 1, 'diff: removed items');
	includes(await text(removed), REMOVED.code, 'diff: the removed item');
	includes(await text(removed), REMOVED.name, 'diff: the removed item\'s name');
	eq(await pub.locator('ul.diff.added a').count(), 0, 'diff: added items');
	// The other town's draft stays private.
	await t.open(pub, `/towns/${SANCHAKOU}?version=2`, { status: 404 });
	await noScripts(pub);
});
