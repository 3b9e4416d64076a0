import { json } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The last tick's analysis: every stage in flow order and the bottleneck with its reason. */
export const GET: RequestHandler = ({ locals }) => {
	requireViewer(locals);
	return json(getServices().pipeline.latest, { headers: { 'cache-control': 'no-store' } });
};
