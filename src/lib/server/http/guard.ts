import { error } from '@sveltejs/kit';
import { hasRole, type Principal } from '../auth/index.ts';

/** Every read of data needs at least the viewer role (a token, or anonymous viewing when the config allows it). */
export function requireViewer(locals: App.Locals): Principal {
	const p = locals.principal;
	if (!p) error(401, 'sign in: send a viewer token (Authorization: Token <t>, or ?token= once)');
	if (!hasRole(p, 'viewer')) error(403, `token "${p.name}" (role ${p.role}) may not view data`);
	return p;
}

/** Every change (acknowledge, silence, test message) needs an operator or admin; viewers only look. */
export function requireOperator(locals: App.Locals): Principal {
	const p = locals.principal;
	if (!p) error(401, 'sign in: send an operator token (Authorization: Token <t>, or ?token= once)');
	if (!hasRole(p, 'operator')) error(403, `token "${p.name}" (role ${p.role}) may not change alerts: an operator or admin token may`);
	return p;
}
