import type { RequestHandler } from './$types';
import { error, json } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ params, locals }) => {
	requireViewer(locals);
	const board = getServices().boards.get(params.id);
	if (!board) error(404, `no board "${params.id}"`);
	return json(board);
};
