import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Expires a silence now (a pending one before it starts); 404 when unknown or already expired. */
export const DELETE: RequestHandler = ({ locals, params }) => {
	requireOperator(locals);
	if (!getServices().alerts.expireSilence(params.id)) error(404, `no active or pending silence "${params.id}"`);
	return json({ id: params.id });
};
