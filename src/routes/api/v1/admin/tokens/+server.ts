import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireAdmin } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** The tokens the running config knows: names, roles and scopes, never a hash. Admins only. */
export const GET: RequestHandler = ({ locals }) => {
	requireAdmin(locals, 'list tokens');
	return json({ tokens: getServices().auth.tokens.list() }, { headers: { 'cache-control': 'no-store' } });
};
