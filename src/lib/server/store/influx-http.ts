import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { authHeader, type InfluxTarget } from './influx-target.ts';

const gzipAsync = promisify(gzip);

export type FailureKind = 'network' | 'timeout' | 'server' | 'client';

export class InfluxError extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly status?: number
	) {
		super(message);
		this.name = 'InfluxError';
	}
}

export interface QuerySeries {
	name?: string;
	tags?: Record<string, string>;
	columns: string[];
	values: unknown[][];
}

/**
 * The InfluxDB 1.x HTTP API: `/write` with raw line protocol (optionally gzip) and `/query`
 * with InfluxQL, over keep-alive connections. Errors are classified so the writer knows what
 * to retry (network, timeout, 5xx) and what not (4xx).
 */
export class InfluxHttp {
	private readonly agent: HttpAgent;
	private readonly base: URL;

	constructor(
		readonly target: InfluxTarget,
		private readonly timeoutMs: number
	) {
		this.base = new URL(target.url.endsWith('/') ? target.url : `${target.url}/`);
		const Agent = this.base.protocol === 'https:' ? HttpsAgent : HttpAgent;
		this.agent = new Agent({ keepAlive: true, maxSockets: 16 });
	}

	/** Writes lines (ns timestamps). Resolves with InfluxDB's error text for a partial write (400 with some points stored). */
	async write(body: string | Buffer, opts: { gzip: boolean; rp?: string }): Promise<void> {
		const params = new URLSearchParams({ db: this.target.database, precision: 'ns' });
		if (opts.rp) params.set('rp', opts.rp);
		const payload = opts.gzip ? await gzipAsync(body, { level: 1 }) : typeof body === 'string' ? Buffer.from(body) : body;
		const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...authHeader(this.target) };
		if (opts.gzip) headers['content-encoding'] = 'gzip';
		const res = await this.send('POST', `write?${params}`, headers, payload);
		if (res.status !== 204 && res.status !== 200) throw statusError(res.status, res.body);
	}

	/** Runs InfluxQL (epoch ms times) and returns each statement's series; a statement error throws. */
	async query(q: string, opts: { write?: boolean; db?: boolean } = {}): Promise<QuerySeries[][]> {
		const params = new URLSearchParams({ q, epoch: 'ms' });
		if (opts.db !== false) params.set('db', this.target.database);
		const res = await this.send(opts.write ? 'POST' : 'GET', `query?${params}`, authHeader(this.target));
		if (res.status !== 200) throw statusError(res.status, res.body);
		const json = JSON.parse(res.body) as { results?: { error?: string; series?: QuerySeries[] }[]; error?: string };
		if (json.error) throw new InfluxError('client', json.error);
		return (json.results ?? []).map((r) => {
			if (r.error) throw new InfluxError('client', r.error);
			return r.series ?? [];
		});
	}

	/** `/ping`: reachable, and which version (from the X-Influxdb-Version header). */
	async ping(timeoutMs = 2_000): Promise<{ ok: boolean; version: string | null }> {
		try {
			const res = await this.send('GET', 'ping', authHeader(this.target), undefined, timeoutMs);
			return { ok: res.status === 204 || res.status === 200, version: res.headers['x-influxdb-version']?.toString() ?? null };
		} catch {
			return { ok: false, version: null };
		}
	}

	close(): void {
		this.agent.destroy();
	}

	private send(method: string, path: string, headers: Record<string, string>, body?: Buffer, timeoutMs = this.timeoutMs) {
		const url = new URL(path, this.base);
		const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
		return new Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>((resolve, reject) => {
			const req = request(url, { method, agent: this.agent, headers: body ? { ...headers, 'content-length': body.length } : headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
				res.on('error', (err) => reject(new InfluxError('network', err.message)));
			});
			req.setTimeout(timeoutMs, () => req.destroy(new InfluxError('timeout', `no answer from ${this.target.url} within ${timeoutMs} ms`)));
			req.on('error', (err) => reject(err instanceof InfluxError ? err : new InfluxError('network', `${this.target.url}: ${err.message}`)));
			req.end(body);
		});
	}
}

function statusError(status: number, body: string): InfluxError {
	let message = body;
	try {
		message = (JSON.parse(body) as { error?: string }).error ?? body;
	} catch {
		// not JSON: keep the text
	}
	return new InfluxError(status >= 500 ? 'server' : 'client', `InfluxDB ${status}: ${message}`, status);
}
