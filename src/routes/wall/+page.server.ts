import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requireViewer, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import { DEFAULT_PLAYLIST, wallPageData } from '$lib/server/wall';

/** /wall: the default playlist (the config's `default`, or overview, pipeline and each stage). */
export const load: PageServerLoad = ({ locals }) => {
	// Walls answer 401 rather than sending an unattended screen to a sign-in form: they sign in with ?token= once.
	const p = requireViewer(locals);
	const data = wallPageData(getServices(), DEFAULT_PLAYLIST, scopeOf(p));
	if (!data) error(404, 'no default wall playlist');
	return data;
};
