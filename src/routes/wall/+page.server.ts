import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import { DEFAULT_PLAYLIST, wallPageData } from '$lib/server/wall';

/** /wall: the default playlist (the config's `default`, or overview, pipeline and each stage). */
export const load: PageServerLoad = ({ locals }) => {
	requireViewer(locals);
	const data = wallPageData(getServices(), DEFAULT_PLAYLIST);
	if (!data) error(404, 'no default wall playlist');
	return data;
};
