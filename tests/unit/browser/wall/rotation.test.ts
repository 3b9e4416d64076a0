import { describe, expect, it } from 'vitest';
import { remainingMs, startRotation, stepRotation, type Rotation } from '../../../../src/lib/wall/rotation.ts';

const T0 = 1_700_000_000_000;
const SECONDS = [20, 10, 30];

/** Steps the rotation each second over `[from, to]`, holding where `hold(t)` says. */
function run(r: Rotation, from: number, to: number, hold: (t: number) => boolean = () => false): { r: Rotation; shown: number[] } {
	const shown: number[] = [];
	for (let t = from; t <= to; t += 1000) {
		r = stepRotation(r, SECONDS, t, hold(t));
		shown.push(r.index);
	}
	return { r, shown };
}

describe('stepRotation', () => {
	it('shows each view for its own seconds, then wraps round', () => {
		const { shown } = run(startRotation(T0), T0, T0 + 70_000);
		expect(shown.indexOf(1)).toBe(20);
		expect(shown.indexOf(2)).toBe(30);
		expect(shown.lastIndexOf(2)).toBe(59);
		expect(shown[60]).toBe(0);
	});

	it('returns the same object while nothing changes (no needless redraws)', () => {
		const r = startRotation(T0);
		expect(stepRotation(r, SECONDS, T0 + 5_000, false)).toBe(r);
	});

	it('holds while asked and gives the interrupted view its full time again', () => {
		const hold = (t: number) => t >= T0 + 15_000 && t < T0 + 100_000;
		const { shown } = run(startRotation(T0), T0, T0 + 130_000, hold);
		// Held from 15 s to 100 s on view 0, then 20 more seconds of it.
		expect(shown.slice(0, 120).every((i) => i === 0)).toBe(true);
		expect(shown[120]).toBe(1);
	});

	it('moves on by one view after a long sleep instead of racing through the missed ones', () => {
		const r = stepRotation(startRotation(T0), SECONDS, T0 + 3_600_000, false);
		expect(r).toEqual({ index: 1, since: T0 + 3_600_000, held: false });
		expect(stepRotation(r, SECONDS, T0 + 3_600_001, false).index).toBe(1);
	});

	it('never moves a playlist of one', () => {
		const r = startRotation(T0);
		expect(stepRotation(r, [5], T0 + 60_000, false).index).toBe(0);
	});

	it('reports the time left on the view, and none while held', () => {
		const r = startRotation(T0);
		expect(remainingMs(r, SECONDS, T0 + 5_000)).toBe(15_000);
		expect(remainingMs({ ...r, held: true }, SECONDS, T0 + 5_000)).toBe(Infinity);
	});
});
