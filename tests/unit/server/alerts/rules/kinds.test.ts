import { describe, expect, it } from 'vitest';
import { parseRule, RuleEngine } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { CONFIG, FakeSource, log, makeEngine, run, T0 } from './fake-source.ts';

/** Seconds [from, to] of a constant value. */
const flat = (n: number, v: number | null) => Array<number | null>(n).fill(v);
/** A ramp from `start` by `step` per second. */
const ramp = (n: number, start: number, step: number) => Array.from({ length: n }, (_, i) => start + i * step);

describe('no_data', () => {
	const rule = { id: 'silent', type: 'no_data', measurement: 'traffic', seconds: 10, components: ['cdn'] } as const;

	it('fires once nothing arrived for `seconds`, and resolves when data returns', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [...flat(5, 100), ...flat(20, null), 100]);
		const t = run(engine, src, T0, T0 + 25);
		// Last data at +4: silent for 10 s at +14.
		expect(log(t)).toEqual(['silent|cdn inactive->firing @14', 'silent|cdn firing->resolved @25']);
		expect(t[0]).toMatchObject({ value: 10, threshold: 10 });
		expect(t[0].summary).toEqual({ en: 'CDN landing page: no traffic data for 10 s', ko: 'CDN landing page: 10초 동안 traffic 데이터 없음' });
	});

	it('counts the time before the engine started as data: a restart does not page at once', () => {
		const engine = makeEngine([rule]);
		// Watched from T0, nothing since: T0..T0+9 are 10 silent seconds.
		const t = run(engine, new FakeSource(), T0, T0 + 20);
		expect(log(t)).toEqual(['silent|cdn inactive->firing @9']);
	});

	it('seconds the engine skipped (an evaluation gap) count as data: it only judges what it looked at', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [100]);
		run(engine, src, T0, T0 + 2);
		// No ticks from +3 to +29; from +30 it looks back only LATE_SECONDS (to +24), so silence counts from there.
		expect(log(run(engine, src, T0 + 30, T0 + 40))).toEqual(['silent|cdn inactive->firing @34']);
	});

	it('any standard field of the measurement counts when no field is given; a given field is the only one that counts', () => {
		const src = new FakeSource().series('cdn', 'traffic.p95_ms', T0, flat(30, 80));
		expect(run(makeEngine([rule]), src, T0, T0 + 29)).toEqual([]);
		expect(log(run(makeEngine([{ ...rule, field: 'rps' }]), src, T0, T0 + 29))).toEqual(['silent|cdn inactive->firing @9']);
	});

	it('points that arrive a few seconds late count as data: a sender 3 s behind never looks silent', () => {
		const engine = makeEngine([{ ...rule, seconds: 5 }]);
		const src = new FakeSource();
		const t = [];
		for (let s = T0; s <= T0 + 60; s++) {
			src.series('cdn', 'traffic.rps', s - 3, [100]);
			t.push(...engine.evaluate(src, s));
		}
		expect(t).toEqual([]);
	});

	it('a late point for a second already evaluated resolves the alert it was missing from', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [100]);
		expect(log(run(engine, src, T0, T0 + 12))).toEqual(['silent|cdn inactive->firing @10']);
		src.series('cdn', 'traffic.rps', T0 + 11, [100]);
		expect(log(run(engine, src, T0 + 13, T0 + 13))).toEqual(['silent|cdn firing->resolved @13']);
	});

	it('per instance: a declared instance that never reports fires; a discovered one that falls silent fires', () => {
		const engine = makeEngine([{ ...rule, components: ['idp'], by: 'instance' }]);
		const src = new FakeSource().instance('idp', 'idv-1', 'traffic.rps', T0, flat(30, 10)).instance('idp', 'idv-7', 'traffic.rps', T0, flat(5, 10));
		expect(log(run(engine, src, T0, T0 + 29))).toEqual(['silent|idp|idv-2 inactive->firing @9', 'silent|idp|idv-7 inactive->firing @14']);
	});

	it('per instance: an undeclared instance silent past the expiry is forgotten and its alert resolves', () => {
		const engine = new RuleEngine({ rules: [parseRule({ ...rule, components: ['idp'], by: 'instance' })], config: CONFIG, instanceExpirySeconds: 60 });
		const src = new FakeSource().instance('idp', 'idv-1', 'traffic.rps', T0, flat(80, 10)).instance('idp', 'idv-2', 'traffic.rps', T0, flat(80, 10)).instance('idp', 'tmp', 'traffic.rps', T0, [10]);
		expect(log(run(engine, src, T0, T0 + 80))).toEqual(['silent|idp|tmp inactive->firing @10', 'silent|idp|tmp firing->resolved @61']);
		expect(engine.snapshot().rules[0].alerts.map((a) => a.instance)).toEqual(['idv-1', 'idv-2']);
	});
});

