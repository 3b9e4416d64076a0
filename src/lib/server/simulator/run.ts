import type { Config } from '../config/index.ts';
import { rootLogger } from '../observability/index.ts';
import { emitLines } from './emit-lines.ts';
import { FlowModel, type FlowTick } from './flow-model.ts';
import { seededRandom } from './random.ts';
import type { Scenario } from './scenario.ts';

/**
 * Drives a running monitor over HTTP, exactly as the booking system's components would: once a
 * second, the flow model's next second goes to `/api/v1/write` as line protocol. An optional
 * backfill first sends the last minutes or hours in large batches, so charts open with history.
 */

export interface SimulationOptions {
	url: string;
	token?: string;
	config: Pick<Config, 'components' | 'pipeline'>;
	scenario: Scenario;
	/** Simulate this much history before now, sent as fast as the monitor takes it. */
	backfillMs?: number;
	/** Start the scenario again when it ends (the demo keeps showing surges). */
	loop?: boolean;
	/** Stop after this long of live running (default: the scenario's duration, or forever with loop). */
	durationMs?: number;
	/**
	 * The opening that governs a second (epoch ms), e.g. from the config's booking windows; the
	 * default is one opening `opens_after` into the run (and one per scenario length with loop).
	 */
	openingFor?: (timeMs: number) => number;
	/** Called with each simulated second (the CLI prints progress from it). */
	onTick?: (tick: FlowTick, timeMs: number) => void;
	now?: () => number;
}

export interface Simulation {
	/** Wall time at which the booking window opens in this run. */
	readonly opensAtMs: number;
	/** Resolves when the run ends by itself or after stop(). */
	readonly done: Promise<void>;
	stop(): Promise<void>;
}

const BACKFILL_BATCH_S = 120;
/** Seconds of lines kept for resending while the monitor is unreachable. */
const MAX_PENDING_S = 300;

const log = rootLogger.child({ area: 'simulator' });

export function runSimulation(options: SimulationOptions): Simulation {
	const now = options.now ?? Date.now;
	const { scenario } = options;
	const model = new FlowModel(options.config, scenario);
	const random = seededRandom(scenario.seed);
	const startMs = Math.floor(now() / 1000) * 1000;
	let opensAtMs = startMs + scenario.opens_after;
	const endMs = options.durationMs !== undefined ? startMs + options.durationMs : options.loop ? Infinity : startMs + scenario.duration;
	const controller = new AbortController();
	const pending: string[][] = [];
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let wake: (() => void) | undefined;

	const simulateSecond = (timeMs: number): string[] => {
		if (options.openingFor) opensAtMs = options.openingFor(timeMs);
		let offset = timeMs - opensAtMs;
		if (!options.openingFor && options.loop && timeMs - (opensAtMs - scenario.opens_after) >= scenario.duration) {
			opensAtMs += scenario.duration;
			offset = timeMs - opensAtMs;
		}
		const tick = model.step(offset);
		options.onTick?.(tick, timeMs);
		return emitLines(tick, timeMs, random);
	};

	const send = async (lines: string[]): Promise<boolean> => {
		try {
			const res = await fetch(`${options.url}/api/v1/write?precision=ms`, {
				method: 'POST',
				headers: {
					'content-type': 'text/plain; charset=utf-8',
					...(options.token ? { authorization: `Token ${options.token}` } : {})
				},
				body: lines.join('\n'),
				signal: controller.signal
			});
			if (res.status === 204) return true;
			const text = await res.text();
			// A 4xx will not get better by resending: report it and move on.
			if (res.status >= 400 && res.status < 500 && res.status !== 429) {
				log.error({ status: res.status, body: text.slice(0, 500) }, 'the monitor rejected simulated points');
				return true;
			}
			log.warn({ status: res.status }, 'the monitor is busy; resending next second');
			return false;
		} catch (err) {
			if (!stopped) log.warn({ err: (err as Error).message }, 'the monitor is unreachable; resending next second');
			return false;
		}
	};

	const flushPending = async () => {
		while (pending.length > 0 && !stopped) {
			if (!(await send(pending[0]))) return;
			pending.shift();
		}
	};

	const sleepUntil = (ms: number) =>
		new Promise<void>((done) => {
			wake = done;
			timer = setTimeout(done, Math.max(0, ms - now()));
		});

	const done = (async () => {
		// Backfill: history before the run started, in large batches.
		const backfillS = Math.floor((options.backfillMs ?? 0) / 1000);
		let batch: string[] = [];
		for (let s = backfillS; s > 0 && !stopped; s--) {
			batch.push(...simulateSecond(startMs - s * 1000));
			if (batch.length > 0 && (s % BACKFILL_BATCH_S === 1 || s === 1)) {
				pending.push(batch);
				batch = [];
				await flushPending();
			}
		}
		// Live: one second at a time, on the second.
		for (let t = startMs; t < endMs && !stopped; t += 1000) {
			await sleepUntil(t);
			if (stopped) break;
			pending.push(simulateSecond(t));
			if (pending.length > MAX_PENDING_S) pending.shift();
			await flushPending();
		}
	})();

	return {
		get opensAtMs() {
			return opensAtMs;
		},
		done,
		async stop() {
			stopped = true;
			clearTimeout(timer);
			wake?.();
			controller.abort();
			await done.catch(() => {});
		}
	};
}
