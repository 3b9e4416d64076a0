/**
 * Per-channel pacing in messages per minute. The bucket holds one message, so messages go out
 * evenly spaced rather than in a burst: chat services count per short window (Slack about one
 * per second per webhook, Telegram 20 a minute per group), and an even pace never trips them.
 */
export class TokenBucket {
	private nextAt = 0;

	constructor(private perMinute: number) {}

	setRate(perMinute: number): void {
		this.perMinute = perMinute;
	}

	/** Milliseconds until the next message may go; 0 when it may go now. */
	waitMs(nowMs: number): number {
		return Math.max(0, this.nextAt - nowMs);
	}

	take(nowMs: number): void {
		this.nextAt = Math.max(this.nextAt, nowMs) + 60_000 / this.perMinute;
	}
}
