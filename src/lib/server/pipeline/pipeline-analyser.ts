import type { Config } from '../config/index.ts';
import type { LiveHub } from '../live/hub.ts';
import type { PipelineState } from '../../protocol/pipeline.ts';
import { analyseStages } from './analyse.ts';
import { reasonFor, statusOf, summarise } from './describe.ts';
import { readStageInputs } from './stage-inputs.ts';
import { VerdictKeeper } from './verdict.ts';

/**
 * Once a tick: reads the last complete second of every stage from the live hub, works out the
 * figures and pressures, and keeps the bottleneck verdict. Cheap (a few map lookups per
 * component and second), so it runs on every tick with the rest of the live path.
 */
export class PipelineAnalyser {
	private readonly verdict = new VerdictKeeper();
	private state: PipelineState;

	constructor(
		private readonly hub: LiveHub,
		private readonly config: Pick<Config, 'components' | 'pipeline'>
	) {
		this.state = { time: 0, stages: [], bottleneck: null, reason: null, since: null };
	}

	/** Analyses `second` (default: the last complete one). */
	tick(second = this.hub.nowSecond() - 1): PipelineState {
		// One verdict step per second, however often it is asked (hysteresis counts seconds).
		if (second * 1000 <= this.state.time) return this.state;
		const stages = analyseStages(readStageInputs(this.hub, this.config, second));
		const time = second * 1000;
		const { stage, since } = this.verdict.update(stages, time);
		this.state = {
			time,
			bottleneck: stage,
			since,
			reason: stage ? reasonFor(stages, stage) : null,
			reasonKo: stage ? reasonFor(stages, stage, 'ko') : null,
			stages: stages.map(({ growing: _g, overflowing: _o, silentForS: _s, pressureFrom: _p, ...figures }) => {
				const analysed = stages.find((s) => s.id === figures.id)!;
				return { ...figures, status: statusOf(analysed, stage), summary: summarise(analysed), summaryKo: summarise(analysed, 'ko') };
			})
		};
		return this.state;
	}

	get latest(): PipelineState {
		return this.state;
	}
}
