import { formatLine } from '../ingest/index.ts';
import type { Logger } from '../observability/index.ts';
import type { Changes, LiveHub } from './hub.ts';
import { ROLLUP_1M, ROLLUP_1S } from './rollup-names.ts';

/**
 * Writes the hub's per-component rollups to InfluxDB: every closed second (after a grace for
 * late points) to `rollup_1s`, and every completed minute's means to `rollup_1m`. Boards read
 * these instead of raw series: one series per component instead of one per instance.
 *
 * The hub writes the 1 min downsample itself rather than an InfluxDB continuous query: it holds
 * the whole minute in memory already, writes it the moment the minute closes (a CQ waits for its
 * own schedule), and the same code runs under an injected clock in tests.
 */
export class RollupPersister {
	private persistedUpTo: number;
	private late: Changes = new Map();

	constructor(
		private readonly hub: LiveHub,
		private readonly write: (lines: string[]) => Promise<void>,
		private readonly graceSeconds: number,
		private readonly log: Logger
	) {
		this.persistedUpTo = hub.nowSecond() - graceSeconds - 1;
	}

	/** Remembers changes to seconds already written, so they are written again with the late points in. */
	note(changes: Changes): void {
		for (const [second, set] of changes) {
			if (second > this.persistedUpTo) continue;
			let mine = this.late.get(second);
			if (!mine) this.late.set(second, (mine = new Set()));
			for (const r of set) mine.add(r);
		}
	}

	/** Called once a second. Resolves when the lines are stored (or spooled) by the writer. */
	async tick(): Promise<number> {
		const upTo = this.hub.nowSecond() - this.graceSeconds;
		const from = Math.max(this.persistedUpTo + 1, this.hub.oldestSecond);
		const lines: string[] = [];
		const all = Array.from({ length: this.hub.rollupCount }, (_, i) => i);
		for (let s = from; s <= upTo; s++) this.secondLines(s, all, lines);
		const lateMinutes = new Set<number>();
		for (const [s, set] of this.late) {
			this.secondLines(s, [...set], lines);
			lateMinutes.add(minuteOf(s));
		}
		for (let m = minuteOf(from); m + 59 <= upTo; m += 60) if (m + 59 >= from) lateMinutes.add(m);
		for (const m of lateMinutes) if (m + 59 <= upTo) this.minuteLines(m, all, lines);
		this.late = new Map();
		this.persistedUpTo = Math.max(this.persistedUpTo, upTo);
		if (lines.length === 0) return 0;
		try {
			await this.write(lines);
		} catch (err) {
			this.log.warn({ err, lines: lines.length }, 'rollups not stored');
		}
		return lines.length;
	}

	/** One line per (component, source measurement) holding every field with a value at that second. */
	private secondLines(second: number, series: number[], out: string[]): void {
		this.group(series, (r) => this.hub.value(r, second), ROLLUP_1S, second, out);
	}

	private minuteLines(minute: number, series: number[], out: string[]): void {
		this.group(series, (r) => meanOver(this.hub, r, minute, minute + 59), ROLLUP_1M, minute, out);
	}

	private group(series: number[], valueOf: (r: number) => number, measurement: string, second: number, out: string[]): void {
		const byKey = new Map<string, { component: string; source: string; fields: Record<string, number> }>();
		for (const r of series) {
			const v = valueOf(r);
			if (!Number.isFinite(v)) continue;
			const ref = this.hub.ref(r);
			const key = `${ref.component}\u0000${ref.measurement}`;
			let g = byKey.get(key);
			if (!g) byKey.set(key, (g = { component: ref.component, source: ref.measurement, fields: {} }));
			g.fields[ref.field] = v;
		}
		for (const g of byKey.values()) {
			const types = Object.fromEntries(Object.keys(g.fields).map((f) => [f, 'float' as const]));
			out.push(formatLine(measurement, { component: g.component, measurement: g.source }, g.fields, types, `${second}000000000`));
		}
	}
}

function minuteOf(second: number): number {
	return second - (((second % 60) + 60) % 60);
}

function meanOver(hub: LiveHub, r: number, from: number, to: number): number {
	let sum = 0;
	let n = 0;
	for (let s = from; s <= to; s++) {
		const v = hub.value(r, s);
		if (Number.isNaN(v)) continue;
		sum += v;
		n++;
	}
	return n === 0 ? NaN : sum / n;
}
