import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** Sends a sample message to one channel now (no retries) and says what the service answered. */
export const POST: RequestHandler = async ({ locals, params }) => {
	requireOperator(locals);
	const { alerts } = getServices();
	if (!alerts.channelList().some((c) => c.id === params.id)) error(404, `no channel "${params.id}" in the config's channels`);
	return json(await alerts.testChannel(params.id));
};
