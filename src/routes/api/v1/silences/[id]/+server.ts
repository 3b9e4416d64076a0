import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { audited } from '$lib/server/http/audit';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Expires a silence now (a pending one before it starts); 404 when unknown or already expired. */
export const DELETE: RequestHandler = (event) => {
	const { params } = event;
	requireOperator(event.locals, 'expire silences');
	if (!getServices().alerts.expireSilence(params.id)) error(404, `no active or pending silence "${params.id}"`);
	audited(event, 'silence.expire', params.id);
	return json({ id: params.id });
};
