import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { durationMs } from '$lib/server/config';
import { audited } from '$lib/server/http/audit';
import { peerOf, safeNext, setSessionCookie } from '$lib/server/http/presented';
import { getServices } from '$lib/server/services';

/** Laptop sign-in: a personal token, pasted once, becomes a session cookie (auth.session_ttl). */
export const load: PageServerLoad = ({ locals, url }) => {
	const { config } = getServices();
	const p = locals.principal;
	return {
		next: safeNext(url.searchParams.get('next')),
		hours: Math.round((durationMs(config.auth.session_ttl) / 3_600_000) * 10) / 10,
		signedIn: p && locals.identity?.via !== 'anonymous' ? { name: p.name, role: p.role } : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { auth, audit } = getServices();
		const form = await event.request.formData();
		const token = String(form.get('token') ?? '').trim();
		const next = safeNext(String(form.get('next') ?? ''));
		const ip = peerOf(event);
		if (!auth.mayAttempt(ip)) return fail(429, { error: 'rate' as const, next });
		if (!token) return fail(400, { error: 'missing' as const, next });
		const issued = auth.signIn(token, 'person');
		if (!issued) {
			// Never the token, not even a part of it: only that a sign-in was refused, and why.
			const known = auth.tokens.authenticate(token);
			audit.record({ action: 'signin.refused', actor: known?.name ?? 'unknown', role: known?.role, ip, detail: known ? 'ingest-only token' : 'unknown token' });
			return fail(known ? 403 : 401, { error: known ? ('ingest' as const) : ('invalid' as const), next });
		}
		setSessionCookie(event, auth, issued.value, issued.maxAgeS);
		event.locals.principal = issued.session.principal;
		event.locals.identity = { principal: issued.session.principal, via: 'session', session: { id: issued.session.id, expires: issued.session.expires } };
		audited(event, 'signin', undefined, `session until ${new Date(issued.session.expires * 1000).toISOString()}`);
		redirect(303, next);
	}
};
