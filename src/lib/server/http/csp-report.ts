/**
 * Content-Security-Policy violation reports, as browsers send them: the older `report-uri` form
 * (`application/csp-report`, one `{ "csp-report": {...} }`) and the Reporting API's `report-to`
 * form (`application/reports+json`, an array of `{ type: "csp-violation", body: {...} }`),
 * which Chromium uses when both are declared. A report is evidence that something on a page
 * tried to run or load what the policy forbids, so each is counted and logged; the endpoint is
 * open (browsers send no token), so bodies are small and logging is capped.
 */

/** Bigger than any honest batch (a report is under 2 KB; Chromium batches a few). */
export const CSP_REPORT_MAX_BYTES = 64 * 1024;
/** Reports read from one request; the rest are counted as dropped. */
export const CSP_REPORT_MAX_ITEMS = 50;
/** Longest string kept from a report (URLs, samples) in logs. */
const MAX_FIELD = 300;

export interface CspViolation {
	/** The directive that blocked it, from a fixed list (anything else is "other"), safe as a metric label. */
	directive: string;
	blockedUrl: string;
	documentUrl: string;
	sourceFile: string;
	line: number | null;
	column: number | null;
	/** The first characters of the blocked inline script or style, when the policy asks for them. */
	sample: string;
	disposition: string;
}

export class CspReportError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string,
		/** Metric label for the rejected report. */
		readonly reason: 'too_large' | 'unsupported_type' | 'malformed'
	) {
		super(message);
	}
}

const DIRECTIVES = new Set([
	'default-src',
	'script-src',
	'script-src-elem',
	'script-src-attr',
	'style-src',
	'style-src-elem',
	'style-src-attr',
	'img-src',
	'font-src',
	'connect-src',
	'media-src',
	'object-src',
	'frame-src',
	'child-src',
	'worker-src',
	'manifest-src',
	'base-uri',
	'form-action',
	'frame-ancestors',
	'require-trusted-types-for',
	'trusted-types'
]);

const TYPES = ['application/csp-report', 'application/reports+json', 'application/json'];

/** Parses a report body; throws CspReportError naming what is wrong. */
export function parseCspReports(contentType: string | null, body: string): CspViolation[] {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (!TYPES.includes(type)) throw new CspReportError(415, `content-type must be one of ${TYPES.join(', ')} (got "${type || 'none'}")`, 'unsupported_type');
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch (err) {
		throw new CspReportError(400, `a CSP report must be JSON: ${(err as Error).message}`, 'malformed');
	}
	const items = Array.isArray(parsed) ? parsed : [parsed];
	const out: CspViolation[] = [];
	for (const item of items.slice(0, CSP_REPORT_MAX_ITEMS)) {
		const v = violationOf(item);
		if (v) out.push(v);
	}
	if (out.length === 0) throw new CspReportError(400, 'no CSP violation in the body: expected {"csp-report": {...}} or [{"type": "csp-violation", "body": {...}}]', 'malformed');
	return out;
}

function violationOf(item: unknown): CspViolation | null {
	if (!isObject(item)) return null;
	// report-uri: hyphenated keys under "csp-report".
	if (isObject(item['csp-report'])) {
		const r = item['csp-report'];
		return {
			directive: directiveOf(r['effective-directive'] ?? r['violated-directive']),
			blockedUrl: text(r['blocked-uri']),
			documentUrl: text(r['document-uri']),
			sourceFile: text(r['source-file']),
			line: num(r['line-number']),
			column: num(r['column-number']),
			sample: text(r['script-sample']),
			disposition: text(r.disposition)
		};
	}
	// Reporting API: camelCase keys under "body"; other report types (deprecation, intervention) are not ours.
	if (item.type === 'csp-violation' && isObject(item.body)) {
		const b = item.body;
		return {
			directive: directiveOf(b.effectiveDirective),
			blockedUrl: text(b.blockedURL),
			documentUrl: text(b.documentURL ?? item.url),
			sourceFile: text(b.sourceFile),
			line: num(b.lineNumber),
			column: num(b.columnNumber),
			sample: text(b.sample),
			disposition: text(b.disposition)
		};
	}
	return null;
}

function directiveOf(v: unknown): string {
	const name = typeof v === 'string' ? v.trim().split(/\s+/)[0].toLowerCase() : '';
	return DIRECTIVES.has(name) ? name : 'other';
}

function text(v: unknown): string {
	if (typeof v !== 'string') return '';
	return v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}…` : v;
}

function num(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The body as text, refusing more than `maxBytes` (by Content-Length up front, and while
 * reading, for chunked bodies that do not say).
 */
export async function readLimitedText(request: Request, maxBytes = CSP_REPORT_MAX_BYTES): Promise<string> {
	const tooLarge = () => new CspReportError(413, `a CSP report may be at most ${maxBytes} bytes`, 'too_large');
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			// Not cancel(): adapter-node would destroy the socket before the 413 is written. The
			// route answers with Connection: close, so Node ends the connection after the answer.
			reader.releaseLock();
			throw tooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

interface ViolationCounter {
	inc(labels: { directive: string }, value?: number): void;
}
interface WarnLogger {
	warn(obj: object, msg: string): void;
}

/**
 * Counts every violation and logs them, at most `logPerMinute` lines a minute: a page that
 * trips its policy in a loop, or someone posting reports on purpose, must not flood the log.
 */
export class CspViolationLog {
	private windowStart = 0;
	private logged = 0;
	private suppressed = 0;

	constructor(
		private readonly log: WarnLogger,
		private readonly logPerMinute = 30,
		private readonly now: () => number = Date.now
	) {}

	record(violations: CspViolation[], counter: ViolationCounter): void {
		const t = this.now();
		if (t - this.windowStart >= 60_000) {
			if (this.suppressed > 0) this.log.warn({ suppressed: this.suppressed }, 'CSP violation reports not logged in the last minute (counted in monitor_csp_violations_total)');
			this.windowStart = t;
			this.logged = 0;
			this.suppressed = 0;
		}
		for (const v of violations) {
			counter.inc({ directive: v.directive });
			if (this.logged < this.logPerMinute) {
				this.logged++;
				this.log.warn({ csp: v }, `CSP violation: ${v.directive} blocked ${v.blockedUrl || 'something'} on ${v.documentUrl || 'a page'}`);
			} else this.suppressed++;
		}
	}
}
