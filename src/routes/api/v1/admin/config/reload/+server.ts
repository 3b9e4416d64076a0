import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireAdmin } from '$lib/server/http/guard';
import { reloadConfig } from '$lib/server/http/reload';

/**
 * Re-reads and validates the config file and applies its auth section (tokens, scopes, proxy,
 * anonymous role, session lifetime) without a restart; other changed keys are listed as waiting
 * for one. 400 with every problem when the file is invalid (nothing changes then).
 */
export const POST: RequestHandler = (event) => {
	requireAdmin(event.locals, 'reload the config');
	const out = reloadConfig(event);
	if (out.ok) return json(out.result);
	return json({ message: out.message, problems: out.problems }, { status: out.status });
};
