import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG } from '../../src/lib/server/config/index.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';

/**
 * The overview board in headless Chromium with the sample's simulator running: charts draw,
 * the live tail moves, drag zooms and reset returns, and a 1 h range shows stored history.
 */
let app: RunningApp;
let browser: RunningBrowser;
let page: Page;

beforeAll(async () => {
	app = await startApp({ configFile: SAMPLE_CONFIG, simulate: true });
	browser = await startBrowser();
	page = await browser.newPage({ width: 1440, height: 900 });
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await app?.close();
});

/** Pixels that are not background in a chart's canvas: proof that something was drawn. */
function inkOf(chart: number): Promise<number> {
	return page.evaluate((i) => {
		const canvas = document.querySelectorAll<HTMLCanvasElement>('figure.chart canvas')[i];
		const ctx = canvas.getContext('2d')!;
		const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
		let ink = 0;
		for (let p = 3; p < data.length; p += 4) if (data[p] > 0) ink++;
		return ink;
	}, chart);
}

/** A fingerprint of what a chart shows, to see that the live tail moves. */
function fingerprint(chart: number): Promise<string> {
	return page.evaluate((i) => document.querySelectorAll<HTMLCanvasElement>('figure.chart canvas')[i].toDataURL(), chart);
}

describe('the overview board in Chromium', () => {
	it('draws every chart with data and the tiles with values, live', async () => {
		await page.goto(`${app.url}/`);
		await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
		const charts = await page.locator('figure.chart').count();
		expect(charts).toBeGreaterThanOrEqual(4);
		await expect.poll(() => inkOf(0), { timeout: 15_000 }).toBeGreaterThan(2_000);
		for (let i = 0; i < charts; i++) expect(await inkOf(i), `chart ${i}`).toBeGreaterThan(1_000);
		// Tiles carry numbers, not dashes, and a status word next to the colour.
		const tiles = page.locator('article.tile');
		expect(await tiles.count()).toBe(7);
		await expect.poll(async () => (await tiles.first().locator('.value').textContent())?.trim(), { timeout: 10_000 }).toMatch(/^[\d.,]+[kKM]? req\/s$/);
		expect(await tiles.first().locator('.badge').textContent()).toMatch(/OK|Warning|Critical/);
		await browser.screenshot(page, 'overview');
	}, 60_000);

	it('advances the live tail without re-creating the chart', async () => {
		await page.evaluate(() => ((window as unknown as { firstCanvas: Element }).firstCanvas = document.querySelector('figure.chart canvas')!));
		const before = await fingerprint(0);
		await expect.poll(() => fingerprint(0), { timeout: 10_000, interval: 500 }).not.toBe(before);
		expect(await page.evaluate(() => document.querySelector('figure.chart canvas') === (window as unknown as { firstCanvas: Element }).firstCanvas)).toBe(true);
	}, 30_000);

	it('zooms by dragging across a chart, pauses the tail, and resets to live', async () => {
		const over = page.locator('figure.chart .u-over').first();
		const box = (await over.boundingBox())!;
		const y = box.y + box.height / 2;
		await page.mouse.move(box.x + box.width * 0.3, y);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
		await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
		await page.mouse.up();
		await expect.poll(() => new URL(page.url()).searchParams.has('from'), { timeout: 5_000 }).toBe(true);
		const from = Number(new URL(page.url()).searchParams.get('from'));
		const to = Number(new URL(page.url()).searchParams.get('to'));
		// 30% .. 60% of a 15-minute window is about 4.5 minutes
		expect(to - from).toBeGreaterThan(3 * 60_000);
		expect(to - from).toBeLessThan(6 * 60_000);
		await page.getByRole('status').filter({ hasText: 'Paused' }).waitFor();
		await browser.screenshot(page, 'overview-zoomed');

		await page.getByRole('button', { name: /Reset zoom/ }).click();
		await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('15m');
		await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
	}, 30_000);

	it('switches to 1 h and shows history from before the live window', async () => {
		const history = page.waitForResponse((r) => r.url().includes('/api/v1/series') && r.url().includes('field=rps'));
		await page.getByRole('button', { name: '1h', exact: true }).click();
		const body = await (await history).json();
		expect(new URL(page.url()).searchParams.get('range')).toBe('1h');
		// The simulator sent 15 minutes of history before going live: it comes back from InfluxDB.
		const withData = body.times.filter((_: number, i: number) => body.series.some((s: { values: (number | null)[] }) => s.values[i] !== null));
		expect(withData.length).toBeGreaterThan(100);
		expect(Date.now() - withData[0]).toBeGreaterThan(10 * 60_000);
		await expect.poll(() => inkOf(0), { timeout: 5_000 }).toBeGreaterThan(2_000);
		await browser.screenshot(page, 'overview-1h');
	}, 30_000);
});
