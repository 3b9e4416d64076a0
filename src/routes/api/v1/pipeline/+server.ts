import { json } from '@sveltejs/kit';
import { scopePipeline } from '$lib/server/auth';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The last tick's analysis: every stage in flow order and the bottleneck with its reason. */
export const GET: RequestHandler = ({ locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read the pipeline'));
	return json(scopePipeline(getServices().pipeline.latest, scope), { headers: { 'cache-control': 'no-store' } });
};
