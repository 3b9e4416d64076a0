import type { Handle } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';

/** Resolves the caller once per request; routes check the role they need (src/lib/server/http/guard.ts). */
export const handle: Handle = async ({ event, resolve }) => {
	const header = event.request.headers.get('authorization');
	const token = header?.match(/^(?:Token|Bearer)\s+(.+)$/i)?.[1] ?? event.url.searchParams.get('token') ?? undefined;
	event.locals.principal = getServices().authenticateViewer(token, event.request.headers.get('cookie') ?? undefined);
	return resolve(event);
};
