import { describe, expect, it } from 'vitest';
import {
	anyOf,
	durationLiteral,
	exactRegex,
	fromMeasurement,
	InfluxQLError,
	integerLiteral,
	quoteIdent,
	quoteString,
	tagEquals,
	timeRange
} from '../../../../src/lib/server/history/index.ts';

/**
 * The quoting every query path uses. InfluxQL reads `\\`, `\'`, `\"` and `\n` inside quotes and
 * nothing else; its reader turns CR into a newline and takes NUL for the end of input. Whether
 * InfluxDB really reads these back as the same values is tested against influxd in
 * tests/integration/app/query-injection.test.ts.
 */
const CASES: [name: string, value: string, ident: string, literal: string][] = [
	['always-true clause', "x' OR 1=1 --", `"x' OR 1=1 --"`, `'x\\' OR 1=1 --'`],
	['quote and trailing backslash', 'a"b\\', `"a\\"b\\\\"`, `'a"b\\\\'`],
	['escaped quote', "\\'", `"\\\\'"`, `'\\\\\\''`],
	['double escapes', '\\\\"', `"\\\\\\\\\\""`, `'\\\\\\\\"'`],
	['newline', 'multi\nline', `"multi\\nline"`, `'multi\\nline'`],
	['statement end', "'; DROP DATABASE \"x\"; --", `"'; DROP DATABASE \\"x\\"; --"`, `'\\'; DROP DATABASE "x"; --'`],
	['slash and regex characters', '/.*/ ^$', `"/.*/ ^$"`, `'/.*/ ^$'`],
	['unicode', '한글 값 😀', `"한글 값 😀"`, `'한글 값 😀'`],
	['tab', 'a\tb', `"a\tb"`, `'a\tb'`],
	['empty', '', `""`, `''`]
];

describe('InfluxQL quoting', () => {
	it.each(CASES)('quotes %s as an identifier and as a string literal', (_name, value, ident, literal) => {
		expect(quoteIdent(value)).toBe(ident);
		expect(quoteString(value)).toBe(literal);
	});

	it.each(CASES)('never lets %s end its literal early', (_name, value) => {
		// Every quote inside is escaped: after removing escape pairs, only the two delimiters remain.
		for (const [q, quoted] of [["'", quoteString(value)], ['"', quoteIdent(value)]] as const) {
			const bare = quoted.replace(/\\[\\'"n]/g, '');
			expect(bare.split(q).length - 1, quoted).toBe(2);
			expect(bare.startsWith(q) && bare.endsWith(q)).toBe(true);
		}
	});

	it.each(['cr\rx', 'nul\u0000x'])('refuses to quote %j (no InfluxQL string can hold it) with InfluxQLError', (value) => {
		expect(() => quoteString(value)).toThrow(InfluxQLError);
		expect(() => quoteIdent(value)).toThrow(/carriage return or NUL/);
	});

	it('compares a tag by equality, and by an exact regex when the value holds CR or NUL', () => {
		expect(tagEquals('component', "x' OR 1=1 --")).toBe(`"component" = 'x\\' OR 1=1 --'`);
		expect(tagEquals('component', 'a\rb/c.d\u0000')).toBe('"component" =~ /^a\\rb\\/c\\.d\\x00$/');
		expect(anyOf('component', ['a', "b'"])).toBe(`("component" = 'a' OR "component" = 'b\\'')`);
		expect(() => anyOf('component', [])).toThrow(InfluxQLError);
	});

	it('escapes every regex metacharacter and the slash in an exact regex', () => {
		expect(exactRegex('a.b*c+d?e(f)g|h[i]j{k}l^m$n\\o/p\nq')).toBe('/^a\\.b\\*c\\+d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o\\/p\\nq$/');
	});

	it('names a measurement in FROM by its quoted name, or by an exact regex for CR or NUL', () => {
		expect(fromMeasurement('a"b')).toBe('"a\\"b"');
		expect(fromMeasurement('a\rb')).toBe('/^a\\rb$/');
	});
});

describe('InfluxQL numbers', () => {
	it('writes time ranges as integer epoch ms', () => {
		expect(timeRange(1000.4, 2000.2)).toBe('time >= 1000ms AND time < 2001ms');
		expect(timeRange(-5, 0)).toBe('time >= -5ms AND time < 0ms');
	});

	it.each([NaN, Infinity, -Infinity, 1e30, -1e30])('refuses the time %s rather than printing it', (t) => {
		expect(() => timeRange(t, 1000)).toThrow(InfluxQLError);
		expect(() => timeRange(0, t)).toThrow(/time/);
	});

	it('writes durations as whole positive milliseconds', () => {
		expect(durationLiteral(15_000)).toBe('15000ms');
		expect(durationLiteral(90 * 60_000)).toBe('5400000ms'); // 1.5h, which InfluxQL cannot write as hours
		for (const bad of [0, -1, 1.5, NaN, Infinity]) expect(() => durationLiteral(bad)).toThrow(InfluxQLError);
	});

	it('writes a limit only as a whole number within its bounds', () => {
		expect(integerLiteral(500, 'limit', 1, 5000)).toBe('500');
		for (const bad of [0, 5001, 2.5, NaN]) expect(() => integerLiteral(bad, 'limit', 1, 5000)).toThrow(/limit must be a whole number from 1 to 5000/);
	});
});
