/**
 * Fixed-size ring of 1 s slots per series, the hub's memory of the last minutes. One
 * Float64Array per series (NaN = nothing arrived), indexed by epoch second modulo the length:
 * no allocation per point, and memory known up front (8 bytes x seconds x series).
 */
export class RecentWindow {
	readonly seconds: number;
	private readonly values: (Float64Array | Float32Array)[] = [];
	/** Newest second the window covers; slots for (head - seconds, head] are valid. */
	private head = -Infinity;

	/** `f32` halves the memory where 7 significant digits are enough (offsets within a second). */
	constructor(
		seconds: number,
		private readonly precision: 'f64' | 'f32' = 'f64'
	) {
		this.seconds = seconds;
	}

	get seriesCount(): number {
		return this.values.length;
	}

	get bytes(): number {
		return this.values.length * this.seconds * (this.precision === 'f32' ? 4 : 8);
	}

	addSeries(): number {
		this.values.push((this.precision === 'f32' ? new Float32Array(this.seconds) : new Float64Array(this.seconds)).fill(NaN));
		return this.values.length - 1;
	}

	/** Moves the head forward to `second`, clearing the slots that now represent new seconds. */
	advance(second: number): void {
		if (second <= this.head) return;
		const from = Math.max(this.head + 1, second - this.seconds + 1);
		for (let s = from; s <= second; s++) {
			const slot = this.slot(s);
			for (const v of this.values) v[slot] = NaN;
		}
		this.head = second;
	}

	covers(second: number): boolean {
		return second <= this.head && second > this.head - this.seconds;
	}

	get(series: number, second: number): number {
		return this.covers(second) ? this.values[series][this.slot(second)] : NaN;
	}

	set(series: number, second: number, value: number): void {
		if (this.covers(second)) this.values[series][this.slot(second)] = value;
	}

	/**
	 * The hot path's access: the slot of a second the caller has checked with covers(), then
	 * reads and writes by slot without checking again.
	 */
	slotOf(second: number): number {
		return this.slot(second);
	}

	row(series: number): Float64Array | Float32Array {
		return this.values[series];
	}

	get newest(): number {
		return this.head;
	}

	get oldest(): number {
		return this.head - this.seconds + 1;
	}

	private slot(second: number): number {
		const m = second % this.seconds;
		return m < 0 ? m + this.seconds : m;
	}
}
