import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Who the caller is, as the server sees it: name, role, how they signed in, scope, and when a session ends. */
export const GET: RequestHandler = ({ locals }) => {
	const id = locals.identity;
	if (!id) error(401, locals.authRefusal ? `sign in: ${locals.authRefusal}` : 'not signed in');
	const p = id.principal;
	return json(
		{
			name: p.name,
			role: p.role,
			via: id.via,
			orgs: p.orgs ? [...p.orgs] : null,
			components: p.components ? [...p.components] : null,
			expiresAt: id.session ? id.session.expires * 1000 : null
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
