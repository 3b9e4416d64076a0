import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../../../../src/lib/server/config/index.ts';
import { AlertRuleSchema, AlertRulesSchema, checkRuleReferences, parseRule } from '../../../../../src/lib/server/alerts/rules/index.ts';
import { CONFIG } from './fake-source.ts';

/** The problems a person would read, as `path: message`. */
function problems(input: unknown, schema: typeof AlertRuleSchema | typeof AlertRulesSchema = AlertRuleSchema): string[] {
	const r = schema.safeParse(input);
	return r.success ? [] : formatIssues(r.error.issues);
}

describe('AlertRuleSchema defaults', () => {
	it('fills the common defaults: warning, no labels, for 0s, every component, by component', () => {
		expect(parseRule({ id: 'p95', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000 })).toEqual({
			id: 'p95',
			type: 'threshold',
			measurement: 'traffic',
			field: 'p95_ms',
			above: 1000,
			severity: 'warning',
			labels: {},
			for: '0s',
			keep_firing_for: '0s',
			max_gap: '5m',
			by: 'component'
		});
	});

	const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
		['no_data watches for 60 s', { type: 'no_data', measurement: 'traffic' }, { seconds: 60 }],
		['rate_of_change: 30 s window, per second', { type: 'rate_of_change', measurement: 'traffic', field: 'rps', above: 100 }, { window: '30s', percent: false }],
		['error_ratio: 10 s window', { type: 'error_ratio', above: 0.05 }, { window: '10s' }],
		['queue_drain: 30 s window, min_length 0', { type: 'queue_drain', above_seconds: 600 }, { window: '30s', min_length: 0 }],
		['queue_growth: 30 s window', { type: 'queue_growth', above: 50 }, { window: '30s' }],
		['capacity: of traffic, 60 s forecast window', { type: 'capacity', above: 0.9 }, { of: 'traffic', window: '60s' }]
	];
	it.each(cases)('%s', (_name, rule, defaults) => {
		expect(parseRule({ id: 'r', ...rule })).toMatchObject(defaults);
	});
});

describe('AlertRuleSchema errors name the key to fix', () => {
	const base = { id: 'r', type: 'threshold', measurement: 'traffic', field: 'p95_ms' };
	const cases: [string, unknown, RegExp][] = [
		['neither above nor below', base, /^above: give exactly one of `above` or `below`/],
		['both above and below', { ...base, above: 10, below: 5 }, /^below: give exactly one/],
		['recover above an `above` threshold', { ...base, above: 1000, recover: 1200 }, /^recover: recover \(1200\) must not be above/],
		['recover below a `below` threshold', { ...base, below: 10, recover: 5 }, /^recover: recover \(5\) must not be below/],
		['a sub-second duration', { ...base, above: 1, for: '500ms' }, /^for: a duration in whole seconds/],
		['an unknown key (a typo)', { ...base, above: 1, fro: '30s' }, /unrecognized key.*"fro"/i],
		['an unknown type', { id: 'r', type: 'thresold' }, /^type: /],
		['a label the engine sets', { ...base, above: 1, labels: { severity: 'page' } }, /^labels\.severity: "severity" is set by the engine \(use the rule's `severity` key\)/],
		['no_data on a custom measurement without a field', { id: 'r', type: 'no_data', measurement: 'cpu' }, /^field: give the field to watch/],
		['an error ratio given in percent', { id: 'r', type: 'error_ratio', above: 5 }, /^above: a ratio: 0.05 means 5 %/],
		['a zero window', { id: 'r', type: 'queue_growth', above: 5, window: '0s' }, /^window: a window of at least 1 s/],
		['capacity without a limit', { id: 'r', type: 'capacity' }, /^above: give `above`.*`forecast_seconds`/],
		['a forecast of traffic', { id: 'r', type: 'capacity', forecast_seconds: 300 }, /^forecast_seconds: a forecast needs `of: queue`/],
		['capacity per instance', { id: 'r', type: 'capacity', above: 0.9, by: 'instance' }, /^by: capacity is planned per component/],
		['queue_drain recovery above its limit', { id: 'r', type: 'queue_drain', above_seconds: 60, recover_seconds: 120 }, /^recover_seconds: /]
	];
	it.each(cases)('%s', (_name, input, want) => {
		const got = problems(input);
		expect(got.some((p) => want.test(p)), got.join('\n')).toBe(true);
	});

	it('rejects duplicate rule ids in the list', () => {
		const rule = { id: 'dup', type: 'no_data', measurement: 'traffic' };
		expect(problems([rule, rule], AlertRulesSchema)).toEqual(['[1].id: duplicate rule id "dup"']);
	});
});

describe('checkRuleReferences', () => {
	it('reports components, stages and orgs the config does not declare, and capacity rules on components without one', () => {
		const rules = [
			parseRule({ id: 'a', type: 'no_data', measurement: 'traffic', components: ['cdn', 'nope'], stages: ['landing', 'lobby'], orgs: ['kt', 'acme'] }),
			parseRule({ id: 'b', type: 'capacity', of: 'queue', above: 0.9, components: ['wr', 'cdn'] })
		];
		expect(checkRuleReferences(rules, CONFIG)).toEqual([
			{ path: [0, 'components', 1], message: 'unknown component "nope" (declare it under components)' },
			{ path: [0, 'stages', 1], message: 'unknown stage "lobby" (declare it under pipeline.stages)' },
			{ path: [0, 'orgs', 1], message: 'unknown org "acme" (declare it under orgs)' },
			{ path: [1, 'components', 1], message: 'component "cdn" has no capacity.queue_length' }
		]);
	});
});
