import type { ColumnBlock } from '../protocol/live.ts';

/**
 * A growing columnar table for charts: times (epoch ms, ascending, unique) and one value array
 * per column. Blocks from the server merge in by time: new seconds append (the common case,
 * O(columns)), late seconds replace in place, and anything older than `keepMs` behind the
 * newest second is trimmed so a page open for days does not grow.
 */
export class Columns {
	times: number[] = [];
	values: (number | null)[][];

	constructor(
		readonly width: number,
		private readonly keepMs = Infinity
	) {
		this.values = Array.from({ length: width }, () => []);
	}

	/** Merges a block whose columns map to ours by `map[blockColumn] = ourColumn` (default: same order). */
	merge(block: ColumnBlock, map?: readonly number[]): void {
		for (let i = 0; i < block.times.length; i++) {
			const t = block.times[i];
			const at = this.slotFor(t);
			for (let c = 0; c < block.values.length; c++) {
				const target = map ? map[c] : c;
				if (target === undefined || target < 0 || target >= this.width) continue;
				const v = block.values[c][i];
				// A null in a block means "nothing for this series at that second" in that frame; it never erases a value.
				if (v !== null && v !== undefined) this.values[target][at] = v;
			}
		}
		this.trim();
	}

	/** Replaces everything (a new range was loaded). */
	reset(block: ColumnBlock, map?: readonly number[]): void {
		this.times = [];
		this.values = Array.from({ length: this.width }, () => []);
		this.merge(block, map);
	}

	get last(): number | undefined {
		return this.times.at(-1);
	}

	/** Latest non-null value of a column, and its time. */
	latest(column: number): { time: number; value: number } | null {
		const col = this.values[column];
		for (let i = this.times.length - 1; i >= 0; i--) {
			const v = col[i];
			if (v !== null && v !== undefined) return { time: this.times[i], value: v };
		}
		return null;
	}

	/** Value of a column at or just before `time`. */
	valueAt(column: number, time: number): number | null {
		let i = upperBound(this.times, time) - 1;
		for (; i >= 0; i--) {
			const v = this.values[column][i];
			if (v !== null && v !== undefined) return v;
		}
		return null;
	}

	private slotFor(t: number): number {
		const n = this.times.length;
		if (n === 0 || t > this.times[n - 1]) {
			this.times.push(t);
			for (const col of this.values) col.push(null);
			return n;
		}
		const i = lowerBound(this.times, t);
		if (this.times[i] === t) return i;
		this.times.splice(i, 0, t);
		for (const col of this.values) col.splice(i, 0, null);
		return i;
	}

	private trim(): void {
		if (!Number.isFinite(this.keepMs) || this.times.length === 0) return;
		const cut = lowerBound(this.times, this.times[this.times.length - 1] - this.keepMs);
		if (cut <= 0) return;
		this.times.splice(0, cut);
		for (const col of this.values) col.splice(0, cut);
	}
}

function lowerBound(a: number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function upperBound(a: number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
