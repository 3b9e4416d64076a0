import type { IncomingMessage } from 'node:http';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { addSecurityHeaders, isTlsRequest } from './security-headers.ts';

/**
 * The security headers on everything SvelteKit answers (pages, API, errors), for deployments
 * that serve build/ without our Node entry too. A response whose headers are frozen (one an
 * endpoint passed through from fetch) is copied, not left bare.
 */
export const securityHeadersHandle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const tls = overTls(event);
	try {
		addSecurityHeaders(response.headers, tls);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		addSecurityHeaders(copy.headers, tls);
		return copy;
	}
};

/**
 * adapter-node calls every request https:// unless ORIGIN or PROTOCOL_HEADER says otherwise, so
 * event.url cannot tell; its platform.req (the Node request) can. Vite dev knows its own protocol.
 */
function overTls(event: RequestEvent): boolean {
	const req = (event.platform as { req?: IncomingMessage } | undefined)?.req;
	return req ? isTlsRequest(req) : event.url.protocol === 'https:';
}
