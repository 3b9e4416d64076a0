import { durationSeconds } from '../duration.ts';
import { metricName } from '../templates.ts';
import type { RateOfChangeRule } from '../schema.ts';
import { judge, type MeasureLogic } from './logic.ts';

const PER_SECOND = {
	en: '{{target}}: {{metric}} changing by {{value}} over the last {{window}} (limit {{threshold}})',
	ko: '{{target}}: 최근 {{window}} {{metric}} 변화 {{value}} (기준 {{threshold}})'
};
const PERCENT = {
	en: '{{target}}: {{metric}} changed by {{value}} in the last {{window}} (limit {{threshold}})',
	ko: '{{target}}: 최근 {{window}} {{metric}} {{value}} 변화 (기준 {{threshold}})'
};

/**
 * The change between the value `window` ago and now: per second, or relative in percent. Either
 * end missing is no data; a relative change from 0 is undefined and counts as no data too.
 */
export function rateOfChangeLogic(rule: RateOfChangeRule): MeasureLogic {
	const window = durationSeconds(rule.window);
	const above = rule.above !== undefined;
	const limit = (rule.above ?? rule.below)!;
	const recover = rule.recover ?? limit;
	const unit = rule.percent ? 'delta_percent' : 'delta_per_second';
	return {
		kind: 'measure',
		inputs: [{ measurement: rule.measurement, field: rule.field }],
		lookback: window,
		units: { value: unit, threshold: unit },
		extras: [],
		vars: {
			metric: { en: metricName(rule.measurement, rule.field, 'en'), ko: metricName(rule.measurement, rule.field, 'ko') },
			window: { n: window, unit: 'seconds' },
			recover: { n: recover, unit }
		},
		summary: rule.percent ? PERCENT : PER_SECOND,
		appliesTo: () => true,
		observe(r, second, out) {
			const now = r.read(0, second);
			const before = r.read(0, second - window);
			let change = NaN;
			if (rule.percent) change = before === 0 ? NaN : ((now - before) / Math.abs(before)) * 100;
			else change = (now - before) / window;
			judge(out, change, above, limit, recover);
		}
	};
}
