import { describe, expect, it } from 'vitest';
import { HubValueSource } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { LiveHub } from '../../../../../src/lib/server/live/hub.ts';
import { makePoint } from '../../../../fixtures/points.ts';
import { log, makeEngine, T0 } from './fake-source.ts';

function makeHub() {
	const clock = { now: T0 * 1000 + 500 };
	const hub = new LiveHub({ windowSeconds: 900, rawWindowSeconds: 60, maxRawSeries: 1000, maxRollupSeries: 1000, futureToleranceSeconds: 5, now: () => clock.now });
	return { hub, clock, source: new HubValueSource(hub) };
}

const point = (tags: Record<string, string>, measurement: string, fields: Record<string, number>, second = T0) => makePoint({ measurement, tags, fields, timeMs: second * 1000 + 100 });

describe('HubValueSource', () => {
	it('reads component rollups, NaN where the hub has nothing', () => {
		const { hub, source } = makeHub();
		hub.publish([point({ component: 'cdn', instance: 'a' }, 'traffic', { rps: 100 }), point({ component: 'cdn', instance: 'b' }, 'traffic', { rps: 50 })]);
		hub.flush();
		expect(source.component('cdn', 'traffic', 'rps', T0)).toBe(150);
		expect(source.component('cdn', 'traffic', 'rps', T0 - 1)).toBeNaN();
		expect(source.component('cdn', 'traffic', 'p95_ms', T0)).toBeNaN();
		expect(source.component('nope', 'traffic', 'rps', T0)).toBeNaN();
	});

	it('finds a field that appears after it was first asked for', () => {
		const { hub, source } = makeHub();
		expect(source.component('cdn', 'traffic', 'rps', T0)).toBeNaN();
		hub.publish([point({ component: 'cdn', instance: 'a' }, 'traffic', { rps: 100 })]);
		hub.flush();
		expect(source.component('cdn', 'traffic', 'rps', T0)).toBe(100);
	});

	it('reads per-instance values, combining several series of one instance the way the rollup does', () => {
		const { hub, source } = makeHub();
		hub.publish([
			point({ component: 'api', instance: 'a', code: '500' }, 'errors', { count: 3, rate: 1.5 }),
			point({ component: 'api', instance: 'a', code: '503' }, 'errors', { count: 4, rate: 2 }),
			point({ component: 'api', instance: 'b', code: '500' }, 'errors', { count: 1, rate: 0.5 }),
			point({ component: 'api', instance: 'a', region: 'x' }, 'queue', { length: 10, wait_p95_s: 4 }),
			point({ component: 'api', instance: 'a', region: 'y' }, 'queue', { length: 30, wait_p95_s: 6 }),
			point({ component: 'api', instance: 'a', region: 'x' }, 'custom', { cpu: 20 }),
			point({ component: 'api', instance: 'a', region: 'y' }, 'custom', { cpu: 40 }),
			point({ component: 'api', instance: 'a', region: 'z' }, 'custom', { cpu: 90 }),
			point({ component: 'api' }, 'errors', { count: 100 })
		]);
		hub.flush();
		expect(source.instances('api', 'errors', 'count', T0)).toEqual(new Map([['a', 7], ['b', 1]]));
		expect(source.instances('api', 'errors', 'rate', T0)).toEqual(new Map([['a', 3.5], ['b', 0.5]]));
		expect(source.instances('api', 'queue', 'length', T0)).toEqual(new Map([['a', 30]]));
		expect(source.instances('api', 'custom', 'cpu', T0)).toEqual(new Map([['a', 50]]));
		expect(source.instances('api', 'errors', 'count', T0 - 1)).toEqual(new Map());
		expect(source.instances('nope', 'errors', 'count', T0)).toEqual(new Map());
	});

	it('sums per instance over a window and finds the latest second per instance, as per-second reads would', () => {
		const { hub, clock, source } = makeHub();
		clock.now = (T0 + 10) * 1000;
		for (let s = T0; s < T0 + 10; s++) {
			hub.publish([
				point({ component: 'api', instance: 'a', code: '500' }, 'errors', { count: s - T0 }, s),
				point({ component: 'api', instance: 'a', code: '503' }, 'errors', { count: 1 }, s),
				point({ component: 'api', instance: 'a', region: 'x' }, 'queue', { length: 10 * (s - T0) }, s),
				point({ component: 'api', instance: 'a', region: 'y' }, 'queue', { length: 35 }, s),
				...(s < T0 + 4 ? [point({ component: 'api', instance: 'b' }, 'errors', { count: 2 }, s)] : [])
			]);
		}
		hub.flush();
		const byReading = (field: string, measurement: string, from: number, to: number) => {
			const out = new Map<string, number>();
			for (let s = from; s <= to; s++) source.instances('api', measurement, field, s).forEach((v, i) => out.set(i, (out.get(i) ?? 0) + v));
			return out;
		};
		expect(source.instanceSums('api', 'errors', 'count', T0 + 2, T0 + 6)).toEqual(byReading('count', 'errors', T0 + 2, T0 + 6));
		expect(source.instanceSums('api', 'errors', 'count', T0 + 2, T0 + 6)).toEqual(new Map([['a', 2 + 3 + 4 + 5 + 6 + 5], ['b', 4]]));
		expect(source.instanceSums('api', 'queue', 'length', T0, T0 + 9)).toEqual(byReading('length', 'queue', T0, T0 + 9));
		expect(source.instanceLatest('api', 'errors', 'count', T0, T0 + 9)).toEqual(new Map([['a', T0 + 9], ['b', T0 + 3]]));
		expect(source.instanceLatest('api', 'errors', 'count', T0 + 5, T0 + 9)).toEqual(new Map([['a', T0 + 9]]));
	});

	it('a windowed per-instance rule judges the same with and without the source\'s window sums', () => {
		const { hub, clock, source } = makeHub();
		const plain = { component: source.component.bind(source), instances: source.instances.bind(source) };
		const rules = [
			{ id: 'errors', type: 'error_ratio', above: 0.1, window: '5s', by: 'instance', components: ['idp'] },
			{ id: 'silent', type: 'no_data', measurement: 'traffic', seconds: 3, by: 'instance', components: ['idp'] }
		];
		const [fast, slow] = [makeEngine(rules), makeEngine(rules)];
		const out: [string[], string[]] = [[], []];
		for (let s = T0; s < T0 + 30; s++) {
			clock.now = s * 1000 + 500;
			const failing = s >= T0 + 8 && s < T0 + 15 ? 30 : 1;
			hub.publish([point({ component: 'idp', instance: 'idv-1' }, 'traffic', { requests: 100 }, s), point({ component: 'idp', instance: 'idv-1' }, 'errors', { count: failing }, s)]);
			if (s < T0 + 20) hub.publish([point({ component: 'idp', instance: 'idv-2' }, 'traffic', { requests: 100 }, s)]);
			hub.flush();
			out[0].push(...log(fast.evaluate(source, s)));
			out[1].push(...log(slow.evaluate(plain, s)));
		}
		expect(out[0]).toEqual(['errors|idp|idv-1 inactive->firing @9', 'errors|idp|idv-1 firing->resolved @18', 'silent|idp|idv-2 inactive->firing @22']);
		expect(out[1]).toEqual(out[0]);
	});

	it('drives the engine live: a per-instance rule fires from the hub', () => {
		const { hub, clock, source } = makeHub();
		const engine = makeEngine([{ id: 'slow', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, by: 'instance', components: ['idp'] }]);
		const out = [];
		for (let s = T0; s < T0 + 5; s++) {
			clock.now = s * 1000 + 500;
			hub.publish([point({ component: 'idp', instance: 'idv-1' }, 'traffic', { p95_ms: s === T0 + 2 ? 1500 : 300 }, s)]);
			hub.flush();
			out.push(...engine.evaluate(source, s));
		}
		expect(log(out)).toEqual(['slow|idp|idv-1 inactive->firing @2', 'slow|idp|idv-1 firing->resolved @3']);
	});
});
