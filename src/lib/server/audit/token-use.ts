import type { AuditLog } from './audit-log.ts';

/**
 * "Token used" records, at most one per token and action per interval (default a minute): an
 * ingest token sending every second writes one line a minute, not 60. The action is a route id
 * or an endpoint, never a concrete URL, so the set of keys stays small; it is bounded anyway.
 */
export class TokenUseRecorder {
	private readonly last = new Map<string, number>();

	constructor(
		private readonly log: Pick<AuditLog, 'record'>,
		private readonly intervalMs = 60_000,
		private readonly now: () => number = Date.now,
		private readonly maxKeys = 10_000
	) {}

	/** Records the use when it is the first of this token and action in the interval; returns whether it did. */
	used(token: { name: string; role: string }, action: string, ip?: string): boolean {
		const key = `${token.name}\n${action}`;
		const t = this.now();
		const prev = this.last.get(key);
		if (prev !== undefined && t - prev < this.intervalMs) return false;
		if (this.last.size >= this.maxKeys) this.prune(t);
		this.last.set(key, t);
		this.log.record({ time: t, action: 'token.use', actor: token.name, role: token.role, via: 'token', target: action, ip });
		return true;
	}

	private prune(t: number): void {
		for (const [k, at] of this.last) if (t - at >= this.intervalMs) this.last.delete(k);
		// Still full (that many keys in one interval): forget them all rather than grow.
		if (this.last.size >= this.maxKeys) this.last.clear();
	}
}
