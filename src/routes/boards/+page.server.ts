import type { PageServerLoad } from './$types';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = ({ locals }) => {
	requireViewer(locals);
	return { boards: getServices().boards.list() };
};
