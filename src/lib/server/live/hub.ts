import type { ColumnBlock, SeriesRef } from '../../protocol/live.ts';
import type { Point } from '../ingest/point.ts';
import { RecentWindow } from './recent-window.ts';
import { combineFor, isCount, type Combine } from './rollup-rules.ts';

export interface HubOptions {
	/** Seconds of component rollups kept in memory (default 15 min). */
	windowSeconds: number;
	/** Seconds of per-instance values kept to compute rollups and absorb late points. */
	rawWindowSeconds: number;
	/** Bound on per-instance series held; points of further series are stored but not live. */
	maxRawSeries: number;
	/** Bound on rollup series (components x fields). */
	maxRollupSeries: number;
	/** Points this far ahead of the server clock are not shown live (a sender with a bad clock). */
	futureToleranceSeconds: number;
	now: () => number;
}

export interface HubStats {
	rawSeries: number;
	rollupSeries: number;
	bytes: number;
	dropped: { late: number; future: number; overLimit: number };
}

interface RawEntry {
	byField: Map<string, number>;
	layout: object | null;
	layoutSeries: Int32Array | null;
}

/** Rollup values that changed, by second: what frames and the rollup writer need to know. */
export type Changes = Map<number, Set<number>>;

/**
 * The live hub's data: every accepted point lands in a 1 s slot of its instance series; each
 * flush recomputes the component rollups of the seconds that changed. Rollups only: boards show
 * components, and per-instance history comes from InfluxDB.
 */
export class LiveHub {
	private readonly raw: RecentWindow;
	private readonly rawAt: RecentWindow;
	/** Raw series index by series identity, then field; and the series' last shared field layout. */
	private readonly rawIndex = new Map<string, RawEntry>();
	private readonly rawRollup: number[] = [];
	private readonly rawIsCount: boolean[] = [];
	/** The `instance` tag of each raw series (undefined without one): per-instance alert targets. */
	private readonly rawInstance: (string | undefined)[] = [];

	private readonly rollups: RecentWindow;
	private readonly rollupIndex = new Map<string, number>();
	private readonly rollupRefs: SeriesRef[] = [];
	private readonly rollupCombine: Combine[] = [];
	private readonly rollupMembers: number[][] = [];

	private pending: Changes = new Map();
	/**
	 * Per rollup, the second it was last marked changed in `pending` (and in which generation of
	 * `pending`): most fields of a second's points hit a rollup already marked, and a typed-array
	 * compare is cheaper than the Set insert it saves.
	 */
	private readonly markedSecond: Float64Array;
	private readonly markedGeneration: Uint32Array;
	private generation = 1;
	private readonly dropped = { late: 0, future: 0, overLimit: 0 };

	constructor(private readonly opts: HubOptions) {
		this.raw = new RecentWindow(opts.rawWindowSeconds);
		// When in its second each raw value arrived (ms offset): tells a resend from a second sample.
		this.rawAt = new RecentWindow(opts.rawWindowSeconds, 'f32');
		this.rollups = new RecentWindow(opts.windowSeconds);
		this.markedSecond = new Float64Array(opts.maxRollupSeries);
		this.markedGeneration = new Uint32Array(opts.maxRollupSeries);
	}

	/** The memory the hub's windows reach at their series bounds: the limit shown in /metrics. */
	static memoryBound(o: Pick<HubOptions, 'windowSeconds' | 'rawWindowSeconds' | 'maxRawSeries' | 'maxRollupSeries'>): number {
		// Per-instance series keep a value and an arrival offset per second; rollups a value.
		const raw = RecentWindow.bytesFor(o.maxRawSeries, o.rawWindowSeconds) + RecentWindow.bytesFor(o.maxRawSeries, o.rawWindowSeconds, 'f32');
		return raw + RecentWindow.bytesFor(o.maxRollupSeries, o.windowSeconds);
	}

	nowSecond(): number {
		return Math.floor(this.opts.now() / 1000);
	}

	publish(points: readonly Point[]): void {
		const now = this.nowSecond();
		this.advance(now);
		let lastSecond = NaN;
		let changed: Set<number> | undefined;
		for (const p of points) {
			const component = p.tags.component;
			if (component === undefined) continue;
			const second = Math.floor(p.timeMs / 1000);
			if (second > now + this.opts.futureToleranceSeconds) {
				this.dropped.future++;
				continue;
			}
			// A sender whose clock runs a little ahead (within the tolerance) moves the window with it.
			if (second > this.raw.newest) this.advance(second);
			if (!this.raw.covers(second)) {
				this.dropped.late++;
				continue;
			}
			if (second !== lastSecond) {
				lastSecond = second;
				changed = this.pending.get(second);
				if (!changed) this.pending.set(second, (changed = new Set()));
			}
			const slot = this.raw.slotOf(second);
			const at = Math.fround(p.timeMs - second * 1000);
			const entry = this.rawIndex.get(p.series);
			const series = entry !== undefined && entry.layout === p.types ? entry.layoutSeries! : this.mapPoint(p, component, entry);
			let j = 0;
			for (const field in p.fields) {
				const idx = series[j++];
				if (idx < 0) continue;
				this.record(idx, second, slot, p.fields[field] as number, at);
				const r = this.rawRollup[idx];
				if (this.markedSecond[r] !== second || this.markedGeneration[r] !== this.generation) {
					this.markedSecond[r] = second;
					this.markedGeneration[r] = this.generation;
					changed!.add(r);
				}
			}
		}
	}