describe('rate_of_change', () => {
	it('change per second over the window', () => {
		const engine = makeEngine([{ id: 'surge', type: 'rate_of_change', measurement: 'traffic', field: 'rps', window: '10s', above: 50, components: ['cdn'] }]);
		// Flat, then +100/s for 20 s, then flat: the 10 s change crosses 50/s on the way up and back.
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [...flat(20, 1000), ...ramp(20, 1100, 100), ...flat(30, 3000)]);
		const t = run(engine, src, T0, T0 + 69);
		expect(log(t)).toEqual(['surge|cdn inactive->firing @25', 'surge|cdn firing->resolved @44']);
		expect(t[0]).toMatchObject({ value: 60, threshold: 50 });
		expect(t[0].summary.en).toBe('CDN landing page: requests/s changing by +60/s over the last 10 s (limit +50/s)');
		expect(t[0].summary.ko).toBe('CDN landing page: 최근 10초 초당 요청 변화 초당 +60 (기준 초당 +50)');
	});

	it('relative change in percent, for drops with `below`', () => {
		const engine = makeEngine([{ id: 'drop', type: 'rate_of_change', measurement: 'traffic', field: 'rps', window: '5s', below: -50, percent: true, components: ['cdn'] }]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [...flat(10, 1000), ...flat(10, 400)]);
		const t = run(engine, src, T0, T0 + 19);
		expect(log(t)).toEqual(['drop|cdn inactive->firing @10', 'drop|cdn firing->resolved @15']);
		expect(t[0]).toMatchObject({ value: -60, threshold: -50 });
		expect(t[0].summary.en).toBe('CDN landing page: requests/s changed by -60% in the last 5 s (limit -50%)');
	});

	it('a relative change from 0 is undefined: no data, no alert', () => {
		const engine = makeEngine([{ id: 'rel', type: 'rate_of_change', measurement: 'traffic', field: 'rps', window: '5s', above: 10, percent: true, components: ['cdn'] }]);
		expect(run(engine, new FakeSource().series('cdn', 'traffic.rps', T0, [...flat(5, 0), ...flat(5, 100)]), T0, T0 + 9)).toEqual([]);
	});
});

