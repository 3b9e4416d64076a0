export { RuleEngine, type RuleEngineOptions, type RuleEngineStats } from './engine.ts';
export { HubValueSource } from './hub-source.ts';
export {
	AlertRuleSchema,
	AlertRulesSchema,
	checkRuleReferences,
	parseRule,
	RESERVED_LABELS,
	type AlertRule,
	type AlertRuleInput,
	type AlertRuleType,
	type RuleIssue,
	type RuleReferences
} from './schema.ts';
export { compileRule, seriesReads, type CompiledRule, type EngineConfig, type SeriesRead } from './compile.ts';
export { transition, INACTIVE, type Phase, type Observation, type Timing } from './state.ts';
export { renderTemplate, formatUnit, formatNumber, formatPercent, formatDuration, type Unit, type TemplateVars, type TemplateValue } from './templates.ts';
export { EngineSnapshotSchema, type EngineSnapshot } from './snapshot.ts';
export { alertId } from './record.ts';
export { LATE_SECONDS } from './kinds/index.ts';
export { durationSeconds } from './duration.ts';
