import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/lib/server/config/index.ts';
import { WindowSchedule, type WindowConfig } from '../../../../src/lib/server/windows/index.ts';

const KST = 'Asia/Seoul';
const cohorts: WindowConfig = {
	id: 'cohort-2021',
	name: 'Pre-booking, ages 18-49',
	start: '2021-08-09T20:00',
	end: '2021-08-10T18:00',
	repeat: { every: '1d', count: 10, cohorts: ['ending in 9', 'ending in 0', 'ending in 1'] }
};
const drill: WindowConfig = { id: 'drill', name: 'Drill', start: '2026-01-01T00:00', duration: '10m', repeat: { every: '20m' } };

describe('booking window schedule', () => {
	it('reads local times in the time zone: 20:00 KST is 11:00 UTC', () => {
		const s = new WindowSchedule([cohorts], KST);
		const first = s.get('cohort-2021-1')!;
		expect(new Date(first.start).toISOString()).toBe('2021-08-09T11:00:00.000Z');
		expect(new Date(first.end).toISOString()).toBe('2021-08-10T09:00:00.000Z');
		expect(first.cohort).toBe('ending in 9');
	});

	it('repeats a series with cycling cohorts and stops after its count', () => {
		const s = new WindowSchedule([cohorts], KST);
		expect(s.get('cohort-2021-2')!.cohort).toBe('ending in 0');
		expect(s.get('cohort-2021-4')!.cohort).toBe('ending in 9');
		expect(new Date(s.get('cohort-2021-10')!.start).toISOString()).toBe('2021-08-18T11:00:00.000Z');
		expect(s.get('cohort-2021-11')).toBeNull();
		expect(s.next(Date.parse('2021-08-20T00:00:00Z'))).toBeNull();
		expect(s.previous(Date.parse('2021-08-20T00:00:00Z'))!.id).toBe('cohort-2021-10');
	});

	it('knows the current, previous and next opening of an endless series', () => {
		const s = new WindowSchedule([drill], KST);
		// 2026-11-25 19:25 KST: the 19:20 opening is on (10 min long), 19:00 was the previous, 19:40 is next.
		const now = Date.parse('2026-11-25T10:25:00Z');
		expect(new Date(s.current(now)!.start).toISOString()).toBe('2026-11-25T10:20:00.000Z');
		expect(new Date(s.previous(now)!.start).toISOString()).toBe('2026-11-25T10:00:00.000Z');
		expect(new Date(s.next(now)!.start).toISOString()).toBe('2026-11-25T10:40:00.000Z');
		// 19:35 KST: between openings.
		expect(s.current(Date.parse('2026-11-25T10:35:00Z'))).toBeNull();
		const id = s.current(now)!.id;
		expect(s.get(id)).toEqual(s.current(now));
		expect(s.before(s.current(now)!)).toEqual(s.previous(now));
	});

	it('lists the openings overlapping a range', () => {
		const s = new WindowSchedule([drill, cohorts], KST);
		const ws = s.between(Date.parse('2026-11-25T10:05:00Z'), Date.parse('2026-11-25T10:45:00Z'));
		expect(ws.map((w) => new Date(w.start).toISOString())).toEqual([
			'2026-11-25T10:00:00.000Z',
			'2026-11-25T10:20:00.000Z',
			'2026-11-25T10:40:00.000Z'
		]);
		expect(s.between(Date.parse('2021-08-10T08:00:00Z'), Date.parse('2021-08-10T12:00:00Z')).map((w) => w.id)).toEqual(['cohort-2021-1', 'cohort-2021-2']);
	});

	it('validates windows in the config with the path of a bad key', () => {
		expect(() => parseConfig('windows:\n  - { id: w, name: W, start: "20:00", duration: 1h }\n')).toThrow(/windows\[0\]\.start/);
		expect(() => parseConfig('windows:\n  - { id: w, name: W, start: "2021-08-09T20:00" }\n')).toThrow(/either end or duration/);
		expect(parseConfig('windows:\n  - { id: w, name: W, start: "2021-08-09T20:00", duration: 1h }\n').windows).toHaveLength(1);
	});
});
