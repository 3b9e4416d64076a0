import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLineProtocol, type Precision } from '../../../src/lib/server/ingest/index.ts';
import { TRAILING_BACKSLASH } from '../../../src/lib/server/ingest/line-protocol.ts';
import { line, mutatedLine, precision } from '../../fixtures/line-protocol-arbitraries.ts';
import { fromMeasurement } from '../../../src/lib/server/history/index.ts';
import { createDatabase, influxQuery, influxUrl, uniqueDatabase, type InfluxQueryResult } from '../../helpers/influx.ts';

/**
 * The fuzz corpus against the real influxd: a sample of generated and mutated lines goes both
 * to influxd's /write and through our parser, whose accepted points (their re-serialised `line`,
 * what the store writer sends) go to a second database. Per line, both must accept or reject
 * alike, with InfluxDB's message; and both databases must end up holding the same series,
 * fields, types and values. Each record gets a measurement prefix of its own (`o<n>_`), so
 * records of one body cannot collide or conflict in type; the unprefixed grammar, lines that
 * start with a comma, space or `#` included, is fuzzed at volume in the unit property test.
 * Each run draws a new sample; a failure prints its seed: rerun it with FUZZ_SEED=<seed>, a
 * bigger sample with FUZZ_ORACLE_RECORDS=15000, and FUZZ_DUMP=<file> writes the disagreements.
 */

const RECORDS = Number(process.env.FUZZ_ORACLE_RECORDS ?? 3_000);
const CONCURRENCY = 6;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SCALE_NS: Record<Precision, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/**
 * The precision parameter that means the same to influxd 1.6.7: it reads only `u` as
 * microseconds (`us` and `µs` fall through to nanoseconds, verified), while the monitor reads
 * `u`, `us` and `µs` alike as microseconds, which is what every sender of `us` means.
 */
const INFLUX_PRECISION: Record<Precision, string> = { ns: 'ns', us: 'u', ms: 'ms', s: 's', m: 'm', h: 'h' };

interface Body {
	precision: Precision;
	records: string[];
}

/** Bodies of 1 to 4 records each, every record with its own measurement prefix. */
function sampleBodies(): Body[] {
	const arb = precision.chain((p) =>
		fc.record({
			precision: fc.constant(p),
			records: fc.array(fc.oneof({ arbitrary: line(p), weight: 1 }, { arbitrary: mutatedLine(p), weight: 1 }), { minLength: 1, maxLength: 4 })
		})
	);
	const out: Body[] = [];
	let n = 0;
	for (const b of fc.sample(arb, { seed: SEED, numRuns: Math.ceil(RECORDS / 2.5) })) {
		// Only well-formed text goes over HTTP (a cut surrogate pair would reach influxd as U+FFFD).
		out.push({ precision: b.precision, records: b.records.map((r) => `o${n++}_${r.toWellFormed()}`) });
		if (n >= RECORDS) break;
	}
	return out;
}

const direct = uniqueDatabase('fuzz_direct');
const ours = uniqueDatabase('fuzz_ours');
let nowNs = '';
let requests = 0;

/**
 * POST /write over a plain socket: influxd 1.6.7 copies the parse error, control characters and
 * all, into an `X-Influxdb-Error` header, which no conforming HTTP client accepts. The JSON body
 * after the head has it escaped properly.
 */
function influxWrite(db: string, text: string, p: string): Promise<{ status: number; error: string }> {
	const url = new URL(influxUrl());
	const payload = Buffer.from(text);
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		const socket = connect(Number(url.port), url.hostname, () => {
			socket.write(`POST /write?db=${db}&precision=${p} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`);
			socket.end(payload);
		});
		socket.setTimeout(20_000, () => socket.destroy(new Error('influxd did not answer within 20 s')));
		socket.on('data', (c: Buffer) => chunks.push(c));
		socket.on('error', reject);
		socket.on('close', () => {
			// Go turns newlines in header values into spaces, so the head ends at the first blank line.
			const raw = Buffer.concat(chunks);
			const headEnd = raw.indexOf('\r\n\r\n');
			const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.subarray(0, 20).toString('latin1'))?.[1]);
			if (!status || headEnd < 0) return reject(new Error(`no HTTP answer from influxd: ${raw.subarray(0, 200).toString('latin1')}`));
			if (status === 204) return resolve({ status, error: '' });
			try {
				resolve({ status, error: (JSON.parse(raw.subarray(headEnd + 4).toString('utf8')) as { error?: string }).error ?? '' });
			} catch (err) {
				reject(err);
			}
		});
	});
}

