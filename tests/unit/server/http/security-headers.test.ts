import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import config from '../../../../svelte.config.js';
import {
	addSecurityHeaders,
	applySecurityHeaders,
	CSP_REPORT_GROUP,
	CSP_REPORT_PATH,
	FALLBACK_CSP,
	isTlsRequest,
	securityHeaders,
	withReportTo
} from '../../../../src/lib/server/http/security-headers.ts';

function request(headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
	const socket = new Socket();
	if (encrypted) Object.assign(socket, { encrypted: true });
	const req = new IncomingMessage(socket);
	req.headers = headers;
	return req;
}

describe('securityHeaders', () => {
	it('sends the usual headers on plain HTTP, without HSTS', () => {
		const h = securityHeaders(false);
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(h['x-frame-options']).toBe('DENY');
		expect(h['cross-origin-opener-policy']).toBe('same-origin');
		expect(h['permissions-policy']).toMatch(/(^|, )camera=\(\)/);
		expect(h['permissions-policy']).toMatch(/(^|, )geolocation=\(\)/);
		expect(h['permissions-policy']).toMatch(/(^|, )microphone=\(\)/);
		expect(h).not.toHaveProperty('strict-transport-security');
		expect(h).not.toHaveProperty('reporting-endpoints');
	});

	it('adds HSTS and the reporting endpoint only over TLS', () => {
		const h = securityHeaders(true);
		expect(h['strict-transport-security']).toMatch(/^max-age=\d{8,}/);
		expect(h['reporting-endpoints']).toBe(`${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`);
	});

	it('does not hand out its own object to be changed', () => {
		securityHeaders(false)['x-frame-options'] = 'ALLOW';
		expect(securityHeaders(false)['x-frame-options']).toBe('DENY');
	});
});

describe('applying them', () => {
	it('sets every header and the fallback CSP on a Node response', () => {
		const set = new Map<string, string>();
		applySecurityHeaders({ setHeader: (k, v) => set.set(k, v) }, false);
		expect(set.get('content-security-policy')).toBe(FALLBACK_CSP);
		expect(set.get('x-content-type-options')).toBe('nosniff');
	});

	it("keeps a page's own CSP and gives the fallback to anything without one", () => {
		const page = new Headers({ 'content-security-policy': "script-src 'self' 'nonce-abc'" });
		addSecurityHeaders(page, false);
		expect(page.get('content-security-policy')).toBe("script-src 'self' 'nonce-abc'");
		const json = new Headers({ 'content-type': 'application/json' });
		addSecurityHeaders(json, false);
		expect(json.get('content-security-policy')).toBe(FALLBACK_CSP);
		expect(json.get('x-frame-options')).toBe('DENY');
	});

	it("adds report-to to a page's policy over TLS only, where Chromium delivers to it", () => {
		const policy = "default-src 'self'; report-uri /api/v1/csp-report";
		const plain = new Headers({ 'content-security-policy': policy });
		addSecurityHeaders(plain, false);
		expect(plain.get('content-security-policy')).toBe(policy);
		const tls = new Headers({ 'content-security-policy': policy });
		addSecurityHeaders(tls, true);
		expect(tls.get('content-security-policy')).toBe(`${policy}; report-to ${CSP_REPORT_GROUP}`);
		expect(tls.get('reporting-endpoints')).toBe(`${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`);
	});

	it('adds report-to once, and only where a report-uri says reports are wanted', () => {
		expect(withReportTo("a; report-uri /x; report-to csp")).toBe('a; report-uri /x; report-to csp');
		expect(withReportTo("default-src 'self'")).toBe("default-src 'self'");
		expect(withReportTo('report-uri /x;')).toBe('report-uri /x; report-to csp');
	});

	it('lets nothing load or frame a non-page response', () => {
		expect(FALLBACK_CSP).toContain("default-src 'none'");
		expect(FALLBACK_CSP).toContain("frame-ancestors 'none'");
	});
});

describe('isTlsRequest', () => {
	const cases: [string, IncomingMessage, NodeJS.ProcessEnv, boolean][] = [
		['plain socket', request(), {}, false],
		['TLS socket', request({}, true), {}, true],
		['x-forwarded-proto without PROTOCOL_HEADER (anyone may send it)', request({ 'x-forwarded-proto': 'https' }), {}, false],
		['x-forwarded-proto trusted through PROTOCOL_HEADER', request({ 'x-forwarded-proto': 'https' }), { PROTOCOL_HEADER: 'X-Forwarded-Proto' }, true],
		['the first of a proxy chain decides', request({ 'x-forwarded-proto': 'http, https' }), { PROTOCOL_HEADER: 'x-forwarded-proto' }, false],
		['trusted header saying http', request({ 'x-forwarded-proto': 'http' }), { PROTOCOL_HEADER: 'x-forwarded-proto' }, false]
	];
	it.each(cases)('%s', (_name, req, env, expected) => {
		expect(isTlsRequest(req, env)).toBe(expected);
	});
});

describe("kit.csp in svelte.config.js", () => {
	const csp = config.kit!.csp!;
	const d = csp.directives!;

	it('uses nonces for rendered pages', () => {
		expect(csp.mode).toBe('auto');
	});

	it('allows no inline or eval script, and nothing from elsewhere', () => {
		for (const key of ['script-src', 'default-src'] as const) {
			expect(d[key]).toEqual(['self']);
		}
		expect(d['script-src-attr']).toBeUndefined();
		expect(d['script-src-elem']).toBeUndefined();
	});

	it('allows inline style only in style attributes', () => {
		expect(d['style-src']).toEqual(['self']);
		expect(d['style-src-attr']).toEqual(['unsafe-inline']);
	});

	it('locks down objects, base, forms and framing', () => {
		expect(d['object-src']).toEqual(['none']);
		expect(d['base-uri']).toEqual(['self']);
		expect(d['form-action']).toEqual(['self']);
		expect(d['frame-ancestors']).toEqual(['none']);
		expect(d['connect-src']).toEqual(['self']);
		expect(d['img-src']).toEqual(['self', 'data:']);
	});

	it('reports to the endpoint, with report-uri (report-to is added over TLS)', () => {
		expect(d['report-uri']).toEqual([CSP_REPORT_PATH]);
		expect(d['report-to']).toBeUndefined();
	});
});
