import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { layoutProblems, settled, signIn, startSender, wallConfig, WALL_TOKEN, type Sender } from './wall-support.ts';

/**
 * Wall mode in headless Chromium against the real app: signing in through the URL once, the
 * rotation, the layout at 1080p and 4K, reloading after a deploy, and the STALE banner when the
 * server goes away, cleared with the gap filled when it is back on the same port.
 */
const config = wallConfig();
const dataDir = mkdtempSync(join(tmpdir(), 'bom-e2e-wall-'));
let app: RunningApp;
let browser: RunningBrowser;
let sender: Sender;
let page: Page;

beforeAll(async () => {
	app = await startApp({ config, dataDir });
	sender = startSender(() => app.url, app.adminToken);
	browser = await startBrowser();
}, 60_000);

afterAll(async () => {
	await sender?.stop();
	await browser?.close();
	await app?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

const attr = (p: Page, name: string) => p.locator('.wall-screen').getAttribute(name);

describe('signing a wall in', () => {
	it('turns the token in the URL into an HttpOnly cookie and takes the token out of the address bar', async () => {
		page = await browser.newPage({ width: 1920, height: 1080 });
		await signIn(page, app.url, '/wall/steady');
		const url = new URL(page.url());
		expect(url.pathname).toBe('/wall/steady');
		expect(url.searchParams.has('token')).toBe(false);
		const session = (await page.context().cookies()).find((c) => c.name === 'bom_session')!;
		expect(session).toBeDefined();
		expect(session.httpOnly).toBe(true);
		expect(session.sameSite).toBe('Lax');
		expect(session.value).not.toContain(WALL_TOKEN);
		expect(session.expires * 1000 - Date.now()).toBeGreaterThan(300 * 86_400_000);
		expect(await page.evaluate(() => document.cookie)).not.toContain('bom_session');
		// Live over the socket with anonymous viewing off: the handshake was let in by the cookie.
		await expect.poll(() => attr(page, 'data-connected'), { timeout: 10_000 }).toBe('true');
		await page.locator('.stale-banner').waitFor({ state: 'detached' });
	}, 40_000);

	it('lets later loads, API reads and other playlists in with the cookie alone', async () => {
		const later = await page.context().newPage();
		const res = await later.goto(`${app.url}/wall/flow`);
		expect(res?.status()).toBe(200);
		await expect.poll(() => attr(later, 'data-connected'), { timeout: 10_000 }).toBe('true');
		expect((await later.request.get(`${app.url}/api/v1/pipeline`)).status()).toBe(200);
		await later.close();
	}, 30_000);

	it('keeps out a screen without the cookie, or with a wrong token', async () => {
		const stranger = await browser.newPage({ width: 800, height: 600 });
		expect((await stranger.goto(`${app.url}/wall`))?.status()).toBe(401);
		expect((await stranger.request.get(`${app.url}/api/v1/pipeline`)).status()).toBe(401);
		expect((await stranger.goto(`${app.url}/wall?token=bom_wrong`))?.status()).toBe(401);
		expect((await stranger.context().cookies()).some((c) => c.name === 'bom_session')).toBe(false);
	}, 30_000);
});

describe('rotation', () => {
	it('moves to the next view after its seconds, round the playlist', async () => {
		const p = await page.context().newPage();
		await p.goto(`${app.url}/wall/quick`);
		await expect.poll(() => attr(p, 'data-view'), { timeout: 10_000 }).toBe('overview');
		const shown = Date.now();
		await expect.poll(() => attr(p, 'data-view'), { timeout: 8_000, interval: 100 }).toBe('pipeline');
		const first = Date.now() - shown;
		expect(first).toBeGreaterThan(2_500);
		expect(first).toBeLessThan(5_500);
		expect(await p.locator('.view-head h1').textContent()).toBe('Booking flow');
		await expect.poll(() => attr(p, 'data-view'), { timeout: 8_000, interval: 100 }).toBe('stage-identity');
		expect(await p.locator('.view-head h1').textContent()).toBe('Identity verification');
		await p.locator('figure.chart').first().waitFor();
		await browser.screenshot(p, 'wall-rotation-stage');
		await expect.poll(() => attr(p, 'data-view'), { timeout: 8_000, interval: 100 }).toBe('overview');
		// The board before was torn down, not kept behind the new one.
		expect(await p.locator('section.board').count()).toBe(1);
		await p.close();
	}, 40_000);
});

describe('layout', () => {
	// A 4K screen at 200 % (the usual setting: laid out as 1080p, drawn at twice the pixels), a
	// 3840x2160 viewport at scale 2 as the issue lists it, and 4K at 100 %.
	const screens = [
		{ name: '1080p', width: 1920, height: 1080, deviceScaleFactor: 1 },
		{ name: '4k', width: 1920, height: 1080, deviceScaleFactor: 2 },
		{ name: '3840x2160-scale2', width: 3840, height: 2160, deviceScaleFactor: 2 },
		{ name: '4k-scale1', width: 3840, height: 2160, deviceScaleFactor: 1 }
	];
	for (const screen of screens) {
		it(`fills a ${screen.name} screen without overlaps, cut-off text or scrolling`, async () => {
			const p = await browser.newPage({ ...screen, colorScheme: 'light' });
			for (const [path, view] of [
				['/wall/steady', 'overview'],
				['/wall/identity', 'stage-identity'],
				['/wall/flow', 'pipeline']
			]) {
				if (path === '/wall/steady') await signIn(p, app.url, path);
				else await p.goto(`${app.url}${path}`);
				await expect.poll(() => attr(p, 'data-view')).toBe(view);
				await settled(p);
				expect(await layoutProblems(p), `${path} at ${screen.name}`).toEqual([]);
				// Dark whatever the system asks for (this context asks for light).
				expect(await p.evaluate(() => getComputedStyle(document.querySelector('.wall-root')!).backgroundColor)).toBe('rgb(0, 0, 0)');
				// Type sized to read from across the room: the strip's clock at least 4 % of the screen height.
				const clock = await p.locator('.strip .clock .time').boundingBox();
				expect(clock!.height / (await p.evaluate(() => innerHeight))).toBeGreaterThan(0.04);
				await browser.screenshot(p, `wall-${view}-${screen.name}`);
			}
			// No navigation bar or other laptop chrome on a wall.
			expect(await p.locator('nav').filter({ visible: true }).count()).toBe(0);
		}, 60_000);
	}
});

describe('deploys', () => {
	it('reloads itself when the server runs another build', async () => {
		const p = await page.context().newPage();
		await p.goto(`${app.url}/wall/steady`);
		await expect.poll(() => attr(p, 'data-connected')).toBe('true');
		await p.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
		await p.route('**/api/v1/version', (r) => r.fulfill({ json: { version: 'a-newer-build' } }));
		const reloaded = p.waitForEvent('load', { timeout: 10_000 });
		// The wall checks on reconnect, every minute, and when the network comes back: the quickest to trigger.
		await p.evaluate(() => window.dispatchEvent(new Event('online')));
		await reloaded;
		await p.unroute('**/api/v1/version');
		expect(await p.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
		await p.close();
	}, 30_000);
});

describe('when the network is cut', () => {
	it('shows STALE within 3 s, then clears it and fills the gap when the network is back', async () => {
		const p = await page.context().newPage();
		await p.goto(`${app.url}/wall/steady`);
		await expect.poll(() => attr(p, 'data-connected'), { timeout: 10_000 }).toBe('true');
		await settled(p);
		await expect.poll(() => attr(p, 'data-missing-s'), { timeout: 10_000 }).toBe('0');
		await p.context().setOffline(true);
		const cut = Date.now();
		await p.locator('.stale-banner').waitFor({ timeout: 3_000 });
		expect(Date.now() - cut).toBeLessThan(3_000);
		await p.waitForTimeout(3_000);
		await browser.screenshot(p, 'wall-network-cut');
		await p.context().setOffline(false);
		await p.locator('.stale-banner').waitFor({ state: 'detached', timeout: 20_000 });
		await expect.poll(() => attr(p, 'data-missing-s'), { timeout: 15_000 }).toBe('0');
		await p.close();
	}, 60_000);
});

describe('when the server goes away', () => {
	it('shows STALE with the data age within 3 s of the server stopping, and greys the charts', async () => {
		await page.goto(`${app.url}/wall/steady`);
		await expect.poll(() => attr(page, 'data-connected'), { timeout: 10_000 }).toBe('true');
		await settled(page);
		// Every second of the last minutes is on the charts before the outage.
		await expect.poll(() => attr(page, 'data-missing-s'), { timeout: 10_000 }).toBe('0');

		await app.stop();
		const stopped = Date.now();
		const banner = page.locator('.stale-banner');
		await banner.waitFor({ timeout: 3_000 });
		const shownAfter = Date.now() - stopped;
		expect(shownAfter).toBeLessThan(3_000);
		expect(await banner.textContent()).toMatch(/STALE\s*Data \d+ s old/);
		expect(await attr(page, 'data-held')).toBe('stale');
		const charts = await page.locator('figure.chart').count();
		expect(charts).toBeGreaterThan(0);
		await expect.poll(() => page.locator('figure.chart.stale').count(), { timeout: 3_000 }).toBe(charts);
		// The age counts up while the outage lasts.
		const age = async () => Number(/Data (\d+) s old/.exec((await banner.textContent()) ?? '')?.[1]);
		const before = await age();
		await page.waitForTimeout(2_500);
		expect(await age()).toBeGreaterThan(before);
		await browser.screenshot(page, 'wall-stale');
	}, 60_000);

	it('clears the banner after a restart on the same port and fills the charts gap', async () => {
		await new Promise((r) => setTimeout(r, 2_000)); // an outage of several seconds
		expect(sender.queued).toBeGreaterThan(3);
		app = await startApp({ config, dataDir, port: app.port, database: app.database, adminToken: app.adminToken });
		const back = Date.now();
		await page.locator('.stale-banner').waitFor({ state: 'detached', timeout: 20_000 });
		console.log(`wall: banner cleared ${Date.now() - back} ms after the restart`);
		expect(await attr(page, 'data-connected')).toBe('true');
		await expect.poll(() => page.locator('figure.chart.stale').count(), { timeout: 5_000 }).toBe(0);
		// The sender's queued seconds reached the hub and the wall: no second of the outage is missing.
		await expect.poll(() => sender.queued, { timeout: 10_000 }).toBeLessThanOrEqual(1);
		await expect.poll(() => attr(page, 'data-missing-s'), { timeout: 15_000 }).toBe('0');
		await browser.screenshot(page, 'wall-after-restart');
	}, 60_000);
});
