import { durationSeconds } from '../duration.ts';
import type { QueueDrainRule, QueueGrowthRule } from '../schema.ts';
import { judge, type MeasureLogic, type Reader } from './logic.ts';

const DRAIN = {
	en: '{{target}}: {{length}} waiting, time to drain {{value}} at the current rate (limit {{threshold}})',
	ko: '{{target}}: 대기 {{length}}, 현재 속도로 모두 빠지는 데 {{value}} (기준 {{threshold}})'
};
const GROWTH = {
	en: '{{target}}: queue growing by {{value}}, {{length}} waiting (limit {{threshold}})',
	ko: '{{target}}: 대기열 {{value}} 증가 중, 대기 {{length}} (기준 {{threshold}})'
};

const LENGTH = 0;
const ENQUEUED = 1;
const DEQUEUED = 2;

/**
 * Time to drain = length / net drain rate, the rate being (dequeued - enqueued) per second over
 * the window. A queue that does not shrink never drains: Infinity, a breach of any limit. Queues
 * that report no enqueued/dequeued counts fall back to the change of their length. A queue at or
 * under `min_length` counts as drained (value 0), so a small steady queue never pages.
 */
export function queueDrainLogic(rule: QueueDrainRule): MeasureLogic {
	const window = durationSeconds(rule.window);
	const recover = rule.recover_seconds ?? rule.above_seconds;
	return {
		kind: 'measure',
		inputs: [
			{ measurement: 'queue', field: 'length' },
			{ measurement: 'queue', field: 'enqueued' },
			{ measurement: 'queue', field: 'dequeued' }
		],
		lookback: window,
		units: { value: 'seconds', threshold: 'seconds' },
		extras: [
			{ name: 'length', unit: 'number' },
			{ name: 'drain_rate', unit: 'per_second' }
		],
		vars: { window: { n: window, unit: 'seconds' }, recover: { n: recover, unit: 'seconds' }, min_length: { n: rule.min_length, unit: 'number' } },
		summary: DRAIN,
		appliesTo: () => true,
		observe(r, second, out) {
			const length = r.read(LENGTH, second);
			const rate = drainRate(r, second, window, length);
			let drain = NaN;
			if (!Number.isNaN(length) && length <= rule.min_length) drain = 0;
			else if (!Number.isNaN(rate)) drain = rate > 0 ? length / rate : Infinity;
			judge(out, drain, true, rule.above_seconds, recover);
			out.a = length;
			out.b = rate;
		}
	};
}

function drainRate(r: Reader, second: number, window: number, length: number): number {
	const enqueued = r.sum(ENQUEUED, second, window);
	const dequeued = r.sum(DEQUEUED, second, window);
	if (!Number.isNaN(enqueued) || !Number.isNaN(dequeued)) return ((Number.isNaN(dequeued) ? 0 : dequeued) - (Number.isNaN(enqueued) ? 0 : enqueued)) / window;
	return (r.read(LENGTH, second - window) - length) / window;
}

/** Growth of the queue length per second over the window. */
export function queueGrowthLogic(rule: QueueGrowthRule): MeasureLogic {
	const window = durationSeconds(rule.window);
	const recover = rule.recover ?? rule.above;
	return {
		kind: 'measure',
		inputs: [{ measurement: 'queue', field: 'length' }],
		lookback: window,
		units: { value: 'per_second', threshold: 'per_second' },
		extras: [{ name: 'length', unit: 'number' }],
		vars: { window: { n: window, unit: 'seconds' }, recover: { n: recover, unit: 'per_second' } },
		summary: GROWTH,
		appliesTo: () => true,
		observe(r, second, out) {
			const length = r.read(LENGTH, second);
			judge(out, (length - r.read(LENGTH, second - window)) / window, true, rule.above, recover);
			out.a = length;
		}
	};
}
