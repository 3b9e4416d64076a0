import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLine } from '../../src/lib/server/ingest/line-format.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { HOSTILE } from '../fixtures/hostile.ts';

/**
 * Acceptance 2 of issue 7: senders write tag values, string fields and (through templates)
 * alert summaries, so they write what the pages show. Points whose instance, region and an
 * extra tag carry script payloads go in through the real /api/v1/write; every page that shows
 * them must show them as text, with no script run (the payloads would set window.__xss), no
 * dialog, no CSP violation in the page and none reported to the CSP endpoint. A last check
 * makes a violation on purpose, so "none reported" is known to be able to say otherwise.
 */

/** One payload per instance: each becomes its own alert (the rule is `by: instance`). */
const INSTANCES = [HOSTILE.img, HOSTILE.script, HOSTILE.js];
const SUMMARY = (instance: string) => `Slow instance ${instance} here`;

const startMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000).toISOString().slice(0, 16);

const CONFIG = `
title: Hostile input test
time_zone: UTC
orgs:
  - { id: agency, name: Public agency, kind: public }
  - { id: cloud-a, name: Cloud A }
pipeline:
  stages:
    - { id: landing, name: Landing }
    - { id: identity, name: Identity verification }
components:
  - { id: cdn, name: CDN, org: agency, stage: landing, capacity: { rps: 5000 } }
  - { id: idp-a, name: Identity A, org: cloud-a, stage: identity, capacity: { rps: 2000 } }
  - { id: idp-b, name: Identity B, org: cloud-a, stage: identity, capacity: { rps: 2000 } }
writer:
  flush_interval: 50ms
windows:
  - { id: hostile-window, name: Hostile opening, start: "${startMinute}", duration: 2h }
alerts:
  rules:
    - id: slow-instance
      type: threshold
      measurement: traffic
      field: p95_ms
      above: 100
      for: 0s
      severity: critical
      components: [idp-a]
      by: instance
      summary: "${SUMMARY('{{instance}}').replace(/"/g, '\\"')}"
`;

/** A second of traffic: the hostile instances of idp-a are slow (so they alert), the rest is calm. */
function linesFor(second: number): string[] {
	const ns = `${second}000000000`;
	const lines = [
		formatLine('traffic', { component: 'cdn', instance: 'cdn-1', region: HOSTILE.img }, { rps: 1500, requests: 1500, p95_ms: 40 }, { rps: 'float', requests: 'float', p95_ms: 'float' }, ns),
		formatLine('traffic', { component: 'idp-b', instance: 'idp-b-1' }, { rps: 700, requests: 700, p95_ms: 60 }, { rps: 'float', requests: 'float', p95_ms: 'float' }, ns)
	];
	for (const instance of INSTANCES)
		lines.push(
			formatLine(
				'traffic',
				{ component: 'idp-a', instance, region: HOSTILE.script, note: HOSTILE.js },
				{ rps: 300, requests: 300, p95_ms: 900 },
				{ rps: 'float', requests: 'float', p95_ms: 'float' },
				ns
			)
		);
	// String fields and sender-named measurements and fields: stored like anything else.
	lines.push(formatLine('deploy_events', { component: 'idp-a', instance: HOSTILE.img }, { message: HOSTILE.script, link: HOSTILE.js }, { message: 'string', link: 'string' }, ns));
	lines.push(formatLine(HOSTILE.img, { component: 'idp-a' }, { [HOSTILE.script]: 1 }, { [HOSTILE.script]: 'float' }, ns));
	return lines;
}

let app: RunningApp;
let browser: RunningBrowser;
let sender: ReturnType<typeof setInterval> | undefined;
let sending: Promise<void> = Promise.resolve();
const writeStatuses: number[] = [];

