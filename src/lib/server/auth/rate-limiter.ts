/**
 * A token bucket per principal, in points per second. A request may overdraw the bucket (a
 * 5,000-line batch is one request, not 5,000), and the next ones wait until it refills: the
 * average rate holds without rejecting large batches outright.
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private readonly defaultRate: number,
		private readonly burstSeconds: number
	) {}

	/** Seconds until this principal may send again; 0 when it may send now. */
	waitSeconds(name: string, rate: number | undefined, nowMs: number): number {
		const b = this.refill(name, rate ?? this.defaultRate, nowMs);
		return b.tokens > 0 ? 0 : Math.max(1, Math.ceil(-b.tokens / (rate ?? this.defaultRate)));
	}

	take(name: string, rate: number | undefined, points: number, nowMs: number): void {
		this.refill(name, rate ?? this.defaultRate, nowMs).tokens -= points;
	}

	private refill(name: string, rate: number, nowMs: number) {
		const capacity = rate * this.burstSeconds;
		let b = this.buckets.get(name);
		if (!b) {
			b = { tokens: capacity, at: nowMs };
			this.buckets.set(name, b);
		}
		b.tokens = Math.min(capacity, b.tokens + ((nowMs - b.at) / 1000) * rate);
		b.at = nowMs;
		return b;
	}
}
