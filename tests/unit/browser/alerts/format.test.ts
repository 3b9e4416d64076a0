import { describe, expect, it } from 'vitest';
import { formatAge, formatFullTime, formatTime, formatValue, SEVERITY, SILENCE_DURATIONS, STATUS, summaryIn } from '../../../../src/lib/components/alerts/format.ts';

const KST = 'Asia/Seoul';
// 2021-08-09 20:00:05 in Seoul: the first cohort's opening.
const opening = Date.UTC(2021, 7, 9, 11, 0, 5);

describe('formatTime', () => {
	it('shows only the clock on the same day, in the config time zone', () => {
		expect(formatTime(opening, KST, opening + 60_000, 'en')).toBe('20:00:05');
		expect(formatTime(opening, KST, opening + 60_000, 'ko')).toBe('20:00:05');
	});

	it('adds the day on another day, day-month in English and month-day in Korean', () => {
		const nextDay = opening + 86_400_000;
		expect(formatTime(opening, KST, nextDay, 'en')).toBe('9 Aug, 20:00:05');
		expect(formatTime(opening, KST, nextDay, 'ko')).toBe('8월 9일 20:00:05');
	});
});

describe('formatFullTime', () => {
	it('gives the date, a 24-hour time and the zone', () => {
		expect(formatFullTime(opening, KST, 'en')).toBe('9 Aug 2021, 20:00:05 GMT+9');
		expect(formatFullTime(opening, KST, 'ko')).toBe('2021. 8. 9. 20시 0분 5초 GMT+9');
	});
});

describe('formatAge', () => {
	const cases: [number, string, string][] = [
		[45_000, '45s', '45초'],
		[200_000, '3m 20s', '3분 20초'],
		[7_500_000, '2h 5m', '2시간 5분'],
		[4 * 86_400_000 + 3 * 3_600_000, '4d 3h', '4일 3시간']
	];
	it.each(cases)('says %i ms as "%s" and "%s"', (ms, en, ko) => {
		expect(formatAge(ms, 'en')).toBe(en);
		expect(formatAge(ms, 'ko')).toBe(ko);
	});
});

describe('words', () => {
	it('reads status and severity words in the page language when shown', () => {
		expect(SEVERITY.critical.word).toBe('Critical');
		expect(STATUS.firing.word).toBe('Firing');
		expect(SILENCE_DURATIONS.map((d) => d.label)).toEqual(['15 minutes', '1 hour', '2 hours', '4 hours', '8 hours', '1 day', '3 days', '7 days']);
	});

	it('picks the summary for the language, falling back to English', () => {
		expect(summaryIn({ en: 'Queue full', ko: '대기열 가득 참' }, 'ko')).toBe('대기열 가득 참');
		expect(summaryIn({ en: 'Queue full', ko: '' }, 'ko')).toBe('Queue full');
		expect(summaryIn({ en: 'Queue full', ko: '대기열 가득 참' }, 'en')).toBe('Queue full');
	});

	it('groups numbers for the locale', () => {
		expect(formatValue(12345.678, 'en')).toBe('12,345.68');
		expect(formatValue(12345.678, 'ko')).toBe('12,345.68');
		expect(formatValue(null, 'ko')).toBe('–');
	});
});
