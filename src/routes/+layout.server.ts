import type { LayoutServerLoad } from './$types';
import { hasRole } from '$lib/server/auth';
import { getServices } from '$lib/server/services';

/** What every page's header shows: the booking window open now, or the next one, for the countdown. */
export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.principal || !hasRole(locals.principal, 'viewer')) return { windows: null };
	const { current, next } = getServices().windows.list();
	return { windows: { current, next } };
};
