import { redirect, type RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE, SESSION_MAX_AGE_S } from './session.ts';

export function isWallPath(pathname: string): boolean {
	return pathname === '/wall' || pathname.startsWith('/wall/');
}

/**
 * A wall page opened with `?token=`: set the session cookie and send the screen to the same URL
 * without the token, so the secret is not left in the address bar (or in a screenshot of the
 * wall). An invalid token falls through: the page then answers 401/403 with the reason.
 * Only walls: laptop pages keep their `?token=` links working as before.
 */
export function signInWall(event: RequestEvent, issue: (token: string) => string | null): void {
	if (event.request.method !== 'GET' || !isWallPath(event.url.pathname)) return;
	const token = event.url.searchParams.get('token');
	if (!token) return;
	const value = issue(token);
	if (!value) return;
	event.cookies.set(SESSION_COOKIE, value, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// SvelteKit would mark it Secure on any host but localhost; a wall on plain http in a closed network still needs it.
		secure: event.url.protocol === 'https:',
		maxAge: SESSION_MAX_AGE_S
	});
	const clean = new URL(event.url);
	clean.searchParams.delete('token');
	redirect(303, `${clean.pathname}${clean.search}`);
}
