import { setTimeout as sleepFor } from 'node:timers/promises';
import { childLogger, type Logger } from '../../observability/index.ts';
import {
	channelDurationMs,
	channelTarget,
	describeNotification,
	formatFor,
	redactFor,
	sampleNotification,
	type Channel
} from '../channels/index.ts';
import type { Notification } from '../types.ts';
import { backoffMs } from './backoff.ts';
import { Outbox, type DeadLetter, type PendingEntry } from './outbox.ts';
import { sendRequest, type DeliveryError, type SendOutcome } from './send.ts';
import { TokenBucket } from './token-bucket.ts';

export interface DelivererOptions {
	/** Where pending messages and dead letters live, e.g. data/alerts/outbox. */
	dir: string;
	channels: Channel[];
	/** Dashboard base URL for test messages. */
	externalUrl?: string;
	/** Zone for times in messages when a channel sets none (the config's `time_zone`). */
	timeZone?: string;
	/** Backoff: first retry within baseDelayMs, doubling up to maxDelayMs (full jitter). */
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** Longest Retry-After honoured; a longer one is cut to this. */
	maxRetryAfterMs?: number;
	now?: () => number;
	random?: () => number;
	logger?: Logger;
}

export type TestResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

export interface ChannelStats {
	pending: number;
	/** Messages delivered since start. */
	sent: number;
	/** Failed tries since start (a message retried three times counts three). */
	failed: number;
	/** Dead letters now. */
	dead: number;
}

interface Queue {
	entries: PendingEntry[];
	bucket: TokenBucket;
	/** The drain loop while it runs. */
	running: Promise<void> | null;
	/** Disk writes of enqueue, chained so messages join the queue in the order they came. */
	writes: Promise<void>;
	sent: number;
	failed: number;
}

/** Recently delivered ids, to drop a notification handed over twice (the notifier is at-least-once too). */
const RECENT_IDS = 10_000;

/**
 * Sends notifications to their channels: one ordered queue per channel (a message being retried
 * holds back later messages of its channel only), paced by the channel's rate limit, retried
 * with backoff, persisted so a restart neither loses nor reorders them, and dead-lettered when
 * a service keeps refusing. At-least-once: the notification id is the idempotency key.
 */
export class Deliverer {
	private readonly outbox: Outbox;
	private readonly channels = new Map<string, Channel>();
	private readonly queues = new Map<string, Queue>();
	private readonly dead = new Map<string, DeadLetter>();
	/** Ids queued or being written: a second enqueue of one of them is a no-op. */
	private readonly pendingIds = new Set<string>();
	private readonly recent = new Set<string>();
	/** Pending files still being written, by entry seq. */
	private readonly saving = new Map<number, Promise<void>>();
	private readonly stop = new AbortController();
	private readonly log: Logger;
	private readonly now: () => number;
	private readonly random: () => number;
	private seq = 0;
	private closed = false;

	constructor(private readonly opts: DelivererOptions) {
		this.log = opts.logger ?? childLogger('alerts.delivery');
		this.now = opts.now ?? Date.now;
		this.random = opts.random ?? Math.random;
		this.setChannels(opts.channels);
		this.outbox = new Outbox(opts.dir);
		this.resume();
	}

	/** Hot reload: later tries use the new settings; messages for a removed channel become dead letters. */
	setChannels(list: Channel[]): void {
		this.channels.clear();
		for (const c of list) this.channels.set(c.id, c);
		for (const [id, q] of this.queues) {
			const c = this.channels.get(id);
			if (c) q.bucket.setRate(c.rate_limit);
		}
	}

	/** Resolves once the notification is on disk: from then on a crash cannot lose it. */
	async enqueue(n: Notification): Promise<void> {
		if (this.closed) throw new Error('alert delivery is closed; the notification was not accepted');
		if (this.pendingIds.has(n.id) || this.dead.has(n.id) || this.recent.has(n.id)) return;
		this.pendingIds.add(n.id);
		const entry: PendingEntry = { seq: ++this.seq, notification: n, attempts: 0, enqueuedAt: this.now(), lastError: null };
		const q = this.queue(n.channel);
		// The send starts at once, while the file is written: a chat message should not wait for a
		// disk flush on a busy machine. Durability does not suffer: the caller saves its own state
		// (which says "sent") only after this resolves, so a crash before that sends it again.
		const written = q.writes.then(() => this.outbox.savePending(entry));
		q.writes = written.catch(() => undefined);
		this.saving.set(entry.seq, written);
		q.entries.push(entry);
		this.kick(q);
		try {
			await written;
		} catch (err) {
			// Not on disk: let it go out if it can, but the caller must know it is not durable.
			throw err;
		} finally {
			this.saving.delete(entry.seq);
		}
	}

