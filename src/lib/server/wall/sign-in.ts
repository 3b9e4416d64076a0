import { redirect, type RequestEvent } from '@sveltejs/kit';

export function isWallPath(pathname: string): boolean {
	return pathname === '/wall' || pathname.startsWith('/wall/');
}

/**
 * A wall page opened with `?token=`: set the session cookie and send the screen to the same URL
 * without the token, so the secret is not left in the address bar (or in a screenshot of the
 * wall). An invalid token falls through: the page then answers 401/403 with the reason.
 * Only walls: laptop pages keep their `?token=` links working as before (people use /signin).
 * `issue` sets the cookie (long-lived, HttpOnly) and says whether it did.
 */
export function signInWall(event: RequestEvent, issue: (token: string) => boolean): void {
	if (event.request.method !== 'GET' || !isWallPath(event.url.pathname)) return;
	const token = event.url.searchParams.get('token');
	if (!token) return;
	if (!issue(token)) return;
	const clean = new URL(event.url);
	clean.searchParams.delete('token');
	redirect(303, `${clean.pathname}${clean.search}`);
}
