import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification } from '../types.ts';
import type { DeliveryError } from './send.ts';

/** A notification waiting to be delivered (or being retried). */
export interface PendingEntry {
	/** Order of arrival across restarts; messages of one channel go out in this order. */
	seq: number;
	notification: Notification;
	/** Tries so far, kept across restarts so a restart does not reset max_attempts. */
	attempts: number;
	enqueuedAt: number;
	lastError: DeliveryError | null;
}

/** A notification given up on: shown to operators, who can retry or dismiss it. */
export interface DeadLetter {
	/** The notification id. */
	id: string;
	seq: number;
	channel: string;
	/** Where it was going, redacted ("https://hooks.slack.com/…"). */
	target: string;
	summary: string;
	attempts: number;
	lastError: DeliveryError;
	/** Epoch ms it became a dead letter. */
	at: number;
	notification: Notification;
}

/**
 * The delivery queue on disk: one JSON file per message under `pending/` and `dead/`, named by
 * sequence number. Every write goes to a temp file that is synced and then renamed over the
 * target, so a crash leaves the old file or the new one, never half of one.
 */
export class Outbox {
	private readonly pendingDir: string;
	private readonly deadDir: string;

	constructor(dir: string) {
		this.pendingDir = join(dir, 'pending');
		this.deadDir = join(dir, 'dead');
		mkdirSync(this.pendingDir, { recursive: true });
		mkdirSync(this.deadDir, { recursive: true });
	}

	/** Everything left by the last run, in sequence order; unreadable files are set aside as `.corrupt`. */
	loadSync(onCorrupt: (file: string, err: Error) => void): { pending: PendingEntry[]; dead: DeadLetter[] } {
		return {
			pending: this.readAll<PendingEntry>(this.pendingDir, onCorrupt),
			dead: this.readAll<DeadLetter>(this.deadDir, onCorrupt)
		};
	}

	savePending(e: PendingEntry): Promise<void> {
		return writeAtomic(this.file(this.pendingDir, e.seq), JSON.stringify(e));
	}

	deletePending(seq: number): Promise<void> {
		return rm(this.file(this.pendingDir, seq), { force: true });
	}

	saveDead(d: DeadLetter): Promise<void> {
		return writeAtomic(this.file(this.deadDir, d.seq), JSON.stringify(d));
	}

	deleteDead(seq: number): Promise<void> {
		return rm(this.file(this.deadDir, seq), { force: true });
	}

	private file(dir: string, seq: number): string {
		return join(dir, `${String(seq).padStart(12, '0')}.json`);
	}

	private readAll<T extends { seq: number }>(dir: string, onCorrupt: (file: string, err: Error) => void): T[] {
		const out: T[] = [];
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			// A temp file is a write that never finished: its rename did not happen, so it never counted.
			if (name.endsWith('.tmp')) rmSync(path, { force: true });
			if (!/^\d+\.json$/.test(name)) continue;
			try {
				const item = JSON.parse(readFileSync(path, 'utf8')) as T;
				if (typeof item.seq !== 'number') throw new Error('no "seq"');
				out.push(item);
			} catch (err) {
				renameSync(path, `${path}.corrupt`);
				onCorrupt(path, err as Error);
			}
		}
		return out.sort((a, b) => a.seq - b.seq);
	}
}

async function writeAtomic(path: string, data: string): Promise<void> {
	const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
	const fh = await open(tmp, 'w');
	try {
		await fh.writeFile(data);
		await fh.sync();
	} finally {
		await fh.close();
	}
	await rename(tmp, path);
}
