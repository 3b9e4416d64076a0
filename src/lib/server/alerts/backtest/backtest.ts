import { compileRule, RuleEngine, seriesReads, type AlertRule, type EngineConfig } from '../rules/index.ts';
import type { AlertTransition, Labels, ValueSource } from '../types.ts';
import { InfluxValueSource, type RunQuery } from './influx-source.ts';

/** One stretch of time an alert was firing. */
export interface FiringInterval {
	alertId: string;
	labels: Labels;
	/** Epoch ms of the second it fired. */
	firingFrom: number;
	/** Epoch ms of the second it resolved; null if still firing at the end of the range. */
	firingTo: number | null;
}

export interface BacktestResult {
	intervals: FiringInterval[];
	transitions: AlertTransition[];
}

/**
 * What `rule` would have done over seconds [fromSecond, toSecond] (inclusive): the same
 * `RuleEngine` that runs live, stepped one second at a time over `source`. Using the live code
 * rather than a query-side re-implementation is what makes a backtest agree with live alerting.
 */
export function backtest(rule: AlertRule, source: ValueSource, fromSecond: number, toSecond: number, config: EngineConfig): BacktestResult {
	const engine = new RuleEngine({ rules: [rule], config });
	const transitions: AlertTransition[] = [];
	for (let s = fromSecond; s <= toSecond; s++) {
		const t = engine.evaluate(source, s);
		for (const one of t) transitions.push(one);
	}
	return { intervals: firingIntervals(transitions), transitions };
}

/** `backtest` over stored history: loads what the rule reads (plus its window before `fromSecond`) from InfluxDB. */
export async function backtestStored(run: RunQuery, rule: AlertRule, fromSecond: number, toSecond: number, config: EngineConfig): Promise<BacktestResult> {
	const { reads, lookback } = seriesReads([compileRule(rule, config)]);
	const source = await InfluxValueSource.load(run, reads, fromSecond - lookback, toSecond);
	return backtest(rule, source, fromSecond, toSecond, config);
}

/** Pairs each transition into firing with the one out of it, per alert, in order of firing. */
export function firingIntervals(transitions: readonly AlertTransition[]): FiringInterval[] {
	const out: FiringInterval[] = [];
	const open = new Map<string, FiringInterval>();
	for (const t of transitions) {
		if (t.to === 'firing') {
			const interval = { alertId: t.alertId, labels: t.labels, firingFrom: t.at, firingTo: null };
			open.set(t.alertId, interval);
			out.push(interval);
		} else if (t.from === 'firing') {
			const interval = open.get(t.alertId);
			if (interval) interval.firingTo = t.at;
			open.delete(t.alertId);
		}
	}
	return out;
}
