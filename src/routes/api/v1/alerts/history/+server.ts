import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { alertHistory } from '$lib/server/alerts/history';
import { alertInScope } from '$lib/server/auth';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { parseHistoryParams } from '$lib/server/http/alert-params';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** Stored alert transitions: `?from&to` (epoch ms, RFC3339 or now-24h; default the last 24 h) and `rule`, `component`, `severity`, `status` (the new status), `limit`. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const scope = scopeOf(requireViewer(locals, 'read alert history'));
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
		const entries = (await alertHistory(query, filter)).filter((e) => alertInScope({ component: e.component, labels: {} }, scope));
		return json({ entries }, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		error(503, `alert history: InfluxDB did not answer (${(err as Error).message})`);
	}
};
