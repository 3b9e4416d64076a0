import { describe, expect, it } from 'vitest';
import { judgeSoak, MinuteLatencies, percentile, slopePerMinute } from '../../../../bench/support/soak-stats.ts';

const START = 1_700_000_000_000;
const MB = 1_048_576;

/** Flat receipts [client, t, frameSentAt, receivedAt] for one client. */
function receipts(...rows: [t: number, receivedAt: number, builtAt?: number][]): number[] {
	return rows.flatMap(([t, at, built]) => [0, t, built ?? at, at]);
}

describe('percentile', () => {
	it('takes the nearest rank, so p99 of 100 samples is the 99th smallest', () => {
		const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
		expect(percentile(xs, 0.99)).toBe(99);
		expect(percentile(xs, 0.5)).toBe(50);
		expect(percentile([7], 0.99)).toBe(7);
		expect(percentile([], 0.99)).toBeNaN();
	});
});

describe('MinuteLatencies', () => {
	it('files a frame under the minute of the second it carries, not when it arrived', () => {
		const l = new MinuteLatencies(START, 2);
		const t = START + 59_000; // the last second of minute 1
		const sent = new Map([[t, t + 10]]);
		const acked = new Map([[t, t + 90]]);
		const late = l.add(receipts([t, t + 1_500]), sent, acked, 1);
		expect(late).toBe(1);
		expect(l.delivered(0)).toBe(1);
		expect(l.delivered(1)).toBe(0);
		expect(l.summary(0)).toMatchObject({ p50: 1_490, p99: 1_490, p50FromAck: 1_410 });
	});

	it('measures from the send of the second, and ignores seconds the driver never sent or outside the soak', () => {
		const l = new MinuteLatencies(START, 1);
		const sent = new Map([[START, START + 5]]);
		l.add(receipts([START, START + 105], [START + 1_000, START + 1_100], [START + 60_000, START + 60_100]), sent, new Map(), 0);
		expect(l.delivered(0)).toBe(1);
		expect(l.summary(0).p99).toBe(100);
		expect(l.summary(0).p99FromAck).toBeNaN();
	});

	it('names the seconds whose slowest client waited longest', () => {
		const l = new MinuteLatencies(START, 1);
		const sent = new Map([0, 1, 2].map((s) => [START + s * 1000, START + s * 1000]));
		l.add(receipts([START, START + 50], [START + 1000, START + 1400, START + 1300], [START + 2000, START + 2090]), sent, new Map(), 0);
		expect(l.slowestSeconds(0, 2)).toEqual([[1, 400, 300], [2, 90, 90]]);
		expect(l.summary(0).p99Build).toBe(300);
	});
});

describe('judgeSoak', () => {
	const good = {
		acknowledged: { traffic: 1000, errors: 2000 },
		stored: { traffic: 1000, errors: 2000 },
		p99ByMinute: [400, 120, 130],
		rssByMinute: [[290 * MB, 300 * MB, 310 * MB], [310 * MB], [320 * MB, 320 * MB]],
		warmup: 1
	};

	it('passes equal counts, and counts a point missing from InfluxDB as lost', () => {
		expect(judgeSoak(good).loss).toMatchObject({ lost: 0, pass: true, acknowledged: 3000, stored: 3000 });
		expect(judgeSoak({ ...good, stored: { traffic: 999, errors: 2000 } }).loss).toMatchObject({ lost: 1, pass: false });
	});

	it('fails when InfluxDB holds more than was acknowledged, since that could hide a loss', () => {
		expect(judgeSoak({ ...good, stored: { traffic: 1001, errors: 2000 } }).loss).toMatchObject({ lost: 0, pass: false });
	});

	it('judges the p99 of every minute, warm-up included, and names the worst', () => {
		const v = judgeSoak(good).latency;
		expect(v).toMatchObject({ pass: false, worstMinute: 1, worstP99: 400, failing: [1] });
		expect(judgeSoak({ ...good, p99ByMinute: [200, 249, 120] }).latency).toMatchObject({ pass: true, worstMinute: 2, failing: [] });
	});

	it('fails a minute in which no client received anything', () => {
		expect(judgeSoak({ ...good, p99ByMinute: [100, NaN, 100] }).latency).toMatchObject({ pass: false, worstMinute: 2, failing: [2] });
	});

	it('measures RSS growth from the last minute of warm-up to the last minute', () => {
		expect(judgeSoak(good).rss.growth).toBeCloseTo(320 / 300 - 1);
		expect(judgeSoak({ ...good, warmup: 2 }).rss).toMatchObject({ pass: true, fromBytes: 310 * MB });
		expect(judgeSoak({ ...good, rssByMinute: [[300 * MB], [300 * MB], [331 * MB]] }).rss.pass).toBe(false);
	});

	it('does not pass RSS when no minute followed the warm-up (a run cut short)', () => {
		expect(judgeSoak({ ...good, rssByMinute: [[300 * MB]], p99ByMinute: [100] }).rss).toMatchObject({ pass: false, growth: NaN });
	});

	it('takes each minute at its median, so one sample at a garbage-collection peak does not decide', () => {
		const rss = judgeSoak({ ...good, rssByMinute: [[300 * MB, 301 * MB, 299 * MB], [300 * MB], [305 * MB, 360 * MB, 304 * MB]] }).rss;
		expect(rss).toMatchObject({ pass: true, fromBytes: 300 * MB, toBytes: 305 * MB });
	});
});

describe('slopePerMinute', () => {
	it('fits a straight line through noisy samples, per minute', () => {
		const samples = Array.from({ length: 120 }, (_, i) => [i * 5_000, 300 + (i * 5) / 12 + (i % 2 ? 1 : -1)] as const); // +5 per minute
		expect(slopePerMinute(samples)).toBeCloseTo(5, 1);
		expect(slopePerMinute([[0, 1], [60_000, 1]])).toBe(0);
		expect(slopePerMinute([[0, 1]])).toBeNaN();
	});
});
