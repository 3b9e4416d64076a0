import type { PageServerLoad } from './$types';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = ({ locals }) => {
	requireViewer(locals);
	const { config, pipeline } = getServices();
	return {
		title: config.title,
		timeZone: config.time_zone,
		state: pipeline.latest,
		names: Object.fromEntries(config.components.map((c) => [c.id, c.name]))
	};
};
