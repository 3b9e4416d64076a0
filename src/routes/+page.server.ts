import { componentRows } from '$lib/server/live';
import { getServices } from '$lib/server/services';
import type { LatestResponse } from '$lib/protocol/latest';

export function load(): LatestResponse {
	const { config, latest } = getServices();
	return { title: config.title, nowMs: Date.now(), components: componentRows(config, latest.snapshot()) };
}
