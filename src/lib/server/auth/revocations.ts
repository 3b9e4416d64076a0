import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface Revoked {
	name: string;
	issued: number;
	expires: number;
}

interface FileShape {
	sessions: Record<string, Revoked>;
	/** Per principal name: every session issued at or before this second is void. */
	before: Record<string, number>;
}

/** Sessions live at most this long (walls); a `before` record older than it voids nothing. */
const LONGEST_SESSION_S = 400 * 86_400;

/**
 * Sessions ended on the server (sign-out), so a copied cookie stops working, also after a
 * restart: one small JSON file under the data dir, rewritten on each sign-out (rare; written
 * before the answer, so a sign-out is never lost to a crash).
 *
 * Bounded: a record is dropped once its session would have expired anyway, and when more than
 * `max` are still live the oldest half is folded into "every session of this name issued before
 * T is void". Folding may sign someone out early; it never lets a revoked cookie back in.
 */
export class RevocationList {
	private data: FileShape = { sessions: {}, before: {} };

	constructor(
		private readonly file: string,
		private readonly max = 10_000
	) {
		if (existsSync(file)) {
			try {
				const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FileShape>;
				this.data = { sessions: parsed.sessions ?? {}, before: parsed.before ?? {} };
			} catch (err) {
				// A damaged file must not silently re-admit signed-out cookies: refuse to start.
				throw new Error(`the session revocation list ${file} is unreadable (${(err as Error).message}); fix or delete it (deleting it re-admits signed-out cookies until they expire)`);
			}
		}
	}

	isRevoked(sid: string, name: string, issued: number): boolean {
		if (this.data.sessions[sid] !== undefined) return true;
		const before = this.data.before[name];
		return before !== undefined && issued <= before;
	}

	revoke(sid: string, name: string, issued: number, expires: number, nowS: number): void {
		this.data.sessions[sid] = { name, issued, expires };
		this.prune(nowS);
		this.save();
	}

	get size(): number {
		return Object.keys(this.data.sessions).length;
	}

	private prune(nowS: number): void {
		for (const [sid, r] of Object.entries(this.data.sessions)) if (r.expires < nowS) delete this.data.sessions[sid];
		for (const [name, t] of Object.entries(this.data.before)) if (t < nowS - LONGEST_SESSION_S) delete this.data.before[name];
		const live = Object.entries(this.data.sessions);
		if (live.length <= this.max) return;
		live.sort((a, b) => a[1].issued - b[1].issued);
		for (const [sid, r] of live.slice(0, Math.ceil(live.length / 2))) {
			this.data.before[r.name] = Math.max(this.data.before[r.name] ?? 0, r.issued);
			delete this.data.sessions[sid];
		}
	}

	private save(): void {
		mkdirSync(dirname(this.file), { recursive: true });
		const tmp = `${this.file}.tmp`;
		writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
		chmodSync(tmp, 0o600);
		renameSync(tmp, this.file);
	}
}
