import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../helpers/app.ts';

/**
 * The production entry (scripts/serve.ts) over real HTTP: the CSP report endpoint takes both
 * report formats, counts them in /metrics and logs them, refuses what is not a report with a
 * clear error; behind a TLS-ending proxy that adapter-node is told to trust, pages add HSTS and
 * report-to, and over plain HTTP they do not.
 */

let app: RunningApp;

beforeAll(async () => {
	app = await startApp({ env: { PROTOCOL_HEADER: 'x-forwarded-proto' } });
}, 60_000);

afterAll(async () => {
	await app?.close();
});

const REPORT_URI = {
	'csp-report': {
		'document-uri': 'http://127.0.0.1/alerts',
		'effective-directive': 'script-src-elem',
		'violated-directive': 'script-src-elem',
		'blocked-uri': 'inline',
		'line-number': 3,
		'source-file': 'http://127.0.0.1/alerts',
		disposition: 'enforce'
	}
};
const REPORTS_JSON = [
	{ type: 'csp-violation', url: 'http://127.0.0.1/wall', body: { documentURL: 'http://127.0.0.1/wall', blockedURL: 'http://evil.example/x.js', effectiveDirective: 'script-src-elem', disposition: 'enforce' } },
	{ type: 'csp-violation', url: 'http://127.0.0.1/wall', body: { documentURL: 'http://127.0.0.1/wall', blockedURL: 'data', effectiveDirective: 'img-src', disposition: 'enforce' } }
];

const report = (body: BodyInit, type: string, headers: Record<string, string> = {}) =>
	fetch(`${app.url}/api/v1/csp-report`, { method: 'POST', headers: { 'content-type': type, ...headers }, body, duplex: 'half' } as RequestInit);

/**
 * A POST that reads the answer even when the server stops reading the body and closes (as it
 * should for one over the limit), which fetch reports only as a reset.
 */
function rawPost(path: string, headers: Record<string, string>, chunks: string[]): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(`${app.url}${path}`, { method: 'POST', headers }, (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode!, body }));
			res.on('error', () => resolve({ status: res.statusCode!, body }));
		});
		req.on('error', (err) => setTimeout(() => reject(err), 1_000));
		const send = (i: number) => {
			if (i === chunks.length) return void req.end();
			req.write(chunks[i], () => setTimeout(() => send(i + 1), 10));
		};
		send(0);
	});
}

async function metric(name: string): Promise<Record<string, number>> {
	const text = await (await fetch(`${app.url}/metrics`)).text();
	const out: Record<string, number> = {};
	for (const line of text.split('\n')) {
		const m = new RegExp(`^${name}\\{(\\w+)="([^"]*)"\\} (\\S+)$`).exec(line);
		if (m) out[m[2]] = Number(m[3]);
	}
	return out;
}

describe('POST /api/v1/csp-report', () => {
	it('takes a report-uri report without a token, counts and logs it', async () => {
		const res = await report(JSON.stringify(REPORT_URI), 'application/csp-report');
		expect(res.status).toBe(204);
		expect(await metric('monitor_csp_violations_total')).toEqual({ 'script-src-elem': 1 });
		await expect.poll(() => app.output(), { timeout: 5_000 }).toContain('CSP violation: script-src-elem blocked inline on http://127.0.0.1/alerts');
	});

	it('takes a Reporting API batch', async () => {
		const res = await report(JSON.stringify(REPORTS_JSON), 'application/reports+json');
		expect(res.status).toBe(204);
		expect(await metric('monitor_csp_violations_total')).toEqual({ 'script-src-elem': 2, 'img-src': 1 });
	});

	it('refuses a body over 64 KB, declared or streamed', async () => {
		const big = 'x'.repeat(70_000);
		const declared = await rawPost('/api/v1/csp-report', { 'content-type': 'application/csp-report', 'content-length': String(big.length) }, [big]);
		expect(declared.status).toBe(413);
		expect(JSON.parse(declared.body).error).toMatch(/at most 65536 bytes/);
		const streamed = await rawPost('/api/v1/csp-report', { 'content-type': 'application/csp-report', 'transfer-encoding': 'chunked' }, Array.from({ length: 8 }, () => 'x'.repeat(16_384)));
		expect(streamed.status).toBe(413);
	});

	it('names what is wrong with anything else', async () => {
		const xml = await report('<report/>', 'application/xml');
		expect(xml.status).toBe(415);
		expect((await xml.json()).error).toMatch(/content-type must be one of application\/csp-report, application\/reports\+json/);
		const broken = await report('{', 'application/csp-report');
		expect(broken.status).toBe(400);
		expect((await broken.json()).error).toMatch(/must be JSON/);
		expect(await metric('monitor_csp_reports_rejected_total')).toEqual({ too_large: 2, unsupported_type: 1, malformed: 1 });
		// Refused reports are not violations.
		expect(await metric('monitor_csp_violations_total')).toEqual({ 'script-src-elem': 2, 'img-src': 1 });
	});
});

describe('headers by transport', () => {
	const page = (headers: Record<string, string> = {}) => fetch(`${app.url}/?token=${app.adminToken}`, { headers });

	it('over plain HTTP: report-uri only, no HSTS, no reporting endpoint', async () => {
		const res = await page();
		expect(res.status).toBe(200);
		const csp = res.headers.get('content-security-policy')!;
		expect(csp).toMatch(/report-uri \/api\/v1\/csp-report/);
		expect(csp).not.toMatch(/report-to/);
		expect(res.headers.get('strict-transport-security')).toBeNull();
		expect(res.headers.get('reporting-endpoints')).toBeNull();
	});

	it('behind a trusted TLS proxy: HSTS, and report-to beside report-uri', async () => {
		const res = await page({ 'x-forwarded-proto': 'https' });
		expect(res.status).toBe(200);
		const csp = res.headers.get('content-security-policy')!;
		expect(csp).toMatch(/report-uri \/api\/v1\/csp-report; report-to csp$/);
		expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
		expect(res.headers.get('reporting-endpoints')).toBe('csp="/api/v1/csp-report"');
		// The ingest handler, outside SvelteKit, says the same.
		const ingest = await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { 'x-forwarded-proto': 'https' }, body: 'x' });
		expect(ingest.status).toBe(401);
		expect(ingest.headers.get('strict-transport-security')).toMatch(/^max-age=/);
	});

	it('answers socket.io polling with the same headers', async () => {
		const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
		await res.text();
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
	});
});
