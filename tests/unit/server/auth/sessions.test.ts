import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, loadSessionSecret, readCookie, RevocationList, SESSION_MAX_AGE_S, SessionBook, TokenRegistry } from '../../../../src/lib/server/auth/index.ts';
import type { TokenEntry } from '../../../../src/lib/server/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bom-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VIEWER = 'bom_wall-token-for-the-ops-room';
const entries: TokenEntry[] = [
	{ name: 'ops-wall', role: 'viewer', hash: hashToken(VIEWER) },
	{ name: 'kim', role: 'operator', hash: hashToken('bom_kim') }
];
const T0 = 1_700_000_000_000;
let n = 0;
const revocationFile = () => join(dir, `revoked-${n++}.json`);

function book(opts: { list?: TokenEntry[]; secret?: Buffer; now?: () => number; file?: string; max?: number } = {}) {
	const registry = new TokenRegistry(opts.list ?? entries);
	return new SessionBook(opts.secret ?? loadSessionSecret(dir), (name) => registry.holder(name), new RevocationList(opts.file ?? revocationFile(), opts.max), opts.now ?? (() => T0));
}

describe('session cookies', () => {
	it('name the principal and hold no secret', () => {
		const { value } = book().issue('ops-wall', 3600)!;
		expect(value).not.toContain(VIEWER);
		expect(value).not.toContain(hashToken(VIEWER).slice(7, 30));
		expect(book().verify(value)).toMatchObject({ principal: { name: 'ops-wall', role: 'viewer' } });
	});

	it('are refused when forged, altered, signed under another secret or malformed', () => {
		const { value } = book().issue('ops-wall', 3600)!;
		const [name, issued, expires, sid, mac] = value.split('.');
		const forged = [
			`${Buffer.from('kim').toString('base64url')}.${issued}.${expires}.${sid}.${mac}`,
			`${name}.${Number(issued) - 1}.${expires}.${sid}.${mac}`,
			`${name}.${issued}.${Number(expires) + 3600}.${sid}.${mac}`,
			`${name}.${issued}.${expires}.AAAAAAAAAAAAAAAA.${mac}`,
			`${name}.${issued}.${expires}.${sid}.${mac.slice(0, -2)}AA`,
			`${value}.x`,
			'garbage',
			''
		];
		for (const f of forged) expect(book().verify(f), f).toBeNull();
		expect(book({ secret: Buffer.alloc(32, 7) }).verify(value)).toBeNull();
	});

	it('end when the token is rotated or removed', () => {
		const { value } = book().issue('ops-wall', 3600)!;
		expect(book({ list: [{ ...entries[0], hash: hashToken('bom_new') }, entries[1]] }).verify(value)).toBeNull();
		expect(book({ list: [entries[1]] }).verify(value)).toBeNull();
	});

	it('expire at their lifetime: a laptop session after hours, a wall after 400 days (clock injected)', () => {
		const at = (s: number) => book({ now: () => T0 + s * 1000 });
		const laptop = book().issue('kim', 12 * 3600)!.value;
		expect(at(12 * 3600 - 1).verify(laptop)).not.toBeNull();
		expect(at(12 * 3600).verify(laptop)).toBeNull();
		const wall = book().issue('ops-wall', SESSION_MAX_AGE_S)!.value;
		expect(at(SESSION_MAX_AGE_S - 60).verify(wall)).not.toBeNull();
		expect(at(SESSION_MAX_AGE_S + 60).verify(wall)).toBeNull();
		// A lifetime beyond the longest is cut to it, and a cookie claiming more is refused.
		const long = book().issue('kim', 10 * SESSION_MAX_AGE_S)!.session;
		expect(long.expires - long.issued).toBe(SESSION_MAX_AGE_S);
	});

	it('end on sign-out, for that session only, and stay ended after a restart', () => {
		const file = revocationFile();
		const a = book({ file }).issue('kim', 3600)!.value;
		const b = book({ file }).issue('kim', 3600)!.value;
		expect(book({ file }).revoke(a)).toMatchObject({ principal: { name: 'kim' } });
		expect(book({ file }).verify(a)).toBeNull();
		expect(book({ file }).verify(b)).not.toBeNull();
		// A new book reads the file: what a restarted app does.
		expect(book({ file }).verify(a)).toBeNull();
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).not.toContain('bom_kim');
	});

	it('keep the revocation list bounded without letting a signed-out cookie back in', () => {
		const file = revocationFile();
		let t = T0;
		const clock = () => t;
		const signedOut: string[] = [];
		for (let i = 0; i < 25; i++) {
			t += 1000;
			const value = book({ file, max: 10, now: clock }).issue('kim', 3600)!.value;
			book({ file, max: 10, now: clock }).revoke(value);
			signedOut.push(value);
		}
		const list = new RevocationList(file, 10);
		expect(list.size).toBeLessThanOrEqual(10);
		for (const v of signedOut) expect(book({ file, max: 10, now: clock }).verify(v)).toBeNull();
		// Once a revoked session would have expired anyway, its record goes.
		t += 7200 * 1000;
		const fresh = book({ file, max: 10, now: clock }).issue('kim', 3600)!.value;
		book({ file, max: 10, now: clock }).revoke(fresh);
		expect(new RevocationList(file, 10).size).toBe(1);
	});

	it('refuse to start on a damaged revocation list rather than re-admit signed-out cookies', async () => {
		const file = revocationFile();
		(await import('node:fs')).writeFileSync(file, '{not json');
		expect(() => new RevocationList(file)).toThrow(/unreadable.*fix or delete it/);
	});

	it('keep the server secret across restarts, readable by the owner only', () => {
		expect(loadSessionSecret(dir).equals(loadSessionSecret(dir))).toBe(true);
		expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
	});

	it('read one cookie out of a header', () => {
		expect(readCookie('a=1; bom_session=x.y.z;b=2', 'bom_session')).toBe('x.y.z');
		expect(readCookie('a=1', 'bom_session')).toBeUndefined();
		expect(readCookie(undefined, 'bom_session')).toBeUndefined();
	});
});
