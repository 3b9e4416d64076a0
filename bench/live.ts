/**
 * Live latency: N socket.io clients subscribed to the overview board while a driver posts one
 * second of the sample booking system each second. For each N it measures, side by side, a plain
 * socket.io server broadcasting an 8 KB frame once a second to the same N clients (the reference),
 * then the monitor: latency from the driver's post (and from its 204) to each client's frame,
 * server CPU per tick, bytes per frame.
 * Then the time to a fully painted overview board with 1 h of history in headless Chromium.
 *   npm run bench -- live [--clients 200,1000] [--seconds 20] [--warmup 4] [--workers 4] [--batch 100] [--reference-bytes 8192] [--paint-runs 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/lib/server/config/index.ts';
import { startInfluxd } from '../src/lib/server/influxd/index.ts';
import { FlowModel, emitLines, loadScenario, seededRandom } from '../src/lib/server/simulator/index.ts';
import { startBenchApp } from './support/app-process.ts';
import { measureBoardPaint, seedRollupHistory } from './support/board-paint.ts';
import { startClientWorkers, startReferenceServer, type ClientFleet, type Receipts } from './support/live-clients.ts';
import { cpuSeconds } from './support/process-cpu.ts';

const CONFIG = 'samples/vaccine-2021/monitor.yaml';
const SCENARIO = 'samples/vaccine-2021/scenarios/opening-surge.yaml';
const TARGET_P99_MS = 250;
/** After the last measured second, how long frames may still arrive and count. */
const GRACE_MS = 2_000;

