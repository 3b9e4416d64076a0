import type { LayoutServerLoad } from './$types';
import { hasRole } from '$lib/server/auth';
import { getServices } from '$lib/server/services';

/**
 * What every page's header shows: the booking window open now, or the next one, for the
 * countdown; who is signed in (and whether they can sign out here: a session, not a proxy's user
 * or a token in the URL); the admin link for admins only.
 */
export const load: LayoutServerLoad = ({ locals }) => {
	const p = locals.principal;
	const via = locals.identity?.via;
	const user = p && via !== 'anonymous' ? { name: p.name, role: p.role, canSignOut: via === 'session' } : null;
	const nav = { user, isAdmin: p !== null && hasRole(p, 'admin'), canSignIn: !p || via === 'anonymous' };
	if (!p || !hasRole(p, 'viewer')) return { windows: null, ...nav };
	const { current, next } = getServices().windows.list();
	return { windows: { current, next }, ...nav };
};
