import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditInput, AuditQuery, AuditRecord } from './record.ts';

export const AUDIT_LIMIT = 200;
export const AUDIT_MAX_LIMIT = 5_000;

export interface AuditLogOptions {
	dir: string;
	/** Rotate the current file past this size. */
	maxFileBytes?: number;
	/** Rotated files kept (audit.jsonl.1 ... .N); older ones are deleted. */
	keepFiles?: number;
	now?: () => number;
	/** A write failed (disk full): logged by the caller; the action itself still happens. */
	onError?(err: Error): void;
}

/**
 * The audit log: one JSON object per line in `<data>/audit/audit.jsonl`, rotated by size
 * (`audit.jsonl.1` is the previous file, up to `keepFiles`), so disk use is bounded.
 *
 * A file, not an InfluxDB measurement: the log must keep working while InfluxDB is down (that is
 * when people sign in and silence things), must not be cut by the raw-data retention (7 days by
 * default), and a JSONL file is what log shippers (Vector, Promtail, Filebeat) read as-is.
 * Appends are synchronous and small (a few per minute: token use is rate-limited), so a record is
 * in the kernel before the action is answered and records never interleave.
 */
export class AuditLog {
	private readonly file: string;
	private readonly maxBytes: number;
	private readonly keep: number;
	private readonly now: () => number;
	private size = 0;

	constructor(private readonly opts: AuditLogOptions) {
		mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
		this.file = join(opts.dir, 'audit.jsonl');
		this.maxBytes = opts.maxFileBytes ?? 10_000_000;
		this.keep = opts.keepFiles ?? 10;
		this.now = opts.now ?? Date.now;
		this.size = existsSync(this.file) ? statSync(this.file).size : 0;
	}

	record(input: AuditInput): AuditRecord {
		const rec: AuditRecord = { time: input.time ?? this.now(), ...clean(input) };
		const line = `${JSON.stringify(rec)}\n`;
		try {
			if (this.size > 0 && this.size + line.length > this.maxBytes) this.rotate();
			appendFileSync(this.file, line, { mode: 0o600 });
			this.size += Buffer.byteLength(line);
		} catch (err) {
			this.opts.onError?.(err as Error);
		}
		return rec;
	}

	/** Newest first, across the current and rotated files, filtered, up to `limit`. */
	read(q: AuditQuery = {}): AuditRecord[] {
		const limit = Math.min(Math.max(1, Math.floor(q.limit ?? AUDIT_LIMIT)), AUDIT_MAX_LIMIT);
		const out: AuditRecord[] = [];
		for (const file of this.files()) {
			const lines = readFileSync(file, 'utf8').split('\n');
			for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
				const rec = parse(lines[i]);
				if (rec && matches(rec, q)) out.push(rec);
			}
			if (out.length >= limit) break;
		}
		return out;
	}

	private files(): string[] {
		const rotated = existsSync(this.opts.dir)
			? readdirSync(this.opts.dir)
					.map((f) => /^audit\.jsonl\.(\d+)$/.exec(f))
					.filter((m): m is RegExpExecArray => m !== null)
					.map((m) => Number(m[1]))
					.sort((a, b) => a - b)
					.map((n) => join(this.opts.dir, `audit.jsonl.${n}`))
			: [];
		return [...(existsSync(this.file) ? [this.file] : []), ...rotated];
	}

	private rotate(): void {
		rmSync(`${this.file}.${this.keep}`, { force: true });
		for (let n = this.keep - 1; n >= 1; n--) if (existsSync(`${this.file}.${n}`)) renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
		renameSync(this.file, `${this.file}.1`);
		this.size = 0;
	}
}

/** Only the known keys, as strings, bounded: a header or comment cannot bloat or break a line. */
function clean(input: AuditInput): Omit<AuditRecord, 'time'> {
	const text = (v: unknown, max = 500) => (typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined);
	const rec: Omit<AuditRecord, 'time'> = { action: input.action, actor: text(input.actor, 256) ?? 'unknown' };
	for (const key of ['role', 'via', 'target', 'detail', 'ip'] as const) {
		const v = text(input[key], key === 'detail' ? 2_000 : 500);
		if (v !== undefined) rec[key] = v;
	}
	return rec;
}

function parse(line: string): AuditRecord | null {
	if (!line.trim()) return null;
	try {
		const rec = JSON.parse(line) as AuditRecord;
		return typeof rec.time === 'number' && typeof rec.action === 'string' ? rec : null;
	} catch {
		return null;
	}
}

function matches(rec: AuditRecord, q: AuditQuery): boolean {
	if (q.action && rec.action !== q.action && !rec.action.startsWith(`${q.action}.`)) return false;
	if (q.actor && rec.actor !== q.actor) return false;
	if (q.fromMs !== undefined && rec.time < q.fromMs) return false;
	if (q.toMs !== undefined && rec.time > q.toMs) return false;
	return true;
}
