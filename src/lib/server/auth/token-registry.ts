import type { TokenEntry } from '../config/index.ts';
import type { Principal } from './principal.ts';
import { hashToken } from './token-hash.ts';

/** Resolves a presented token to its principal. Holds only hashes. */
export class TokenRegistry {
	private readonly byHash = new Map<string, Principal>();

	constructor(entries: readonly TokenEntry[], adminToken?: string) {
		for (const e of entries) {
			this.byHash.set(e.hash, {
				name: e.name,
				role: e.role,
				orgs: e.orgs ? new Set(e.orgs) : undefined,
				components: e.components ? new Set(e.components) : undefined,
				rateLimit: e.rate_limit
			});
		}
		// MONITOR_ADMIN_TOKEN: automation and tests get full rights without editing config.
		if (adminToken) this.byHash.set(hashToken(adminToken), { name: 'admin (MONITOR_ADMIN_TOKEN)', role: 'admin' });
	}

	authenticate(token: string | null): Principal | null {
		if (!token) return null;
		// The lookup is keyed by the SHA-256 of the secret, never the secret itself: how long the
		// comparison takes can only reveal a prefix of a digest, which says nothing about any token.
		return this.byHash.get(hashToken(token)) ?? null;
	}

	get size(): number {
		return this.byHash.size;
	}
}
