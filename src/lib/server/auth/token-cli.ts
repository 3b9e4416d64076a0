import type { Config, TokenEntry } from '../config/index.ts';
import { RoleSchema } from '../config/index.ts';
import { generateToken, hashToken } from './token-hash.ts';

export class TokenCliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TokenCliError';
	}
}

const ID = /^[a-z0-9][a-z0-9_-]*$/;

export interface TokenRequest {
	role?: string;
	name?: string;
	/** Comma-separated. */
	orgs?: string;
	components?: string;
	rateLimit?: string;
}

/**
 * What `npm run token -- create` makes: a fresh token, its config entry (hash only) and that
 * entry as one line of YAML. Checked against `config` when given: the name is free, the orgs and
 * components exist (the app would refuse the config otherwise).
 */
export function buildTokenEntry(req: TokenRequest, config?: Config): { token: string; entry: TokenEntry; yaml: string } {
	const role = RoleSchema.safeParse(req.role);
	if (!role.success) throw new TokenCliError(`--role: give one of ${RoleSchema.options.join(', ')}${req.role ? ` (not "${req.role}")` : ''}`);
	const name = req.name?.trim();
	if (!name) throw new TokenCliError('--name: give a name for the token, e.g. --name kim (it shows in acknowledgements and the audit log)');
	const orgs = list(req.orgs, '--orgs');
	const components = list(req.components, '--components');
	let rateLimit: number | undefined;
	if (req.rateLimit !== undefined) {
		rateLimit = Number(req.rateLimit);
		if (!(rateLimit > 0)) throw new TokenCliError(`--rate-limit: points per second, a positive number (not "${req.rateLimit}")`);
	}
	if (config) {
		if (config.auth.tokens.some((t) => t.name === name)) throw new TokenCliError(`--name: the config already has a token named "${name}"; pick another name, or remove the old entry to rotate it`);
		const known = new Set(config.orgs.map((o) => o.id));
		for (const o of orgs ?? []) if (!known.has(o)) throw new TokenCliError(`--orgs: unknown org "${o}" (the config has: ${[...known].join(', ')})`);
		const comps = new Set(config.components.map((c) => c.id));
		for (const c of components ?? []) if (!comps.has(c)) throw new TokenCliError(`--components: unknown component "${c}"`);
	}
	const token = generateToken();
	const entry: TokenEntry = { name, role: role.data, hash: hashToken(token), ...(orgs ? { orgs } : {}), ...(components ? { components } : {}), ...(rateLimit ? { rate_limit: rateLimit } : {}) };
	// JSON strings are YAML flow scalars: a name with spaces or quotes stays one value.
	const parts = [`name: ${JSON.stringify(name)}`, `role: ${entry.role}`, `hash: "${entry.hash}"`];
	if (orgs) parts.push(`orgs: [${orgs.join(', ')}]`);
	if (components) parts.push(`components: [${components.join(', ')}]`);
	if (rateLimit) parts.push(`rate_limit: ${rateLimit}`);
	return { token, entry, yaml: `{ ${parts.join(', ')} }` };
}

function list(text: string | undefined, flag: string): string[] | undefined {
	if (text === undefined) return undefined;
	const items = text.split(',').map((s) => s.trim()).filter(Boolean);
	if (items.length === 0) throw new TokenCliError(`${flag}: a comma-separated list, e.g. ${flag} a,b`);
	for (const i of items) if (!ID.test(i)) throw new TokenCliError(`${flag}: "${i}" is not an id (lower-case letters, digits, "-" and "_")`);
	return items;
}
