import type { TokenEntry } from '../config/index.ts';
import type { Principal } from './principal.ts';
import { hashesEqual, hashToken } from './token-hash.ts';

interface Held {
	hash: string;
	principal: Principal;
}

/** The name MONITOR_ADMIN_TOKEN's principal goes by (audit records, acknowledgements). */
export const ENV_ADMIN_NAME = 'admin (MONITOR_ADMIN_TOKEN)';

/**
 * Resolves a presented token to its principal. Holds only hashes. `replace` swaps the whole set
 * (a config reload): every holder of this registry (ingest, pages, sockets, sessions) sees the
 * new tokens at once, and a removed token stops working on its next use.
 */
export class TokenRegistry {
	private byHash = new Map<string, Held>();
	private byName = new Map<string, Held>();

	constructor(entries: readonly TokenEntry[], adminToken?: string) {
		this.replace(entries, adminToken);
	}

	replace(entries: readonly TokenEntry[], adminToken?: string): void {
		const byHash = new Map<string, Held>();
		const byName = new Map<string, Held>();
		const add = (held: Held) => {
			byHash.set(held.hash, held);
			byName.set(held.principal.name, held);
		};
		for (const e of entries) add({ hash: e.hash, principal: principalOf(e) });
		// MONITOR_ADMIN_TOKEN: automation and tests get full rights without editing config.
		if (adminToken) add({ hash: hashToken(adminToken), principal: { name: ENV_ADMIN_NAME, role: 'admin' } });
		this.byHash = byHash;
		this.byName = byName;
	}

	authenticate(token: string | null | undefined): Principal | null {
		if (!token) return null;
		// The lookup is keyed by the SHA-256 of the secret, never the secret itself: how long it
		// takes can only reveal a prefix of a digest, which says nothing about any token. The
		// constant-time check after it keeps the rule "secrets are compared in constant time" literal.
		const hash = hashToken(token);
		const held = this.byHash.get(hash);
		return held && hashesEqual(held.hash, hash) ? held.principal : null;
	}

	/** A token's current hash and principal by its name: what a session cookie is checked against. */
	holder(name: string): Held | undefined {
		return this.byName.get(name);
	}

	/** Names, roles and scopes (never hashes): the admin's list of tokens. */
	list(): { name: string; role: Principal['role']; orgs?: string[]; components?: string[] }[] {
		return [...this.byName.values()].map(({ principal: p }) => ({
			name: p.name,
			role: p.role,
			...(p.orgs ? { orgs: [...p.orgs] } : {}),
			...(p.components ? { components: [...p.components] } : {})
		}));
	}

	get size(): number {
		return this.byHash.size;
	}
}

function principalOf(e: TokenEntry): Principal {
	return {
		name: e.name,
		role: e.role,
		orgs: e.orgs ? new Set(e.orgs) : undefined,
		components: e.components ? new Set(e.components) : undefined,
		rateLimit: e.rate_limit
	};
}
