import type { ColumnBlock, SeriesRef } from '../../protocol/live.ts';
import type { SeriesResponse } from '../../protocol/series.ts';
import type { LiveHub } from '../live/hub.ts';
import { buildInfluxQL, planQuery, toColumns, type InfluxSeries, type SeriesQuery, type Source } from './series-query.ts';

/** Runs one InfluxQL statement (times as epoch ms) and returns its series. */
export type RunInfluxQL = (q: string) => Promise<InfluxSeries[]>;

export interface SeriesRequest {
	measurement: string;
	field: string;
	components: string[];
	instance?: string;
	fromMs: number;
	toMs: number;
	minStepMs?: number;
	maxPoints?: number;
	source?: Source;
}

export const DEFAULT_MAX_POINTS = 1_500;
export const MAX_POINTS_LIMIT = 10_000;

/**
 * History for charts: recent 1 s ranges straight from the hub's memory (the very values it
 * streamed, no InfluxDB round trip), everything else from stored rollups or raw points.
 */
export class HistoryService {
	constructor(
		private readonly run: RunInfluxQL,
		private readonly hub: LiveHub | undefined
	) {}

	async series(req: SeriesRequest): Promise<SeriesResponse> {
		const maxPoints = Math.min(req.maxPoints ?? DEFAULT_MAX_POINTS, MAX_POINTS_LIMIT);
		const plan = planQuery(req.fromMs, req.toMs, maxPoints, req.minStepMs ?? 0, req.instance !== undefined, req.source);
		const q: SeriesQuery = { ...req, ...plan };
		if (this.inMemory(q)) return this.fromMemory(q);
		return toColumns(q, await this.run(buildInfluxQL(q)));
	}

	/** Seconds older than the hub's window, for a live client that was away longer than the window. */
	async backfill(series: SeriesRef[], fromMs: number, toMs: number): Promise<ColumnBlock> {
		const times: number[] = [];
		for (let t = Math.ceil(fromMs / 1000) * 1000; t <= toMs; t += 1000) times.push(t);
		const values = await Promise.all(
			series.map(async (ref) => {
				const q: SeriesQuery = { measurement: ref.measurement, field: ref.field, components: [ref.component], fromMs: times[0] ?? fromMs, toMs: toMs + 1, stepMs: 1000, source: 'rollup_1s' };
				return toColumns(q, await this.run(buildInfluxQL(q))).series[0].values;
			})
		);
		return { times, values };
	}

	private inMemory(q: SeriesQuery): boolean {
		return this.hub !== undefined && q.source === 'rollup_1s' && q.stepMs === 1000 && q.instance === undefined && q.fromMs >= this.hub.oldestSecond * 1000;
	}

	private fromMemory(q: SeriesQuery): SeriesResponse {
		const hub = this.hub!;
		const refs = q.components.map((component) => ({ component, measurement: q.measurement, field: q.field }));
		const block = hub.readBlock(refs.map((r) => hub.findRollup(r)), Math.ceil(q.fromMs / 1000), Math.ceil(q.toMs / 1000) - 1);
		return {
			from: q.fromMs,
			to: q.toMs,
			stepMs: 1000,
			source: 'rollup_1s',
			times: block.times,
			series: refs.map((ref, i) => ({ ref, values: block.values[i] }))
		};
	}
}
