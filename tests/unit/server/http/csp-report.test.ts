import { describe, expect, it } from 'vitest';
import { CSP_REPORT_MAX_ITEMS, CspReportError, CspViolationLog, parseCspReports, readLimitedText } from '../../../../src/lib/server/http/csp-report.ts';

/** What Chromium sends for report-uri (one violation) and for report-to (a batch). */
const REPORT_URI_BODY = JSON.stringify({
	'csp-report': {
		'document-uri': 'http://127.0.0.1:3000/alerts',
		referrer: '',
		'violated-directive': 'script-src-elem',
		'effective-directive': 'script-src-elem',
		'original-policy': "default-src 'self'; script-src 'self' 'nonce-abc'",
		disposition: 'enforce',
		'blocked-uri': 'inline',
		'line-number': 12,
		'column-number': 5,
		'source-file': 'http://127.0.0.1:3000/alerts',
		'status-code': 200,
		'script-sample': ''
	}
});
const REPORTS_JSON_BODY = JSON.stringify([
	{
		age: 3,
		type: 'csp-violation',
		url: 'http://127.0.0.1:3000/wall',
		user_agent: 'Chromium',
		body: { documentURL: 'http://127.0.0.1:3000/wall', blockedURL: 'eval', effectiveDirective: 'script-src', disposition: 'enforce', lineNumber: 1, columnNumber: 2, sourceFile: 'http://127.0.0.1:3000/_app/x.js', sample: '', statusCode: 200 }
	},
	{ type: 'deprecation', url: 'http://127.0.0.1:3000/wall', body: { id: 'x', message: 'not ours' } }
]);

describe('parseCspReports', () => {
	it('reads the report-uri form', () => {
		expect(parseCspReports('application/csp-report', REPORT_URI_BODY)).toEqual([
			{ directive: 'script-src-elem', blockedUrl: 'inline', documentUrl: 'http://127.0.0.1:3000/alerts', sourceFile: 'http://127.0.0.1:3000/alerts', line: 12, column: 5, sample: '', disposition: 'enforce' }
		]);
	});

	it('reads the Reporting API form and skips reports of other types', () => {
		const v = parseCspReports('application/reports+json', REPORTS_JSON_BODY);
		expect(v).toHaveLength(1);
		expect(v[0]).toMatchObject({ directive: 'script-src', blockedUrl: 'eval', documentUrl: 'http://127.0.0.1:3000/wall', line: 1 });
	});

	it('accepts a charset parameter and plain application/json', () => {
		expect(parseCspReports('application/csp-report; charset=utf-8', REPORT_URI_BODY)).toHaveLength(1);
		expect(parseCspReports('application/json', REPORT_URI_BODY)).toHaveLength(1);
	});

	it('labels an unknown directive "other", so a sender cannot grow the metric', () => {
		const body = JSON.stringify({ 'csp-report': { 'effective-directive': `x-${'a'.repeat(50)}`, 'blocked-uri': 'inline' } });
		expect(parseCspReports('application/csp-report', body)[0].directive).toBe('other');
	});

	it('cuts long strings', () => {
		const body = JSON.stringify({ 'csp-report': { 'effective-directive': 'img-src', 'blocked-uri': `http://x/${'a'.repeat(5000)}` } });
		expect(parseCspReports('application/csp-report', body)[0].blockedUrl.length).toBeLessThanOrEqual(301);
	});

	it('reads at most a fixed number of reports from one request', () => {
		const one = JSON.parse(REPORTS_JSON_BODY)[0];
		const body = JSON.stringify(Array.from({ length: 500 }, () => one));
		expect(parseCspReports('application/reports+json', body)).toHaveLength(CSP_REPORT_MAX_ITEMS);
	});

	const bad: [string, string | null, string, number, RegExp][] = [
		['no content type', null, REPORT_URI_BODY, 415, /content-type must be one of application\/csp-report/],
		['a form post', 'application/x-www-form-urlencoded', 'a=1', 415, /got "application\/x-www-form-urlencoded"/],
		['not JSON', 'application/csp-report', '{nope', 400, /must be JSON/],
		['JSON without a violation', 'application/reports+json', '[{"type":"deprecation","body":{}}]', 400, /no CSP violation/],
		['a bare string', 'application/csp-report', '"x"', 400, /no CSP violation/]
	];
	it.each(bad)('refuses %s with a clear error', (_name, type, body, status, message) => {
		let error: unknown;
		try {
			parseCspReports(type, body);
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(CspReportError);
		expect((error as CspReportError).status).toBe(status);
		expect((error as Error).message).toMatch(message);
	});
});

describe('readLimitedText', () => {
	it('reads a body within the limit', async () => {
		expect(await readLimitedText(new Request('http://x/', { method: 'POST', body: 'hello' }), 10)).toBe('hello');
	});

	it('refuses a declared Content-Length over the limit before reading', async () => {
		const req = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20), headers: { 'content-length': '20' } });
		await expect(readLimitedText(req, 10)).rejects.toMatchObject({ status: 413, reason: 'too_large' });
	});

	it('refuses a streamed body that grows over the limit', async () => {
		const stream = new ReadableStream<Uint8Array>({
			pull(c) {
				c.enqueue(new Uint8Array(8));
			}
		});
		const req = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
		await expect(readLimitedText(req, 100)).rejects.toThrow(/at most 100 bytes/);
	});
});

describe('CspViolationLog', () => {
	const violation = parseCspReports('application/csp-report', REPORT_URI_BODY)[0];

	it('counts every violation but logs at most N a minute, then says how many it left out', () => {
		const lines: { obj: object; msg: string }[] = [];
		const counted: string[] = [];
		let t = 0;
		const log = new CspViolationLog({ warn: (obj, msg) => lines.push({ obj, msg }) }, 3, () => t);
		const counter = { inc: (l: { directive: string }) => void counted.push(l.directive) };
		log.record(Array.from({ length: 10 }, () => violation), counter);
		expect(counted).toHaveLength(10);
		expect(lines).toHaveLength(3);
		expect(lines[0].msg).toBe('CSP violation: script-src-elem blocked inline on http://127.0.0.1:3000/alerts');
		t = 60_000;
		log.record([violation], counter);
		expect(lines[3].obj).toEqual({ suppressed: 7 });
		expect(lines).toHaveLength(5);
		expect(counted).toHaveLength(11);
	});
});
