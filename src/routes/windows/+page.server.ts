import type { PageServerLoad } from './$types';
import { requirePage } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** The schedule around now: recent openings with their reports, the one open, the next. */
export const load: PageServerLoad = (event) => {
	requirePage(event);
	const { config, windows } = getServices();
	return { title: config.title, timeZone: config.time_zone, schedule: windows.list() };
};
