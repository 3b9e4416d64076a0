import { anyOf, fromMeasurement, quoteIdent, tagEquals, timeRange } from '../../history/index.ts';
import { ROLLUP_1S } from '../../live/rollup-names.ts';
import { combineFor, isCount } from '../../live/rollup-rules.ts';
import type { QuerySeries } from '../../store/index.ts';
import type { SeriesRead } from '../rules/index.ts';
import type { ValueSource } from '../types.ts';

/** Runs one InfluxQL statement (times as epoch ms) and returns its series: the store's `query`. */
export type RunQuery = (q: string) => Promise<QuerySeries[]>;

/** Seconds per query: an hour of 1 s rollups, ten minutes of raw points (many more series). */
const ROLLUP_CHUNK_S = 3_600;
const RAW_CHUNK_S = 600;

/**
 * A `ValueSource` over a range of stored history, loaded up front: component values from the
 * hub's own 1 s rollups (`rollup_1s`, the very numbers the live engine read), per-instance values
 * from the raw measurements rebuilt the way the hub builds them: counts summed within a second,
 * other fields the last value, an instance's several series (e.g. errors per `code`) combined
 * like the rollup combines instances. So a backtest reads what live evaluation read.
 */
export class InfluxValueSource implements ValueSource {
	private constructor(
		readonly fromSecond: number,
		readonly toSecond: number,
		private readonly rollups: Map<string, Float64Array>,
		private readonly perInstance: Map<string, Map<string, Float64Array>>
	) {}

	/** Loads every series in `reads` for seconds [fromSecond, toSecond]. */
	static async load(run: RunQuery, reads: readonly SeriesRead[], fromSecond: number, toSecond: number): Promise<InfluxValueSource> {
		const source = new InfluxValueSource(fromSecond, toSecond, new Map(), new Map());
		for (const [measurement, group] of byMeasurement(reads.filter((r) => !r.perInstance))) {
			for (let from = fromSecond; from <= toSecond; from += ROLLUP_CHUNK_S) {
				source.addRollups(measurement, await run(rollupQuery(measurement, group, from, Math.min(toSecond, from + ROLLUP_CHUNK_S - 1))));
			}
		}
		for (const [measurement, group] of byMeasurement(reads.filter((r) => r.perInstance))) {
			for (let from = fromSecond; from <= toSecond; from += RAW_CHUNK_S) {
				source.addInstances(measurement, await run(rawQuery(measurement, group, from, Math.min(toSecond, from + RAW_CHUNK_S - 1))));
			}
		}
		return source;
	}

	component(component: string, measurement: string, field: string, second: number): number {
		const values = this.rollups.get(key(component, measurement, field));
		return values === undefined || !this.covers(second) ? NaN : values[second - this.fromSecond];
	}

	instances(component: string, measurement: string, field: string, second: number): Map<string, number> {
		const out = new Map<string, number>();
		const byInstance = this.perInstance.get(key(component, measurement, field));
		if (byInstance === undefined || !this.covers(second)) return out;
		byInstance.forEach((values, instance) => {
			const v = values[second - this.fromSecond];
			if (!Number.isNaN(v)) out.set(instance, v);
		});
		return out;
	}

	private covers(second: number): boolean {
		return second >= this.fromSecond && second <= this.toSecond;
	}

	private slots(): Float64Array {
		return new Float64Array(this.toSecond - this.fromSecond + 1).fill(NaN);
	}

	private addRollups(measurement: string, series: QuerySeries[]): void {
		for (const s of series) {
			const component = s.tags?.component;
			if (component === undefined) continue;
			s.columns.forEach((field, col) => {
				if (col === 0) return;
				let values = this.rollups.get(key(component, measurement, field));
				if (!values) this.rollups.set(key(component, measurement, field), (values = this.slots()));
				for (const row of s.values) this.put(values, row[0], row[col]);
			});
		}
	}

	/** One series per tag set (GROUP BY *): combined per instance as the hub combines them. */
	private addInstances(measurement: string, series: QuerySeries[]): void {
		const counts = new Map<string, number>();
		for (const s of series) {
			const component = s.tags?.component;
			const instance = s.tags?.instance;
			if (!component || !instance) continue;
			s.columns.forEach((field, col) => {
				if (col === 0) return;
				const k = key(component, measurement, field);
				let byInstance = this.perInstance.get(k);
				if (!byInstance) this.perInstance.set(k, (byInstance = new Map()));
				let values = byInstance.get(instance);
				if (!values) byInstance.set(instance, (values = this.slots()));
				const how = combineFor(field);
				for (const row of s.values) {
					const v = row[col];
					if (typeof v !== 'number') continue;
					const i = Math.floor(Number(row[0]) / 1000) - this.fromSecond;
					if (i < 0 || i >= values.length) continue;
					const prev = values[i];
					if (Number.isNaN(prev)) values[i] = v;
					else if (how === 'sum') values[i] = prev + v;
					else if (how === 'max') values[i] = Math.max(prev, v);
					else {
						const n = (counts.get(`${k}\u0000${instance}\u0000${i}`) ?? 1) + 1;
						counts.set(`${k}\u0000${instance}\u0000${i}`, n);
						values[i] = prev + (v - prev) / n;
					}
				}
			});
		}
	}

	private put(values: Float64Array, time: unknown, v: unknown): void {
		if (typeof v !== 'number') return;
		const i = Math.floor(Number(time) / 1000) - this.fromSecond;
		if (i >= 0 && i < values.length) values[i] = v;
	}
}

function key(component: string, measurement: string, field: string): string {
	return `${component}\u0000${measurement}\u0000${field}`;
}

interface Group {
	components: string[];
	fields: string[];
}

function byMeasurement(reads: readonly SeriesRead[]): Map<string, Group> {
	const out = new Map<string, Group>();
	for (const r of reads) {
		let g = out.get(r.measurement);
		if (!g) out.set(r.measurement, (g = { components: [], fields: [] }));
		if (!g.components.includes(r.component)) g.components.push(r.component);
		if (!g.fields.includes(r.field)) g.fields.push(r.field);
	}
	return out;
}

/** The hub's stored rollups: one point per component and second, so no aggregation. */
export function rollupQuery(measurement: string, g: Group, fromSecond: number, toSecond: number): string {
	const where = [tagEquals('measurement', measurement), anyOf('component', g.components), timeRange(fromSecond * 1000, (toSecond + 1) * 1000)].join(' AND ');
	return `SELECT ${g.fields.map(quoteIdent).join(', ')} FROM ${quoteIdent(ROLLUP_1S)} WHERE ${where} GROUP BY "component"`;
}

/**
 * Raw points per series and second, as the hub holds them: counts sent several times within a
 * second add up (`sum`); other fields keep the last value. Grouped by every tag, so series of one
 * instance (e.g. per error `code`) come apart and are combined like the hub does.
 */
export function rawQuery(measurement: string, g: Group, fromSecond: number, toSecond: number): string {
	const select = g.fields.map((f) => `${isCount(f) ? 'sum' : 'last'}(${quoteIdent(f)}) AS ${quoteIdent(f)}`).join(', ');
	const where = [anyOf('component', g.components), timeRange(fromSecond * 1000, (toSecond + 1) * 1000)].join(' AND ');
	return `SELECT ${select} FROM ${fromMeasurement(measurement)} WHERE ${where} GROUP BY time(1s), * fill(none)`;
}
