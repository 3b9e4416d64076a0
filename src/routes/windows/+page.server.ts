import type { PageServerLoad } from './$types';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** The schedule around now: recent openings with their reports, the one open, the next. */
export const load: PageServerLoad = ({ locals }) => {
	requireViewer(locals);
	const { config, windows } = getServices();
	return { title: config.title, timeZone: config.time_zone, schedule: windows.list() };
};
