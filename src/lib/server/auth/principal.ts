import type { Role } from '../config/index.ts';

/** Who is calling, as far as the monitor cares: a named token with a role and an optional scope. */
export interface Principal {
	name: string;
	role: Role;
	/** Orgs whose components this principal may send or see; absent = all. */
	orgs?: ReadonlySet<string>;
	/** Components this principal may send or see; absent = all. */
	components?: ReadonlySet<string>;
	/** Points per second (ingest); absent = the configured default. */
	rateLimit?: number;
}

const RANK: Record<Role, number> = { viewer: 1, ingest: 1, operator: 2, admin: 3 };

/** Ingest is its own right: senders are not viewers, and viewers cannot send. Admin holds every right. */
export function canIngest(p: Principal): boolean {
	return p.role === 'ingest' || p.role === 'admin';
}

export function hasRole(p: Principal, needed: Exclude<Role, 'ingest'>): boolean {
	if (p.role === 'ingest') return false;
	return RANK[p.role] >= RANK[needed];
}

export function isScoped(p: Principal): boolean {
	return p.orgs !== undefined || p.components !== undefined;
}
