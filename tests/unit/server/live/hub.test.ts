import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { makePoint } from '../../../fixtures/points.ts';
import * as ingest from '../../../../src/lib/server/ingest/index.ts';

const T0 = 1_732_500_000_000; // a whole second, ms

function makeHub(nowMs = T0 + 500, over: Partial<ConstructorParameters<typeof LiveHub>[0]> = {}) {
	const clock = { now: nowMs };
	const hub = new LiveHub({
		windowSeconds: 900,
		rawWindowSeconds: 60,
		maxRawSeries: 10_000,
		maxRollupSeries: 1_000,
		futureToleranceSeconds: 5,
		now: () => clock.now,
		...over
	});
	return { hub, clock };
}

function point(component: string, instance: string, measurement: string, fields: Record<string, number>, timeMs = T0) {
	return makePoint({ measurement, tags: { component, instance }, fields, timeMs });
}

const rollup = (hub: LiveHub, component: string, measurement: string, field: string, second = T0 / 1000) =>
	hub.value(hub.rollupFor({ component, measurement, field }), second);

describe('LiveHub rollups across instances', () => {
	const cases: [string, string, string, number[], number][] = [
		['sums rates', 'traffic', 'rps', [100, 250, 50], 400],
		['sums active users', 'traffic', 'active_users', [10, 20], 30],
		['takes the worst p95', 'traffic', 'p95_ms', [120, 480, 90], 480],
		['takes the longest queue', 'queue', 'length', [5000, 5100], 5100],
		['averages unknown gauges', 'custom', 'cpu_pct', [20, 40, 60], 40]
	];
	it.each(cases)('%s', (_name, measurement, field, values, expected) => {
		const { hub } = makeHub();
		hub.publish(values.map((v, i) => point('idp', `i-${i}`, measurement, { [field]: v })));
		hub.flush();
		expect(rollup(hub, 'idp', measurement, field)).toBe(expected);
	});

	it('replaces a resent point (same timestamp) instead of counting it twice', () => {
		const { hub } = makeHub();
		hub.publish([point('api', 'a', 'traffic', { requests: 100 })]);
		hub.publish([point('api', 'a', 'traffic', { requests: 100 })]);
		hub.flush();
		expect(rollup(hub, 'api', 'traffic', 'requests')).toBe(100);
	});

	it('adds counts sent at different times within one second, but replaces gauges', () => {
		const { hub } = makeHub();
		hub.publish([point('api', 'a', 'traffic', { requests: 40, rps: 400 }, T0 + 100)]);
		hub.publish([point('api', 'a', 'traffic', { requests: 60, rps: 600 }, T0 + 600)]);
		hub.flush();
		expect(rollup(hub, 'api', 'traffic', 'requests')).toBe(100);
		expect(rollup(hub, 'api', 'traffic', 'rps')).toBe(600);
	});

	it('treats the same series with tags in another order as one series', () => {
		const { hub } = makeHub();
		hub.publish([makePoint({ tags: { component: 'c', instance: 'x' }, fields: { rps: 1 }, timeMs: T0 })]);
		hub.publish([makePoint({ tags: { instance: 'x', component: 'c' }, fields: { rps: 2 }, timeMs: T0 })]);
		hub.flush();
		expect(rollup(hub, 'c', 'traffic', 'rps')).toBe(2);
	});
});

