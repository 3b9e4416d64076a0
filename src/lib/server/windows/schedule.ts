import { DateTime, type DurationLikeObject } from 'luxon';
import type { BookingWindow } from '../../protocol/windows.ts';
import type { WindowConfig } from './schema.ts';

/**
 * The booking windows of the config as concrete openings in time. Series repeat in calendar
 * terms in their own zone ("every 1d" stays at 20:00 local across a DST change), and a series
 * without a count goes on forever, so openings are computed around the instant asked for,
 * never listed in full.
 */
export class WindowSchedule {
	private readonly series: Series[];

	constructor(windows: readonly WindowConfig[], defaultZone: string) {
		this.series = windows.map((w) => new Series(w, w.time_zone ?? defaultZone));
	}

	/** Every opening overlapping [fromMs, toMs], by start time. */
	between(fromMs: number, toMs: number): BookingWindow[] {
		return this.series.flatMap((s) => s.between(fromMs, toMs)).sort((a, b) => a.start - b.start);
	}

	/** The opening in progress at `nowMs` (the latest started, when several overlap). */
	current(nowMs: number): BookingWindow | null {
		const open = this.series.map((s) => s.latestStartedBy(nowMs)).filter((w): w is BookingWindow => !!w && w.end > nowMs);
		return latest(open);
	}

	/** The latest opening that has ended by `nowMs`. */
	previous(nowMs: number): BookingWindow | null {
		return latest(this.series.map((s) => s.latestEndedBy(nowMs)).filter((w): w is BookingWindow => !!w));
	}

	/** The next opening starting after `nowMs`. */
	next(nowMs: number): BookingWindow | null {
		const coming = this.series.map((s) => s.firstStartingAfter(nowMs)).filter((w): w is BookingWindow => !!w);
		return coming.sort((a, b) => a.start - b.start)[0] ?? null;
	}

	/** The opening with this id, or null. */
	get(id: string): BookingWindow | null {
		for (const s of this.series) {
			const w = s.byId(id);
			if (w) return w;
		}
		return null;
	}

	/** The opening of the same series before this one (for window-over-window comparison). */
	before(window: BookingWindow): BookingWindow | null {
		const s = this.series.find((x) => x.id === window.series);
		return s ? s.latestEndedBy(window.start) : null;
	}
}

function latest(ws: BookingWindow[]): BookingWindow | null {
	return ws.sort((a, b) => b.start - a.start)[0] ?? null;
}

class Series {
	readonly id: string;
	private readonly first: DateTime;
	private readonly length: DurationLikeObject;
	private readonly step: DurationLikeObject | null;
	private readonly stepMs: number;
	private readonly count: number;

	constructor(
		private readonly w: WindowConfig,
		private readonly zone: string
	) {
		this.id = w.id;
		this.first = DateTime.fromISO(w.start, { zone });
		if (!this.first.isValid) throw new Error(`window ${w.id}: ${this.first.invalidExplanation ?? 'invalid start'} (time zone "${zone}"?)`);
		this.length = w.end ? { milliseconds: DateTime.fromISO(w.end, { zone }).toMillis() - this.first.toMillis() } : toDuration(w.duration!);
		this.step = w.repeat ? toDuration(w.repeat.every) : null;
		this.stepMs = w.repeat ? approxMs(w.repeat.every) : Infinity;
		this.count = w.repeat ? (w.repeat.count ?? Infinity) : 1;
	}

	/** The n-th opening (0-based), or null past the series' end. */
	at(n: number): BookingWindow | null {
		if (n < 0 || n >= this.count) return null;
		const start = this.step ? this.first.plus(scale(this.step, n)) : this.first;
		const cohorts = this.w.repeat?.cohorts;
		return {
			id: this.w.repeat ? `${this.w.id}-${n + 1}` : this.w.id,
			series: this.w.id,
			name: this.w.name,
			cohort: cohorts?.length ? cohorts[n % cohorts.length] : (this.w.cohort ?? null),
			start: start.toMillis(),
			end: start.plus(this.length).toMillis(),
			timeZone: this.zone
		};
	}

	/** Index of the last opening starting at or before `ms` (may be -1). */
	private indexAt(ms: number): number {
		if (!this.step) return ms >= this.first.toMillis() ? 0 : -1;
		let n = Math.floor((ms - this.first.toMillis()) / this.stepMs);
		// Calendar steps are not all the same length: settle the estimate exactly.
		while (n >= 0 && this.startOf(n) > ms) n--;
		while (this.startOf(n + 1) <= ms) n++;
		return Math.min(n, this.count - 1);
	}

	private startOf(n: number): number {
		return n < 0 ? -Infinity : this.first.plus(scale(this.step!, n)).toMillis();
	}

	latestStartedBy(ms: number): BookingWindow | null {
		return this.at(this.indexAt(ms));
	}

	latestEndedBy(ms: number): BookingWindow | null {
		for (let n = this.indexAt(ms); n >= 0; n--) {
			const w = this.at(n);
			if (w && w.end <= ms) return w;
		}
		return null;
	}

	firstStartingAfter(ms: number): BookingWindow | null {
		return this.at(this.indexAt(ms) + 1);
	}

	between(fromMs: number, toMs: number): BookingWindow[] {
		const out: BookingWindow[] = [];
		// Openings may last longer than the step; walk back until one ends before the range.
		let n = this.indexAt(toMs);
		for (; n >= 0; n--) {
			const w = this.at(n);
			if (!w) continue;
			if (w.start > toMs) continue;
			if (w.end < fromMs) break;
			out.push(w);
		}
		return out.reverse();
	}

	byId(id: string): BookingWindow | null {
		if (!this.w.repeat) return id === this.w.id ? this.at(0) : null;
		const m = new RegExp(`^${this.w.id.replace(/[-]/g, '\\-')}-(\\d+)$`).exec(id);
		return m ? this.at(Number(m[1]) - 1) : null;
	}
}

const UNITS = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;

function toDuration(text: string): DurationLikeObject {
	const m = /^(\d+)(s|m|h|d|w)$/.exec(text)!;
	return { [UNITS[m[2] as keyof typeof UNITS]]: Number(m[1]) };
}

function scale(d: DurationLikeObject, n: number): DurationLikeObject {
	return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, (v as number) * n]));
}

function approxMs(text: string): number {
	const m = /^(\d+)(s|m|h|d|w)$/.exec(text)!;
	return Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as 's'];
}
