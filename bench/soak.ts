/**
 * Load and soak (issue 7): the real production entry with its own influxd, the sample's opening
 * surge sent at a high rate (many instances per component) over HTTP, and several hundred
 * socket.io clients on the overview board, for a bounded number of minutes. Every minute a row:
 * points/s acknowledged, live latency p50/p99 that minute, frames, server RSS and heap, CPU. At
 * the end: points acknowledged against points counted in InfluxDB (must be equal), p99 of every
 * minute against 250 ms, RSS growth from the end of warm-up against 10 %.
 *   npm run soak -- [--minutes 10] [--clients 300] [--rate 5000] [--batch 1000] [--workers 4] [--warmup 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/lib/server/config/index.ts';
import { startInfluxd } from '../src/lib/server/influxd/index.ts';
import { loadScenario } from '../src/lib/server/simulator/index.ts';
import { startBenchApp, type BenchApp } from './support/app-process.ts';
import { startClientWorkers, type ClientFleet } from './support/live-clients.ts';
import { cpuSeconds } from './support/process-cpu.ts';
import { loadAverage, machineCpu, monitorGauges, rssBytes } from './support/process-memory.ts';
import { linesPerInstanceSecond, startSoakDriver, type SoakDriver } from './support/soak-driver.ts';
import { parseSoakOptions, SoakOptionError, type SoakOptions } from './support/soak-options.ts';
import { judgeSoak, MinuteLatencies, percentile, slopePerMinute, TARGETS } from './support/soak-stats.ts';
import { COUNTED_FIELD, countStored, waitForEmptySpool } from './support/stored-count.ts';

const CONFIG = 'samples/vaccine-2021/monitor.yaml';
const SCENARIO = 'samples/vaccine-2021/scenarios/opening-surge.yaml';
const DATABASE = 'bench_soak';
/** A minute's row waits this long past its end for the frames of its last seconds. */
const GRACE_MS = 2_000;
const CONNECT_BATCH = 50;