async function write(lines: string[]): Promise<void> {
	const res = await fetch(`${app.url}/api/v1/write?precision=ns`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
	writeStatuses.push(res.status);
	if (res.status !== 204) throw new Error(`write answered ${res.status}: ${await res.text()}`);
}

beforeAll(async () => {
	app = await startApp({ config: CONFIG });
	const now = Math.floor(Date.now() / 1000);
	// A minute of history, then a point every second while the test runs.
	const history: string[] = [];
	for (let s = now - 60; s <= now; s++) history.push(...linesFor(s));
	await write(history);
	sender = setInterval(() => {
		sending = sending.then(() => write(linesFor(Math.floor(Date.now() / 1000)))).catch(() => undefined);
	}, 1_000);
	browser = await startBrowser();
}, 60_000);

afterAll(async () => {
	if (sender) clearInterval(sender);
	await sending;
	await browser?.close();
	await app?.close();
});

interface Watched {
	page: Page;
	dialogs: string[];
	violations: string[];
	errors: string[];
}

/** A page that records dialogs, page errors and CSP violations across navigations. */
async function watchedPage(): Promise<Watched> {
	const page = await browser.newPage({ width: 1440, height: 900 });
	const w: Watched = { page, dialogs: [], violations: [], errors: [] };
	page.on('dialog', (d) => {
		w.dialogs.push(`${d.type()}: ${d.message()}`);
		void d.dismiss();
	});
	page.on('pageerror', (e) => w.errors.push(e.message));
	await page.exposeFunction('__cspViolation', (text: string) => void w.violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			(window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
		});
	});
	return w;
}

const withToken = (path: string) => `${app.url}${path}${path.includes('?') ? '&' : '?'}token=${app.adminToken}`;

/** Which payloads the page shows as visible text. */
async function visiblePayloads(page: Page): Promise<string[]> {
	const shown: string[] = [];
	for (const p of INSTANCES) if (await page.getByText(p, { exact: false }).first().isVisible().catch(() => false)) shown.push(p);
	return shown;
}

/** Traces a payload would leave in the DOM had it become markup or a link. */
function markupTraces(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		if ((window as unknown as { __xss?: unknown }).__xss !== undefined) found.push(`window.__xss is ${String((window as unknown as { __xss?: unknown }).__xss)}`);
		for (const img of document.querySelectorAll('img')) if (img.getAttribute('src') === 'x' || img.hasAttribute('onerror')) found.push(`an <img> from a payload: ${img.outerHTML}`);
		// SvelteKit's data script carries the payloads inside JS strings (escaped as \u003C); a
		// payload that escaped would be a script of its own.
		for (const s of document.querySelectorAll('script')) if (/^\s*window\.__xss/.test(s.textContent ?? '')) found.push(`a <script> from a payload: ${s.outerHTML.slice(0, 200)}`);
		for (const el of document.querySelectorAll('[href], [src], [action], [formaction]'))
			for (const attr of ['href', 'src', 'action', 'formaction']) {
				const v = el.getAttribute(attr);
				if (v && /^\s*javascript:/i.test(v)) found.push(`a javascript: ${attr} on <${el.tagName.toLowerCase()}>`);
			}
		for (const el of document.querySelectorAll('*'))
			for (const a of el.attributes) if (/^on/i.test(a.name)) found.push(`an inline handler ${a.name} on <${el.tagName.toLowerCase()}>`);
		return found;
	});
}

function expectStrictCsp(res: Response | null, path: string): void {
	expect(res, `no response for ${path}`).not.toBeNull();
	expect(res!.status(), path).toBe(200);
	const h = res!.headers();
	const csp = h['content-security-policy'];
	expect(csp, `${path}: no Content-Security-Policy`).toBeTruthy();
	const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
	expect(directives['script-src'], `${path}: ${csp}`).toContain("'self'");
	expect(directives['script-src'].some((s: string) => s.startsWith("'nonce-")), `${path}: SvelteKit's script has no nonce: ${csp}`).toBe(true);
	expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
	expect(directives['default-src']).toEqual(["'self'"]);
	expect(directives['object-src']).toEqual(["'none'"]);
	expect(directives['frame-ancestors']).toEqual(["'none'"]);
	expect(directives['report-uri']).toEqual(['/api/v1/csp-report']);
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['x-frame-options']).toBe('DENY');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(h['cross-origin-opener-policy']).toBe('same-origin');
	expect(h['permissions-policy']).toMatch(/camera=\(\)/);
	expect(h['strict-transport-security'], 'HSTS over plain HTTP').toBeUndefined();
}

