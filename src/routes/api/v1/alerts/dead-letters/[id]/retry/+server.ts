import { error, json } from '@sveltejs/kit';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Sends a dead letter again (e.g. after the webhook URL was fixed), with a fresh round of tries. */
export const POST: RequestHandler = async ({ locals, params }) => {
	requireOperator(locals);
	if (!(await getServices().alerts.retryDeadLetter(params.id))) error(404, `no dead letter "${params.id}"`);
	return json({ id: params.id });
};
