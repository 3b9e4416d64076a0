import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { audited } from '$lib/server/http/audit';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Sends a sample message to one channel now (no retries) and says what the service answered. */
export const POST: RequestHandler = async (event) => {
	requireOperator(event.locals, 'send test messages');
	const { alerts } = getServices();
	const id = event.params.id;
	if (!alerts.channelList().some((c) => c.id === id)) error(404, `no channel "${id}" in the config's channels`);
	const result = await alerts.testChannel(id);
	audited(event, 'channel.test', id, result.ok ? 'delivered' : `failed: ${result.error ?? ''}`.trim());
	return json(result);
};
