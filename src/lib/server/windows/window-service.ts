import type { Config } from '../config/index.ts';
import type { RunInfluxQL } from '../history/index.ts';
import type { BookingWindow, WindowReport, WindowsResponse } from '../../protocol/windows.ts';
import { computeReport } from './report.ts';
import { loadWindow } from './report-source.ts';
import { WindowSchedule } from './schedule.ts';

/** Rollups of a closed second are stored a little after it: a report is final once this has passed. */
const SETTLE_MS = 10_000;
const RECENT = 5;

/** The booking windows of the config: the schedule around now, and each opening's report. */
export class WindowService {
	readonly schedule: WindowSchedule;
	private readonly finished = new Map<string, WindowReport>();

	constructor(
		private readonly config: Config,
		private readonly run: RunInfluxQL,
		private readonly now: () => number = Date.now
	) {
		this.schedule = new WindowSchedule(config.windows, config.time_zone);
	}

	/** Current, previous and next openings; with a range, every opening overlapping it. */
	list(range?: { from: number; to: number }): WindowsResponse {
		const now = this.now();
		const current = this.schedule.current(now);
		const previous = this.schedule.previous(now);
		const next = this.schedule.next(now);
		let windows: BookingWindow[];
		if (range) windows = this.schedule.between(range.from, range.to);
		else {
			const recent: BookingWindow[] = [];
			let cursor = previous;
			while (cursor && recent.length < RECENT) {
				recent.unshift(cursor);
				cursor = this.schedule.previous(cursor.start);
			}
			windows = [...recent, ...(current ? [current] : []), ...(next ? [next] : [])];
		}
		return { now, current, previous, next, windows };
	}

	/** The report of one opening (null: no such opening; a future one has no figures yet). */
	async report(id: string): Promise<WindowReport | null> {
		const cached = this.finished.get(id);
		if (cached) return cached;
		const window = this.schedule.get(id);
		if (!window) return null;
		const now = this.now();
		const toMs = Math.min(now, window.end);
		const loaded = toMs > window.start ? await loadWindow(this.run, window.start, toMs) : { data: new Map(), verdicts: [], alerts: [] };
		const report = computeReport({ window, previous: this.schedule.before(window), config: this.config, ...loaded, toMs: now });
		if (now >= window.end + SETTLE_MS) this.finished.set(id, report);
		return report;
	}
}
