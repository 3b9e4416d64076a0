import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

	it('fits a phone', async () => {
		const page = await browser.newPage({ width: 390, height: 844 });
		await page.goto(`${app.url}/signin`);
		await page.getByLabel('Token').waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await browser.screenshot(page, 'signin-phone');
	});
});
