import type { Page } from 'playwright-core';
import { hashToken } from '../../src/lib/server/auth/index.ts';

/**
 * What the wall tests share: a config with a viewer token and short playlists, a sender that
 * behaves like Telegraf (every second, buffering and resending while the monitor is down), and a
 * layout check from element boxes.
 */

export const WALL_TOKEN = 'bom_wall-e2e-viewer-token-0123456789abcdef';

export function wallConfig(extra = ''): string {
	return `
title: Wall test system
orgs:
  - { id: agency, name: Public agency, kind: public }
  - { id: cloud-a, name: Cloud A }
pipeline:
  stages:
    - { id: landing, name: Landing }
    - { id: identity, name: Identity verification }
components:
  - { id: cdn, name: CDN, org: agency, stage: landing, capacity: { rps: 5000 } }
  - { id: idp-a, name: Identity A, org: cloud-a, stage: identity, capacity: { rps: 2000 } }
  - { id: idp-b, name: Identity B, org: cloud-a, stage: identity, capacity: { rps: 2000 } }
writer:
  flush_interval: 50ms
auth:
  anonymous_role: none
  tokens:
    - { name: ops-wall, role: viewer, hash: "${hashToken(WALL_TOKEN)}" }
wall:
  playlists:
    - id: quick
      title: Quick rotation
      boards: [{ board: overview, seconds: 4 }, { board: pipeline, seconds: 4 }, { board: stage-identity, seconds: 4 }]
    - { id: steady, boards: [{ board: overview, seconds: 3600 }] }
    - { id: identity, boards: [{ board: stage-identity, seconds: 3600 }] }
    - { id: flow, boards: [{ board: pipeline, seconds: 3600 }] }
${extra}`;
}

export interface Sender {
	/** Seconds waiting to be accepted (the monitor was down). */
	readonly queued: number;
	stop(): Promise<void>;
}

/**
 * Sends every second of three components, like Telegraf: a second that was not accepted stays
 * queued and goes again with the next send, with its own timestamp. Starts with `historyS` of
 * history so the charts have a shape.
 */
export function startSender(url: () => string, token: string, historyS = 120): Sender {
	const queue: string[][] = [];
	let next = Math.floor(Date.now() / 1000) - historyS;
	let sending: Promise<void> = Promise.resolve();
	let stopped = false;
	const linesFor = (s: number) => {
		const wave = Math.sin(s / 20);
		return [
			`traffic,component=cdn,instance=cdn-1 rps=${Math.round(3000 + 800 * wave)},requests=${Math.round(3000 + 800 * wave)},p95_ms=${80 + 10 * wave} ${s}`,
			`traffic,component=idp-a,instance=idp-a-1 rps=${Math.round(1200 + 300 * wave)},requests=${Math.round(1200 + 300 * wave)},p95_ms=${400 + 150 * wave} ${s}`,
			`traffic,component=idp-b,instance=idp-b-1 rps=${Math.round(900 - 200 * wave)},requests=${Math.round(900 - 200 * wave)},p95_ms=${350 - 100 * wave} ${s}`,
			`errors,component=idp-a,instance=idp-a-1,code=500 count=${Math.round(3 + 2 * wave)} ${s}`
		];
	};
	const send = async () => {
		const now = Math.floor(Date.now() / 1000);
		for (; next <= now; next++) queue.push(linesFor(next));
		while (queue.length > 0 && !stopped) {
			const batch = queue.slice(0, 300);
			try {
				const res = await fetch(`${url()}/api/v1/write?precision=s`, {
					method: 'POST',
					headers: { authorization: `Token ${token}` },
					body: batch.flat().join('\n'),
					signal: AbortSignal.timeout(2_000)
				});
				if (res.status !== 204) throw new Error(`write answered ${res.status}`);
				queue.splice(0, batch.length);
			} catch {
				return; // down: keep the queue for the next second
			}
		}
	};
	const timer = setInterval(() => {
		sending = sending.then(send);
	}, 1_000);
	sending = sending.then(send);
	return {
		get queued() {
			return queue.length;
		},
		async stop() {
			clearInterval(timer);
			stopped = true;
			await sending;
		}
	};
}

/** Signs a fresh page in through the URL, as a person setting up a wall would. */
export async function signIn(page: Page, base: string, path: string): Promise<void> {
	await page.goto(`${base}${path}?token=${WALL_TOKEN}`);
	await page.locator('.wall-screen[data-connected="true"]').waitFor({ timeout: 15_000 });
}

/** Waits until a chart has drawn data and the charts stopped changing size (the fit settled). */
export async function settled(page: Page): Promise<void> {
	await page.waitForFunction(() => document.querySelectorAll('figure.chart[data-first]').length > 0 || document.querySelector('.wall-pipeline'), null, { timeout: 20_000 });
	let last = '';
	for (let i = 0; i < 40; i++) {
		const sizes = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((c) => Math.round(c.getBoundingClientRect().height)).join(','));
		if (sizes === last) return;
		last = sizes;
		await page.waitForTimeout(400);
	}
}

/**
 * Layout problems a person would see, from element boxes: horizontal scrolling, anything that
 * sticks out of the screen, overlapping neighbours, and text cut off in the strip.
 */
export function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const vw = document.documentElement.clientWidth;
		const vh = document.documentElement.clientHeight;
		const scroller = document.scrollingElement!;
		if (scroller.scrollWidth > vw + 1) problems.push(`horizontal scroll: ${scroller.scrollWidth} > ${vw}`);
		const name = (e: Element) => `${e.tagName.toLowerCase()}.${[...e.classList].filter((c) => !c.startsWith('svelte-')).join('.')}${e.getAttribute('data-item') ? `[${e.getAttribute('data-item')}]` : ''}`;
		const visible = (sel: string) =>
			[...document.querySelectorAll(sel)].filter((e) => {
				const r = e.getBoundingClientRect();
				return r.width > 0 && r.height > 0;
			});
		const inside = [
			'.strip .item',
			'.view-head h1',
			'.view-head .dots',
			'.panel',
			'figure.chart',
			'article.tile',
			'.verdict',
			'.flow svg',
			'.stages li',
			'.alerts',
			'.stale-banner'
		];
		for (const e of visible(inside.join(','))) {
			const r = e.getBoundingClientRect();
			if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
				problems.push(`${name(e)} outside the screen: [${Math.round(r.left)}, ${Math.round(r.top)}, ${Math.round(r.right)}, ${Math.round(r.bottom)}] in ${vw}x${vh}`);
		}
		const overlaps = (group: Element[], label: string) => {
			for (let i = 0; i < group.length; i++)
				for (let j = i + 1; j < group.length; j++) {
					const a = group[i].getBoundingClientRect();
					const b = group[j].getBoundingClientRect();
					const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
					const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
					if (w > 1 && h > 1) problems.push(`${label}: ${name(group[i])} overlaps ${name(group[j])} by ${Math.round(w)}x${Math.round(h)}`);
				}
		};
		overlaps(visible('.strip .item'), 'strip');
		overlaps(visible('.strip, .view-head, .view'), 'regions');
		overlaps(visible('.view-head > *'), 'heading');
		overlaps(visible('.panel'), 'panels');
		overlaps(visible('.wall-pipeline > *'), 'pipeline');
		for (const e of visible('.strip .item > span, .view-head h1')) {
			const el = e as HTMLElement;
			if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(e)} text cut off: "${el.textContent?.trim()}"`);
		}
		return problems;
	});
}