async function cspMetric(): Promise<string[]> {
	const text = await (await fetch(`${app.url}/metrics`)).text();
	return text.split('\n').filter((l) => l.startsWith('monitor_csp_violations_total{'));
}

/** The pages and what each must show: the banner's worst alert on most, every alert on some. */
const PAGES: { name: string; path: string; ready: string; all: boolean }[] = [
	{ name: 'overview', path: '/', ready: '.alert-banner .summary', all: false },
	{ name: 'boards', path: '/boards', ready: '.alert-banner .summary', all: false },
	{ name: 'stage-board', path: '/boards/stage-identity', ready: '.live-state.live', all: false },
	{ name: 'pipeline', path: '/pipeline', ready: '.alert-banner .summary', all: false },
	{ name: 'alerts', path: '/alerts', ready: 'table.history tbody tr[data-alert-id]', all: true },
	{ name: 'window-report', path: '/windows/hostile-window', ready: '#alerts-title + ul li', all: true },
	{ name: 'wall', path: '/wall', ready: '.wall-pipeline .alerts', all: true }
];

describe('hostile sender text in Chromium', () => {
	let w: Watched;

	beforeAll(async () => {
		w = await watchedPage();
		// Every hostile line was accepted (204), measurement and field names included.
		expect(writeStatuses.length).toBeGreaterThan(0);
		expect(writeStatuses.every((s) => s === 204)).toBe(true);
	});

	for (const p of PAGES) {
		it(`${p.name}: shows the payloads as text and runs none of them`, async () => {
			const { page } = w;
			const res = await page.goto(withToken(p.path));
			expectStrictCsp(res, p.path);
			// The server-rendered HTML holds the payloads only escaped (as text, or inside a JS string).
			const html = await res!.text();
			for (const raw of [HOSTILE.img, HOSTILE.script, '<script>window.__xss']) expect(html, `${p.path} has a raw ${raw}`).not.toContain(raw);
			await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
			if (p.all) await expect.poll(() => visiblePayloads(page), { timeout: 30_000, interval: 500 }).toEqual(INSTANCES);
			else {
				await expect.poll(async () => (await visiblePayloads(page)).length, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
				// The banner leads with the worst alert, whose summary is one of the three, word for word.
				const banner = (await page.locator('.alert-banner .summary').textContent())?.trim();
				expect(INSTANCES.map(SUMMARY)).toContain(banner);
			}
			// Give a payload that became markup time to act (an <img> error fires on its own).
			await page.waitForTimeout(1_000);
			expect(await markupTraces(page)).toEqual([]);
			expect(await page.evaluate(() => typeof (window as unknown as { __xss?: unknown }).__xss)).toBe('undefined');
			expect(w.dialogs).toEqual([]);
			expect(w.violations).toEqual([]);
			expect(w.errors).toEqual([]);
			await browser.screenshot(page, `hostile-${p.name}`);
		}, 90_000);
	}

	it('draws the window report overlay for a flow without a queue stage, without an error', async () => {
		const { page } = w;
		await page.goto(withToken('/windows/hostile-window'));
		const overlay = page.locator('section[aria-labelledby="overlay-title"]');
		await overlay.locator('canvas').first().waitFor({ timeout: 30_000 });
		expect(await overlay.locator('[role="alert"]').count()).toBe(0);
	}, 60_000);

	it('connects socket.io under connect-src self (the board and the wall go live)', async () => {
		const { page } = w;
		await page.goto(withToken('/boards/stage-identity'));
		await page.locator('.live-state.live').waitFor({ timeout: 20_000 });
		await page.goto(withToken('/wall'));
		await page.locator('.wall-screen[data-connected="true"]').waitFor({ timeout: 20_000 });
		expect(w.violations).toEqual([]);
	}, 60_000);

	it('shows the alert history rows with the payloads in their summaries', async () => {
		const { page } = w;
		await page.goto(withToken('/alerts'));
		const history = page.locator('table.history tbody');
		await history.locator('tr[data-alert-id]').first().waitFor({ timeout: 30_000 });
		for (const p of INSTANCES) await expect.poll(async () => (await history.textContent())?.includes(SUMMARY(p)), { timeout: 20_000 }).toBe(true);
		expect(await markupTraces(page)).toEqual([]);
	}, 60_000);

	it('silences a hostile alert from its row: the matchers and the silence show the tag as text', async () => {
		const { page } = w;
		await page.goto(withToken('/alerts'));
		const row = page.locator(`table.alerts tr[data-alert-id="slow-instance|idp-a|${HOSTILE.img.replace(/"/g, '\\"')}"]`);
		await row.waitFor({ timeout: 20_000 });
		await row.getByRole('button', { name: /^Silence…/ }).click();
		const dialog = page.getByRole('dialog', { name: 'Silence this alert' });
		await dialog.waitFor();
		expect(await dialog.getByLabel('Matchers').inputValue()).toBe(`alertname="slow-instance"\ncomponent="idp-a"\ninstance=${JSON.stringify(HOSTILE.img)}`);
		await dialog.getByLabel(/^Comment/).fill(HOSTILE.script);
		await dialog.getByRole('button', { name: 'Create silence' }).click();
		await dialog.waitFor({ state: 'hidden' });
		const silence = page.locator('table.silences tr.silence.active').first();
		await silence.waitFor({ timeout: 5_000 });
		expect(await silence.textContent()).toContain(`instance=${JSON.stringify(HOSTILE.img)}`);
		expect(await silence.textContent()).toContain(HOSTILE.script);
		await page.waitForTimeout(1_000);
		expect(await markupTraces(page)).toEqual([]);
		expect(w.dialogs).toEqual([]);
		expect(w.violations).toEqual([]);
		expect(w.errors).toEqual([]);
		await browser.screenshot(page, 'hostile-silence');
	}, 60_000);

	it('puts the security headers on the API, the ingest handler and static files', async () => {
		const responses = {
			api: await fetch(`${app.url}/api/v1/health`),
			ingest: await fetch(`${app.url}/api/v1/write`, { method: 'POST', body: 'x' }),
			static: await fetch(`${app.url}/favicon.svg`),
			metrics: await fetch(`${app.url}/metrics`)
		};
		for (const [name, res] of Object.entries(responses)) {
			await res.arrayBuffer();
			expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
			expect(res.headers.get('x-frame-options'), name).toBe('DENY');
			expect(res.headers.get('referrer-policy'), name).toBe('strict-origin-when-cross-origin');
			expect(res.headers.get('content-security-policy'), name).toMatch(/default-src 'none'/);
			expect(res.headers.get('strict-transport-security'), name).toBeNull();
		}
		expect(responses.ingest.status).toBe(401);
	});

	it('received no CSP report while showing every page', async () => {
		// Chromium posts a report-uri report at once (the last check below sees one within a second or two).
		await new Promise((r) => setTimeout(r, 3_000));
		expect(await cspMetric()).toEqual([]);
		expect(w.violations).toEqual([]);
	}, 30_000);

	it('would have seen a violation: an injected inline script is blocked, reported and counted', async () => {
		const probe = await watchedPage();
		await probe.page.goto(withToken('/pipeline'));
		await probe.page.locator('h1').first().waitFor();
		// Playwright adds a real <script> element; the page's CSP must refuse to run it.
		await probe.page.addScriptTag({ content: 'window.__xss = 2;' }).catch(() => undefined);
		expect(await probe.page.evaluate(() => typeof (window as unknown as { __xss?: unknown }).__xss)).toBe('undefined');
		await expect.poll(() => probe.violations.length, { timeout: 10_000 }).toBeGreaterThan(0);
		expect(probe.violations[0]).toMatch(/^script-src-elem blocked inline/);
		await expect.poll(() => cspMetric(), { timeout: 30_000, interval: 500 }).toEqual(['monitor_csp_violations_total{directive="script-src-elem"} 1']);
	}, 60_000);
});
