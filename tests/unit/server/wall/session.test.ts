import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, TokenRegistry } from '../../../../src/lib/server/auth/index.ts';
import type { TokenEntry } from '../../../../src/lib/server/config/index.ts';
import { loadSessionSecret, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_S, WallSessions } from '../../../../src/lib/server/wall/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bom-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VIEWER = 'bom_wall-token-for-the-ops-room';
const entries: TokenEntry[] = [
	{ name: 'ops-wall', role: 'viewer', hash: hashToken(VIEWER) },
	{ name: 'sender', role: 'ingest', hash: hashToken('bom_sender') }
];
const T0 = 1_700_000_000_000;

function sessions(list = entries, secret = loadSessionSecret(dir), now = () => T0, admin?: string) {
	return new WallSessions(secret, new TokenRegistry(list, admin), list, admin, now);
}
const cookie = (value: string) => `theme=dark; ${SESSION_COOKIE}=${value}; other=1`;

describe('wall sessions', () => {
	it('turns a viewer token into a cookie that names the principal and holds no secret', () => {
		const value = sessions().issue(VIEWER)!;
		expect(value).not.toContain(VIEWER);
		expect(value).not.toContain(hashToken(VIEWER).slice(7, 30));
		expect(sessions().principal(cookie(value))).toMatchObject({ name: 'ops-wall', role: 'viewer' });
	});

	it('refuses unknown and ingest-only tokens', () => {
		expect(sessions().issue('bom_nope')).toBeNull();
		expect(sessions().issue('bom_sender')).toBeNull();
	});

	it('works for the environment admin token too', () => {
		const s = sessions(entries, loadSessionSecret(dir), () => T0, 'bom_admin');
		expect(s.principal(cookie(s.issue('bom_admin')!))).toMatchObject({ role: 'admin' });
	});

	it('rejects a forged, altered or foreign cookie', () => {
		const value = sessions().issue(VIEWER)!;
		const [name, issued, mac] = value.split('.');
		const forged = [
			`${Buffer.from('sender').toString('base64url')}.${issued}.${mac}`,
			`${name}.${Number(issued) + 1}.${mac}`,
			`${name}.${issued}.${mac.slice(0, -2)}AA`,
			`${value}.x`,
			'garbage'
		];
		for (const f of forged) expect(sessions().principal(cookie(f)), f).toBeNull();
		// Signed under another server's secret.
		expect(sessions(entries, Buffer.alloc(32, 7)).principal(cookie(value))).toBeNull();
	});

	it('ends when the token is rotated or removed, and after its lifetime', () => {
		const value = sessions().issue(VIEWER)!;
		const rotated = [{ ...entries[0], hash: hashToken('bom_new-token') }, entries[1]];
		expect(sessions(rotated).principal(cookie(value))).toBeNull();
		expect(sessions([entries[1]]).principal(cookie(value))).toBeNull();
		const later = (s: number) => sessions(entries, loadSessionSecret(dir), () => T0 + s * 1000);
		expect(later(SESSION_MAX_AGE_S - 60).principal(cookie(value))).not.toBeNull();
		expect(later(SESSION_MAX_AGE_S + 60).principal(cookie(value))).toBeNull();
	});

	it('keeps its secret across restarts, readable by the owner only', () => {
		const a = loadSessionSecret(dir);
		const b = loadSessionSecret(dir);
		expect(a.equals(b)).toBe(true);
		expect(a.length).toBe(32);
		expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
		expect(readFileSync(join(dir, 'session-secret'), 'utf8')).not.toBe('');
	});

	it('reads one cookie out of a header', () => {
		expect(readCookie('a=1; bom_session=x.y.z;b=2', 'bom_session')).toBe('x.y.z');
		expect(readCookie('a=1', 'bom_session')).toBeUndefined();
		expect(readCookie(undefined, 'bom_session')).toBeUndefined();
	});
});
