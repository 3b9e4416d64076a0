import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { startBrowser, type RunningBrowser } from '../helpers/browser.ts';
import { writeLaptopConfig } from './laptop-support.ts';

/**
 * axe-core, injected into each page of the sample with its simulator running (plus alert rules
 * that fire, so the banner and the alert rows are there), in light and dark:
 * no serious or critical WCAG 2.x A/AA violation. The alerts page is opened with the admin token
 * so its action buttons (acknowledge, silence, backtest) are there to be checked too.
 */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Run through the DevTools protocol: the pages' CSP (rightly) refuses an inline <script> such as addScriptTag adds. */
const AXE_SOURCE = readFileSync(AXE, 'utf8');

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

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

async function violationsOf(page: Page): Promise<Violation[]> {
	await page.evaluate(AXE_SOURCE);
	const found = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
		return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
	});
	return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation and element, so a failure says what to fix and where. */
function describeViolations(vs: Violation[]): string {
	return vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`).join('\n')}`).join('\n');
}

async function firstStageBoard(): Promise<string> {
	const res = await fetch(`${app.url}/api/v1/boards?token=${app.adminToken}`);
	const body = (await res.json()) as { boards?: { id: string }[] } | { id: string }[];
	const boards = Array.isArray(body) ? body : (body.boards ?? []);
	return boards.find((b) => b.id.startsWith('stage-'))?.id ?? 'stage-identity';
}

/** Waits for what each page draws once live, so axe sees the page a person sees. */
async function settle(page: Page, path: string): Promise<void> {
	if (path.startsWith('/wall')) await page.locator('.wall, main, body').first().waitFor();
	if (path === '/' || path.startsWith('/boards/')) await page.locator('figure.chart canvas').first().waitFor({ timeout: 20_000 });
	if (path.startsWith('/alerts')) await page.locator('table.alerts tr[data-alert-id]').first().waitFor({ timeout: 20_000 });
	if (path === '/pipeline') await page.locator('svg g.stage').first().waitFor({ timeout: 20_000 });
	await page.waitForTimeout(1_500);
}

interface View {
	name: string;
	path: string;
	/** What to open once the page is there (a dialog, a form). */
	then?: (page: Page) => Promise<void>;
}

async function views(): Promise<View[]> {
	const board = await firstStageBoard();
	const windows = await (await fetch(`${app.url}/api/v1/windows?token=${app.adminToken}`)).json();
	const report = (windows.current ?? windows.previous)?.id as string | undefined;
	const alerts = `/alerts?token=${app.adminToken}`;
	return [
		{ name: 'overview', path: '/' },
		{ name: 'pipeline', path: '/pipeline' },
		{ name: 'boards', path: '/boards' },
		{ name: `board ${board}`, path: `/boards/${board}` },
		{ name: 'custom range form', path: `/boards/${board}`, then: (p) => p.getByRole('button', { name: /^Custom/ }).click() },
		{ name: 'alerts', path: alerts },
		{ name: 'silence dialog', path: alerts, then: (p) => p.locator('table.alerts').getByRole('button', { name: /^Silence/ }).first().click() },
		{ name: 'windows', path: '/windows' },
		...(report ? [{ name: 'window report', path: `/windows/${report}` }] : []),
		{ name: 'shortcut help', path: '/', then: (p) => p.keyboard.press('?') },
		{ name: 'wall', path: `/wall?token=${app.adminToken}` }
	];
}

describe('axe-core finds no serious or critical violation', () => {
	for (const scheme of ['light', 'dark'] as const) {
		it(`on every page, ${scheme} theme`, async () => {
			const page = await browser.newPage({ width: 1440, height: 900, colorScheme: scheme });
			const report: string[] = [];
			for (const view of await views()) {
				await page.goto(`${app.url}${view.path}`);
				await settle(page, view.path);
				if (view.then) {
					await view.then(page);
					await page.waitForTimeout(300);
				}
				const vs = await violationsOf(page);
				if (vs.length) report.push(`${view.name} (${scheme}):\n${describeViolations(vs)}`);
				await browser.screenshot(page, `a11y-${scheme}-${view.name.replace(/\W+/g, '-')}`);
			}
			expect(report.join('\n\n'), 'axe violations').toBe('');
		}, 180_000);
	}
});

describe('focus is visible', () => {
	it('on every control Tab reaches on the overview and the alerts page', async () => {
		const page = await browser.newPage({ width: 1440, height: 900 });
		const unseen: string[] = [];
		for (const path of ['/', `/alerts?token=${app.adminToken}`]) {
			await page.goto(`${app.url}${path}`);
			await settle(page, path);
			for (let i = 0; i < 40; i++) {
				await page.keyboard.press('Tab');
				const focus = await page.evaluate(() => {
					const el = document.activeElement as HTMLElement | null;
					if (!el || el === document.body) return null;
					const cs = getComputedStyle(el);
					const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
					// SVG links mark focus on their box's stroke instead of an outline.
					const svgRing = el.closest('svg') !== null && getComputedStyle(el.querySelector('rect') ?? el).strokeWidth !== '2px';
					return { seen: ring || svgRing, what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"` };
				});
				if (focus && !focus.seen) unseen.push(`${path.split('?')[0]}: ${focus.what}`);
			}
		}
		expect(unseen).toEqual([]);
	}, 60_000);
});
