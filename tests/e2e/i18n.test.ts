import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG } from '../../src/lib/server/config/index.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { SCREENSHOTS, startBrowser, type RunningBrowser } from '../helpers/browser.ts';

/**
 * Korean and English in Chromium, on the 2021 sample with its simulator: a browser that asks for
 * Korean gets the overview, pipeline, alerts and wall in Korean (server-rendered, so even the first
 * paint), one that asks for English gets English; the switch in the top bar changes the language
 * and the choice survives a reload; `?lang=` pins a wall's language; dates read in KST, the
 * locale's way. Screenshots of each page in both languages go to tests/e2e/screenshots/.
 */
let app: RunningApp;
let browser: RunningBrowser;
const dir = mkdtempSync(join(tmpdir(), 'bom-e2e-i18n-'));
const KST = 'Asia/Seoul';

beforeAll(async () => {
	// The sample, with one rule that fires at once and has its summary in both languages.
	const sample = withoutTopLevel(readFileSync(SAMPLE_CONFIG, 'utf8'), ['alerts', 'channels']).replace('scenario: scenarios/', `scenario: ${resolve('samples/vaccine-2021/scenarios')}/`);
	writeFileSync(
		join(dir, 'monitor.yaml'),
		`${sample}
alerts:
  rules:
    - id: landing-busy
      type: threshold
      measurement: traffic
      field: rps
      above: 1
      for: 0s
      severity: critical
      components: [cdn]
      summary: { en: "Landing page busy: {{value}} above {{threshold}}", ko: "랜딩 페이지 과부하: {{value}} (기준 {{threshold}})" }
`
	);
	app = await startApp({ configFile: join(dir, 'monitor.yaml'), simulate: true });
	browser = await startBrowser();
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await app?.close();
	rmSync(dir, { recursive: true, force: true });
});

