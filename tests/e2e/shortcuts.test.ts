import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { writeLaptopConfig } from './laptop-support.ts';

/**
 * The laptop's keyboard in Chromium: `?` opens the list of shortcuts as a modal dialog that keeps
 * focus and gives it back, `g p` and friends go to a page, 1..6 pick a board's range and 0 / Esc
 * leave a zoom, n / p walk the boards keeping the range, `a` acknowledges on /alerts, and keys
 * typed into a field stay in the field. A picked component is kept in the link.
 */
let app: RunningApp;
let browser: RunningBrowser;
let page: Page;
const { dir, configFile } = writeLaptopConfig();

beforeAll(async () => {
	app = await startApp({ configFile, simulate: true });
	browser = await startBrowser();
	page = await browser.newPage({ width: 1440, height: 900 });
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await app?.close();
	rmSync(dir, { recursive: true, force: true });
});

const url = () => new URL(page.url());
const focusedInside = (selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector);

/** Keys only reach the page once it has hydrated: wait for the live board or the nav. */
async function open(path: string) {
	await page.goto(`${app.url}${path}`);
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(300);
}

describe('keyboard shortcuts in Chromium', () => {
	it('opens the help with ?, keeps focus inside it, closes with Esc and gives focus back', async () => {
		await open('/');
		await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		const pipelineLink = page.getByRole('link', { name: 'Pipeline', exact: true });
		await pipelineLink.focus();
		await page.keyboard.press('?');
		const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
		await dialog.waitFor();
		expect(await dialog.textContent()).toMatch(/Go to the pipeline/);
		// What works here is listed plainly; the alerts page's key is marked as not on this page.
		expect(await dialog.locator('tr', { hasText: 'Show the last 1h' }).getAttribute('class')).not.toMatch(/elsewhere/);
		expect(await dialog.locator('tr', { hasText: 'Acknowledge' }).getAttribute('class')).toMatch(/elsewhere/);
		expect(await focusedInside('dialog')).toBe(true);
		for (let i = 0; i < 6; i++) {
			await page.keyboard.press('Tab');
			expect(await focusedInside('dialog'), `focus after ${i + 1} Tab presses`).toBe(true);
		}
		// Keys do nothing under the dialog: g p does not leave the page.
		await page.keyboard.press('g');
		await page.keyboard.press('p');
		expect(url().pathname).toBe('/');
		await browser.screenshot(page, 'shortcuts-help');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Pipeline');
		// The button in the top bar opens it too.
		await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
		await dialog.waitFor();
		await page.keyboard.press('?');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
	}, 40_000);

	it('goes to a page with g and a letter', async () => {
		await open('/');
		await page.keyboard.press('g');
		await page.keyboard.press('p');
		await expect.poll(() => url().pathname).toBe('/pipeline');
		await page.locator('svg g.stage').first().waitFor({ timeout: 20_000 });
		for (const [key, path] of [['w', '/windows'], ['b', '/boards'], ['a', '/alerts'], ['o', '/']]) {
			await page.keyboard.press('g');
			await page.keyboard.press(key);
			await expect.poll(() => url().pathname, { timeout: 5_000 }).toBe(path);
			await page.waitForTimeout(200);
		}
	}, 40_000);

	it('picks a range with 1..6 on a board, and leaves a zoom with 0 and with Esc', async () => {
		await open('/boards/stage-identity');
		await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		await page.keyboard.press('3');
		await expect.poll(() => url().searchParams.get('range')).toBe('1h');
		expect(await page.getByRole('button', { name: '1h', exact: true }).getAttribute('aria-pressed')).toBe('true');
		await page.keyboard.press('1');
		await expect.poll(() => url().searchParams.get('range')).toBe('5m');

		for (const reset of ['0', 'Escape']) {
			const over = page.locator('figure.chart .u-over').first();
			const box = (await over.boundingBox())!;
			await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
			await page.mouse.down();
			await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
			await page.mouse.up();
			await expect.poll(() => url().searchParams.has('from'), { timeout: 5_000 }).toBe(true);
			await page.keyboard.press(reset);
			await expect.poll(() => url().searchParams.get('range'), { timeout: 5_000 }).toBe('5m');
			expect(url().searchParams.has('from')).toBe(false);
		}
	}, 40_000);

	it('walks the boards with n and p, keeping the range', async () => {
		await open('/boards/stage-identity?range=6h');
		await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		await page.keyboard.press('n');
		await expect.poll(() => url().pathname).toBe('/boards/stage-waiting-room');
		expect(url().searchParams.get('range')).toBe('6h');
		await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		await page.keyboard.press('p');
		await expect.poll(() => url().pathname).toBe('/boards/stage-identity');
		expect(url().searchParams.get('range')).toBe('6h');
	}, 40_000);

	it('leaves keys typed into a field in the field', async () => {
		await open(`/alerts?token=${app.adminToken}`);
		const filter = page.getByLabel('Filter by labels');
		await filter.click();
		await page.keyboard.type('gp?3');
		expect(await filter.inputValue()).toBe('gp?3');
		expect(url().pathname).toBe('/alerts');
		expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);
	}, 30_000);

	it('acknowledges the first firing alert with a, as an operator', async () => {
		await open(`/alerts?token=${app.adminToken}`);
		const row = page.locator('table.alerts tr[data-alert-id="landing-busy|cdn"]');
		await row.waitFor({ timeout: 30_000 });
		await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/Firing/);
		await page.locator('h1').click(); // focus on the page, not in a field
		await page.keyboard.press('a');
		await expect.poll(() => row.locator('.ack').textContent(), { timeout: 5_000 }).toMatch(/Acknowledged by/);
		await browser.screenshot(page, 'shortcuts-acknowledged');
	}, 60_000);

	it('keeps the component picked on a tile in the link, and brings it forward on the charts', async () => {
		await open('/?range=1h&component=idp-naver');
		await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
		const picked = page.locator('article.tile.selected');
		expect(await picked.count()).toBe(1);
		expect(await picked.locator('button.pick').getAttribute('aria-pressed')).toBe('true');
		// uPlot fades the other series' legend rows along with their lines.
		const faded = () => page.evaluate(() => [...document.querySelectorAll('figure.chart')][0].querySelectorAll('.u-legend tr.u-series[style*="opacity: 0.25"]').length);
		await expect.poll(faded).toBe(6);
		await browser.screenshot(page, 'shortcuts-component-picked');

		await page.locator('article.tile button.pick', { hasText: 'CDN landing page' }).click();
		await expect.poll(() => url().searchParams.get('component')).toBe('cdn');
		expect(url().searchParams.get('range')).toBe('1h');
		await page.locator('article.tile button.pick', { hasText: 'CDN landing page' }).click();
		await expect.poll(() => url().searchParams.has('component')).toBe(false);
		await expect.poll(faded).toBe(0);
	}, 40_000);
});
