import type { RequestEvent } from '@sveltejs/kit';
import type { AuditAction } from '../audit/index.ts';
import { getServices } from '../services.ts';
import { peerOf } from './presented.ts';

/** Writes one audit record for what the signed-in caller of this request just did. */
export function audited(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, action: AuditAction, target?: string, detail?: string): void {
	const p = event.locals.principal;
	getServices().audit.record({
		action,
		actor: p?.name ?? 'anonymous',
		role: p?.role,
		via: event.locals.identity?.via,
		target,
		detail,
		ip: peerOf(event as RequestEvent)
	});
}
