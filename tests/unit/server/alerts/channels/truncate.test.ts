import { describe, expect, it } from 'vitest';
import { escapeSlack } from '../../../../../src/lib/server/alerts/channels/slack.ts';
import { countFitting, cutAt, fitItems, truncate, truncateEscaped, utf8Bytes } from '../../../../../src/lib/server/alerts/channels/truncate.ts';

const more = (n: number) => `… and ${n} more`;

describe('cutAt', () => {
	const cases: [string, string, number, string][] = [
		['leaves a short text alone', 'abc', 5, 'abc'],
		['cuts plain text at the limit', 'abcdef', 4, 'abcd'],
		['never leaves half an emoji', 'ab😀cd', 3, 'ab'],
		['keeps a whole emoji that fits', 'ab😀cd', 4, 'ab😀'],
		['cuts Hangul (one code unit each) exactly', '한국어입니다', 3, '한국어'],
		['gives nothing for a zero limit', 'abc', 0, '']
	];
	it.each(cases)('%s', (_name, text, max, expected) => expect(cutAt(text, max)).toBe(expected));
});

describe('truncate', () => {
	const cases: [string, string, number, string, string][] = [
		['keeps text that fits', 'hello', 5, '…', 'hello'],
		['ends a cut with the marker, within the limit', 'hello world', 8, '…', 'hello w…'],
		['uses a longer marker', 'a'.repeat(50), 20, '… (truncated)', 'aaaaaaa… (truncated)'],
		['shortens the marker itself when nothing else fits', 'hello world', 3, '… (truncated)', '… ('],
		['does not split an emoji before the marker', 'ab😀cd', 4, '…', 'ab…']
	];
	it.each(cases)('%s', (_name, text, max, marker, expected) => {
		const out = truncate(text, max, marker);
		expect(out).toBe(expected);
		expect(out.length).toBeLessThanOrEqual(max);
	});
});

describe('truncateEscaped', () => {
	it('escapes whole text that fits after escaping', () => {
		expect(truncateEscaped('a<b', 10, escapeSlack)).toBe('a&lt;b');
	});

	it('counts the escaped length and never cuts inside an entity', () => {
		const out = truncateEscaped('&'.repeat(100), 23, escapeSlack);
		expect(out).toBe(`${'&amp;'.repeat(4)}…`);
		expect(out.length).toBeLessThanOrEqual(23);
		expect(out.replace(/&amp;/g, '')).toBe('…');
	});

	it('fills the budget when most characters need no escaping', () => {
		const out = truncateEscaped(`${'x'.repeat(5000)}<`, 3000, escapeSlack);
		expect(out).toHaveLength(3000);
		expect(out.endsWith('…')).toBe(true);
	});

	it('does not split a surrogate pair', () => {
		const out = truncateEscaped('😀😀😀😀', 6, escapeSlack);
		expect(out).toBe('😀😀…');
	});
});

describe('fitItems', () => {
	it('joins everything that fits', () => {
		expect(fitItems(['a', 'b', 'c'], 10, more)).toBe('a\nb\nc');
	});

	it('counts what was left out, within the limit', () => {
		const items = Array.from({ length: 10 }, (_, i) => `item ${i}`);
		const out = fitItems(items, 40, more);
		expect(out).toBe('item 0\nitem 1\nitem 2\nitem 3\n… and 6 more');
		expect(out.length).toBeLessThanOrEqual(40);
	});

	it('says how many when not even the first item fits', () => {
		expect(fitItems(['x'.repeat(100), 'y'], 30, more)).toBe('… and 2 more');
	});

	it('never exceeds the limit, whatever the items', () => {
		for (const max of [1, 5, 13, 50, 101]) {
			const out = fitItems(Array.from({ length: 30 }, (_, i) => 'z'.repeat(i)), max, more);
			expect(out.length).toBeLessThanOrEqual(max);
		}
	});
});

describe('countFitting', () => {
	it('takes items while their JSON, with commas, fits the byte budget', () => {
		const items = [{ t: 'aaaa' }, { t: 'bbbb' }, { t: 'cccc' }];
		// Each {"t":"aaaa"} is 12 bytes, plus a comma.
		expect(countFitting(items, 100, 126)).toBe(2);
		expect(countFitting(items, 100, 125)).toBe(1);
		expect(countFitting(items, 100, 1000)).toBe(3);
	});

	it('counts UTF-8 bytes, not characters', () => {
		expect(utf8Bytes('한')).toBe(3);
		expect(utf8Bytes('😀')).toBe(4);
		// {"t":"한한한"}: 8 ASCII bytes, 9 for the Hangul, 1 for the comma.
		expect(countFitting([{ t: '한한한' }], 0, 18)).toBe(1);
		expect(countFitting([{ t: '한한한' }], 0, 17)).toBe(0);
	});
});
