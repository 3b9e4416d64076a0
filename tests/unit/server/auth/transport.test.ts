import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { markTransport, TRANSPORT_HEADER } from '../../../../src/lib/server/auth/index.ts';

const req = (headers: Record<string, string>, encrypted = false) => ({ headers: { ...headers }, socket: { encrypted, remoteAddress: '10.0.0.1' } }) as unknown as IncomingMessage;
const trustsNobody = { isSecure: (r: { encrypted?: boolean }) => Boolean(r.encrypted) };

describe('the transport header SvelteKit is told', () => {
	it('overwrites whatever a client sent under its name', () => {
		const r = req({ [TRANSPORT_HEADER]: 'https' });
		markTransport(r, trustsNobody, undefined);
		expect(r.headers[TRANSPORT_HEADER]).toBe('http');
	});

	it('is https for a TLS socket, or when ORIGIN says every browser comes over https', () => {
		const tls = req({}, true);
		markTransport(tls, trustsNobody, undefined);
		expect(tls.headers[TRANSPORT_HEADER]).toBe('https');
		const behind = req({});
		markTransport(behind, trustsNobody, 'https://monitor.example');
		expect(behind.headers[TRANSPORT_HEADER]).toBe('https');
	});
});
