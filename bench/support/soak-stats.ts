/**
 * The soak's arithmetic, apart from its I/O so it can be tested: live latencies bucketed by the
 * minute of the second they carry, and the verdict against the targets of issue 7.
 */

export const TARGETS = { p99Ms: 250, rssGrowth: 0.1 } as const;

/** Nearest-rank percentile (p in 0..1); NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
	if (xs.length === 0) return NaN;
	const s = Float64Array.from(xs).sort();
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

/**
 * Latencies by minute of the soak. A receipt belongs to the minute of the second its point
 * carries, not to when it arrived, so a frame that comes late still counts against its minute.
 */
export class MinuteLatencies {
	private readonly fromSend: number[][] = [];
	private readonly fromAck: number[][] = [];
	/** Send -> frame built (the server's part, the same for every client of a frame). */
	private readonly build: number[][] = [];
	/** Second t -> [slowest client's latency, send -> frame built for it]: names the seconds behind a bad p99. */
	private readonly worstBySecond = new Map<number, [number, number]>();

	constructor(
		private readonly startMs: number,
		readonly minutes: number
	) {
		for (let m = 0; m < minutes; m++) {
			this.fromSend.push([]);
			this.fromAck.push([]);
			this.build.push([]);
		}
	}

	/** Minute index (0-based) of a second, or -1 outside the soak. */
	minuteOf(t: number): number {
		const m = Math.floor((t - this.startMs) / 60_000);
		return m >= 0 && m < this.minutes ? m : -1;
	}

	/**
	 * Flat [client, t, frameSentAt, receivedAt] receipts (bench/support/live-clients.ts). Returns
	 * how many landed in minutes before `openMinute` (frames that arrived after their row was printed).
	 */
	add(receipts: readonly number[], sentAt: ReadonlyMap<number, number>, ackedAt: ReadonlyMap<number, number>, openMinute: number): number {
		let late = 0;
		for (let i = 0; i < receipts.length; i += 4) {
			const t = receipts[i + 1];
			const sent = sentAt.get(t);
			const m = this.minuteOf(t);
			if (sent === undefined || m < 0) continue;
			const at = receipts[i + 3];
			const built = receipts[i + 2] - sent;
			this.fromSend[m].push(at - sent);
			this.build[m].push(built);
			if (!(at - sent <= (this.worstBySecond.get(t)?.[0] ?? -Infinity))) this.worstBySecond.set(t, [at - sent, built]);
			const acked = ackedAt.get(t);
			if (acked !== undefined) this.fromAck[m].push(at - acked);
			if (m < openMinute) late++;
		}
		return late;
	}

	/** The `n` seconds of a minute whose slowest client waited longest: [seconds into the soak, ms, of which until the frame was built]. */
	slowestSeconds(minute: number, n: number): [number, number, number][] {
		return [...this.worstBySecond]
			.filter(([t]) => this.minuteOf(t) === minute)
			.sort((a, b) => b[1][0] - a[1][0])
			.slice(0, n)
			.map(([t, [latency, built]]) => [(t - this.startMs) / 1000, latency, built]);
	}

	delivered(minute: number): number {
		return this.fromSend[minute].length;
	}

	summary(minute: number): { p50: number; p99: number; max: number; p50FromAck: number; p99FromAck: number; p99Build: number } {
		const xs = this.fromSend[minute];
		return {
			p99Build: percentile(this.build[minute], 0.99),
			p50: percentile(xs, 0.5),
			p99: percentile(xs, 0.99),
			max: xs.reduce((a, b) => Math.max(a, b), -Infinity),
			p50FromAck: percentile(this.fromAck[minute], 0.5),
			p99FromAck: percentile(this.fromAck[minute], 0.99)
		};
	}
}

/** Least-squares slope of [ms, value] samples, per minute; NaN for fewer than two. */
export function slopePerMinute(samples: readonly (readonly [number, number])[]): number {
	const n = samples.length;
	if (n < 2) return NaN;
	const mx = samples.reduce((a, [x]) => a + x, 0) / n;
	const my = samples.reduce((a, [, y]) => a + y, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (const [x, y] of samples) {
		sxy += (x - mx) * (y - my);
		sxx += (x - mx) ** 2;
	}
	return sxx === 0 ? NaN : (sxy / sxx) * 60_000;
}

export interface SoakVerdict {
	loss: { acknowledged: number; stored: number; lost: number; pass: boolean; byMeasurement: { measurement: string; acknowledged: number; stored: number }[] };
	latency: { worstMinute: number; worstP99: number; pass: boolean; failing: number[] };
	/** Levels are medians of each minute's samples. */
	rss: { fromBytes: number; toBytes: number; growth: number; pass: boolean };
}

/**
 * Loss passes only on exact equality: more stored than acknowledged would mean requests that were
 * not answered 204 stored points anyway, which could hide a loss elsewhere.
 * Latency passes when every measured minute's p99 is under the target (a minute with no frames
 * at all fails: silence is not low latency). RSS growth is from the last minute of warm-up to
 * the last minute, each taken as the median of its samples: the V8 heap swings by a third of the
 * RSS between garbage collections, and one sample at a peak or a trough would decide the verdict.
 */
export function judgeSoak(input: {
	acknowledged: Record<string, number>;
	stored: Record<string, number>;
	p99ByMinute: number[];
	/** RSS samples taken during each minute (every few seconds). */
	rssByMinute: number[][];
	warmup: number;
}): SoakVerdict {
	const measurements = [...new Set([...Object.keys(input.acknowledged), ...Object.keys(input.stored)])].sort();
	const byMeasurement = measurements.map((m) => ({ measurement: m, acknowledged: input.acknowledged[m] ?? 0, stored: input.stored[m] ?? 0 }));
	const acknowledged = byMeasurement.reduce((s, r) => s + r.acknowledged, 0);
	const stored = byMeasurement.reduce((s, r) => s + r.stored, 0);
	const exact = byMeasurement.every((r) => r.acknowledged === r.stored);

	const failing = input.p99ByMinute.flatMap((p99, i) => (Number.isNaN(p99) || p99 >= TARGETS.p99Ms ? [i + 1] : []));
	const rank = (p99: number) => (Number.isNaN(p99) ? Infinity : p99);
	let worstMinute = 0;
	input.p99ByMinute.forEach((p99, i) => {
		if (rank(p99) > rank(input.p99ByMinute[worstMinute])) worstMinute = i;
	});

	// No measured minute after the warm-up (a run cut short): nothing to judge, so no pass.
	const judged = input.warmup >= 1 && input.warmup < input.rssByMinute.length;
	const fromBytes = judged ? percentile(input.rssByMinute[input.warmup - 1], 0.5) : NaN;
	const toBytes = percentile(input.rssByMinute[input.rssByMinute.length - 1] ?? [], 0.5);
	const growth = toBytes / fromBytes - 1;
	return {
		loss: { acknowledged, stored, lost: Math.max(0, acknowledged - stored), pass: exact && acknowledged > 0, byMeasurement },
		latency: { worstMinute: worstMinute + 1, worstP99: input.p99ByMinute[worstMinute], pass: failing.length === 0 && input.p99ByMinute.length > 0, failing },
		rss: { fromBytes, toBytes, growth, pass: Number.isFinite(growth) && growth < TARGETS.rssGrowth }
	};
}
