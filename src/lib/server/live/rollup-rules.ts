/**
 * How a component's instances combine into one series per second. Rates and counts add up
 * across instances; queue lengths, latency percentiles and waits take the worst instance
 * (a shared waiting room reports the same global length from every instance). Fields outside
 * the standard vocabulary take the mean, which is right for any gauge.
 */
export type Combine = 'sum' | 'max' | 'mean';

const SUM = new Set(['requests', 'rps', 'active_users', 'count', 'rate', 'enqueued', 'dequeued']);
const MAX = /^(p\d+(_ms|_s)?|length|wait_.*|max.*)$/;

export function combineFor(field: string): Combine {
	if (SUM.has(field)) return 'sum';
	if (MAX.test(field)) return 'max';
	return 'mean';
}

/**
 * Fields that count events in the interval: two points of one series within the same second
 * (with different timestamps) add up; for every other field the later point replaces the earlier.
 * A point resent with the same timestamp always replaces, so retries never double-count.
 */
const COUNTS = new Set(['requests', 'count', 'enqueued', 'dequeued']);

export function isCount(field: string): boolean {
	return COUNTS.has(field);
}
