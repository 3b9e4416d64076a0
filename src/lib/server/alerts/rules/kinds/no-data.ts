import { metricName } from '../templates.ts';
import { STANDARD_FIELDS } from '../../../live/subscriptions.ts';
import type { NoDataRule } from '../schema.ts';
import { LATE_SECONDS, type PresenceLogic } from './logic.ts';

const SUMMARY = {
	en: '{{target}}: no {{metric}} data for {{value}}',
	ko: '{{target}}: {{value}} 동안 {{metric}} 데이터 없음'
};

/** Silence: any of the watched fields counts as data. */
export function noDataLogic(rule: NoDataRule): PresenceLogic {
	const fields = rule.field !== undefined ? [rule.field] : STANDARD_FIELDS[rule.measurement];
	return {
		kind: 'presence',
		seconds: rule.seconds,
		inputs: fields.map((field) => ({ measurement: rule.measurement, field })),
		lookback: LATE_SECONDS,
		units: { value: 'seconds', threshold: 'seconds' },
		extras: [],
		vars: { metric: { en: metricName(rule.measurement, rule.field, 'en'), ko: metricName(rule.measurement, rule.field, 'ko') } },
		summary: SUMMARY,
		appliesTo: () => true
	};
}
