import { describe, expect, it } from 'vitest';
import { isInMuteTime, MuteTimeSchema, type MuteTimeInput } from '../../../../../src/lib/server/alerts/notify/index.ts';

const at = (iso: string) => Date.parse(iso);
const muted = (mt: MuteTimeInput, iso: string, defaultTz = 'Asia/Seoul') => isInMuteTime(MuteTimeSchema.parse(mt), at(iso), defaultTz);

const nightlyWeekdays: MuteTimeInput = {
	name: 'batch-window',
	intervals: [{ weekdays: ['monday:friday'], times: [{ start: '02:00', end: '04:00' }] }]
};

// 2026-03-02 is a Monday; Seoul is UTC+9 all year.
const weekdayCases: [string, boolean][] = [
	['2026-03-02T02:00:00+09:00', true], // start is inclusive
	['2026-03-02T03:59:59+09:00', true],
	['2026-03-02T04:00:00+09:00', false], // end is exclusive
	['2026-03-02T01:59:00+09:00', false],
	['2026-03-01T18:30:00Z', true], // Sunday in UTC, Monday 03:30 in Seoul
	['2026-03-06T03:00:00+09:00', true], // Friday
	['2026-03-07T03:00:00+09:00', false], // Saturday
	['2026-03-06T18:30:00Z', false] // Friday in UTC, Saturday 03:30 in Seoul
];

describe('mute times', () => {
	it.each(weekdayCases)('weekdays 02:00-04:00 Asia/Seoul at %s -> %s', (iso, expected) => {
		expect(muted(nightlyWeekdays, iso)).toBe(expected);
	});

	it('uses its own time_zone over the default', () => {
		const utc = { ...nightlyWeekdays, time_zone: 'UTC' };
		expect(muted(utc, '2026-03-02T03:00:00Z')).toBe(true);
		expect(muted(utc, '2026-03-02T03:00:00+09:00')).toBe(false);
	});

	it('follows daylight saving through Intl (Berlin is UTC+2 in July)', () => {
		const berlin = { ...nightlyWeekdays, time_zone: 'Europe/Berlin' };
		expect(muted(berlin, '2026-07-06T01:30:00Z')).toBe(true); // 03:30 local, Monday
		expect(muted(berlin, '2026-01-05T01:30:00Z')).toBe(true); // 02:30 local (UTC+1), Monday
		expect(muted(berlin, '2026-07-06T02:30:00Z')).toBe(false); // 04:30 local
	});

	it('an absolute range mutes between its instants only', () => {
		const oneNight: MuteTimeInput = {
			name: 'migration',
			intervals: [{ start: '2026-03-07T22:00:00+09:00', end: '2026-03-08T06:00:00+09:00' }]
		};
		expect(muted(oneNight, '2026-03-07T21:59:59+09:00')).toBe(false);
		expect(muted(oneNight, '2026-03-07T22:00:00+09:00')).toBe(true);
		expect(muted(oneNight, '2026-03-08T05:59:59+09:00')).toBe(true);
		expect(muted(oneNight, '2026-03-08T06:00:00+09:00')).toBe(false);
	});

	it('fields of one interval all hold; any interval holds the mute time', () => {
		const mt: MuteTimeInput = {
			name: 'weekend-or-lunch',
			intervals: [{ weekdays: ['saturday:sunday'] }, { times: [{ start: '12:00', end: '13:00' }], start: '2026-03-01T00:00:00+09:00' }]
		};
		expect(muted(mt, '2026-03-07T15:00:00+09:00')).toBe(true); // Saturday
		expect(muted(mt, '2026-03-03T12:30:00+09:00')).toBe(true); // Tuesday lunch, after start
		expect(muted(mt, '2026-02-24T12:30:00+09:00')).toBe(false); // lunch, before start
		expect(muted(mt, '2026-03-03T15:00:00+09:00')).toBe(false);
	});

	it("a weekday range may wrap: 'friday:monday' is Fri, Sat, Sun, Mon", () => {
		const mt: MuteTimeInput = { name: 'long-weekend', intervals: [{ weekdays: ['friday:monday'] }] };
		const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
		expect(days.map((d) => muted(mt, `${d}T12:00:00+09:00`))).toEqual([true, false, false, false, true, true, true]);
	});

	it("'24:00' ends a range at midnight", () => {
		const mt: MuteTimeInput = { name: 'late', intervals: [{ times: [{ start: '22:00', end: '24:00' }] }] };
		expect(muted(mt, '2026-03-02T23:59:59+09:00')).toBe(true);
		expect(muted(mt, '2026-03-03T00:00:00+09:00')).toBe(false);
	});
});
