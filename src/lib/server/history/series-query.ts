import type { SeriesRef } from '../../protocol/live.ts';
import type { SeriesResponse } from '../../protocol/series.ts';
import { ROLLUP_1M, ROLLUP_1S } from '../live/rollup-names.ts';
import { anyOf, durationLiteral, fromMeasurement, quoteIdent, tagEquals, timeRange } from './influxql.ts';

export type Source = SeriesResponse['source'];

export interface SeriesQuery {
	measurement: string;
	field: string;
	components: string[];
	/** Per-instance raw series of one component; absent = component rollups. */
	instance?: string;
	fromMs: number;
	toMs: number;
	stepMs: number;
	source: Source;
}

/** Ranges up to this wide read 1 s rollups; wider ones the 1 min downsample. */
export const ROLLUP_1S_MAX_RANGE_MS = 6 * 3_600_000;
const NICE_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);

/** The finest source and step that keep at most `maxPoints` per series. */
export function planQuery(fromMs: number, toMs: number, maxPoints: number, minStepMs: number, instance: boolean, forced?: Source): { source: Source; stepMs: number } {
	const range = Math.max(1, toMs - fromMs);
	const source: Source = forced ?? (instance ? 'raw' : range <= ROLLUP_1S_MAX_RANGE_MS ? 'rollup_1s' : 'rollup_1m');
	const floor = Math.max(minStepMs, source === 'rollup_1m' ? 60_000 : 1_000, range / maxPoints);
	const stepMs = NICE_STEPS_MS.find((s) => s >= floor) ?? Math.ceil(floor / 86_400_000) * 86_400_000;
	return { source, stepMs };
}

/** InfluxQL for one query; every name and value from the request is quoted. */
export function buildInfluxQL(q: SeriesQuery): string {
	const field = quoteIdent(q.field);
	const group = `GROUP BY time(${durationLiteral(q.stepMs)}), "component"${q.instance !== undefined ? ', "instance"' : ''} fill(none)`;
	if (q.source === 'raw') {
		const where = [anyOf('component', q.components), q.instance !== undefined ? tagEquals('instance', q.instance) : null, timeRange(q.fromMs, q.toMs)]
			.filter(Boolean)
			.join(' AND ');
		return `SELECT mean(${field}) FROM ${fromMeasurement(q.measurement)} WHERE ${where} ${group}`;
	}
	const from = q.source === 'rollup_1s' ? ROLLUP_1S : ROLLUP_1M;
	const where = [tagEquals('measurement', q.measurement), anyOf('component', q.components), timeRange(q.fromMs, q.toMs)].join(' AND ');
	return `SELECT mean(${field}) FROM ${quoteIdent(from)} WHERE ${where} ${group}`;
}

export interface InfluxSeries {
	tags?: Record<string, string>;
	columns: string[];
	values: [number, number | null][];
}

/** Lays InfluxDB's series onto one time axis (one slot per step), null where a bucket is empty. */
export function toColumns(q: SeriesQuery, series: InfluxSeries[]): SeriesResponse {
	const start = Math.floor(q.fromMs / q.stepMs) * q.stepMs;
	const times: number[] = [];
	for (let t = start; t < q.toMs; t += q.stepMs) times.push(t);
	const byComponent = new Map(series.map((s) => [s.tags?.component ?? '', s.values]));
	return {
		from: q.fromMs,
		to: q.toMs,
		stepMs: q.stepMs,
		source: q.source,
		times,
		series: q.components.map((component) => {
			const values: (number | null)[] = new Array(times.length).fill(null);
			for (const [t, v] of byComponent.get(component) ?? []) {
				const i = Math.round((t - start) / q.stepMs);
				if (i >= 0 && i < values.length) values[i] = v;
			}
			const ref: SeriesRef = { component, measurement: q.measurement, field: q.field, ...(q.instance !== undefined ? { instance: q.instance } : {}) };
			return { ref, values };
		})
	};
}
