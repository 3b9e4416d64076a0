/**
 * Ingest throughput: points/s posted through the monitor's /api/v1/write versus posted straight
 * to the same influxd, with the same 5,000-line batches and the same number of requests in
 * flight. Rounds alternate (direct, monitor, direct, ...) so both sides see the same machine.
 *   npm run bench -- ingest [--batches 60] [--rounds 5] [--concurrency 2] [--lines 5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLineProtocol } from '../src/lib/server/ingest/index.ts';
import { startInfluxd } from '../src/lib/server/influxd/index.ts';
import { startBenchApp } from './support/app-process.ts';
import { measureCpu } from './support/process-cpu.ts';
import { makeBatches, postAll, countPoints, createDatabase } from './support/ingest-load.ts';

const WARM_BATCHES = 20;

export async function run(argv: string[]): Promise<void> {
	const { values } = parseArgs({
		args: argv,
		options: {
			batches: { type: 'string', default: '60' },
			rounds: { type: 'string', default: '5' },
			concurrency: { type: 'string', default: '2' },
			lines: { type: 'string', default: '5000' }
		}
	});
	const batchCount = Number(values.batches);
	const rounds = Number(values.rounds);
	const concurrency = Number(values.concurrency);
	const lines = Number(values.lines);

	// The parser alone, in this process: what one core parses when it does nothing else.
	const sample = makeBatches(20, lines, Date.now());
	parseAll(sample);
	const t0 = performance.now();
	const parsed = parseAll(sample);
	const parseMs = performance.now() - t0;
	console.log(`parser alone: ${fmt((parsed / parseMs) * 1000)} points/s (${((parseMs * 1000) / parsed).toFixed(2)} us/point) on one core\n`);

	const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
	const influxd = await startInfluxd({ dir: join(dir, 'influxdb') });
	const app = await startBenchApp({ influxUrl: influxd.url, database: 'through_monitor', dataDir: join(dir, 'app') });
	try {
		await createDatabase(influxd.url, 'direct');
		console.log(`ingest bench: ${rounds} rounds x ${batchCount} batches x ${lines} lines, ${concurrency} in flight; influxd ${influxd.url}, monitor ${app.url}`);
		// Warm-up creates every series on both sides, and gives the monitor's JIT and heap time to
		// settle (with 2 batches its first round ran at 2.0-2.3 us per point, later ones at 1.5-1.8),
		// so rounds measure steady-state writes.
		const warm = makeBatches(WARM_BATCHES, lines, Date.now() - 5_000);
		await postAll(`${influxd.url}/write?db=direct&precision=ns`, warm, concurrency, {});
		await postAll(`${app.url}/api/v1/write?precision=ns`, warm, concurrency, { authorization: `Token ${app.token}` });

		const direct: number[] = [];
		const monitor: number[] = [];
		for (let r = 0; r < rounds; r++) {
			const batches = makeBatches(batchCount, lines, Date.now());
			const pids = { influxd: influxd.pid, monitor: app.pid };
			const d = await measureCpu(pids, () => postAll(`${influxd.url}/write?db=direct&precision=ns`, batches, concurrency, {}));
			const m = await measureCpu(pids, () => postAll(`${app.url}/api/v1/write?precision=ns`, batches, concurrency, { authorization: `Token ${app.token}` }));
			direct.push(d.result.pointsPerSecond);
			monitor.push(m.result.pointsPerSecond);
			const us = (cpu: number, pts: number) => ((cpu * 1e6) / pts).toFixed(1);
			const pts = d.result.points;
			console.log(
				`  round ${r + 1}: influxd direct ${fmt(d.result.pointsPerSecond)} points/s (influxd ${us(d.cpu.influxd, pts)} us CPU/point), ` +
					`through monitor ${fmt(m.result.pointsPerSecond)} points/s (monitor ${us(m.cpu.monitor, pts)} + influxd ${us(m.cpu.influxd, pts)} us CPU/point), ` +
					`ratio ${(m.result.pointsPerSecond / d.result.pointsPerSecond).toFixed(2)}`
			);
		}
		const expected = (rounds * batchCount + WARM_BATCHES) * lines;
		const [storedDirect, storedMonitor] = [await countPoints(influxd.url, 'direct'), await countPoints(influxd.url, 'through_monitor')];
		const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const ratio = med(monitor) / med(direct);
		console.log(`\nmedian influxd direct:   ${fmt(med(direct))} points/s`);
		console.log(`median through monitor: ${fmt(med(monitor))} points/s`);
		console.log(`ratio monitor/direct:   ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'PASS' : 'FAIL'}`);
		console.log(`stored: direct ${storedDirect}/${expected}, monitor ${storedMonitor}/${expected} ${storedMonitor === expected && storedDirect === expected ? '(all points stored)' : '(MISSING POINTS)'}`);
	} finally {
		await app.stop();
		await influxd.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

function parseAll(batches: string[]): number {
	let n = 0;
	for (const b of batches) n += parseLineProtocol(b, { precision: 'ns', nowNs: `${Date.now()}000000` }).points.length;
	return n;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
