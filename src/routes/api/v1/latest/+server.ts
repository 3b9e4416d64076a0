import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { scopeRows } from '$lib/server/auth';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { componentRows } from '$lib/server/live';
import { getServices } from '$lib/server/services';
import type { LatestResponse } from '$lib/protocol/latest';

export const GET: RequestHandler = ({ locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read latest values'));
	const { config, latest } = getServices();
	const body: LatestResponse = { title: config.title, nowMs: Date.now(), components: scopeRows(componentRows(config, latest.snapshot()), scope) };
	return json(body, { headers: { 'cache-control': 'no-store' } });
};