	/** One instance value into its slot: counts sent twice in a second (not resends) add up. */
	private record(idx: number, second: number, slot: number, v: number, at: number): void {
		const values = this.raw.blockOf(idx);
		const arrivals = this.rawAt.blockOf(idx);
		const cell = this.raw.prepare(idx, second, slot);
		// rawAt shares raw's layout and needs no clearing: its cell is read only when raw's holds a value of this second.
		const prev = values[cell];
		values[cell] = this.rawIsCount[idx] && !Number.isNaN(prev) && arrivals[cell] !== at ? prev + v : v;
		arrivals[cell] = at;
	}

	/**
	 * The raw series of each of the point's fields, in enumeration order (-1: not kept), created on
	 * first sight. For a shared field layout (the parser's frozen `types` object, one per series
	 * and set of keys) the answer is kept with the series: its next points need one lookup in all.
	 */
	private mapPoint(p: Point, component: string, entry: RawEntry | undefined): Int32Array {
		if (!entry) this.rawIndex.set(p.series, (entry = { byField: new Map(), layout: null, layoutSeries: null }));
		const { byField } = entry;
		const refused = this.dropped.overLimit;
		const out = new Int32Array(Object.keys(p.fields).length);
		let j = 0;
		for (const field in p.fields) {
			out[j++] = typeof p.fields[field] !== 'number' ? -1 : (byField.get(field) ?? this.addRawSeries(byField, component, p.tags.instance, p.measurement, field));
		}
		// A field refused for the series limit stays unkept, so later points retry (and are counted) as before.
		if (Object.isFrozen(p.types) && this.dropped.overLimit === refused) {
			entry.layout = p.types;
			entry.layoutSeries = out;
		}
		return out;
	}

	private addRawSeries(byField: Map<string, number>, component: string, instance: string | undefined, measurement: string, field: string): number {
		if (this.raw.seriesCount >= this.opts.maxRawSeries) {
			this.dropped.overLimit++;
			return -1;
		}
		const rollup = this.rollupFor({ component, measurement, field });
		if (rollup < 0) return -1;
		const idx = this.raw.addSeries();
		this.rawAt.addSeries();
		byField.set(field, idx);
		this.rawRollup.push(rollup);
		this.rawIsCount.push(isCount(field));
		this.rawInstance.push(instance);
		this.rollupMembers[rollup].push(idx);
		return idx;
	}

	/** The rollup series index for a component field, created on first use (so subscriptions may precede data). */
	rollupFor(ref: SeriesRef): number {
		const key = rollupKey(ref);
		const known = this.rollupIndex.get(key);
		if (known !== undefined) return known;
		if (this.rollups.seriesCount >= this.opts.maxRollupSeries) {
			this.dropped.overLimit++;
			return -1;
		}
		const idx = this.rollups.addSeries();
		this.rollupIndex.set(key, idx);
		this.rollupRefs.push({ component: ref.component, measurement: ref.measurement, field: ref.field });
		this.rollupCombine.push(combineFor(ref.field));
		this.rollupMembers.push([]);
		return idx;
	}

	/** The rollup series index, or -1 when the hub has never seen it (a read never creates series). */
	findRollup(ref: SeriesRef): number {
		return this.rollupIndex.get(rollupKey(ref)) ?? -1;
	}

	/** Recomputes the rollups of every second that changed since the last call, and returns those changes. */
	flush(): Changes {
		this.advance(this.nowSecond());
		const changes = this.pending;
		this.pending = new Map();
		this.generation++;
		for (const [second, set] of changes) {
			if (!this.rollups.covers(second)) {
				changes.delete(second);
				continue;
			}
			for (const r of set) this.rollups.set(r, second, this.combine(r, second));
		}
		return changes;
	}

	private combine(r: number, second: number): number {
		const how = this.rollupCombine[r];
		let acc = how === 'max' ? -Infinity : 0;
		let n = 0;
		for (const m of this.rollupMembers[r]) {
			const v = this.raw.get(m, second);
			if (Number.isNaN(v)) continue;
			n++;
			acc = how === 'max' ? Math.max(acc, v) : acc + v;
		}
		if (n === 0) return NaN;
		return how === 'mean' ? acc / n : acc;
	}

	private advance(second: number): void {
		this.raw.advance(second);
		this.rawAt.advance(second);
		this.rollups.advance(second);
	}

