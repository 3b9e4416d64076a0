import { error, json } from '@sveltejs/kit';
import { BadParams, parseSeriesParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';
import { outsideScope } from '$lib/server/auth';
import { InfluxQLError } from '$lib/server/history';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read history'));
	let req;
	try {
		req = parseSeriesParams(url.searchParams, Date.now());
	} catch (err) {
		if (err instanceof BadParams) error(400, err.message);
		throw err;
	}
	const outside = scope && req.components.find((c) => !scope.allows(c));
	if (outside) error(403, outsideScope(scope!, outside));
	try {
		return json(await getServices().history.series(req), { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		// A value InfluxQL cannot carry (the parameters are checked first; this is the backstop).
		if (err instanceof InfluxQLError) error(400, err.message);
		throw err;
	}
};
