import { describe, expect, it } from 'vitest';
import { backtest, rawQuery, rollupQuery } from '../../../../../src/lib/server/alerts/backtest/index.ts';
import { parseRule } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { CONFIG, FakeSource, T0 } from './fake-source.ts';

/** `backtest` over an in-memory source (its InfluxDB side is tests/integration/alerts/backtest.test.ts). */
describe('backtest', () => {
	const rule = parseRule({ id: 'p95', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, by: 'instance', components: ['idp'] });

	it('pairs firing and resolve per alert, and leaves an alert still firing at the end open', () => {
		const src = new FakeSource()
			.instance('idp', 'idv-1', 'traffic.p95_ms', T0, [500, 1500, 1500, 500, 1500, 1500])
			.instance('idp', 'idv-2', 'traffic.p95_ms', T0, [1500, 1500, 500, 500, 500, 500]);
		const { intervals, transitions } = backtest(rule, src, T0, T0 + 5, CONFIG);
		expect(intervals).toEqual([
			{ alertId: 'p95|idp|idv-2', labels: expect.objectContaining({ instance: 'idv-2' }), firingFrom: T0 * 1000, firingTo: (T0 + 2) * 1000 },
			{ alertId: 'p95|idp|idv-1', labels: expect.objectContaining({ instance: 'idv-1' }), firingFrom: (T0 + 1) * 1000, firingTo: (T0 + 3) * 1000 },
			{ alertId: 'p95|idp|idv-1', labels: expect.objectContaining({ instance: 'idv-1' }), firingFrom: (T0 + 4) * 1000, firingTo: null }
		]);
		expect(transitions).toHaveLength(5);
	});

	it('reads rollups and raw points with quoted names, counts summed and gauges last per second', () => {
		const g = { components: ['idp', "o'brien"], fields: ['requests', 'p95_ms'] };
		expect(rollupQuery('traffic', g, T0, T0 + 9)).toBe(
			`SELECT "requests", "p95_ms" FROM "rollup_1s" WHERE "measurement" = 'traffic' AND ("component" = 'idp' OR "component" = 'o\\'brien') AND time >= ${T0 * 1000}ms AND time < ${(T0 + 10) * 1000}ms GROUP BY "component"`
		);
		expect(rawQuery('traffic', g, T0, T0 + 9)).toBe(
			`SELECT sum("requests") AS "requests", last("p95_ms") AS "p95_ms" FROM "traffic" WHERE ("component" = 'idp' OR "component" = 'o\\'brien') AND time >= ${T0 * 1000}ms AND time < ${(T0 + 10) * 1000}ms GROUP BY time(1s), * fill(none)`
		);
	});
});
