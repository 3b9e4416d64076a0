import { isDeepStrictEqual } from 'node:util';
import { ConfigError, loadConfig } from './load.ts';
import type { Config } from './schema.ts';

/** What a reload did: the keys it applied now, and the changed keys that wait for a restart. */
export interface ReloadResult {
	file: string;
	applied: string[];
	/** Top-level keys whose new value differs from the running one and is not applied live. */
	needsRestart: string[];
}

/** Keys a reload applies without a restart: who may do what. */
export const LIVE_KEYS = ['auth.tokens', 'auth.anonymous_role', 'auth.session_ttl', 'auth.proxy', 'auth.trusted_proxies'] as const;

export class ReloadError extends Error {
	constructor(
		message: string,
		readonly problems: string[],
		readonly status: 400 | 409
	) {
		super(message);
		this.name = 'ReloadError';
	}
}

export interface ReloaderDeps {
	/** The running config; its `auth` is replaced in place, so every reader sees the new one. */
	config: Config;
	file: string | undefined;
	/** Applies the new auth section (tokens, scopes, proxy, anonymous role, session lifetime). */
	applyAuth(next: Config): void;
}

/**
 * Re-reads and validates the config file; when valid, applies its `auth` section at once (a
 * removed token stops working on its next use, a socket on its next event), and names every
 * other changed top-level key as waiting for a restart. An invalid file changes nothing and is
 * answered with every problem and its key path, as at start-up.
 */
export function configReloader(deps: ReloaderDeps): () => ReloadResult {
	return () => {
		if (!deps.file) throw new ReloadError('this app was started without a config file to re-read', [], 409);
		let next: Config;
		try {
			next = loadConfig(deps.file);
		} catch (err) {
			if (err instanceof ConfigError) throw new ReloadError(err.message, err.problems, 400);
			throw err;
		}
		const needsRestart = Object.keys({ ...deps.config, ...next }).filter(
			(k) => k !== 'auth' && !isDeepStrictEqual((deps.config as Record<string, unknown>)[k], (next as Record<string, unknown>)[k])
		);
		// Scopes name components: a token scoped to a component only a restart would add is refused here.
		if (needsRestart.includes('components') || needsRestart.includes('orgs')) {
			const problems = unknownScopeTargets(next, deps.config);
			if (problems.length > 0) throw new ReloadError('the new tokens name orgs or components the running config lacks: restart to apply both', problems, 400);
		}
		deps.applyAuth(next);
		deps.config.auth = next.auth;
		return { file: deps.file, applied: [...LIVE_KEYS], needsRestart };
	};
}

function unknownScopeTargets(next: Config, running: Config): string[] {
	const orgs = new Set(running.orgs.map((o) => o.id));
	const components = new Set(running.components.map((c) => c.id));
	const out: string[] = [];
	next.auth.tokens.forEach((t, i) => {
		t.orgs?.forEach((o) => orgs.has(o) || out.push(`auth.tokens[${i}].orgs: "${o}" is not in the running config`));
		t.components?.forEach((c) => components.has(c) || out.push(`auth.tokens[${i}].components: "${c}" is not in the running config`));
	});
	return out;
}
