import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Authenticator } from './authenticator.ts';

/**
 * Whether the browser reached us over TLS, for the hooks and for SvelteKit itself. adapter-node
 * guesses `https` for every request unless PROTOCOL_HEADER names a header, and then a form POST
 * from a plain-http page fails SvelteKit's origin check, and a Secure cookie would be set on
 * plain http. So the Node handler, which has the socket, writes the truth into this header
 * (TLS on the socket, or `X-Forwarded-Proto: https` from a trusted proxy), overwriting whatever
 * a client sent under the same name; scripts/serve.ts points PROTOCOL_HEADER at it.
 */
export const TRANSPORT_HEADER = 'x-monitor-proto';

export function markTransport(req: IncomingMessage, auth: Pick<Authenticator, 'isSecure'>, origin = process.env.ORIGIN): void {
	// ORIGIN=https://... (adapter-node's own setting) says every browser comes over TLS.
	const secure = Boolean(origin?.startsWith('https://')) || auth.isSecure({
		encrypted: Boolean((req.socket as TLSSocket).encrypted),
		peer: req.socket.remoteAddress,
		header: (name) => {
			const v = req.headers[name];
			return Array.isArray(v) ? v[0] : v;
		}
	});
	req.headers[TRANSPORT_HEADER] = secure ? 'https' : 'http';
}
