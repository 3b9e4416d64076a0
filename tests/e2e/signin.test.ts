import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../src/lib/server/auth/index.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { sampleConfigText } from '../helpers/sample-config.ts';

/**
 * A person on a laptop: the sample with live data but no anonymous access. The overview sends
 * them to /signin; a bad token is refused in words; their own token brings them back to the
 * overview, named in the top bar, with the session in an HttpOnly cookie the page's script cannot
 * read; "Sign out" ends it and sends them back to sign in, and the overview stays closed.
 */

const KIM = generateToken('kim');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core findings, one line each (the same rules as tests/e2e/accessibility.test.ts). */
async function axeFindings(page: Page): Promise<string[]> {
	// Through the DevTools protocol: the pages' CSP (rightly) refuses the inline <script> addScriptTag adds.
	await page.evaluate(AXE_SOURCE);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
		const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
		return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
}
let app: RunningApp;
let browser: RunningBrowser;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'bom-e2e-signin-'));
	const configFile = join(dir, 'monitor.yaml');
	writeFileSync(configFile, `${sampleConfigText(['auth'])}\nauth:\n  anonymous_role: none\n  tokens:\n    - { name: kim, role: operator, hash: "${hashToken(KIM)}" }\n`);
	app = await startApp({ configFile, simulate: true });
	browser = await startBrowser();
}, 90_000);

afterAll(async () => {
	await browser?.close();
	await app?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('signing in on a laptop', () => {
	it('goes from sign-in to the overview and back out', async () => {
		const page = await browser.newPage({ width: 1280, height: 800 });
		await page.goto(`${app.url}/`);
		expect(new URL(page.url()).pathname).toBe('/signin');
		expect(new URL(page.url()).searchParams.get('next')).toBe('/');
		await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);

		await page.getByLabel('Token').fill('bom_not-this-one');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('alert').filter({ hasText: 'That token is not valid here' }).waitFor({ timeout: 10_000 });
		await browser.screenshot(page, 'signin-refused');

		await page.getByLabel('Token').fill(KIM);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(`${app.url}/`, { timeout: 15_000 });
		await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
		await expect.poll(async () => page.locator('article.tile').count(), { timeout: 10_000 }).toBe(7);
		await expect.poll(() => page.locator('nav .user').textContent()).toContain('kim');
		// HttpOnly: the page's own script cannot read the session.
		expect(await page.evaluate(() => document.cookie)).not.toContain('bom_session');
		const cookie = (await page.context().cookies()).find((c) => c.name === 'bom_session')!;
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
		expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
		// No admin link for an operator.
		expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
		await browser.screenshot(page, 'signin-overview');

		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(/\/signin$/, { timeout: 10_000 });
		await page.getByRole('heading', { name: 'Sign in' }).waitFor();
		await browser.screenshot(page, 'signin-signed-out');
		expect((await page.context().cookies()).some((c) => c.name === 'bom_session')).toBe(false);
		await page.goto(`${app.url}/boards/overview`);
		expect(new URL(page.url()).pathname).toBe('/signin');
		expect(new URL(page.url()).searchParams.get('next')).toBe('/boards/overview');
	});

	it('speaks Korean', async () => {
		const page = await browser.newPage({ width: 1280, height: 800, locale: 'ko-KR' });
		await page.goto(`${app.url}/signin`);
		await page.getByRole('heading', { name: '로그인' }).waitFor();
		expect(await page.getByText('개인 토큰을 붙여 넣으십시오').count()).toBe(1);
		await browser.screenshot(page, 'signin-ko');
	});

	it('passes axe-core in light and dark', async () => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const page = await browser.newPage({ width: 1280, height: 800, colorScheme });
			await page.goto(`${app.url}/signin`);
			await page.getByLabel('Token').fill('bom_wrong');
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.getByRole('alert').waitFor();
			expect(await axeFindings(page), colorScheme).toEqual([]);
		}
	});

	it('shows an admin the audit log of what happened, linked from the top bar', async () => {
		const page = await browser.newPage({ width: 1280, height: 800 });
		await page.goto(`${app.url}/signin?next=/alerts`);
		await page.getByLabel('Token').fill(app.adminToken);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(`${app.url}/alerts`);
		await page.getByRole('link', { name: 'Audit' }).click();
		await page.waitForURL(`${app.url}/admin/audit`);
		const rows = page.locator('table.audit tbody tr');
		// The earlier tests' sign-ins, the refused one and the sign-out are there, newest first.
		await expect.poll(async () => (await rows.allTextContents()).join('\n')).toMatch(/signin[\s\S]*signout[\s\S]*signin[\s\S]*signin\.refused/);
		expect(await page.locator('table.tokens').textContent()).toContain('kim');
		await page.getByRole('button', { name: 'Reload config' }).click();
		await page.getByRole('status').filter({ hasText: 'Applied: auth.tokens' }).waitFor({ timeout: 10_000 });
		await browser.screenshot(page, 'admin-audit');
		expect(await axeFindings(page)).toEqual([]);
	});

	it('fits a phone', async () => {
		const page = await browser.newPage({ width: 390, height: 844 });
		await page.goto(`${app.url}/signin`);
		await page.getByLabel('Token').waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await browser.screenshot(page, 'signin-phone');
		// Signed in, the name and the sign-out button fit the phone's top bar too.
		await page.getByLabel('Token').fill(KIM);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(`${app.url}/`);
		await page.getByRole('button', { name: 'Sign out' }).waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const bar = await page.locator('nav').boundingBox();
		const out = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
		expect(out!.x + out!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
		await browser.screenshot(page, 'signin-phone-signed-in');
	});
});
