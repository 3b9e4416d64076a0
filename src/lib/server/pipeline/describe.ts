import type { StageStatus } from '../../protocol/pipeline.ts';
import type { AnalysedStage } from './analyse.ts';
import { EXIT_PRESSURE } from './verdict.ts';

/** Stage summaries and the bottleneck's reason, in words a room of people can act on. */

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const pct = (x: number) => `${Math.round(x * 100)}%`;
const perS = (x: number) => `${num.format(x)}/s`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${num.format(Math.abs(x))}/s`;

export function duration(s: number): string {
	if (!Number.isFinite(s)) return 'never at this rate';
	if (s < 90) return `${Math.round(s)} s`;
	if (s < 5400) return `${Math.round(s / 60)} min`;
	return `${(s / 3600).toFixed(1)} h`;
}

export function statusOf(s: AnalysedStage, bottleneck: string | null): StageStatus {
	if (s.silentForS === null) return 'no-data';
	if (s.pressureFrom === 'down') return 'down';
	if (s.id === bottleneck) return 'bottleneck';
	if (s.pressure >= EXIT_PRESSURE || (s.errorRatio ?? 0) >= 0.02 || s.growing) return 'strained';
	return 'ok';
}

/** "Identity verification: outflow 5,400/s at 98% of capacity, queue +1,200/s, est. wait 7 min" */
export function summarise(s: AnalysedStage): string {
	if (s.silentForS === null) return `${s.name}: no data yet`;
	if (s.pressureFrom === 'down') return `${s.name}: no data for ${duration(s.silentForS)}`;
	const parts: string[] = [];
	if (s.outflowPerS !== null) parts.push(`outflow ${perS(s.outflowPerS)}${s.utilisation !== null ? ` at ${pct(s.utilisation)} of capacity` : ''}`);
	if (s.kind === 'queue' && s.queueLength !== null) parts.push(`${num.format(s.queueLength)} waiting`);
	if (s.queueGrowthPerS !== null && (s.growing || (s.drainS !== null && s.kind === 'queue'))) {
		parts.push(`${s.kind === 'queue' ? 'queue' : 'backlog'} ${signed(s.queueGrowthPerS)}`);
	}
	if (s.waitS !== null && s.waitS > 0) parts.push(`est. wait ${duration(s.waitS)}`);
	if (s.fullInS !== null) parts.push(`full in ${duration(s.fullInS)}`);
	if (s.drainS !== null && s.kind === 'queue') parts.push(`empty in ${duration(s.drainS)}`);
	if (s.errorRatio !== null && s.errorRatio >= 0.01) parts.push(`${pct(s.errorRatio)} errors`);
	if (s.p95Ms !== null && s.kind === 'service') parts.push(`p95 ${num.format(s.p95Ms)} ms`);
	return `${s.name}: ${parts.join(', ') || 'idle'}`;
}

/** The verdict's reason: the named stage in full, then what it does to the stages around it. */
export function reasonFor(stages: AnalysedStage[], id: string): string {
	const k = stages.findIndex((s) => s.id === id);
	const s = stages[k];
	const why: Record<NonNullable<AnalysedStage['pressureFrom']>, string> = {
		utilisation: 'at capacity',
		backlog: 'cannot keep up, its backlog grows',
		'queue-before': `people pile up in ${stages[k - 1]?.name.toLowerCase() ?? 'the queue'} in front of it`,
		errors: 'errors throttle the flow',
		overflow: 'full, turning people away',
		down: 'stopped reporting'
	};
	let text = `${summarise(s)} (${why[s.pressureFrom ?? 'utilisation']})`;
	const before = stages[k - 1];
	if (s.pressureFrom === 'queue-before' && before?.queueGrowthPerS != null) {
		text += `; ${before.name.toLowerCase()} ${signed(before.queueGrowthPerS)}${before.fullInS !== null ? `, full in ${duration(before.fullInS)}` : ''}`;
	}
	const after = stages.slice(k + 1).filter((x) => x.utilisation !== null && x.silentForS !== null);
	const idle = after.find((x) => (x.utilisation ?? 1) < 0.6);
	if (idle) text += `; ${idle.name.toLowerCase()} idle at ${pct(idle.utilisation!)}`;
	return text;
}
