import { describe, expect, it, vi } from 'vitest';
import { formatClock, formatCountdown, zoneLabel } from '../../../../src/lib/wall/clock.ts';
import { firstHeld, missingSeconds } from '../../../../src/lib/wall/coverage.ts';
import { watchDeploys } from '../../../../src/lib/wall/deploy-watch.ts';
import { fitChartHeight } from '../../../../src/lib/wall/fit.ts';
import { sharedLegend } from '../../../../src/lib/wall/legend.ts';
import { colourFor } from '../../../../src/lib/charts/palette.ts';

describe('missingSeconds', () => {
	const times = [1000, 2000, 3000, 5000, 6000];
	const values = [
		[1, null, 3, 5, null],
		[null, null, 30, null, 60]
	];
	it('counts seconds absent from the table and seconds where every column is null', () => {
		// 2000: all null; 4000: absent.
		expect(missingSeconds(times, values, 1000, 6000)).toBe(2);
		expect(missingSeconds(times, values, 5000, 6000)).toBe(0);
	});
	it('counts seconds past the newest as missing (a reconnect that brought nothing)', () => {
		expect(missingSeconds(times, values, 5000, 9000)).toBe(3);
	});
	it('rounds a range that starts mid-second up to the next whole second', () => {
		expect(missingSeconds(times, values, 2500, 3000)).toBe(0);
	});
});

describe('fitChartHeight', () => {
	it('shares the spare room between the rows of charts', () => {
		expect(fitChartHeight({ current: 200, content: 700, available: 1000, chartRows: 2 })).toBe(350);
	});
	it('shrinks charts when the board overflows, within bounds', () => {
		expect(fitChartHeight({ current: 200, content: 1100, available: 1000, chartRows: 2 })).toBe(150);
		expect(fitChartHeight({ current: 200, content: 3000, available: 1000, chartRows: 2 })).toBe(120);
	});
	it('stays put for a few pixels, so the charts are not re-created forever', () => {
		expect(fitChartHeight({ current: 200, content: 998, available: 1000, chartRows: 1 })).toBe(200);
	});
	it('leaves a board without charts alone', () => {
		expect(fitChartHeight({ current: 200, content: 500, available: 1000, chartRows: 0 })).toBe(200);
	});
});

describe('clock', () => {
	const at = Date.UTC(2021, 7, 9, 11, 0, 5); // 20:00:05 in Seoul
	it('shows the time in the system zone and in UTC, 24-hour', () => {
		expect(formatClock(at, 'Asia/Seoul')).toBe('20:00:05');
		expect(formatClock(at, 'UTC')).toBe('11:00:05');
		expect(formatClock(at - 11 * 3_600_000 - 5_000, 'UTC')).toBe('00:00:00');
	});
	it('names Seoul KST and other zones by their short name', () => {
		expect(zoneLabel('Asia/Seoul')).toBe('KST');
		expect(zoneLabel('Europe/Berlin', at)).toMatch(/^(CEST|GMT\+2)$/);
	});
	it('counts down in minutes, hours, then days', () => {
		expect(formatCountdown(65_000)).toBe('01:05');
		expect(formatCountdown(3_725_000)).toBe('1:02:05');
		expect(formatCountdown(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
		expect(formatCountdown(3 * 86_400_000 + 4 * 3_600_000, 'ko')).toBe('3일 4시간');
		expect(formatCountdown(3_725_000, 'ko')).toBe('1:02:05');
		expect(formatCountdown(-5)).toBe('00:00');
	});
});

describe('watchDeploys', () => {
	const answer = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status }));

	it('reports a build other than the one loaded, once', async () => {
		const fetch = answer({ version: 'b2' });
		const seen: string[] = [];
		const w = watchDeploys('b1', (v) => seen.push(v), { fetch, intervalMs: 1e9 });
		await w.check();
		await w.check();
		w.close();
		expect(seen).toEqual(['b2']);
		expect(fetch).toHaveBeenCalledTimes(1);
	});

	it('stays quiet for the same build, an error answer, or a server that is down', async () => {
		const seen: string[] = [];
		for (const fetch of [answer({ version: 'b1' }), answer({ message: 'x' }, 503), vi.fn(async () => Promise.reject(new TypeError('fetch failed')))]) {
			const w = watchDeploys('b1', (v) => seen.push(v), { fetch: fetch as typeof globalThis.fetch, intervalMs: 1e9 });
			await w.check();
			w.close();
		}
		expect(seen).toEqual([]);
	});
});

describe('firstHeld', () => {
	it('skips the empty slots a history table starts with', () => {
		expect(firstHeld([1000, 2000, 3000], [[null, null, 3], [null, 2, null]])).toBe(2000);
		expect(firstHeld([1000], [[null]])).toBeNull();
	});
});

describe('sharedLegend', () => {
	const chart = (id: string, components: string[]) => ({ type: 'chart' as const, id, title: id, series: components.map((component) => ({ component, measurement: 'traffic', field: 'rps' })) });
	const names = { cdn: 'CDN', idp: 'Identity' };
	it('gives one legend when every chart colours the same names alike', () => {
		const board = { id: 'b', title: 'B', rows: [{ panels: [chart('a', ['cdn', 'idp']), chart('b', ['cdn', 'idp'])] }] };
		expect(sharedLegend(board, names)?.map((e) => e.name)).toEqual(['CDN', 'Identity']);
	});
	it('gives none for a board without charts', () => {
		expect(sharedLegend({ id: 'b', title: 'B', rows: [] }, names)).toBeNull();
	});
	it('gives none when a name would need two colours', () => {
		// Two names the palette hashes alike: together the second is moved on, alone it is not.
		const pool = Array.from({ length: 60 }, (_, i) => `component-${i}`);
		const first = pool.find((a) => pool.some((b) => b !== a && colourFor(b) === colourFor(a)))!;
		const second = pool.find((b) => b !== first && colourFor(b) === colourFor(first))!;
		const board = { id: 'b', title: 'B', rows: [{ panels: [chart('a', [first, second]), chart('b', [second])] }] };
		expect(sharedLegend(board, {})).toBeNull();
	});
});
