import type { IncomingMessage } from 'node:http';

/**
 * The headers every response carries, pages, API, ingest and static files alike: one list, used
 * by the SvelteKit handle (src/hooks.server.ts) and by the Node seam in front of SvelteKit
 * (src/lib/server/attach.ts), so the write endpoints and adapter-node's static files get them too.
 * The pages' Content-Security-Policy itself is SvelteKit's (kit.csp in svelte.config.js), which
 * needs a fresh nonce per page; anything without one gets FALLBACK_CSP.
 */

/** Where browsers send CSP violations (report-uri, and report-to through Reporting-Endpoints). */
export const CSP_REPORT_PATH = '/api/v1/csp-report';
/** The Reporting-Endpoints name that the `report-to` directive refers to. */
export const CSP_REPORT_GROUP = 'csp';

/**
 * For responses that are not pages (JSON, CSV, metrics, scripts, the SVG favicon): nothing may
 * load or run from them should a browser ever be tricked into rendering one as a document.
 */
export const FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year, the usual minimum for HSTS preload lists; sent only over TLS (RFC 6797 §7.2). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Features the monitor never uses, off for this origin and anything it embeds. Fullscreen stays
 * (a wall's browser may be put in fullscreen by a person); everything here is a sensor, a device
 * or a payment, none of which a dashboard needs.
 */
const PERMISSIONS_POLICY = [
	'accelerometer',
	'autoplay',
	'bluetooth',
	'camera',
	'display-capture',
	'encrypted-media',
	'geolocation',
	'gyroscope',
	'hid',
	'idle-detection',
	'magnetometer',
	'microphone',
	'midi',
	'payment',
	'publickey-credentials-get',
	'screen-wake-lock',
	'serial',
	'usb',
	'xr-spatial-tracking'
]
	.map((f) => `${f}=()`)
	.join(', ');

const BASE: Readonly<Record<string, string>> = Object.freeze({
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	// frame-ancestors 'none' says the same to browsers that read CSP; this is for those that do not.
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': PERMISSIONS_POLICY
});

/**
 * Over TLS only: Chromium takes reporting endpoints only on https (measured: over http it sent
 * nothing, in 70 s), and once a policy names `report-to` it ignores `report-uri`. So a plain-HTTP
 * page keeps report-uri alone (kit.csp), and an HTTPS page adds report-to for Chromium while
 * Firefox and Safari go on reading report-uri.
 */
const TLS_ONLY: Readonly<Record<string, string>> = Object.freeze({
	'strict-transport-security': HSTS,
	'reporting-endpoints': `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`
});

/** The security headers for one response; `tls`: the request reached us over HTTPS. */
export function securityHeaders(tls: boolean): Record<string, string> {
	return tls ? { ...BASE, ...TLS_ONLY } : { ...BASE };
}

/** A page's policy with `report-to` beside its `report-uri`, for a page served over TLS. */
export function withReportTo(csp: string): string {
	if (!/(^|;)\s*report-uri\s/.test(csp) || /(^|;)\s*report-to\s/.test(csp)) return csp;
	return `${csp.replace(/;\s*$/, '')}; report-to ${CSP_REPORT_GROUP}`;
}

/** Something headers can be set on: Node's ServerResponse, or a fetch Headers object through `set`. */
interface HeaderSink {
	setHeader(name: string, value: string): unknown;
}

/**
 * Sets the security headers and the fallback CSP on a Node response before anything writes it.
 * Whoever answers later (SvelteKit for a page) may replace the CSP with its own.
 */
export function applySecurityHeaders(res: HeaderSink, tls: boolean): void {
	for (const [name, value] of Object.entries(securityHeaders(tls))) res.setHeader(name, value);
	res.setHeader('content-security-policy', FALLBACK_CSP);
}

/**
 * Sets the security headers on a fetch Response's headers (a SvelteKit handle). A page keeps the
 * CSP SvelteKit gave it (plus report-to over TLS); any other response without a CSP gets the fallback.
 */
export function addSecurityHeaders(headers: Headers, tls: boolean): void {
	for (const [name, value] of Object.entries(securityHeaders(tls))) headers.set(name, value);
	const csp = headers.get('content-security-policy');
	if (!csp) headers.set('content-security-policy', FALLBACK_CSP);
	else if (tls) headers.set('content-security-policy', withReportTo(csp));
}

/**
 * Whether a Node request came over TLS: our own TLS socket, or (behind a proxy that ends TLS)
 * the header adapter-node is told to trust with PROTOCOL_HEADER, e.g. x-forwarded-proto.
 */
export function isTlsRequest(req: IncomingMessage, env: NodeJS.ProcessEnv = process.env): boolean {
	if ((req.socket as { encrypted?: boolean }).encrypted) return true;
	const header = env.PROTOCOL_HEADER?.toLowerCase();
	if (!header) return false;
	const value = req.headers[header];
	return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim().toLowerCase() === 'https';
}
