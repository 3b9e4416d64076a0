import type { RequestHandler } from './$types';
import { error, json } from '@sveltejs/kit';
import { scopeBoard } from '$lib/server/auth';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ params, locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read boards'));
	const found = getServices().boards.get(params.id);
	const board = found && scopeBoard(found, scope);
	if (!board) error(404, `no board "${params.id}"`);
	return json(board);
};
