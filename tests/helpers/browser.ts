import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = 'tests/e2e/screenshots';

export interface RunningBrowser {
	browser: Browser;
	newPage(options?: { width?: number; height?: number; deviceScaleFactor?: number; locale?: string; colorScheme?: 'light' | 'dark' }): Promise<Page>;
	/** Saves a full-page PNG under tests/e2e/screenshots/ and returns its path. */
	screenshot(page: Page, name: string): Promise<string>;
	close(): Promise<void>;
}

/**
 * Debian's Chromium (never a downloaded browser), headless, in a fresh profile, with the
 * background networking that this machine's closed network refuses turned off.
 */
export async function startBrowser(): Promise<RunningBrowser> {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	const contexts: BrowserContext[] = [];
	mkdirSync(SCREENSHOTS, { recursive: true });
	return {
		browser,
		async newPage(o = {}) {
			const context = await browser.newContext({
				viewport: { width: o.width ?? 1440, height: o.height ?? 900 },
				deviceScaleFactor: o.deviceScaleFactor ?? 1,
				locale: o.locale ?? 'en-US',
				colorScheme: o.colorScheme ?? 'light'
			});
			contexts.push(context);
			return context.newPage();
		},
		async screenshot(page, name) {
			const path = join(SCREENSHOTS, `${name}.png`);
			await page.screenshot({ path, fullPage: true });
			return path;
		},
		async close() {
			for (const c of contexts) await c.close().catch(() => undefined);
			await browser.close(); // Playwright removes the fresh profile it made
		}
	};
}
