import { z } from 'zod';
import { STANDARD_FIELDS } from '../../live/subscriptions.ts';
import { RULE_DURATION } from './duration.ts';

/**
 * One item of the config's `alerts.rules:` list. Whoever owns the `alerts` key puts
 * `AlertRulesSchema` under `rules` and calls `checkRuleReferences` from its superRefine (ids that
 * must name components, stages and orgs of the same file). Nothing here imports the config
 * module: config imports this file, and a cycle would leave one side undefined at load time.
 */

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (e.g. "idp-latency")');

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a measurement or field name such as "traffic" or "p95_ms"');

const duration = z.string().regex(RULE_DURATION, 'a duration in whole seconds such as "0s", "30s", "2m", "1h"');

const window = duration.refine((d) => !/^0+[smhd]$/.test(d), 'a window of at least 1 s');

/** Labels the engine sets itself; a rule may not override them. */
export const RESERVED_LABELS = ['alertname', 'severity', 'component', 'instance', 'org', 'stage'] as const;

const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a label name such as "team" (letters, digits, "_")');

/** `summary: "text"` is both languages; `{ en, ko }` may give one and fall back to the other. */
const summary = z.union([
	z.string().min(1),
	z.strictObject({ en: z.string().min(1).optional(), ko: z.string().min(1).optional() })
]);

const common = {
	id,
	severity: z.enum(['info', 'warning', 'critical']).default('warning'),
	labels: z.record(labelName, z.string()).default({}),
	/** How long the condition must hold before the alert fires; 0s fires in the tick the breach is seen. */
	for: duration.default('0s'),
	/** How long the value must stay at the recovery level before a firing alert resolves. */
	keep_firing_for: duration.default('0s'),
	/** How long a pending or firing alert holds its state through missing data before it clears/resolves. */
	max_gap: duration.default('5m'),
	summary: summary.optional(),
	/** Target selection; filters combine (a component must match each one given). Default: every component. */
	components: z.array(id).min(1).optional(),
	stages: z.array(id).min(1).optional(),
	orgs: z.array(id).min(1).optional(),
	by: z.enum(['component', 'instance']).default('component')
};

const ThresholdRule = z.strictObject({
	...common,
	type: z.literal('threshold'),
	measurement: name,
	field: name,
	above: z.number().optional(),
	below: z.number().optional(),
	/** Hysteresis: a firing alert resolves only once the value is back at this level (default: the threshold). */
	recover: z.number().optional()
});

const NoDataRule = z.strictObject({
	...common,
	type: z.literal('no_data'),
	measurement: name,
	/** Default: any standard field of the measurement (traffic, queue, errors). */
	field: name.optional(),
	/** Fires once no value has arrived for this many seconds. */
	seconds: z.number().int().positive().default(60)
});

const RateOfChangeRule = z.strictObject({
	...common,
	type: z.literal('rate_of_change'),
	measurement: name,
	field: name,
	window: window.default('30s'),
	/** Change per second over the window; with `percent: true`, the relative change over the window in %. */
	above: z.number().optional(),
	below: z.number().optional(),
	recover: z.number().optional(),
	percent: z.boolean().default(false)
});

const ratio = z.number().positive().max(1, 'a ratio: 0.05 means 5 %');

const ErrorRatioRule = z.strictObject({
	...common,
	type: z.literal('error_ratio'),
	window: window.default('10s'),
	above: ratio,
	recover: z.number().min(0).max(1).optional()
});

const QueueDrainRule = z.strictObject({
	...common,
	type: z.literal('queue_drain'),
	window: window.default('30s'),
	above_seconds: z.number().positive(),
	recover_seconds: z.number().min(0).optional(),
	/** A queue this short never alerts, even while it grows. */
	min_length: z.number().min(0).default(0)
});

const QueueGrowthRule = z.strictObject({
	...common,
	type: z.literal('queue_growth'),
	window: window.default('30s'),
	/** People (or items) per second. */
	above: z.number(),
	recover: z.number().optional()
});

