import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, TokenUseRecorder } from '../../../../src/lib/server/audit/index.ts';

const dirs: string[] = [];
const fresh = () => {
	const d = mkdtempSync(join(tmpdir(), 'bom-audit-'));
	dirs.push(d);
	return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the audit log', () => {
	it('appends one JSON line per record, readable newest first, owner-only', () => {
		const dir = fresh();
		let t = 1000;
		const log = new AuditLog({ dir, now: () => t++ });
		log.record({ action: 'signin', actor: 'kim', role: 'operator', via: 'session', ip: '127.0.0.1' });
		log.record({ action: 'alert.ack', actor: 'kim', target: 'cdn-busy|cdn', detail: 'looking' });
		const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
		expect(lines.map((l) => JSON.parse(l).action)).toEqual(['signin', 'alert.ack']);
		expect(new AuditLog({ dir }).read().map((r) => r.action)).toEqual(['alert.ack', 'signin']);
		expect(statSync(join(dir, 'audit.jsonl')).mode & 0o777).toBe(0o600);
	});

	it('filters by action (or its prefix), actor, time and limit', () => {
		const dir = fresh();
		let t = 0;
		const log = new AuditLog({ dir, now: () => (t += 1000) });
		for (const action of ['silence.create', 'silence.expire', 'alert.ack', 'signin'] as const) log.record({ action, actor: action === 'signin' ? 'lee' : 'kim' });
		expect(log.read({ action: 'silence' }).map((r) => r.action)).toEqual(['silence.expire', 'silence.create']);
		expect(log.read({ actor: 'lee' }).map((r) => r.action)).toEqual(['signin']);
		expect(log.read({ fromMs: 2000, toMs: 3000 }).map((r) => r.time)).toEqual([3000, 2000]);
		expect(log.read({ limit: 1 })).toHaveLength(1);
	});

	it('rotates by size and keeps a bounded number of files, reading across them', () => {
		const dir = fresh();
		const log = new AuditLog({ dir, maxFileBytes: 400, keepFiles: 2 });
		for (let i = 0; i < 40; i++) log.record({ action: 'token.use', actor: `t${i}`, target: 'ingest /write' });
		const files = readdirSync(dir).sort();
		expect(files).toEqual(['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2']);
		for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(400);
		const read = log.read({ limit: 100 });
		expect(read[0].actor).toBe('t39');
		expect(read.length).toBeLessThan(40);
		// Newest first with no gaps across the files that are kept.
		expect(read.map((r) => Number(r.actor.slice(1)))).toEqual(read.map((_, i) => 39 - i));
	});

	it('keeps only known keys, bounded, whatever a caller passes', () => {
		const dir = fresh();
		const log = new AuditLog({ dir });
		const rec = log.record({ action: 'signin.refused', actor: 'x'.repeat(1000), detail: 'y'.repeat(5000), token: 'bom_secret' } as never);
		expect(rec.actor).toHaveLength(256);
		expect(rec.detail).toHaveLength(2000);
		expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toContain('bom_secret');
	});
});

describe('token use', () => {
	it('is recorded once per token and action a minute, not per request', () => {
		const dir = fresh();
		let t = 0;
		const log = new AuditLog({ dir, now: () => t });
		const uses = new TokenUseRecorder(log, 60_000, () => t);
		const sender = { name: 'naver-sender', role: 'ingest' };
		for (let i = 0; i < 120; i++) {
			uses.used(sender, 'ingest /write');
			t += 1000;
		}
		uses.used(sender, 'GET /api/v1/series');
		expect(log.read({ action: 'token.use' }).map((r) => `${r.target}@${r.time}`)).toEqual(['GET /api/v1/series@120000', 'ingest /write@60000', 'ingest /write@0']);
	});
});