describe('LiveHub changes and time', () => {
	it('reports which rollups changed in which seconds, once', () => {
		const { hub } = makeHub(T0 + 1500);
		hub.publish([point('a', 'i', 'traffic', { rps: 1 }, T0), point('b', 'i', 'traffic', { rps: 2 }, T0 + 1000)]);
		const changes = hub.flush();
		expect([...changes.keys()].sort()).toEqual([T0 / 1000, T0 / 1000 + 1]);
		expect(hub.flush().size).toBe(0);
	});

	it('absorbs a late point within the raw window and updates that second', () => {
		const { hub, clock } = makeHub();
		hub.publish([point('a', 'i1', 'traffic', { rps: 1 })]);
		hub.flush();
		clock.now += 30_000;
		hub.publish([point('a', 'i2', 'traffic', { rps: 2 })]);
		expect([...hub.flush().keys()]).toEqual([T0 / 1000]);
		expect(rollup(hub, 'a', 'traffic', 'rps')).toBe(3);
	});

	it('drops points older than the raw window and from the far future, and counts them', () => {
		const { hub } = makeHub();
		hub.publish([point('a', 'i', 'traffic', { rps: 1 }, T0 - 120_000), point('a', 'i', 'traffic', { rps: 1 }, T0 + 60_000)]);
		expect(hub.flush().size).toBe(0);
		expect(hub.stats().dropped).toMatchObject({ late: 1, future: 1 });
	});

	it('forgets seconds that leave the window', () => {
		const { hub, clock } = makeHub();
		hub.publish([point('a', 'i', 'traffic', { rps: 7 })]);
		hub.flush();
		clock.now += 900_000;
		hub.flush();
		expect(rollup(hub, 'a', 'traffic', 'rps')).toBeNaN();
	});

	it('reads a dense block with nulls where nothing arrived', () => {
		const { hub } = makeHub(T0 + 2500);
		const r = hub.rollupFor({ component: 'a', measurement: 'traffic', field: 'rps' });
		hub.publish([point('a', 'i', 'traffic', { rps: 5 }, T0), point('a', 'i', 'traffic', { rps: 6 }, T0 + 2000)]);
		hub.flush();
		expect(hub.readBlock([r], T0 / 1000, T0 / 1000 + 2)).toEqual({ times: [T0, T0 + 1000, T0 + 2000], values: [[5, null, 6]] });
	});
});

describe('LiveHub memory bounds', () => {
	it('stops tracking new instance series at the bound, counts them, and keeps its memory fixed', () => {
		const { hub } = makeHub(T0 + 500, { maxRawSeries: 3 });
		hub.publish(Array.from({ length: 10 }, (_, i) => point('a', `i-${i}`, 'traffic', { rps: 1 })));
		hub.flush();
		const stats = hub.stats();
		expect(stats.rawSeries).toBe(3);
		expect(stats.dropped.overLimit).toBe(7);
		// Raw values f64 and arrival offsets f32 for one block of series, rollups f64 for one block.
		expect(stats.bytes).toBe(256 * 60 * (8 + 4) + 256 * 900 * 8);
		hub.publish(Array.from({ length: 10 }, (_, i) => point('a', `j-${i}`, 'traffic', { rps: 1 })));
		expect(hub.stats().bytes, 'more series past the bound take no more memory').toBe(stats.bytes);
		expect(rollup(hub, 'a', 'traffic', 'rps')).toBe(3);
	});
});

describe('LiveHub with the parser’s shared field layouts', () => {
	it('rolls up points that share a frozen types object exactly as points that do not', () => {
		const { parseLineProtocol } = ingest;
		const body = Array.from({ length: 40 }, (_, i) => `traffic,component=idp,instance=i-${i % 4} rps=${i}.5,requests=${i}i,ok=t ${T0 + (i % 2) * 1000}000000`).join('\n');
		const parsed = parseLineProtocol(`${body}\n${body}`, { precision: 'ns', nowNs: `${T0}000000` }).points;
		expect(Object.isFrozen(parsed[79].types)).toBe(true);
		const shared = makeHub(T0 + 1500).hub;
		shared.publish(parsed);
		shared.flush();
		const plain = makeHub(T0 + 1500).hub;
		plain.publish(parsed.map((p) => ({ ...p, types: { ...p.types }, fields: { ...p.fields } })));
		plain.flush();
		for (const field of ['rps', 'requests']) {
			for (const second of [T0 / 1000, T0 / 1000 + 1]) {
				expect(rollup(shared, 'idp', 'traffic', field, second)).toBe(rollup(plain, 'idp', 'traffic', field, second));
			}
		}
		// At T0 instances i-0 and i-2 each sent ten lines with one timestamp: a resend replaces (last: 36 and 38).
		expect(rollup(shared, 'idp', 'traffic', 'requests')).toBe(36 + 38);
		expect(shared.findRollup({ component: 'idp', measurement: 'traffic', field: 'ok' })).toBe(-1);
	});
});
