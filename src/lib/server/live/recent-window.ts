/**
 * Fixed-size ring of 1 s slots per series, the hub's memory of the last minutes (NaN = nothing
 * arrived), indexed by epoch second modulo the length: no allocation per point, and memory known
 * up front (bytes per value x seconds x series, in blocks of BLOCK series).
 *
 * Laid out second-major within a block: the values of one second for BLOCK series sit side by
 * side. Points arrive second by second across thousands of series, so the ingest path writes one
 * small contiguous stretch per block instead of touching a separate array per series; with a
 * series-major layout every field of every point was a cache miss.
 */
export class RecentWindow {
	/** Series per block; a power of two, so a series' block and offset are a shift and a mask. */
	static readonly BLOCK = 256;
	private static readonly SHIFT = 8;

	readonly seconds: number;
	private readonly blocks: (Float64Array | Float32Array)[] = [];
	private count = 0;
	/** Newest second the window covers; slots for (head - seconds, head] are valid. */
	private head = -Infinity;

	/** `f32` halves the memory where 7 significant digits are enough (offsets within a second). */
	constructor(
		seconds: number,
		private readonly precision: 'f64' | 'f32' = 'f64'
	) {
		this.seconds = seconds;
	}

	/** Memory `series` series take for `seconds` (what the window holds at that many series). */
	static bytesFor(series: number, seconds: number, precision: 'f64' | 'f32' = 'f64'): number {
		return Math.ceil(series / RecentWindow.BLOCK) * RecentWindow.BLOCK * seconds * (precision === 'f32' ? 4 : 8);
	}

	get seriesCount(): number {
		return this.count;
	}

	get bytes(): number {
		return RecentWindow.bytesFor(this.count, this.seconds, this.precision);
	}

	addSeries(): number {
		if (this.count % RecentWindow.BLOCK === 0) {
			const size = this.seconds * RecentWindow.BLOCK;
			this.blocks.push((this.precision === 'f32' ? new Float32Array(size) : new Float64Array(size)).fill(NaN));
		}
		return this.count++;
	}

	/** Moves the head forward to `second`, clearing the slots that now represent new seconds. */
	advance(second: number): void {
		if (second <= this.head) return;
		const from = Math.max(this.head + 1, second - this.seconds + 1);
		for (let s = from; s <= second; s++) {
			const start = this.slot(s) * RecentWindow.BLOCK;
			for (const block of this.blocks) block.fill(NaN, start, start + RecentWindow.BLOCK);
		}
		this.head = second;
	}

	covers(second: number): boolean {
		return second <= this.head && second > this.head - this.seconds;
	}

	get(series: number, second: number): number {
		return this.covers(second) ? this.blocks[series >> RecentWindow.SHIFT][this.cell(series, this.slot(second))] : NaN;
	}

	set(series: number, second: number, value: number): void {
		if (this.covers(second)) this.blocks[series >> RecentWindow.SHIFT][this.cell(series, this.slot(second))] = value;
	}

	/**
	 * The hot path's access: the slot of a second the caller has checked with covers(), then
	 * `blockOf(series)[cell(series, slot)]` reads and writes without checking again.
	 */
	slotOf(second: number): number {
		return this.slot(second);
	}

	blockOf(series: number): Float64Array | Float32Array {
		return this.blocks[series >> RecentWindow.SHIFT];
	}

	cell(series: number, slot: number): number {
		return slot * RecentWindow.BLOCK + (series & (RecentWindow.BLOCK - 1));
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