interface Outcome {
	text: string;
	precision: Precision;
	influx: string;
	ours: string;
	accepted: number;
	rejected: number;
}

/**
 * Errors InfluxDB raises when storing, not parsing: one of them answers the whole request (the
 * parse errors of other lines go unreported), so a body with such a line is sent record by
 * record. Ours names the line; InfluxDB's in-line type conflict just says "field type conflict".
 */
const WRITE_ERRORS = ['field type conflict', 'invalid tag key', 'invalid field name'];
// A field its storage engine cannot parse after all: InfluxDB answers 500 "engine: unable to parse ..."
// and stores nothing of the request; the monitor refuses that line with 400 and stores the rest.
const ENGINE = 'refused by the storage engine';
const writeKind = (reason: string) =>
	WRITE_ERRORS.find((k) => reason.startsWith(k)) ?? (reason.startsWith('engine: unable to parse') || reason.includes("storage engine would read") ? ENGINE : undefined);

/** InfluxDB's verdict for a body: its parse errors as it lists them, without the partial-write wrapping. */
function influxVerdict(r: { status: number; error: string }): string {
	if (r.status === 204) return 'ok';
	const reason = r.error.replace(/^partial write: /, '').replace(/ dropped=\d+$/, '');
	const kind = writeKind(reason);
	return kind ? `400 ${kind}` : `${r.status} ${reason}`;
}

/** Ours in the same shape: the errors joined as InfluxDB joins them. */
function ourVerdict(text: string, p: Precision): { verdict: string; lines: string[]; measurements: string[]; writeError: boolean; rejected: number } {
	// Each request has its own "now", as each of influxd's has.
	const parsed = parseLineProtocol(text, { precision: p, nowNs: String(BigInt(nowNs) + BigInt(++requests) * 1_000_000n) });
	// Where the monitor refuses on purpose what InfluxDB takes, the line is left out of the
	// comparison (with its measurement): "stores exactly as InfluxDB would, or rejects it".
	for (const e of parsed.errors.filter((e) => e.error.endsWith(TRAILING_BACKSLASH))) excluded.add(measurementOf(e.error.slice("unable to parse '".length)));
	parsed.errors = parsed.errors.filter((e) => !e.error.endsWith(TRAILING_BACKSLASH));
	const reasons = parsed.errors.map((e) => e.error.slice(e.error.indexOf("': ") + 3));
	const kind = reasons.map(writeKind).find(Boolean);
	const verdict = parsed.errors.length === 0 ? 'ok' : kind ? `400 ${kind}` : `400 ${parsed.errors.map((e) => e.error).join('\n')}`;
	const measurements = [...parsed.points.map((p) => p.measurement), ...parsed.errors.map((e) => measurementOf(e.error.slice("unable to parse '".length)))];
	return { verdict, lines: parsed.points.map((p) => p.line), measurements, writeError: kind !== undefined, rejected: parsed.errors.length };
}

/** Writes one body to both databases (a body with a line InfluxDB refuses when storing goes record by record). */
async function runBody(b: Body): Promise<Outcome[]> {
	const text = b.records.join('\n');
	const mine = ourVerdict(text, b.precision);
	if (mine.writeError && b.records.length > 1) {
		const parts: Outcome[] = [];
		for (const r of b.records) parts.push(...(await runBody({ precision: b.precision, records: [r] })));
		return parts;
	}
	const influx = await influxWrite(direct, text, INFLUX_PRECISION[b.precision]);
	if (mine.lines.length > 0) {
		const stored = await influxWrite(ours, mine.lines.join('\n'), 'ns');
		expect(stored, `our re-serialisation of ${JSON.stringify(text)} was refused`).toEqual({ status: 204, error: '' });
	}
	// A record with a line InfluxDB refuses when storing: InfluxDB indexes the tags (for an
	// in-line conflict also the first field type) of what it then does not store, and for an
	// in-line conflict or an engine failure refuses the whole request, where the monitor refuses
	// just that line and stores the rest of the record. So its measurements are not compared.
	if (mine.writeError) for (const m of [prefixOf(text), ...mine.measurements]) excluded.add(m);
	return [{ text, precision: b.precision, influx: influxVerdict(influx), ours: mine.verdict, accepted: mine.lines.length, rejected: mine.rejected }];
}
/** The measurement a line names (up to its first unescaped comma or space), as InfluxDB would index it. */
function measurementOf(line: string): string {
	let i = 0;
	while (i < line.length && line[i] !== ',' && line[i] !== ' ') i += line[i] === '\\' ? 2 : 1;
	return line.slice(0, i).replace(/\\([, ])/g, '$1');
}

