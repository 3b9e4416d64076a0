import { combineFor } from '../../live/rollup-rules.ts';
import type { Component, Config } from '../../config/index.ts';
import type { Labels, Language } from '../types.ts';
import { durationSeconds } from './duration.ts';
import { logicFor, type RuleLogic } from './kinds/index.ts';
import type { AlertRule } from './schema.ts';
import type { Timing } from './state.ts';
import { renderTemplate, type TemplateVars } from './templates.ts';

/** What the engine needs of the config. */
export type EngineConfig = Pick<Config, 'components'> & Partial<Pick<Config, 'pipeline' | 'orgs'>>;

/** A rule made ready to evaluate against one config: its logic, timing and targets. */
export interface CompiledRule {
	rule: AlertRule;
	logic: RuleLogic;
	timing: Timing;
	perInstance: boolean;
	/** Selected components, in config order. */
	targets: Component[];
	/**
	 * What the rule measures. State survives a hot reload when this is unchanged (a new threshold,
	 * `for` or summary keeps firing alerts firing); a rule that now measures something else
	 * starts over, and its old alerts resolve.
	 */
	identity: string;
	/** May fire from the second still in progress (see Evaluator.evaluateEarly). */
	firesEarly: boolean;
	/** The inputs as one string: a cache key for what is derived from them. */
	inputsKey: string;
	summary: Record<Language, string>;
}

export function compileRule(rule: AlertRule, config: EngineConfig): CompiledRule {
	const logic = logicFor(rule);
	return {
		rule,
		logic,
		timing: {
			forSeconds: durationSeconds(rule.for),
			keepFiringSeconds: durationSeconds(rule.keep_firing_for),
			maxGapSeconds: durationSeconds(rule.max_gap)
		},
		perInstance: rule.by === 'instance',
		firesEarly: rule.type === 'threshold' && rule.above !== undefined && rule.by === 'component' && durationSeconds(rule.for) === 0 && combineFor(rule.field) !== 'mean',
		targets: config.components.filter((c) => selects(rule, c) && logic.appliesTo(c)),
		identity: JSON.stringify([rule.type, rule.by, logic.inputs]),
		inputsKey: logic.inputs.map((i) => `${i.measurement}.${i.field}`).join(','),
		summary: summaryOf(rule, logic)
	};
}

/** Every filter given must match; no filter at all selects every component. */
function selects(rule: AlertRule, c: Component): boolean {
	return (!rule.components || rule.components.includes(c.id)) && (!rule.stages || rule.stages.includes(c.stage)) && (!rule.orgs || rule.orgs.includes(c.org));
}

/** A language the rule does not give falls back to the one it does, then to the type's default. */
function summaryOf(rule: AlertRule, logic: RuleLogic): Record<Language, string> {
	const s = rule.summary;
	if (s === undefined) return logic.summary;
	if (typeof s === 'string') return { en: s, ko: s };
	return { en: s.en ?? s.ko ?? logic.summary.en, ko: s.ko ?? s.en ?? logic.summary.ko };
}

export function labelsOf(rule: AlertRule, component: Component, instance: string | null): Labels {
	const labels: Labels = { ...rule.labels, alertname: rule.id, severity: rule.severity, component: component.id, org: component.org, stage: component.stage };
	if (instance !== null) labels.instance = instance;
	return labels;
}

/** The alert's current figures, as `renderSummary` fills them in. */
export interface Figures {
	value: number | null;
	threshold: number | null;
	a: number | null;
	b: number | null;
}

export function renderSummary(c: CompiledRule, component: Component, instance: string | null, f: Figures, config: EngineConfig): Record<Language, string> {
	const vars = templateVars(c, component, instance, f, config);
	return { en: renderTemplate(c.summary.en, vars, 'en'), ko: renderTemplate(c.summary.ko, vars, 'ko') };
}

function templateVars(c: CompiledRule, component: Component, instance: string | null, f: Figures, config: EngineConfig): TemplateVars {
	const { rule, logic } = c;
	const target = instance === null ? component.name : `${component.name} (${instance})`;
	const vars: TemplateVars = {
		...labelsOf(rule, component, instance),
		rule: rule.id,
		instance: instance ?? '',
		component_name: component.name,
		stage_name: config.pipeline?.stages.find((s) => s.id === component.stage)?.name ?? component.stage,
		org_name: config.orgs?.find((o) => o.id === component.org)?.name ?? component.org,
		target,
		measurement: logic.inputs[0].measurement,
		field: 'field' in rule && rule.field !== undefined ? rule.field : '',
		...logic.vars,
		for: { n: c.timing.forSeconds, unit: 'seconds' },
		value: { n: f.value, unit: logic.units.value },
		threshold: { n: f.threshold, unit: logic.units.threshold }
	};
	logic.extras.forEach((e, i) => (vars[e.name] = { n: i === 0 ? f.a : f.b, unit: e.unit }));
	return vars;
}

/** One series a rule reads: a component rollup, or (per instance) the raw values behind it. */
export interface SeriesRead {
	component: string;
	measurement: string;
	field: string;
	perInstance: boolean;
}

/** Every series the rules read over this config, and how many seconds before the first evaluated one they look. */
export function seriesReads(rules: readonly CompiledRule[]): { reads: SeriesRead[]; lookback: number } {
	const reads = new Map<string, SeriesRead>();
	let lookback = 0;
	for (const c of rules) {
		lookback = Math.max(lookback, c.logic.lookback);
		for (const component of c.targets) {
			for (const input of c.logic.inputs) {
				const read = { component: component.id, measurement: input.measurement, field: input.field, perInstance: c.perInstance };
				reads.set(JSON.stringify(read), read);
			}
		}
	}
	return { reads: [...reads.values()], lookback };
}

