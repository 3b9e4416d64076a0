import { Agent, request } from 'node:http';
import type { Config } from '../../src/lib/server/config/index.ts';
import { FlowModel, emitLines, seededRandom, type Scenario } from '../../src/lib/server/simulator/index.ts';

/**
 * The soak's sender: the sample's flow model with many instances per component, one second of
 * line protocol each second (on the second), split into batches posted side by side as a fleet
 * of senders would. It counts every point the monitor acknowledged with 204, per measurement,
 * and resends on 429 and 503 (and on a broken connection) as a real sender does, counting those
 * answers. Points are unique per (measurement, tags, second), so a resend after a lost answer
 * cannot inflate what InfluxDB counts.
 */

export interface SoakDriverOptions {
	url: string;
	token: string;
	config: Pick<Config, 'components' | 'pipeline'>;
	scenario: Scenario;
	instancesPerComponent: number;
	batchLines: number;
	/** Epoch ms of the first second sent (a whole second). */
	startMs: number;
}

export interface SoakDriver {
	readonly instancesPerComponent: number;
	readonly linesPerSecond: number;
	/** Second t (epoch ms) -> when its first batch was sent, and when its first 204 came back. */
	readonly sentAt: Map<number, number>;
	readonly ackedAt: Map<number, number>;
	readonly totals: DriverTotals;
	/** Points acknowledged whose 204 came in [fromMs, toMs). */
	acknowledgedBetween(fromMs: number, toMs: number): number;
	/** Stops sending new seconds and waits (bounded) for the requests in flight and their resends. */
	stop(): Promise<void>;
}

export interface DriverTotals {
	secondsSent: number;
	/** Seconds not generated because too many requests were still unanswered (the monitor fell behind). */
	secondsSkipped: number;
	requests: number;
	pointsSent: number;
	acknowledged: Record<string, number>;
	/** Answers by HTTP status (0: the connection failed), resends included. */
	statuses: Record<number, number>;
	resends: number;
	/** Points of batches given up on after MAX_ATTEMPTS, or answered with a status not worth resending. */
	pointsGivenUp: number;
	inFlight: number;
}

const MAX_ATTEMPTS = 8;
const MAX_IN_FLIGHT = 256;
/** Longest a sender waits before a resend, whatever Retry-After says. */
const MAX_RETRY_WAIT_MS = 10_000;
const STOP_TIMEOUT_MS = 120_000;