	/** The pending file of an entry is complete (so it may be rewritten or deleted). */
	private async saved(seq: number): Promise<void> {
		await this.saving.get(seq)?.catch(() => undefined);
	}

	deadLetters(): DeadLetter[] {
		return [...this.dead.values()].sort((a, b) => a.seq - b.seq);
	}

	/** Puts a dead letter back at the end of its channel's queue with a fresh count of tries. */
	async retryDeadLetter(id: string): Promise<boolean> {
		const d = this.dead.get(id);
		if (!d || this.closed) return false;
		this.dead.delete(id);
		// Pending first, then remove the dead letter: a crash in between repeats a message, never loses one.
		try {
			await this.enqueue(d.notification);
		} catch (err) {
			this.dead.set(id, d);
			throw err;
		}
		await this.outbox.deleteDead(d.seq);
		return true;
	}

	async dismissDeadLetter(id: string): Promise<boolean> {
		const d = this.dead.get(id);
		if (!d) return false;
		this.dead.delete(id);
		await this.outbox.deleteDead(d.seq);
		return true;
	}

	/** One sample message, now, outside the queue and without retries: the "test" button. */
	async sendTest(channelId: string): Promise<TestResult> {
		const channel = this.channels.get(channelId);
		if (!channel) return { ok: false, error: `no channel "${channelId}" in the config's channels` };
		const n = sampleNotification(channel, this.opts.externalUrl ?? 'http://localhost:3000', this.now());
		const out = await this.attempt(channel, n);
		if (out.ok) return { ok: true, status: out.status };
		const error = out.error.body ? `${out.error.message}: ${out.error.body}` : out.error.message;
		return out.error.status === undefined ? { ok: false, error } : { ok: false, status: out.error.status, error };
	}

	stats(): Record<string, ChannelStats> {
		const out: Record<string, ChannelStats> = {};
		const row = (id: string) => (out[id] ??= { pending: 0, sent: 0, failed: 0, dead: 0 });
		for (const id of this.channels.keys()) row(id);
		for (const [id, q] of this.queues) Object.assign(row(id), { pending: q.entries.length, sent: q.sent, failed: q.failed });
		for (const d of this.dead.values()) row(d.channel).dead++;
		return out;
	}

	/** Stops retries and pacing waits, lets requests in flight finish, and leaves the rest on disk. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.stop.abort();
		const queues = [...this.queues.values()];
		await Promise.all(queues.map((q) => q.writes));
		await Promise.all(queues.map((q) => q.running));
	}

	private resume(): void {
		const { pending, dead } = this.outbox.loadSync((file, err) =>
			this.log.error({ file, err: err.message }, 'unreadable outbox file set aside as .corrupt')
		);
		for (const d of dead) this.dead.set(d.id, d);
		for (const e of pending) {
			this.seq = Math.max(this.seq, e.seq);
			// Both on disk means a crash while dead-lettering: it had been given up on.
			if (this.dead.has(e.notification.id)) void this.outbox.deletePending(e.seq);
			else {
				this.pendingIds.add(e.notification.id);
				this.queue(e.notification.channel).entries.push(e);
			}
		}
		for (const d of dead) this.seq = Math.max(this.seq, d.seq);
		if (pending.length) this.log.info({ pending: pending.length }, 'resuming alert deliveries left by the last run');
		for (const q of this.queues.values()) this.kick(q);
	}

	private queue(channelId: string): Queue {
		let q = this.queues.get(channelId);
		if (!q) {
			const rate = this.channels.get(channelId)?.rate_limit ?? 30;
			q = { entries: [], bucket: new TokenBucket(rate), running: null, writes: Promise.resolve(), sent: 0, failed: 0 };
			this.queues.set(channelId, q);
		}
		return q;
	}

	private kick(q: Queue): void {
		if (q.running || this.closed || !q.entries.length) return;
		q.running = this.drain(q).finally(() => {
			q.running = null;
			// A message may have arrived while the loop was finishing.
			this.kick(q);
		});
	}

	/** One message at a time, head of the queue first, until the queue is empty or we close. */
	private async drain(q: Queue): Promise<void> {
		let diskFailures = 0;
		while (!this.closed && q.entries.length) {
			try {
				await this.step(q, q.entries[0]);
				diskFailures = 0;
			} catch (err) {
				// The outbox could not be written (disk full, permissions): keep the message and try again later.
				diskFailures++;
				this.log.error({ err: (err as Error).message }, 'alert outbox write failed; delivery of this channel paused');
				await this.sleep(backoffMs(diskFailures, 1_000, 60_000, () => 1));
			}
		}
	}

