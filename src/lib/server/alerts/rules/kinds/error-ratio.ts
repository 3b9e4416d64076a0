import { durationSeconds } from '../duration.ts';
import type { ErrorRatioRule } from '../schema.ts';
import { judge, type MeasureLogic } from './logic.ts';

const SUMMARY = {
	en: '{{target}}: {{value}} of requests failed in the last {{window}} ({{errors}} of {{requests}}; limit {{threshold}})',
	ko: '{{target}}: 최근 {{window}} 요청 {{requests}}건 중 {{errors}}건 실패, 오류율 {{value}} (기준 {{threshold}})'
};

/**
 * errors.count / traffic.requests summed over the window. Seconds without an errors point count
 * as no errors (senders often report errors only when there are some); a window without any
 * requests has no ratio, which holds the alert's state like any gap.
 */
export function errorRatioLogic(rule: ErrorRatioRule): MeasureLogic {
	const window = durationSeconds(rule.window);
	const recover = rule.recover ?? rule.above;
	return {
		kind: 'measure',
		inputs: [
			{ measurement: 'traffic', field: 'requests' },
			{ measurement: 'errors', field: 'count' }
		],
		lookback: window - 1,
		units: { value: 'ratio', threshold: 'ratio' },
		extras: [
			{ name: 'errors', unit: 'number' },
			{ name: 'requests', unit: 'number' }
		],
		vars: { window: { n: window, unit: 'seconds' }, recover: { n: recover, unit: 'ratio' } },
		summary: SUMMARY,
		appliesTo: () => true,
		observe(r, second, out) {
			const requests = r.sum(0, second, window);
			const errors = r.sum(1, second, window);
			const failed = Number.isNaN(errors) ? 0 : errors;
			const ratio = requests > 0 ? failed / requests : NaN;
			judge(out, ratio, true, rule.above, recover);
			out.a = failed;
			out.b = requests;
		}
	};
}
