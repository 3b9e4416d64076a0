import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import type { SilenceInput } from '$lib/server/alerts/notify';
import { requireOperator, requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ locals }) => {
	requireViewer(locals);
	return json(getServices().alerts.silences(), { headers: { 'cache-control': 'no-store' } });
};

/**
 * `{ matchers, startsAt, endsAt, createdBy?, comment }`; createdBy defaults to the caller's token
 * name. 400 with `issues` (one line per bad key) on bad input.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const p = requireOperator(locals);
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
		return json({ id: getServices().alerts.addSilence(input as unknown as SilenceInput) }, { status: 201 });
	} catch (err) {
		// By name, not instanceof: the services run in the production entry's module graph, not this bundle's.
		if (isSilenceError(err)) return json({ message: err.message, issues: err.issues }, { status: 400 });
		throw err;
	}
};

function isSilenceError(err: unknown): err is Error & { issues: string[] } {
	return err instanceof Error && err.name === 'SilenceError' && Array.isArray((err as { issues?: unknown }).issues);
}
