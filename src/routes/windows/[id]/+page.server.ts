import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { requirePage } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';

/** One opening's report, with the previous opening's for window-over-window comparison. */
export const load: PageServerLoad = async (event) => {
	const { params } = event;
	requirePage(event);
	const { config, windows } = getServices();
	const report = await windows.report(params.id);
	if (!report) error(404, `no booking window "${params.id}"`);
	const previous = report.previous ? await windows.report(report.previous.id) : null;
	const first = config.pipeline.stages[0];
	const queues = config.pipeline.stages.filter((s) => s.kind === 'queue').map((s) => s.id);
	return {
		title: config.title,
		timeZone: config.time_zone,
		report,
		previous,
		stageNames: Object.fromEntries(config.pipeline.stages.map((s) => [s.id, s.name])),
		// What the overlay charts draw: arrivals at the first stage, people queued.
		arrivals: first ? config.components.filter((c) => c.stage === first.id).map((c) => c.id) : [],
		queued: config.components.filter((c) => queues.includes(c.stage)).map((c) => c.id)
	};
};