export async function run(argv: string[]): Promise<void> {
	const { values } = parseArgs({
		args: argv,
		options: {
			clients: { type: 'string', default: '200,1000' },
			seconds: { type: 'string', default: '20' },
			warmup: { type: 'string', default: '4' },
			workers: { type: 'string', default: '4' },
			batch: { type: 'string', default: '100' },
			'reference-bytes': { type: 'string', default: '8192' },
			'paint-runs': { type: 'string', default: '5' }
		}
	});
	const counts = values.clients.split(',').map(Number);
	const opts = { seconds: Number(values.seconds), warmup: Number(values.warmup), batch: Number(values.batch) };
	const refBytes = Number(values['reference-bytes']);

	const dir = mkdtempSync(join(tmpdir(), 'bench-live-'));
	const cleanup: (() => unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
	try {
		const influxd = await startInfluxd({ dir: join(dir, 'influxdb') });
		cleanup.push(() => influxd.stop());
		const app = await startBenchApp({ influxUrl: influxd.url, database: 'bench_live', dataDir: join(dir, 'app'), config: CONFIG });
		cleanup.push(() => app.stop());
		const reference = await startReferenceServer(refBytes);
		cleanup.push(() => reference.stop());
		const fleet = startClientWorkers(Number(values.workers));
		cleanup.push(() => fleet.stop());
		// The driver runs through both phases, so the reference sees the same ingest and InfluxDB load.
		const driver = startLoadDriver(app.url, app.token);
		cleanup.push(() => driver.stop());
		console.log(
			`live bench: ${opts.seconds} s measured after ${opts.warmup} s warm-up per phase; clients ${counts.join(', ')} over ${values.workers} worker processes, ` +
				`connected ${opts.batch} at a time; monitor ${app.url} (pid ${app.pid}), reference ${reference.url} (pid ${reference.pid})`
		);
		await sleep(3_000); // a few seconds of data in the hub before anyone subscribes

		const summaries: string[] = [];
		for (const n of counts) summaries.push(await benchClients(n, { fleet, app, reference, driver, opts }));
		if (driver.failures > 0) console.log(`\ndriver: ${driver.failures} posts were not answered 204`);

		// Time to a fully painted board with 1 h of history: the rollups an hour of running would
		// have stored go straight into InfluxDB, then Chromium opens the overview on "1h".
		const seeded = await seedRollupHistory(influxd.url, 'bench_live', loadConfig(CONFIG), loadScenario(SCENARIO), 1);
		const paints = await measureBoardPaint(`${app.url}/?range=1h`, Number(values['paint-runs']));
		const paintMedian = [...paints].sort((a, b) => a - b)[Math.floor(paints.length / 2)];
		const paintMax = Math.max(...paints);
		console.log(`\nboard paint: overview, 1 h of history (${fmt(seeded)} rollup lines seeded), 1920x1080 headless Chromium, ${paints.length} cold loads: ${paints.map((p) => `${p} ms`).join(', ')}`);
		summaries.push(`summary board paint: median ${fmt(paintMedian)} ms, worst ${fmt(paintMax)} ms; target <= 1,000 ms ${paintMax <= 1000 ? 'PASS' : 'FAIL'} (ratio ${(paintMax / 1000).toFixed(2)})`);
		console.log(`\n${summaries.join('\n')}`);
	} finally {
		for (const c of cleanup.reverse()) await c();
	}
}

interface Setup {
	fleet: ClientFleet;
	app: { url: string; token: string; pid: number };
	reference: { url: string; pid: number };
	driver: LoadDriver;
	opts: { seconds: number; warmup: number; batch: number };
}

/**
 * The reference, then the monitor, with `n` clients; prints both and returns the summary line.
 * The target is judged on send->client: the 204 comes back only once the batch writer has stored
 * the points (up to its flush interval later), so frames often reach clients before the sender
 * hears its 204, and "from the 204" understates the latency. Send time is an upper bound.
 */
async function benchClients(n: number, { fleet, app, reference, driver, opts }: Setup): Promise<string> {
	console.log(`\n${fmt(n)} clients`);
	const ref = await runPhase(fleet, { url: reference.url, token: '' }, n, opts, { reference: reference.pid, monitor: app.pid });
	const refLatency = percentiles(latencies(ref, (_t, sentAt, at) => at - sentAt));
	console.log(
		`  reference, plain socket.io ${fmt(ref.bytesPerFrame)} B frame/s: p50 ${ms(refLatency.p50)}, p99 ${ms(refLatency.p99)} broadcast->client; ` +
			`${delivery(ref, n, opts.seconds)}; reference server CPU ${cpuMs(ref.cpu.reference, opts.seconds)}/s; connect ${fmt(ref.connectMs)} ms`
	);

	const metricsBefore = await frameBytesMetric(app.url, app.token);
	const mon = await runPhase(fleet, { url: app.url, token: app.token }, n, opts, { monitor: app.pid }, (t) => driver.accepted.has(t));
	const metricsAfter = await frameBytesMetric(app.url, app.token);
	const fromSend = percentiles(latencies(mon, (t, _s, at) => at - driver.sent.get(t)!));
	const from204 = percentiles(latencies(mon, (t, _s, at) => at - driver.accepted.get(t)!));
	const build = percentiles(latencies(mon, (t, sentAt) => sentAt - driver.sent.get(t)!));
	const fanout = percentiles(latencies(mon, (_t, sentAt, at) => at - sentAt));
	const ack = percentiles(mon.seconds.map((t) => driver.accepted.get(t)! - driver.sent.get(t)!));
	console.log(`  monitor, overview board (${mon.series} series): send->client p50 ${ms(fromSend.p50)}, p99 ${ms(fromSend.p99)}; 204->client p50 ${ms(from204.p50)}, p99 ${ms(from204.p99)}`);
	console.log(`    of which send->frame built p50 ${ms(build.p50)}, p99 ${ms(build.p99)}; frame built->client p50 ${ms(fanout.p50)}, p99 ${ms(fanout.p99)}; send->204 p50 ${ms(ack.p50)}, p99 ${ms(ack.p99)}`);
	console.log(`    ${delivery(mon, n, opts.seconds)}; connect ${fmt(mon.connectMs)} ms`);
	const metricBytes = metricsAfter && metricsBefore ? (metricsAfter.sum - metricsBefore.sum) / Math.max(1, metricsAfter.count - metricsBefore.count) : NaN;
	console.log(
		`    server CPU per 1 s tick: ${cpuMs(mon.cpu.monitor, opts.seconds)} with ${fmt(n)} clients, ${cpuMs(ref.cpu.monitor, opts.seconds)} ingesting with no clients; ` +
			`bytes per frame ${fmt(mon.bytesPerFrame)} as received, ${Number.isNaN(metricBytes) ? 'n/a' : fmt(metricBytes)} from monitor_live_frame_bytes`
	);
	const ratio = fromSend.p99 / refLatency.p99;
	return (
		`summary ${fmt(n)} clients: monitor p99 ${ms(fromSend.p99)} send->client (${ms(from204.p99)} from the 204), reference p99 ${ms(refLatency.p99)}, ` +
			`ratio ${ratio.toFixed(2)}; target p99 <= ${TARGET_P99_MS} ms ${fromSend.p99 <= TARGET_P99_MS ? 'PASS' : 'FAIL'}`
	);
}

interface Phase extends Receipts {
	/** The seconds measured (epoch ms). */
	seconds: number[];
	cpu: Record<string, number>;
	connectMs: number;
	series: number;
	bytesPerFrame: number;
}

/** Connects, warms up, measures whole seconds [from, from + seconds), waits for stragglers, disconnects. */
async function runPhase(
	fleet: ClientFleet,
	target: { url: string; token: string },
	clients: number,
	opts: { seconds: number; warmup: number; batch: number },
	pids: Record<string, number>,
	counts: (t: number) => boolean = () => true
): Promise<Phase> {
	const started = Date.now();
	const { series } = await fleet.connect(target.url, target.token, clients, opts.batch);
	const connectMs = Date.now() - started;
	await sleep(opts.warmup * 1000);
	await fleet.drain();
	const from = Math.ceil(Date.now() / 1000) * 1000;
	const to = from + opts.seconds * 1000;
	await sleep(from - Date.now());
	const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
	await sleep(to - Date.now());
	const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid) - cpuBefore[k]]));
	await sleep(GRACE_MS);
	const got = await fleet.drain();
	await fleet.disconnect();
	const seconds = Array.from({ length: opts.seconds }, (_, i) => from + i * 1000).filter(counts);
	const inWindow = new Set(seconds);
	const receipts: number[] = [];
	for (let i = 0; i < got.receipts.length; i += 4) if (inWindow.has(got.receipts[i + 1])) receipts.push(...got.receipts.slice(i, i + 4));
	return { ...got, receipts, seconds, cpu, connectMs, series, bytesPerFrame: got.sampledBytes / Math.max(1, got.sampledFrames) };
}

