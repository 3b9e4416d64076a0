import type { StageState } from '../../protocol/pipeline.ts';
import { drainS, errorRatio, fullInS, growthPerS, littleWaitS, utilisation } from './flow-math.ts';
import type { StageInput } from './stage-inputs.ts';

/**
 * Per-stage figures and pressure: how hard each stage limits the end-to-end flow.
 *
 * - Utilisation of planned capacity counts as is (0.97 = nearly full).
 * - A stage whose backlog keeps growing is past its effective capacity, whatever the plan said
 *   (a degraded provider serves less than planned): pressure 1 + how fast the backlog grows.
 * - A waiting room's growing queue is demand piling up in front of the stage after it (the room
 *   admits only what that stage takes), so it adds pressure to that next stage.
 * - Errors throttle the flow: 5% or more adds pressure in proportion.
 * - A full waiting room turns people away: it becomes the limit itself.
 * - A stage that stopped reporting while others report is down.
 */

export type AnalysedStage = Omit<StageState, 'status' | 'summary' | 'summaryKo'> & { growing: boolean; overflowing: boolean; silentForS: number | null; pressureFrom: 'utilisation' | 'backlog' | 'queue-before' | 'errors' | 'overflow' | 'down' | null };

const GROWTH_SHARE = 0.02;
const QUEUE_GROWTH_SHARE = 0.05;
const MIN_GROWTH_PER_S = 1;
const ERROR_PRESSURE_FROM = 0.05;
const OVERFLOW_AT = 0.95;
export const SILENT_DOWN_S = 10;
const MAX_PRESSURE = 20;

export function analyseStages(inputs: StageInput[]): AnalysedStage[] {
	const anyFresh = inputs.some((i) => i.silentForS !== null && i.silentForS < SILENT_DOWN_S);
	const stages = inputs.map((i) => figures(i));
	stages.forEach((s, k) => {
		const input = inputs[k];
		const raise = (p: number, from: AnalysedStage['pressureFrom']) => {
			if (p > s.pressure) {
				s.pressure = Math.min(MAX_PRESSURE, p);
				s.pressureFrom = from;
			}
		};
		if (s.utilisation !== null) raise(s.utilisation, 'utilisation');
		if (s.kind === 'service' && s.growing) raise(1 + (10 * s.queueGrowthPerS!) / Math.max(input.backlogBefore ?? 1, 1), 'backlog');
		if (s.errorRatio !== null && s.errorRatio >= ERROR_PRESSURE_FROM) raise(1 + 5 * s.errorRatio, 'errors');
		if (s.overflowing) {
			// A full room's 503s are the overflow itself: name that, not the errors.
			s.pressure = Math.min(MAX_PRESSURE, Math.max(s.pressure, 2 + (s.queueLength ?? 0) / Math.max(input.queueCapacity ?? 1, 1)));
			s.pressureFrom = 'overflow';
		}
		if (s.kind === 'queue' && s.growing && !s.overflowing) {
			const next = stages[k + 1];
			if (next) {
				const p = 1 + s.queueGrowthPerS! / Math.max(s.outflowPerS ?? 1, 1);
				if (p > next.pressure) {
					next.pressure = Math.min(MAX_PRESSURE, p);
					next.pressureFrom = 'queue-before';
				}
			}
		}
		if (anyFresh && input.silentForS !== null && input.silentForS >= SILENT_DOWN_S) {
			s.pressure = MAX_PRESSURE + 1;
			s.pressureFrom = 'down';
		}
	});
	return stages;
}

function figures(i: StageInput): AnalysedStage {
	const queue = i.stage.kind === 'queue';
	const inflow = queue ? (i.enqueued ?? i.rps) : i.rps;
	const outflow = queue ? (i.dequeued ?? null) : i.rps === null ? null : i.rps - (i.errors ?? 0);
	const growth = growthPerS(i.backlogNow, i.backlogBefore, i.growthWindowS);
	// A service's backlog is noise below 2% of itself per second; a queue grows when more joins than
	// leaves by 5% of what leaves (a million-strong queue still grows at +1,000/s).
	const growing =
		growth !== null &&
		growth > Math.max(MIN_GROWTH_PER_S, queue ? QUEUE_GROWTH_SHARE * Math.max(outflow ?? 0, 0) : GROWTH_SHARE * Math.max(i.backlogBefore ?? 0, 0));
	const util = utilisation(i.rps, i.capacityRps);
	return {
		id: i.stage.id,
		name: i.stage.name,
		kind: i.stage.kind,
		components: i.components.map((c) => c.id),
		inflowPerS: inflow,
		outflowPerS: outflow,
		queueLength: i.backlogNow,
		queueGrowthPerS: growth,
		utilisation: util,
		headroomPerS: i.capacityRps !== null && i.rps !== null ? i.capacityRps - i.rps : null,
		waitS: queue ? littleWaitS(i.backlogNow, outflow) : null,
		drainS: drainS(i.backlogNow, growth),
		fullInS: queue ? fullInS(i.backlogNow, growth, i.queueCapacity) : null,
		errorRatio: errorRatio(i.errors, i.requests),
		p95Ms: i.p95Ms,
		pressure: 0,
		growing,
		overflowing: queue && i.queueCapacity !== null && (i.backlogNow ?? 0) >= OVERFLOW_AT * i.queueCapacity,
		silentForS: i.silentForS,
		pressureFrom: null
	};
}