/** Record prefixes and measurement names left out of the comparison of stored data (see runBody and ourVerdict). */
const excluded = new Set<string>();
const prefixOf = (name: string) => /^o\d+_/.exec(name)?.[0] ?? '';
const compared = (name: string) => !excluded.has(name) && !excluded.has(prefixOf(name));

/** Every series of a database, its times made comparable where they are the server's "now". */
async function contents(db: string, precisionOf: Map<string, Precision>) {
	const near = BigInt(nowNs);
	// One statement per measurement (FROM /.*/ would give every series every column of the
	// database, and is slow with thousands of measurements), a hundred statements a request.
	const names = ((await influxQuery(db, 'SHOW MEASUREMENTS LIMIT 100000')).results[0].series?.[0]?.values ?? []).map((v) => String(v[0]));
	const series: NonNullable<InfluxQueryResult['results'][number]['series']> = [];
	for (let i = 0; i < names.length; i += 100) {
		const q = names.slice(i, i + 100).map((n) => `SELECT * FROM ${fromMeasurement(n)} GROUP BY *`).join('; ');
		for (const r of (await influxQuery(db, q)).results) series.push(...(r.series ?? []));
	}
	// Tag keys a series does not have come back as "": keep the ones it has (InfluxDB stores no empty tag).
	const rows = series.filter((s) => compared(s.name)).map((s) => {
		const p = precisionOf.get(/^o\d+_/.exec(s.name)?.[0] ?? '') ?? 'ns';
		const tags = Object.entries(s.tags ?? {}).filter(([, v]) => v !== '');
		const values = s.values.map(([t, ...rest]) => {
			const ns = rfc3339ToNs(String(t));
			// A line without a timestamp gets the server's clock, truncated to the body's precision.
			const at = ns > near - 7_200_000_000_000n && ns < near + 7_200_000_000_000n ? `now${ns % SCALE_NS[p] === 0n ? '' : ' (not truncated)'}` : String(t);
			return [at, ...rest.map((v, i) => [s.columns[i + 1], v]).filter(([, v]) => v !== null)];
		});
		return JSON.stringify({ name: s.name, tags, values });
	});
	const schema = async (q: string) =>
		((await influxQuery(db, q)).results[0].series ?? []).filter((s) => compared(s.name)).map((s) => JSON.stringify(s));
	const fields = await schema('SHOW FIELD KEYS');
	const tags = await schema('SHOW TAG KEYS');
	return { rows: rows.sort(), fields: fields.sort(), tags: tags.sort() };
}

function rfc3339ToNs(t: string): bigint {
	const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t)!;
	return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

describe(`fuzzed line protocol versus InfluxDB 1.6.7 (${RECORDS} records, seed ${SEED})`, () => {
	const outcomes: Outcome[] = [];
	const bodies = sampleBodies();
	const precisionOf = new Map<string, Precision>();
	for (const b of bodies) for (const r of b.records) precisionOf.set(/^o\d+_/.exec(r)![0], b.precision);

	beforeAll(async () => {
		await createDatabase(direct);
		await createDatabase(ours);
		nowNs = `${Date.now()}000000`;
		const t0 = performance.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (next < bodies.length) outcomes.push(...(await runBody(bodies[next++])));
			})
		);
		console.log(`fuzz vs influxd: ${bodies.length} bodies, ${RECORDS} records in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${SEED})`);
	}, 110_000);

	it('accepts and rejects each line as InfluxDB does, with its message', () => {
		const disagreements = outcomes.filter((o) => o.influx !== o.ours);
		if (disagreements.length > 0 && process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(disagreements, null, 1));
		expect(disagreements.slice(0, 10)).toEqual([]);
		// The sample exercises both sides.
		const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
		const rejected = outcomes.reduce((n, o) => n + o.rejected, 0);
		console.log(`fuzz vs influxd: ${accepted} lines accepted and ${rejected} rejected by both`);
		expect(accepted).toBeGreaterThan(RECORDS / 5);
		expect(rejected).toBeGreaterThan(RECORDS / 5);
	});

	it('stores the same series, fields, types and values', async () => {
		const [a, b] = [await contents(direct, precisionOf), await contents(ours, precisionOf)];
		console.log(`fuzz vs influxd: ${a.rows.length} series compared, ${excluded.size} records or measurements left out (refused whole by InfluxDB, or on purpose by the monitor)`);
		expect(b.fields).toEqual(a.fields);
		expect(b.tags).toEqual(a.tags);
		expect(b.rows).toEqual(a.rows);
	}, 60_000);
});
