import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { boardPageData } from '$lib/server/boards';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** The first page is the overview board: a tile per component, then the flow charts. */
export const load: PageServerLoad = ({ locals }) => {
	requireViewer(locals);
	const { config, boards } = getServices();
	const board = boards.get('overview');
	if (!board) error(404, 'no overview board');
	// In order, for the n / p keys (next and previous board).
	return { ...boardPageData(config, board), boardIds: boards.list().map((b) => b.id) };
};
