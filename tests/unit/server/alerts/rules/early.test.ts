import { describe, expect, it } from 'vitest';
import { FakeSource, log, makeEngine, T0 } from './fake-source.ts';

/**
 * Firing from the second still in progress: only where more data this second can only raise the
 * value (a `for: 0s` "above" threshold on a summed or maximum rollup), only ever to fire, and
 * never twice when the second is evaluated in full.
 */
const ERRORS = { id: 'errs', type: 'threshold', measurement: 'errors', field: 'count', above: 100, components: ['cdn'] } as const;

describe('RuleEngine.evaluateEarly', () => {
	it('fires from the second in progress, and the full evaluation of that second adds nothing', () => {
		const engine = makeEngine([ERRORS]);
		const src = new FakeSource().series('cdn', 'errors.count', T0, [5, 500]);
		expect(engine.evaluate(src, T0)).toEqual([]);
		expect(log(engine.evaluateEarly(src, T0 + 1))).toEqual(['errs|cdn inactive->firing @1']);
		expect(engine.evaluate(src, T0 + 1)).toEqual([]);
		expect(engine.get('errs|cdn')!.status).toBe('firing');
	});

	it('does nothing for rules that partial data could fool: below, for > 0, a mean (gauge) field', () => {
		const rules = [
			{ id: 'low', type: 'threshold', measurement: 'traffic', field: 'rps', below: 100, components: ['cdn'] },
			{ ...ERRORS, id: 'slow-for', for: '5s' },
			{ id: 'gauge', type: 'threshold', measurement: 'traffic', field: 'cpu', above: 0.5, components: ['cdn'] }
		] as const;
		const engine = makeEngine([...rules]);
		const src = new FakeSource().series('cdn', 'traffic.rps', T0, [500, 10]).series('cdn', 'errors.count', T0, [5, 500]).series('cdn', 'traffic.cpu', T0, [0.1, 0.9]);
		engine.evaluate(src, T0);
		expect(engine.evaluateEarly(src, T0 + 1)).toEqual([]);
	});

	it('never judges a second before the previous one was evaluated (an older second would undo it)', () => {
		const engine = makeEngine([ERRORS]);
		const src = new FakeSource().series('cdn', 'errors.count', T0, [5, 5, 500]);
		engine.evaluate(src, T0);
		expect(engine.evaluateEarly(src, T0 + 2)).toEqual([]);
	});

	it('never resolves: recovery waits for the full second', () => {
		const engine = makeEngine([ERRORS]);
		const src = new FakeSource().series('cdn', 'errors.count', T0, [500, 5]);
		expect(log(engine.evaluate(src, T0))).toEqual(['errs|cdn inactive->firing @0']);
		expect(engine.evaluateEarly(src, T0 + 1)).toEqual([]);
		expect(log(engine.evaluate(src, T0 + 1))).toEqual(['errs|cdn firing->resolved @1']);
	});
});
