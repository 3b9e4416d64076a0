import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { LANG_PARAM, toLocale } from '$lib/i18n';
import { defineServerStrategies } from '$lib/i18n/strategies';
import { cookieMaxAge, cookieName } from '$lib/paraglide/runtime.js';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { getServices } from '$lib/server/services';
import { presentedOf, setSessionCookie } from '$lib/server/http/presented';
import { signInWall } from '$lib/server/wall';
import { securityHeadersHandle } from '$lib/server/http/security-handle';

defineServerStrategies();

/**
 * Resolves the caller once per request (token, trusted proxy header, session cookie, anonymous
 * role: src/lib/server/auth/authenticator.ts); routes check the role they need
 * (src/lib/server/http/guard.ts).
 */
const authenticate: Handle = async ({ event, resolve }) => {
	const { auth, tokenUse, audit } = getServices();
	const presented = presentedOf(event);
	const outcome = auth.identify(presented);
	event.locals.identity = outcome?.ok ? outcome.identity : null;
	event.locals.principal = outcome?.ok ? outcome.identity.principal : null;
	event.locals.authRefusal = outcome && !outcome.ok ? outcome.reason : null;
	// A token on a request is "token use" for the audit log: by route, first use a minute.
	if (outcome?.ok && outcome.identity.via === 'token') tokenUse.used(outcome.identity.principal, `${event.request.method} ${event.route.id ?? '(no route)'}`, presented.peer);
	// A wall opened with ?token= once: the cookie from now on, and the token out of the address bar.
	signInWall(event, (t) => {
		const issued = auth.signIn(t, 'wall');
		if (!issued) return false;
		setSessionCookie(event, auth, issued.value, issued.maxAgeS);
		const p = issued.session.principal;
		audit.record({ action: 'signin', actor: p.name, role: p.role, via: 'session', target: event.url.pathname, detail: `wall session until ${new Date(issued.session.expires * 1000).toISOString()}`, ip: presented.peer });
		return true;
	});
	return resolve(event);
};

/**
 * Pages render in the request's language (?lang=, cookie, Accept-Language: Paraglide's strategy,
 * src/lib/i18n/strategies.ts), which <html lang> then carries to the browser. API routes answer
 * in data, not prose, and skip it: the middleware clones the request, which a large POST would pay for.
 */
const localize: Handle = ({ event, resolve }) => {
	if (event.url.pathname.startsWith('/api/')) return resolve(event);
	// A wall opened once with ?lang=ko keeps Korean after the address loses it (a reload, a deploy).
	const pinned = toLocale(event.url.searchParams.get(LANG_PARAM));
	if (pinned) event.cookies.set(cookieName, pinned, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:' });
	return paraglideMiddleware(event.request, ({ locale }) =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) })
	);
};

export const handle = sequence(securityHeadersHandle, authenticate, localize);