const CapacityRule = z.strictObject({
	...common,
	type: z.literal('capacity'),
	/** `traffic`: rps against capacity.rps (or users_per_hour / 3600); `queue`: length against capacity.queue_length. */
	of: z.enum(['traffic', 'queue']).default('traffic'),
	above: z.number().positive().optional(),
	recover: z.number().min(0).optional(),
	/** Queue only: fire when, at the trend over `window`, the queue is full within this many seconds. */
	forecast_seconds: z.number().positive().optional(),
	window: window.default('60s')
});

export const AlertRuleSchema = z
	.discriminatedUnion('type', [ThresholdRule, NoDataRule, RateOfChangeRule, ErrorRatioRule, QueueDrainRule, QueueGrowthRule, CapacityRule])
	.superRefine(checkRule);

/** The `alerts.rules:` list: items plus unique ids. */
export const AlertRulesSchema = z.array(AlertRuleSchema).superRefine((rules, ctx) => {
	const seen = new Set<string>();
	rules.forEach((r, i) => {
		if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id "${r.id}"` });
		seen.add(r.id);
	});
});

export type AlertRule = z.output<typeof AlertRuleSchema>;
export type AlertRuleInput = z.input<typeof AlertRuleSchema>;
export type AlertRuleType = AlertRule['type'];
export type ThresholdRule = Extract<AlertRule, { type: 'threshold' }>;
export type NoDataRule = Extract<AlertRule, { type: 'no_data' }>;
export type RateOfChangeRule = Extract<AlertRule, { type: 'rate_of_change' }>;
export type ErrorRatioRule = Extract<AlertRule, { type: 'error_ratio' }>;
export type QueueDrainRule = Extract<AlertRule, { type: 'queue_drain' }>;
export type QueueGrowthRule = Extract<AlertRule, { type: 'queue_growth' }>;
export type CapacityRule = Extract<AlertRule, { type: 'capacity' }>;

/** Parses one rule, e.g. in tests or an API that takes a rule to backtest; throws zod's error. */
export function parseRule(input: AlertRuleInput | unknown): AlertRule {
	return AlertRuleSchema.parse(input);
}

type Ctx = z.RefinementCtx;

function checkRule(rule: AlertRule, ctx: Ctx): void {
	for (const key of Object.keys(rule.labels)) {
		if ((RESERVED_LABELS as readonly string[]).includes(key))
			issue(ctx, ['labels', key], `"${key}" is set by the engine${key === 'severity' ? ' (use the rule\'s `severity` key)' : ''}`);
	}
	switch (rule.type) {
		case 'threshold':
		case 'rate_of_change':
			return checkLimit(rule, ctx);
		case 'no_data':
			if (rule.field === undefined && !STANDARD_FIELDS[rule.measurement])
				issue(ctx, ['field'], `give the field to watch: "${rule.measurement}" is not a standard measurement (${Object.keys(STANDARD_FIELDS).join(', ')})`);
			return;
		case 'error_ratio':
			if (rule.recover !== undefined && rule.recover > rule.above) issue(ctx, ['recover'], `recover (${rule.recover}) must not be above the limit (${rule.above})`);
			return;
		case 'queue_drain':
			if (rule.recover_seconds !== undefined && rule.recover_seconds > rule.above_seconds)
				issue(ctx, ['recover_seconds'], `recover_seconds (${rule.recover_seconds}) must not be above above_seconds (${rule.above_seconds})`);
			return;
		case 'queue_growth':
			if (rule.recover !== undefined && rule.recover > rule.above) issue(ctx, ['recover'], `recover (${rule.recover}) must not be above the limit (${rule.above})`);
			return;
		case 'capacity':
			return checkCapacity(rule, ctx);
	}
}

/** Exactly one of above/below, and a recovery level on the healthy side of it. */
function checkLimit(rule: { above?: number; below?: number; recover?: number }, ctx: Ctx): void {
	if ((rule.above === undefined) === (rule.below === undefined)) {
		issue(ctx, [rule.above === undefined ? 'above' : 'below'], 'give exactly one of `above` or `below`');
		return;
	}
	if (rule.recover === undefined) return;
	if (rule.above !== undefined && rule.recover > rule.above)
		issue(ctx, ['recover'], `recover (${rule.recover}) must not be above the \`above\` threshold (${rule.above}): e.g. above 1000, recover 800`);
	if (rule.below !== undefined && rule.recover < rule.below)
		issue(ctx, ['recover'], `recover (${rule.recover}) must not be below the \`below\` threshold (${rule.below}): e.g. below 10, recover 20`);
}

function checkCapacity(rule: CapacityRule, ctx: Ctx): void {
	if (rule.above === undefined && rule.forecast_seconds === undefined) issue(ctx, ['above'], 'give `above` (a utilisation such as 0.9), `forecast_seconds`, or both');
	if (rule.forecast_seconds !== undefined && rule.of !== 'queue') issue(ctx, ['forecast_seconds'], 'a forecast needs `of: queue` (when the queue reaches capacity.queue_length)');
	if (rule.recover !== undefined && rule.above !== undefined && rule.recover > rule.above)
		issue(ctx, ['recover'], `recover (${rule.recover}) must not be above the limit (${rule.above})`);
	if (rule.recover !== undefined && rule.above === undefined) issue(ctx, ['recover'], '`recover` applies to `above`; give `above` too');
	if (rule.by === 'instance') issue(ctx, ['by'], 'capacity is planned per component: use `by: component`');
}

/** What `checkRuleReferences` needs of the config (a structural subset, so no import of it). */
export interface RuleReferences {
	components: readonly { id: string; org: string; stage: string; capacity?: { rps?: number; users_per_hour?: number; queue_length?: number } }[];
	orgs: readonly { id: string }[];
	pipeline: { stages: readonly { id: string }[] };
}

export interface RuleIssue {
	/** Relative to the rules list: `[3, 'components', 0]`. */
	path: (string | number)[];
	message: string;
}

/** Ids a schema cannot check: components, stages and orgs the rules name must be declared. */
export function checkRuleReferences(rules: readonly AlertRule[], refs: RuleReferences): RuleIssue[] {
	const out: RuleIssue[] = [];
	const components = new Map(refs.components.map((c) => [c.id, c]));
	const stages = new Set(refs.pipeline.stages.map((s) => s.id));
	const orgs = new Set(refs.orgs.map((o) => o.id));
	rules.forEach((rule, i) => {
		rule.components?.forEach((c, j) => {
			const comp = components.get(c);
			if (!comp) out.push({ path: [i, 'components', j], message: `unknown component "${c}" (declare it under components)` });
			else if (rule.type === 'capacity' && !hasCapacity(comp, rule.of)) out.push({ path: [i, 'components', j], message: `component "${c}" has no ${rule.of === 'queue' ? 'capacity.queue_length' : 'capacity.rps or capacity.users_per_hour'}` });
		});
		rule.stages?.forEach((s, j) => stages.has(s) || out.push({ path: [i, 'stages', j], message: `unknown stage "${s}" (declare it under pipeline.stages)` }));
		rule.orgs?.forEach((o, j) => orgs.has(o) || out.push({ path: [i, 'orgs', j], message: `unknown org "${o}" (declare it under orgs)` }));
	});
	return out;
}

export function hasCapacity(component: RuleReferences['components'][number], of: 'traffic' | 'queue'): boolean {
	const c = component.capacity;
	return of === 'queue' ? c?.queue_length !== undefined : c?.rps !== undefined || c?.users_per_hour !== undefined;
}

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
	ctx.addIssue({ code: 'custom', path, message });
}
