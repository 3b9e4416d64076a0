import { describe, expect, it } from 'vitest';
import { buildInfluxQL, planQuery, quoteIdent, quoteString, toColumns, ROLLUP_1S_MAX_RANGE_MS } from '../../../../src/lib/server/history/index.ts';

describe('InfluxQL quoting', () => {
	const cases: [string, string, string, string][] = [
		['plain', 'idp-naver', `'idp-naver'`, `"idp-naver"`],
		['a quote', `x' OR 1=1 --`, `'x\\' OR 1=1 --'`, `"x' OR 1=1 --"`],
		['a double quote and a trailing backslash', 'a"b\\', `'a"b\\\\'`, `"a\\"b\\\\"`],
		['a newline', 'a\nb', `'a\\nb'`, `"a\\nb"`]
	];
	it.each(cases)('quotes %s so it stays data', (_n, input, literal, ident) => {
		expect(quoteString(input)).toBe(literal);
		expect(quoteIdent(input)).toBe(ident);
	});
});

describe('planQuery', () => {
	const now = 1_732_500_000_000;
	const cases: [string, number, number, boolean, string, number][] = [
		['15 minutes of rollups at 1 s', 15 * 60_000, 1_500, false, 'rollup_1s', 1_000],
		['1 hour capped at 1,500 points', 3_600_000, 1_500, false, 'rollup_1s', 5_000],
		['6 hours still from 1 s rollups', ROLLUP_1S_MAX_RANGE_MS, 1_500, false, 'rollup_1s', 15_000],
		['7 days from the 1 min downsample', 7 * 86_400_000, 1_500, false, 'rollup_1m', 600_000],
		['one instance from raw points', 3_600_000, 1_500, true, 'raw', 5_000]
	];
	it.each(cases)('%s', (_n, range, maxPoints, instance, source, step) => {
		expect(planQuery(now - range, now, maxPoints, 0, instance)).toEqual({ source, stepMs: step });
	});
	it('never goes finer than 1 min on the downsample, even when asked', () => {
		expect(planQuery(now - 3_600_000, now, 10_000, 0, false, 'rollup_1m').stepMs).toBe(60_000);
	});
});

describe('buildInfluxQL', () => {
	it('reads rollups by source measurement and components, with integer times', () => {
		const q = buildInfluxQL({ measurement: 'traffic', field: 'rps', components: ['a', "b'"], fromMs: 1000.7, toMs: 5000.2, stepMs: 1000, source: 'rollup_1s' });
		expect(q).toBe(
			`SELECT mean("rps") FROM "rollup_1s" WHERE "measurement" = 'traffic' AND ("component" = 'a' OR "component" = 'b\\'') AND time >= 1000ms AND time < 5001ms GROUP BY time(1000ms), "component" fill(none)`
		);
	});
	it('reads one instance from the raw measurement', () => {
		const q = buildInfluxQL({ measurement: 'queue', field: 'length', components: ['wr'], instance: 'i-1', fromMs: 0, toMs: 60_000, stepMs: 5_000, source: 'raw' });
		expect(q).toContain(`FROM "queue" WHERE ("component" = 'wr') AND "instance" = 'i-1'`);
		expect(q).toContain('GROUP BY time(5000ms), "component", "instance"');
	});
});

describe('toColumns', () => {
	it('lays every component on one time axis with nulls for empty buckets', () => {
		const q = { measurement: 'traffic', field: 'rps', components: ['a', 'b', 'c'], fromMs: 10_500, toMs: 14_000, stepMs: 1_000, source: 'rollup_1s' as const };
		const out = toColumns(q, [
			{ tags: { component: 'a' }, columns: ['time', 'mean'], values: [[10_000, 1], [12_000, 3]] },
			{ tags: { component: 'b' }, columns: ['time', 'mean'], values: [[13_000, 9]] }
		]);
		expect(out.times).toEqual([10_000, 11_000, 12_000, 13_000]);
		expect(out.series.map((s) => s.values)).toEqual([
			[1, null, 3, null],
			[null, null, null, 9],
			[null, null, null, null]
		]);
		expect(out.series[2].ref).toEqual({ component: 'c', measurement: 'traffic', field: 'rps' });
	});
});
