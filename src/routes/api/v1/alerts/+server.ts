import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { alertsView } from '$lib/server/http/alert-scope';
import { parseAlertFilter } from '$lib/server/http/alert-params';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** Everything the alerts page shows but the history: alerts (optionally `?filter=` by label matchers), silences, channels, dead letters. */
export const GET: RequestHandler = ({ locals, url }) => {
	const scope = scopeOf(requireViewer(locals, 'read alerts'));
	let keep: (labels: Record<string, string>) => boolean;
	try {
		keep = parseAlertFilter(url.searchParams.get('filter'));
	} catch (err) {
		if (err instanceof BadParams) error(400, err.message);
		throw err;
	}
	const { alerts } = getServices();
	return json(alertsView(alerts, scope, keep), { headers: { 'cache-control': 'no-store' } });
};
