/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): a random wait in [0, min(cap, base x 2^(attempt-1))). Spreading retries at random
 * keeps many monitors, or many channels to one service, from retrying in lock-step.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
	return Math.floor(random() * ceiling);
}

/**
 * RFC 9110 Retry-After: delay-seconds or an HTTP-date. Null when absent or unreadable, so the
 * caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
	if (!value) return null;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	// Discord and some proxies send fractional seconds.
	if (/^\d+\.\d+$/.test(text)) return Math.ceil(Number(text) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
