import type { Server as HttpServer } from 'node:http';
import type { LiveConfig } from '../config/index.ts';
import { durationMs } from '../config/index.ts';
import type { Point } from '../ingest/point.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import { LiveHub } from './hub.ts';
import { RollupPersister } from './rollup-persister.ts';
import { LiveSocketServer, type LiveSocketDeps } from './socket-server.ts';

export interface LiveServiceOptions extends Omit<LiveSocketDeps, 'hub' | 'onFrame' | 'log'> {
	config: LiveConfig;
	httpServer: HttpServer;
	/** Stores rollup lines (the store writer: lossless, spooled). */
	writeRollups(lines: string[]): Promise<void>;
	metrics: Metrics;
	log: Logger;
	now?: () => number;
}

/** How long a flush waits for more of the points posted at the same moment (ms). */
const COALESCE_MS = 5;

/**
 * The live path, assembled: accepted points go into the hub; every flush interval the changed
 * seconds go out as frames; every second the closed seconds are stored as rollups.
 */
export class LiveService {
	readonly hub: LiveHub;
	readonly sockets: LiveSocketServer;
	private readonly persister: RollupPersister;
	private readonly timers: NodeJS.Timeout[] = [];
	private readonly flushIntervalMs: number;
	private flushTimer: NodeJS.Timeout | undefined;
	private nextFlushAt = Infinity;
	/** When a flush last sent changes: the flush interval is the least time between two of those. */
	private lastDataFlushAt = -Infinity;
	private closed = false;
	private persisting: Promise<unknown> = Promise.resolve();
	private readonly tickListeners: ((second: number) => void)[] = [];
	private readonly flushListeners: (() => void)[] = [];

	constructor(private readonly opts: LiveServiceOptions) {
		const c = opts.config;
		const hubOptions = {
			windowSeconds: durationMs(c.window) / 1000,
			rawWindowSeconds: durationMs(c.raw_window) / 1000,
			maxRawSeries: c.max_series,
			maxRollupSeries: c.max_rollup_series,
			futureToleranceSeconds: durationMs(c.future_tolerance) / 1000,
			now: opts.now ?? Date.now
		};
		this.hub = new LiveHub(hubOptions);
		const m = opts.metrics;
		m.liveMemoryLimitBytes.set(LiveHub.memoryBound(hubOptions));
		this.sockets = new LiveSocketServer(opts.httpServer, {
			...opts,
			hub: this.hub,
			log: opts.log,
			onFrame: (bytes) => {
				m.liveFrames.inc();
				m.liveFrameBytes.observe(bytes);
			}
		});
		this.persister = new RollupPersister(this.hub, opts.writeRollups, durationMs(c.rollup_grace) / 1000, opts.log);
		this.flushIntervalMs = durationMs(c.flush_interval);
		this.scheduleFlush(this.flushIntervalMs);
		this.timers.push(setInterval(() => this.tick(), 1000));
	}

	/**
	 * Points that arrive when no changes went out for a flush interval go out after a few
	 * milliseconds (so the batches senders post side by side at the top of a second share a frame),
	 * not on a fixed 100 ms grid: the grid's phase alone added 0-100 ms to every frame
	 * (`npm run soak`). The interval stays the least time between two flushes that send changes,
	 * so frame rate and CPU are bounded as before.
	 */
	publish(points: readonly Point[]): void {
		this.hub.publish(points);
		const now = performance.now();
		const earliest = Math.max(now + COALESCE_MS, this.lastDataFlushAt + this.flushIntervalMs);
		if (earliest < this.nextFlushAt) this.scheduleFlush(earliest - now);
	}

	/** Recomputes changed rollups and sends frames. Public for tests that drive time themselves. */
	flush(): void {
		clearTimeout(this.flushTimer);
		try {
			const started = process.hrtime.bigint();
			const changes = this.hub.flush();
			if (changes.size > 0) this.lastDataFlushAt = performance.now();
			this.persister.note(changes);
			this.sockets.broadcast(changes);
			this.opts.metrics.liveFlushSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
			for (const fn of this.flushListeners) fn();
		} finally {
			// Also without new data: the alert engine judges closed seconds (and missing data) after each flush.
			this.scheduleFlush(this.flushIntervalMs);
		}
	}

	private scheduleFlush(ms: number): void {
		clearTimeout(this.flushTimer);
		if (this.closed) return;
		this.nextFlushAt = performance.now() + ms;
		this.flushTimer = setTimeout(() => this.flush(), Math.max(0, ms));
	}

	/** Runs `fn` after every flush (default every 100 ms): the alert engine looks at the freshest rollups. */
	onFlush(fn: () => void): void {
		this.flushListeners.push(fn);
	}

	/** Runs `fn` on every tick with the last complete second (the pipeline analyser, later the alert engine). */
	onTick(fn: (second: number) => void): void {
		this.tickListeners.push(fn);
	}

	/** The 1 s tick: store closed seconds, refresh gauges, run the tick listeners. */
	tick(): Promise<unknown> {
		const second = this.hub.nowSecond() - 1;
		for (const fn of this.tickListeners) {
			try {
				fn(second);
			} catch (err) {
				this.opts.log.error({ err }, 'a tick listener failed');
			}
		}
		this.persisting = this.persisting.then(() => this.persister.tick());
		const s = this.hub.stats();
		const m = this.opts.metrics;
		m.liveMemoryBytes.set(s.bytes);
		m.liveSeries.set({ kind: 'instance' }, s.rawSeries);
		m.liveSeries.set({ kind: 'rollup' }, s.rollupSeries);
		m.livePointsDropped.set({ reason: 'late' }, s.dropped.late);
		m.livePointsDropped.set({ reason: 'future' }, s.dropped.future);
		m.livePointsDropped.set({ reason: 'over_limit' }, s.dropped.overLimit);
		m.liveClients.set(this.sockets.clientCount);
		return this.persisting;
	}

	/** Stops the timers, writes what is closed, and disconnects clients (telling them to come back). */
	async close(): Promise<void> {
		for (const t of this.timers) clearInterval(t);
		this.closed = true;
		this.flush();
		await this.tick();
		this.sockets.close();
	}
}
