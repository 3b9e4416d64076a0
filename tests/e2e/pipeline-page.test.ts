import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG } from '../../src/lib/server/config/index.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';

/**
 * /pipeline in headless Chromium while the simulator plays "identity providers saturated" inside
 * a booking window that opened at the start of this minute: the page must mark identity
 * verification as the bottleneck with its reason, lead to the stage's board, and the header's
 * countdown must lead to the open window's report.
 */
let app: RunningApp;
let browser: RunningBrowser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'bom-e2e-pipeline-'));
const opened = Math.floor(Date.now() / 60_000) * 60_000;

beforeAll(async () => {
	// The scenario's fault from the opening on, so the jam is there as soon as the app is.
	const scenario = readFileSync('samples/vaccine-2021/scenarios/idp-saturated.yaml', 'utf8').replace(/at: 60s/g, 'at: 0s');
	writeFileSync(join(dir, 'idp-saturated.yaml'), scenario);
	const local = DateTime.fromMillis(opened, { zone: 'Asia/Seoul' }).toFormat("yyyy-MM-dd'T'HH:mm");
	const sample = readFileSync(SAMPLE_CONFIG, 'utf8').replace(/^windows:[\s\S]*$/m, '');
	writeFileSync(
		join(dir, 'monitor.yaml'),
		`${sample}
windows:
  - { id: e2e-opening, name: Test opening, cohort: birth date ending in 9, start: "${local}", duration: 30m }
simulator:
  scenario: idp-saturated.yaml
  window: e2e-opening
`
	);
	app = await startApp({ configFile: join(dir, 'monitor.yaml'), simulate: true });
	browser = await startBrowser();
	page = await browser.newPage({ width: 1440, height: 900 });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await app?.close();
});

describe('the pipeline page in Chromium', () => {
	it('marks the saturated identity stage as the bottleneck, with its reason in words', async () => {
		await page.goto(`${app.url}/pipeline`);
		const verdict = page.locator('section.verdict');
		await expect.poll(() => verdict.textContent(), { timeout: 40_000 }).toMatch(/Bottleneck: Identity verification/);
		expect(await verdict.locator('.reason').textContent()).toMatch(/^Identity verification: .*capacity/);
		// On the drawing: the stage box is marked by class (colour), icon and word.
		const box = page.locator('svg g.stage.bottleneck');
		await expect.poll(() => box.count(), { timeout: 5_000 }).toBe(1);
		expect(await box.textContent()).toMatch(/Identity verification/);
		expect(await box.textContent()).toMatch(/Bottleneck/);
		const others = await page.locator('svg g.stage:not(.bottleneck)').count();
		expect(others).toBe(4);
		await browser.screenshot(page, 'pipeline-bottleneck');
	}, 60_000);

	it('clicks through to the stage board, with its components charted', async () => {
		await page.locator('svg a', { has: page.locator('g.stage.bottleneck') }).click();
		await page.waitForURL(/\/boards\/stage-identity/);
		await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
		expect(await page.locator('figure.chart').count()).toBeGreaterThan(0);
		// The open window is shaded on its charts.
		await expect.poll(() => page.locator('figure.chart').first().getAttribute('data-bands'), { timeout: 10_000 }).toBe('1');
		await browser.screenshot(page, 'pipeline-stage-board');
	}, 40_000);

	it('opens the window report from the header countdown', async () => {
		const countdown = page.locator('a.countdown.open');
		await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).toMatch(/Test opening open · closes in \d\d:\d\d/);
		await countdown.click();
		await page.waitForURL(/\/windows\/e2e-opening/);
		await expect.poll(() => page.locator('h1').textContent()).toMatch(/Test opening · birth date ending in 9/);
		// The verdicts stored since the app started name identity verification in the timeline.
		await expect
			.poll(async () => {
				await page.reload();
				return page.locator('ol.spans').textContent();
			}, { timeout: 20_000, interval: 2_000 })
			.toMatch(/Identity verification from/);
		const identity = page.locator('tr[data-stage="identity"]');
		expect(await identity.locator('td').nth(1).textContent()).not.toBe('0');
		await page.locator('figure.chart canvas').first().waitFor();
		await browser.screenshot(page, 'window-report');
	}, 40_000);
});