export function startSoakDriver(opts: SoakDriverOptions): SoakDriver {
	const config = withInstances(opts.config, opts.instancesPerComponent);
	const model = new FlowModel(config, opts.scenario);
	const random = seededRandom(opts.scenario.seed);
	const agent = new Agent({ keepAlive: true, maxSockets: 16 });
	const totals: DriverTotals = { secondsSent: 0, secondsSkipped: 0, requests: 0, pointsSent: 0, acknowledged: {}, statuses: {}, resends: 0, pointsGivenUp: 0, inFlight: 0 };
	const sentAt = new Map<number, number>();
	const ackedAt = new Map<number, number>();
	/** Acknowledged points by the whole second their 204 arrived in (epoch s). */
	const ackedBySecond = new Map<number, number>();
	const inFlight = new Set<Promise<void>>();
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let next = opts.startMs;

	const sendBatch = async (t: number, lines: string[]) => {
		const body = Buffer.from(lines.join('\n'));
		const counts = countByMeasurement(lines);
		for (let attempt = 1; ; attempt++) {
			if (attempt === 1 && !sentAt.has(t)) sentAt.set(t, Date.now());
			const { status, retryAfterS } = await post(`${opts.url}/api/v1/write?precision=ms`, body, opts.token, agent);
			totals.requests++;
			totals.statuses[status] = (totals.statuses[status] ?? 0) + 1;
			if (status === 204) {
				const now = Date.now();
				if (!ackedAt.has(t)) ackedAt.set(t, now);
				for (const [m, n] of counts) totals.acknowledged[m] = (totals.acknowledged[m] ?? 0) + n;
				const s = Math.floor(now / 1000);
				ackedBySecond.set(s, (ackedBySecond.get(s) ?? 0) + lines.length);
				return;
			}
			const retriable = status === 429 || status === 503 || status === 0;
			if (!retriable || attempt >= MAX_ATTEMPTS) {
				totals.pointsGivenUp += lines.length;
				return;
			}
			totals.resends++;
			const backoff = Math.min(MAX_RETRY_WAIT_MS, retryAfterS !== undefined ? retryAfterS * 1000 : 250 * 2 ** (attempt - 1));
			await sleep(backoff);
		}
	};

	const track = (p: Promise<void>) => {
		inFlight.add(p);
		totals.inFlight = inFlight.size;
		void p.finally(() => {
			inFlight.delete(p);
			totals.inFlight = inFlight.size;
		});
	};

	const tick = () => {
		if (stopped) return;
		const t = next;
		next += 1000;
		timer = setTimeout(tick, Math.max(0, next - Date.now()));
		// The surge replays for as long as the soak runs; the model keeps its queues across replays.
		const offset = ((t - opts.startMs) % opts.scenario.duration) - opts.scenario.opens_after;
		const lines = emitLines(model.step(offset), t, random);
		if (inFlight.size > MAX_IN_FLIGHT) {
			totals.secondsSkipped++;
			return;
		}
		totals.secondsSent++;
		totals.pointsSent += lines.length;
		for (let i = 0; i < lines.length; i += opts.batchLines) track(sendBatch(t, lines.slice(i, i + opts.batchLines)));
	};
	timer = setTimeout(tick, Math.max(0, opts.startMs - Date.now()));

	return {
		instancesPerComponent: opts.instancesPerComponent,
		linesPerSecond: linesPerInstanceSecond(opts.config, opts.scenario) * opts.instancesPerComponent,
		sentAt,
		ackedAt,
		totals,
		acknowledgedBetween(fromMs, toMs) {
			let n = 0;
			for (let s = Math.floor(fromMs / 1000); s < Math.ceil(toMs / 1000); s++) n += ackedBySecond.get(s) ?? 0;
			return n;
		},
		async stop() {
			stopped = true;
			clearTimeout(timer);
			const deadline = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
			const settled = await Promise.race([Promise.allSettled([...inFlight]).then(() => 'done'), deadline]);
			agent.destroy();
			if (settled === 'timeout') throw new Error(`soak driver: ${inFlight.size} requests still unanswered ${STOP_TIMEOUT_MS / 1000} s after the end`);
		}
	};
}

/** The sample's components, each with `n` named instances (the flow model splits its load between them). */
export function withInstances<C extends Pick<Config, 'components' | 'pipeline'>>(config: C, n: number): C {
	return {
		...config,
		components: config.components.map((c) => ({ ...c, instances: Array.from({ length: n }, (_, i) => `${c.id}-${String(i + 1).padStart(4, '0')}`) }))
	};
}

/** Lines one instance of every component sends per second (traffic, queue where there is one, errors per code). */
export function linesPerInstanceSecond(config: Pick<Config, 'components' | 'pipeline'>, scenario: Scenario): number {
	const one = withInstances(config, 1);
	return emitLines(new FlowModel(one, scenario).step(0), 0, seededRandom(1)).length;
}

export function countByMeasurement(lines: readonly string[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const line of lines) {
		// The simulator's measurement names need no escaping, so the first comma ends the name.
		const m = line.slice(0, line.indexOf(','));
		out.set(m, (out.get(m) ?? 0) + 1);
	}
	return out;
}

function post(url: string, body: Buffer, token: string, agent: Agent): Promise<{ status: number; retryAfterS?: number }> {
	return new Promise((resolve) => {
		const req = request(url, { method: 'POST', agent, headers: { authorization: `Token ${token}`, 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length } }, (res) => {
			res.resume();
			res.on('end', () => {
				const retry = Number(res.headers['retry-after']);
				resolve({ status: res.statusCode ?? 0, retryAfterS: Number.isFinite(retry) && retry >= 0 ? retry : undefined });
			});
			res.on('error', () => resolve({ status: 0 }));
		});
		req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
		req.on('error', () => resolve({ status: 0 }));
		req.end(body);
	});
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
