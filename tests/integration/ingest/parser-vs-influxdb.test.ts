import { beforeAll, describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../src/lib/server/ingest/index.ts';
import { createDatabase, influxQuery, influxUrl, uniqueDatabase } from '../../helpers/influx.ts';

/**
 * The parser against InfluxDB itself: every line below goes to the real influxd's /write and
 * through our parser. Both must agree on accept or reject, and what our parser re-serialises
 * (the line the store writer sends) must store exactly what influxd stores from the original.
 * `M` becomes a measurement name unique to the case, `T` a recent timestamp in ns.
 */
const CASES: string[] = [
	// numbers
	'M v=1 T',
	'M v=1i T',
	'M v=-1i T',
	'M v=-1.5e3 T',
	'M v=1E-2 T',
	'M v=1e+3 T',
	'M v=.5 T',
	'M v=-.5 T',
	'M v=0.0 T',
	'M v=+1 T',
	'M v=9223372036854775807i T',
	'M v=-9223372036854775808i T',
	'M v=9223372036854775808i T',
	'M v=1u T',
	'M v=1.2.3 T',
	'M v=- T',
	'M v=1e T',
	'M v=0x10 T',
	'M v=NaN T',
	'M v=Inf T',
	'M v=01 T',
	'M v=1.7976931348623157e309 T',
	// booleans
	...['t', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE'].map((b) => `M v=${b} T`),
	'M v=tRUE T',
	'M v=yes T',
	// strings
	'M s="plain" T',
	'M s="" T',
	'M s="a \\"quoted\\" word" T',
	'M s="back\\\\slash" T',
	'M s="lone \\ backslash" T',
	'M s="comma, space and = sign" T',
	'M s="multi\nline" T',
	'M s="unterminated T',
	'M s=\'single\' T',
	// escapes in names
	'M\\,x v=1 T',
	'M\\ x v=1 T',
	'M\\=x v=1 T',
	'M,tag\\ key=value\\,with\\=stuff v=1 T',
	'M,t=a\\\\ v=1 T',
	'M,t=a\\ b v=1 T',
	'M f\\ k=1,f\\,k=2,f\\=k=3 T',
	'M,태그=값 필드=1 T',
	'M,b=2,a=1 v=1 T',
	'M,t=1,t=2 v=1 T',
	// structure
	'M',
	'M ',
	'M v= T',
	'M v=1 abc',
	'M v=1 T extra',
	'M,t v=1 T',
	'M,=a v=1 T',
	'M,t= v=1 T',
	'M, v=1 T',
	'M,t=a, v=1 T',
	'M v=1, T',
	'M v=1,,w=2 T',
	'M =1 T',
	'M v=1 99999999999999999999',
	'M v=1 -1',
	'M v=1 T\r',
	'M q=1,q=2 T',
	'M,time=x v=1 T',
	'M time=1 T',
	'M  v=1 T',
	'M v=1  T',
	// found by the fuzz test (line-protocol-fuzz-vs-influxdb.test.ts), each a bug once
	'M v=1 5\\\nM v=2 T', // a backslash before a newline joins the lines: one line, "bad timestamp"
	'M,constructor=1,__proto__=2 __proto__=1,constructor=2 T', // names JavaScript objects treat specially
	'M,toString=x v=1 T',
	'M v=1,v="x" T', // one field with two types: InfluxDB refuses the request
	'M v\\=2.5 T', // a field key ending in a backslash: "invalid value: field-key=..."
	'M a\\="b=c" T', // the storage engine splits this field as a\="b and c": a 500 from InfluxDB
	'M v=1 12a'
];

const T = `${Date.now() - 3_600_000}000000`;
const refusedWhole = new Set<string>();
const direct = uniqueDatabase('lp_direct');
const ours = uniqueDatabase('lp_ours');

async function write(db: string, body: string): Promise<{ status: number; error?: string }> {
	const res = await fetch(`${influxUrl()}/write?db=${db}&precision=ns`, { method: 'POST', body });
	return { status: res.status, error: res.status === 204 ? undefined : ((await res.json()) as { error: string }).error };
}

async function everything(db: string) {
	const rows = await influxQuery(db, 'SELECT * FROM /.*/ GROUP BY *');
	const fields = await influxQuery(db, 'SHOW FIELD KEYS');
	const tags = await influxQuery(db, 'SHOW TAG KEYS');
	// InfluxDB indexes the field type (and tags) of a point it then refuses whole (an in-line
	// type conflict, or a field its storage engine cannot parse): those schemas are not data.
	const norm = (r: Awaited<ReturnType<typeof influxQuery>>) =>
		(r.results[0].series ?? [])
			.filter((s) => !refusedWhole.has(s.name))
			.map((s) => JSON.stringify(s))
			.sort();
	return { rows: norm(rows), fields: norm(fields), tags: norm(tags) };
}

describe('line-protocol parser versus InfluxDB 1.6.7', () => {
	const verdicts: { line: string; influx: string; ours: string }[] = [];

	beforeAll(async () => {
		await createDatabase(direct);
		await createDatabase(ours);
		for (const [i, template] of CASES.entries()) {
			const line = template.replace(/^M/, `c${i}`).replace(/ T(\r?)$/, ` ${T}$1`).replace(/ T /, ` ${T} `);
			const influx = await write(direct, line);
			if (influx.status === 500 || /field type conflict/.test(influx.error ?? '')) refusedWhole.add(`c${i}`);
			const parsed = parseLineProtocol(line, { precision: 'ns', nowNs: T });
			// The second parse of a key comes from the parser's key cache and must not differ.
			expect(parseLineProtocol(line, { precision: 'ns', nowNs: T })).toEqual(parsed);
			if (parsed.errors.length === 0 && parsed.points.length > 0) {
				const stored = await write(ours, parsed.points.map((p) => p.line).join('\n'));
				expect(stored, `our re-serialisation of ${JSON.stringify(line)} was refused`).toEqual({ status: 204 });
			}
			verdicts.push({
				line,
				influx: influx.status === 204 ? 'accepted' : 'rejected',
				ours: parsed.errors.length === 0 && parsed.points.length > 0 ? 'accepted' : 'rejected'
			});
		}
	});

	it('accepts and rejects exactly the lines InfluxDB accepts and rejects', () => {
		const disagreements = verdicts.filter((v) => v.influx !== v.ours);
		expect(disagreements).toEqual([]);
		// The corpus exercises both sides.
		expect(verdicts.filter((v) => v.influx === 'accepted').length).toBeGreaterThan(30);
		expect(verdicts.filter((v) => v.influx === 'rejected').length).toBeGreaterThan(20);
	});

	it('stores the same measurements, tags, fields, types and values', async () => {
		const [a, b] = [await everything(direct), await everything(ours)];
		expect(b.fields).toEqual(a.fields);
		expect(b.tags).toEqual(a.tags);
		expect(b.rows).toEqual(a.rows);
	});
});
