/**
 * The wall's rotation as a pure step function: time is an argument, so the scheduler is tested
 * without timers and the screen just calls it on its clock tick.
 */
export interface Rotation {
	/** Index of the view on screen. */
	index: number;
	/** When it came up (epoch ms); its seconds count from here. */
	since: number;
	/** Held in place (a critical alert, or stale data) rather than moving on. */
	held: boolean;
}

export function startRotation(now: number): Rotation {
	return { index: 0, since: now, held: false };
}

/**
 * The rotation at `now`. The next view comes up once the current one has had its seconds;
 * while `hold` it stays. After a hold the interrupted view gets its full time again, since
 * the room was looking at something else. Returns the same object when nothing changes.
 */
export function stepRotation(r: Rotation, seconds: readonly number[], now: number, hold: boolean): Rotation {
	if (hold) return r.held ? r : { ...r, held: true };
	if (r.held) return { index: r.index, since: now, held: false };
	const n = seconds.length;
	if (n <= 1) return r;
	if (now - r.since < seconds[r.index % n] * 1000) return r;
	// From now, not from `since + seconds`: after a throttled tab or a sleeping screen, move on by
	// one view instead of racing through the ones that were missed.
	return { index: (r.index + 1) % n, since: now, held: false };
}

/** Milliseconds until the view changes (0 when due), for a progress hint. */
export function remainingMs(r: Rotation, seconds: readonly number[], now: number): number {
	if (r.held || seconds.length <= 1) return Infinity;
	return Math.max(0, r.since + seconds[r.index % seconds.length] * 1000 - now);
}
