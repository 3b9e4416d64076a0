import { describe, expect, it } from 'vitest';
import { parseRule, RuleEngine } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { CONFIG, FakeSource, log, makeEngine, run, T0 } from './fake-source.ts';

const P95 = { id: 'p95', type: 'threshold', measurement: 'traffic', field: 'p95_ms', components: ['cdn'] } as const;

/** cdn p95 per second from T0. */
const p95 = (values: (number | null)[]) => new FakeSource().series('cdn', 'traffic.p95_ms', T0, values);

describe('RuleEngine: for, pending and firing', () => {
	it('for: 0s fires in the tick the breach is seen', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }]);
		expect(log(run(engine, p95([500, 1500]), T0, T0 + 1))).toEqual(['p95|cdn inactive->firing @1']);
		expect(engine.get('p95|cdn')).toMatchObject({ status: 'firing', value: 1500, threshold: 1000, pendingSince: (T0 + 1) * 1000, firingSince: (T0 + 1) * 1000, resolvedAt: null });
	});

	it('for: 30s is pending from the first breach and fires 30 s later', () => {
		const engine = makeEngine([{ ...P95, above: 1000, for: '30s' }]);
		const t = run(engine, p95(Array(40).fill(1500)), T0, T0 + 39);
		expect(log(t)).toEqual(['p95|cdn inactive->pending @0', 'p95|cdn pending->firing @30']);
		expect(engine.get('p95|cdn')).toMatchObject({ pendingSince: T0 * 1000, firingSince: (T0 + 30) * 1000 });
	});

	it('a pending alert whose condition stops goes back to inactive without firing', () => {
		const engine = makeEngine([{ ...P95, above: 1000, for: '30s' }]);
		const t = run(engine, p95([...Array(10).fill(1500), 900, ...Array(5).fill(900)]), T0, T0 + 15);
		expect(log(t)).toEqual(['p95|cdn inactive->pending @0', 'p95|cdn pending->inactive @10']);
		expect(engine.alerts()).toEqual([]);
	});

	it('resolves when the value is back at the threshold (no recover given: no hysteresis)', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }]);
		const t = run(engine, p95([1500, 1000, 1001, 999]), T0, T0 + 3);
		expect(log(t)).toEqual(['p95|cdn inactive->firing @0', 'p95|cdn firing->resolved @1', 'p95|cdn resolved->firing @2', 'p95|cdn firing->resolved @3']);
	});

	it('a `below` rule fires under the minimum', () => {
		const engine = makeEngine([{ id: 'low', type: 'threshold', measurement: 'traffic', field: 'rps', below: 100, components: ['cdn'] }]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [150, 50, 120]);
		expect(log(run(engine, src, T0, T0 + 2))).toEqual(['low|cdn inactive->firing @1', 'low|cdn firing->resolved @2']);
	});
});

describe('RuleEngine: hysteresis and keep_firing_for', () => {
	it('above 1000, recover 800: a firing alert stays firing between the two and resolves below 800', () => {
		const engine = makeEngine([{ ...P95, above: 1000, recover: 800 }]);
		const t = run(engine, p95([1200, 950, 850, 1100, 801, 800, 950, 1001]), T0, T0 + 7);
		expect(log(t)).toEqual(['p95|cdn inactive->firing @0', 'p95|cdn firing->resolved @5', 'p95|cdn resolved->firing @7']);
	});

	it('a value between the thresholds does not start an alert', () => {
		const engine = makeEngine([{ ...P95, above: 1000, recover: 800 }]);
		expect(run(engine, p95([900, 950, 1000]), T0, T0 + 2)).toEqual([]);
	});

	it('keep_firing_for: resolves only after the value stayed recovered that long', () => {
		const engine = makeEngine([{ ...P95, above: 1000, keep_firing_for: '3s' }]);
		const t = run(engine, p95([1500, 500, 500, 1500, 500, 500, 500, 500]), T0, T0 + 7);
		expect(log(t)).toEqual(['p95|cdn inactive->firing @0', 'p95|cdn firing->resolved @7']);
	});
});

