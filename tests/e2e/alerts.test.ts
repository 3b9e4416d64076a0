import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { sampleConfigText } from '../helpers/sample-config.ts';

/**
 * /alerts in headless Chromium with the bundled sample and its simulator: a rule that fires as
 * soon as the landing page has traffic shows in the banner on every page; an operator
 * acknowledges it from the keyboard and silences it from its row with the prefilled matchers;
 * the history, the channels' test button and the dead letters show what a person needs.
 */
const ALERT = 'landing-busy|cdn';
const ADMIN = 'admin (MONITOR_ADMIN_TOKEN)';

let app: RunningApp;
let browser: RunningBrowser;
let ok: Receiver;
let broken: Receiver;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'bom-e2e-alerts-'));

beforeAll(async () => {
	ok = await startReceiver();
	broken = await startReceiver(() => ({ status: 500, body: '{"error":"receiver is down for the test"}' }));
	const sample = sampleConfigText(['alerts', 'channels']);
	writeFileSync(
		join(dir, 'monitor.yaml'),
		`${sample}
alerts:
  default_channels: [ops-room, broken-room]
  rules:
    - { id: landing-busy, type: threshold, measurement: traffic, field: rps, above: 1, for: 0s, severity: critical, components: [cdn], summary: "Landing page busy: {{value}} above {{threshold}}" }
    - { id: db-latency, type: threshold, measurement: traffic, field: p95_ms, above: 0.5, for: 0s, severity: warning, components: [reservation-db], by: instance }
    - { id: idp-slow, type: threshold, measurement: traffic, field: p95_ms, above: 1, for: 30m, severity: warning, components: [idp-naver] }
channels:
  - { id: ops-room, type: webhook, url: "${ok.url}/hook" }
  - { id: broken-room, type: webhook, url: "${broken.url}/hook", max_attempts: 1 }
`
	);
	app = await startApp({ configFile: join(dir, 'monitor.yaml'), simulate: true });
	browser = await startBrowser();
	page = await browser.newPage({ width: 1440, height: 900 });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await app?.close();
	await ok?.close();
	await broken?.close();
	rmSync(dir, { recursive: true, force: true });
});

const row = (id: string): Locator => page.locator(`table.alerts tr[data-alert-id="${id}"]`);

