import type { LineBlock } from '../ingest/point.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import { InfluxError, type InfluxHttp } from './influx-http.ts';
import type { Spool } from './spool.ts';

export interface BatchWriterOptions {
	batchLines: number;
	flushIntervalMs: number;
	concurrency: number;
	gzip: boolean;
	/** Retries before a batch goes to the spool: kept short, the sender is waiting for its answer. */
	quickRetries?: number;
	rp?: string;
	metrics: Metrics;
	log: Logger;
}

interface Batch {
	/** Single lines, and blocks of lines as they arrived. */
	parts: (string | Buffer)[];
	count: number;
	waiters: { resolve(): void; reject(err: Error): void }[];
}

const newBatch = (): Batch => ({ parts: [], count: 0, waiters: [] });
const NEWLINE = Buffer.from('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.5 + Math.random());

/**
 * Lines from every sender, batched by size and time, written to InfluxDB with at most
 * `concurrency` requests in flight. `write` resolves only once its lines are stored in InfluxDB
 * or fsynced in the spool: that is what makes a 204 a promise that nothing is lost.
 *
 * While the spool holds anything, new batches join it, and one replayer sends it oldest first
 * with backoff. Replays are idempotent: every line carries an explicit ns timestamp, and
 * InfluxDB stores a resent point (same series and time) once, so a crash between "written" and
 * "removed from the spool" is harmless.
 */
export class BatchWriter {
	private current = newBatch();
	private timer: NodeJS.Timeout | undefined;
	private readonly ready: Batch[] = [];
	private inFlight = 0;
	private idle: (() => void)[] = [];
	private replaying = false;
	private replayLoop: Promise<void> | undefined;
	private wakeReplayer: (() => void) | undefined;
	private closed = false;

	constructor(
		private readonly http: InfluxHttp,
		private readonly spool: Spool,
		private readonly opts: BatchWriterOptions
	) {
		this.gauges();
		if (!spool.empty) this.startReplay();
	}

	write(lines: readonly string[] | LineBlock): Promise<void> {
		if (this.closed) return Promise.reject(new Error('the store writer is closed'));
		const block = Array.isArray(lines) ? null : (lines as LineBlock);
		if ((block ? block.count : (lines as readonly string[]).length) === 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const b = this.current;
			if (block) {
				b.parts.push(block.bytes);
				b.count += block.count;
			} else {
				for (const l of lines as readonly string[]) b.parts.push(l);
				b.count += (lines as readonly string[]).length;
			}
			b.waiters.push({ resolve, reject });
			if (b.count >= this.opts.batchLines) this.seal();
			else this.timer ??= setTimeout(() => this.seal(), this.opts.flushIntervalMs);
		});
	}

	/** Sends what is pending, waits for every batch in flight, and stops the replayer (the spool keeps the rest). */
	async close(): Promise<void> {
		this.seal();
		while (this.inFlight > 0 || this.ready.length > 0) await new Promise<void>((r) => this.idle.push(r));
		this.closed = true;
		// Stop the replayer too (waking it from a backoff): after close, nothing reads the spool.
		this.wakeReplayer?.();
		await this.replayLoop;
	}

	private seal(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		if (this.current.count === 0) return;
		this.ready.push(this.current);
		this.current = newBatch();
		this.pump();
	}

	private pump(): void {
		while (this.inFlight < this.opts.concurrency && this.ready.length > 0) {
			const batch = this.ready.shift()!;
			this.inFlight++;
			void this.deliver(batch).finally(() => {
				this.inFlight--;
				this.pump();
				if (this.inFlight === 0 && this.ready.length === 0) for (const r of this.idle.splice(0)) r();
			});
		}
	}

	private async deliver(batch: Batch): Promise<void> {
		try {
			await this.store(batch);
			for (const w of batch.waiters) w.resolve();
		} catch (err) {
			for (const w of batch.waiters) w.reject(err as Error);
		}
	}

	private async store(batch: Batch): Promise<void> {
		const body = bodyOf(batch.parts);
		if (this.spool.empty && !this.replaying) {
			for (let attempt = 0; ; attempt++) {
				try {
					await this.send(body, batch.count, 'written');
					return;
				} catch (err) {
					if (!(err instanceof InfluxError) || err.kind === 'client') throw err;
					if (attempt >= (this.opts.quickRetries ?? 2)) break;
					await sleep(jitter(50 * 3 ** attempt));
				}
			}
		}
		await this.spool.append(body);
		this.opts.metrics.batches.inc({ result: 'spooled' });
		this.gauges();
		this.startReplay();
	}

	/**
	 * One request; InfluxDB's 4xx answers handled here. A partial write stored the rest (count the
	 * dropped points). A whole-batch "field type conflict" means two merged lines disagree: the
	 * batch is split until the offending lines stand alone, so one sender's line cannot cost
	 * everyone else theirs.
	 */
	private async send(body: Buffer, count: number, result: 'written' | 'replayed'): Promise<void> {
		const started = process.hrtime.bigint();
		try {
			await this.http.write(body, { gzip: this.opts.gzip, rp: this.opts.rp });
		} catch (err) {
			if (!(err instanceof InfluxError)) throw err;
			this.opts.metrics.influxErrors.inc({ kind: err.kind });
			if (err.kind !== 'client') throw err;
			if (/partial write/.test(err.message)) return this.countDropped(err.message);
			if (/field type conflict/.test(err.message) && count > 1) return this.split(linesOf(body), result);
			this.opts.log.error({ err: err.message, lines: count }, 'InfluxDB refused a batch');
			this.opts.metrics.batches.inc({ result: 'rejected' });
			if (count === 1) return; // one line InfluxDB will never take: counted and dropped
			throw err;
		}
		this.opts.metrics.batchDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
		this.opts.metrics.batches.inc({ result });
		this.opts.metrics.pointsWritten.inc(count);
	}

	private async split(lines: string[], result: 'written' | 'replayed'): Promise<void> {
		const mid = lines.length >> 1;
		for (const half of [lines.slice(0, mid), lines.slice(mid)]) await this.send(Buffer.from(half.join('\n')), half.length, result);
	}

	private countDropped(message: string): void {
		const dropped = Number(/dropped=(\d+)/.exec(message)?.[1] ?? 0);
		this.opts.log.warn({ error: message }, 'InfluxDB stored a batch partially');
		this.opts.metrics.pointsRejected.inc({ reason: 'influx' }, dropped);
		this.opts.metrics.batches.inc({ result: 'partial' });
	}

	private startReplay(): void {
		if (this.replaying || this.closed) return;
		this.replaying = true;
		this.replayLoop = this.replay()
			// A spool it cannot read (a file gone, a disk error): say so and try again later; never crash the process.
			.catch(async (err) => {
				this.opts.log.error({ err }, 'spool replay failed; retrying in 1 s');
				await this.backoff(1_000);
			})
			.finally(() => {
				this.replaying = false;
				if (!this.spool.empty && !this.closed) this.startReplay(); // appended while the loop was ending
			});
	}

	private backoff(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(resolve, ms);
			this.wakeReplayer = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	}

	private async replay(): Promise<void> {
		let failures = 0;
		for (let next = await this.spool.oldest(); next && !this.closed; next = await this.spool.oldest()) {
			try {
				await this.send(Buffer.from(next.body), linesOf(next.body).length, 'replayed');
				await this.spool.remove(next.name);
				failures = 0;
			} catch (err) {
				if (err instanceof InfluxError && err.kind === 'client') {
					this.opts.log.error({ batch: next.name, err: err.message }, 'InfluxDB refuses a spooled batch; set aside in spool/dead');
					await this.spool.setAside(next.name);
				} else {
					failures++;
					await this.backoff(jitter(Math.min(5_000, 100 * 2 ** failures)));
				}
			}
			this.gauges();
		}
	}

	private gauges(): void {
		const s = this.spool.size;
		this.opts.metrics.spoolBatches.set(s.batches);
		this.opts.metrics.spoolBytes.set(s.bytes);
	}
}

/** The request body for InfluxDB: runs of single lines joined as text, blocks copied as they are. */
function bodyOf(parts: readonly (string | Buffer)[]): Buffer {
	const chunks: Buffer[] = [];
	let run: string[] = [];
	const endRun = () => {
		if (run.length === 0) return;
		chunks.push(Buffer.from(run.join('\n')));
		run = [];
	};
	for (const p of parts) {
		if (typeof p === 'string') run.push(p);
		else {
			endRun();
			chunks.push(p);
		}
	}
	endRun();
	if (chunks.length === 1) return chunks[0];
	return Buffer.concat(chunks.flatMap((c, i) => (i === 0 ? [c] : [NEWLINE, c])));
}

/** A body's lines, without the blank ones a block's final newline leaves. */
function linesOf(body: Buffer | string): string[] {
	return String(body)
		.split('\n')
		.filter((l) => l !== '');
}
