import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { boardPageData } from '$lib/server/boards';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = ({ params, locals }) => {
	requireViewer(locals);
	const { config, boards } = getServices();
	const board = boards.get(params.id);
	if (!board) error(404, `no board "${params.id}"`);
	// In order, for the n / p keys (next and previous board).
	return { ...boardPageData(config, board), boardIds: boards.list().map((b) => b.id) };
};
