import type { PageServerLoad } from './$types';
import { scopeNames, scopePipeline } from '$lib/server/auth';
import { requirePage, scopeOf } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

export const load: PageServerLoad = (event) => {
	const scope = scopeOf(requirePage(event));
	const { config, pipeline } = getServices();
	return {
		title: config.title,
		timeZone: config.time_zone,
		state: scopePipeline(pipeline.latest, scope),
		names: scopeNames(Object.fromEntries(config.components.map((c) => [c.id, c.name])), scope)
	};
};
