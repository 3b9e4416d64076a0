import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class SpoolFullError extends Error {
	constructor(limit: number) {
		super(`InfluxDB is unreachable and the write spool is full (${limit} bytes)`);
		this.name = 'SpoolFullError';
	}
}

interface Entry {
	name: string;
	bytes: number;
}

/**
 * Batches waiting for InfluxDB, one file each, oldest first. A batch is written to a temporary
 * name, fsynced, renamed and the directory fsynced: once `append` resolves the batch survives a
 * crash or power loss, which is what lets ingest acknowledge it. Bounded by bytes.
 */
export class Spool {
	private readonly entries: Entry[] = [];
	private bytes = 0;
	private seq = 0;

	constructor(
		readonly dir: string,
		private readonly maxBytes: number
	) {
		mkdirSync(dir, { recursive: true });
		for (const name of readdirSync(dir).sort()) {
			if (!name.endsWith('.lp')) {
				rmSync(join(dir, name), { force: true }); // a temp file from a crash mid-append: never acknowledged
				continue;
			}
			const bytes = statSync(join(dir, name)).size;
			this.entries.push({ name, bytes });
			this.bytes += bytes;
			this.seq = Math.max(this.seq, Number.parseInt(name, 10) + 1);
		}
	}

	get size(): { batches: number; bytes: number } {
		return { batches: this.entries.length, bytes: this.bytes };
	}

	get empty(): boolean {
		return this.entries.length === 0;
	}

	async append(body: string | Buffer): Promise<void> {
		const bytes = Buffer.byteLength(body);
		if (this.bytes + bytes > this.maxBytes) throw new SpoolFullError(this.maxBytes);
		const name = `${String(this.seq++).padStart(16, '0')}.lp`;
		this.bytes += bytes; // reserve before awaiting, so concurrent appends respect the bound
		try {
			const tmp = join(this.dir, `${name}.tmp`);
			const fh = await open(tmp, 'w');
			try {
				await fh.writeFile(body);
				await fh.sync();
			} finally {
				await fh.close();
			}
			await rename(tmp, join(this.dir, name));
			await syncDir(this.dir);
		} catch (err) {
			this.bytes -= bytes;
			throw err;
		}
		insertSorted(this.entries, { name, bytes });
	}

	async oldest(): Promise<{ name: string; body: string } | null> {
		const e = this.entries[0];
		return e ? { name: e.name, body: await readFile(join(this.dir, e.name), 'utf8') } : null;
	}

	async remove(name: string): Promise<void> {
		const i = this.entries.findIndex((e) => e.name === name);
		if (i < 0) return;
		await rm(join(this.dir, name), { force: true });
		this.bytes -= this.entries[i].bytes;
		this.entries.splice(i, 1);
	}

	/** Sets a batch InfluxDB will never take aside (dead/), so it cannot block the spool. */
	async setAside(name: string): Promise<void> {
		const i = this.entries.findIndex((e) => e.name === name);
		if (i < 0) return;
		mkdirSync(join(this.dir, 'dead'), { recursive: true });
		await rename(join(this.dir, name), join(this.dir, 'dead', name));
		this.bytes -= this.entries[i].bytes;
		this.entries.splice(i, 1);
	}
}

function insertSorted(entries: Entry[], e: Entry): void {
	let i = entries.length;
	while (i > 0 && entries[i - 1].name > e.name) i--;
	entries.splice(i, 0, e);
}

async function syncDir(dir: string): Promise<void> {
	const fh = await open(dir, 'r');
	try {
		await fh.sync();
	} finally {
		await fh.close();
	}
}
