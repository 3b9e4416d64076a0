import { error, json } from '@sveltejs/kit';
import { BadParams, parseSeriesParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';
import { InfluxQLError } from '$lib/server/history';
import { requireViewer } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	requireViewer(locals);
	let req;
	try {
		req = parseSeriesParams(url.searchParams, Date.now());
	} catch (err) {
		if (err instanceof BadParams) error(400, err.message);
		throw err;
	}
	try {
		return json(await getServices().history.series(req), { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		// A value InfluxQL cannot carry (the parameters are checked first; this is the backstop).
		if (err instanceof InfluxQLError) error(400, err.message);
		throw err;
	}
};
