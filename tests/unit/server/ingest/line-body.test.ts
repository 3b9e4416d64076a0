import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLineBody, parseLineProtocol, type ParseResult, type Precision } from '../../../../src/lib/server/ingest/index.ts';
import { decodeLines } from '../../../../src/lib/server/ingest/decode-utf8.ts';
import { line, mutatedLine, precision } from '../../../fixtures/line-protocol-arbitraries.ts';

const NOW_NS = '1700000000123456789';

/** The whole body decoded and parsed at once: what parseLineBody must agree with, piece by piece. */
function whole(body: Buffer, p: Precision): ParseResult {
	const { text, errors } = decodeLines(body);
	const parsed = parseLineProtocol(text, { precision: p, nowNs: NOW_NS });
	if (errors.length > 0) {
		parsed.errors = [...errors, ...parsed.errors].sort((a, b) => a.line - b.line);
		parsed.verbatim = false;
	}
	return parsed;
}

function expectSame(body: Buffer, p: Precision, pieceBytes: number) {
	const expected = whole(body, p);
	const got = parseLineBody(body, { precision: p, nowNs: NOW_NS }, pieceBytes);
	expect(got.points).toEqual(expected.points);
	expect(got.lineNumbers).toEqual(expected.lineNumbers);
	expect(got.errors).toEqual(expected.errors);
	expect(got.verbatim ?? false).toBe(expected.verbatim ?? false);
}

const separator = fc.constantFrom('\n', '\n', '\n', '\n\n', '\r\n', '\n#comment\n', '\n   \n');
/** Line-protocol lines without quotes or backslashes (only those keep a body whole), some broken, some not UTF-8. */
const plainBody = precision.chain((p) =>
	fc
		.record({
			lines: fc.array(fc.oneof({ arbitrary: line(p), weight: 5 }, { arbitrary: mutatedLine(p), weight: 3 }), { minLength: 1, maxLength: 40 }),
			separators: fc.array(separator, { minLength: 40, maxLength: 40 }),
			invalidAt: fc.option(fc.nat(), { nil: undefined }),
			trailing: fc.constantFrom('', '\n', '\n\n'),
			pieceBytes: fc.integer({ min: 1, max: 400 })
		})
		.map(({ lines, separators, invalidAt, trailing, pieceBytes }) => {
			const text = lines.map((l, i) => l.replace(/["\\]/g, 'q') + (i < lines.length - 1 ? separators[i] : trailing)).join('');
			let bytes = Buffer.from(text);
			if (invalidAt !== undefined) bytes = Buffer.concat([bytes.subarray(0, invalidAt % bytes.length), Buffer.from([0xc3, 0x28]), bytes.subarray(invalidAt % bytes.length)]);
			return { p, bytes, pieceBytes };
		})
);

describe('parseLineBody', () => {
	it('agrees with parsing the whole body at once, wherever the pieces are cut', () => {
		fc.assert(
			fc.property(plainBody, ({ p, bytes, pieceBytes }) => expectSame(bytes, p, pieceBytes)),
			{ numRuns: Number(process.env.FUZZ_BODIES ?? 3_000) }
		);
	});

	it('cuts a real-sized body into pieces under 64 KB and keeps it stored as sent', () => {
		const lines = Array.from({ length: 5_000 }, (_, i) => `traffic,component=idp,instance=i-${i % 50},org=한국 rps=${i}.5,active=${i}i ${1700000000000000000 + i * 1000}`);
		const body = Buffer.from(lines.join('\n'));
		expect(body.length).toBeGreaterThan(4 * 64 * 1024);
		expectSame(body, 'ns', 64 * 1024);
		const got = parseLineBody(body, { precision: 'ns', nowNs: NOW_NS });
		expect(got.points).toHaveLength(5_000);
		expect(got.lineNumbers[4_999]).toBe(5_000);
		expect(got.verbatim).toBe(true);
	});

	it('cuts a body stored as sent at every possible place, with and without a final newline', () => {
		const lines = Array.from({ length: 12 }, (_, i) => `queue,component=waiting-room,instance=w-${i % 3} length=${i * 1000}i ${1700000000000000000 + i}`);
		for (const text of [lines.join('\n'), `${lines.join('\n')}\n`]) {
			const body = Buffer.from(text);
			expect(whole(body, 'ns').verbatim).toBe(true);
			for (let pieceBytes = 1; pieceBytes <= body.length; pieceBytes++) expectSame(body, 'ns', pieceBytes);
		}
	});

	it('never calls a body with invalid UTF-8 stored as sent (a case the property found)', () => {
		const body = Buffer.from([...Buffer.from('a a=0 0\n'), 0xc3, 0x28, ...Buffer.from('q  a=0i')]);
		for (const pieceBytes of [1, 8, 64]) {
			const got = parseLineBody(body, { precision: 'ns', nowNs: NOW_NS }, pieceBytes);
			expect(got.errors.map((e) => e.line)).toEqual([2]);
			expect(got.verbatim).toBe(false);
		}
		expectSame(body, 'ns', 1);
	});

	it('numbers a bad line by its place in the whole body, the good lines around it stored', () => {
		const lines = Array.from({ length: 3_000 }, (_, i) => (i === 2_345 ? 'traffic,component=idp rps=oops 1700000000000000000' : `traffic,component=idp rps=${i} ${1700000000000000000 + i}`));
		const got = parseLineBody(Buffer.from(lines.join('\n')), { precision: 'ns', nowNs: NOW_NS }, 4_096);
		expect(got.errors).toEqual([{ line: 2_346, error: expect.stringContaining('rps=oops') }]);
		expect(got.points).toHaveLength(2_999);
		expect(got.verbatim).toBe(false);
	});

	it('keeps a body with a quoted newline whole, so the string field keeps its newline', () => {
		const lines = Array.from({ length: 200 }, (_, i) => `events,component=idp msg="line one\nline two",n=${i}i ${1700000000000000000 + i}`);
		const body = Buffer.from(lines.join('\n'));
		expectSame(body, 'ns', 100);
		expect(parseLineBody(body, { precision: 'ns', nowNs: NOW_NS }, 100).points[0].fields.msg).toBe('line one\nline two');
	});
});
