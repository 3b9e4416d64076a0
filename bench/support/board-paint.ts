import { chromium } from 'playwright-core';
import type { Config } from '../../src/lib/server/config/index.ts';
import { formatLine } from '../../src/lib/server/ingest/index.ts';
import { ROLLUP_1M, ROLLUP_1S } from '../../src/lib/server/live/rollup-names.ts';
import { FlowModel, type Scenario } from '../../src/lib/server/simulator/index.ts';

/**
 * Puts `hours` of 1 s and 1 min rollups straight into InfluxDB, as the monitor would have stored
 * them had it been running: a board opened on "1h" then has a full hour to draw.
 */
export async function seedRollupHistory(influxUrl: string, database: string, config: Config, scenario: Scenario, hours = 1): Promise<number> {
	const model = new FlowModel(config, scenario);
	const now = Math.floor(Date.now() / 1000);
	const start = now - hours * 3600;
	let lines: string[] = [];
	let total = 0;
	const minute: Map<string, { sum: Record<string, number>; n: number; component: string; source: string }> = new Map();
	const flush = async () => {
		if (lines.length === 0) return;
		const res = await fetch(`${influxUrl}/write?db=${database}&precision=s`, { method: 'POST', body: lines.join('\n') });
		if (res.status !== 204) throw new Error(`seeding history: InfluxDB answered ${res.status} ${await res.text()}`);
		total += lines.length;
		lines = [];
	};
	for (let s = start; s < now - 60; s++) {
		// Offset so the hour holds the opening surge and its aftermath.
		const tick = model.step((s - start - 600) * 1000);
		for (const f of tick.components) {
			const groups: [string, Record<string, number>][] = [
				['traffic', { rps: f.requests, requests: f.requests, active_users: f.active, p50_ms: f.latencyMs.p50, p95_ms: f.latencyMs.p95, p99_ms: f.latencyMs.p99 }],
				['errors', { count: f.errors['500'] + f.errors['503'], rate: f.errors['500'] + f.errors['503'] }]
			];
			if (f.queue) groups.push(['queue', { length: f.queue.length, enqueued: f.queue.enqueued, dequeued: f.queue.dequeued, wait_p95_s: f.queue.waitP95S }]);
			for (const [source, fields] of groups) {
				lines.push(line(ROLLUP_1S, f.component.id, source, fields, s));
				const key = `${f.component.id}\u0000${source}`;
				const m = minute.get(key) ?? { sum: {}, n: 0, component: f.component.id, source };
				for (const [k, v] of Object.entries(fields)) m.sum[k] = (m.sum[k] ?? 0) + v;
				m.n++;
				minute.set(key, m);
			}
		}
		if ((s + 1) % 60 === 0) {
			for (const m of minute.values()) {
				lines.push(line(ROLLUP_1M, m.component, m.source, Object.fromEntries(Object.entries(m.sum).map(([k, v]) => [k, v / m.n])), s - 59));
			}
			minute.clear();
		}
		if (lines.length >= 5000) await flush();
	}
	await flush();
	return total;
}

function line(measurement: string, component: string, source: string, fields: Record<string, number>, second: number): string {
	const types = Object.fromEntries(Object.keys(fields).map((f) => [f, 'float' as const]));
	return formatLine(measurement, { component, measurement: source }, fields, types, String(second));
}

/**
 * Milliseconds from navigation start until every chart of the page has drawn data and every tile
 * has a value: what a person waits for before the board is useful. Measured in the page
 * (performance.now() is relative to navigation start), in a fresh context each run.
 */
export async function measureBoardPaint(url: string, runs = 5): Promise<number[]> {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	const times: number[] = [];
	try {
		for (let i = 0; i < runs + 1; i++) {
			const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
			const page = await context.newPage();
			await page.goto(url, { waitUntil: 'commit' });
			const ms = await page.waitForFunction(
				() => {
					const charts = [...document.querySelectorAll<HTMLElement>('figure.chart')];
					const tiles = [...document.querySelectorAll<HTMLElement>('article.tile .value')];
					if (charts.length === 0) return false;
					if (tiles.some((t) => t.textContent?.trim() === '–')) return false;
					for (const chart of charts) {
						if (chart.querySelector('.no-data')) return false;
						const canvas = chart.querySelector('canvas');
						if (!canvas || canvas.width === 0) return false;
						// Drawn from the start of the hour, not just the live tail.
						const first = Number(chart.dataset.first);
						const from = Number(chart.dataset.from);
						if (!chart.dataset.first || first - from > 5 * 60_000) return false;
					}
					return performance.now();
				},
				undefined,
				{ polling: 20, timeout: 30_000 }
			);
			// The first run warms the server's caches and the browser's compile cache: not counted.
			if (i > 0) times.push(Math.round((await ms.jsonValue()) as number));
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return times;
}
