import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { alertHistory } from '$lib/server/alerts/history';
import { requireViewer } from '$lib/server/http/guard';
import { parseHistoryParams } from '$lib/server/http/alert-params';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** Stored alert transitions: `?from&to` (epoch ms, RFC3339 or now-24h; default the last 24 h) and `rule`, `component`, `severity`, `status` (the new status), `limit`. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireViewer(locals);
	let filter;
	try {
		filter = parseHistoryParams(url.searchParams, Date.now());
	} catch (err) {
		if (err instanceof BadParams) error(400, err.message);
		throw err;
	}
	const { query } = getServices();
	if (!query) error(503, 'alert history is not available: the app runs without a query runner for InfluxDB');
	try {
		return json({ entries: await alertHistory(query, filter) }, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		error(503, `alert history: InfluxDB did not answer (${(err as Error).message})`);
	}
};