describe('RuleEngine: gaps in the data', () => {
	it('a firing alert holds through a gap and resolves on the first recovered value', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }]);
		const t = run(engine, p95([1500, null, null, null, 1400, null, 500]), T0, T0 + 6);
		expect(log(t)).toEqual(['p95|cdn inactive->firing @0', 'p95|cdn firing->resolved @6']);
	});

	it('a gap longer than max_gap resolves a firing alert, with no value', () => {
		const engine = makeEngine([{ ...P95, above: 1000, max_gap: '10s' }]);
		const t = run(engine, p95([1500]), T0, T0 + 20);
		expect(log(t)).toEqual(['p95|cdn inactive->firing @0', 'p95|cdn firing->resolved @11']);
		expect(t[1]).toMatchObject({ value: null, threshold: 1000 });
	});

	it('a pending alert holds through a short gap and fires once `for` has passed', () => {
		const engine = makeEngine([{ ...P95, above: 1000, for: '5s' }]);
		const t = run(engine, p95([1500, 1500, null, null, null, null, 1500]), T0, T0 + 6);
		expect(log(t)).toEqual(['p95|cdn inactive->pending @0', 'p95|cdn pending->firing @6']);
	});

	it('a pending alert clears after a gap longer than max_gap', () => {
		const engine = makeEngine([{ ...P95, above: 1000, for: '1m', max_gap: '5s' }]);
		expect(log(run(engine, p95([1500]), T0, T0 + 10))).toEqual(['p95|cdn inactive->pending @0', 'p95|cdn pending->inactive @6']);
	});
});

describe('RuleEngine: evaluation is idempotent per second', () => {
	it('evaluating a second again, or an earlier one, yields nothing and is counted', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }]);
		const src = p95([1500, 500]);
		expect(engine.evaluate(src, T0)).toHaveLength(1);
		expect(engine.evaluate(src, T0)).toEqual([]);
		expect(engine.evaluate(src, T0 - 5)).toEqual([]);
		expect(engine.stats()).toMatchObject({ lastSecond: T0, skippedSeconds: 2, alerts: 1 });
		expect(log(engine.evaluate(src, T0 + 1))).toEqual(['p95|cdn firing->resolved @1']);
	});

	it('measures `for` in time, not in ticks, when ticks are missed', () => {
		const engine = makeEngine([{ ...P95, above: 1000, for: '30s' }]);
		const src = p95(Array(60).fill(1500));
		expect(log([...engine.evaluate(src, T0), ...engine.evaluate(src, T0 + 31)])).toEqual(['p95|cdn inactive->pending @0', 'p95|cdn pending->firing @31']);
	});
});

describe('RuleEngine: targets, labels and alerts', () => {
	const rule = { id: 'busy', type: 'threshold', measurement: 'traffic', field: 'rps', above: 100 } as const;
	const everywhere = () => new FakeSource().series('cdn', 'traffic.rps', T0, [500]).series('idp', 'traffic.rps', T0, [500]).series('wr', 'traffic.rps', T0, [500]);
	const fired = (over: Record<string, unknown>) => run(makeEngine([{ ...rule, ...over }]), everywhere(), T0, T0).map((t) => t.labels.component);

	const cases: [string, Record<string, unknown>, string[]][] = [
		['every component by default', {}, ['cdn', 'idp', 'wr']],
		['listed components', { components: ['wr', 'cdn'] }, ['cdn', 'wr']],
		['components of a stage', { stages: ['identity'] }, ['idp']],
		['components of an org', { orgs: ['kt', 'nhn'] }, ['cdn', 'wr']],
		['filters combine: each must match', { orgs: ['kt', 'nhn'], stages: ['landing', 'identity'] }, ['cdn']]
	];
	it.each(cases)('selects %s', (_name, over, want) => {
		expect(fired(over)).toEqual(want);
	});

	it('labels an alert with alertname, severity, component, org, stage and the rule\'s own labels', () => {
		const [t] = run(makeEngine([{ ...rule, components: ['idp'], severity: 'critical', labels: { team: 'identity-oncall' } }]), everywhere(), T0, T0);
		expect(t.labels).toEqual({ alertname: 'busy', severity: 'critical', component: 'idp', org: 'naver', stage: 'identity', team: 'identity-oncall' });
		expect(t).toMatchObject({ alertId: 'busy|idp', rule: 'busy', at: T0 * 1000, value: 500, threshold: 100 });
	});

	it('lists resolved alerts for the retention time, then forgets them', () => {
		const engine = new RuleEngine({ rules: [parseRule({ ...P95, above: 1000 })], config: CONFIG, resolvedRetentionSeconds: 60 });
		const src = p95([1500, 500]);
		run(engine, src, T0, T0 + 1);
		expect(engine.alerts()).toMatchObject([{ id: 'p95|cdn', status: 'resolved', resolvedAt: (T0 + 1) * 1000 }]);
		run(engine, src, T0 + 2, T0 + 60);
		expect(engine.alerts()).toHaveLength(1);
		expect(run(engine, src, T0 + 61, T0 + 61)).toEqual([]);
		expect(engine.alerts()).toEqual([]);
		expect(engine.get('p95|cdn')).toBeNull();
	});
});

