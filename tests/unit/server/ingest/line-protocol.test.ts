import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../../src/lib/server/ingest/index.ts';

const NOW = '1764576000000000000';
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
		const r = parseLineProtocol(body, { precision: 'ns', nowNs: NOW });
		expect(r.verbatim).toBe(expected);
		if (expected) expect(r.points.map((p) => p.line).join('\n')).toBe(body.replace(/\n$/, ''));
	});

	it('is never verbatim in another precision, where timestamps are rewritten in ns', () => {
		const r = parseLineProtocol('m v=1 1764576000', { precision: 's', nowNs: NOW });
		expect(r.verbatim).toBe(false);
		expect(r.points[0].line).toBe('m v=1 1764576000000000000');
	});

	it('gives every line its own key when the series come in the same order, another order, or as a prefix of the last one', () => {
		const keys = ['m,t=a', 'm,t=a\\ b', 'm,t=ab', 'm,t=a,u=1', 'n,t=a'];
		const order = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 2, 0, 3, 1];
		const body = order.map((k, i) => `${keys[k]} v=${i} ${T}`).join('\n');
		const r = parseLineProtocol(body, { precision: 'ns', nowNs: NOW });
		expect(r.errors).toEqual([]);
		const expected = [{ t: 'a' }, { t: 'a b' }, { t: 'ab' }, { t: 'a', u: '1' }, { t: 'a' }];
		expect(r.points.map((p) => [p.measurement, p.tags, p.fields.v])).toEqual(order.map((k, i) => [k === 4 ? 'n' : 'm', expected[k], i]));
	});
});
