import { error, json } from '@sveltejs/kit';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Dismisses a dead letter (the team has dealt with it another way). */
export const DELETE: RequestHandler = async ({ locals, params }) => {
	requireOperator(locals);
	if (!(await getServices().alerts.dismissDeadLetter(params.id))) error(404, `no dead letter "${params.id}"`);
	return json({ id: params.id });
};
