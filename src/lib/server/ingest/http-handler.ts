import type { IncomingMessage, ServerResponse } from 'node:http';
import { canIngest, presentedToken, type Principal, type RateLimiter, type TokenRegistry } from '../auth/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import { acceptPoints, type FieldTypeGate } from './accept-points.ts';
import { firstInvalidByte } from './decode-utf8.ts';
import { parseLineBody } from './line-body.ts';
import { JsonBodyError, parseJsonPoints } from './json-points.ts';
import type { LineBlock, LineError, ParseResult, Point } from './point.ts';
import { IngestError, readBody } from './read-body.ts';
import { nowNanoseconds, parsePrecision } from './timestamps.ts';

/** Everything the write endpoints need, passed in: ingest never reaches for the store or the hub itself. */
export interface IngestDeps {
	tokens: Pick<TokenRegistry, 'authenticate'>;
	rateLimiter: RateLimiter;
	maxBodyBytes: number;
	orgOfComponent: ReadonlyMap<string, string>;
	fieldTypes: FieldTypeGate;
	/** Raw points older than this are beyond InfluxDB's retention policy. */
	retention: { ms: number; label: string };
	/**
	 * Resolves once the lines are stored in InfluxDB or durably spooled: only then may we answer
	 * 204. A block is a body whose every line is stored as it was sent: it goes as bytes, uncopied.
	 */
	write(lines: string[] | LineBlock): Promise<void>;
	/** Hands accepted points to the live hub. Never blocks, never awaits a browser. */
	publish(points: Point[]): void;
	metrics: Metrics;
	log: Logger;
	/** Version of the InfluxDB behind us, for `X-Influxdb-Version` (clients log it). */
	influxVersion(): string | undefined;
	/** A token was let in to send (the audit log's rate-limited "token used"). */
	onAuthorised?(p: Principal, endpoint: string, peer: string | undefined): void;
}

type Endpoint = 'write' | 'metrics';
const ROUTES: Record<string, Endpoint> = { '/write': 'write', '/api/v1/write': 'write', '/api/v1/metrics': 'metrics' };
const MAX_LISTED_ERRORS = 100;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The write endpoints as a plain Node handler, ahead of SvelteKit: this is the hot path, and it
 * speaks InfluxDB 1.x's `/write` semantics so Telegraf and every Influx client work unchanged.
 * Returns false for any other request.
 */
export function handleIngest(req: IncomingMessage, res: ServerResponse, deps: IngestDeps): boolean {
	const q = req.url!.indexOf('?');
	const path = q < 0 ? req.url! : req.url!.slice(0, q);
	const endpoint = ROUTES[path];
	if (endpoint) {
		serveWrite(req, res, endpoint, new URLSearchParams(q < 0 ? '' : req.url!.slice(q + 1)), deps).catch((err) =>
			fail(res, deps, endpoint, err)
		);
		return true;
	}
	if (path === '/ping') return servePing(res, deps), true;
	if (path === '/query') {
		serveQuery(req, res, new URLSearchParams(q < 0 ? '' : req.url!.slice(q + 1)), deps).catch((err) =>
			fail(res, deps, 'write', err)
		);
		return true;
	}
	return false;
}

async function serveWrite(
	req: IncomingMessage,
	res: ServerResponse,
	endpoint: Endpoint,
	query: URLSearchParams,
	deps: IngestDeps
): Promise<void> {
	if (req.method !== 'POST') throw new IngestError(405, `use POST to send points to ${endpoint === 'write' ? '/write' : '/api/v1/metrics'}`, { allow: 'POST' });
	const principal = authorise(req, query, deps);
	const wait = deps.rateLimiter.waitSeconds(principal.name, principal.rateLimit, Date.now());
	if (wait > 0) throw new IngestError(429, `rate limit exceeded for token "${principal.name}"; retry in ${wait} s`, { 'retry-after': String(wait) });
	const precision = parsePrecision(query.get('precision') ?? (endpoint === 'metrics' ? 'ms' : null));
	if (!precision) throw new IngestError(400, `invalid precision "${query.get('precision')}": use ns, us, ms, s, m or h`);

	const body = await readBody(req, deps.maxBodyBytes);
	const parsed = endpoint === 'write' ? parseText(body, precision) : parseJson(body, precision);
	const { accepted, forbidden, invalid } = acceptPoints(
		principal,
		parsed.points,
		(i) => parsed.lineNumbers[i],
		deps.orgOfComponent,
		deps.fieldTypes,
		{ oldestMs: Date.now() - deps.retention.ms, label: deps.retention.label }
	);
	const rejected = [...parsed.errors, ...invalid, ...forbidden].sort((a, b) => a.line - b.line);
	countRejections(deps.metrics, parsed.errors.length, invalid.length, forbidden.length);

	if (accepted.length > 0) {
		deps.rateLimiter.take(principal.name, principal.rateLimit, accepted.length, Date.now());
		// The write to InfluxDB starts first; the hub works on the points while it is in flight.
		const whole = parsed.verbatim && rejected.length === 0 && accepted.length === parsed.points.length;
		const stored = deps.write(whole ? { bytes: body, count: accepted.length } : accepted.map((p) => p.line));
		deps.publish(accepted);
		try {
			await stored;
		} catch (err) {
			deps.log.warn({ err }, 'store refused a batch; asking the sender to retry');
			throw new IngestError(503, `storage is unavailable (${(err as Error).message}); nothing was stored, retry later`, { 'retry-after': '5' });
		}
		deps.metrics.pointsAccepted.inc(accepted.length);
	}
	if (rejected.length === 0) {
		res.writeHead(204, versionHeader(deps)).end();
		deps.metrics.ingestRequests.inc({ endpoint, status: 204 });
		return;
	}
	const status = forbidden.length > 0 ? 403 : 400;
	respondJson(res, deps, endpoint, status, describeRejections(rejected, accepted.length));
}

