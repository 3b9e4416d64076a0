import { formatLine } from '../ingest/index.ts';
import type { PipelineState } from '../../protocol/pipeline.ts';

/** Where the bottleneck verdicts are kept: window reports draw their timeline from it. */
export const VERDICT_MEASUREMENT = 'pipeline_verdict';
/** A verdict is repeated this often while it holds, so a gap means the monitor was not running. */
export const VERDICT_HEARTBEAT_S = 60;

/**
 * Stores the bottleneck verdict when it changes (and once a minute while it holds): one point
 * per change rather than one per second, with `bottleneck=""` for a healthy flow.
 */
export class VerdictRecorder {
	private last: { stage: string; second: number } | null = null;

	/** The line to store for this state, or null when nothing needs storing. */
	record(state: PipelineState): string | null {
		const second = Math.floor(state.time / 1000);
		const stage = state.bottleneck ?? '';
		if (state.time <= 0) return null;
		if (this.last && this.last.stage === stage && second - this.last.second < VERDICT_HEARTBEAT_S) return null;
		if (this.last && second <= this.last.second) return null;
		this.last = { stage, second };
		const pressure = state.stages.find((s) => s.id === state.bottleneck)?.pressure ?? 0;
		return formatLine(VERDICT_MEASUREMENT, {}, { bottleneck: stage, pressure }, { bottleneck: 'string', pressure: 'float' }, `${second}000000000`);
	}
}
