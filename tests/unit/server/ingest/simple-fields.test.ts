import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../../src/lib/server/ingest/index.ts';

/**
 * The parser's short path for repeated simple field sections must agree with the full scan on
 * every line: same verdict, same error text, same fields, types, time and stored line. Each case
 * is parsed twice: under a fresh measurement (a cache miss: the full scan) and under a
 * measurement whose previous point had the seed's layout (the short path, where it applies).
 */
const SEED = 'a=1.5,b=2i,c=t';

const FIELD_SECTIONS: string[] = [
	SEED,
	'a=-0.0,b=-7i,c=FALSE',
	'a=0,b=0i,c=f',
	'a=.5,b=01i,c=True',
	'a=-.5,b=9i,c=T',
	'a=5.,b=1i,c=true',
	'a=01,b=1i,c=F',
	'a=123456789012345,b=123456789012345i,c=t',
	'a=1234567890123456,b=1234567890123456i,c=t',
	'a=0.1234567890123,b=1i,c=t',
	'a=9007199254740993,b=9223372036854775807i,c=t',
	'a=1e3,b=1i,c=t',
	'a=1E-2,b=1i,c=t',
	'a=NaN,b=1i,c=t',
	'a=1,b=2,c=t',
	'a=1,b=2.5i,c=t',
	'a=1,b=2i',
	'a=1,b=2i,c=t,d=4',
	'a=1,c=t,b=2i',
	'a=1,b=2i,c=tru',
	'a=1,b=2i,c=yes',
	'a=1,b=2i,c="t"',
	'a=1,b=2i,c=t ',
	'a=1,b=2i,c=t  ',
	'a=1, b=2i,c=t',
	'a=1,,b=2i,c=t',
	'a=,b=2i,c=t',
	'a=-,b=2i,c=t',
	'a=1.2.3,b=2i,c=t',
	'a=1,b=-i,c=t',
	'a=1,b=2ii,c=t',
	'a=1x,b=2i,c=t',
	'a=1\tb=2i,c=t',
	'a=1,b=2i,c=t,',
	'a\\ =1,b=2i,c=t',
	'ab=1,b=2i,c=t',
	'a=1,b=2i,time=3',
	'a=1,b=2i,c=t 1764576000000000000',
	'a=1,b=2i,c=t  1764576000000000000',
	'a=1,b=2i,c=t 1764576000000000000 ',
	'a=1,b=2i,c=t 001764576000000000000',
	'a=1,b=2i,c=t -5',
	'a=1,b=2i,c=t 12x',
	'a=1,b=2i,c=t 9223372036854775807',
	'a=1,b=2i,c=t 99999999999999999999'
];

let n = 0;
function bothWays(fields: string, precision: 'ns' | 's' = 'ns') {
	n++;
	const opts = { precision, nowNs: '1764576000000000000' };
	const reference = parseLineProtocol(`ref${n},host=h ${fields}`, opts);
	const warm = parseLineProtocol(`short${n},host=h ${SEED} 1\nshort${n},host=h ${fields}`, opts);
	return { reference, short: { points: warm.points.slice(1), errors: warm.errors.map((e) => ({ ...e, line: e.line - 1 })) } };
}

function comparable(r: Pick<ReturnType<typeof parseLineProtocol>, 'points' | 'errors'>, prefix: string) {
	return {
		errors: r.errors.map((e) => ({ line: e.line, error: e.error.replaceAll(prefix, 'M') })),
		points: r.points.map((p) => ({ tags: p.tags, fields: p.fields, types: p.types, timeNs: p.timeNs, timeMs: p.timeMs, line: p.line.replace(prefix, 'M') }))
	};
}

function expectSame(fields: string, precision: 'ns' | 's' = 'ns') {
	const { reference, short } = bothWays(fields, precision);
	expect(comparable(short, `short${n}`), fields).toEqual(comparable(reference, `ref${n}`));
	for (const p of short.points) expect(Object.is(p.fields.a, reference.points[0].fields.a), `sign of zero in ${fields}`).toBe(true);
}

describe('the short path for repeated simple fields', () => {
	it.each(FIELD_SECTIONS)('agrees with the full scan on %j', (fields) => {
		expectSame(fields);
		expectSame(fields, 's');
	});

	it('agrees with the full scan on 20,000 mutations of simple lines', () => {
		let seed = 42;
		const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
		const alphabet = '0123456789.-ietfTF,= "\\abc\t';
		for (let k = 0; k < 20_000; k++) {
			const chars = [...`a=${(random() * 1e6).toFixed(random() * 4)},b=${Math.floor(random() * 1e9)}i,c=${random() < 0.5 ? 't' : 'false'}`];
			for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
				const at = Math.floor(random() * (chars.length + 1));
				const what = random();
				const ch = alphabet[Math.floor(random() * alphabet.length)];
				if (what < 0.4) chars.splice(at, 1, ch);
				else if (what < 0.7) chars.splice(at, 0, ch);
				else chars.splice(at, 1);
			}
			expectSame(chars.join(''));
		}
	});

	it('shares one types object among the points of a layout, and sends the sender’s own text when it can', () => {
		const r = parseLineProtocol('m,host=h v=1,n=2i 1764576000000000000\nm,host=h v=2,n=3i 1764576000000000001\nm,host=h v=3,n=4i', {
			precision: 'ns',
			nowNs: '1764576000000000009'
		});
		expect(r.errors).toEqual([]);
		expect(r.points[1].types).toBe(r.points[0].types);
		expect(r.points[1].fields).toEqual({ v: 2, n: 3 });
		expect(r.points[1].line).toBe('m,host=h v=2,n=3i 1764576000000000001');
		expect(r.points[2].line).toBe('m,host=h v=3,n=4i 1764576000000000009');
		expect(r.points.map((p) => p.timeMs)).toEqual([1764576000000, 1764576000000, 1764576000000]);
		const secondsLate = parseLineProtocol('m v=1 1764576001\nm v=1 1764576001999999999', { precision: 's', nowNs: '0' });
		expect(secondsLate.points.map((p) => [p.timeNs, p.timeMs])).toEqual([['1764576001000000000', 1764576001000]]);
		expect(secondsLate.errors[0].error).toMatch(/time outside range/);
	});
});