describe('RuleEngine: acknowledgements', () => {
	it('acknowledges a firing alert until it resolves; the next episode starts unacknowledged', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }], { now: () => 42 });
		const src = p95([1500, 1500, 500, 1500]);
		run(engine, src, T0, T0);
		expect(engine.acknowledge('p95|cdn', 'kim', 'looking at the IdP')?.ack).toEqual({ by: 'kim', at: 42, comment: 'looking at the IdP' });
		run(engine, src, T0 + 1, T0 + 2);
		expect(engine.get('p95|cdn')).toMatchObject({ status: 'resolved', ack: { by: 'kim' } });
		expect(engine.acknowledge('p95|cdn', 'lee')).toBeNull();
		run(engine, src, T0 + 3, T0 + 3);
		expect(engine.get('p95|cdn')).toMatchObject({ status: 'firing', ack: null });
	});

	it('unacknowledges, and refuses unknown alerts', () => {
		const engine = makeEngine([{ ...P95, above: 1000 }], { now: () => 42 });
		run(engine, p95([1500]), T0, T0);
		engine.acknowledge('p95|cdn', 'kim');
		expect(engine.unacknowledge('p95|cdn')?.ack).toBeNull();
		expect(engine.acknowledge('p95|nope', 'kim')).toBeNull();
		expect(engine.unacknowledge('p95|nope')).toBeNull();
	});
});

describe('RuleEngine: per-instance targets', () => {
	const rule = { id: 'slow', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, by: 'instance', components: ['idp'] } as const;

	it('fires per instance, with the instance in id and labels, and only for the breaching one', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource()
			.instance('idp', 'idv-1', 'traffic.p95_ms', T0, [500, 500, 500])
			.instance('idp', 'idv-2', 'traffic.p95_ms', T0, [500, 1500, 700])
			.instance('idp', 'idv-9', 'traffic.p95_ms', T0, [1200, 900, 900]);
		const t = run(engine, src, T0, T0 + 2);
		expect(log(t)).toEqual(['slow|idp|idv-9 inactive->firing @0', 'slow|idp|idv-9 firing->resolved @1', 'slow|idp|idv-2 inactive->firing @1', 'slow|idp|idv-2 firing->resolved @2']);
		expect(t[0].labels).toMatchObject({ alertname: 'slow', component: 'idp', instance: 'idv-9' });
	});

	it('an instance that stops reporting holds its firing alert, then resolves after max_gap', () => {
		const engine = makeEngine([{ ...rule, max_gap: '5s' }]);
		const src = new FakeSource().instance('idp', 'idv-1', 'traffic.p95_ms', T0, [1500]).instance('idp', 'idv-2', 'traffic.p95_ms', T0, Array(10).fill(100));
		expect(log(run(engine, src, T0, T0 + 9))).toEqual(['slow|idp|idv-1 inactive->firing @0', 'slow|idp|idv-1 firing->resolved @6']);
	});

	it('keeps no record for healthy instances', () => {
		const engine = makeEngine([rule]);
		const src = new FakeSource().instance('idp', 'idv-1', 'traffic.p95_ms', T0, [100]);
		run(engine, src, T0, T0);
		expect(engine.alerts()).toEqual([]);
		expect(engine.snapshot().rules[0].alerts).toEqual([]);
	});
});
