import { error, json } from '@sveltejs/kit';
import { requireViewer } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import { reportCsv } from '$lib/server/windows';
import type { RequestHandler } from './$types';

/** One opening's report as JSON, or CSV with ?format=csv (a download). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireViewer(locals, 'read window reports');
	const report = await getServices().windows.report(params.id);
	if (!report) error(404, `no booking window "${params.id}"`);
	if (url.searchParams.get('format') === 'csv')
		return new Response(reportCsv(report), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="window-${report.window.id}.csv"`,
				'cache-control': 'no-store'
			}
		});
	return json(report, { headers: { 'cache-control': 'no-store' } });
};