function withoutTopLevel(yaml: string, keys: string[]): string {
	let skipping = false;
	return yaml
		.split('\n')
		.filter((line) => {
			if (/^[^\s#]/.test(line)) skipping = keys.some((k) => line.startsWith(`${k}:`));
			return !skipping;
		})
		.join('\n');
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function overview(page: Page, lang: 'ko' | 'en'): Promise<void> {
	await page.goto(`${app.url}/`);
	await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
	await page.locator('.tile .badge').first().waitFor();
	await page.waitForTimeout(1_500);
	await browser.screenshot(page, `i18n-overview-${lang}`);
}

async function pipeline(page: Page, lang: 'ko' | 'en'): Promise<void> {
	await page.goto(`${app.url}/pipeline`);
	await page.locator('svg g.stage').first().waitFor({ timeout: 20_000 });
	await page.waitForTimeout(1_500);
	await browser.screenshot(page, `i18n-pipeline-${lang}`);
}

async function wall(page: Page, lang: 'ko' | 'en', query = ''): Promise<void> {
	await page.goto(`${app.url}/wall?token=${app.adminToken}${query}`);
	await page.locator('.wall-screen[data-connected="true"]').waitFor({ timeout: 20_000 });
	await page.waitForFunction(() => document.querySelectorAll('figure.chart[data-first]').length > 0 || document.querySelector('.wall-pipeline'), null, { timeout: 20_000 });
	await page.waitForTimeout(2_000);
	await browser.screenshot(page, `i18n-wall-${lang}`);
}

/** The next drill opening, as the windows page must show it in `locale`. */
async function nextOpening(locale: string): Promise<string> {
	const res = await fetch(`${app.url}/api/v1/windows?token=${app.adminToken}`);
	const body = (await res.json()) as { next: { start: number } | null };
	const f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: KST, hourCycle: 'h23' });
	return f.format(body.next!.start);
}

describe('a browser that asks for Korean', () => {
	let page: Page;
	beforeAll(async () => {
		page = await browser.newPage({ width: 1440, height: 900, locale: 'ko-KR' });
	});

	it('gets the overview in Korean, from the first paint', async () => {
		await overview(page, 'ko');
		expect(await page.locator('html').getAttribute('lang')).toBe('ko');
		expect(await text(page, 'nav')).toMatch(/종합 현황.*처리 흐름.*대시보드.*예약 기간.*경보/);
		expect(await text(page, '.board h1')).toBe('종합 현황');
		expect(await text(page, 'figure.chart figcaption')).toBe('초당 요청 수');
		// Status by word as well as colour, in Korean.
		expect(await text(page, '.tile .badge')).toMatch(/정상|경고|심각|데이터 없음/);
		expect(await text(page, '.live-state')).toMatch(/실시간|연결 중/);
		// Component names stay as configured.
		expect(await text(page, '.tile header')).toMatch(/[A-Za-z]/);
	}, 60_000);

	it('gets the pipeline with the analyser’s words in Korean', async () => {
		await pipeline(page, 'ko');
		expect(await text(page, 'h1')).toBe('예약 처리 흐름');
		expect(await text(page, 'section.verdict h2')).toMatch(/병목:|원활|아직 데이터 없음/);
		await expect.poll(() => text(page, '.stages ul'), { timeout: 10_000 }).toMatch(/처리 [\d,.]+(만)?\/초/);
		expect(await text(page, 'svg g.stage')).toMatch(/정상|부하 높음|병목|중단|데이터 없음/);
	}, 60_000);

	it('gets the alerts page with the rule’s Korean summary', async () => {
		await page.goto(`${app.url}/alerts?token=${app.adminToken}`);
		await page.locator('table.alerts tr[data-alert-id]').first().waitFor({ timeout: 20_000 });
		expect(await text(page, 'h1')).toBe('경보');
		expect(await text(page, 'table.alerts thead')).toMatch(/심각도.*상태.*시작 시각/);
		const row = await text(page, 'table.alerts tr[data-alert-id]');
		expect(row).toMatch(/심각/);
		expect(row).toMatch(/랜딩 페이지 과부하/);
		expect(await page.getByRole('button', { name: /^확인/ }).count()).toBeGreaterThan(0);
		await browser.screenshot(page, 'i18n-alerts-ko');
	}, 60_000);

	it('reads the next opening in KST, year first', async () => {
		await page.goto(`${app.url}/windows`);
		const expected = await nextOpening('ko-KR');
		expect(expected).toMatch(/^\d{4}년 \d{1,2}월 \d{1,2}일 \d{2}:\d{2} GMT\+9$/);
		expect(await text(page, 'p.next')).toContain(expected);
	}, 30_000);

	it('fits a phone in portrait: Korean labels neither overflow nor widen the page', async () => {
		const phone = await browser.newPage({ width: 390, height: 844, locale: 'ko-KR' });
		for (const path of ['/', '/pipeline', `/alerts?token=${app.adminToken}`]) {
			await phone.goto(`${app.url}${path}`);
			await phone.locator('main h1').first().waitFor();
			await phone.waitForTimeout(1_000);
			const widths = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth, nav: document.querySelector('nav')!.scrollWidth }));
			expect(widths.page, path).toBeLessThanOrEqual(widths.view);
			expect(widths.nav, path).toBeLessThanOrEqual(widths.view);
			// The language switch stays on screen, whole.
			const box = await phone.getByRole('group', { name: '언어' }).boundingBox();
			expect(box!.x + box!.width, path).toBeLessThanOrEqual(widths.view);
		}
		await phone.goto(`${app.url}/`);
		await phone.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		await phone.waitForTimeout(1_500);
		// What the phone's screen shows, not the whole long page.
		await phone.screenshot({ path: join(SCREENSHOTS, 'i18n-phone-ko.png') });
	}, 60_000);

	it('gets the wall in Korean, with the KST clock', async () => {
		const wallPage = await browser.newPage({ width: 1920, height: 1080, locale: 'ko-KR', colorScheme: 'dark' });
		await wall(wallPage, 'ko');
		expect(await text(wallPage, '.strip [data-item="alerts"] .label')).toBe('경보');
		expect(await text(wallPage, '.strip [data-item="bottleneck"] .label')).toBe('병목');
		expect(await text(wallPage, '.strip [data-item="clock"]')).toMatch(/\d{2}:\d{2}:\d{2} KST/);
		const seoul = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: KST }).format(Date.now());
		expect(await text(wallPage, '.strip [data-item="clock"] .time')).toContain(seoul.slice(0, 2));
	}, 60_000);
});

