/**
 * Sign-in attempts per address: `max` in any `windowMs`, then refused until the window passes.
 * Tokens are 256-bit, so this is not about guessing them; it keeps a script from filling the
 * audit log with refused sign-ins. Bounded: old addresses are forgotten.
 */
export class AttemptLimiter {
	private readonly seen = new Map<string, number[]>();

	constructor(
		private readonly max = 10,
		private readonly windowMs = 60_000,
		private readonly maxAddresses = 10_000
	) {}

	/** Counts an attempt; false when this address is over its limit. */
	allow(address: string, nowMs: number): boolean {
		const recent = (this.seen.get(address) ?? []).filter((t) => nowMs - t < this.windowMs);
		if (recent.length >= this.max) {
			this.seen.set(address, recent);
			return false;
		}
		recent.push(nowMs);
		if (!this.seen.has(address) && this.seen.size >= this.maxAddresses) this.seen.clear();
		this.seen.set(address, recent);
		return true;
	}
}
