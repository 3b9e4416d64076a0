import { describe, expect, it } from 'vitest';
import { parseRule } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { CONFIG, FakeSource, log, makeEngine, run, T0, type RuleSpec } from './fake-source.ts';

const rule = { id: 'p95', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, components: ['cdn'] } as const;
const p95 = (values: (number | null)[]) => new FakeSource().series('cdn', 'traffic.p95_ms', T0, values);

/** A restart: the snapshot through JSON text into a new engine with the same rules. */
function restart(rules: RuleSpec[], snapshot: unknown) {
	const engine = makeEngine(rules);
	engine.restore(JSON.parse(JSON.stringify(snapshot)));
	return engine;
}

describe('snapshot and restore', () => {
	it('mid-pending: fires at the second the first engine would have, with no second pending transition', () => {
		const rules = [{ ...rule, for: '30s' }];
		const src = p95(Array(60).fill(1500));
		const before = makeEngine(rules);
		expect(log(run(before, src, T0, T0 + 10))).toEqual(['p95|cdn inactive->pending @0']);
		const after = restart(rules, before.snapshot());
		expect(after.get('p95|cdn')).toMatchObject({ status: 'pending', pendingSince: T0 * 1000 });
		expect(log(run(after, src, T0 + 11, T0 + 40))).toEqual(['p95|cdn pending->firing @30']);
	});

	it('mid-firing: no duplicate firing transition after the restart, and the resolve still comes', () => {
		const src = p95([...Array(20).fill(1500), 500]);
		const before = makeEngine([rule]);
		before.acknowledge('p95|cdn', 'kim');
		run(before, src, T0, T0 + 10);
		before.acknowledge('p95|cdn', 'kim', 'on it');
		const after = restart([rule], before.snapshot());
		expect(after.alerts()).toEqual(before.alerts());
		expect(log(run(after, src, T0 + 11, T0 + 20))).toEqual(['p95|cdn firing->resolved @20']);
	});

	it('keeps the last evaluated second: evaluating it again after a restart changes nothing', () => {
		const src = p95([1500, 500]);
		const before = makeEngine([rule]);
		run(before, src, T0, T0);
		const after = restart([rule], before.snapshot());
		expect(after.evaluate(src, T0)).toEqual([]);
		expect(log(after.evaluate(src, T0 + 1))).toEqual(['p95|cdn firing->resolved @1']);
	});

	it('keeps keep_firing_for and gap clocks', () => {
		const rules = [{ ...rule, keep_firing_for: '5s', max_gap: '10s' }];
		const src = p95([1500, 500, 500, 500]);
		const before = makeEngine(rules);
		run(before, src, T0, T0 + 2);
		const after = restart(rules, before.snapshot());
		expect(log(run(after, src, T0 + 3, T0 + 20))).toEqual(['p95|cdn firing->resolved @14']);
	});

	it('no_data: restores when each target last reported', () => {
		const rules: RuleSpec[] = [{ id: 'silent', type: 'no_data', measurement: 'traffic', seconds: 10, components: ['cdn'] }];
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, Array(5).fill(100));
		const before = makeEngine(rules);
		run(before, src, T0, T0 + 8);
		const after = restart(rules, before.snapshot());
		expect(log(run(after, src, T0 + 9, T0 + 20))).toEqual(['silent|cdn inactive->firing @14']);
	});

	it('no_data: a target that never reported keeps counting from when it was first watched', () => {
		const rules: RuleSpec[] = [{ id: 'silent', type: 'no_data', measurement: 'traffic', seconds: 10, components: ['cdn'] }];
		const before = makeEngine(rules);
		run(before, new FakeSource(), T0, T0 + 5);
		const after = restart(rules, before.snapshot());
		expect(log(run(after, new FakeSource(), T0 + 6, T0 + 20))).toEqual(['silent|cdn inactive->firing @9']);
	});

	it('resolves a firing alert whose rule is gone after the restart, with its last labels and summary', () => {
		const before = makeEngine([rule]);
		run(before, p95([1500]), T0, T0);
		const after = restart([{ ...rule, id: 'other' }], before.snapshot());
		const [t, ...rest] = after.evaluate(p95([1500, 1500]), T0 + 1);
		expect(t).toMatchObject({ alertId: 'p95|cdn', from: 'firing', to: 'resolved', at: (T0 + 1) * 1000, labels: { alertname: 'p95', component: 'cdn' }, value: null });
		expect(t.summary.en).toBe('CDN landing page: p95 latency is 1,500 ms, above the 1,000 ms limit');
		expect(log(rest)).toEqual(['other|cdn inactive->firing @1']);
	});

	it('refuses what is not a snapshot, saying where', () => {
		const engine = makeEngine([rule]);
		expect(() => engine.restore({ version: 2 })).toThrow(/not an alert engine snapshot \(version 1\): version/);
		expect(() => engine.restore({ version: 1, lastSecond: 1, blindUntil: null, rules: [{ id: 'p95' }] })).toThrow(/rules\.0\.identity/);
	});
});

describe('setRules (hot reload)', () => {
	it('keeps the state of an unchanged rule: no new firing transition', () => {
		const src = p95(Array(10).fill(1500));
		const engine = makeEngine([rule]);
		run(engine, src, T0, T0 + 2);
		engine.setRules([parseRule(rule), parseRule({ ...rule, id: 'new' })]);
		expect(log(run(engine, src, T0 + 3, T0 + 5))).toEqual(['new|cdn inactive->firing @3']);
	});

	it('a new threshold keeps a firing alert and judges it by the new levels', () => {
		const src = p95(Array(10).fill(1500));
		const engine = makeEngine([rule]);
		run(engine, src, T0, T0 + 2);
		engine.setRules([parseRule({ ...rule, above: 1400 })]);
		expect(run(engine, src, T0 + 3, T0 + 4)).toEqual([]);
		engine.setRules([parseRule({ ...rule, above: 2000 })]);
		expect(log(run(engine, src, T0 + 5, T0 + 5))).toEqual(['p95|cdn firing->resolved @5']);
	});

	it('a removed rule, a deselected target or a rule measuring something else resolves its alerts at the next evaluation', () => {
		const src = p95(Array(10).fill(1500)).series('wr', 'traffic.p95_ms', T0, Array(10).fill(1500));
		const engine = makeEngine([{ ...rule, components: ['cdn', 'wr'] }, { ...rule, id: 'gone' }]);
		run(engine, src, T0, T0);
		engine.setRules([parseRule({ ...rule, field: 'p99_ms' })]);
		expect(log(run(engine, src, T0 + 1, T0 + 1))).toEqual(['p95|cdn firing->resolved @1', 'p95|wr firing->resolved @1', 'gone|cdn firing->resolved @1']);
	});

	it('takes a new config: a component removed from it ends its alerts', () => {
		const src = p95(Array(10).fill(1500));
		const engine = makeEngine([{ ...rule, components: undefined }]);
		run(engine, src, T0, T0);
		engine.setRules([parseRule({ ...rule, components: undefined })], { ...CONFIG, components: CONFIG.components.filter((c) => c.id !== 'cdn') });
		expect(log(run(engine, src, T0 + 1, T0 + 1))).toEqual(['p95|cdn firing->resolved @1']);
	});
});
