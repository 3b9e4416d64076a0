import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import type { SilenceInput } from '$lib/server/alerts/notify';
import { silenceInScope } from '$lib/server/auth';
import { requireOperator, requireViewer, scopeOf } from '$lib/server/http/guard';
import { audited } from '$lib/server/http/audit';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read silences'));
	return json(getServices().alerts.silences().filter((s) => silenceInScope(s.matchers, scope)), { headers: { 'cache-control': 'no-store' } });
};

/**
 * `{ matchers, startsAt, endsAt, createdBy?, comment }`; createdBy defaults to the caller's token
 * name. 400 with `issues` (one line per bad key) on bad input.
 */
export const POST: RequestHandler = async (event) => {
	const { request } = event;
	const p = requireOperator(event.locals, 'create silences');
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ message: 'body: a JSON object', issues: ['(top level): expected a JSON object with matchers, startsAt, endsAt, comment'] }, { status: 400 });
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return json({ message: 'body: a JSON object', issues: ['(top level): expected an object'] }, { status: 400 });
	const input = { ...(body as Record<string, unknown>) };
	if (input.createdBy === undefined || input.createdBy === '') input.createdBy = p.name;
	try {
		// Unchecked here on purpose: the silence store validates it and names every bad key.
		const scope = scopeOf(p);
		if (scope && !silenceInScope(Array.isArray(input.matchers) ? input.matchers.map(String) : [], scope))
			return json({ message: `a silence by "${p.name}" must match only components within its scope (component="...")`, issues: ['matchers: names a component outside the scope'] }, { status: 403 });
		const id = getServices().alerts.addSilence(input as unknown as SilenceInput);
		const made = getServices().alerts.silences().find((s) => s.id === id);
		audited(event, 'silence.create', id, made && `${made.matchers.join(', ')} until ${new Date(made.endsAt).toISOString()}: ${made.comment}`);
		return json({ id }, { status: 201 });
	} catch (err) {
		// By name, not instanceof: the services run in the production entry's module graph, not this bundle's.
		if (isSilenceError(err)) return json({ message: err.message, issues: err.issues }, { status: 400 });
		throw err;
	}
};

function isSilenceError(err: unknown): err is Error & { issues: string[] } {
	return err instanceof Error && err.name === 'SilenceError' && Array.isArray((err as { issues?: unknown }).issues);
}
