import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLineProtocol, type ParseResult, type Point } from '../../../../src/lib/server/ingest/index.ts';
import { body, longLine, precision } from '../../../fixtures/line-protocol-arbitraries.ts';

/**
 * Property test of the line-protocol parser over generated and mutated bodies (the grammar and
 * mutations are in tests/fixtures/line-protocol-arbitraries.ts). Whether each verdict and stored
 * value matches InfluxDB is checked against a real influxd in
 * tests/integration/ingest/line-protocol-fuzz-vs-influxdb.test.ts; here, at volume, that the
 * parser never throws, never hangs, accounts for every line, and that what it accepts it
 * re-serialises faithfully. fast-check prints the seed and the shrunk body of a failure
 * (rerun with `{ seed }` in fc.assert); FUZZ_BODIES=<n> changes the count.
 */

const BODIES = Number(process.env.FUZZ_BODIES ?? 90_000);
const LONG_LINES = 10_000;
/** No body of a few lines may take this long; a slow case is timed again so a GC pause does not fail the run. */
const BOUND_MS = 50;
const NOW_NS = '1700000000123456789';

let cases = 0;
afterAll(() => console.log(`line-protocol fuzz: ${cases} cases`));

/** InfluxDB's line split (scanLine and the loop of ParsePointsWithPrecision), written plainly as the model. */
function modelLines(s: string): { line: number; text: string }[] {
	const out: { line: number; text: string }[] = [];
	let pos = 0;
	while (pos < s.length) {
		const start = pos;
		let i = pos;
		let quoted = false;
		let fields = false;
		let equals = 0;
		let commas = 0;
		while (i < s.length) {
			if (s[i] === '\\' && i + 2 < s.length) {
				i += 2;
				continue;
			}
			if (s[i] === ' ') fields = true;
			if (fields) {
				if (!quoted && s[i] === '=') equals++;
				else if (!quoted && s[i] === ',') commas++;
				else if (s[i] === '"' && equals > commas) quoted = !quoted;
			}
			if (s[i] === '\n' && !quoted) break;
			i++;
		}
		// A block an open quote ran to the end of the body loses its final newline.
		const block = s.slice(start, i).replace(/\n$/, '');
		pos = i + 1;
		const text = block.replace(/^[ \t\u0000]+/, '');
		if (text === '' || text.startsWith('#')) continue;
		out.push({ line: 1 + (s.slice(0, start).match(/\n/g)?.length ?? 0), text });
	}
	return out;
}

function timedParse(text: string, p: Parameters<typeof parseLineProtocol>[1]['precision']): { result: ParseResult; ms: number } {
	const t0 = performance.now();
	const result = parseLineProtocol(text, { precision: p, nowNs: NOW_NS });
	return { result, ms: performance.now() - t0 };
}

function checkBounded(text: string, p: Parameters<typeof parseLineProtocol>[1]['precision'], ms: number): void {
	if (ms <= BOUND_MS) return;
	const again = Math.min(...[0, 1, 2].map(() => timedParse(text, p).ms));
	expect(again, `parsing ${JSON.stringify(text.slice(0, 200))} took ${again.toFixed(1)} ms`).toBeLessThanOrEqual(BOUND_MS);
}

/** A point as plain data, own keys only (an inherited `__proto__` or `constructor` would show as missing). */
const view = (p: Point) => ({
	measurement: p.measurement,
	tags: Object.entries(p.tags),
	series: p.series,
	fields: Object.entries(p.fields),
	types: Object.entries(p.types),
	timeNs: p.timeNs,
	line: p.line
});

/** Cheap equality for the hot loop (100,000 cases); vitest's matcher only runs to explain a failure. */
function same(actual: unknown, expected: unknown, what: string): void {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, what).toEqual(expected);
}

function checkBody(text: string, p: Parameters<typeof parseLineProtocol>[1]['precision']): void {
	cases++;
	const { result, ms } = timedParse(text, p);
	checkBounded(text, p, ms);

	// Every line is a point or a numbered error, exactly once, in InfluxDB's split.
	const expected = modelLines(text);
	const seen = [...result.lineNumbers, ...result.errors.map((e) => e.line)].sort((a, b) => a - b);
	same(seen, expected.map((l) => l.line), `line numbers of ${JSON.stringify(text)}`);
	const textOf = new Map(expected.map((l) => [l.line, l.text]));
	for (const e of result.errors) if (!e.error.startsWith(`unable to parse '${textOf.get(e.line)}': `)) expect(e.error).toBe(`unable to parse '${textOf.get(e.line)}': ...`);

	// The key cache must not change a second parse.
	same(parseLineProtocol(text, { precision: p, nowNs: NOW_NS }), result, `second parse of ${JSON.stringify(text)}`);

	// What is accepted re-parses, from the line the writer sends, to the identical point.
	for (const point of result.points) {
		const again = parseLineProtocol(point.line, { precision: 'ns', nowNs: '1' });
		same(again.errors, [], `re-parse of ${JSON.stringify(point.line)}`);
		same(again.points.map(view), [view(point)], `re-parse of ${JSON.stringify(point.line)}`);
		if (!/^-?\d+$/.test(point.timeNs)) expect(point.timeNs).toMatch(/^-?\d+$/);
		for (const k of Object.keys(point.fields)) {
			const want = point.types[k] === 'string' ? 'string' : point.types[k] === 'boolean' ? 'boolean' : 'number';
			if (typeof point.fields[k] !== want) expect(typeof point.fields[k], `field ${k} of ${point.line}`).toBe(want);
		}
	}
}

describe('line-protocol parser under generated and mutated input', () => {
	it(`never throws, never hangs, accounts for every line and re-serialises faithfully (${BODIES} bodies)`, () => {
		fc.assert(
			fc.property(body, ({ text, precision: p }) => checkBody(text, p)),
			{ numRuns: BODIES }
		);
	}, 110_000);

	it(`stays linear on long lines (${LONG_LINES} lines of thousands of tags, fields and escapes)`, () => {
		fc.assert(
			fc.property(longLine, precision, (text, p) => checkBody(text, p)),
			{ numRuns: LONG_LINES }
		);
	}, 60_000);
});
