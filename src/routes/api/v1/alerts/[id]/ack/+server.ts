import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Acknowledge: stops repeat messages (not the resolve); `by` is the caller's token name. Body `{ comment? }`. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const p = requireOperator(locals);
	const body = await readBody(request);
	const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment.trim() : undefined;
	const alert = getServices().alerts.acknowledge(params.id, p.name, comment);
	if (!alert) error(404, `no alert "${params.id}" (resolved alerts leave the list after a while)`);
	return json(alert);
};

export const DELETE: RequestHandler = ({ locals, params }) => {
	requireOperator(locals);
	const alert = getServices().alerts.unacknowledge(params.id);
	if (!alert) error(404, `no alert "${params.id}"`);
	return json(alert);
};

async function readBody(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (!text.trim()) return {};
	try {
		const body = JSON.parse(text);
		if (body && typeof body === 'object' && !Array.isArray(body)) return body;
	} catch {
		// reported below
	}
	error(400, 'body: a JSON object such as {"comment": "looking into it"}');
}