describe('alerts in Chromium', () => {
	it('shows the banner on the overview while an alert fires, linking to it', async () => {
		await page.goto(`${app.url}/`);
		const banner = page.locator('.alert-banner');
		await banner.waitFor({ timeout: 30_000 });
		await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toMatch(/\d+ alerts? firing.*Critical.*Landing page busy/s);
		expect(await banner.locator('a').first().getAttribute('href')).toBe(`/alerts?alert=${encodeURIComponent(ALERT)}`);
		// The firing alert is also marked on the charts that show its component.
		await expect
			.poll(() => page.locator('figure.chart').evaluateAll((fs) => Math.max(0, ...fs.map((f) => Number(f.getAttribute('data-alert-markers'))))), { timeout: 10_000 })
			.toBeGreaterThan(0);
		await browser.screenshot(page, 'alerts-banner-overview');
	}, 60_000);

	it('lists firing and pending alerts with severity and status in words', async () => {
		await page.goto(`${app.url}/alerts?token=${app.adminToken}`);
		await row(ALERT).waitFor({ timeout: 20_000 });
		const text = await row(ALERT).textContent();
		expect(text).toMatch(/Critical/);
		expect(text).toMatch(/Firing/);
		expect(text).toMatch(/for \d+s/);
		expect(text).toMatch(/Landing page busy/);
		expect(text).toMatch(/cdn/);
		// The pending one is listed with its word too.
		await expect.poll(() => row('idp-slow|idp-naver').textContent(), { timeout: 10_000 }).toMatch(/Pending/);
		await page.locator('p.summary').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
		await browser.screenshot(page, 'alerts-firing');
	}, 40_000);

	it('acknowledges from the keyboard and shows who did', async () => {
		const ack = row(ALERT).getByRole('button', { name: /^Acknowledge/ });
		await ack.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => row(ALERT).locator('.ack').textContent(), { timeout: 5_000 }).toMatch(new RegExp(`Acknowledged by ${escape(ADMIN)}\\s+at \\d\\d:\\d\\d:\\d\\d`));
		await row(ALERT).getByRole('button', { name: /^Unacknowledge/ }).waitFor();
		// The server agrees.
		const res = await fetch(`${app.url}/api/v1/alerts`);
		const alert = (await res.json()).alerts.find((a: { id: string }) => a.id === ALERT);
		expect(alert.ack.by).toBe(ADMIN);
	});

	it('silences from the alert with its matchers prefilled', async () => {
		await row(ALERT).getByRole('button', { name: /^Silence…/ }).click();
		const dialog = page.getByRole('dialog', { name: 'Silence this alert' });
		await dialog.waitFor();
		expect(await dialog.getByLabel('Matchers').inputValue()).toBe('alertname="landing-busy"\ncomponent="cdn"');
		expect(await dialog.getByLabel('Duration').inputValue()).toBe('3600000');
		expect(await dialog.locator('select option:checked').textContent()).toBe('1 hour');
		expect(await dialog.getByLabel('Author').inputValue()).toBe(ADMIN);
		// The comment is required: the browser keeps the dialog open without one.
		await dialog.getByRole('button', { name: 'Create silence' }).click();
		expect(await dialog.isVisible()).toBe(true);
		await dialog.getByLabel(/^Comment/).fill('CDN load is expected during the drill');
		await browser.screenshot(page, 'alerts-silence-form');
		await dialog.getByRole('button', { name: 'Create silence' }).click();
		await dialog.waitFor({ state: 'hidden' });

		const silence = page.locator('table.silences tr.silence.active');
		await silence.first().waitFor({ timeout: 5_000 });
		const text = await silence.first().textContent();
		expect(text).toMatch(/Active/);
		expect(text).toContain('alertname="landing-busy"');
		expect(text).toContain('component="cdn"');
		expect(text).toContain(ADMIN);
		expect(text).toContain('CDN load is expected during the drill');
		await expect.poll(() => row(ALERT).textContent(), { timeout: 5_000 }).toMatch(/Silenced/);
		await browser.screenshot(page, 'alerts-silenced');
	}, 30_000);

	it('shows the stored history, a test message result and the dead letters', async () => {
		const history = page.locator('table.history');
		await expect.poll(() => history.locator(`tr[data-alert-id="${ALERT}"][data-to="firing"]`).count(), { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
		expect(await history.locator(`tr[data-alert-id="${ALERT}"][data-to="firing"]`).first().textContent()).toMatch(/Inactive\s*→\s*● Firing|Pending\s*→\s*● Firing/);
		// Filter by rule: only its changes remain.
		await page.locator('form.filters').getByLabel('Rule').selectOption('db-latency');
		await page.getByRole('button', { name: 'Show' }).click();
		await expect.poll(async () => new Set(await history.locator('tbody tr[data-alert-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert-id')?.split('|')[0]))), { timeout: 10_000 }).toEqual(new Set(['db-latency']));

		const okRow = page.locator('table.channels tr[data-channel-id="ops-room"]');
		await okRow.getByRole('button', { name: /Send test/ }).click();
		await expect.poll(() => okRow.locator('.result').textContent(), { timeout: 10_000 }).toMatch(/Sent \(HTTP 200\)/);
		const brokenRow = page.locator('table.channels tr[data-channel-id="broken-room"]');
		await brokenRow.getByRole('button', { name: /Send test/ }).click();
		await expect.poll(() => brokenRow.locator('.result').textContent(), { timeout: 10_000 }).toMatch(/Failed \(HTTP 500\)/);

		// The alert messages to the broken room were given up after one try.
		await expect.poll(() => page.locator('table.dead-letters tr[data-dead-letter]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
		expect(await page.locator('table.dead-letters tr[data-dead-letter]').first().textContent()).toMatch(/broken-room.*HTTP 500/s);
		await browser.screenshot(page, 'alerts-history-delivery');
	}, 60_000);

	it('highlights the alert a chat message links to, and filters by labels', async () => {
		await page.goto(`${app.url}/alerts?alert=${encodeURIComponent(ALERT)}`);
		await expect.poll(() => row(ALERT).getAttribute('aria-current')).toBe('true');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-alert-id'))).toBe(ALERT);
		// A viewer (anonymous in the sample) sees no buttons, and is told why.
		expect(await row(ALERT).getByRole('button').count()).toBe(0);
		expect(await page.locator('p.note').first().textContent()).toMatch(/need an operator or admin token/);

		await page.goto(`${app.url}/alerts?filter=${encodeURIComponent('{component="reservation-db"}')}`);
		await page.locator('table.alerts tbody tr[data-alert-id]').first().waitFor();
		const ids = await page.locator('table.alerts tbody tr[data-alert-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert-id')));
		expect(ids.length).toBeGreaterThan(0);
		expect(ids.every((id) => id?.startsWith('db-latency|reservation-db|'))).toBe(true);
		expect(await page.getByLabel('Filter by labels').inputValue()).toBe('{component="reservation-db"}');
		await browser.screenshot(page, 'alerts-filtered');
	}, 30_000);

	it('reads in the dark theme on a narrower screen', async () => {
		const dark = await browser.newPage({ width: 1024, height: 800, colorScheme: 'dark' });
		await dark.goto(`${app.url}/alerts?token=${app.adminToken}`);
		await dark.locator(`table.alerts tr[data-alert-id="${ALERT}"]`).waitFor({ timeout: 10_000 });
		// Nothing wider than the window but the tables themselves.
		const overflow = await dark.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await browser.screenshot(dark, 'alerts-dark');
	}, 30_000);
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
