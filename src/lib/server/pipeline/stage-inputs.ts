import type { Component, Config, Stage } from '../config/index.ts';
import type { LiveHub } from '../live/hub.ts';

/** What the analyser reads of one stage: its components' rollups summed, at one second. */
export interface StageInput {
	stage: Stage;
	components: Component[];
	/** Mean over the last RATE_WINDOW_S seconds. */
	rps: number | null;
	requests: number | null;
	errors: number | null;
	enqueued: number | null;
	dequeued: number | null;
	/** Worst p95 latency among the components, now. */
	p95Ms: number | null;
	/** Queue length (queue stages) or active users (service stages), now and GROWTH_WINDOW_S ago. */
	backlogNow: number | null;
	backlogBefore: number | null;
	growthWindowS: number;
	capacityRps: number | null;
	queueCapacity: number | null;
	/** Seconds since any of the stage's components last reported; null if never. */
	silentForS: number | null;
}

export const RATE_WINDOW_S = 3;
export const GROWTH_WINDOW_S = 3;
/** How far back to look for a stage's last report. */
const SILENCE_LOOKBACK_S = 60;

export function readStageInputs(hub: LiveHub, config: Pick<Config, 'components' | 'pipeline'>, second: number): StageInput[] {
	return config.pipeline.stages.map((stage) => {
		const components = config.components.filter((c) => c.stage === stage.id);
		const ids = components.map((c) => c.id);
		const backlogField = stage.kind === 'queue' ? (['queue', 'length'] as const) : (['traffic', 'active_users'] as const);
		return {
			stage,
			components,
			rps: meanOf(hub, ids, 'traffic', 'rps', second),
			requests: meanOf(hub, ids, 'traffic', 'requests', second),
			errors: meanOf(hub, ids, 'errors', 'count', second),
			enqueued: meanOf(hub, ids, 'queue', 'enqueued', second),
			dequeued: meanOf(hub, ids, 'queue', 'dequeued', second),
			p95Ms: maxAt(hub, ids, 'traffic', 'p95_ms', second),
			backlogNow: sumAt(hub, ids, backlogField[0], backlogField[1], second),
			backlogBefore: sumAt(hub, ids, backlogField[0], backlogField[1], second - GROWTH_WINDOW_S),
			growthWindowS: GROWTH_WINDOW_S,
			capacityRps: sumCapacity(components, (c) => c.capacity?.rps ?? (c.capacity?.users_per_hour ? c.capacity.users_per_hour / 3600 : undefined)) ?? stage.capacity?.rps ?? null,
			queueCapacity: sumCapacity(components, (c) => c.capacity?.queue_length) ?? stage.capacity?.queue_length ?? null,
			silentForS: silentFor(hub, ids, second)
		};
	});
}

function sumAt(hub: LiveHub, ids: string[], measurement: string, field: string, second: number): number | null {
	let sum = 0;
	let seen = false;
	for (const component of ids) {
		const v = hub.value(hub.findRollup({ component, measurement, field }), second);
		if (Number.isNaN(v)) continue;
		sum += v;
		seen = true;
	}
	return seen ? sum : null;
}

function maxAt(hub: LiveHub, ids: string[], measurement: string, field: string, second: number): number | null {
	let max: number | null = null;
	for (const component of ids) {
		const v = hub.value(hub.findRollup({ component, measurement, field }), second);
		if (!Number.isNaN(v)) max = max === null ? v : Math.max(max, v);
	}
	return max;
}

/** Mean of the per-second stage sums over the rate window, skipping seconds without data. */
function meanOf(hub: LiveHub, ids: string[], measurement: string, field: string, second: number): number | null {
	let sum = 0;
	let n = 0;
	for (let s = second - RATE_WINDOW_S + 1; s <= second; s++) {
		const v = sumAt(hub, ids, measurement, field, s);
		if (v === null) continue;
		sum += v;
		n++;
	}
	return n > 0 ? sum / n : null;
}

function sumCapacity(components: Component[], of: (c: Component) => number | undefined): number | null {
	let sum = 0;
	for (const c of components) {
		const v = of(c);
		if (v === undefined) return null; // one component without a plan: the stage has no known capacity
		sum += v;
	}
	return components.length > 0 ? sum : null;
}

function silentFor(hub: LiveHub, ids: string[], second: number): number | null {
	for (let s = second; s > second - SILENCE_LOOKBACK_S; s--) {
		for (const component of ids) {
			for (const [measurement, field] of [['traffic', 'rps'], ['queue', 'length'], ['traffic', 'requests']] as const) {
				if (!Number.isNaN(hub.value(hub.findRollup({ component, measurement, field }), s))) return second - s;
			}
		}
	}
	return ids.some((id) => hub.seriesOf(id).length > 0) ? SILENCE_LOOKBACK_S : null;
}
