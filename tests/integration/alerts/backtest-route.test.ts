import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';

/**
 * POST /api/v1/alerts/backtest on the running app: a rule of the config, and a new one given in
 * the request, over a range of points sent minutes ago (so they are stored as rollups).
 */
let app: RunningApp;
const from = Math.floor((Date.now() - 240_000) / 1000) * 1000;

beforeAll(async () => {
	app = await startApp({
		config: `${SMALL_CONFIG}
alerts:
  rules:
    - { id: cdn-busy, type: threshold, measurement: traffic, field: rps, above: 1000, for: 0s, components: [cdn] }
`
	});
	// 120 s of cdn traffic: busy from +30 s to +59 s and from +90 s to +99 s.
	const lines: string[] = [];
	for (let s = 0; s < 120; s++) {
		const busy = (s >= 30 && s < 60) || (s >= 90 && s < 100);
		lines.push(`traffic,component=cdn,instance=cdn-1 rps=${busy ? 1500 : 200} ${from + s * 1000}`);
	}
	const res = await fetch(`${app.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
	expect(res.status).toBe(204);
}, 60_000);

afterAll(async () => {
	await app?.close();
});

const backtest = (body: unknown) =>
	fetch(`${app.url}/api/v1/alerts/backtest`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}`, 'content-type': 'application/json', origin: app.url }, body: JSON.stringify(body) });

describe('POST /api/v1/alerts/backtest', () => {
	it('answers when a configured rule would have fired and resolved', async () => {
		let intervals: { firingFrom: number; firingTo: number | null }[] = [];
		// The rollups of late points are stored within a few seconds.
		await expect
			.poll(async () => {
				const res = await backtest({ rule: 'cdn-busy', from, to: from + 120_000 });
				expect(res.status).toBe(200);
				intervals = (await res.json()).intervals;
				return intervals.length;
			}, { timeout: 20_000, interval: 1_000 })
			.toBe(2);
		expect(intervals.map((i) => [(i.firingFrom - from) / 1000, (i.firingTo! - from) / 1000])).toEqual([
			[30, 60],
			[90, 100]
		]);
	}, 30_000);

	it('tries a new rule given in the request (a stricter threshold fires less)', async () => {
		const res = await backtest({ rule: { id: 'try', type: 'threshold', measurement: 'traffic', field: 'rps', above: 100, components: ['cdn'] }, from, to: from + 120_000 });
		expect(res.status).toBe(200);
		const { intervals } = await res.json();
		expect(intervals).toHaveLength(1);
		expect(intervals[0].firingFrom).toBe(from);
	});

	it('refuses bad input with 400 and the reason', async () => {
		expect((await backtest({ rule: 'nope', from, to: from + 1000 })).status).toBe(400);
		expect((await backtest({ rule: 'cdn-busy', from: from + 1000, to: from })).status).toBe(400);
		const bad = await backtest({ rule: { id: 'x', type: 'threshold' }, from, to: from + 1000 });
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/measurement|field/);
	});
});
