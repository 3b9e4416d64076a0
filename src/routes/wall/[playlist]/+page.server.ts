import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import { wallPageData, wallPlaylists } from '$lib/server/wall';

/** /wall/<playlist>: one playlist of the config's `wall.playlists`. */
export const load: PageServerLoad = ({ locals, params }) => {
	const p = requireViewer(locals);
	const services = getServices();
	const data = wallPageData(services, params.playlist, scopeOf(p));
	if (!data) error(404, `no wall playlist "${params.playlist}" (there are: ${wallPlaylists(services.config).map((p) => p.id).join(', ')})`);
	return data;
};
