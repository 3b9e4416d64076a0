import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../../src/lib/server/ingest/index.ts';
import { TRAILING_BACKSLASH } from '../../../../src/lib/server/ingest/line-protocol.ts';

/**
 * Cases the fuzz test found (tests/unit/server/ingest/line-protocol.fuzz.test.ts and the run
 * against influxd), each once a bug. Verdicts against InfluxDB itself are in
 * tests/integration/ingest/parser-vs-influxdb.test.ts.
 */
const NOW = '1700000123456789012'; // 2023-11-14T22:15:23.456789012Z
const parse = (body: string, precision: 'ns' | 's' | 'h' = 'ns') => parseLineProtocol(body, { precision, nowNs: NOW });

describe('line-protocol parser: cases found by fuzzing', () => {
	it.each([
		['ns', NOW],
		['s', '1700000123000000000'],
		['h', '1699999200000000000']
	] as const)('stamps a line without a timestamp with the server time truncated to precision=%s, as InfluxDB does', (precision, expected) => {
		const { points } = parse('m v=1', precision);
		expect(points[0].timeNs).toBe(expected);
		expect(points[0].line).toBe(`m v=1 ${expected}`);
	});

	it('keeps tags and fields named __proto__ or constructor as their own, instead of refusing them as duplicates', () => {
		const { points, errors } = parse('m,constructor=a,__proto__=b __proto__=1,constructor=2i 5');
		expect(errors).toEqual([]);
		expect(Object.entries(points[0].tags)).toEqual([
			['constructor', 'a'],
			['__proto__', 'b']
		]);
		expect(Object.entries(points[0].fields)).toEqual([
			['__proto__', 1],
			['constructor', 2]
		]);
		expect(Object.getPrototypeOf(points[0].tags)).toBe(Object.prototype);
	});

	it('joins a line to the next after a backslash-escaped newline, as scanLine does', () => {
		const { points, errors } = parse('m v=1 5\\\nm v=2 6');
		expect(points).toEqual([]);
		expect(errors).toEqual([{ line: 1, error: "unable to parse 'm v=1 5\\\nm v=2 6': bad timestamp" }]);
	});

	it('keeps the leading space of a line in what the writer sends, so a quoted newline splits the same way', () => {
		const body = ' a=""",a=0\na a=0e+0';
		const { points } = parse(body);
		expect(points).toHaveLength(1);
		expect(points[0].line).toBe(` a=""",a=0\na a=0e+0 ${NOW}`);
		const again = parse(points[0].line);
		expect(again.points.map((p) => [p.measurement, p.tags, p.fields])).toEqual([[points[0].measurement, points[0].tags, points[0].fields]]);
	});

	it('refuses a field given two types in one line (InfluxDB refuses the whole request, which would sink a merged batch)', () => {
		const { points, errors } = parse('m v=1,v="x" 5\nm w=2 6');
		expect(points.map((p) => p.line)).toEqual(['m w=2 6']);
		expect(errors[0]).toEqual({ line: 1, error: `unable to parse 'm v=1,v="x" 5': field type conflict: input field "v" is given as float and as string in one line` });
	});

	it('refuses a field its storage engine would split differently and fail on (InfluxDB answers 500)', () => {
		const { errors } = parse('m a\\\\="b=c" 5');
		expect(errors[0].error).toMatch(/^unable to parse 'm a\\\\="b=c" 5': invalid field format: InfluxDB's storage engine would read field .* and refuse/);
	});

	it('reports a bad timestamp before the storage engine’s refusal, as InfluxDB parses before it stores', () => {
		expect(parse('m a\\\\="b=c" +5').errors[0].error).toBe(`unable to parse 'm a\\\\="b=c" +5': bad timestamp`);
	});

	it('refuses, with InfluxDB’s words, a field key that ends in a backslash', () => {
		expect(parse('m v\\\\=2.5 5').errors[0].error).toBe("unable to parse 'm v\\\\=2.5 5': invalid value: field-key=v\\\\=2.5");
	});

	it('refuses a timestamp-less line whose fields end in a backslash: the appended time would join the last field', () => {
		const { errors } = parse('m v=""\\'); // InfluxDB takes it, and stamps it itself
		expect(errors).toHaveLength(1);
		expect(errors[0].error).toContain(TRAILING_BACKSLASH);
	});

	it('parses a body in time linear in its size (a per-field search of the whole body made 5,000-line batches 8x slower)', () => {
		const body = (n: number) => Array.from({ length: n }, (_, i) => `traffic,component=c${i % 50},instance=i${i % 7} rps=${i}.5,requests=${i}i,p95_ms=12.5 ${1700000000000000000 + i}`).join('\n');
		const time = (text: string) => Math.min(...[0, 1, 2].map(() => { const t0 = performance.now(); parse(text); return performance.now() - t0; }));
		const [small, large] = [body(2_000), body(20_000)];
		time(large); // warm up
		expect(time(large) / time(small)).toBeLessThan(30); // 10x the lines: about 10x the time; quadratic would be about 100x
	});

	it('says "bad timestamp" for a timestamp that is not digits, as InfluxDB does', () => {
		expect(parse('m v=1 12a').errors[0].error).toBe("unable to parse 'm v=1 12a': bad timestamp");
	});
});

const NOW_2025 = '1764576000000000000';
const T = '1764576000123456789';

/** Whether a body may go to the store as it is: only when every line is a point written exactly as it would be stored. */
const VERBATIM: [string, string, boolean][] = [
	['ns timestamps on every line', `m v=1 ${T}\nm v=2 ${T}`, true],
	['a final newline', `m v=1 ${T}\n`, true],
	['escapes and quoted strings', `m\\ x,t=a\\,b s="x \\"y\\"",v=1i ${T}`, true],
	['a line without a timestamp', `m v=1 ${T}\nm v=2`, false],
	['two spaces before the timestamp', `m v=1  ${T}`, false],
	['a trailing space', `m v=1 ${T} `, false],
	['leading white space', ` m v=1 ${T}`, false],
	['a blank line', `m v=1 ${T}\n\nm v=2 ${T}`, false],
	['a comment', `# hi\nm v=1 ${T}`, false],
	['a bad line', `m v=1 ${T}\nm v= ${T}`, false],
	['leading zeros in the timestamp', `m v=1 0${T}`, false],
	['an early timestamp', 'm v=1 123', true],
	['nothing at all', '', false]
];

describe('parseLineProtocol', () => {
	it.each(VERBATIM)('says whether the body is stored verbatim: %s', (_name, body, expected) => {
		const r = parseLineProtocol(body, { precision: 'ns', nowNs: NOW_2025 });
		expect(r.verbatim).toBe(expected);
		if (expected) expect(r.points.map((p) => p.line).join('\n')).toBe(body.replace(/\n$/, ''));
	});

	it('is never verbatim in another precision, where timestamps are rewritten in ns', () => {
		const r = parseLineProtocol('m v=1 1764576000', { precision: 's', nowNs: NOW_2025 });
		expect(r.verbatim).toBe(false);
		expect(r.points[0].line).toBe('m v=1 1764576000000000000');
	});

	it('gives every line its own key when the series come in the same order, another order, or as a prefix of the last one', () => {
		const keys = ['m,t=a', 'm,t=a\\ b', 'm,t=ab', 'm,t=a,u=1', 'n,t=a'];
		const order = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 2, 0, 3, 1];
		const body = order.map((k, i) => `${keys[k]} v=${i} ${T}`).join('\n');
		const r = parseLineProtocol(body, { precision: 'ns', nowNs: NOW_2025 });
		expect(r.errors).toEqual([]);
		const expected = [{ t: 'a' }, { t: 'a b' }, { t: 'ab' }, { t: 'a', u: '1' }, { t: 'a' }];
		expect(r.points.map((p) => [p.measurement, p.tags, p.fields.v])).toEqual(order.map((k, i) => [k === 4 ? 'n' : 'm', expected[k], i]));
	});
});
