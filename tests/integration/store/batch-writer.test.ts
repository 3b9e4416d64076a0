import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, rootLogger } from '../../../src/lib/server/observability/index.ts';
import { BatchWriter, InfluxHttp, Spool } from '../../../src/lib/server/store/index.ts';
import { createDatabase, influxRows, influxUrl, uniqueDatabase } from '../../helpers/influx.ts';

const T = 1_764_576_000_000_000_000n;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

function makeWriter(url: string, database: string, spoolDir: string, batchLines = 100) {
	const http = new InfluxHttp({ url, database }, 2_000);
	const writer = new BatchWriter(http, new Spool(spoolDir, 10_000_000), {
		batchLines,
		flushIntervalMs: 20,
		concurrency: 2,
		gzip: false,
		quickRetries: 0,
		metrics: createMetrics(),
		log: rootLogger.child({}, { level: 'silent' })
	});
	cleanup.push(() => http.close());
	return writer;
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as { port: number };
	await new Promise((r) => server.close(r));
	return port;
}

const block = (lines: string[]) => ({ bytes: Buffer.from(`${lines.join('\n')}\n`), count: lines.length });

describe('BatchWriter with whole bodies (blocks) beside single lines', () => {
	it('stores blocks and lines merged into one batch, each exactly once', async () => {
		const db = uniqueDatabase('writer');
		await createDatabase(db);
		const dir = mkdtempSync(join(tmpdir(), 'writer-'));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const writer = makeWriter(influxUrl(), db, dir);
		const a = Array.from({ length: 30 }, (_, i) => `m,src=block v=${i} ${T + BigInt(i)}`);
		const b = Array.from({ length: 5 }, (_, i) => `m,src=line v=${i}.5 ${T + BigInt(i)}`);
		await Promise.all([writer.write(block(a.slice(0, 20))), writer.write(b), writer.write(block(a.slice(20)))]);
		await writer.close();
		const rows = await influxRows(db, 'SELECT count(v) FROM m GROUP BY src');
		expect(Object.fromEntries(rows.map((r) => [r.src, r.count]))).toEqual({ block: 30, line: 5 });
	});

	it('spools a block while InfluxDB is away and replays it, byte for byte, when it is back', async () => {
		const db = uniqueDatabase('writer');
		await createDatabase(db);
		const dir = mkdtempSync(join(tmpdir(), 'writer-'));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const away = makeWriter(`http://127.0.0.1:${await closedPort()}`, db, dir);
		const lines = Array.from({ length: 12 }, (_, i) => `m,k=a\\ b s="x,\\"y\\"",v=${i} ${T + BigInt(i)}`);
		await away.write(block(lines));
		await away.write(['m,k=single s="one",v=99 ' + `${T + 99n}`]);
		await away.close();
		expect(readdirSync(dir).filter((f) => f.endsWith('.lp')).length).toBeGreaterThan(0);

		const back = makeWriter(influxUrl(), db, dir);
		let rows: Record<string, unknown>[] = [];
		for (let i = 0; i < 100 && rows.length < 13; i++) {
			await new Promise((r) => setTimeout(r, 50));
			rows = await influxRows(db, 'SELECT s, v FROM m GROUP BY k');
		}
		await back.close();
		expect(rows.filter((r) => r.k === 'a b').map((r) => [r.s, r.v])).toEqual(lines.map((_, i) => ['x,"y"', i]));
		expect(rows.filter((r) => r.k === 'single').map((r) => r.s)).toEqual(['one']);
	});

	it('splits a batch whose block and line disagree on a field type: only the odd line is lost', async () => {
		const db = uniqueDatabase('writer');
		await createDatabase(db);
		const dir = mkdtempSync(join(tmpdir(), 'writer-'));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const writer = makeWriter(influxUrl(), db, dir);
		const good = Array.from({ length: 9 }, (_, i) => `m v=${i} ${T + BigInt(i)}`);
		await Promise.all([writer.write(block(good)), writer.write([`m v=1i ${T + 50n}`])]);
		await writer.close();
		const rows = await influxRows(db, 'SELECT v FROM m');
		expect(rows.map((r) => r.v)).toEqual(good.map((_, i) => i));
	});
});
