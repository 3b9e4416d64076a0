import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { hasRole, type Principal, type ViewScope } from '../auth/index.ts';
import { getServices } from '../services.ts';

/**
 * Role checks for routes, on the server. 401 when nobody is signed in (or the credentials
 * presented are not good), 403 naming the role needed when someone is. Pages send a person
 * who is not signed in to /signin?next=<where they were going> instead.
 * viewer: read; operator: acknowledge, silence, backtest, dead letters, channel tests; admin:
 * config reload, audit log, tokens.
 */

export type Need = 'viewer' | 'operator' | 'admin';

const HOW = 'send Authorization: Token <t>, or sign in at /signin';

export function requireRole(locals: App.Locals, need: Need, what: string): Principal {
	const p = locals.principal;
	if (!p) error(401, locals.authRefusal ? `sign in: ${locals.authRefusal}` : `sign in: this needs the ${need} role (${HOW})`);
	if (!hasRole(p, need)) error(403, `"${p.name}" (role ${p.role}) may not ${what}: this needs the ${need} role${need === 'admin' ? '' : ' or higher'}`);
	return p;
}

/** Every read of data needs at least the viewer role (a token, a session, the proxy's user, or anonymous viewing when the config allows it). */
export function requireViewer(locals: App.Locals, what = 'view data'): Principal {
	return requireRole(locals, 'viewer', what);
}

/** Every change (acknowledge, silence, backtest, test message) needs an operator or admin; viewers only look. */
export function requireOperator(locals: App.Locals, what = 'change alerts'): Principal {
	return requireRole(locals, 'operator', what);
}

/**
 * Dead letters carry messages about any org's components, and a scoped caller does not see them:
 * acting on one by id is for an operator without a scope.
 */
export function requireUnscopedOperator(locals: App.Locals, what: string): Principal {
	const p = requireOperator(locals, what);
	if (scopeOf(p)) error(403, `"${p.name}" is scoped to some orgs or components and may not ${what}: an operator without a scope may`);
	return p;
}

export function requireAdmin(locals: App.Locals, what: string): Principal {
	return requireRole(locals, 'admin', what);
}

/** A page: like requireRole, but someone not signed in is sent to sign in and brought back. */
export function requirePage(event: Pick<RequestEvent, 'locals' | 'url'>, need: Need = 'viewer', what = 'view this page'): Principal {
	if (!event.locals.principal) redirect(303, `/signin?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return requireRole(event.locals, need, what);
}

/** The components the caller may see (null: all). */
export function scopeOf(p: Principal): ViewScope | null {
	return getServices().auth.scopeOf(p);
}
