import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { audited } from '$lib/server/http/audit';
import { clearSessionCookie } from '$lib/server/http/presented';
import { getServices } from '$lib/server/services';

/**
 * Sign-out, a POST only (SvelteKit refuses a cross-site form post, and a link or an image cannot
 * sign anyone out). It ends the session on the server: the cookie is refused from now on, also if
 * someone copied it and also after a restart, and the session's live sockets are dropped.
 */
export const POST: RequestHandler = (event) => {
	const { auth, endSession } = getServices();
	const session = auth.signOut(event.request.headers.get('cookie') ?? undefined);
	clearSessionCookie(event, auth);
	if (session) {
		endSession(session.id);
		event.locals.principal = session.principal;
		event.locals.identity = { principal: session.principal, via: 'session', session: { id: session.id, expires: session.expires } };
		audited(event, 'signout');
	}
	redirect(303, '/signin');
};