function authorise(req: IncomingMessage, query: URLSearchParams, deps: IngestDeps): Principal {
	const token = presentedToken(req.headers.authorization, query);
	const principal = deps.tokens.authenticate(token);
	if (!principal) {
		throw new IngestError(401, token ? 'unauthorized: unknown token' : 'unauthorized: send a token (Authorization: Token <t>, Basic auth, or u/p parameters)', { 'www-authenticate': 'Token' });
	}
	if (!canIngest(principal)) throw new IngestError(403, `token "${principal.name}" (role ${principal.role}) may not send points: this needs an ingest or admin token`);
	deps.onAuthorised?.(principal, req.url!.split('?')[0], req.socket.remoteAddress);
	return principal;
}

function parseText(body: Buffer, precision: ReturnType<typeof parsePrecision> & string): ParseResult {
	return parseLineBody(body, { precision, nowNs: nowNanoseconds() });
}

function parseJson(body: Buffer, precision: ReturnType<typeof parsePrecision> & string): ParseResult {
	let value: unknown;
	let text: string;
	try {
		text = strictUtf8.decode(body);
	} catch {
		// Decoding leniently would store U+FFFD in place of the sender's bytes without a word.
		const at = firstInvalidByte(body);
		throw new IngestError(400, `invalid UTF-8 in the JSON body (byte 0x${body[at].toString(16).padStart(2, '0')} at byte ${at + 1}): send UTF-8 text`);
	}
	try {
		value = JSON.parse(text);
	} catch (err) {
		throw new IngestError(400, `invalid JSON body: ${(err as Error).message}`);
	}
	try {
		return parseJsonPoints(value, { precision, nowNs: nowNanoseconds() });
	} catch (err) {
		if (err instanceof JsonBodyError) throw new IngestError(400, err.message);
		throw err;
	}
}

/** InfluxDB's own shape (`error`) with the contract's `line`, plus every rejected line (capped). */
function describeRejections(rejected: LineError[], stored: number) {
	const first = rejected[0];
	const prefix = stored > 0 ? 'partial write: ' : '';
	return {
		error: `${prefix}line ${first.line}: ${first.error}${rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : ''}`,
		line: first.line,
		errors: rejected.slice(0, MAX_LISTED_ERRORS),
		accepted: stored,
		rejected: rejected.length
	};
}

function countRejections(m: Metrics, parse: number, conflict: number, scope: number): void {
	if (parse) m.pointsRejected.inc({ reason: 'parse' }, parse);
	if (conflict) m.pointsRejected.inc({ reason: 'field_type' }, conflict);
	if (scope) m.pointsRejected.inc({ reason: 'scope' }, scope);
}

function servePing(res: ServerResponse, deps: IngestDeps): void {
	res.writeHead(204, versionHeader(deps)).end();
}

/**
 * Telegraf's InfluxDB output sends `CREATE DATABASE "<db>"` before writing unless told to skip
 * it. All points land in the monitor's own database, so that statement succeeds as a no-op;
 * everything else is refused with a pointer to the monitor's query API.
 */
async function serveQuery(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, deps: IngestDeps): Promise<void> {
	authorise(req, query, deps);
	let statement = query.get('q') ?? '';
	if (!statement && req.method === 'POST') statement = new URLSearchParams((await readBody(req, 65_536)).toString('utf8')).get('q') ?? '';
	if (/^\s*CREATE\s+DATABASE\s+/i.test(statement)) {
		respondJson(res, deps, 'write', 200, { results: [{ statement_id: 0 }] });
		return;
	}
	throw new IngestError(400, 'this endpoint only accepts CREATE DATABASE (sent by Telegraf); read data through /api/v1/series');
}

function versionHeader(deps: IngestDeps): Record<string, string> {
	return { 'x-influxdb-version': deps.influxVersion() ?? '1.x', 'x-influxdb-build': 'booking-ops-monitor' };
}

function respondJson(res: ServerResponse, deps: IngestDeps, endpoint: Endpoint, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...versionHeader(deps), ...headers }).end(text);
	deps.metrics.ingestRequests.inc({ endpoint, status });
}

function fail(res: ServerResponse, deps: IngestDeps, endpoint: Endpoint, err: unknown): void {
	if (res.headersSent) return void res.destroy();
	if (err instanceof IngestError) {
		if (err.status >= 500) deps.log.warn({ status: err.status }, err.message);
		respondJson(res, deps, endpoint, err.status, { error: err.message }, err.headers);
		if (err.status === 413) res.once('finish', () => res.socket?.destroy());
		return;
	}
	deps.log.error({ err }, 'ingest request failed');
	respondJson(res, deps, endpoint, 500, { error: 'internal error; see the monitor log' });
}
