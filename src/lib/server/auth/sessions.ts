import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Principal } from './principal.ts';
import type { RevocationList } from './revocations.ts';

/**
 * Session cookies for walls and laptops. The cookie holds no secret:
 * `<name>.<issued>.<expires>.<sid>.<mac>`, the MAC an HMAC under a server secret of all of them
 * and the token's current hash. So rotating or removing the token in the config ends every
 * session made from it, a forged or altered cookie fails, several instances sharing the secret
 * agree, and nothing is stored per session but the sign-outs (RevocationList).
 */

export const SESSION_COOKIE = 'bom_session';
/** Chromium caps cookie lifetimes at 400 days; a wall should outlive any shorter limit. */
export const SESSION_MAX_AGE_S = 400 * 86_400;

export type SessionKind = 'wall' | 'person';

/** A token's current hash and principal, looked up by name (the cookie names its token). */
export interface SessionHolder {
	hash: string;
	principal: Principal;
}

export interface Session {
	id: string;
	principal: Principal;
	/** Epoch seconds. */
	issued: number;
	expires: number;
}

export class SessionBook {
	constructor(
		private readonly secret: Buffer,
		private readonly holder: (name: string) => SessionHolder | undefined,
		private readonly revocations: RevocationList,
		private readonly now: () => number = Date.now
	) {}

	/** A cookie value for the token named `name`, valid for `ttlS` seconds. */
	issue(name: string, ttlS: number): { value: string; session: Session } | null {
		const holder = this.holder(name);
		if (!holder) return null;
		const issued = Math.floor(this.now() / 1000);
		const expires = issued + Math.min(Math.max(1, Math.floor(ttlS)), SESSION_MAX_AGE_S);
		const sid = randomBytes(12).toString('base64url');
		const encoded = Buffer.from(name, 'utf8').toString('base64url');
		const value = `${encoded}.${issued}.${expires}.${sid}.${this.mac(name, issued, expires, sid, holder.hash)}`;
		return { value, session: { id: sid, principal: holder.principal, issued, expires } };
	}

	/** The session of a cookie value, or null when malformed, forged, expired, revoked, or its token changed. */
	verify(value: string | undefined): Session | null {
		if (!value) return null;
		const parts = value.split('.');
		if (parts.length !== 5) return null;
		const [encoded, issuedText, expiresText, sid, mac] = parts;
		const issued = Number(issuedText);
		const expires = Number(expiresText);
		if (!encoded || !sid || !mac || !Number.isSafeInteger(issued) || !Number.isSafeInteger(expires)) return null;
		const nowS = this.now() / 1000;
		if (nowS >= expires || expires - issued > SESSION_MAX_AGE_S || issued > nowS + 60) return null;
		const name = Buffer.from(encoded, 'base64url').toString('utf8');
		const holder = this.holder(name);
		if (!holder) return null;
		const expected = Buffer.from(this.mac(name, issued, expires, sid, holder.hash));
		const given = Buffer.from(mac);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
		if (this.revocations.isRevoked(sid, name, issued)) return null;
		return { id: sid, principal: holder.principal, issued, expires };
	}

	/** Ends a session on the server: its cookie is refused from now on, here and after a restart. */
	revoke(value: string | undefined): Session | null {
		const session = this.verify(value);
		if (!session) return null;
		this.revocations.revoke(session.id, session.principal.name, session.issued, session.expires, Math.floor(this.now() / 1000));
		return session;
	}

	private mac(name: string, issued: number, expires: number, sid: string, hash: string): string {
		return createHmac('sha256', this.secret).update(`v2\n${name}\n${issued}\n${expires}\n${sid}\n${hash}`).digest('base64url');
	}
}

/**
 * The server's session secret under the data dir, made on first start (0600). It must survive
 * restarts, or every wall would be signed out by a deploy.
 */
export function loadSessionSecret(dataDir: string): Buffer {
	const file = join(dataDir, 'session-secret');
	if (existsSync(file)) {
		const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
		if (secret.length >= 32) return secret;
	}
	mkdirSync(dirname(file), { recursive: true });
	const secret = randomBytes(32);
	writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
	chmodSync(file, 0o600);
	return secret;
}

/** One cookie's value from a `Cookie:` header (RFC 6265 pairs separated by "; "). */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
	}
	return undefined;
}
