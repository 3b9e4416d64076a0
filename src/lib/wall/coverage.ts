/**
 * Seconds of a columnar table (times ascending, epoch ms at whole seconds) in [from, to] where
 * no column holds a value: holes a reconnect should have filled. Used by the wall to report
 * honestly and by its tests to check the gap fill from what the charts actually hold.
 */
export function missingSeconds(times: readonly number[], values: readonly (readonly (number | null)[])[], from: number, to: number): number {
	const first = Math.ceil(from / 1000) * 1000;
	let missing = 0;
	let i = lowerBound(times, first);
	for (let t = first; t <= to; t += 1000) {
		while (i < times.length && times[i] < t) i++;
		if (i >= times.length || times[i] !== t || !values.some((col) => col[i] !== null && col[i] !== undefined)) missing++;
	}
	return missing;
}

function lowerBound(xs: readonly number[], x: number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (xs[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The first second where any column holds a value (history tables start with empty slots), or null. */
export function firstHeld(times: readonly number[], values: readonly (readonly (number | null)[])[]): number | null {
	for (let i = 0; i < times.length; i++) if (values.some((col) => col[i] !== null && col[i] !== undefined)) return times[i];
	return null;
}