	private async step(q: Queue, entry: PendingEntry): Promise<void> {
		const channel = this.channels.get(entry.notification.channel);
		if (!channel) {
			await this.bury(q, entry, { message: `channel "${entry.notification.channel}" is not in the config's channels` }, '(removed)');
			return;
		}
		const wait = q.bucket.waitMs(this.now());
		if (wait > 0) return this.sleep(wait);
		q.bucket.take(this.now());
		const out = await this.attempt(channel, entry.notification);
		entry.attempts++;
		if (out.ok) {
			q.sent++;
			q.entries.shift();
			this.pendingIds.delete(entry.notification.id);
			this.remember(entry.notification.id);
			await this.saved(entry.seq);
			return this.outbox.deletePending(entry.seq);
		}
		q.failed++;
		entry.lastError = out.error;
		await this.saved(entry.seq);
		if (!out.retryable || entry.attempts >= channel.max_attempts) return this.bury(q, entry, out.error, channelTarget(channel));
		await this.outbox.savePending(entry);
		const delay = this.retryDelay(entry.attempts, out);
		const target = channelTarget(channel);
		this.log.warn({ channel: channel.id, target, attempt: entry.attempts, error: out.error, retryInMs: delay }, 'alert delivery failed; will retry');
		await this.sleep(delay);
	}

	private async attempt(channel: Channel, n: Notification): Promise<SendOutcome> {
		let req;
		try {
			req = formatFor(channel, n, { now: this.now(), timeZone: this.opts.timeZone });
		} catch (err) {
			// A message that cannot be formatted now never will be: a dead letter shows why.
			return { ok: false, retryable: false, retryAfterMs: null, error: { message: `could not format the message: ${(err as Error).message}` } };
		}
		return sendRequest(req, channelDurationMs(channel.timeout), (s) => redactFor(channel, s), this.now);
	}

	private retryDelay(attempts: number, out: Extract<SendOutcome, { ok: false }>): number {
		if (out.retryAfterMs !== null) return Math.min(out.retryAfterMs, this.opts.maxRetryAfterMs ?? 600_000);
		return backoffMs(attempts, this.opts.baseDelayMs ?? 500, this.opts.maxDelayMs ?? 30_000, this.random);
	}

	/** Dead letter first, then drop the pending file (see resume for the crash in between). */
	private async bury(q: Queue, entry: PendingEntry, error: DeliveryError, target: string): Promise<void> {
		const n = entry.notification;
		const d: DeadLetter = {
			id: n.id,
			seq: entry.seq,
			channel: n.channel,
			target,
			summary: describeNotification(n),
			attempts: entry.attempts,
			lastError: error,
			at: this.now(),
			notification: n
		};
		await this.outbox.saveDead(d);
		this.dead.set(d.id, d);
		q.entries.shift();
		this.pendingIds.delete(n.id);
		await this.outbox.deletePending(entry.seq);
		this.log.error({ channel: n.channel, target, notification: n.id, attempts: d.attempts, error }, 'alert delivery gave up: dead letter');
	}

	private remember(id: string): void {
		this.recent.add(id);
		if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value as string);
	}

	/** Resolves early (without throwing) when the deliverer closes. */
	private async sleep(ms: number): Promise<void> {
		try {
			await sleepFor(ms, undefined, { signal: this.stop.signal });
		} catch {
			// Aborted by close(): the loop sees `closed` and stops.
		}
	}
}
