import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { scopeBoard, scopeBoardList, scopeNames } from '$lib/server/auth';
import { boardPageData } from '$lib/server/boards';
import { requirePage, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** The first page is the overview board: a tile per component, then the flow charts. */
export const load: PageServerLoad = (event) => {
	const scope = scopeOf(requirePage(event));
	const { config, boards } = getServices();
	const overview = boards.get('overview');
	const board = overview && scopeBoard(overview, scope);
	if (!board) error(404, overview ? 'the overview shows nothing within your scope' : 'no overview board');
	const data = boardPageData(config, board);
	// In order, for the n / p keys (next and previous board).
	return { ...data, names: scopeNames(data.names, scope), boardIds: scopeBoardList(boards.list(), boards.get, scope).map((b) => b.id) };
};
