import { json } from '@sveltejs/kit';
import { CspReportError, CspViolationLog, parseCspReports, readLimitedText } from '$lib/server/http/csp-report';
import { childLogger } from '$lib/server/observability';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

const violations = new CspViolationLog(childLogger('csp'));

/**
 * Where browsers report what the Content-Security-Policy blocked (report-uri and report-to).
 * No token: browsers send reports on their own. 204 when counted; a clear 4xx otherwise.
 */
export const POST: RequestHandler = async ({ request }) => {
	const { metrics } = getServices();
	try {
		const body = await readLimitedText(request);
		violations.record(parseCspReports(request.headers.get('content-type'), body), metrics.cspViolations);
		return new Response(null, { status: 204 });
	} catch (err) {
		if (!(err instanceof CspReportError)) throw err;
		metrics.cspReportsRejected.inc({ reason: err.reason });
		// Over the limit, the rest of the body is not read: close rather than keep the connection.
		return json({ error: err.message }, { status: err.status, headers: err.status === 413 ? { connection: 'close' } : {} });
	}
};
