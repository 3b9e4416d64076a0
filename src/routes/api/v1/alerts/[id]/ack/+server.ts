import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { alertInScope, outsideScope } from '$lib/server/auth';
import { audited } from '$lib/server/http/audit';
import { requireOperator, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Acknowledge: stops repeat messages (not the resolve); `by` is the caller's name. Body `{ comment? }`. */
export const POST: RequestHandler = async (event) => {
	const { params, request } = event;
	const p = requireOperator(event.locals, 'acknowledge alerts');
	const body = await readBody(request);
	const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment.trim() : undefined;
	inScope(p, params.id);
	const alert = getServices().alerts.acknowledge(params.id, p.name, comment);
	if (!alert) error(404, `no alert "${params.id}" (resolved alerts leave the list after a while)`);
	audited(event, 'alert.ack', params.id, comment);
	return json(alert);
};

export const DELETE: RequestHandler = (event) => {
	const { params } = event;
	const p = requireOperator(event.locals, 'remove acknowledgements');
	inScope(p, params.id);
	const alert = getServices().alerts.unacknowledge(params.id);
	if (!alert) error(404, `no alert "${params.id}"`);
	audited(event, 'alert.unack', params.id);
	return json(alert);
};

/** A scoped operator acts on its own components' alerts only. */
function inScope(p: App.Locals['principal'] & object, id: string): void {
	const scope = scopeOf(p);
	const alert = scope && getServices().alerts.list().find((a) => a.id === id);
	if (scope && alert && !alertInScope(alert, scope)) error(403, outsideScope(scope, alert.component ?? alert.labels.component ?? '(none)'));
}

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
