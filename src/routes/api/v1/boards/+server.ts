import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = ({ locals }) => {
	requireViewer(locals);
	return json(getServices().boards.list());
};
