import type { Config } from '../config/index.ts';
import type { AlertFired, BookingWindow, BottleneckSpan, Peak, StageReport, WindowReport } from '../../protocol/windows.ts';

/** Per-second values of one component field: second -> value. */
export type SecondValues = Map<number, number>;
/** Everything stored for a window: `component` -> `measurement.field` -> per-second values. */
export type WindowData = Map<string, Map<string, SecondValues>>;

export interface Verdict {
	second: number;
	/** Stage id, or '' for healthy. */
	stage: string;
}

/** The queues count as drained once under this share of their peak. */
export const DRAINED_SHARE = 0.01;
/** A verdict older than this (heartbeat 60 s plus slack) says nothing: the monitor was not running. */
const VERDICT_VALID_S = 90;

/**
 * The window report's arithmetic, apart from how the data was fetched: stage series are the
 * sums of their components' 1 s rollups, second by second, as the live pipeline view sees them.
 */
export function computeReport(args: {
	window: BookingWindow;
	previous: BookingWindow | null;
	config: Pick<Config, 'components' | 'pipeline'>;
	data: WindowData;
	verdicts: Verdict[];
	alerts: AlertFired[];
	toMs: number;
}): WindowReport {
	const { window, config, data } = args;
	const fromS = Math.floor(window.start / 1000);
	const toS = Math.ceil(Math.min(args.toMs, window.end) / 1000);
	const stageSum = (stageId: string, field: string) =>
		sumSeries(config.components.filter((c) => c.stage === stageId).map((c) => data.get(c.id)?.get(field)));
	const all = (field: string) => sumSeries(config.components.map((c) => data.get(c.id)?.get(field)));

	const bottlenecks = timeline(args.verdicts, fromS, toS);
	const stages: StageReport[] = config.pipeline.stages.map((stage) => {
		const queue = stage.kind === 'queue';
		const requests = total(stageSum(stage.id, queue ? 'queue.dequeued' : 'traffic.requests'));
		const errors = total(stageSum(stage.id, 'errors.count'));
		return {
			id: stage.id,
			name: stage.name,
			requests,
			errors,
			errorRatio: requests > 0 ? errors / requests : null,
			peakInflow: peak(stageSum(stage.id, queue ? 'queue.enqueued' : 'traffic.rps')),
			peakQueue: queue ? peak(stageSum(stage.id, 'queue.length')) : null,
			longestWaitS: queue ? peak(maxSeries(config.components.filter((c) => c.stage === stage.id).map((c) => data.get(c.id)?.get('queue.wait_p95_s')))) : null,
			bottleneckS: bottlenecks.filter((b) => b.stage === stage.id).reduce((s, b) => s + (b.to - b.from) / 1000, 0)
		};
	});

	const first = config.pipeline.stages[0];
	const queued = sumSeries(config.pipeline.stages.filter((s) => s.kind === 'queue').map((s) => stageSum(s.id, 'queue.length')));
	const peakQueue = peak(queued);
	return {
		window,
		from: window.start,
		to: Math.min(args.toMs, window.end),
		complete: args.toMs >= window.end,
		peakArrivals: first ? stages[0].peakInflow : null,
		peakConcurrent: peak(sumSeries([all('traffic.active_users'), queued])),
		peakQueue,
		longestWaitS: maxPeak(stages.map((s) => s.longestWaitS)),
		drainS: drainSeconds(queued, peakQueue, fromS),
		stages,
		bottlenecks,
		alerts: args.alerts,
		previous: args.previous
	};
}

function sumSeries(parts: (SecondValues | undefined)[]): SecondValues {
	const out: SecondValues = new Map();
	for (const p of parts) if (p) for (const [s, v] of p) out.set(s, (out.get(s) ?? 0) + v);
	return out;
}

function maxSeries(parts: (SecondValues | undefined)[]): SecondValues {
	const out: SecondValues = new Map();
	for (const p of parts) if (p) for (const [s, v] of p) out.set(s, Math.max(out.get(s) ?? -Infinity, v));
	return out;
}

function total(series: SecondValues): number {
	let sum = 0;
	for (const v of series.values()) sum += v;
	return sum;
}

/** The highest value and its first second; null for an empty series. */
export function peak(series: SecondValues): Peak | null {
	let best: Peak | null = null;
	for (const [s, v] of [...series].sort((a, b) => a[0] - b[0])) if (!best || v > best.value) best = { value: v, at: s * 1000 };
	return best;
}

function maxPeak(peaks: (Peak | null)[]): Peak | null {
	return peaks.reduce<Peak | null>((best, p) => (p && (!best || p.value > best.value) ? p : best), null);
}

/** First second after the peak at which the queues are under DRAINED_SHARE of it, from the opening. */
function drainSeconds(queued: SecondValues, top: Peak | null, openS: number): number | null {
	if (!top || top.value <= 0) return null;
	const after = [...queued].filter(([s]) => s * 1000 > top.at).sort((a, b) => a[0] - b[0]);
	const drained = after.find(([, v]) => v <= top.value * DRAINED_SHARE);
	return drained ? drained[0] - openS : null;
}

/**
 * Spans of the same verdict within [fromS, toS). The verdict before the window (the last one
 * stored) carries in; a verdict lasts until the next one or VERDICT_VALID_S without a heartbeat.
 */
export function timeline(verdicts: Verdict[], fromS: number, toS: number): BottleneckSpan[] {
	const sorted = [...verdicts].sort((a, b) => a.second - b.second);
	const spans: BottleneckSpan[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const v = sorted[i];
		const nextS = sorted[i + 1]?.second ?? Infinity;
		const from = Math.max(v.second, fromS);
		const to = Math.min(nextS, v.second + VERDICT_VALID_S, toS);
		if (to <= from) continue;
		const stage = v.stage || null;
		const last = spans[spans.length - 1];
		if (last && last.stage === stage && last.to === from * 1000) last.to = to * 1000;
		else spans.push({ stage, from: from * 1000, to: to * 1000 });
	}
	return spans;
}
