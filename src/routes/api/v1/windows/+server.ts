import { error, json } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The booking windows around now (current, previous, next), or those overlapping ?from=&to= (epoch ms). */
export const GET: RequestHandler = ({ locals, url }) => {
	requireViewer(locals, 'read booking windows');
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	let range: { from: number; to: number } | undefined;
	if (from !== null || to !== null) {
		range = { from: Number(from), to: Number(to) };
		if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.to < range.from) error(400, 'from and to: epoch ms, from <= to');
		if (range.to - range.from > 366 * 86_400_000) error(400, 'range: at most a year');
	}
	return json(getServices().windows.list(range), { headers: { 'cache-control': 'no-store' } });
};
