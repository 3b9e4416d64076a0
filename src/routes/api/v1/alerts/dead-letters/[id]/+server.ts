import { error, json } from '@sveltejs/kit';
import { audited } from '$lib/server/http/audit';
import { requireUnscopedOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Dismisses a dead letter (the team has dealt with it another way). */
export const DELETE: RequestHandler = async (event) => {
	requireUnscopedOperator(event.locals, 'dismiss dead letters');
	if (!(await getServices().alerts.dismissDeadLetter(event.params.id))) error(404, `no dead letter "${event.params.id}"`);
	audited(event, 'deadletter.dismiss', event.params.id);
	return json({ id: event.params.id });
};
