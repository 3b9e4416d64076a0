import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = ({ params, locals }) => {
	requireViewer(locals);
	const board = getServices().boards.get(params.id);
	if (!board) error(404, `no board "${params.id}"`);
	return { board };
};