describe('error_ratio', () => {
	const rule = { id: 'errors', type: 'error_ratio', above: 0.05, recover: 0.02, window: '5s', components: ['idp'] } as const;

	it('errors over requests in the window, with hysteresis', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource()
			.series('idp', 'traffic.requests', T0, flat(40, 1000))
			.series('idp', 'errors.count', T0, [...flat(10, 10), ...flat(10, 100), ...flat(5, 30), ...flat(15, 0)]);
		const t = run(engine, src, T0, T0 + 39);
		// Errors in the 5 s window: 140 (2.8 %) at +10, 230 at +11, 320 (6.4 %) at +12; back to 90 (1.8 %) at +26.
		expect(log(t)).toEqual(['errors|idp inactive->firing @12', 'errors|idp firing->resolved @26']);
		expect(t[0]).toMatchObject({ value: 0.064, threshold: 0.05 });
		expect(t[0].summary.en).toBe('Naver certificate: 6.4% of requests failed in the last 5 s (320 of 5,000; limit 5%)');
		expect(t[0].summary.ko).toBe('Naver certificate: 최근 5초 요청 5,000건 중 320건 실패, 오류율 6.4% (기준 5%)');
	});

	it('seconds without an errors point count as no errors; a window without requests holds the state', () => {
		const engine = makeEngine([rule]);
		// Half fail for 5 s, then nothing at all for 10 s (the alert holds), then requests without errors.
		const src = new FakeSource().series('idp', 'traffic.requests', T0, [...flat(5, 100), ...flat(10, null), ...flat(10, 100)]).series('idp', 'errors.count', T0, flat(5, 50));
		const t = run(engine, src, T0, T0 + 24);
		expect(log(t)).toEqual(['errors|idp inactive->firing @0', 'errors|idp firing->resolved @15']);
	});
});

describe('queue_drain and queue_growth', () => {
	const drain = { id: 'drain', type: 'queue_drain', above_seconds: 600, window: '10s', components: ['wr'] } as const;
	const queue = (length: (number | null)[], enqueued: number | null, dequeued: number | null) => {
		const src = new FakeSource().series('wr', 'queue.length', T0, length);
		if (enqueued !== null) src.series('wr', 'queue.enqueued', T0 - 20, flat(length.length + 20, enqueued));
		if (dequeued !== null) src.series('wr', 'queue.dequeued', T0 - 20, flat(length.length + 20, dequeued));
		return src;
	};

	it('time to drain = length / (dequeued - enqueued) per second', () => {
		// 100,000 waiting, net drain 100/s: 1,000 s > 600 s.
		const t = run(makeEngine([drain]), queue([100_000], 400, 500), T0, T0);
		expect(t).toMatchObject([{ to: 'firing', value: 1000, threshold: 600 }]);
		expect(t[0].summary.en).toBe('Virtual waiting room: 100,000 waiting, time to drain 17 min at the current rate (limit 10 min)');
		expect(t[0].summary.ko).toBe('Virtual waiting room: 대기 100,000, 현재 속도로 모두 빠지는 데 17분 (기준 10분)');
		expect(run(makeEngine([drain]), queue([100_000], 300, 500), T0, T0)).toEqual([]);
	});

	it('a queue that does not shrink never drains: it breaches any limit (value null, shown as ∞)', () => {
		const t = run(makeEngine([drain]), queue([5_000], 500, 400), T0, T0);
		expect(t).toMatchObject([{ to: 'firing', value: null }]);
		expect(t[0].summary.en).toContain('time to drain ∞');
	});

	it('a queue at or under min_length counts as drained', () => {
		expect(run(makeEngine([{ ...drain, min_length: 1000 }]), queue([800], 500, 400), T0, T0)).toEqual([]);
		expect(run(makeEngine([drain]), queue([0], 0, 0), T0, T0)).toEqual([]);
	});

	it('falls back to the change of the length when the queue reports no counts', () => {
		// Falls by 10/s from 9,000: at +10 (the first full window) 8,900 left, 890 s to drain.
		const src = new FakeSource().series('wr', 'queue.length', T0, ramp(21, 9000, -10));
		expect(log(run(makeEngine([drain]), src, T0, T0 + 20))).toEqual(['drain|wr inactive->firing @10']);
	});

	it('queue_growth: length growth per second over the window', () => {
		const engine = makeEngine([{ id: 'growth', type: 'queue_growth', above: 100, window: '10s', components: ['wr'] }]);
		const src = new FakeSource().series('wr', 'queue.length', T0, [...ramp(20, 0, 50), ...ramp(20, 950, 200), ...flat(20, 4750)]);
		const t = run(engine, src, T0, T0 + 59);
		// Growth over 10 s at +t (20 <= t < 30): 15t - 255/s, past 100 at +24; back to 100 at +44.
		expect(log(t)).toEqual(['growth|wr inactive->firing @24', 'growth|wr firing->resolved @44']);
		expect(t[0].summary.en).toBe('Virtual waiting room: queue growing by 105/s, 1,750 waiting (limit 100/s)');
		expect(t[0].summary.ko).toBe('Virtual waiting room: 대기열 초당 105 증가 중, 대기 1,750 (기준 초당 100)');
	});
});

