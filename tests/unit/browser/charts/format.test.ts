import { describe, expect, it } from 'vitest';
import { formatAge, formatDelta, formatValue } from '../../../../src/lib/charts/format.ts';

const values: [number | null, string | undefined, string, string][] = [
	[null, undefined, '–', '–'],
	[12.345, undefined, '12.35', '12.35'],
	[850, 'ms', '850 ms', '850 ms'],
	[12_345, 'req/s', '12.3K req/s', '1.2만 req/s'],
	[2_345_678, undefined, '2.3M', '234.6만']
];

const ages: [number, string, string][] = [
	[12_000, '12 s', '12초'],
	[185_000, '3 min 5 s', '3분 5초'],
	[7_500_000, '2 h 5 min', '2시간 5분']
];

describe('formatValue', () => {
	it.each(values)('formats %s %s as "%s" in English and "%s" in Korean', (v, unit, en, ko) => {
		expect(formatValue(v, unit, 'en')).toBe(en);
		expect(formatValue(v, unit, 'ko')).toBe(ko);
	});

	it('uses the page language when none is given (English outside a request)', () => {
		expect(formatValue(1234)).toBe('1,234');
	});
});

describe('formatAge', () => {
	it.each(ages)('says %i ms as "%s" and "%s"', (ms, en, ko) => {
		expect(formatAge(ms, 'en')).toBe(en);
		expect(formatAge(ms, 'ko')).toBe(ko);
	});
});

describe('formatDelta', () => {
	it('calls a value that was zero before new, in either language', () => {
		expect(formatDelta(5, 0, 'en')).toBe('new');
		expect(formatDelta(5, 0, 'ko')).toBe('신규');
	});

	it('keeps signs and percentages the same in both languages', () => {
		expect(formatDelta(112, 100, 'ko')).toBe('+12%');
		expect(formatDelta(97, 100, 'en')).toBe('−3.0%');
	});
});
