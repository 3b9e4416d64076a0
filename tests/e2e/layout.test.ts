import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { writeLaptopConfig } from './laptop-support.ts';

/**
 * The laptop pages from a 4K wall-sized screen down to a phone in portrait, checked from element
 * boxes: no horizontal page scroll, nothing sticking out of the screen, and no two neighbours of
 * the same kind (nav items, toolbar controls, tiles, charts, stage boxes, ...) on top of each
 * other. Wide tables and the pipeline drawing may scroll inside their own box, never the page.
 */
const SCREENS = [
	{ name: '1920x1080', width: 1920, height: 1080, deviceScaleFactor: 1 },
	{ name: '3840x2160@2', width: 1920, height: 1080, deviceScaleFactor: 2 },
	{ name: '1280x800', width: 1280, height: 800, deviceScaleFactor: 1 },
	{ name: '390x844', width: 390, height: 844, deviceScaleFactor: 3 }
];
const PAGES = ['/', '/pipeline', '/alerts', '/boards', '/boards/stage-identity', '/windows'];

/** Groups of elements that sit side by side and must never cover each other. */
const GROUPS = [
	'.app > nav > :not(ul), .app > nav li',
	'.alert-banner > *',
	'.toolbar h1, .toolbar .live-state, .picker button',
	'article.tile',
	'figure.chart',
	'.panel',
	'svg g.stage',
	'.head > *',
	'.verdict, .flow, .stages',
	'.summary, h1',
	'.filters label, .filters button, form.filter > *'
];

let app: RunningApp;
let browser: RunningBrowser;
const { dir, configFile } = writeLaptopConfig();

beforeAll(async () => {
	app = await startApp({ configFile, simulate: true });
	browser = await startBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await app?.close();
	rmSync(dir, { recursive: true, force: true });
});

/** What a person would call broken, each as a sentence naming the elements. */
function layoutProblems(page: Page, groups: string[]): Promise<string[]> {
	return page.evaluate((groups) => {
		const problems: string[] = [];
		const root = document.documentElement;
		const name = (e: Element) => {
			const cls = [...e.classList].filter((c) => !c.startsWith('svelte-')).join('.');
			const text = (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
			return `${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${text}"`;
		};
		/** Inside a box that scrolls or clips sideways (a wide table's wrapper), an element may leave the screen. */
		const clipped = (e: Element) => {
			for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
			}
			return false;
		};
		if (root.scrollWidth > root.clientWidth) {
			// Name the outermost elements that stick out, so the message says what to fix.
			const all = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1);
			const unclipped = all.filter((e) => !clipped(e));
			const wide = unclipped.length ? unclipped : all;
			const outermost = wide.filter((e) => !wide.includes(e.parentElement!)).slice(0, 5);
			problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in a ${root.clientWidth} px window, because of ${outermost.map(name).join(', ')}`);
		}
		for (const group of groups) {
			const boxes = [...document.querySelectorAll(group)]
				.map((e) => ({ e, r: e.getBoundingClientRect() }))
				.filter(({ r }) => r.width > 0 && r.height > 0);
			for (const { e, r } of boxes) {
				if ((r.left < -1 || r.right > root.clientWidth + 1) && !clipped(e)) problems.push(`${name(e)} sticks out of the screen (${Math.round(r.left)}..${Math.round(r.right)})`);
			}
			for (let i = 0; i < boxes.length; i++) {
				for (let j = i + 1; j < boxes.length; j++) {
					const a = boxes[i];
					const b = boxes[j];
					if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
					const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
					const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
					// A pixel of shared border is not an overlap a person sees.
					if (w > 1 && h > 1) problems.push(`${name(a.e)} and ${name(b.e)} overlap by ${Math.round(w)}x${Math.round(h)} px`);
				}
			}
		}
		return problems;
	}, groups);
}

/** The report of the opening on now, or of the last one: a page of figures, tables and charts. */
async function reportPage(): Promise<string> {
	const windows = await (await fetch(`${app.url}/api/v1/windows?token=${app.adminToken}`)).json();
	const id = (windows.current ?? windows.previous)?.id;
	return id ? `/windows/${id}` : '/windows';
}

async function settle(page: Page, path: string): Promise<void> {
	if (path === '/' || path.startsWith('/boards/')) await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
	if (path === '/pipeline') await page.locator('svg g.stage').first().waitFor({ timeout: 20_000 });
	if (path === '/alerts') await page.locator('table.alerts tr[data-alert-id]').first().waitFor({ timeout: 20_000 });
	// Charts size themselves from a ResizeObserver after the first paint.
	await page.waitForTimeout(1_000);
}

describe('the laptop pages lay out on every screen', () => {
	for (const screen of SCREENS) {
		it(`at ${screen.name}`, async () => {
			const page = await browser.newPage(screen);
			const found: string[] = [];
			for (const path of [...PAGES, await reportPage()]) {
				await page.goto(`${app.url}${path}${path === '/alerts' ? `?token=${app.adminToken}` : ''}`);
				await settle(page, path);
				for (const p of await layoutProblems(page, GROUPS)) found.push(`${path}: ${p}`);
				await browser.screenshot(page, `layout-${screen.name}${path.replace(/\//g, '_')}`);
			}
			expect(found).toEqual([]);
		}, 120_000);
	}
});
