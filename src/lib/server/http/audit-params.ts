import type { AuditQuery } from '../audit/index.ts';
import { AUDIT_ACTIONS } from '../audit/index.ts';
import { BadParams, parseTime } from './series-params.ts';

/** `?limit=&action=&actor=&from=&to=` of GET /api/v1/audit and /admin/audit. `action` may be a prefix ("silence"). */
export function parseAuditParams(search: URLSearchParams, nowMs: number): AuditQuery {
	const q: AuditQuery = {};
	const limit = search.get('limit');
	if (limit !== null && limit !== '') {
		q.limit = Number(limit);
		if (!Number.isInteger(q.limit) || q.limit < 1) throw new BadParams(`limit: "${limit}" is not a positive whole number`);
	}
	const action = search.get('action');
	if (action) {
		if (!AUDIT_ACTIONS.some((a) => a === action || a.startsWith(`${action}.`))) throw new BadParams(`action: "${action}" is none of ${AUDIT_ACTIONS.join(', ')}`);
		q.action = action;
	}
	const actor = search.get('actor');
	if (actor) q.actor = actor;
	const from = search.get('from');
	const to = search.get('to');
	if (from) q.fromMs = parseTime(from, nowMs, 'from');
	if (to) q.toMs = parseTime(to, nowMs, 'to');
	return q;
}
