import { json } from '@sveltejs/kit';
import { componentRows } from '$lib/server/live';
import { getServices } from '$lib/server/services';
import type { LatestResponse } from '$lib/protocol/latest';

export function GET() {
	const { config, latest } = getServices();
	const body: LatestResponse = { title: config.title, nowMs: Date.now(), components: componentRows(config, latest.snapshot()) };
	return json(body, { headers: { 'cache-control': 'no-store' } });
}
