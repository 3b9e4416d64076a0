import { describe, expect, it } from 'vitest';
import { HubValueSource, parseRule, RuleEngine } from '../../../../../src/lib/server/alerts/rules/index.ts';
import type { Config } from '../../../../../src/lib/server/config/index.ts';
import type { Point } from '../../../../../src/lib/server/ingest/point.ts';
import { LiveHub } from '../../../../../src/lib/server/live/hub.ts';
import { T0 } from './fake-source.ts';

/**
 * The engine runs inside the 1 s tick with the rest of the live path, so it must stay cheap at
 * the size of a real opening: 200 rules, 20 components of 100 instances each, read from a real
 * hub. Measured on a 2-core machine (tsx, unbundled): ~3 ms for 200 component rules, ~5 ms for
 * 200 per-instance thresholds (400,000 rule x instance pairs). Bounds here are loose, for shared CI.
 */
const COMPONENTS = 20;
const INSTANCES = 100;
const config = {
	components: Array.from({ length: COMPONENTS }, (_, c) => ({ id: `c${c}`, name: `C${c}`, org: 'o', stage: 's', capacity: { rps: 500_000, queue_length: 1_000_000 } }))
} as unknown as Config;

function seriesPoint(c: number, i: number, measurement: string, fields: Record<string, number>, second: number): Point {
	const tags = { component: `c${c}`, instance: `i${i}` };
	return { measurement, tags, series: `${measurement}\u0000component\u0000c${c}\u0000instance\u0000i${i}`, fields, types: {}, timeNs: '', timeMs: second * 1000 + 100, line: '' };
}

function feed(hub: LiveHub, second: number): void {
	const points: Point[] = [];
	for (let c = 0; c < COMPONENTS; c++) {
		for (let i = 0; i < INSTANCES; i++) {
			points.push(seriesPoint(c, i, 'traffic', { requests: 1000, rps: 1000, p95_ms: 100 + (i % 7), active_users: 50 }, second));
			points.push(seriesPoint(c, i, 'queue', { length: 50, enqueued: 100, dequeued: 120 }, second));
			points.push(seriesPoint(c, i, 'errors', { count: 5 }, second));
		}
	}
	hub.publish(points);
	hub.flush();
}

const MIXED = [
	{ type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000 },
	{ type: 'rate_of_change', measurement: 'traffic', field: 'rps', above: 100, window: '30s' },
	{ type: 'error_ratio', above: 0.05, window: '10s' },
	{ type: 'queue_drain', above_seconds: 600, window: '30s' },
	{ type: 'no_data', measurement: 'traffic', seconds: 30 },
	{ type: 'capacity', above: 0.9 }
];

function medianTickMs(rules: Record<string, unknown>[]): number {
	const clock = { now: T0 * 1000 };
	const hub = new LiveHub({ windowSeconds: 120, rawWindowSeconds: 60, maxRawSeries: 100_000, maxRollupSeries: 10_000, futureToleranceSeconds: 5, now: () => clock.now });
	const source = new HubValueSource(hub);
	const engine = new RuleEngine({ rules: rules.map((r) => parseRule(r)), config });
	const times: number[] = [];
	for (let s = T0; s < T0 + 45; s++) {
		clock.now = s * 1000 + 500;
		feed(hub, s);
		const started = performance.now();
		const transitions = engine.evaluate(source, s);
		if (s >= T0 + 30) times.push(performance.now() - started);
		expect(transitions).toEqual([]);
	}
	return times.sort((a, b) => a - b)[times.length >> 1];
}

describe('RuleEngine speed: 200 rules x 2,000 instances', () => {
	it('200 component rules of every type: a few ms per tick', () => {
		const ms = medianTickMs(Array.from({ length: 200 }, (_, i) => ({ ...MIXED[i % MIXED.length], id: `r${i}` })));
		expect(ms, `median ${ms.toFixed(2)} ms per tick`).toBeLessThan(15);
	});

	it('200 per-instance threshold rules over 2,000 instances: a few ms per tick', () => {
		const ms = medianTickMs(Array.from({ length: 200 }, (_, i) => ({ ...MIXED[0], above: 1000 + i, id: `r${i}`, by: 'instance' })));
		expect(ms, `median ${ms.toFixed(2)} ms per tick`).toBeLessThan(25);
	});
});
