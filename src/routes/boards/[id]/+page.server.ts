import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { scopeBoard, scopeBoardList, scopeNames } from '$lib/server/auth';
import { boardPageData } from '$lib/server/boards';
import { requirePage, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = (event) => {
	const scope = scopeOf(requirePage(event));
	const { config, boards } = getServices();
	const found = boards.get(event.params.id);
	const board = found && scopeBoard(found, scope);
	// Out of scope reads as absent: a scoped viewer learns nothing about other orgs' boards.
	if (!board) error(404, `no board "${event.params.id}"`);
	const data = boardPageData(config, board);
	// In order, for the n / p keys (next and previous board).
	return { ...data, names: scopeNames(data.names, scope), boardIds: scopeBoardList(boards.list(), boards.get, scope).map((b) => b.id) };
};
