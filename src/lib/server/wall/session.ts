import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TokenEntry } from '../config/schema.ts';
import { hashToken, hasRole, type Principal, type TokenRegistry } from '../auth/index.ts';

/**
 * Sessions for wall screens: a viewer token opened once in the URL becomes a long-lived
 * HttpOnly cookie, so the secret leaves the address bar (and the browser history shown on a
 * wall). The cookie holds no secret: `<name>.<issued>.<mac>`, where the MAC is an HMAC under a
 * server secret of the token's name, its issue time and the token's current hash. Rotating or
 * removing the token in the config therefore ends every session made from it, and nothing
 * needs to be stored per session (several instances sharing the secret agree on them).
 */

export const SESSION_COOKIE = 'bom_session';
/** Chromium caps cookie lifetimes at 400 days; a wall should outlive any shorter limit. */
export const SESSION_MAX_AGE_S = 400 * 86_400;

interface Holder {
	hash: string;
	principal: Principal;
}

export class WallSessions {
	private readonly byName = new Map<string, Holder>();

	constructor(
		private readonly secret: Buffer,
		private readonly tokens: Pick<TokenRegistry, 'authenticate'>,
		entries: readonly TokenEntry[],
		adminToken?: string,
		private readonly now: () => number = Date.now
	) {
		for (const e of entries) this.byName.set(e.name, { hash: e.hash, principal: principalOf(e) });
		if (adminToken) {
			const principal = tokens.authenticate(adminToken);
			if (principal) this.byName.set(principal.name, { hash: hashToken(adminToken), principal });
		}
	}

	/** A cookie value for a valid viewer-or-above token, or null (unknown token, ingest-only token). */
	issue(token: string): string | null {
		const principal = this.tokens.authenticate(token);
		if (!principal || !hasRole(principal, 'viewer')) return null;
		const holder = this.byName.get(principal.name);
		if (!holder) return null;
		const issued = Math.floor(this.now() / 1000);
		const name = Buffer.from(principal.name, 'utf8').toString('base64url');
		return `${name}.${issued}.${this.mac(principal.name, issued, holder.hash)}`;
	}

	/** The principal of a `Cookie:` header's session, or null when absent, forged, expired or revoked. */
	principal(cookieHeader: string | undefined): Principal | null {
		const value = readCookie(cookieHeader, SESSION_COOKIE);
		if (!value) return null;
		const [encoded, issuedText, mac, extra] = value.split('.');
		if (extra !== undefined || !encoded || !issuedText || !mac) return null;
		const issued = Number(issuedText);
		if (!Number.isSafeInteger(issued) || this.now() / 1000 - issued > SESSION_MAX_AGE_S) return null;
		const name = Buffer.from(encoded, 'base64url').toString('utf8');
		const holder = this.byName.get(name);
		if (!holder) return null;
		const expected = Buffer.from(this.mac(name, issued, holder.hash));
		const given = Buffer.from(mac);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
		return hasRole(holder.principal, 'viewer') ? holder.principal : null;
	}

	private mac(name: string, issued: number, hash: string): string {
		return createHmac('sha256', this.secret).update(`${name}\n${issued}\n${hash}`).digest('base64url');
	}
}

/** Mirrors TokenRegistry's principals (which are keyed by hash, so cannot be found by name). */
function principalOf(e: TokenEntry): Principal {
	return {
		name: e.name,
		role: e.role,
		orgs: e.orgs ? new Set(e.orgs) : undefined,
		components: e.components ? new Set(e.components) : undefined,
		rateLimit: e.rate_limit
	};
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