	/** Rollup values of `series` for seconds [from, to] (clamped to the window), dense, null where empty. */
	readBlock(series: readonly number[], fromSecond: number, toSecond: number): ColumnBlock {
		const from = Math.max(fromSecond, this.rollups.oldest);
		const to = Math.min(toSecond, this.rollups.newest);
		const times: number[] = [];
		// Before the first point the window has no seconds at all (oldest and newest are infinite).
		if (!Number.isFinite(from) || !Number.isFinite(to)) return { times, values: series.map(() => []) };
		for (let s = from; s <= to; s++) times.push(s * 1000);
		return { times, values: series.map((r) => times.map((t) => valueOrNull(this.value(r, t / 1000)))) };
	}

	/** Rollup values of `series` at exactly these seconds. */
	readSeconds(series: readonly number[], seconds: readonly number[]): ColumnBlock {
		return {
			times: seconds.map((s) => s * 1000),
			values: series.map((r) => seconds.map((s) => valueOrNull(this.value(r, s))))
		};
	}

	value(r: number, second: number): number {
		return r < 0 ? NaN : this.rollups.get(r, second);
	}

	/**
	 * Per instance, the sum of rollup `r`'s values over seconds [from, to]: one pass over the raw
	 * slots instead of a map per second (the alert engine's windows). Exact for fields that add up
	 * across an instance's series (counts, rates); others combine per second first.
	 */
	instanceSums(r: number, fromSecond: number, toSecond: number): Map<string, number> {
		const out = new Map<string, number>();
		if (r < 0) return out;
		if (this.rollupCombine[r] !== 'sum') {
			for (let s = fromSecond; s <= toSecond; s++) this.instanceValues(r, s).forEach((v, i) => out.set(i, (out.get(i) ?? 0) + v));
			return out;
		}
		for (const m of this.rollupMembers[r]) {
			const instance = this.rawInstance[m];
			if (instance === undefined) continue;
			let sum = 0;
			let seen = false;
			for (let s = fromSecond; s <= toSecond; s++) {
				const v = this.raw.get(m, s);
				if (Number.isNaN(v)) continue;
				sum += v;
				seen = true;
			}
			if (seen) out.set(instance, (out.get(instance) ?? 0) + sum);
		}
		return out;
	}

	/** Per instance, the latest second in [from, to] at which rollup `r` had a value from it. */
	instanceLatest(r: number, fromSecond: number, toSecond: number): Map<string, number> {
		const out = new Map<string, number>();
		if (r < 0) return out;
		for (const m of this.rollupMembers[r]) {
			const instance = this.rawInstance[m];
			if (instance === undefined) continue;
			for (let s = toSecond; s >= fromSecond; s--) {
				if (Number.isNaN(this.raw.get(m, s))) continue;
				if ((out.get(instance) ?? -Infinity) < s) out.set(instance, s);
				break;
			}
		}
		return out;
	}

	/**
	 * The per-instance values behind rollup `r` at one second (instance tag -> value), only those
	 * present, for alert rules evaluated per instance. Several series of one instance (e.g. errors
	 * per `code`) combine the way the rollup combines instances; series without an `instance` tag
	 * are left out. Reads only the raw window, so it answers NaN-free but may be empty.
	 */
	instanceValues(r: number, second: number): Map<string, number> {
		const out = new Map<string, number>();
		if (r < 0) return out;
		const how = this.rollupCombine[r];
		let counts: Map<string, number> | undefined;
		for (const m of this.rollupMembers[r]) {
			const instance = this.rawInstance[m];
			if (instance === undefined) continue;
			const v = this.raw.get(m, second);
			if (Number.isNaN(v)) continue;
			const prev = out.get(instance);
			if (prev === undefined) {
				out.set(instance, v);
				continue;
			}
			if (how === 'sum') out.set(instance, prev + v);
			else if (how === 'max') out.set(instance, Math.max(prev, v));
			else {
				// A running mean; the counts map exists only for the rare instance with several series.
				counts ??= new Map();
				const n = (counts.get(instance) ?? 1) + 1;
				counts.set(instance, n);
				out.set(instance, prev + (v - prev) / n);
			}
		}
		return out;
	}

	ref(r: number): SeriesRef {
		return this.rollupRefs[r];
	}

	/** Every rollup series of a component (those seen so far). */
	seriesOf(component: string): number[] {
		const out: number[] = [];
		this.rollupRefs.forEach((ref, i) => ref.component === component && out.push(i));
		return out;
	}

	get rollupCount(): number {
		return this.rollupRefs.length;
	}

	get windowSeconds(): number {
		return this.rollups.seconds;
	}

	get oldestSecond(): number {
		return this.rollups.oldest;
	}

	stats(): HubStats {
		return {
			rawSeries: this.raw.seriesCount,
			rollupSeries: this.rollups.seriesCount,
			bytes: this.raw.bytes + this.rawAt.bytes + this.rollups.bytes,
			dropped: { ...this.dropped }
		};
	}
}

function rollupKey(ref: SeriesRef): string {
	return `${ref.component}\u0000${ref.measurement}\u0000${ref.field}`;
}

/** Identity of a point's series: measurement and tags in a canonical (sorted) order. */
function valueOrNull(v: number): number | null {
	return Number.isNaN(v) ? null : v;
}
