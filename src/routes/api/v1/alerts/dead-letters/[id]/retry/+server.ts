import { error, json } from '@sveltejs/kit';
import { audited } from '$lib/server/http/audit';
import { requireUnscopedOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Sends a dead letter again (e.g. after the webhook URL was fixed), with a fresh round of tries. */
export const POST: RequestHandler = async (event) => {
	requireUnscopedOperator(event.locals, 'retry dead letters');
	if (!(await getServices().alerts.retryDeadLetter(event.params.id))) error(404, `no dead letter "${event.params.id}"`);
	audited(event, 'deadletter.retry', event.params.id);
	return json({ id: event.params.id });
};
