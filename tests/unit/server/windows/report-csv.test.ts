import { describe, expect, it } from 'vitest';
import { cell, neutraliseFormula } from '../../../../src/lib/server/windows/report-csv.ts';

/** Cells a spreadsheet would run as formulas, and what the CSV must hold instead. */
const FORMULAS: [string, string][] = [
	['=HYPERLINK("http://evil.example","open")', `"'=HYPERLINK(""http://evil.example"",""open"")"`],
	['+1+cmd|" /C calc"!A0', `"'+1+cmd|"" /C calc""!A0"`],
	['-2+3', "'-2+3"],
	['@SUM(A1:A9)', "'@SUM(A1:A9)"],
	['\t=1+1', "'\t=1+1"],
	['\r=1+1', `"'\r=1+1"`]
];

describe('report CSV cells', () => {
	it.each(FORMULAS)('writes %j as text, never as a formula', (raw, expected) => {
		expect(cell(raw)).toBe(expected);
	});

	it('leaves ordinary text and numbers alone, negative numbers included', () => {
		expect(cell('idp-naver')).toBe('idp-naver');
		expect(cell('critical: landing-busy')).toBe('critical: landing-busy');
		expect(cell(-3)).toBe('-3');
		expect(cell(-0.25)).toBe('-0.25');
		expect(cell(12)).toBe('12');
		expect(cell(null)).toBe('');
	});

	it('still quotes as RFC 4180 asks', () => {
		expect(cell('a,b')).toBe('"a,b"');
		expect(cell('say "hi"')).toBe('"say ""hi"""');
		expect(cell('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
	});

	it('neutralises only a leading trigger', () => {
		expect(neutraliseFormula('a=b')).toBe('a=b');
		expect(neutraliseFormula('=b')).toBe("'=b");
	});
});