export async function run(argv: string[]): Promise<void> {
	let opts: SoakOptions;
	try {
		opts = parseSoakOptions(argv);
	} catch (err) {
		if (!(err instanceof SoakOptionError)) throw err;
		console.error(`soak: ${err.message}`);
		process.exit(2);
	}
	const config = loadConfig(CONFIG);
	const scenario = loadScenario(SCENARIO);
	const instances = Math.max(1, Math.round(opts.rate / linesPerInstanceSecond(config, scenario)));
	const dir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
	const cleanup: (() => unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
	const interrupt = interruptible();
	try {
		const influxd = await startInfluxd({ dir: join(dir, 'influxdb') });
		cleanup.push(() => influxd.stop());
		const app = await startBenchApp({ influxUrl: influxd.url, database: DATABASE, dataDir: join(dir, 'app'), config: CONFIG });
		cleanup.push(() => app.stop());
		const fleet = startClientWorkers(opts.workers);
		cleanup.push(() => fleet.stop());
		const connectStarted = Date.now();
		const { series } = await fleet.connect(app.url, app.token, opts.clients, CONNECT_BATCH);
		const startMs = Math.ceil(Date.now() / 1000) * 1000 + 1000;
		const driver = startSoakDriver({ url: app.url, token: app.token, config, scenario, instancesPerComponent: instances, batchLines: opts.batch, startMs });
		cleanup.push(() => driver.stop().catch(() => {}));
		console.log(
			`soak: ${opts.minutes} min (warm-up ${opts.warmup}), "${scenario.name}" replayed every ${scenario.duration / 60_000} min, ` +
				`${config.components.length} components x ${instances} instances = ${fmt(driver.linesPerSecond)} points/s in batches of ${fmt(opts.batch)} lines; ` +
				`${fmt(opts.clients)} socket.io clients on the overview board (${series} series) over ${opts.workers} processes, connected in ${fmt(Date.now() - connectStarted)} ms; ` +
				`monitor ${app.url} (pid ${app.pid}), influxd pid ${influxd.pid}; machine: ${machineCpu().cores} cores, load ${loadAverage().toFixed(2)}`
		);
		console.log('latency: from the moment the driver sent a second\'s first batch to each client\'s first frame carrying that second (an upper bound; "from 204" is from its first acknowledgement)\n');

		try {
			const result = await soakMinutes({ opts, app, influxdPid: influxd.pid, fleet, driver, startMs, interrupt });
			await driver.stop();
			await interrupt.sleep(GRACE_MS);
			result.latencies.add((await fleet.drain()).receipts, driver.sentAt, driver.ackedAt, opts.minutes);
			await report({ opts, app, influxdUrl: influxd.url, driver, startMs, ...result });
		} catch (err) {
			if (!interrupt.interrupted) throw err;
			// Ctrl-C in a terminal signals the whole process group: the monitor, influxd and the clients stop too.
			console.log(`
soak interrupted before its final count (${(err as Error).message}); nothing was judged`);
		}
	} finally {
		interrupt.dispose();
		for (const c of cleanup.reverse()) await c();
	}
}

interface MinuteResult {
	latencies: MinuteLatencies;
	rssAtMinuteEnd: number[];
	/** [epoch ms, bytes] every 5 s. */
	rssSamples: [number, number][];
	minutesDone: number;
	/** Frames clients never saw (sequence gaps), and sockets that disconnected on their own. */
	gaps: number;
	droppedSockets: number;
}

async function soakMinutes(s: { opts: SoakOptions; app: BenchApp; influxdPid: number; fleet: ClientFleet; driver: SoakDriver; startMs: number; interrupt: Interrupt }): Promise<MinuteResult> {
	const { opts, app, fleet, driver, startMs, interrupt } = s;
	const latencies = new MinuteLatencies(startMs, opts.minutes);
	const rssAtMinuteEnd: number[] = [];
	const rssSamples: [number, number][] = [];
	let rssMax = 0;
	const rssTimer = setInterval(() => {
		const rss = rssBytes(app.pid);
		rssSamples.push([Date.now(), rss]);
		rssMax = Math.max(rssMax, rss);
	}, 5_000);
	const benchCpu = () => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 + fleet.pids.reduce((a, pid) => a + cpuSeconds(pid), 0);
	const snapshot = () => ({ monitor: cpuSeconds(app.pid), influxd: cpuSeconds(s.influxdPid), bench: benchCpu(), machine: machineCpu() });
	let prev = snapshot();
	let prevGauges = await monitorGauges(app.url, app.token);
	let droppedSockets = 0;
	let gaps = 0;
	console.log('  min   acked pts/s   send->client p50/p99   from 204 p99   client-s got/expected   frames  gaps  RSS MB (max)  heap MB  loop lag p99/max  GC major n/ms, all ms   cores monitor/influxd/bench/others   load');
	try {
		for (let m = 1; m <= opts.minutes; m++) {
			const end = startMs + m * 60_000;
			if (!(await interrupt.sleep(end - Date.now()))) return { latencies, rssAtMinuteEnd, rssSamples, minutesDone: m - 1, gaps, droppedSockets };
			const now = snapshot();
			const rss = rssBytes(app.pid);
			rssMax = Math.max(rssMax, rss);
			rssAtMinuteEnd.push(rss);
			rssSamples.push([end, rss]);
			const gauges = await monitorGauges(app.url, app.token);
			const acked = driver.acknowledgedBetween(end - 60_000, end);
			await interrupt.sleep(end + GRACE_MS - Date.now());
			const got = await fleet.drain();
			latencies.add(got.receipts, driver.sentAt, driver.ackedAt, m - 1);
			droppedSockets += got.dropped;
			gaps += got.gaps;
			const seconds = [...driver.sentAt.keys()].filter((t) => latencies.minuteOf(t) === m - 1).length;
			const l = latencies.summary(m - 1);
			const cores = (k: 'monitor' | 'influxd' | 'bench') => (now[k] - prev[k]) / 60;
			const machineCores = ((now.machine.busy - prev.machine.busy) / (now.machine.total - prev.machine.total)) * now.machine.cores;
			const others = machineCores - cores('monitor') - cores('influxd') - cores('bench');
			console.log(
				`  ${pad(m, 3)}  ${pad(fmt(acked / 60), 12)}   ${pad(`${ms(l.p50)} / ${ms(l.p99)}`, 20)}   ${pad(ms(l.p99FromAck), 12)}   ${pad(`${fmt(latencies.delivered(m - 1))}/${fmt((opts.clients - droppedSockets) * seconds)}`, 21)}  ` +
					`${pad(fmt(got.frames), 6)}  ${pad(got.gaps, 4)}  ${pad(`${mb(rss)} (${mb(rssMax)})`, 13)}  ${pad(mb(gauges.heapUsedBytes), 7)}  ${pad(`${ms(gauges.loopLagP99S * 1000)} / ${ms(gauges.loopLagMaxS * 1000)}`, 17)}  ${pad(`${gauges.gcMajor.count - prevGauges.gcMajor.count} / ${ms((gauges.gcMajor.seconds - prevGauges.gcMajor.seconds) * 1000)} / ${ms((gauges.gcAll.seconds - prevGauges.gcAll.seconds) * 1000)}`, 20)}   ` +
					`${pad([cores('monitor'), cores('influxd'), cores('bench'), others].map((c) => c.toFixed(2)).join(' / '), 31)}   ${loadAverage().toFixed(2)}`
			);
			rssMax = 0;
			prev = now;
			prevGauges = gauges;
		}
		return { latencies, rssAtMinuteEnd, rssSamples, minutesDone: opts.minutes, gaps, droppedSockets };
	} finally {
		clearInterval(rssTimer);
	}
}

async function report(r: { opts: SoakOptions; app: BenchApp; influxdUrl: string; driver: SoakDriver; startMs: number } & MinuteResult): Promise<void> {
	const { opts, app, driver, latencies } = r;
	const t = driver.totals;
	const spool = await waitForEmptySpool(app.url, 120_000);
	const stored = await countStored(r.influxdUrl, DATABASE, Object.keys(COUNTED_FIELD));
	const minutes = Array.from({ length: r.minutesDone }, (_, i) => latencies.summary(i));
	const verdictWarmup = Math.min(opts.warmup, r.minutesDone - 1);
	// The minute-end sample belongs to the minute it ends.
	const rssByMinute = Array.from({ length: r.minutesDone }, (_, m) => r.rssSamples.filter(([at]) => Math.floor((at - r.startMs - 1) / 60_000) === m).map(([, b]) => b));
	const verdict = judgeSoak({ acknowledged: t.acknowledged, stored, p99ByMinute: minutes.map((x) => x.p99), rssByMinute, warmup: verdictWarmup });
	const statuses = Object.entries(t.statuses).map(([s, n]) => `${s === '0' ? 'no answer' : s} x${fmt(n)}`).join(', ');
	const verdictWord = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

	if (r.minutesDone < opts.minutes) console.log(`\ninterrupted after ${r.minutesDone} of ${opts.minutes} minutes`);
	console.log(`\nsent ${fmt(t.secondsSent)} seconds (${fmt(t.secondsSkipped)} skipped with the monitor behind), ${fmt(t.pointsSent)} points in ${fmt(t.requests)} requests: ${statuses}; ${fmt(t.resends)} resends, ${fmt(t.pointsGivenUp)} points given up`);
	console.log(`live: ${fmt(r.gaps)} frames missed by clients (sequence gaps), ${fmt(r.droppedSockets)} of ${fmt(opts.clients)} sockets dropped`);
	console.log(`spool after the run: ${spool.batches} batches, ${fmt(spool.bytes)} bytes${spool.batches === 0 ? '' : ' (not replayed within 120 s)'}`);
	console.log(`points, acknowledged (204) / counted in InfluxDB: ${verdict.loss.byMeasurement.map((m) => `${m.measurement} ${fmt(m.acknowledged)} / ${fmt(m.stored)}`).join('; ')}`);
	console.log(`p99 send->client by minute (ms): ${minutes.map((x) => Math.round(x.p99)).join(', ')}; worst single frame ${ms(Math.max(...minutes.map((x) => x.max)))}`);
	console.log(`p99 send->frame built by minute (ms, the server's part): ${minutes.map((x) => Math.round(x.p99Build)).join(', ')}`);
	const worst = verdict.latency.worstMinute - 1;
	if (worst < r.minutesDone) console.log(`slowest seconds of minute ${worst + 1} (s into the soak: slowest client): ${latencies.slowestSeconds(worst, 8).map(([s, l, b]) => `${s}: ${ms(l)} (frame built ${ms(b)} after the send)`).join(', ')}`);
	const warmupEnd = r.startMs + verdictWarmup * 60_000;
	const trend = slopePerMinute(r.rssSamples.filter(([at]) => at >= warmupEnd).map(([at, b]) => [at, b / 1_048_576]));
	console.log(`RSS median of each minute (MB): ${rssByMinute.map((xs) => mb(percentile(xs, 0.5))).join(', ')}`);
	console.log(`RSS at the end of each minute (MB): ${r.rssAtMinuteEnd.map(mb).join(', ')}; trend after warm-up ${trend >= 0 ? '+' : ''}${trend.toFixed(2)} MB/min (least squares over the 5 s samples)`);
	console.log(
		`\nsummary soak: ${verdictWord(verdict.loss.pass)} points lost ${fmt(verdict.loss.lost)} (${fmt(verdict.loss.acknowledged)} acknowledged, ${fmt(verdict.loss.stored)} in InfluxDB; target 0, counts equal)\n` +
			`summary soak: ${verdictWord(verdict.latency.pass)} p99 live latency under ${TARGETS.p99Ms} ms every minute (worst minute ${verdict.latency.worstMinute}: ${ms(verdict.latency.worstP99)}, ratio ${(verdict.latency.worstP99 / TARGETS.p99Ms).toFixed(2)}${verdict.latency.failing.length ? `; over in minutes ${verdict.latency.failing.join(', ')}` : ''})\n` +
			`summary soak: ${verdictWord(verdict.rss.pass)} RSS growth ${(verdict.rss.growth * 100).toFixed(1)} % from the end of warm-up (minute ${verdictWarmup}, median ${mb(verdict.rss.fromBytes)} MB) to the end (minute ${r.minutesDone}, median ${mb(verdict.rss.toBytes)} MB); target under ${TARGETS.rssGrowth * 100} %`
	);
}

interface Interrupt {
	readonly interrupted: boolean;
	/** Sleeps `ms`; false when SIGINT/SIGTERM came (at once, or during the sleep). */
	sleep(ms: number): Promise<boolean>;
	dispose(): void;
}

/** Ctrl-C ends the soak early but still reports and stops everything it started. */
function interruptible(): Interrupt {
	let interrupted = false;
	const wakers = new Set<() => void>();
	const onSignal = () => {
		interrupted = true;
		for (const w of wakers) w();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return {
		get interrupted() {
			return interrupted;
		},
		sleep: (ms) =>
			new Promise((resolve) => {
				if (interrupted) return resolve(false);
				const wake = () => (clearTimeout(timer), wakers.delete(wake), resolve(!interrupted));
				const timer = setTimeout(wake, Math.max(0, ms));
				wakers.add(wake);
			}),
		dispose() {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		}
	};
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
const pad = (v: string | number, width: number) => String(v).padStart(width);
