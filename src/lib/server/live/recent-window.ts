/**
 * Fixed-size ring of 1 s slots per series, the hub's memory of the last minutes (NaN = nothing
 * arrived), indexed by epoch second modulo the length: no allocation per point, and memory known
 * up front (bytes per value x seconds x series, in blocks of BLOCK series).
 *
 * Each block stamps every slot with the second it holds; a slot whose stamp is another second
 * reads as empty and is cleared on its first write. So a new block needs no fill and moving the
 * head clears nothing: the first second of a fleet (17,000 new series) no longer spends ~100 ms
 * filling 180 MB with NaN, and that memory is touched a second at a time instead.
 *
 * Laid out second-major within a block: the values of one second for BLOCK series sit side by
 * side. Points arrive second by second across thousands of series, so the ingest path writes one
 * small contiguous stretch per block instead of touching a separate array per series; with a
 * series-major layout every field of every point was a cache miss.
 */
const PAGE_BYTES = 4096;
/** About 4,000 page faults a second at most: a few ms, until a new fleet's windows are all in memory. */
const WARM_BYTES_PER_SECOND = 16 * 1024 * 1024;

export class RecentWindow {
	/** Series per block; a power of two, so a series' block and offset are a shift and a mask. */
	static readonly BLOCK = 256;
	private static readonly SHIFT = 8;

	readonly seconds: number;
	private readonly blocks: (Float64Array | Float32Array)[] = [];
	/** Per block, the second each slot holds (NaN: none yet). */
	private readonly stamps: Float64Array[] = [];
	/** Blocks whose pages the kernel has not handed over yet (see warm). */
	private readonly cold: (Float64Array | Float32Array)[] = [];
	private coldOffset = 0;
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
			const block = this.precision === 'f32' ? new Float32Array(size) : new Float64Array(size);
			this.blocks.push(block);
			this.cold.push(block);
			this.stamps.push(new Float64Array(this.seconds).fill(NaN));
		}
		return this.count++;
	}

	/** Moves the head forward to `second`; the slots of the new seconds read as empty by their stamps. */
	advance(second: number): void {
		if (second <= this.head) return;
		this.head = second;
		this.warm(WARM_BYTES_PER_SECOND);
	}

	/**
	 * Touches up to `maxBytes` of new blocks' pages, a little each second: the memory a window
	 * holds is then taken within seconds of its series appearing, and the process's RSS is flat
	 * afterwards, instead of creeping up for the length of the window as seconds get written.
	 * Rewriting a value in place changes nothing a reader sees.
	 */
	warm(maxBytes: number): void {
		const perValue = this.precision === 'f32' ? 4 : 8;
		const step = PAGE_BYTES / perValue;
		let budget = Math.floor(maxBytes / perValue);
		while (budget > 0 && this.cold.length > 0) {
			const block = this.cold[0];
			const end = Math.min(block.length, this.coldOffset + budget);
			for (let i = this.coldOffset; i < end; i += step) block[i] = block[i];
			budget -= end - this.coldOffset;
			if (end === block.length) {
				this.cold.shift();
				this.coldOffset = 0;
			} else this.coldOffset = end;
		}
	}

	/** Bytes of blocks not yet warmed (for tests and /metrics). */
	get coldBytes(): number {
		const perValue = this.precision === 'f32' ? 4 : 8;
		return this.cold.reduce((sum, b) => sum + b.length * perValue, 0) - this.coldOffset * perValue;
	}

	covers(second: number): boolean {
		return second <= this.head && second > this.head - this.seconds;
	}

	get(series: number, second: number): number {
		if (!this.covers(second)) return NaN;
		const b = series >> RecentWindow.SHIFT;
		const slot = this.slot(second);
		return this.stamps[b][slot] === second ? this.blocks[b][this.cell(series, slot)] : NaN;
	}

	set(series: number, second: number, value: number): void {
		if (this.covers(second)) this.blocks[series >> RecentWindow.SHIFT][this.prepare(series, second, this.slot(second))] = value;
	}

	/**
	 * The hot path's access: the slot of a second the caller has checked with covers(), then
	 * `blockOf(series)[prepare(series, second, slot)]` reads and writes without checking again.
	 */
	slotOf(second: number): number {
		return this.slot(second);
	}

	blockOf(series: number): Float64Array | Float32Array {
		return this.blocks[series >> RecentWindow.SHIFT];
	}

	/** The cell of `series` at `second` (in `slot`), its block's slot cleared first if it held an older second. */
	prepare(series: number, second: number, slot: number): number {
		const b = series >> RecentWindow.SHIFT;
		const stamps = this.stamps[b];
		const start = slot * RecentWindow.BLOCK;
		if (stamps[slot] !== second) {
			this.blocks[b].fill(NaN, start, start + RecentWindow.BLOCK);
			stamps[slot] = second;
		}
		return start + (series & (RecentWindow.BLOCK - 1));
	}

	get newest(): number {
		return this.head;
	}

	get oldest(): number {
		return this.head - this.seconds + 1;
	}

	private cell(series: number, slot: number): number {
		return slot * RecentWindow.BLOCK + (series & (RecentWindow.BLOCK - 1));
	}

	private slot(second: number): number {
		const m = second % this.seconds;
		return m < 0 ? m + this.seconds : m;
	}
}
