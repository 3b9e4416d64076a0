/**
 * The arithmetic of a flow, kept apart so each formula is tested with hand-computed values.
 * Rates are per second; lengths are people (or requests) waiting.
 */

/** Throughput against planned capacity; null without a capacity. */
export function utilisation(throughput: number | null, capacity: number | null): number | null {
	if (throughput === null || capacity === null || capacity <= 0) return null;
	return throughput / capacity;
}

/** Little's law: the average wait is what is queued divided by how fast it leaves. */
export function littleWaitS(length: number | null, outflowPerS: number | null): number | null {
	if (length === null || outflowPerS === null) return null;
	if (length <= 0) return 0;
	return outflowPerS > 0 ? length / outflowPerS : Infinity;
}

/** Seconds until a shrinking queue is empty; null when it is not shrinking. */
export function drainS(length: number | null, growthPerS: number | null): number | null {
	if (length === null || growthPerS === null || growthPerS >= 0) return null;
	return length / -growthPerS;
}

/** Seconds until a growing queue reaches `capacity`; null when it is not growing or has no capacity. */
export function fullInS(length: number | null, growthPerS: number | null, capacity: number | null): number | null {
	if (length === null || growthPerS === null || capacity === null || growthPerS <= 0) return null;
	return Math.max(0, (capacity - length) / growthPerS);
}

/** Per-second change between two readings `seconds` apart. */
export function growthPerS(now: number | null, before: number | null, seconds: number): number | null {
	if (now === null || before === null || seconds <= 0) return null;
	return (now - before) / seconds;
}

/** Share of requests that failed. */
export function errorRatio(errors: number | null, requests: number | null): number | null {
	if (errors === null || requests === null) return null;
	const total = Math.max(requests, errors);
	return total > 0 ? errors / total : 0;
}
