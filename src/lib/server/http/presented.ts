import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE, TRANSPORT_HEADER, type Authenticator, type Presented } from '../auth/index.ts';

/** A SvelteKit request's credentials in the auth module's terms (src/lib/server/auth/authenticator.ts). */
export function presentedOf(event: RequestEvent): Presented {
	const h = event.request.headers;
	const token = h.get('authorization')?.match(/^(?:Token|Bearer)\s+(.+)$/i)?.[1] ?? event.url.searchParams.get('token') ?? undefined;
	return {
		token: token || undefined,
		cookie: h.get('cookie') ?? undefined,
		header: (name) => h.get(name) ?? undefined,
		peer: peerOf(event),
		// Set by the Node handler from the socket (and a trusted proxy's X-Forwarded-Proto): src/lib/server/auth/transport.ts.
		encrypted: h.get(TRANSPORT_HEADER) === 'https'
	};
}

/** The TCP peer (adapter-node reads the socket unless ADDRESS_HEADER is set, which this app never asks for). */
export function peerOf(event: RequestEvent): string | undefined {
	try {
		return event.getClientAddress();
	} catch {
		return undefined;
	}
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the browser came over TLS (itself or via a trusted proxy). */
export function setSessionCookie(event: RequestEvent, auth: Authenticator, value: string, maxAgeS: number): void {
	event.cookies.set(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: auth.isSecure(presentedOf(event)), maxAge: maxAgeS });
}

export function clearSessionCookie(event: RequestEvent, auth: Authenticator): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: auth.isSecure(presentedOf(event)) });
}

/**
 * Where to go after sign-in: a path on this site only. Anything else (another origin,
 * `//evil.example`, `/\evil`, a scheme) becomes `/`, so /signin cannot be used to bounce people
 * to a look-alike page.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	try {
		const base = 'http://monitor.invalid';
		const u = new URL(next, base);
		if (u.origin !== base) return '/';
		if (u.pathname === '/signin' || u.pathname === '/signout') return '/';
		return `${u.pathname}${u.search}${u.hash}`;
	} catch {
		return '/';
	}
}
