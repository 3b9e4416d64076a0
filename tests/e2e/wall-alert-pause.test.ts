import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { layoutProblems, signIn, startSender, wallConfig, type Sender } from './wall-support.ts';

/**
 * A wall holds the pipeline and shows the alert while a critical alert fires. The rule fires as
 * soon as any traffic arrives, so it fires for the whole test. Needs the alert engine wired to
 * the socket's `alerts` event (src/lib/server/live/socket-server.ts sendAlerts).
 */
const config = wallConfig(`
alerts:
  rules:
    - id: traffic-flowing
      type: threshold
      measurement: traffic
      field: rps
      above: 0
      for: 0s
      severity: critical
      summary: "Traffic is flowing (test rule)"
`);

let app: RunningApp;
let browser: RunningBrowser;
let sender: Sender;
let page: Page;

beforeAll(async () => {
	app = await startApp({ config });
	sender = startSender(() => app.url, app.adminToken, 30);
	browser = await startBrowser();
	page = await browser.newPage({ width: 1920, height: 1080 });
}, 60_000);

afterAll(async () => {
	await sender?.stop();
	await browser?.close();
	await app?.close();
});

const attr = (name: string) => page.locator('.wall-screen').getAttribute(name);

describe('a critical alert on a wall', () => {
	it('pauses the rotation on the pipeline and shows the alert', async () => {
		await signIn(page, app.url, '/wall/quick');
		await expect.poll(() => attr('data-held'), { timeout: 30_000, interval: 250 }).toBe('critical');
		expect(await attr('data-view')).toBe('pipeline');
		const alerts = page.locator('.wall-pipeline .alerts.paused');
		await alerts.waitFor();
		expect(await alerts.textContent()).toMatch(/Rotation paused.*CRITICAL.*Traffic is flowing/s);
		expect(Number(await page.locator('.strip [data-item="alerts"]').getAttribute('data-firing'))).toBeGreaterThan(0);
		// Held through more than two of the playlist's 4 s intervals.
		for (let i = 0; i < 10; i++) {
			await page.waitForTimeout(1_000);
			expect(await attr('data-view')).toBe('pipeline');
		}
		expect(await layoutProblems(page)).toEqual([]);
		await browser.screenshot(page, 'wall-critical-pause');
	}, 60_000);
});
