import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { parseAuditParams } from '$lib/server/http/audit-params';
import { requireAdmin } from '$lib/server/http/guard';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** The audit log, newest first: `?limit=` (default 200, at most 5000), `action=` (or a prefix: `silence`), `actor=`, `from=`, `to=`. Admins only. */
export const GET: RequestHandler = ({ locals, url }) => {
	requireAdmin(locals, 'read the audit log');
	try {
		return json({ records: getServices().audit.read(parseAuditParams(url.searchParams, Date.now())) }, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		if (err instanceof BadParams) error(400, err.message);
		throw err;
	}
};