describe('capacity', () => {
	it('utilisation of planned rps, with hysteresis', () => {
		const engine = makeEngine([{ id: 'cap', type: 'capacity', above: 0.9, recover: 0.8, components: ['cdn'] }]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [850, 950, 850, 790]);
		const t = run(engine, src, T0, T0 + 3);
		expect(log(t)).toEqual(['cap|cdn inactive->firing @1', 'cap|cdn firing->resolved @3']);
		expect(t[0]).toMatchObject({ value: 0.95, threshold: 0.9 });
		expect(t[0].summary).toEqual({ en: 'CDN landing page at 95% of planned capacity (limit 90%)', ko: 'CDN landing page: 계획 용량의 95% 사용 중 (기준 90%)' });
	});

	it('users_per_hour counts as users_per_hour / 3600 per second; components without capacity are not targets', () => {
		const engine = makeEngine([{ id: 'cap', type: 'capacity', above: 0.5 }]);
		const src = new FakeSource().series('idp', 'traffic.rps', T0, [600]).series('cdn', 'traffic.rps', T0, [100]);
		expect(run(engine, src, T0, T0)).toMatchObject([{ alertId: 'cap|idp', value: 0.6 }]);
		const queueRule = makeEngine([{ id: 'q', type: 'capacity', of: 'queue', above: 0.5 }]);
		run(queueRule, new FakeSource().series('wr', 'queue.length', T0, [6000]), T0, T0);
		expect(queueRule.alerts().map((a) => a.id)).toEqual(['q|wr']);
	});

	it('forecast: fires when, at the current growth, the queue is full within forecast_seconds', () => {
		const engine = makeEngine([{ id: 'full', type: 'capacity', of: 'queue', forecast_seconds: 360, window: '10s', components: ['wr'] }]);
		// Capacity 10,000; +20/s from 1,000: full in (10,000 - L) / 20 s, <= 360 s once L >= 2,800 (+90).
		const src = new FakeSource().series('wr', 'queue.length', T0, [...ramp(100, 1000, 20), ...flat(20, 2980)]);
		const t = run(engine, src, T0, T0 + 119);
		// Once it stops growing steadily (+100: 18/s over the window) the forecast is 390 s: clear.
		expect(log(t)).toEqual(['full|wr inactive->firing @90', 'full|wr firing->resolved @100']);
		expect(t[0]).toMatchObject({ value: 360, threshold: 360 });
		expect(t[0].summary.en).toBe('Virtual waiting room: queue at 28% of capacity; at the current rate it is full in 6 min');
		expect(t[0].summary.ko).toBe('Virtual waiting room: 대기열 용량의 28% 사용 중, 현재 추세면 6분 후 가득 참');
	});

	it('forecast and utilisation together: either fires, both must clear', () => {
		const engine = makeEngine([{ id: 'full', type: 'capacity', of: 'queue', above: 0.9, forecast_seconds: 60, window: '10s', components: ['wr'] }]);
		// Steady at 9,500 (95 %, not growing): fires on utilisation; value is the utilisation.
		const src = new FakeSource().series('wr', 'queue.length', T0, [...flat(20, 5000), ...flat(10, 9500), ...flat(10, 5000)]);
		const t = run(engine, src, T0, T0 + 39);
		expect(log(t)).toEqual(['full|wr inactive->firing @20', 'full|wr firing->resolved @30']);
		expect(t[0]).toMatchObject({ value: 0.95, threshold: 0.9 });
	});
});
