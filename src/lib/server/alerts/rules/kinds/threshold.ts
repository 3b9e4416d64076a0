import { metricName, unitOfField } from '../templates.ts';
import type { ThresholdRule } from '../schema.ts';
import { judge, type MeasureLogic } from './logic.ts';

const ABOVE = {
	en: '{{target}}: {{metric}} is {{value}}, above the {{threshold}} limit',
	ko: '{{target}}: {{metric}} {{value}}, 기준 {{threshold}} 초과'
};
const BELOW = {
	en: '{{target}}: {{metric}} is {{value}}, below the {{threshold}} minimum',
	ko: '{{target}}: {{metric}} {{value}}, 기준 {{threshold}} 미만'
};

/** A field's value at the second against a fixed limit. */
export function thresholdLogic(rule: ThresholdRule): MeasureLogic {
	const above = rule.above !== undefined;
	const limit = (rule.above ?? rule.below)!;
	const recover = rule.recover ?? limit;
	const unit = unitOfField(rule.field);
	return {
		kind: 'measure',
		inputs: [{ measurement: rule.measurement, field: rule.field }],
		lookback: 0,
		units: { value: unit, threshold: unit },
		extras: [],
		vars: {
			metric: { en: metricName(rule.measurement, rule.field, 'en'), ko: metricName(rule.measurement, rule.field, 'ko') },
			recover: { n: recover, unit }
		},
		summary: above ? ABOVE : BELOW,
		appliesTo: () => true,
		observe(r, second, out) {
			judge(out, r.read(0, second), above, limit, recover);
		},
		mayBreach: above ? (v) => v > limit : (v) => v < limit
	};
}
