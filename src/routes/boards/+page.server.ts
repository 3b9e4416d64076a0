import type { PageServerLoad } from './$types';
import { scopeBoardList } from '$lib/server/auth';
import { requirePage, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = (event) => {
	const scope = scopeOf(requirePage(event));
	const { boards } = getServices();
	return { boards: scopeBoardList(boards.list(), boards.get, scope) };
};