describe('a browser that asks for English', () => {
	let page: Page;
	beforeAll(async () => {
		page = await browser.newPage({ width: 1440, height: 900, locale: 'en-US' });
	});

	it('gets the overview, pipeline and alerts in English', async () => {
		await overview(page, 'en');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(await text(page, 'nav')).toMatch(/Overview.*Pipeline.*Boards.*Windows.*Alerts/);
		expect(await text(page, 'figure.chart figcaption')).toBe('Requests per second');
		expect(await text(page, '.tile .badge')).toMatch(/OK|Warning|Critical|No data/);

		await pipeline(page, 'en');
		expect(await text(page, 'h1')).toBe('Booking flow');
		await expect.poll(() => text(page, '.stages ul'), { timeout: 10_000 }).toMatch(/outflow [\d,.]+K?\/s/);

		await page.goto(`${app.url}/alerts?token=${app.adminToken}`);
		await page.locator('table.alerts tr[data-alert-id]').first().waitFor({ timeout: 20_000 });
		expect(await text(page, 'table.alerts tr[data-alert-id]')).toMatch(/Critical.*Landing page busy/);
	}, 90_000);

	it('reads the next opening in KST, day first', async () => {
		await page.goto(`${app.url}/windows`);
		const expected = await nextOpening('en-GB');
		expect(expected).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} GMT\+9$/);
		expect(await text(page, 'p.next')).toContain(expected);
	}, 30_000);

	it('gets the wall in English', async () => {
		const wallPage = await browser.newPage({ width: 1920, height: 1080, locale: 'en-US', colorScheme: 'dark' });
		await wall(wallPage, 'en');
		expect(await text(wallPage, '.strip [data-item="alerts"] .label')).toBe('Alerts');
		expect(await text(wallPage, '.strip [data-item="bottleneck"] .label')).toBe('Bottleneck');
	}, 60_000);
});

describe('choosing the language', () => {
	it('switches from the top bar and keeps the choice across a reload', async () => {
		const page = await browser.newPage({ width: 1280, height: 800, locale: 'en-US' });
		await page.goto(`${app.url}/pipeline`);
		expect(await text(page, 'h1')).toBe('Booking flow');
		const group = page.getByRole('group', { name: 'Language' });
		expect(await group.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

		await Promise.all([page.waitForURL(/\/pipeline/), page.waitForEvent('load'), group.getByRole('button', { name: '한국어' }).click()]);
		await expect.poll(() => text(page, 'h1'), { timeout: 10_000 }).toBe('예약 처리 흐름');
		expect(await page.getByRole('group', { name: '언어' }).getByRole('button', { name: '한국어' }).getAttribute('aria-pressed')).toBe('true');

		await page.reload();
		expect(await text(page, 'h1')).toBe('예약 처리 흐름');
		await page.goto(`${app.url}/alerts?token=${app.adminToken}`);
		expect(await text(page, 'h1')).toBe('경보');

		await Promise.all([page.waitForEvent('load'), page.getByRole('group', { name: '언어' }).getByRole('button', { name: 'English' }).click()]);
		await expect.poll(() => text(page, 'h1'), { timeout: 10_000 }).toBe('Alerts');
	}, 60_000);

	it('lets a wall URL pin the language with ?lang=, remembered after', async () => {
		const page = await browser.newPage({ width: 1920, height: 1080, locale: 'en-US', colorScheme: 'dark' });
		await page.goto(`${app.url}/pipeline?lang=ko`);
		expect(await text(page, 'h1')).toBe('예약 처리 흐름');
		await page.goto(`${app.url}/pipeline`);
		expect(await text(page, 'h1')).toBe('예약 처리 흐름');
		await page.goto(`${app.url}/wall?token=${app.adminToken}&lang=en`);
		await page.waitForURL((u) => !u.searchParams.has('token'));
		expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
		await expect.poll(() => text(page, '.strip [data-item="alerts"] .label'), { timeout: 15_000 }).toBe('Alerts');
	}, 60_000);

	it('renders on the server for Accept-Language, before any script runs', async () => {
		const ko = await (await fetch(`${app.url}/pipeline`, { headers: { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5' } })).text();
		expect(ko).toMatch(/<html lang="ko">/);
		expect(ko).toContain('예약 처리 흐름');
		const en = await (await fetch(`${app.url}/pipeline`, { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
		expect(en).toMatch(/<html lang="en">/);
		expect(en).toContain('Booking flow');
		// A language we do not have falls back to English.
		const de = await (await fetch(`${app.url}/pipeline`, { headers: { 'accept-language': 'de-DE' } })).text();
		expect(de).toMatch(/<html lang="en">/);
		// Errors too.
		const missing = await fetch(`${app.url}/no-such-page`, { headers: { 'accept-language': 'ko-KR' } });
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('없는 페이지입니다');
	}, 30_000);
});