function latencies(phase: Phase, of: (t: number, sentAt: number, receivedAt: number) => number): number[] {
	const out: number[] = [];
	for (let i = 0; i < phase.receipts.length; i += 4) out.push(of(phase.receipts[i + 1], phase.receipts[i + 2], phase.receipts[i + 3]));
	return out;
}

function percentiles(xs: number[]): { p50: number; p99: number } {
	const s = [...xs].sort((a, b) => a - b);
	const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN);
	return { p50: at(0.5), p99: at(0.99) };
}

function delivery(phase: Phase, clients: number, seconds: number): string {
	const expected = clients * phase.seconds.length;
	const got = phase.receipts.length / 4;
	const lost = [phase.gaps && `${phase.gaps} frames skipped (seq gaps)`, phase.dropped && `${phase.dropped} sockets dropped`].filter(Boolean).join(', ');
	return `${fmt(got)}/${fmt(expected)} client-seconds delivered (${phase.seconds.length}/${seconds} seconds posted)${lost ? `, ${lost}` : ''}`;
}

interface LoadDriver {
	/** Second t (epoch ms) -> when its batch was sent, and when the 204 came back. */
	sent: Map<number, number>;
	accepted: Map<number, number>;
	failures: number;
	stop(): void;
}

/** Once a second, on the second, the flow model's next second as line protocol, as the simulator sends it. */
function startLoadDriver(url: string, token: string): LoadDriver {
	const config = loadConfig(CONFIG);
	const scenario = loadScenario(SCENARIO);
	const model = new FlowModel(config, scenario);
	const random = seededRandom(scenario.seed);
	const agent = new Agent({ keepAlive: true });
	const opensAt = Math.ceil(Date.now() / 1000) * 1000; // the surge starts as the bench does
	const driver: LoadDriver = { sent: new Map(), accepted: new Map(), failures: 0, stop: () => (clearTimeout(timer), agent.destroy()) };
	let timer: NodeJS.Timeout;
	const post = () => {
		timer = setTimeout(post, 1000 - (Date.now() % 1000));
		const t = Math.round(Date.now() / 1000) * 1000;
		const body = Buffer.from(emitLines(model.step(t - opensAt), t, random).join('\n'));
		driver.sent.set(t, Date.now());
		const req = request(`${url}/api/v1/write?precision=ms`, { method: 'POST', agent, headers: { authorization: `Token ${token}`, 'content-length': body.length } }, (res) => {
			if (res.statusCode === 204) driver.accepted.set(t, Date.now());
			else driver.failures++;
			res.resume();
		});
		req.on('error', () => driver.failures++);
		req.end(body);
	};
	timer = setTimeout(post, 1000 - (Date.now() % 1000));
	return driver;
}

/** Sum and count of the monitor's frame size histogram, or null when /metrics does not have it. */
async function frameBytesMetric(url: string, token: string): Promise<{ sum: number; count: number } | null> {
	const res = await fetch(`${url}/metrics`, { headers: { authorization: `Token ${token}` } });
	if (!res.ok) return null;
	const text = await res.text();
	const sum = /^monitor_live_frame_bytes_sum(?:\{[^}]*\})? (\S+)$/m.exec(text);
	const count = /^monitor_live_frame_bytes_count(?:\{[^}]*\})? (\S+)$/m.exec(text);
	return sum && count ? { sum: Number(sum[1]), count: Number(count[1]) } : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : `${Math.round(n)} ms`);
const cpuMs = (cpuS: number, seconds: number) => `${Math.round((cpuS * 1000) / seconds)} ms`;
