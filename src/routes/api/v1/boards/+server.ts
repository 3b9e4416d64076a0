import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { scopeBoardList } from '$lib/server/auth';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ locals }) => {
	const scope = scopeOf(requireViewer(locals, 'read boards'));
	const { boards } = getServices();
	return json(scopeBoardList(boards.list(), boards.get, scope));
};
