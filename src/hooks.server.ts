import type { Handle } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { signInWall } from '$lib/server/wall';

/** Resolves the caller once per request; routes check the role they need (src/lib/server/http/guard.ts). */
export const handle: Handle = async ({ event, resolve }) => {
	const header = event.request.headers.get('authorization');
	const token = header?.match(/^(?:Token|Bearer)\s+(.+)$/i)?.[1] ?? event.url.searchParams.get('token') ?? undefined;
	event.locals.principal = getServices().authenticateViewer(token, event.request.headers.get('cookie') ?? undefined);
	// A wall opened with ?token= once: the cookie from now on, and the token out of the address bar.
	signInWall(event, (t) => getServices().sessions.issue(t));
	return resolve(event);
};
