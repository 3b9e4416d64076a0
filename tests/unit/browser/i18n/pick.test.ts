import { describe, expect, it } from 'vitest';
import { localized, reasonIn, stageSummaryIn } from '../../../../src/lib/i18n/pick.ts';
import { toLocale } from '../../../../src/lib/i18n/locale.ts';

describe('reasonIn and stageSummaryIn', () => {
	const state = { reason: 'Identity verification: at capacity', reasonKo: 'Identity verification: 용량 한계' };

	it('show the Korean text on a Korean page', () => {
		expect(reasonIn(state, 'ko')).toBe('Identity verification: 용량 한계');
		expect(stageSummaryIn({ summary: 'CDN: idle', summaryKo: 'CDN: 유휴' }, 'ko')).toBe('CDN: 유휴');
	});

	it('fall back to English when a server sent no Korean', () => {
		expect(reasonIn({ reason: 'x' }, 'ko')).toBe('x');
		expect(stageSummaryIn({ summary: 'CDN: idle' }, 'ko')).toBe('CDN: idle');
		expect(reasonIn({ reason: null, reasonKo: null }, 'ko')).toBeNull();
	});

	it('show English on an English page', () => {
		expect(reasonIn(state, 'en')).toBe(state.reason);
	});
});

describe('toLocale', () => {
	const cases: [string | null, string | undefined][] = [
		['ko', 'ko'],
		['ko-KR', 'ko'],
		['EN_us', 'en'],
		['de', undefined],
		['', undefined],
		[null, undefined]
	];
	it.each(cases)('reads %s as %s', (v, want) => expect(toLocale(v)).toBe(want));
});

describe('localized', () => {
	it('gives a board text in the page language, English when there is no Korean', () => {
		expect(localized('Queue length', '대기열 길이', 'ko')).toBe('대기열 길이');
		expect(localized('Queue length', '대기열 길이', 'en')).toBe('Queue length');
		expect(localized('Waiting room', undefined, 'ko')).toBe('Waiting room');
		expect(localized(undefined, undefined, 'ko')).toBeUndefined();
	});
});
